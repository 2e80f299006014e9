// End to end: everything TensorFlow Playground has, driven through the page as a teacher
// or a student would (issue 3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, screenshot, canvasPixels, BASE_URL, snapshot, weights, frames, messageText } from "./helpers.mjs";

const browser = sharedBrowser();

const sumAbs = (layers) => layers.flatMap((l) => l.weights.flat()).reduce((a, w) => a + Math.abs(w), 0);

const TFP_DEFAULT = "#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.59704&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false";

test("TFP's default link and a spiral link with every feature and six layers open as written", async () => {
  const { page, errors } = await openPage(browser.context, { hash: TFP_DEFAULT });
  let s = await snapshot(page);
  assert.equal(await messageText(page), "");
  assert.equal(s.config.seed, "0.59704");
  assert.equal(s.config.activation, "tanh");
  assert.equal(s.config.batchSize, 10);
  assert.equal(s.config.learningRate, 0.03);
  assert.deepEqual(s.config.networkShape, [4, 2]);
  assert.equal(s.config.problem, "classification");
  assert.equal(s.config.regDataset, "reg-plane");
  assert.equal(s.trainCount + s.testCount, 500);
  await page.close();

  const spiral = TFP_DEFAULT.replace("dataset=circle", "dataset=spiral")
    .replace("networkShape=4,2", "networkShape=8,8,8,8,8,8")
    .replace(/(xTimesY|xSquared|ySquared|sinX|sinY)=false/g, "$1=true");
  const second = await openPage(browser.context, { hash: spiral });
  s = await snapshot(second.page);
  assert.equal(await messageText(second.page), "");
  assert.equal(s.config.dataset, "spiral");
  assert.deepEqual(s.config.networkShape, [8, 8, 8, 8, 8, 8]);
  for (const key of ["x", "y", "xTimesY", "xSquared", "ySquared", "sinX", "sinY"]) {
    assert.equal(s.config[key], true, key);
    assert.equal(await second.page.getAttribute(`#input-${key}`, "aria-pressed"), "true", key);
  }
  const w = await weights(second.page);
  assert.equal(w.length, 7);
  assert.equal(w[0].weights[0].length, 7, "seven inputs feed the first layer");
  assert.ok(await second.page.isVisible("#add-neuron-6"));
  assert.ok(!(await second.page.isVisible("#add-neuron-7")));
  await screenshot(second.page, "tfp-spiral-six-layers.png");
  assert.deepEqual([...errors, ...second.errors], []);
  await second.page.close();
});

test("a link with bad values opens with defaults for them and a message naming them", async () => {
  const { page, errors } = await openPage(browser.context, {
    hash: "#learningRate=50&dataset=moons&colour=red&noise=10&networkShape=4,99",
  });
  const s = await snapshot(page);
  assert.equal(s.config.learningRate, 0.03);
  assert.equal(s.config.dataset, "circle");
  assert.deepEqual(s.config.networkShape, [4, 2]);
  assert.equal(s.config.noise, 10, "the valid key was used");
  const text = await messageText(page);
  for (const key of ["learningRate", "dataset", "colour", "networkShape"]) {
    assert.ok(text.includes(key), `${key} not named in: ${text}`);
  }
  assert.ok(!text.includes("noise:"), text);
  // The URL now says what the page uses; the message can be dismissed.
  const hash = await page.evaluate(() => location.hash);
  assert.ok(hash.includes("learningRate=0.03") && hash.includes("noise=10"), hash);
  await page.click("#message-close");
  assert.equal(await messageText(page), "");
  assert.deepEqual(errors, []);
  await page.close();
});

test("every setting lives in the URL hash; the link reopens the same experiment", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.selectOption("#activation", "relu");
  await page.selectOption("#regularization", "L2");
  await page.selectOption("#regularization-rate", "0.003");
  await page.click("[data-dataset=xor]");
  await page.click("#input-xTimesY");
  await page.click("#add-layer");
  await page.check("#discretize");
  const s = await snapshot(page);
  const hash = await page.evaluate(() => location.hash);
  for (const part of ["activation=relu", "regularization=L2", "regularizationRate=0.003", "dataset=xor",
    "xTimesY=true", "networkShape=4,2,2", "discretize=true"]) {
    assert.ok(hash.includes(part), `${part} missing from ${hash}`);
  }
  const again = await openPage(browser.context, { hash });
  assert.deepEqual((await snapshot(again.page)).config, s.config);
  assert.equal(await messageText(again.page), "");
  // A link pasted into the same tab opens its experiment.
  await again.page.evaluate(() => { location.hash = "#dataset=gauss&networkShape=3"; });
  await again.page.waitForFunction(() => window.nnlab.snapshot().config.dataset === "gauss");
  assert.deepEqual((await snapshot(again.page)).config.networkShape, [3]);
  assert.deepEqual([...errors, ...again.errors], []);
  await page.close();
  await again.page.close();
});

test("clicking input neurons switches features; the graph and the boundary change", async () => {
  const { page, errors } = await openPage(browser.context);
  await frames(page);
  const graph = await canvasPixels(page, "network-canvas");
  const boundary = await canvasPixels(page, "boundary-canvas");
  assert.equal(await page.getAttribute("#input-xSquared", "aria-pressed"), "false");
  await page.click("#input-xSquared");
  let s = await snapshot(page);
  assert.equal(s.config.xSquared, true);
  assert.equal((await weights(page))[0].weights[0].length, 3, "a third input feeds layer 1");
  await frames(page);
  assert.equal(await page.getAttribute("#input-xSquared", "aria-pressed"), "true");
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, graph.hash);
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, boundary.hash);
  // The last feature on cannot be switched off: a message, nothing changes.
  await page.click("#input-x");
  await page.click("#input-y");
  await page.click("#input-xSquared");
  s = await snapshot(page);
  assert.equal(s.config.xSquared, true);
  assert.match(await messageText(page), /at least one input feature/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("+ and − add and remove layers and neurons", async () => {
  const { page, errors } = await openPage(browser.context);
  await frames(page);
  const before = await canvasPixels(page, "network-canvas");
  await page.click("#add-layer");
  assert.deepEqual((await snapshot(page)).config.networkShape, [4, 2, 2]);
  await page.click("#add-neuron-1");
  await page.click("#remove-neuron-2");
  assert.deepEqual((await snapshot(page)).config.networkShape, [5, 1, 2]);
  assert.ok(await page.isDisabled("#remove-neuron-2"), "a layer keeps at least one neuron");
  const w = await weights(page);
  assert.deepEqual(w.map((l) => l.bias.length), [5, 1, 2, 1]);
  await frames(page);
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, before.hash);
  await page.click("#remove-layer");
  assert.deepEqual((await snapshot(page)).config.networkShape, [5, 1]);
  assert.equal(await page.textContent("#layer-count"), "2 hidden layers");
  for (let i = 0; i < 2; i++) await page.click("#remove-layer");
  assert.deepEqual((await snapshot(page)).config.networkShape, []);
  assert.ok(await page.isDisabled("#remove-layer"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("regularisation, learning rate and batch size apply live; ratio and noise start again", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#networkShape=8,8&learningRate=0.1" });
  await page.evaluate(() => window.nnlab.step(100));
  const plain = sumAbs(await weights(page));
  await page.selectOption("#regularization", "L1");
  await page.selectOption("#regularization-rate", "0.03");
  let s = await snapshot(page);
  assert.equal(s.epoch, 100, "changing the regularisation does not reset");
  assert.equal(s.config.regularization, "L1");
  assert.equal(s.config.regularizationRate, 0.03);
  await page.evaluate(() => window.nnlab.step(100));
  const w = await weights(page);
  const zeros = w.flatMap((l) => l.weights.flat()).filter((x) => x === 0).length;
  assert.ok(zeros > 5, `L1 stopped only ${zeros} weights at zero`);
  assert.ok(sumAbs(w) < plain, `L1 did not shrink the weights: ${sumAbs(w)} vs ${plain}`);

  await page.locator("#batch-size").fill("30");
  s = await snapshot(page);
  assert.equal(s.config.batchSize, 30);
  assert.equal(s.epoch, 200, "batch size applies live");
  assert.equal(await page.textContent("#batch-size-value"), "30");

  await page.locator("#perc-train").fill("70");
  s = await snapshot(page);
  assert.equal(s.config.percTrainData, 70);
  assert.equal(s.trainCount, 350);
  assert.equal(s.epoch, 0, "a new split starts again");
  await page.locator("#noise").fill("25");
  s = await snapshot(page);
  assert.equal(s.config.noise, 25);
  assert.equal(await page.textContent("#noise-value"), "25");
  assert.deepEqual(errors, []);
  await page.close();
});

test("regenerate gives new data and keeps the network; problem type and dataset tiles", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.evaluate(() => window.nnlab.step(20));
  await frames(page);
  const points = await canvasPixels(page, "boundary-canvas");
  const w = await weights(page);
  const seed = (await snapshot(page)).config.seed;
  await page.click("#regenerate");
  const s = await snapshot(page);
  assert.notEqual(s.config.seed, seed);
  assert.equal(s.epoch, 20);
  assert.deepEqual(await weights(page), w, "the network is unchanged");
  await frames(page);
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, points.hash);
  assert.ok((await page.evaluate(() => location.hash)).includes(`seed=${s.config.seed}`));

  assert.ok(await page.isVisible("[data-dataset=spiral]"));
  assert.ok(!(await page.isVisible("[data-dataset=reg-plane]")));
  await page.selectOption("#problem", "regression");
  let r = await snapshot(page);
  assert.equal(r.config.problem, "regression");
  assert.equal(r.trainCount + r.testCount, 1200);
  assert.ok(await page.isVisible("[data-dataset=reg-plane]"));
  assert.ok(!(await page.isVisible("[data-dataset=spiral]")));
  assert.equal(await page.getAttribute("[data-dataset=reg-plane]", "aria-pressed"), "true");
  await page.click("[data-dataset=reg-gauss]");
  r = await snapshot(page);
  assert.equal(r.config.regDataset, "reg-gauss");
  const start = r.trainLoss;
  await page.evaluate(() => window.nnlab.step(150));
  assert.ok((await snapshot(page)).trainLoss < start, "regression learns");
  await frames(page);
  await screenshot(page, "regression.png");
  assert.deepEqual(errors, []);
  await page.close();
});

test("hover: a neuron's output fills the large heatmap; a link's value updates live and can be edited", async () => {
  const { page, errors } = await openPage(browser.context);
  await frames(page);
  const output = await canvasPixels(page, "boundary-canvas");
  // An input neuron: its feature is shown large.
  const input = await page.locator("#input-xSquared").boundingBox();
  await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2);
  await frames(page);
  assert.equal((await snapshot(page)).boundaryShows, "xSquared");
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, output.hash);
  // A hidden neuron: scan down its column.
  const plus = await page.locator("#add-neuron-1").boundingBox();
  const canvas = await page.locator("#network-canvas").boundingBox();
  let shown = "";
  for (let y = canvas.y + 40; y < canvas.y + canvas.height && !shown.startsWith("layer"); y += 6) {
    await page.mouse.move(plus.x + 22 + plus.width / 2 - 2, y);
    shown = (await snapshot(page)).boundaryShows;
  }
  assert.equal(shown, "layer 1, neuron 1");
  await frames(page);
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, output.hash);
  assert.match(await page.textContent("#boundary-caption"), /neuron 1 of layer 1/);

  // The links leaving X1 start at its right edge.
  const x1 = await page.locator("#input-x").boundingBox();
  const at = { x: x1.x + x1.width + 3, y: x1.y + x1.height / 2 };
  await page.mouse.move(at.x, at.y);
  let s = await snapshot(page);
  assert.equal(s.hover.kind, "weight");
  assert.equal(s.hover.layer, 0);
  assert.ok(await page.isVisible("#hover-card"));
  const { j, i } = s.hover;
  const card = async () => (await page.textContent("#hover-text")).trim();
  assert.ok((await card()).includes(s.hover.value.toFixed(4)), await card());
  // Train while hovering (the pointer stays on the link): the card follows the weight.
  await page.evaluate(() => window.nnlab.play());
  await page.waitForFunction(() => window.nnlab.snapshot().epoch > 30);
  await page.evaluate(() => window.nnlab.pause());
  await frames(page);
  s = await snapshot(page);
  const now = (await weights(page))[0].weights[j][i];
  assert.ok((await card()).includes(now.toFixed(4)), `${await card()} vs ${now}`);

  // Click, type a new value: the network uses it at once.
  await page.mouse.move(at.x, at.y);
  await page.mouse.click(at.x, at.y);
  assert.ok(await page.isVisible("#hover-edit"));
  await page.fill("#hover-edit", "1.5");
  await page.press("#hover-edit", "Enter");
  assert.equal((await weights(page))[0].weights[j][i], 1.5);
  assert.ok((await card()).includes("1.5000"), await card());
  // Text that is not a number: a message, nothing changes, and it stays text.
  await page.mouse.click(at.x, at.y);
  await page.fill("#hover-edit", "<img src=x onerror=window.pwned=1>");
  await page.press("#hover-edit", "Enter");
  assert.equal((await weights(page))[0].weights[j][i], 1.5);
  assert.match(await messageText(page), /is not a number/);
  assert.equal(await page.evaluate(() => document.querySelectorAll("#message img").length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await screenshot(page, "hover-edit.png");
  assert.deepEqual(errors, []);
  await page.close();
});

test("show test data, discretize output and the colour legend", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.evaluate(() => window.nnlab.step(30));
  await frames(page);
  const plain = await canvasPixels(page, "boundary-canvas");
  await page.check("#discretize");
  assert.equal((await snapshot(page)).config.discretize, true);
  await frames(page);
  const discrete = await canvasPixels(page, "boundary-canvas");
  assert.notEqual(discrete.hash, plain.hash);
  assert.ok(discrete.colours < plain.colours, `${discrete.colours} vs ${plain.colours} colours`);
  await page.check("#show-test");
  await frames(page);
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, discrete.hash);
  assert.deepEqual(await page.$$eval(".legend span:not(.legend-bar)", (s) => s.map((e) => e.textContent)), ["−1", "0", "1"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("classroom panel: hidden controls travel in the link; the test loss stays", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click("#classroom summary");
  await page.check("#hide-learningRate");
  await page.check("#hide-percTrainData");
  await page.check("#hide-playButton");
  assert.ok(!(await page.isVisible("#learning-rate")));
  assert.ok(!(await page.isVisible("#perc-train")));
  assert.ok(!(await page.isVisible("#play")));
  assert.ok(await page.isVisible("#test-loss"));
  const link = await page.inputValue("#share-link");
  assert.ok(link.startsWith(BASE_URL), link);
  for (const part of ["playButton_hide=true", "learningRate_hide=true", "percTrainData_hide=true"]) {
    assert.ok(link.includes(part), `${part} missing from ${link}`);
  }
  const student = await browser.context.newPage();
  await student.goto(link);
  await student.waitForFunction(() => window.nnlab !== undefined);
  assert.ok(!(await student.isVisible("#learning-rate")));
  assert.ok(!(await student.isVisible("#perc-train")));
  assert.ok(await student.isVisible("#test-loss"));
  assert.ok(await student.isVisible("#noise"));
  assert.deepEqual((await snapshot(student)).config.hidden, ["playButton", "learningRate", "percTrainData"]);
  await screenshot(student, "classroom-link.png");
  await page.uncheck("#hide-learningRate");
  assert.ok(await page.isVisible("#learning-rate"));
  assert.deepEqual(errors, []);
  await page.close();
  await student.close();
});
