// The pictures' worker: the page's own wasm module (handed over compiled, so it is not
// fetched or compiled twice) draws the network graph, the input plane and the hidden space on the canvases
// the page transfers (src/web/pictures). Messages: start → ready | failed; canvases;
// scene → painted (with its times) | failed.
import { initSync, PaintWorker } from "./pkg/nnlab.js";

let painter = null;

const failed = (error) => postMessage({ kind: "failed", message: String(error?.message ?? error) });

onmessage = ({ data }) => {
  try {
    if (data.kind === "start") {
      initSync({ module: data.module });
      // Some browsers have OffscreenCanvas without a 2-D context in workers.
      if (!new OffscreenCanvas(1, 1).getContext("2d")) throw new Error("no 2-D OffscreenCanvas in workers");
      postMessage({ kind: "ready" });
    } else if (data.kind === "canvases") {
      painter = new PaintWorker(data.graph, data.links, data.plane, data.hidden);
    } else if (data.kind === "scene" && painter) {
      postMessage({ kind: "painted", times: painter.paint(data.scene) });
    }
  } catch (error) {
    failed(error);
  }
};
