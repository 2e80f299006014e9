// End to end: runs side by side. Two more runs with other learning rates train in step
// with the experiment: three curves on the loss chart, three pictures, one epoch; a
// click on a run shows its network everywhere and the controls change that run; the link
// opens the same comparison on a fresh page; lesson 10 is three runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, frames, snapshot, screenshot, messageText, chooseLesson } from "./helpers.mjs";

const browser = sharedBrowser();

/** In the page: how many pixels of canvas `id`, below the legend's row (its top 22 CSS
 *  pixels), have each run's hue (blue, orange, green: `RUN_COLOURS`, however faded or
 *  anti-aliased). */
function hueCounts(id) {
  const canvas = document.getElementById(id);
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const start = Math.ceil(22 * canvas.height / canvas.clientHeight) * canvas.width * 4;
  const hues = [
    (r, g, b) => b > r + 50 && b > g + 15,
    (r, g, b) => r > g + 40 && r > b + 80,
    (r, g, b) => g > r + 25 && g > b + 15,
  ];
  return hues.map((hue) => {
    let n = 0;
    for (let i = start; i < data.length; i += 4) if (hue(data[i], data[i + 1], data[i + 2])) n++;
    return n;
  });
}

test("two more runs train in step: three curves, three pictures; a click shows a run; the link shares it", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=xor&networkShape=4,3" });
  // From the page: "Add a run" copies the run on view and shows it; the slider is then its own.
  await page.click("#add-run");
  let runs = await page.evaluate(() => window.nnlab.runs());
  assert.equal(runs.length, 2);
  assert.deepEqual(runs.map((r) => r.viewed), [false, true], "the new run is on view");
  assert.match(await page.textContent("#runs-caption"), /Run B on view/);
  await page.evaluate(() => window.nnlab.setConfig({ learningRate: 0.3 }));
  runs = await page.evaluate(() => window.nnlab.runs());
  assert.deepEqual(runs[1].patch, { learningRate: 0.3 });
  assert.equal(runs[0].config.learningRate, 0.03, "run A keeps its rate");
  assert.equal((await page.textContent("#run-label-1")).trim(), "B: η = 0.3");
  // And one more from the API.
  assert.equal(await page.evaluate(() => window.nnlab.addRun({ learningRate: 0.003 })), 2);
  await page.click("#run-view-0");
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 40);
  await page.click("#play");
  await frames(page);
  runs = await page.evaluate(() => window.nnlab.runs());
  const epoch = runs[0].epoch;
  assert.deepEqual(runs.map((r) => r.epoch), [epoch, epoch, epoch], "one epoch for all");
  assert.ok(runs[1].trainLoss < runs[2].trainLoss, "η = 0.3 learns faster than 0.003");
  // Three curves: each run's colour is on the chart.
  const counts = await page.evaluate(hueCounts, "loss-canvas");
  counts.forEach((n, k) => assert.ok(n > 60, `run ${k}'s curve: ${n} pixels (${counts})`));
  assert.match(await page.getAttribute("#run-view-1", "title"), /Show B: η = 0.3/);
  // Three pictures, each its run's boundary.
  const pictures = await Promise.all([0, 1, 2].map((k) => canvasPixels(page, `run-thumb-${k}`)));
  pictures.forEach((p) => assert.ok(p.colours > 20, JSON.stringify(p)));
  assert.equal(new Set(pictures.map((p) => p.hash)).size, 3, "three different boundaries");
  await screenshot(page, "runs-1280.png");
  // A click on run C: the graph, the worked example and the controls are C's.
  const graphA = await canvasPixels(page, "network-canvas");
  await page.click("#run-view-2");
  await frames(page);
  assert.deepEqual(await page.evaluate(() => window.nnlab.weights()), runs[2].weights);
  assert.equal((await snapshot(page)).config.learningRate, 0.003);
  assert.equal(await page.getAttribute("#run-view-2", "aria-pressed"), "true");
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, graphA.hash, "the graph is C's network");
  const inspected = await page.evaluate(() => window.nnlab.inspect(0));
  assert.deepEqual(inspected.layers[0].weights, runs[2].weights[0].weights);
  // The link holds the comparison: a fresh page shows the same runs, and trains the same.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /run2=learningRate%3D0\.3/);
  assert.match(hash, /run3=learningRate%3D0\.003/);
  await page.evaluate(() => window.nnlab.step(10));
  const after = await page.evaluate(() => window.nnlab.runs());
  const fresh = await openPage(browser.context, { hash });
  const shared = await fresh.page.evaluate(() => window.nnlab.runs());
  assert.deepEqual(shared.map((r) => r.label), ["A", "B: η = 0.3", "C: η = 0.003"]);
  await fresh.page.evaluate((n) => window.nnlab.step(n), after[0].epoch);
  const trained = await fresh.page.evaluate(() => window.nnlab.runs());
  assert.deepEqual(trained.map((r) => r.weights), after.map((r) => r.weights), "the same runs, bit for bit");
  await fresh.page.close();
  // A run cannot change the data; run A cannot be removed; a run can.
  const refused = await page.evaluate(() => { try { window.nnlab.addRun({ dataset: "circle" }); return null; } catch (e) { return e.message; } });
  assert.match(refused ?? "", /not the data/);
  await page.click("#run-remove-1");
  runs = await page.evaluate(() => window.nnlab.runs());
  assert.deepEqual(runs.map((r) => r.label), ["A", "B: η = 0.003"]);
  assert.ok(!(await page.isVisible("#run-remove-0")), "run A has no remove button");
  assert.deepEqual(errors, []);
  await page.close();
});

test("lesson 10 is three runs of the learning rate, in Chinese on a phone too", async () => {
  const { page, errors } = await openPage(browser.context, { viewport: { width: 390, height: 844 } });
  await page.evaluate(() => window.nnlab.setConfig({ lang: "zh" }));
  await chooseLesson(page, 10);
  const runs = await page.evaluate(() => window.nnlab.runs());
  assert.deepEqual(runs.map((r) => r.config.learningRate), [0.0003, 0.03, 3]);
  assert.equal(await messageText(page), "");
  await page.evaluate(() => window.nnlab.step(30));
  await page.locator("#runs").scrollIntoViewIfNeeded();
  await frames(page);
  assert.match(await page.textContent("#runs-caption"), /运行 A/);
  await screenshot(page, "runs-390-zh.png");
  assert.deepEqual(errors, []);
  await page.close();
});
