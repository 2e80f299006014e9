// End to end: the timeline, as a class uses it. The loss chart is a scrubber: drag on it
// or use its keys and every view shows the network as it was at that epoch (pixels equal
// to those drawn at that epoch during the run); "Continue from here" trains on from it and
// keeps the later curve, greyed; the pointer reads out the losses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, canvasPatches, colours, frames, snapshot, weights, screenshot, sizeEveryView } from "./helpers.mjs";

const browser = sharedBrowser();
const SPIRAL = "#dataset=spiral&noise=10&networkShape=6,4&x=true&y=true&xSquared=true&ySquared=true&sinX=true&sinY=true"
  + "&hiddenSpace=true&hiddenLayer=2&mistakesSet=test&view=network";
const CANVASES = ["boundary-canvas", "network-canvas", "links-canvas", "hidden-canvas"];

/** Waits until the pictures show the present state (the hidden space's axes settled). */
async function settled(page) {
  await frames(page);
  await page.waitForFunction(() => {
    const p = window.nnlab.pictures();
    return p.pending === 0 && !p.hiddenEasing;
  }, null, { timeout: 10000 });
  await frames(page, 2);
}

/** Everything the views show: the canvases' pixels, the worked example's and the
 *  confusion matrix's text, the weights and the snapshot's numbers. */
async function views(page) {
  await settled(page);
  const pixels = {};
  for (const id of CANVASES) pixels[id] = await canvasPixels(page, id);
  const text = await page.evaluate(() => ({
    inspector: document.getElementById("inspector").textContent,
    confusion: document.getElementById("confusion").textContent,
    epoch: document.getElementById("epoch").textContent,
  }));
  const s = await snapshot(page);
  return { pixels, text, weights: await weights(page), inspect: await page.evaluate(() => window.nnlab.inspect(5)),
    numbers: [s.epoch, s.trainLoss, s.testLoss, s.confusion] };
}

/** Presses and releases the mouse on the loss chart at `epoch`. */
async function dragTo(page, epoch, { hold = false } = {}) {
  const { chart: [left, right, epochs] } = await page.evaluate(() => window.nnlab.timeline());
  await page.locator("#loss-canvas").scrollIntoViewIfNeeded();
  const box = await page.locator("#loss-canvas").boundingBox();
  const x = box.x + left + (right - left) * epoch / epochs;
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 40, y);
  await page.mouse.down();
  await page.mouse.move(x, y, { steps: 4 });
  if (!hold) await page.mouse.up();
  return { x, y };
}

test("scrubbing the loss chart with the mouse and with the keys shows every view exactly as it was at that epoch", async () => {
  const { page, errors } = await openPage(browser.context, { hash: SPIRAL });
  await sizeEveryView(page);
  await page.evaluate(() => window.nnlab.step(60));
  const at60 = await views(page);
  await page.evaluate(() => window.nnlab.step(60));
  const at120 = await views(page);
  await page.evaluate(() => window.nnlab.step(130));
  const at250 = await views(page);
  for (const id of CANVASES) assert.notDeepEqual(at60.pixels[id], at250.pixels[id], `${id} changed while training`);
  assert.notEqual(at60.text.inspector, at250.text.inspector);

  // The mouse: press and drag to epoch 120.
  await dragTo(page, 120);
  let s = await snapshot(page);
  assert.equal(s.shownEpoch, 120);
  assert.equal(s.latestEpoch, 250);
  assert.equal(s.running, false);
  assert.deepEqual(await views(page), at120, "every view as it was at epoch 120");
  assert.equal(await page.locator("#timeline-bar").isVisible(), true);
  assert.match(await page.locator("#timeline-status").textContent(), /epoch 120\b.*epoch 250/);
  // The chart marks the shown epoch: its orange line where epoch 120 is.
  const { chart: [left, right, epochs] } = await page.evaluate(() => window.nnlab.timeline());
  const markX = left + (right - left) * 120 / epochs;
  const height = await page.evaluate(() => document.getElementById("loss-canvas").clientHeight);
  // (Sampled at several heights: a curve may cross the line at one of them.)
  const marks = await page.evaluate(canvasPatches, ["loss-canvas", [0.3, 0.35, 0.4, 0.45, 0.5, 0.55].map((h) => [markX, height * h]), 1]);
  const orange = marks.filter((patch) => patch.some((c) => c[0] > 200 && c[1] < 140 && c[2] < 80)).length;
  assert.ok(orange >= 4, `the marker's colours ${JSON.stringify(marks)}`);

  // The keys: Home is the first kept epoch, Page Up ten kept epochs on (every epoch is
  // kept this early), ← one back.
  await page.focus("#loss-canvas");
  await page.keyboard.press("Home");
  assert.equal((await snapshot(page)).shownEpoch, 0);
  for (let k = 0; k < 6; k++) await page.keyboard.press("PageUp");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  s = await snapshot(page);
  assert.equal(s.shownEpoch, 60);
  assert.equal(await page.locator("#loss-canvas").getAttribute("aria-valuenow"), "60");
  assert.match(await page.locator("#loss-canvas").getAttribute("aria-valuetext"), /^Epoch 60: training loss/);
  assert.deepEqual(await views(page), at60, "every view as it was at epoch 60");
  // The page's own → (one epoch of training) is not run from the chart.
  assert.equal(s.latestEpoch, 250);

  // Escape: the live network, exactly as training left it.
  await page.keyboard.press("Escape");
  s = await snapshot(page);
  assert.equal(s.shownEpoch, null);
  assert.deepEqual(await views(page), at250);
  assert.equal(await page.locator("#timeline-bar").isVisible(), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("continue from here trains on from the shown epoch and keeps the later curve greyed", async () => {
  const { page, errors } = await openPage(browser.context, { hash: SPIRAL });
  await sizeEveryView(page);
  await page.evaluate(() => window.nnlab.step(250));
  await frames(page);
  const greyed = async () => {
    const digest = await page.evaluate(() => {
      // Read from a copy (as canvasDigest does): the page's canvas is never read back.
      const c = document.getElementById("loss-canvas");
      const copy = document.createElement("canvas");
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(c, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0xa9) < 6 && Math.abs(d[i + 1] - 0xc9) < 6 && Math.abs(d[i + 2] - 0xdf) < 6) n++;
      return n;
    });
    return digest;
  };
  assert.ok(await greyed() < 5, "no greyed curve before going back");
  const before = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).history;
  await dragTo(page, 120);
  assert.equal((await snapshot(page)).shownEpoch, 120);
  await page.click("#timeline-continue");
  await page.evaluate(() => window.nnlab.pause());
  let s = await snapshot(page);
  assert.equal(s.shownEpoch, null);
  assert.ok(s.epoch >= 120 && s.epoch < 250, `epoch ${s.epoch}`);
  // Nothing changed: trained on to epoch 250, the same road, bit for bit.
  await page.evaluate((n) => window.nnlab.step(n), 250 - s.epoch);
  const t = await page.evaluate(() => window.nnlab.timeline());
  const later = before.filter((p) => p.epoch > 120);
  assert.deepEqual(t.roadNotTaken, later);
  const after = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).history;
  assert.deepEqual(after, before);
  // (The same road: the live curve covers the greyed one.)

  // A lower rate from epoch 120 takes another road, and the API agrees with the page.
  assert.equal(await page.evaluate(() => window.nnlab.showEpoch(120)), 120);
  await page.evaluate(() => window.nnlab.setConfig({ learningRate: 0.003 }));
  assert.equal(await page.evaluate(() => window.nnlab.continueFromShown()), true);
  await page.evaluate(() => window.nnlab.pause());
  s = await snapshot(page);
  await page.evaluate((n) => window.nnlab.step(n), 250 - s.epoch);
  const other = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).history;
  assert.notEqual(other.at(-1).train, before.at(-1).train);
  await frames(page);
  // The road not taken is drawn, greyed, beside the live curve, with its words.
  assert.ok(await greyed() > 20, "the greyed curve is drawn");
  assert.match(await page.locator("#chart-readout").textContent(), /road not taken.*epoch 120/);
  assert.equal(await page.evaluate(() => window.nnlab.continueFromShown()), false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the pointer reads out the epoch and both losses; the API refuses a wrong epoch", async () => {
  const { page, errors } = await openPage(browser.context, { hash: SPIRAL });
  await sizeEveryView(page);
  await page.evaluate(() => window.nnlab.step(200));
  await frames(page);
  const history = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).history;
  const { chart: [left, right, epochs] } = await page.evaluate(() => window.nnlab.timeline());
  const box = await page.locator("#loss-canvas").boundingBox();
  await page.mouse.move(box.x + left + (right - left) * 150 / epochs, box.y + box.height / 2);
  const p = history.find((h) => h.epoch === 150);
  const readout = await page.locator("#chart-readout").textContent();
  assert.equal(readout, `Epoch 150: training loss ${p.train.toFixed(3)}, test loss ${p.test.toFixed(3)}`);
  // Hovering shows nothing else: the live network stays.
  assert.equal((await snapshot(page)).shownEpoch, null);
  await page.mouse.move(box.x + box.width / 2, box.y - 40);
  assert.match(await page.locator("#chart-readout").textContent(), /^Drag along/);
  for (const bad of [-1, 1.5, "10", Infinity]) {
    const error = await page.evaluate((v) => { try { window.nnlab.showEpoch(v); return null; } catch (e) { return e.message; } }, bad);
    assert.match(error ?? "", /showEpoch/, `showEpoch(${bad})`);
  }
  assert.equal(await page.evaluate(() => window.nnlab.showEpoch(1e9)), null, "past the latest epoch: the live network");
  assert.equal((await snapshot(page)).epoch, 200);
  assert.deepEqual(errors, []);
  await page.close();
});

test("screenshots: the timeline at 1,280 px in English and at 390 px in Chinese", async () => {
  for (const [lang, width, name] of [["en", 1280, "timeline-1280.png"], ["zh", 390, "timeline-390-zh.png"]]) {
    const { page, errors } = await openPage(browser.context, { hash: `${SPIRAL}&lang=${lang}`, viewport: { width, height: 900 } });
    await sizeEveryView(page);
    await page.evaluate(() => window.nnlab.step(300));
    await page.evaluate(() => window.nnlab.setConfig({ learningRate: 0.3 }));
    await page.evaluate(() => window.nnlab.step(200));
    await page.evaluate(() => { window.nnlab.showEpoch(300); window.nnlab.setConfig({ learningRate: 0.03 }); window.nnlab.continueFromShown(); window.nnlab.pause(); });
    await page.evaluate(() => window.nnlab.step(150));
    await dragTo(page, 200);
    await settled(page);
    const status = await page.locator("#timeline-status").textContent();
    assert.match(status, lang === "zh" ? /第 200 轮/ : /Showing epoch 200/);
    await page.locator(".panel.output").screenshot({ path: await screenshot(page, name).then((p) => p.replace(/\.png$/, "-panel.png")) });
    assert.deepEqual(errors, []);
    await page.close();
  }
});
