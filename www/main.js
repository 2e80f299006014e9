// Bootstrap only: load the wasm module, start the App, run the animation loop.
import init, { App, linkNeedsDigits, installDigits, digitsFailed, linkNeedsText, installText, textFailed } from "./pkg/nnlab.js";

// The few words shown before the module (and its language tables, engine/src/i18n) exist: in
// the link's language (lang=zh / lang=en), else the browser's.
const ZH = /(^|[#&])lang=zh(&|$)/.test(location.hash)
  || (!/(^|[#&])lang=en(&|$)/.test(location.hash) && /^zh/i.test(navigator.language ?? ""));
const FATAL = ZH ? {
  noWasm: "NN Lab 需要 WebAssembly，但这个浏览器不支持。请换用较新的 Chrome、Edge、Firefox 或 Safari。",
  load: (m) => `NN Lab 无法载入它的 WebAssembly 模块（${m}）。请重新载入页面；如果一直失败，说明服务器上的文件不完整。`,
  start: (m) => `NN Lab 无法启动：${m}`,
  stopped: (m) => `NN Lab 停止了：${m}`,
  reload: "重新载入页面",
} : {
  noWasm: "NN Lab needs WebAssembly, which this browser does not offer. Try a current Chrome, Edge, Firefox or Safari.",
  load: (m) => `NN Lab could not load its WebAssembly module (${m}). Reload the page; if it keeps failing, the files on the server are incomplete.`,
  start: (m) => `NN Lab could not start: ${m}`,
  stopped: (m) => `NN Lab stopped: ${m}`,
  reload: "Reload the page",
};

function showFatal(text) {
  document.getElementById("fatal-reload").textContent = FATAL.reload;
  const banner = document.getElementById("fatal");
  document.getElementById("fatal-text").textContent = text;
  banner.hidden = false;
}

document.getElementById("fatal-reload").addEventListener("click", () => location.reload());

// The pictures' worker (src/web/pictures), beside this script: started now, so that it is
// up when the module is; the App hands it the compiled module and the canvases (or ends
// it, where it draws them itself). A failure to start is kept for the App to read. The
// single file names none (null): its pictures are drawn on this thread.
if (!("NNLAB_WORKER" in globalThis)) {
  try {
    const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    worker.addEventListener("error", (e) => { worker.failure ??= e.message || "the pictures' worker could not start"; });
    globalThis.NNLAB_WORKER = worker;
  } catch {
    globalThis.NNLAB_WORKER = null;
  }
}

// The page's JS API: the App's own methods, bound to this App, in a frozen object. The
// bindings' free() (which would pull the App from under the page), frame() and
// trainSlice() (the loop's) are not in it.
function facade(app) {
  const api = {};
  for (const name of Object.getOwnPropertyNames(App.prototype)) {
    if (["constructor", "free", "frame", "trainSlice"].includes(name) || name.startsWith("__")) continue;
    if (typeof App.prototype[name] === "function") api[name] = (...args) => app[name](...args);
  }
  return Object.freeze(api);
}

/** A data file the page reads when it first uses it (www/data/, beside this script; the
 *  single file carries its bytes in NNLAB_DATA): its bytes, and its text gunzipped. */
async function dataFile(name) {
  const bytes = await dataBytes(name);
  const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  return { bytes, text };
}

/** A data file's bytes as they are. */
async function dataBytes(name) {
  const carried = globalThis.NNLAB_DATA?.[name];
  return carried ?? new Uint8Array(await fetch(new URL(`data/${name}`, import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(`${name}: ${r.status} ${r.statusText}`);
    return r.arrayBuffer();
  }));
}

/** A text mode corpus (names.txt, poems.txt), read and checked by the module
 *  (engine/src/data/text/shipped.rs); a failure is kept for the message shown when it is
 *  chosen. */
async function loadText(name) {
  try {
    installText(name, await dataBytes(name));
  } catch (error) {
    textFailed(name, String(error?.message ?? error));
  }
}
const TEXTS = ["names.txt", "poems.txt"];

/** The digits' file, read and checked by the module (engine/src/data/digits.rs); a failure is
 *  kept for the message shown when the digits are chosen. */
async function loadDigits() {
  try {
    const { bytes, text } = await dataFile("digits.csv.gz");
    installDigits(bytes, text);
  } catch (error) {
    digitsFailed(String(error?.message ?? error));
  }
}

/** `promise`, or nothing after `ms` (a stalled connection does not hold the page). */
const within = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);

async function start() {
  if (typeof WebAssembly !== "object") {
    showFatal(FATAL.noWasm);
    return;
  }
  try {
    // The single-file page (cargo xtask dist) carries the module's bytes itself (a
    // promise: they are unpacked first).
    await init(globalThis.NNLAB_WASM ? { module_or_path: await globalThis.NNLAB_WASM } : undefined);
  } catch (error) {
    showFatal(FATAL.load(error.message));
    return;
  }
  // The digits are not in the module: read first when the link opens them, else once the
  // first frame is drawn (so they never delay it).
  let digitsFirst = false;
  try {
    digitsFirst = linkNeedsDigits(location.hash);
  } catch {
    // Read the link as one without the digits: the App says what it cannot use.
  }
  const digits = digitsFirst ? loadDigits() : null;
  if (digits) await within(digits, 10000);
  let textFirst = "";
  try {
    textFirst = linkNeedsText(location.hash);
  } catch {
    // As for the digits.
  }
  const text = textFirst ? loadText(textFirst) : null;
  if (text) await within(text, 10000);
  let app;
  try {
    app = new App();
  } catch (error) {
    showFatal(FATAL.start(error.message));
    return;
  }
  let first = true;
  let picturesShown = false;
  let stopped = false;
  // At maximum speed the App trains in short slices between frames, each a task of its
  // own (a message to ourselves), so a key or a slider is answered between two slices.
  const slices = new MessageChannel();
  let sliceQueued = false;
  const queueSlice = () => {
    if (!sliceQueued && !stopped) {
      sliceQueued = true;
      slices.port2.postMessage(0);
    }
  };
  slices.port1.onmessage = () => {
    sliceQueued = false;
    try {
      if (app.trainSlice()) queueSlice();
    } catch (error) {
      stopped = true;
      showFatal(FATAL.stopped(error.message));
    }
  };
  const frame = () => {
    try {
      app.frame();
    } catch (error) {
      stopped = true;
      showFatal(FATAL.stopped(error.message));
      return;
    }
    if (first) {
      performance.mark("nnlab-first-frame");
      first = false;
    }
    if (!picturesShown && app.pictures().drawn > 0) {
      performance.mark("nnlab-first-pictures");
      picturesShown = true;
    }
    queueSlice();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // The digits after the first frame (a tab not shown draws none: 100 ms on, then); the
  // API once everything it may be asked for is there (or after 10 s without the digits:
  // choosing them then says they are still loading).
  if (!digits && !text) await within(new Promise((resolve) => requestAnimationFrame(resolve)), 100);
  const texts = Promise.all(TEXTS.filter((name) => name !== textFirst).map(loadText));
  await within(Promise.all([digits ?? loadDigits(), texts]), 10000);
  window.nnlab = facade(app);
  document.documentElement.dataset.ready = "true";
}

start();
