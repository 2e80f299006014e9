// End to end: what a hostile (or unlucky) class still found (issue 31, part 3), each
// tried on the page as it was found; every one of them failed before its fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, snapshot, messageText, frames, paintOnPlane } from "./helpers.mjs";

const browser = sharedBrowser();

/** Calls `nnlab[name](...args)` in the page: { ok, value } or { ok: false, message }. */
const call = (page, name, ...args) => page.evaluate(([name, args]) => {
  try {
    const value = window.nnlab[name](...args);
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    return { ok: false, message: String(e && e.message) };
  }
}, [name, args]);

const NUMBER = "(-?[\\d.,]+(?:e[-+]?\\d+)?)";
const value = (text) => Number(text.replaceAll(",", ""));
/** The range a refusal states ("from 0 to 9,007,199,254,740,992", "use 1 to 8", "above 0,
 *  at most 1": then the minimum is left out, marked `open`). */
function stated(message) {
  const open = new RegExp(`above ${NUMBER}, at most ${NUMBER}`).exec(message ?? "");
  if (open) return Object.assign([value(open[1]), value(open[2])], { open: true });
  const m = new RegExp(`${NUMBER} to ${NUMBER}`).exec(message ?? "");
  return m && [value(m[1]), value(m[2])];
}

/** Checks that a numeric argument's refusal states the range that is taken: a value
 *  below it is refused and says [min, max]; min and max are taken (`accepts` runs after
 *  each, to put things back); just past max is refused and says the same range. */
async function rangeHolds(page, label, attempt, accepts = async () => {}, { tryMax = true, below = -1 } = {}) {
  const refused = await attempt(below);
  assert.equal(refused.ok, false, `${label}(${below}) was taken`);
  const range = stated(refused.message);
  assert.ok(range, `${label}: no range in "${refused.message}"`);
  const [min, max] = range;
  if (range.open) {
    // "Above min": min itself is refused, the next number up taken.
    const atMin = await attempt(min);
    assert.equal(atMin.ok, false, `${label}: ${min} was taken, though the range leaves it out`);
    const above = min === 0 ? Number.MIN_VALUE : min * (1 + Number.EPSILON);
    assert.ok((await attempt(above)).ok, `${label}: ${above}, just above the minimum, refused`);
  } else {
    const atMin = await attempt(min);
    assert.ok(atMin.ok, `${label}: ${min}, the stated minimum, refused: ${atMin.message}`);
  }
  await accepts();
  if (tryMax) {
    const atMax = await attempt(max);
    assert.ok(atMax.ok, `${label}: ${max}, the stated maximum, refused: ${atMax.message}`);
    await accepts();
  }
  const whole = Number.isInteger(max) && Number.isInteger(min);
  const past = whole ? (max >= 2 ** 53 ? max + 2 : max + 1) : max * 1.5 + 1;
  const over = await attempt(past);
  assert.equal(over.ok, false, `${label}: ${past}, past the stated maximum, was taken`);
  assert.deepEqual([...stated(over.message)], [...range], `${label}: ${over.message}`);
  return range;
}

test("the range every numeric argument's refusal states is the range it takes", { timeout: 180000 }, async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=circle&networkShape=4,2" });
  await page.evaluate(() => window.nnlab.step(3));
  // showEpoch: 2^53 said in full on wasm32 (it was "from 0 to 0").
  const epochs = await rangeHolds(page, "showEpoch", (n) => call(page, "showEpoch", n), () => call(page, "showEpoch", null));
  assert.deepEqual(epochs, [0, 2 ** 53]);
  // inspect: the training samples.
  const n = (await snapshot(page)).trainCount;
  assert.deepEqual(await rangeHolds(page, "inspect", (k) => call(page, "inspect", k)), [0, n - 1]);
  // hiddenSpace: this network's hidden layers, then that layer's neurons.
  assert.deepEqual(await rangeHolds(page, "hiddenSpace layer", (k) => call(page, "hiddenSpace", k, 1)), [1, 2]);
  assert.deepEqual(await rangeHolds(page, "hiddenSpace neuron", (k) => call(page, "hiddenSpace", 1, k)), [1, 4]);
  assert.deepEqual(await rangeHolds(page, "hiddenSpace neuron of layer 2", (k) => call(page, "hiddenSpace", 2, k)), [1, 2]);
  // step: from 0 (the most, 100,000 epochs, is not trained here).
  assert.deepEqual(await rangeHolds(page, "step", (k) => call(page, "step", k), async () => {}, { tryMax: false }), [0, 100000]);
  // Runs: with A alone there is none to remove (it said "runs 1 to 0", and the range
  // 0 to 4 before that); with two more, 1 to 2 are removed and 0 to 2 viewed.
  const none = await call(page, "removeRun", 1);
  assert.equal(none.ok, false);
  assert.match(none.message, /no run to remove/);
  assert.equal(stated(none.message), null);
  const addTwo = async () => {
    while ((await call(page, "runs")).value.length < 3) await call(page, "addRun", { learningRate: 0.1 });
  };
  await addTwo();
  assert.deepEqual(await rangeHolds(page, "removeRun", (k) => call(page, "removeRun", k), addTwo), [1, 2]);
  assert.deepEqual(await rangeHolds(page, "viewRun", (k) => call(page, "viewRun", k), () => call(page, "viewRun", 0)), [0, 2]);
  // A lesson's steps, and a step's choices (two here, not "0 to 3").
  const steps = await rangeHolds(page, "openLesson", (k) => call(page, "openLesson", "xor", k), async () => {}, { below: 0 });
  assert.equal(steps[0], 1);
  await call(page, "openLesson", "xor", 1);
  const choices = (await snapshot(page)).lesson;
  assert.ok(choices, "a lesson is open");
  const reopen = () => call(page, "openLesson", "xor", 1);
  const range = await rangeHolds(page, "predict", (k) => call(page, "predict", k), reopen);
  assert.equal(range[0], 0);
  assert.ok(range[1] >= 1 && range[1] <= 3, `${range}`);
  // Every number setting: the range setConfig's refusal states is the one it takes.
  const limits = ["learningRate", "batchSize", "noise", "percTrainData", "regularizationRate", "numSamples",
    "momentum", "beta1", "beta2", "epsilon", "hiddenLayer", "hiddenNeuronX", "hiddenNeuronY", "walkPace", "brushDensity"];
  await call(page, "setConfig", { dataset: "circle", networkShape: [4, 2] });
  for (const key of limits) {
    const before = (await snapshot(page)).config[key];
    await rangeHolds(page, key, (v) => call(page, "setConfig", { [key]: v }), () => call(page, "setConfig", { [key]: before }), { below: -1e9 });
  }
  await call(page, "setConfig", { dataset: "blobs" });
  const classesBefore = (await snapshot(page)).config.classes;
  await rangeHolds(page, "classes", (v) => call(page, "setConfig", { classes: v }), () => call(page, "setConfig", { classes: classesBefore }), { below: -1e9 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a lesson link's wrong step, repeated keys and keys beside it are named on the page", { timeout: 90000 }, async () => {
  for (const [hash, expect] of [
    ["#lesson=xor&step=abc", /step: "abc" is not allowed: use a whole number from 1 to \d+/],
    ["#lesson=xor&step=1.5", /step: "1\.5" is not allowed/],
    ["#lesson=xor&lesson=dropout", /lesson: is given more than once/],
    ["#lesson=xor&learningRate=99&foo=1", /learningRate: 99 is not allowed.*foo/],
  ]) {
    const { page, errors } = await openPage(browser.context, { hash });
    const s = await snapshot(page);
    assert.equal(s.lesson.id, "xor", hash);
    assert.equal(s.lesson.step, 1, hash);
    assert.match(await messageText(page), expect, hash);
    assert.deepEqual(errors, []);
    await page.close();
  }
  const { page } = await openPage(browser.context, { hash: "#lesson=digit%2Dneuron&step=99999999999999999999" });
  const s = await snapshot(page);
  assert.equal(s.lesson.id, "digit-neuron");
  assert.equal(s.lesson.step, s.lesson.steps, "a step past the end is the last");
  await page.close();
});

test("a typed array is an image; what is not a list says so, not 'found 0'", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=digits&percTrainData=80" });
  const typed = await page.evaluate(() => window.nnlab.classify(new Float64Array(64).fill(3)));
  const plain = await page.evaluate(() => window.nnlab.classify(new Array(64).fill(3)));
  assert.equal(typed.length, 10);
  assert.deepEqual(typed, plain);
  const refused = await call(page, "classify", { pixels: 64 });
  assert.equal(refused.ok, false);
  assert.match(refused.message, /is not an image: expected a list of 64 numbers/);
  assert.doesNotMatch(refused.message, /found 0/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("one fast brush stroke paints its whole path at the brush's density", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=circle&brushDensity=10" });
  const { count, at } = await paintOnPlane(page);
  const start = await count();
  // One quick drag from (−5.4, 5) to (5.4, 5), two pointer events: 10.8 units at 10 a unit,
  // about 109 points (it painted 2: points were added only where events landed).
  await page.mouse.move(...at(-5.4, 5));
  await page.mouse.down();
  await page.mouse.move(...at(5.4, 5), { steps: 1 });
  await page.mouse.up();
  await frames(page);
  const painted = (await count()) - start;
  assert.ok(painted >= 105 && painted <= 112, `${painted} points painted`);
  const data = JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).data.train;
  const xs = data.filter((p) => Math.abs(p.y - 5) < 0.05 && p.label === 1).map((p) => p.x).sort((a, b) => a - b);
  const gaps = xs.slice(1).map((x, k) => x - xs[k]);
  assert.ok(gaps.every((g) => Math.abs(g - 0.1) < 0.01), `spacing ${Math.min(...gaps)} to ${Math.max(...gaps)}`);
  assert.deepEqual(errors, []);
  await page.close();
});
