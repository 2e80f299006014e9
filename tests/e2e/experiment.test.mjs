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
