// End to end: "Step through", as a class uses it: one sample's update walked on the graph,
// stage by stage with the keys and the buttons, played at a pace; every number the
// graph shows is the worked example's (`inspect()`), and the worked example's block of the
// stage is highlighted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, frames, screenshot } from "./helpers.mjs";

const browser = sharedBrowser();
const XOR = "#dataset=xor&networkShape=4,2&x=true&y=true";

const walk = (page) => page.evaluate(() => window.nnlab.walk());

/** What the graph should show at a stage, from `inspect()` alone. */
function expected(ins, stage) {
  const layers = ins.layers.length;
  const nodes = [];
  const links = [];
  const forwardUpTo = stage.kind === "forward" ? stage.layer - 1 : stage.kind === "loss" ? layers - 1 : stage.kind === "backward" ? stage.layer - 2 : -1;
  for (const x of ins.input) nodes.push(stage.kind === "update" ? null : x);
  ins.layers.forEach((step, l) => {
    const back = stage.kind === "backward" && l >= stage.layer - 1;
    const output = l === layers - 1;
    const values = stage.kind === "update" ? step.biasAfter : back ? step.delta
      : stage.kind === "loss" && output ? ins.target : l <= forwardUpTo ? step.a : step.a.map(() => null);
    nodes.push(...values);
    const w = step.weights.flat();
    if (back) {
      const g = step.gradWeights.flat();
      const largest = Math.max(...g.map(Math.abs));
      links.push(...g.map((v) => v * (3 / largest)));
    } else if (stage.kind === "update") links.push(...step.weightsAfter.flat());
    else if (stage.kind === "loss" || (stage.kind === "forward" && l <= stage.layer - 1)) links.push(...w);
    else links.push(...w.map(() => null));
  });
  return { nodes, links };
}

test("step through visits every stage in order with the keys, and every number is inspect()'s", async () => {
  const { page, errors } = await openPage(browser.context, { hash: XOR });
  await page.evaluate(() => window.nnlab.step(50));
  await frames(page);
  const before = await canvasPixels(page, "network-canvas");
  const ins = await page.evaluate(() => window.nnlab.inspect(0));
  await page.click("#walk-start");
  assert.equal((await page.evaluate(() => window.nnlab.snapshot())).running, false);
  const kinds = [];
  const digests = new Set();
  for (let k = 0; k < 9; k++) {
    await frames(page);
    const w = await walk(page);
    assert.equal(w.stage, k);
    assert.equal(w.count, 9);
    kinds.push(w.layer ? `${w.kind} ${w.layer}` : w.kind);
    const want = expected(ins, w);
    assert.deepEqual(w.nodes.map((n) => n && n[0]), want.nodes, `stage ${k}: the nodes' numbers`);
    assert.deepEqual(w.links, want.links, `stage ${k}: the links`);
    // The caption says it, in words and numbers; the worked example's block is marked.
    assert.equal(await page.locator("#walk-caption").textContent(), w.caption);
    assert.match(w.caption, new RegExp(`^Step ${k + 1} of 9`));
    const marked = await page.evaluate(() => [...document.querySelectorAll("#inspector .walk-current")].map((e) => e.dataset.stage));
    assert.ok(marked.length >= 1 && marked.every((s) => s === String(k)), `stage ${k}: marked ${marked}`);
    digests.add((await canvasPixels(page, "network-canvas")).hash);
    await page.keyboard.press("ArrowRight");
  }
  assert.deepEqual(kinds, ["inputs", "forward 1", "forward 2", "forward 3", "loss", "backward 3", "backward 2", "backward 1", "update"]);
  assert.equal(digests.size, 9, "the graph looks different at every stage");
  // → past the last stage stays there, and trains nothing.
  assert.equal((await walk(page)).stage, 8);
  assert.equal((await page.evaluate(() => window.nnlab.snapshot())).epoch, 50);
  await page.keyboard.press("ArrowLeft");
  assert.equal((await walk(page)).stage, 7);
  // The buttons do what the keys do.
  await page.click("#walk-prev");
  assert.equal((await walk(page)).stage, 6);
  await page.click("#walk-next");
  assert.equal((await walk(page)).stage, 7);
  // Escape: the graph's heatmaps and weights again. (The pointer leaves the graph's
  // column first: the bar under the graph shrinks when the walk ends, and a column scrolled
  // to its buttons would slide the graph under a resting pointer, which hovers it.)
  await page.mouse.move(2, 2);
  await page.keyboard.press("Escape");
  assert.equal(await walk(page), null);
  await frames(page);
  assert.deepEqual(await canvasPixels(page, "network-canvas"), before);
  assert.equal(await page.locator("#walk-caption").isVisible(), false);
  assert.equal(await page.evaluate(() => document.querySelectorAll("#inspector .walk-current").length), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("play goes through the stages at the chosen pace and stops at the update", async () => {
  const { page, errors } = await openPage(browser.context, { hash: XOR });
  await page.evaluate(() => window.nnlab.step(20));
  await page.click("#walk-start");
  await page.fill("#walk-pace", "0.25");
  await page.dispatchEvent("#walk-pace", "change");
  assert.equal((await page.evaluate(() => window.nnlab.snapshot())).config.walkPace, 0.25);
  const start = Date.now();
  await page.click("#walk-play");
  assert.equal((await walk(page)).playing, true);
  // The button's words follow at the page's next sync (a busy machine may be a frame late).
  await page.waitForFunction(() => /Pause/.test(document.getElementById("walk-play").textContent), null, { timeout: 2000 });
  const seen = new Set();
  await page.waitForFunction(() => !window.nnlab.walk().playing, null, { timeout: 15000, polling: 50 }).then(async () => seen.add((await walk(page)).stage));
  const elapsed = Date.now() - start;
  assert.equal((await walk(page)).stage, 8);
  assert.ok(elapsed >= 8 * 250 - 50, `${elapsed} ms for 8 stages of 250 ms`);
  assert.match(await page.locator("#walk-play").textContent(), /Play/);
  // Playing the network's training ends the walk.
  await page.click("#play");
  assert.equal(await walk(page), null);
  // The API refuses what is not a stage.
  for (const bad of [-1, 9, 1.5, "jump"]) {
    const error = await page.evaluate((v) => { try { window.nnlab.stepThrough(v); return null; } catch (e) { return e.message; } }, bad);
    assert.match(error ?? "", /stepThrough/, `stepThrough(${bad})`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("screenshots: step through at 1,280 px in English and at 390 px in Chinese", async () => {
  for (const [lang, width, name, stage] of [["en", 1280, "walk-1280.png", 6], ["zh", 390, "walk-390-zh.png", 2]]) {
    const { page, errors } = await openPage(browser.context, { hash: `${XOR}&lang=${lang}`, viewport: { width, height: 900 } });
    await page.evaluate(() => window.nnlab.step(80));
    await page.evaluate((k) => window.nnlab.stepThrough(k), stage);
    // (A phone shows the network from its tab.)
    if (width < 700) await page.click("#tab-network");
    await frames(page);
    const caption = await page.locator("#walk-caption").textContent();
    assert.match(caption, lang === "zh" ? /^第 \d+ 步/ : /^Step 7 of 9: backward/);
    const path = await screenshot(page, name);
    await page.locator(".panel.network").screenshot({ path: path.replace(/\.png$/, "-graph.png") });
    assert.deepEqual(errors, []);
    await page.close();
  }
});
