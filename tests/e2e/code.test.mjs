// End to end: "Export as Python (NumPy)" downloads a script that runs with python3 and
// NumPy and prints the losses the page then shows, epoch by epoch; lessons that ask first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { sharedBrowser, openPage, snapshot, messageText, screenshot, chooseLesson, runPython } from "./helpers.mjs";

const browser = sharedBrowser();
// The script computes as the page does (its own tanh, e^x, ln, sin and sums in the page's
// order): the numbers it prints are the page's, bit for bit.
const close = (a, b) => Object.is(a, b);

test("the Python export downloads a .py that prints the page's next losses", async () => {
  const { page, errors } = await openPage(browser.context, {
    hash: "#dataset=spiral&networkShape=6,4&optimizer=adam&learningRate=0.01&xSquared=true&ySquared=true&sinX=true&batchSize=7",
  });
  await page.evaluate(() => window.nnlab.step(25));
  await page.fill("#python-epochs", "8");
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#export-python")]);
  assert.equal(file.suggestedFilename(), "nnlab-spiral-epoch-25.py");
  const text = readFileSync(await file.path(), "utf8");
  assert.match(text, /^#!\/usr\/bin\/env python3/);
  assert.match(text, /def backward\(z, a, T\):/);
  assert.match(await messageText(page), /nnlab-spiral-epoch-25\.py/);
  const printed = runPython(text);
  assert.equal(printed.length, 8);
  // The page trains on: each epoch's losses equal the script's.
  for (const row of printed) {
    await page.evaluate(() => window.nnlab.step(1));
    const s = await snapshot(page);
    assert.equal(s.epoch, row.epoch);
    assert.ok(close(row.train, s.trainLoss) && close(row.test, s.testLoss),
      `epoch ${row.epoch}: script ${row.train}/${row.test}, page ${s.trainLoss}/${s.testLoss}`);
  }
  // From epoch 0, through the API: the same losses a fresh page shows.
  const fromStart = await page.evaluate(() => window.nnlab.exportPython({ start: "epoch0", epochs: 3 }));
  const first = runPython(fromStart);
  assert.deepEqual(first.map((r) => r.epoch), [1, 2, 3]);
  const fresh = await openPage(browser.context, {
    hash: "#dataset=spiral&networkShape=6,4&optimizer=adam&learningRate=0.01&xSquared=true&ySquared=true&sinX=true&batchSize=7",
  });
  for (const row of first) {
    await fresh.page.evaluate(() => window.nnlab.step(1));
    const s = await snapshot(fresh.page);
    assert.ok(close(row.train, s.trainLoss), `epoch ${row.epoch}`);
  }
  // A sensitive run (single-sample steps, tanh, momentum at 0.1: NumPy's own tanh parted
  // from the page by 0.48 at epoch 14), from epoch 0: equal bit for bit for 30 epochs.
  const SENSITIVE = "#dataset=blobs&classes=4&activation=tanh&networkShape=5&loss=crossEntropy&optimizer=momentum&learningRate=0.1&batchSize=1&regularization=L2&regularizationRate=0.003";
  const sensitive = await openPage(browser.context, { hash: SENSITIVE });
  const rows = runPython(await sensitive.page.evaluate(() => window.nnlab.exportPython({ start: "epoch0", epochs: 30 })));
  assert.equal(rows.length, 30);
  for (const row of rows) {
    await sensitive.page.evaluate(() => window.nnlab.step(1));
    const s = await snapshot(sensitive.page);
    assert.ok(close(row.train, s.trainLoss) && close(row.test, s.testLoss),
      `sensitive, epoch ${row.epoch}: script ${row.train}/${row.test}, page ${s.trainLoss}/${s.testLoss}`);
  }
  await sensitive.page.close();
  // Refusals: an Error that says why, and nothing changes.
  const before = await snapshot(page);
  const refused = await page.evaluate(() => {
    try { window.nnlab.exportPython({ epochs: 0 }); return "accepted"; } catch (e) { return e.message; }
  });
  assert.match(refused, /1 to 1000 epochs/);
  const wrong = await page.evaluate(() => {
    try { window.nnlab.exportPython({ start: "yesterday" }); return "accepted"; } catch (e) { return e.message; }
  });
  assert.match(wrong, /exportPython takes/);
  assert.equal((await snapshot(page)).epoch, before.epoch);
  assert.deepEqual([...errors, ...fresh.errors, ...sensitive.errors], []);
  await page.close();
  await fresh.page.close();
});

test("a lesson asks before it runs, shows the prediction beside what happened, and moves on", async () => {
  const { page, errors } = await openPage(browser.context);
  await chooseLesson(page, 2);
  await page.selectOption("#speed", "max");
  assert.ok(await page.isVisible("#lesson-predict"));
  assert.match(await page.textContent("#lesson-question"), /single neuron on X₁ and X₂ learn XOR/);
  // Every control of the lesson explains itself in a tooltip.
  const untitled = await page.evaluate(() => [...document.querySelectorAll("#lesson button, #lesson a")]
    .filter((e) => e.offsetParent !== null && !(e.title || e.closest("[title]")?.title))
    .map((e) => e.id));
  assert.deepEqual(untitled, []);
  // Play waits for the prediction, and says why.
  await page.click("#play");
  await page.waitForTimeout(300);
  let s = await snapshot(page);
  assert.equal(s.epoch, 0);
  assert.equal(s.running, false);
  assert.equal(s.lesson.awaitingPrediction, true);
  assert.match(await messageText(page), /asks for a prediction first/);
  assert.match(await page.textContent("#lesson-waits"), /prediction first/);
  // The class predicts "Yes"; play runs until the step's condition, then pauses.
  await page.click("#lesson-choice-1");
  assert.equal(await page.getAttribute("#lesson-choice-1", "aria-pressed"), "true");
  assert.ok(await page.isDisabled("#lesson-choice-2"));
  assert.match(await page.textContent("#lesson-waits"), /Moves on when 300 epochs are trained in this step/);
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().lesson.met, null, { timeout: 60000 });
  s = await snapshot(page);
  assert.equal(s.epoch, 300, "play stops at the step's epoch");
  assert.match(await page.getAttribute("#lesson-next", "class"), /primary/);
  assert.equal(s.running, false, "the page pauses to show what happened");
  assert.equal(s.lesson.predicted, 0);
  const happened = s.trainLoss < 0.1 ? 0 : 1;
  assert.equal(s.lesson.happened, happened);
  assert.ok(await page.isVisible("#lesson-result"));
  assert.equal(await page.textContent("#lesson-outcome"),
    `You predicted: Yes · What happened: ${happened === 0 ? "Yes" : "No"}`);
  assert.ok(await page.evaluate((k) => document.getElementById(`lesson-choice-${k + 1}`).classList.contains("happened"), happened));
  assert.match(await page.textContent("#lesson-why"), /No straight line/);
  await screenshot(page, "lesson-1280-en.png");
  // Next: the step waits for X₁X₂ or a hidden layer; switching X₁X₂ on meets it.
  await page.click("#lesson-next");
  s = await snapshot(page);
  assert.deepEqual([s.lesson.step, s.lesson.met], [2, false]);
  assert.ok(!(await page.isVisible("#lesson-predict")));
  assert.match(await page.textContent("#lesson-waits"), /the input X₁X₂ is on, or there are 1 or more hidden layers/);
  await page.evaluate(() => window.nnlab.setConfig({ xTimesY: true }));
  await page.waitForFunction(() => window.nnlab.snapshot().lesson.met);
  assert.ok(await page.isVisible("#lesson-result"));
  assert.equal(await page.getAttribute("#lesson-link", "href"), "#lesson=xor&step=2");
  // Back asks again.
  await page.click("#lesson-back");
  s = await snapshot(page);
  assert.deepEqual([s.lesson.step, s.lesson.awaitingPrediction], [1, true]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a lesson link opens at its step; the API lists and opens lessons; in Chinese on a phone", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#lesson=xor&step=3" });
  let s = await snapshot(page);
  assert.deepEqual([s.lesson.id, s.lesson.step, s.lesson.steps], ["xor", 3, 3]);
  assert.equal(s.config.xTimesY, true, "what step 2 left");
  assert.equal(await page.textContent("#lesson-title"), "2. XOR needs more");
  assert.equal(await page.textContent("#lesson-progress"), "Step 3 of 3");
  const lessons = await page.evaluate(() => window.nnlab.lessons());
  assert.deepEqual(lessons.map((l) => l.id), ["one-neuron", "xor", "learning-rate", "overfitting",
    "vanishing-gradients", "textbook", "fold", "mistakes", "timeline", "three-rates", "dropout",
    "digit-neuron", "backprop", "names", "temperature", "context", "poems", "language-models"]);
  for (const l of lessons) {
    for (const step of l.steps) {
      assert.ok(step.text.length > 20 && step.why.length > 20 && step.until.length > 5, l.id);
      if (step.question) assert.ok(step.choices.length >= 2 && step.choices.length <= 4, l.id);
    }
  }
  await page.evaluate(() => window.nnlab.openLesson("textbook", 2));
  s = await snapshot(page);
  assert.deepEqual([s.lesson.id, s.lesson.step, s.config.dataset], ["textbook", 2, "textbook"]);
  // The textbook lesson offers its script.
  assert.ok(await page.isVisible("#lesson-export-python"));
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#lesson-export-python")]);
  const printed = runPython(readFileSync(await file.path(), "utf8"));
  assert.equal(printed.length, 20);
  const refusal = (id, step) => page.evaluate(([id, step]) => {
    try { window.nnlab.openLesson(id, step); return "accepted"; } catch (e) { return e.message; }
  }, [id, step]);
  assert.match(await refusal("nonsense", 1), /There is no lesson "nonsense"/);
  assert.match(await refusal("xor", 9), /openLesson/);
  assert.equal((await snapshot(page)).lesson.id, "textbook");

  const phone = await openPage(browser.context, { hash: "#lang=zh&lesson=three-rates", viewport: { width: 390, height: 844 } });
  s = await snapshot(phone.page);
  assert.deepEqual([s.lesson.id, s.lesson.step, s.config.lang], ["three-rates", 1, "zh"]);
  assert.equal(await phone.page.textContent("#lesson-title"), "10. 三个学习率并排比较");
  assert.match(await phone.page.textContent("#lesson-question"), /哪一次的训练损失最低/);
  await phone.page.click("#lesson-choice-2");
  await phone.page.evaluate(() => window.nnlab.step(200));
  await phone.page.waitForFunction(() => window.nnlab.snapshot().lesson.met);
  assert.match(await phone.page.textContent("#lesson-outcome"), /^你的预测：B：η = 0\.03 · 实际结果：/);
  await phone.page.locator("#lesson").scrollIntoViewIfNeeded();
  await screenshot(phone.page, "lesson-390-zh.png");
  assert.deepEqual([...errors, ...phone.errors], []);
  await page.close();
  await phone.page.close();
});
