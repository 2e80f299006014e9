// Bootstrap only: load the wasm module, start the App, run the animation loop.
import init, { App } from "./pkg/nnlab.js";

function showFatal(text) {
  const banner = document.getElementById("fatal");
  document.getElementById("fatal-text").textContent = text;
  banner.hidden = false;
}

document.getElementById("fatal-reload").addEventListener("click", () => location.reload());

async function start() {
  if (typeof WebAssembly !== "object") {
    showFatal("NN Lab needs WebAssembly, which this browser does not offer. Try a current Chrome, Edge, Firefox or Safari.");
    return;
  }
  try {
    // The single-file page (cargo xtask dist) carries the module's bytes itself.
    await init(globalThis.NNLAB_WASM ? { module_or_path: globalThis.NNLAB_WASM } : undefined);
  } catch (error) {
    showFatal(`NN Lab could not load its WebAssembly module (${error.message}). Reload the page; if it keeps failing, the files on the server are incomplete.`);
    return;
  }
  let app;
  try {
    app = new App();
  } catch (error) {
    showFatal(`NN Lab could not start: ${error.message}`);
    return;
  }
  window.nnlab = app;
  let first = true;
  const frame = () => {
    try {
      app.frame();
    } catch (error) {
      showFatal(`NN Lab stopped: ${error.message}`);
      return;
    }
    if (first) {
      performance.mark("nnlab-first-frame");
      first = false;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.documentElement.dataset.ready = "true";
}

start();
