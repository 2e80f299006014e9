// End to end: the teaching features (issue 4), used through the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, screenshot, canvasPixels, snapshot, weights, frames, messageText, chooseLesson } from "./helpers.mjs";

const browser = sharedBrowser();

const mathText = (page) => page.evaluate(() => document.getElementById("inspector-math").textContent);
const four = (v) => v.toFixed(4);

test("the textbook example: the inspector shows its numbers, and applying the step changes them", async () => {
  const { page, errors } = await openPage(browser.context);
  await chooseLesson(page, 6);
  let s = await snapshot(page);
  assert.equal(s.config.dataset, "textbook");
  assert.deepEqual(s.config.networkShape, [2]);
  assert.equal(s.config.activation, "sigmoid");
  assert.equal(s.trainCount, 2);
  assert.ok(await page.isVisible("#samples-table"));
  assert.ok(!(await page.isVisible("#boundary-canvas")));
  assert.equal(await page.textContent("#test-loss"), "—", "no test set");
  await frames(page);
  const ins = await page.evaluate(() => window.nnlab.inspect(0));
  assert.deepEqual(ins.input, [0.1, 0.2, 0.3]);
  assert.equal(ins.label, 0);
  let text = await mathText(page);
  // Every number of the forward pass, the loss and the backward pass is on the page.
  for (const layer of ins.layers) {
    for (const v of [...layer.z, ...layer.a, ...layer.delta, ...layer.weightsAfter.flat()]) {
      assert.ok(text.includes(four(v)), `${four(v)} missing from the inspector`);
    }
  }
  assert.ok(text.includes(four(ins.loss)), `the loss ${four(ins.loss)} is missing`);
  assert.match(await page.textContent("#inspect-sample"), /sample 1 of 2/);
  // The prediction column shows the network's output for each sample.
  assert.equal(await page.textContent("#prediction-0"), four(ins.layers[1].a[0]));

  await page.click("#inspect-apply");
  const after = await weights(page);
  assert.deepEqual(after.map((l) => l.weights), ins.layers.map((l) => l.weightsAfter));
  assert.deepEqual(after.map((l) => l.bias), ins.layers.map((l) => l.biasAfter));
  await frames(page);
  const next = await page.evaluate(() => window.nnlab.inspect(0));
  assert.ok(next.loss < ins.loss, "the step lowered the sample's loss");
  text = await mathText(page);
  assert.ok(text.includes(four(next.loss)), "the inspector shows the new loss");
  // The other sample.
  await page.click("#inspect-next");
  await frames(page);
  assert.match(await page.textContent("#inspect-sample"), /sample 2 of 2: y = 1/);
  assert.ok((await mathText(page)).includes("0.4000"));
  await screenshot(page, "textbook-inspector.png");
  assert.deepEqual(errors, []);
  await page.close();
});

test("clicking the data inspects a point, adds points, and removes them", async () => {
  const { page, errors } = await openPage(browser.context);
  // Where a point of the plane is on the screen (read again each time: buttons below the
  // canvas scroll the page when clicked).
  let box;
  const at = async (x, y) => {
    box = await page.locator("#boundary-canvas").boundingBox();
    return { x: box.x + ((x + 6) / 12) * box.width, y: box.y + ((6 - y) / 12) * box.height };
  };
  let s = await snapshot(page);
  const count = s.trainCount + s.testCount;
  // Inspect mode: clicking a training point selects it.
  const sample = await page.evaluate(() => window.nnlab.inspect(7));
  const [x0, y0] = [sample.input[0], sample.input[1]];
  let p = await at(x0, y0);
  await page.mouse.click(p.x, p.y);
  assert.equal((await snapshot(page)).inspectedSample, 7);
  // Add mode: a click adds a point of the chosen class there.
  await page.check("#click-add");
  await page.selectOption("#add-label", "-1");
  p = await at(0.2, 0.3);
  await page.mouse.click(p.x, p.y);
  s = await snapshot(page);
  assert.equal(s.trainCount + s.testCount, count + 1);
  const added = await page.evaluate((n) => window.nnlab.inspect(n - 1), s.trainCount);
  assert.equal(added.label, -1);
  assert.ok(Math.abs(added.input[0] - 0.2) < 0.1 && Math.abs(added.input[1] - 0.3) < 0.1);
  // Shift-click removes the nearest point; so does a right click.
  p = await at(0.2, 0.3);
  await page.keyboard.down("Shift");
  await page.mouse.click(p.x, p.y);
  await page.keyboard.up("Shift");
  s = await snapshot(page);
  assert.equal(s.trainCount + s.testCount, count);
  await page.mouse.click(p.x, p.y);
  await page.mouse.click(p.x, p.y, { button: "right" });
  assert.equal((await snapshot(page)).trainCount + (await snapshot(page)).testCount, count);
  // On a touch screen: press and hold removes the nearest point.
  await page.mouse.click(p.x, p.y);
  assert.equal((await snapshot(page)).trainCount + (await snapshot(page)).testCount, count + 1);
  const touch = (type) => page.dispatchEvent("#boundary-canvas", type, {
    pointerType: "touch", clientX: p.x, clientY: p.y, isPrimary: true, bubbles: true,
  });
  await touch("pointerdown");
  await page.waitForTimeout(650);
  await touch("pointerup");
  s = await snapshot(page);
  assert.equal(s.trainCount + s.testCount, count, "a long press removed the point");
  // Clear all, then build a tiny dataset by hand and train on it.
  await page.click("#clear-points");
  s = await snapshot(page);
  assert.equal(s.trainCount + s.testCount, 0);
  for (const [x, label] of [[-3, "-1"], [-2, "-1"], [2, "1"], [3, "1"]]) {
    await page.selectOption("#add-label", label);
    p = await at(x, 1);
    await page.mouse.click(p.x, p.y);
  }
  s = await snapshot(page);
  assert.equal(s.trainCount, 4);
  await page.evaluate(() => window.nnlab.step(100));
  assert.ok((await snapshot(page)).trainLoss < s.trainLoss);
  // The points-count slider sets the dataset size.
  await page.locator("#num-samples").fill("1000");
  s = await snapshot(page);
  assert.equal(s.config.numSamples, 1000);
  assert.equal(s.trainCount + s.testCount, 1000);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a learning rate of 10 on a deep sigmoid network pauses with an explanation; reset recovers", async () => {
  const { page, errors } = await openPage(browser.context, {
    hash: "#activation=sigmoid&networkShape=8,8,8,8,8,8&learningRate=10",
  });
  await frames(page);
  const before = await canvasPixels(page, "boundary-canvas");
  await page.click("#play");
  await page.waitForFunction(() => !window.nnlab.snapshot().running, null, { timeout: 20000 });
  const s = await snapshot(page);
  assert.ok(s.epoch > 0 && s.epoch < 200, `paused at epoch ${s.epoch}`);
  const text = await messageText(page);
  assert.match(text, /learning rate 10 is probably too high/);
  assert.ok(await page.isVisible("#message-lower"));
  assert.ok(await page.isVisible("#message-reset"));
  await screenshot(page, "divergence.png");
  await page.click("#message-lower");
  assert.equal((await snapshot(page)).config.learningRate, 1);
  await page.click("#reset");
  const r = await snapshot(page);
  assert.equal(r.epoch, 0);
  assert.equal(await messageText(page), "");
  await frames(page);
  assert.ok((await canvasPixels(page, "boundary-canvas")).colours > 20);
  assert.ok(before.colours > 20);

  // Numbers that overflow: a linear regression network at rate 10 stops in that frame,
  // and the last good pictures stay.
  await page.evaluate(() => window.nnlab.setConfig({ problem: "regression", activation: "linear", learningRate: 10, networkShape: [8, 8] }));
  await frames(page);
  const good = await canvasPixels(page, "boundary-canvas");
  await page.evaluate(() => window.nnlab.play());
  await page.waitForFunction(() => window.nnlab.snapshot().diverged, null, { timeout: 10000 });
  const d = await snapshot(page);
  assert.equal(d.running, false);
  assert.match(await messageText(page), /no longer a number/);
  await frames(page);
  assert.equal((await canvasPixels(page, "boundary-canvas")).hash, good.hash, "nothing NaN was drawn");
  await page.click("#message-reset");
  assert.equal((await snapshot(page)).diverged, false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("every lesson loads its experiment and its first step", async () => {
  const { page, errors } = await openPage(browser.context);
  const expected = ["gauss", "xor", "circle", "circle", "circle", "textbook", "circle", "spiral",
    "spiral", "circle", "circle", "digits", "textbook", "names", "names", "names", "poems", "names"];
  const lessons = await page.evaluate(() => window.nnlab.lessons());
  assert.equal(lessons.length, 18);
  for (let i = 1; i <= 18; i++) {
    await chooseLesson(page, i);
    const s = await snapshot(page);
    assert.equal(s.config.dataset, expected[i - 1], `lesson ${i}`);
    assert.equal(s.epoch, 0);
    assert.ok(await page.isVisible("#lesson"));
    assert.ok((await page.textContent("#lesson-title")).startsWith(`${i}.`));
    assert.ok((await page.textContent("#lesson-text")).length > 30);
    assert.equal(await page.textContent("#lesson-text"), lessons[i - 1].steps[0].text);
    // A step that asks shows its question and choices first.
    const asks = lessons[i - 1].steps[0].question !== null;
    assert.equal(await page.isVisible("#lesson-predict"), asks, `lesson ${i}`);
    if (asks) {
      assert.equal(await page.textContent("#lesson-question"), lessons[i - 1].steps[0].question);
      assert.equal(await page.locator("#lesson-choices button:visible").count(), lessons[i - 1].steps[0].choices.length);
      await page.click("#lesson-choice-1");
    }
    if (i === 6) assert.equal(s.config.learningRate, 0.5);
    // 7 opens the hidden space of the last hidden layer; 8 marks the wrong test points.
    assert.equal(await page.isVisible("#hidden-canvas"), i === 7, `lesson ${i}`);
    if (i === 8) {
      assert.equal(s.config.mistakesSet, "test");
      assert.ok(await page.isChecked("#mark-mistakes"));
    }
    // (A text lesson's epoch is seconds long: its steps are played in text.test.mjs.)
    if (i <= 13) await page.evaluate(() => window.nnlab.step(5));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("multi-class data, cross-entropy, optimisers, accuracy, run until, gradient sizes", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click("[data-dataset=multi-spiral]");
  await page.selectOption("#loss", "crossEntropy");
  let s = await snapshot(page);
  assert.equal(s.config.dataset, "multi-spiral");
  assert.equal(s.config.loss, "crossEntropy");
  let w = await weights(page);
  assert.equal(w.at(-1).bias.length, 3, "one output neuron per class");
  assert.ok(await page.isVisible("#classes"));
  await page.selectOption("#classes", "5");
  w = await weights(page);
  assert.equal(w.at(-1).bias.length, 5);
  assert.equal(await page.locator("#class-legend > span").count(), 5);
  assert.ok(!(await page.isVisible("#value-legend")));

  // Optimisers: switching keeps the weights; the constants show for each.
  await page.evaluate(() => window.nnlab.step(10));
  const kept = await weights(page);
  await page.selectOption("#optimizer", "momentum");
  assert.ok(await page.isVisible("#momentum"));
  assert.ok(!(await page.isVisible("#beta1")));
  await page.locator("#momentum").fill("0.5");
  assert.equal(await page.textContent("#momentum-value"), "0.5");
  await page.selectOption("#optimizer", "adam");
  assert.ok(await page.isVisible("#beta1") && await page.isVisible("#epsilon"));
  s = await snapshot(page);
  assert.equal(s.config.optimizer, "adam");
  assert.equal(s.config.momentum, 0.5);
  assert.equal(s.epoch, 10);
  assert.deepEqual(await weights(page), kept, "switching optimiser keeps the weights");
  await page.fill("#beta2", "2");
  await page.press("#beta2", "Enter");
  assert.match(await messageText(page), /beta2/);
  assert.equal((await snapshot(page)).config.beta2, 0.999);
  await page.click("#message-close");
  await page.selectOption("#classes", "3");
  await page.selectOption("#optimizer", "adam");
  await page.evaluate(() => window.nnlab.setConfig({ learningRate: 0.01, networkShape: [12, 12] }));

  // Run until epoch 300: training stops exactly there.
  const gradients = await canvasPixels(page, "gradient-canvas");
  await page.fill("#run-until", "300");
  await page.click("#run-until-go");
  await page.waitForFunction(() => !window.nnlab.snapshot().running, null, { timeout: 30000 });
  s = await snapshot(page);
  assert.equal(s.epoch, 300);
  assert.ok(s.trainAccuracy > 0.85, `accuracy ${s.trainAccuracy}`);
  assert.equal(await page.textContent("#train-accuracy"), `accuracy ${(s.trainAccuracy * 100).toFixed(1)} %`);
  assert.equal(s.gradientSizes.length, 3);
  assert.ok(s.gradientSizes.every((g) => g > 0));
  await frames(page);
  assert.notEqual((await canvasPixels(page, "gradient-canvas")).hash, gradients.hash);
  const boundary = await canvasPixels(page, "boundary-canvas");
  assert.ok(boundary.colours > 50, "class colours with shading");
  await screenshot(page, "multi-class.png");
  assert.deepEqual(errors, []);
  await page.close();
});
