// The page benchmark, run by `cargo xtask bench` (not a test): prints one JSON object.
// For each configuration A, B, C and several runs: main-thread ms per frame (performance.now()
// around App.frame, and Chromium's own TaskDuration / ScriptDuration, which count the
// page's main thread only: the pictures' worker is not in them), fps, epochs/s at 1 epoch
// per frame and at maximum speed, how long a key on the learning-rate slider waits at
// maximum speed until its new value is shown, the engine alone in wasm; B again under 4×
// CPU throttling (DevTools' Emulation.setCPUThrottlingRate, an old school laptop); B with
// the hidden space shown; four runs side by side of A and of B; then
// the first drawn pictures after navigation, frame cost at epoch 1,000 and 100,000, and
// the wasm size.
import { launch, openPage, BASE_URL } from "./helpers.mjs";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env.NNLAB_BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.NNLAB_BENCH_SECONDS ?? 3);
const CONFIGS = {
  A: {},
  B: { dataset: "spiral", x: true, y: true, xSquared: true, ySquared: true, xTimesY: true, sinX: true, sinY: true, networkShape: [8, 8, 8, 8, 8, 8] },
};
CONFIGS.C = { ...CONFIGS.B, batchSize: 1 };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };

async function metrics(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Plays for `seconds` at the current speed and measures every frame. */
async function playAndMeasure(page, cdp, seconds) {
  await page.evaluate(async () => {
    // window.nnlab is a frozen facade: the animation loop calls the App class's frame().
    const proto = (await import("/www/pkg/nnlab.js")).App.prototype;
    if (!proto.__unwrapped) {
      proto.__unwrapped = proto.frame;
      proto.frame = function () {
        const t = performance.now();
        const r = proto.__unwrapped.call(this);
        window.__frameMs?.push(performance.now() - t);
        return r;
      };
    }
    window.nnlab.play();
  });
  await page.waitForTimeout(500); // warm up
  const m0 = await metrics(cdp);
  const e0 = await page.evaluate(() => { window.__frameMs = []; window.__t0 = performance.now(); return window.nnlab.snapshot().epoch; });
  await page.waitForTimeout(seconds * 1000);
  const r = await page.evaluate(() => {
    const frames = window.__frameMs; window.__frameMs = null;
    const elapsed = (performance.now() - window.__t0) / 1000;
    return { frames, elapsed, epoch: window.nnlab.snapshot().epoch };
  });
  const m1 = await metrics(cdp);
  await page.evaluate(() => window.nnlab.pause());
  const n = r.frames.length;
  return {
    frameMsMedian: median(r.frames), frameMsMean: mean(r.frames), frameMsP95: p95(r.frames),
    taskMsPerFrame: ((m1.TaskDuration - m0.TaskDuration) * 1000) / n,
    scriptMsPerFrame: ((m1.ScriptDuration - m0.ScriptDuration) * 1000) / n,
    fps: n / r.elapsed,
    epochsPerSecond: (r.epoch - e0) / r.elapsed,
  };
}

/** At the current speed (playing): presses the arrow keys on the learning-rate slider
 *  `presses` times, each at a random moment, and returns the milliseconds from each
 *  keydown (its timeStamp: when the browser got it) to the new value shown. */
async function sliderLatency(page, presses = 24) {
  await page.evaluate(() => {
    window.__latency = [];
    const slider = document.getElementById("learning-rate");
    const shown = document.getElementById("learning-rate-value");
    let down = null;
    slider.addEventListener("keydown", (e) => { down = e.timeStamp; }, { capture: true });
    new MutationObserver(() => {
      if (down !== null) { window.__latency.push(performance.now() - down); down = null; }
    }).observe(shown, { childList: true, characterData: true, subtree: true });
  });
  await page.focus("#learning-rate");
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(i % 2 ? "ArrowLeft" : "ArrowRight");
    await page.waitForTimeout(40 + Math.random() * 60);
  }
  return page.evaluate(() => window.__latency);
}

const { context, close } = await launch();
const out = { configs: {}, url: BASE_URL, runs: RUNS, seconds: SECONDS };
for (const [name, config] of Object.entries(CONFIGS)) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { page } = await openPage(context);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.evaluate((c) => window.nnlab.setConfig(c), config);
    const normal = await playAndMeasure(page, cdp, SECONDS);
    await page.evaluate(() => { window.nnlab.reset(); window.nnlab.setConfig({ speed: "max" }); });
    const max = await playAndMeasure(page, cdp, SECONDS);
    await page.evaluate(() => window.nnlab.play());
    const latency = await sliderLatency(page);
    await page.evaluate(() => window.nnlab.pause());
    max.inputMsMedian = median(latency);
    max.inputMsMax = Math.max(...latency);
    // (A build before the worker has no pictures(): its pictures are the page's.)
    max.drawnBy = await page.evaluate(() => window.nnlab.pictures?.().drawnBy ?? "page");
    const engine = await page.evaluate(async (name) => {
      const m = await import("/www/pkg/nnlab.js");
      return m.benchEngine(name, name === "A" ? 1000 : 300, 20);
    }, name);
    runs.push({ normal, max, engine });
    await page.close();
  }
  const pick = (f) => median(runs.map(f));
  out.configs[name] = {
    frameMsMedian: pick((r) => r.normal.frameMsMedian),
    frameMsMean: pick((r) => r.normal.frameMsMean),
    frameMsP95: pick((r) => r.normal.frameMsP95),
    taskMsPerFrame: pick((r) => r.normal.taskMsPerFrame),
    scriptMsPerFrame: pick((r) => r.normal.scriptMsPerFrame),
    fps: pick((r) => r.normal.fps),
    epochsPerSecond: pick((r) => r.normal.epochsPerSecond),
    maxSpeedEpochsPerSecond: pick((r) => r.max.epochsPerSecond),
    maxSpeedFps: pick((r) => r.max.fps),
    maxSpeedFrameMsMedian: pick((r) => r.max.frameMsMedian),
    maxSpeedTaskMsPerFrame: pick((r) => r.max.taskMsPerFrame),
    maxSpeedInputMsMedian: pick((r) => r.max.inputMsMedian),
    maxSpeedInputMsMax: pick((r) => r.max.inputMsMax),
    drawnBy: runs[0].max.drawnBy,
    wasmEngineEpochsPerSecond: pick((r) => r.engine.epochsPerSecond),
    wasmEngineGridMs: pick((r) => r.engine.gridMs),
    wasmEngineTimelineMsPerEpoch: pick((r) => r.engine.timelineMsPerEpoch),
  };
}

// The digits as their tile sets them up, at the default speed: the frame rate, epochs a
// second (an epoch too long for a frame is trained in parts), the seconds of training
// until 97 % of the test digits are right, and the engine's epochs a second in wasm.
{
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { page } = await openPage(context);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.click('[data-dataset="digits"]');
    const measured = await playAndMeasure(page, cdp, SECONDS);
    await page.evaluate(() => window.nnlab.reset());
    measured.secondsTo97 = await page.evaluate(() => new Promise((done) => {
      const start = performance.now();
      window.nnlab.play();
      const poll = () => {
        const s = window.nnlab.snapshot();
        const seconds = (performance.now() - start) / 1000;
        if (s.testAccuracy >= 0.97 || seconds > 60) {
          window.nnlab.pause();
          done(s.testAccuracy >= 0.97 ? seconds : NaN);
        } else setTimeout(poll, 50);
      };
      poll();
    }));
    measured.engine = await page.evaluate(async () => {
      const m = await import("/www/pkg/nnlab.js");
      return m.benchEngine("D", 30, 0);
    });
    runs.push(measured);
    await page.close();
  }
  const pick = (f) => median(runs.map(f));
  out.digits = {
    fps: pick((r) => r.fps),
    frameMsMedian: pick((r) => r.frameMsMedian),
    taskMsPerFrame: pick((r) => r.taskMsPerFrame),
    epochsPerSecond: pick((r) => r.epochsPerSecond),
    secondsTo97: pick((r) => r.secondsTo97),
    wasmEngineEpochsPerSecond: pick((r) => r.engine.epochsPerSecond),
  };
}

// Text mode as the names' tile sets it up, at the default speed: the frame rate, epochs
// and examples a second (epochs are trained in parts), how often what the network writes
// is renewed, the seconds of play until the dev loss passes the counted trigram's, and
// the engine's epochs a second in wasm.
{
  const { page } = await openPage(context);
  await page.click('[data-dataset="names"]');
  await page.waitForFunction(() => window.nnlab.snapshot().text?.symbols === 27);
  // Playing at the default speed: frames, how far training got (the epoch under way's
  // share included: pausing would end it) and what the network wrote, counted in the page.
  const measured = await page.evaluate((ms) => new Promise((done) => {
    window.nnlab.play();
    setTimeout(() => {
      const at = () => { const s = window.nnlab.snapshot(); return s.epoch + s.epochProgress[0] / Math.max(1, s.epochProgress[1]); };
      const frames = [];
      let seen = document.getElementById("text-samples").textContent;
      let written = 0;
      const e0 = at();
      const start = performance.now();
      let last = start;
      const tick = () => {
        const now = performance.now();
        frames.push(now - last);
        last = now;
        const shown = document.getElementById("text-samples").textContent;
        if (shown !== seen) { written++; seen = shown; }
        if (now - start < ms) return requestAnimationFrame(tick);
        const seconds = (now - start) / 1000;
        const epochs = at() - e0;
        window.nnlab.pause();
        frames.sort((a, b) => a - b);
        done({ fps: frames.length / seconds, frameIntervalMsMedian: frames[frames.length >> 1], epochsPerSecond: epochs / seconds, writtenPerSecond: written / seconds });
      };
      requestAnimationFrame(tick);
    }, 500);
  }), SECONDS * 1000);
  await page.evaluate(() => window.nnlab.reset());
  measured.secondsToTrigram = await page.evaluate(() => new Promise((done) => {
    const start = performance.now();
    window.nnlab.play();
    const poll = () => {
      const s = window.nnlab.snapshot();
      const seconds = (performance.now() - start) / 1000;
      if (s.text.devLoss < s.text.trigramLoss || seconds > 90) {
        window.nnlab.pause();
        done(s.text.devLoss < s.text.trigramLoss ? seconds : NaN);
      } else setTimeout(poll, 100);
    };
    poll();
  }));
  measured.engine = await page.evaluate(async () => {
    const m = await import("/www/pkg/nnlab.js");
    return m.benchEngine("T", 2, 0);
  });
  await page.close();
  out.text = {
    fps: measured.fps,
    frameIntervalMsMedian: measured.frameIntervalMsMedian,
    epochsPerSecond: measured.epochsPerSecond,
    examplesPerSecond: measured.epochsPerSecond * measured.engine.samplesPerEpoch,
    writtenPerSecond: measured.writtenPerSecond,
    secondsToTrigram: measured.secondsToTrigram,
    wasmEngineExamplesPerSecond: measured.engine.epochsPerSecond * measured.engine.samplesPerEpoch,
  };
}

// B at one epoch a frame with the CPU 4× slower.
{
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { page } = await openPage(context);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.evaluate((c) => window.nnlab.setConfig(c), CONFIGS.B);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    runs.push(await playAndMeasure(page, cdp, SECONDS));
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await page.close();
  }
  const pick = (f) => median(runs.map(f));
  out.throttledB = {
    fps: pick((r) => r.fps),
    frameMsMedian: pick((r) => r.frameMsMedian),
    taskMsPerFrame: pick((r) => r.taskMsPerFrame),
  };
}

// B at one epoch a frame with the hidden space of its last hidden layer shown: the page's
// main thread, the frame rate, and the worker's milliseconds for the hidden space.
{
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { page } = await openPage(context);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.evaluate((c) => window.nnlab.setConfig({ ...c, hiddenSpace: true, hiddenLayer: 6 }), CONFIGS.B);
    const measured = await playAndMeasure(page, cdp, SECONDS);
    measured.hiddenMs = await page.evaluate(() => window.nnlab.frameTimings()[5]);
    runs.push(measured);
    await page.close();
  }
  const pick = (f) => median(runs.map(f));
  out.hiddenSpaceB = {
    fps: pick((r) => r.fps),
    frameMsMedian: pick((r) => r.frameMsMedian),
    taskMsPerFrame: pick((r) => r.taskMsPerFrame),
    workerHiddenMs: pick((r) => r.hiddenMs),
  };
}

// Four runs side by side (the experiment and three more, other learning rates) of A and
// of B, at one epoch a frame: every run trains each frame.
for (const name of ["A", "B"]) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const { page } = await openPage(context);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.evaluate((c) => {
      window.nnlab.setConfig(c);
      for (const rate of [0.1, 0.3, 0.01]) window.nnlab.addRun({ learningRate: rate });
    }, CONFIGS[name]);
    runs.push(await playAndMeasure(page, cdp, SECONDS));
    await page.close();
  }
  const pick = (f) => median(runs.map(f));
  out[`fourRuns${name}`] = {
    fps: pick((r) => r.fps),
    frameMsMedian: pick((r) => r.frameMsMedian),
    taskMsPerFrame: pick((r) => r.taskMsPerFrame),
    epochsPerSecond: pick((r) => r.epochsPerSecond),
  };
}

// The first frame, and the first drawn pictures, after navigation (ms), on fresh loads.
const firsts = [];
const pictures = [];
for (let i = 0; i < RUNS; i++) {
  const { page } = await openPage(context);
  // (A build before the worker draws its pictures in its first frame.)
  const mark = await page.evaluate(() => (window.nnlab.pictures ? "nnlab-first-pictures" : "nnlab-first-frame"));
  await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark);
  firsts.push(await page.evaluate(() => performance.getEntriesByName("nnlab-first-frame")[0].startTime));
  pictures.push(await page.evaluate((m) => performance.getEntriesByName(m)[0].startTime, mark));
  await page.close();
}
out.firstFrameMs = median(firsts);
out.firstPicturesMs = median(pictures);

// On a throttled mobile connection (DevTools' network conditions: 150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up, cache off), from navigation: the first drawn pictures,
// and the first epoch trained (play pressed as soon as the pictures are there, until the
// epoch counter reads 1); and the bytes over the wire.
const throttled = [];
for (let i = 0; i < RUNS; i++) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
  await page.goto(`${BASE_URL}/`, { waitUntil: "commit" });
  await page.waitForFunction(() => performance.getEntriesByName("nnlab-first-pictures").length > 0, null, { timeout: 60000, polling: 20 });
  const shown = await page.evaluate(() => performance.getEntriesByName("nnlab-first-pictures")[0].startTime);
  await page.click("#play");
  const epoch = await page.evaluate(() => new Promise((resolve) => {
    const check = () => (Number(document.getElementById("epoch").textContent.replace(/\D/g, "")) >= 1 ? resolve(performance.now()) : requestAnimationFrame(check));
    check();
  }));
  throttled.push({ shown, epoch, bytes });
  await page.close();
}
out.throttled = {
  firstPicturesMs: median(throttled.map((t) => t.shown)),
  firstEpochMs: median(throttled.map((t) => t.epoch)),
  bytes: median(throttled.map((t) => t.bytes)),
};

// Frame cost at epoch 1,000 and at epoch 100,000 (configuration A).
{
  const { page } = await openPage(context);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.evaluate(() => window.nnlab.step(1000));
  const at1k = await playAndMeasure(page, cdp, SECONDS);
  await page.evaluate(() => { const e = window.nnlab.snapshot().epoch; window.nnlab.step(100000 - e); });
  const at100k = await playAndMeasure(page, cdp, SECONDS);
  out.longRun = { frameMsAt1k: at1k.frameMsMedian, frameMsAt100k: at100k.frameMsMedian, taskMsAt1k: at1k.taskMsPerFrame, taskMsAt100k: at100k.taskMsPerFrame };
  await page.close();
}

const wasm = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "www", "pkg", "nnlab_bg.wasm"));
out.wasmBytes = wasm.length;
out.wasmGzipBytes = gzipSync(wasm, { level: 9 }).length;
out.chromium = await context.browser()?.version?.() ?? null;
await close();
console.log(JSON.stringify(out));
