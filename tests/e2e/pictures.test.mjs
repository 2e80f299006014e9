// End to end: the pictures (network graph, input plane) drawn by the worker, and the
// page's own thread as the fallback: the same pixels either way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, frames, snapshot, sizeEveryView } from "./helpers.mjs";

const browser = sharedBrowser();
const PICTURES = ["network-canvas", "links-canvas", "boundary-canvas", "hidden-canvas"];
const HASH = "#dataset=spiral&x=true&y=true&xSquared=true&sinX=true&networkShape=6,5,3&activation=relu&noise=10&hiddenSpace=true&hiddenLayer=2&hiddenNeuronX=4&hiddenNeuronY=2&view=network";

/** A page whose browser has no OffscreenCanvas (as an old Safari). */
const withoutOffscreenCanvas = (hash = "") => openPage(browser.context, {
  hash,
  init: () => {
    delete window.OffscreenCanvas;
    delete HTMLCanvasElement.prototype.transferControlToOffscreen;
  },
});

const pixels = async (page) => Object.fromEntries(await Promise.all(PICTURES.map(async (id) => [id, await canvasPixels(page, id)])));

test("the worker draws the pictures, pixel for pixel as the page's own thread does", async () => {
  const worker = await openPage(browser.context, { hash: HASH });
  const here = await withoutOffscreenCanvas(HASH);
  assert.equal((await worker.page.evaluate(() => window.nnlab.pictures())).drawnBy, "worker");
  assert.equal((await here.page.evaluate(() => window.nnlab.pictures())).drawnBy, "page");
  for (const { page } of [worker, here]) {
    await sizeEveryView(page);
    await page.evaluate(() => window.nnlab.step(120));
    await frames(page);
    // The hidden space's axes come to rest at the values' box.
    await page.waitForFunction(() => !window.nnlab.pictures().hiddenEasing);
    await frames(page);
  }
  assert.equal((await snapshot(worker.page)).trainLoss, (await snapshot(here.page)).trainLoss);
  const a = await pixels(worker.page);
  const b = await pixels(here.page);
  for (const id of PICTURES) {
    assert.ok(a[id].colours > 20, `${id} is drawn (${a[id].colours} colours)`);
    assert.deepEqual(a[id], b[id], `${id}: the worker's pixels equal the page's`);
  }
  // A hovered neuron: its heatmap on the plane and its highlight on the graph.
  for (const { page } of [worker, here]) {
    await page.focus("#network-canvas");
    await page.keyboard.press("ArrowRight");
    await frames(page);
  }
  const hoveredA = await pixels(worker.page);
  const hoveredB = await pixels(here.page);
  assert.notDeepEqual(hoveredA["network-canvas"], a["network-canvas"], "the keyboard's pick is highlighted");
  for (const id of PICTURES) assert.deepEqual(hoveredA[id], hoveredB[id], `${id} with a pick`);
  assert.deepEqual([...worker.errors, ...here.errors], []);
  await worker.page.close();
  await here.page.close();
});

test("without OffscreenCanvas the page draws the pictures itself, and they change as it trains", async () => {
  const { page, errors } = await withoutOffscreenCanvas(HASH);
  await sizeEveryView(page);
  const before = await pixels(page);
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 30);
  await page.click("#play");
  await frames(page);
  const after = await pixels(page);
  for (const id of PICTURES) assert.notEqual(after[id].hash, before[id].hash, `${id} changed`);
  const report = await page.evaluate(() => window.nnlab.pictures());
  const { drawnBy, pending, error, hiddenBounds } = report;
  assert.deepEqual({ drawnBy, pending, error }, { drawnBy: "page", pending: 0, error: null });
  assert.equal(hiddenBounds.length, 4, "the hidden space is drawn here too");
  assert.ok(report.drawn > 10, `${report.drawn} drawings`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a worker that cannot start gives the pictures back to the page's thread", async () => {
  const page = await browser.context.newPage();
  await page.route("**/www/worker.js", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.goto(`${process.env.NNLAB_URL ?? "http://127.0.0.1:8000"}/`);
  await page.waitForFunction(() => window.nnlab?.pictures().drawnBy === "page", null, { timeout: 15000 });
  await page.evaluate(() => window.nnlab.step(20));
  await frames(page);
  const drawn = await canvasPixels(page, "boundary-canvas");
  assert.ok(drawn.colours > 20, `the plane is drawn (${drawn.colours} colours)`);
  assert.equal((await snapshot(page)).epoch, 20);
  await page.close();
});

test("the JS API does not wait for the worker: step(200) then snapshot() at once", async () => {
  const { page, errors } = await openPage(browser.context, { hash: HASH });
  const result = await page.evaluate(() => {
    window.nnlab.step(200);
    const s = window.nnlab.snapshot();
    return { epoch: s.epoch, pictures: window.nnlab.pictures() };
  });
  assert.equal(result.epoch, 200);
  assert.equal(result.pictures.drawnBy, "worker");
  // The worker catches up (once the hidden space's axes have come to rest too).
  await page.waitForFunction(() => {
    const p = window.nnlab.pictures();
    return p.pending === 0 && !p.hiddenEasing;
  }, null, { timeout: 10000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a worker that fails while it draws: a message in the page's language, and the rest goes on", async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // A worker that starts, takes the canvases, then fails at its first drawing.
  await page.route("**/www/worker.js", (route) => route.fulfill({
    contentType: "text/javascript",
    // The page is cross-origin isolated: its worker must be too.
    headers: { "Cross-Origin-Embedder-Policy": "require-corp" },
    body: `onmessage = ({ data }) => {
      if (data.kind === "start") postMessage({ kind: "ready" });
      if (data.kind === "scene") postMessage({ kind: "failed", message: "a test's failure" });
    };`,
  }));
  await page.goto(`${process.env.NNLAB_URL ?? "http://127.0.0.1:8000"}/#lang=zh`);
  await page.waitForFunction(() => window.nnlab?.pictures().error !== null, null, { timeout: 15000 });
  await page.waitForFunction(() => !document.getElementById("message").hidden);
  const text = await page.textContent("#message-text");
  assert.match(text, /图像停止更新：a test's failure。/, text);
  assert.equal((await page.evaluate(() => window.nnlab.pictures())).drawnBy, "worker");
  await page.evaluate(() => window.nnlab.step(25));
  assert.equal((await snapshot(page)).epoch, 25);
  await page.waitForFunction(() => document.getElementById("epoch").textContent === "000,025");
  assert.deepEqual(errors, []);
  await page.close();
});
