// End to end: experimenting with the network's parts. A different activation per hidden
// layer: picked with the mouse and with the keyboard under the graph, used by the training
// code (the worked example says so), kept in the link, and undone by the global picker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, frames, snapshot, screenshot } from "./helpers.mjs";

const browser = sharedBrowser();

test("each hidden layer's activation: picked with the mouse and the keys, in the link, reset by the global one", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=xor&networkShape=4,3" });
  // A TFP link: every layer has the global activation, and the link says nothing more.
  assert.deepEqual((await snapshot(page)).config.activations, []);
  assert.equal(await page.inputValue("#activation-1"), "tanh");
  assert.equal(await page.locator("#activation-3").isVisible(), false, "two hidden layers: two pickers");
  const before = await canvasPixels(page, "network-canvas");
  await page.selectOption("#activation-2", "relu");
  await frames(page);
  let s = await snapshot(page);
  assert.deepEqual(s.config.activations, ["tanh", "relu"]);
  assert.equal(s.epoch, 0, "a new activation starts the experiment again");
  assert.notDeepEqual(await canvasPixels(page, "network-canvas"), before);
  // The training code uses it: the worked example's layer 2 is ReLU, its a = max(0, z).
  const ins = await page.evaluate(() => window.nnlab.inspect(0));
  assert.deepEqual(ins.layers.map((l) => l.activation), ["tanh", "relu", "tanh"]);
  ins.layers[1].z.forEach((z, j) => assert.equal(ins.layers[1].a[j], Math.max(0, z)));
  assert.match(await page.locator("#inspector").textContent(), /ReLU/);
  // The keyboard: the first layer's picker, one down (tanh → sigmoid).
  await page.focus("#activation-1");
  await page.keyboard.press("ArrowDown");
  await frames(page);
  s = await snapshot(page);
  assert.deepEqual(s.config.activations, ["sigmoid", "relu"]);
  assert.match(await page.getAttribute("#activation-1", "title"), /hidden layer 1/);
  // The link holds it: a fresh page opens the same network.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /activations=sigmoid,relu/);
  await page.evaluate(() => window.nnlab.step(40));
  const weights = await page.evaluate(() => window.nnlab.weights());
  const fresh = await openPage(browser.context, { hash });
  assert.deepEqual((await snapshot(fresh.page)).config.activations, ["sigmoid", "relu"]);
  await fresh.page.evaluate(() => window.nnlab.step(40));
  assert.deepEqual(await fresh.page.evaluate(() => window.nnlab.weights()), weights);
  await fresh.page.close();
  // A new layer takes the global activation; the global picker sets every layer's.
  await page.click("#add-layer");
  assert.deepEqual((await snapshot(page)).config.activations, ["sigmoid", "relu", "tanh"]);
  await screenshot(page, "activations-1280.png");
  await page.selectOption("#activation", "relu");
  s = await snapshot(page);
  assert.deepEqual(s.config.activations, []);
  assert.equal(await page.inputValue("#activation-3"), "relu");
  // The API refuses a list of the wrong length or with a name that is not an activation.
  for (const bad of [["relu"], ["relu", "relu", "swish"], "relu"]) {
    const error = await page.evaluate((v) => { try { window.nnlab.setConfig({ activations: v }); return null; } catch (e) { return e.message; } }, bad);
    assert.match(error ?? "", /activations/, JSON.stringify(bad));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("a formula typed by the teacher defines the data; a bad one says where and changes nothing", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=circle" });
  await page.fill("#formula", "y > 2*sin(x)");
  await page.press("#formula", "Enter");
  await frames(page);
  let s = await snapshot(page);
  assert.equal(s.config.formula, "y > 2*sin(x)");
  assert.equal(s.epoch, 0);
  const data = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).data;
  const points = [...data.train, ...data.test];
  assert.equal(points.length, 500);
  for (const p of points) assert.equal(p.label, p.y > 2 * Math.sin(p.x) ? 1 : -1, JSON.stringify(p));
  assert.equal(await page.getAttribute('[data-dataset="circle"]', "aria-pressed"), "false", "no tile is the data in use");
  const formula = await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get("formula"));
  assert.equal(formula, "y > 2*sin(x)", "the link holds the formula");
  await screenshot(page, "formula-1280.png");
  // A bad formula: the message names the character and what was expected; nothing changes,
  // and the field keeps what was typed.
  const before = await page.evaluate(() => window.nnlab.exportJson());
  await page.fill("#formula", "x + * y");
  await page.press("#formula", "Enter");
  await page.waitForFunction(() => !document.getElementById("message").hidden);
  assert.match(await page.textContent("#message-text"), /formula.*at character 5: expected a number, x, y, pi, a function such as sin\( or \(, found "\*"/);
  assert.equal(await page.inputValue("#formula"), "x + * y");
  assert.equal(await page.evaluate(() => window.nnlab.exportJson()), before);
  await page.selectOption("#lang", "zh");
  await page.fill("#formula", "max(x)");
  await page.press("#formula", "Enter");
  await frames(page);
  assert.match(await page.textContent("#message-text"), /第 6 个字符处/);
  // Regression: the value, within −1 to 1; a dataset tile gives the dataset back.
  await page.evaluate(() => window.nnlab.setConfig({ problem: "regression", formula: "sin(x)*cos(y)*2" }));
  const reg = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).data.train;
  // (JavaScript's sin and cos may differ from Rust's in the last bit: the native tests
  // compare exactly.)
  for (const p of reg) assert.ok(Math.abs(p.label - Math.max(-1, Math.min(1, Math.sin(p.x) * Math.cos(p.y) * 2))) < 1e-12, JSON.stringify(p));
  await page.click('[data-dataset="reg-gauss"]');
  s = await snapshot(page);
  assert.equal(s.config.formula, "");
  assert.equal(s.config.regDataset, "reg-gauss");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the brush paints a stroke of points, the eraser removes them, and undo takes each back", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=gauss&brushDensity=2" });
  const count = async () => { const s = await snapshot(page); return s.trainCount + s.testCount; };
  const start = await count();
  await page.check("#click-add");
  await page.selectOption("#add-label", "1");
  await page.evaluate(() => document.getElementById("boundary-canvas").scrollIntoView({ block: "center" }));
  const box = await page.locator("#boundary-canvas").boundingBox();
  // Plane (x, y) to the page (the canvas shows [−6, 6]², y up).
  const at = (x, y) => [box.x + (x + 6) / 12 * box.width, box.y + (6 - y) / 12 * box.height];
  // A stroke from (−4, 5) to (4, 5): 8 units at 2 points per unit, and its first point.
  await page.mouse.move(...at(-4, 5));
  await page.mouse.down();
  for (let k = 1; k <= 80; k++) await page.mouse.move(...at(-4 + k / 10, 5));
  await page.mouse.up();
  await frames(page);
  const painted = (await count()) - start;
  assert.ok(painted >= 15 && painted <= 17, `${painted} points painted`);
  const data = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).data.train;
  const stroke = data.filter((p) => Math.abs(p.y - 5) < 0.1 && p.label === 1);
  assert.equal(stroke.length, painted, "every painted point lies on the stroke, of the class chosen");
  // A click paints one point (not two).
  await page.mouse.click(...at(-5, -5));
  assert.equal(await count(), start + painted + 1);
  // The eraser, across the stroke's left half (the radio is checked without scrolling).
  await page.evaluate(() => { document.getElementById("click-erase").checked = true; });
  await page.mouse.move(...at(-4.5, 5));
  await page.mouse.down();
  for (let k = 1; k <= 45; k++) await page.mouse.move(...at(-4.5 + k / 10, 5));
  await page.mouse.up();
  const erased = start + painted + 1 - (await count());
  assert.ok(erased >= 8, `${erased} points erased`);
  await screenshot(page, "brush-1280.png");
  // Ctrl+Z, then the Undo button: the erasure, then the click, each at once.
  await page.locator("body").focus();
  await page.keyboard.press("Control+z");
  assert.equal(await count(), start + painted + 1);
  await page.click("#undo-points");
  assert.equal(await count(), start + painted);
  await page.click("#undo-points");
  assert.equal(await count(), start);
  assert.deepEqual(errors, []);
  await page.close();
});
