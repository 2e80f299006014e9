// End to end: experimenting with the network's parts. A different activation per hidden
// layer: picked with the mouse and with the keyboard under the graph, used by the training
// code (the worked example says so), kept in the link, and undone by the global picker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, frames, snapshot, screenshot, paintOnPlane } from "./helpers.mjs";

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
  const { count, at } = await paintOnPlane(page);
  const start = await count();
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

/// The hidden neuron under the mouse in layer `layer` (from 0), neuron `j`: scanned down
/// its column (the + button sits above it).
async function pointAtNeuron(page, layer, j) {
  await page.locator("#network-canvas").scrollIntoViewIfNeeded();
  const plus = await page.locator(`#add-neuron-${layer + 1}`).boundingBox();
  const canvas = await page.locator("#network-canvas").boundingBox();
  for (let y = canvas.y + 30; y < canvas.y + canvas.height; y += 4) {
    await page.mouse.move(plus.x + plus.width + 1, y);
    const h = (await snapshot(page)).hover;
    if (h?.kind === "neuron" && h.layer === layer && h.j === j) return;
  }
  assert.fail(`no neuron ${layer + 1}:${j + 1} found`);
}

test("switch a neuron off and freeze one from the graph (mouse, keys), dropout seen in slow motion", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=xor&networkShape=4,3&learningRate=0.1" });
  await page.evaluate(() => window.nnlab.step(5));
  const plain = await canvasPixels(page, "links-canvas");
  // The mouse: neuron 2 of layer 1, its menu, "Switch off".
  await pointAtNeuron(page, 0, 1);
  await page.mouse.down();
  await page.mouse.up();
  assert.ok(await page.isVisible("#neuron-menu"), "a click opens the neuron's menu");
  assert.equal((await page.textContent("#neuron-menu-title")).trim(), "Neuron 2 of layer 1");
  assert.equal(await page.getAttribute("#neuron-on", "aria-pressed"), "true");
  await screenshot(page, "neuron-menu-1280.png");
  await page.click("#neuron-off");
  assert.ok(!(await page.isVisible("#neuron-menu")));
  let s = await snapshot(page);
  assert.deepEqual(s.config.neuronsOff, ["1:2"]);
  assert.equal(s.epoch, 5, "applies live: the weights stay");
  await frames(page);
  assert.notEqual((await canvasPixels(page, "links-canvas")).hash, plain.hash, "its links are greyed");
  const w0 = await page.evaluate(() => window.nnlab.weights());
  await page.evaluate(() => window.nnlab.step(30));
  const w1 = await page.evaluate(() => window.nnlab.weights());
  assert.deepEqual(w1[0].weights[1], w0[0].weights[1], "its incoming weights learn nothing");
  assert.deepEqual(w1[1].weights.map((row) => row[1]), w0[1].weights.map((row) => row[1]), "nor its outgoing ones");
  assert.notDeepEqual(w1[0].weights[0], w0[0].weights[0], "the others learn");
  const ins = await page.evaluate(() => window.nnlab.inspect(0));
  assert.equal(ins.layers[0].a[1], 0, "its output is 0");
  assert.match(await page.textContent("#inspector"), /Neuron 2 of layer 1 is switched off/);

  // The keys: walk the graph to neuron 1 of layer 2, Enter, down twice to "Freeze", Enter.
  await page.focus("#network-canvas");
  for (let k = 0; k < 80; k++) {
    await page.keyboard.press("ArrowRight");
    const h = (await snapshot(page)).hover;
    if (h?.kind === "neuron" && h.layer === 1 && h.j === 0) break;
  }
  assert.deepEqual((await snapshot(page)).hover, { kind: "neuron", layer: 1, j: 0 });
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "neuron-on", "the menu takes the keys");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.id), "neuron-freeze");
  await page.keyboard.press("Enter");
  s = await snapshot(page);
  assert.deepEqual(s.config.neuronsFrozen, ["2:1"]);
  assert.equal(await page.evaluate(() => document.activeElement.id), "network-canvas", "the keys go back to the graph");
  const f0 = await page.evaluate(() => window.nnlab.weights());
  await page.evaluate(() => window.nnlab.step(20));
  const f1 = await page.evaluate(() => window.nnlab.weights());
  assert.deepEqual([f1[1].weights[0], f1[1].bias[0]], [f0[1].weights[0], f0[1].bias[0]], "frozen");
  assert.notDeepEqual(f1[2].weights[0], f0[2].weights[0], "its outgoing weights still learn");
  // Escape closes the menu without a change.
  await page.keyboard.press("Enter");
  assert.ok(await page.isVisible("#neuron-menu"));
  await page.keyboard.press("Escape");
  assert.ok(!(await page.isVisible("#neuron-menu")));
  assert.deepEqual((await snapshot(page)).config.neuronsFrozen, ["2:1"]);

  // The link holds both; a fresh page trains the same.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /neuronsOff=1%3A2/);
  assert.match(hash, /neuronsFrozen=2%3A1/);

  // Dropout under layer 1: typed, applied live, refused when out of range.
  await page.fill("#dropout-1", "0.5");
  await page.press("#dropout-1", "Enter");
  await frames(page);
  s = await snapshot(page);
  assert.deepEqual(s.config.dropout, [0.5, 0]);
  await page.fill("#dropout-1", "0.95");
  await page.press("#dropout-1", "Enter");
  await frames(page);
  assert.deepEqual((await snapshot(page)).config.dropout, [0.5, 0], "a rate above 0.9 changes nothing");
  assert.match(await page.textContent("#message"), /from 0 to 0\.9/);
  assert.equal(await page.inputValue("#dropout-1"), "0.5", "the field shows the rate that stays");
  // At ¼ speed the neurons dropped in the last pass show on the graph; at full speed not.
  await page.evaluate(() => window.nnlab.setConfig({ speed: 0.25 }));
  await page.evaluate(() => window.nnlab.play());
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 80);
  await page.evaluate(() => window.nnlab.pause());
  s = await snapshot(page);
  assert.ok(s.dropped.length > 0 && s.dropped.every((n) => n.startsWith("1:")), JSON.stringify(s.dropped));
  await frames(page);
  const slow = await canvasPixels(page, "network-canvas");
  await screenshot(page, "dropout-1280.png");
  await page.evaluate(() => window.nnlab.setConfig({ speed: 1 }));
  await frames(page);
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, slow.hash, "the dropped neurons are marked in slow motion only");
  const fresh = await openPage(browser.context, { hash: await page.evaluate(() => location.hash), viewport: { width: 390, height: 844 } });
  const c = (await snapshot(fresh.page)).config;
  assert.deepEqual([c.neuronsOff, c.neuronsFrozen, c.dropout], [["1:2"], ["2:1"], [0.5, 0]]);
  await fresh.page.evaluate(() => window.nnlab.setConfig({ lang: "zh" }));
  await fresh.page.click("#tab-network");
  await frames(fresh.page);
  await screenshot(fresh.page, "neurons-390-zh.png");
  await fresh.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});
