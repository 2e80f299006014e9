// End to end: the hidden space, as a student uses it: open it, watch it move while the
// network trains, point at a point, pick the layer and the neurons with the keyboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, colours, frames, snapshot, weights, screenshot } from "./helpers.mjs";

const browser = sharedBrowser();
const CIRCLE = "#dataset=circle&xSquared=true&ySquared=true&networkShape=4,2&hiddenSpace=true&hiddenLayer=2";

/** Waits until the pictures are drawn and the hidden space's axes have stopped moving. */
async function settled(page) {
  await frames(page);
  await page.waitForFunction(() => {
    const p = window.nnlab.pictures();
    return p.pending === 0 && !p.hiddenEasing && p.hiddenBounds;
  }, null, { timeout: 10000 });
  await frames(page, 2);
  return page.evaluate(() => window.nnlab.pictures());
}

const near = (a, b) => a.every((v, k) => Math.abs(v - b[k]) <= 24);

/** Where hidden coordinates are on the hidden space's canvas. */
const toCanvas = ({ hiddenBounds: [x0, x1, y0, y1], hiddenPlot: [left, top, w, h] }, [hx, hy]) =>
  [left + (hx - x0) / (x1 - x0) * w, top + (y1 - hy) / (y1 - y0) * h];

/** Where an input-plane point is on the boundary canvas (CSS px). */
const onPlane = (size, { x, y }) => [(x + 6) / 12 * size, (6 - y) / 12 * size];

test("the hidden space draws every point where hiddenSpace() puts it, in its class's colour, and moves while training", async () => {
  const { page, errors } = await openPage(browser.context, { hash: CIRCLE });
  await page.evaluate(() => window.nnlab.step(300));
  const shown = await settled(page);
  assert.equal(shown.drawnBy, "worker");
  const space = await page.evaluate(() => window.nnlab.hiddenSpace(2, 1, 2));
  const data = await page.evaluate(() => JSON.parse(window.nnlab.exportJson()).data);
  const train = data.train;
  assert.equal(space.points.length, train.length + data.test.length);
  assert.equal(space.gridLines.length, 42);
  assert.ok(space.gridLines.every((l) => l.length === 61));
  assert.deepEqual(shown.hiddenBounds, space.bounds, "the view shows the values' box once settled");
  // The same point has the same colour in the input plane and in the hidden space (the
  // points with no other point over their centre in either view).
  const size = await page.evaluate(() => document.getElementById("boundary-canvas").clientWidth);
  const hiddenAt = space.points.slice(0, train.length).map((h) => toCanvas(shown, h));
  const planeAt = train.map((p) => onPlane(size, p));
  const alone = train.map((_, k) => [hiddenAt, planeAt].every((at) =>
    train.every((_, m) => m === k || Math.hypot(at[m][0] - at[k][0], at[m][1] - at[k][1]) > 5)));
  const picked = train.map((_, k) => k).filter((k) => alone[k]);
  assert.ok(picked.length >= 10, `${picked.length} points stand alone`);
  const inPlane = await colours(page, "boundary-canvas", picked.map((k) => planeAt[k]));
  const inHidden = await colours(page, "hidden-canvas", picked.map((k) => hiddenAt[k]));
  const classColour = (c) => near(c, [8, 119, 189]) || near(c, [245, 147, 34]);
  assert.ok(inPlane.every(classColour), "the plane shows each point in a class colour");
  const same = picked.filter((_, n) => near(inPlane[n], inHidden[n])).length;
  assert.equal(same, picked.length, `${same} of ${picked.length} points match`);
  // A control: a few pixels off, the hidden space shows other colours.
  const off = await colours(page, "hidden-canvas", picked.map((k) => [hiddenAt[k][0] + 9, hiddenAt[k][1] + 9]));
  const offSame = picked.filter((_, n) => near(inPlane[n], off[n])).length;
  assert.ok(offSame < 0.5 * picked.length, `${offSame} of ${picked.length} match when shifted`);
  // Training moves it.
  const before = await canvasPixels(page, "hidden-canvas");
  await page.evaluate(() => window.nnlab.play());
  await page.waitForFunction(() => window.nnlab.snapshot().epoch > 340);
  await page.evaluate(() => window.nnlab.pause());
  await frames(page);
  const after = await canvasPixels(page, "hidden-canvas");
  assert.ok(after.colours > 50, `drawn (${after.colours} colours)`);
  assert.notEqual(after.hash, before.hash, "the hidden space changes while the network trains");
  assert.ok((await page.evaluate(() => window.nnlab.frameTimings()))[5] >= 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the output's line in the last hidden layer is w·h + b = 0 with the output's own weights; one neuron makes a line", async () => {
  const { page, errors } = await openPage(browser.context, { hash: CIRCLE });
  await page.evaluate(() => window.nnlab.step(200));
  const space = await page.evaluate(() => window.nnlab.hiddenSpace(2, 1, 2));
  const out = (await weights(page)).at(-1);
  const [w1, w2] = out.weights[0];
  const b = out.bias[0];
  assert.ok(space.line, "a single output reads two neurons: a line");
  for (const [h1, h2] of space.line) assert.ok(Math.abs(w1 * h1 + w2 * h2 + b) < 1e-9);
  // The neurons swapped: the same line, mirrored.
  const swapped = await page.evaluate(() => window.nnlab.hiddenSpace(2, 2, 1));
  assert.deepEqual(swapped.points[0], [space.points[0][1], space.points[0][0]]);
  for (const [h2, h1] of swapped.line) assert.ok(Math.abs(w1 * h1 + w2 * h2 + b) < 1e-9);
  // The first layer has four neurons: the output does not read them alone.
  assert.equal((await page.evaluate(() => window.nnlab.hiddenSpace(1, 3, 4))).line, null);
  // One neuron: the second coordinate is 0, the line is upright at h = −b / w.
  await page.evaluate(() => window.nnlab.setConfig({ networkShape: [3, 1] }));
  await page.evaluate(() => window.nnlab.step(50));
  const line = await page.evaluate(() => window.nnlab.hiddenSpace(2, 1));
  assert.ok(line.points.every(([, y]) => y === 0));
  const last = (await weights(page)).at(-1);
  const threshold = -last.bias[0] / last.weights[0][0];
  if (line.line) assert.ok(line.line.every(([x]) => Math.abs(x - threshold) < 1e-9));
  // What the network does not have is refused with what it has, in the page's language.
  const refused = await page.evaluate(() => [[3, 1, 1], [2, 2, 1], [0, 1, 1], ["2", 1, 1]].map((args) => {
    try { window.nnlab.hiddenSpace(...args); return "accepted"; } catch (e) { return e.message; }
  }));
  assert.equal(refused[0], "hiddenSpace: 3 is not allowed: use a whole number from 1 to 2");
  assert.equal(refused[1], "hiddenSpace: 2 is not allowed: use a whole number from 1 to 1");
  assert.match(refused[2], /hiddenSpace/);
  assert.match(refused[3], /hiddenSpace/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("pointing at a point rings it in the hidden space and in the input plane, both ways", async () => {
  const { page, errors } = await openPage(browser.context, { hash: CIRCLE });
  await page.evaluate(() => window.nnlab.step(300));
  const shown = await settled(page);
  const space = await page.evaluate(() => window.nnlab.hiddenSpace(2, 1, 2));
  const train = await page.evaluate(() => JSON.parse(window.nnlab.exportJson()).data.train);
  // A point with no other point near it in either view.
  const size = await page.evaluate(() => document.getElementById("boundary-canvas").clientWidth);
  const hiddenAt = (k) => toCanvas(shown, space.points[k]);
  const planeAt = (k) => onPlane(size, train[k]);
  const alone = (at) => (k) => train.every((_, m) => m === k || Math.hypot(at(m)[0] - at(k)[0], at(m)[1] - at(k)[1]) > 12);
  const k = train.findIndex((_, k) => alone(hiddenAt)(k) && alone(planeAt)(k));
  assert.ok(k >= 0, "some point stands alone in both views");
  // The canvas scrolled into view, and where its content starts in the viewport.
  const box = async (id) => page.evaluate((id) => {
    const canvas = document.getElementById(id);
    canvas.scrollIntoView({ block: "center" });
    const r = canvas.getBoundingClientRect();
    return [r.left + canvas.clientLeft, r.top + canvas.clientTop];
  }, id);
  const ringAt = async (id, [x, y]) => {
    // The ring: dark pixels just outside the point, on four sides, where the page draws
    // it (the point's radius, which grows with the plane up to 4.5 px, and 3 px more).
    const r = id === "boundary-canvas" ? Math.min(Math.max(size / 110, 2), 4.5) + 3 : 6;
    const ring = [[x + r, y], [x - r, y], [x, y + r], [x, y - r]];
    const c = await colours(page, id, ring);
    return c.filter(([r, g, b]) => r + g + b < 200).length;
  };
  assert.ok(await ringAt("boundary-canvas", planeAt(k)) < 3, "no ring before");
  const [hx, hy] = await box("hidden-canvas");
  await page.mouse.move(hx + hiddenAt(k)[0], hy + hiddenAt(k)[1]);
  await frames(page);
  assert.ok(await ringAt("boundary-canvas", planeAt(k)) >= 3, "hovering it in the hidden space rings it in the plane");
  assert.ok(await ringAt("hidden-canvas", hiddenAt(k)) >= 3, "and in the hidden space");
  await page.mouse.move(5, 5);
  await frames(page);
  assert.ok(await ringAt("boundary-canvas", planeAt(k)) < 3, "leaving takes the ring away");
  const [px, py] = await box("boundary-canvas");
  await page.mouse.move(px + planeAt(k)[0], py + planeAt(k)[1]);
  await frames(page);
  assert.ok(await ringAt("hidden-canvas", hiddenAt(k)) >= 3, "hovering it in the plane rings it in the hidden space");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the layer and its neurons are picked with the keyboard, kept in the link and said in both languages", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#networkShape=4,2&dataset=xor" });
  assert.equal(await page.isVisible("#hidden-canvas"), false, "closed by default");
  // Its tab, by keyboard: the view opens and the hidden space switches itself on.
  await page.focus("#tab-hidden");
  await page.keyboard.press("Space");
  await frames(page);
  assert.equal((await snapshot(page)).config.hiddenSpace, true);
  assert.ok(await page.isVisible("#hidden-canvas"));
  assert.match(await page.textContent("#hidden-caption"), /^Hidden layer 1 of 2 has 4 neurons\. Across: layer 1, neuron 1; up: layer 1, neuron 2\./);
  await page.focus("#hidden-layer");
  await page.keyboard.press("ArrowUp");
  await frames(page);
  assert.equal((await snapshot(page)).config.hiddenLayer, 2);
  assert.match(await page.textContent("#hidden-caption"), /its boundary is the dark line w·h \+ b = 0/);
  assert.match(await page.evaluate(() => location.hash), /hiddenSpace=true.*hiddenLayer=2/);
  assert.match(await page.getAttribute("#hidden-canvas", "aria-label"), /^The hidden space: Hidden layer 2 of 2/);
  // Out of range: the message names the setting, nothing else changes.
  await page.fill("#hidden-x", "40");
  await page.dispatchEvent("#hidden-x", "change");
  await frames(page);
  assert.match(await page.textContent("#message-text"), /hiddenNeuronX: 40 is not allowed: use 1 to 16/);
  assert.equal((await snapshot(page)).config.hiddenNeuronX, 1);
  // A neuron the layer lacks shows its last; a network without hidden layers says so.
  await page.evaluate(() => window.nnlab.setConfig({ hiddenNeuronX: 9, lang: "zh" }));
  await frames(page);
  assert.match(await page.textContent("#hidden-caption"), /横轴：第 2 层第 2 个神经元；纵轴：第 2 层第 1 个神经元/);
  await page.evaluate(() => window.nnlab.setConfig({ networkShape: [] }));
  await frames(page);
  assert.equal(await page.textContent("#hidden-caption"), "这个网络没有隐藏层：先加一层（图上方的 +）才能看它的空间。");
  assert.deepEqual(errors, []);
  await page.close();
});

test("screenshots of the hidden space (1,280 px in English, 390 px in Chinese)", async () => {
  for (const [width, lang, name] of [[1280, "en", "hidden-1280.png"], [390, "zh", "hidden-390-zh.png"]]) {
    const { page, errors } = await openPage(browser.context, {
      hash: `${CIRCLE}&lang=${lang}`,
      viewport: { width, height: 900 },
    });
    await page.evaluate(() => window.nnlab.step(300));
    await settled(page);
    await page.locator("#hidden-space-panel").scrollIntoViewIfNeeded();
    await screenshot(page, name);
    const digest = await canvasPixels(page, "hidden-canvas");
    assert.ok(digest.colours > 50, `${name}: drawn`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
