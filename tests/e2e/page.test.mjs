// End to end: the page used as a person would, in real Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, screenshot, canvasPixels, BASE_URL, snapshot, frames } from "./helpers.mjs";

const CANVASES = ["network-canvas", "boundary-canvas", "loss-canvas"];
const browser = sharedBrowser();


test("a new user presses play and watches the network learn", async () => {
  const { page, errors } = await openPage(browser.context);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));

  const start = await snapshot(page);
  assert.equal(start.epoch, 0);
  assert.equal(start.running, false);
  assert.equal(start.config.dataset, "circle");
  assert.equal(start.config.learningRate, 0.03);

  // Every canvas is drawn before training starts.
  await page.waitForTimeout(200);
  const before = {};
  for (const id of CANVASES) {
    before[id] = await canvasPixels(page, id);
    assert.ok(before[id].colours > 20, `${id} is nearly uniform: ${before[id].colours} colours`);
  }

  await page.click("#play");
  assert.equal((await snapshot(page)).running, true);
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "true");

  // About one epoch per animation frame.
  const rate = await page.evaluate(async () => {
    const e0 = window.nnlab.snapshot().epoch;
    let frames = 0;
    const t0 = performance.now();
    await new Promise((done) => {
      const tick = () => {
        frames += 1;
        if (performance.now() - t0 < 1000) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return { frames, epochs: window.nnlab.snapshot().epoch - e0 };
  });
  assert.ok(rate.frames > 20, `only ${rate.frames} animation frames in a second`);
  assert.ok(Math.abs(rate.epochs - rate.frames) <= 2 + rate.frames * 0.05,
    `${rate.epochs} epochs in ${rate.frames} frames`);

  // The training loss halves within 200 epochs.
  await page.waitForFunction((l0) => window.nnlab.snapshot().trainLoss < l0 / 2, start.trainLoss, { timeout: 20000 });
  const halved = await snapshot(page);
  assert.ok(halved.epoch <= 200, `the loss halved only at epoch ${halved.epoch}`);

  // The numbers on the page are the snapshot's.
  await page.click("#play");
  const paused = await snapshot(page);
  assert.equal(paused.running, false);
  await page.waitForTimeout(100);
  const shown = Number((await page.textContent("#epoch")).replace(/,/g, ""));
  assert.equal(shown, paused.epoch);
  assert.equal(await page.textContent("#train-loss"), paused.trainLoss.toFixed(3));
  assert.equal(await page.textContent("#test-loss"), paused.testLoss.toFixed(3));

  // Every canvas changed while training.
  for (const id of CANVASES) {
    const now = await canvasPixels(page, id);
    assert.ok(now.colours > 20, `${id} became uniform`);
    assert.notEqual(now.hash, before[id].hash, `${id} did not change while training`);
  }

  await screenshot(page, "trained-1280.png");
  // Nothing is fetched from anywhere but the page's own server.
  for (const url of requests) assert.ok(url.startsWith(BASE_URL) || url.startsWith("data:"), url);
  assert.deepEqual(errors, []);
  await page.close();
});

test("dragging the learning-rate slider changes the rate and training goes on", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 20);
  const box = await page.locator("#learning-rate").boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.58, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.8, y, { steps: 5 });
  await page.mouse.up();
  const dragged = await snapshot(page);
  assert.notEqual(dragged.config.learningRate, 0.03);
  assert.ok(dragged.config.learningRate > 0.1 && dragged.config.learningRate < 3,
    `learning rate ${dragged.config.learningRate}`);
  assert.ok(dragged.epoch >= 20, "moving the slider did not reset training");
  assert.equal(dragged.running, true);
  assert.equal(await page.textContent("#learning-rate-value"), String(dragged.config.learningRate));

  const later = dragged.epoch + 10;
  await page.waitForFunction((e) => window.nnlab.snapshot().epoch >= e, later);

  // The keyboard moves it too (one step = one hundredth of a decade). (At 10 the loss may
  // explode and training pause with its warning: that is tested elsewhere.)
  await page.focus("#learning-rate");
  await page.keyboard.press("Home");
  assert.equal((await snapshot(page)).config.learningRate, 0.00001);
  await page.keyboard.press("End");
  assert.equal((await snapshot(page)).config.learningRate, 10);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the dataset tiles and activation picker start a new network; step and reset work", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click("#step");
  await page.click("#step");
  assert.equal((await snapshot(page)).epoch, 2);
  const circle = await canvasPixels(page, "boundary-canvas");

  await page.click("[data-dataset=spiral]");
  let s = await snapshot(page);
  assert.equal(s.config.dataset, "spiral");
  assert.equal(s.epoch, 0);
  await page.waitForTimeout(100);
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, circle.hash);

  await page.selectOption("#activation", "relu");
  s = await snapshot(page);
  assert.equal(s.config.activation, "relu");
  assert.equal(s.config.dataset, "spiral");

  const hidden = await canvasPixels(page, "boundary-canvas");
  await page.check("#show-test");
  assert.equal((await snapshot(page)).config.showTestData, true);
  await page.waitForTimeout(100);
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, hidden.hash, "test points drawn");

  await page.click("#step");
  assert.equal((await snapshot(page)).epoch, 1);
  await page.click("#reset");
  assert.equal((await snapshot(page)).epoch, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the JS API: synchronous step, and setConfig refuses bad input and changes nothing", async () => {
  const { page, errors } = await openPage(browser.context);
  const stepped = await page.evaluate(() => {
    window.nnlab.step(200);
    return window.nnlab.snapshot();
  });
  assert.equal(stepped.epoch, 200);
  assert.equal(stepped.running, false);

  const result = await page.evaluate(() => {
    const attempts = [{ learningRate: 50 }, { dataset: "moons" }, { networkShape: [4, 40] }, { colour: "red" }, 7];
    return attempts.map((a) => {
      try {
        window.nnlab.setConfig(a);
        return "accepted";
      } catch (e) {
        return `${e instanceof Error}: ${e.message}`;
      }
    });
  });
  assert.match(result[0], /^true: learningRate: .*0\.00001.*10/);
  assert.match(result[1], /^true: dataset: .*circle, xor, gauss, spiral/);
  assert.match(result[2], /^true: networkShape: .*1 to 16/);
  assert.match(result[3], /^true: colour: unknown setting/);
  assert.match(result[4], /^true: config: /);
  const after = await snapshot(page);
  assert.deepEqual(after.config, stepped.config);
  assert.equal(after.epoch, 200);

  await page.evaluate(() => window.nnlab.setConfig({ learningRate: 0.1, batchSize: 25 }));
  const live = await snapshot(page);
  assert.equal(live.epoch, 200, "learning rate and batch size apply live");
  assert.equal(await page.textContent("#learning-rate-value"), "0.1");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the page fits a phone", async () => {
  const { page, errors } = await openPage(browser.context, { viewport: { width: 390, height: 844 } });
  await page.evaluate(() => window.nnlab.step(50));
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  // One view at a time: the network's, then the output's (loss and boundary).
  for (const [tab, ids] of [["network", ["network-canvas"]], ["output", ["boundary-canvas", "loss-canvas"]]]) {
    await page.click(`#tab-${tab}`);
    await frames(page, 2);
    for (const id of ids) {
      assert.ok(CANVASES.includes(id));
      assert.ok((await canvasPixels(page, id)).colours > 20, `${id} not drawn on a phone`);
    }
  }
  await screenshot(page, "phone-390.png");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the speed picker: slow motion, many epochs per frame, maximum", async () => {
  const { page, errors } = await openPage(browser.context);
  const countFrames = (ms) => page.evaluate(async (ms) => {
    const e0 = window.nnlab.snapshot().epoch;
    let frames = 0;
    const t0 = performance.now();
    await new Promise((done) => {
      const tick = () => { frames += 1; if (performance.now() - t0 < ms) requestAnimationFrame(tick); else done(); };
      requestAnimationFrame(tick);
    });
    return { frames, epochs: window.nnlab.snapshot().epoch - e0 };
  }, ms);

  await page.selectOption("#speed", "0.25");
  assert.equal((await snapshot(page)).config.speed, 0.25);
  await page.click("#play");
  const slow = await countFrames(1000);
  assert.ok(Math.abs(slow.epochs - slow.frames / 4) <= 2 + slow.frames * 0.05, `${slow.epochs} epochs in ${slow.frames} frames`);

  await page.selectOption("#speed", "20");
  const fast = await countFrames(500);
  assert.ok(Math.abs(fast.epochs - fast.frames * 20) <= 40 + fast.frames, `${fast.epochs} epochs in ${fast.frames} frames`);

  await page.selectOption("#speed", "max");
  assert.equal((await snapshot(page)).config.speed, "max");
  const max = await countFrames(1000);
  assert.ok(max.epochs > max.frames * 20, `maximum speed: ${max.epochs} epochs in ${max.frames} frames`);
  assert.ok(max.frames >= 20, `the view refreshed only ${max.frames} times in a second`);
  const s = await snapshot(page);
  assert.equal(s.running, true);
  assert.equal(s.config.dataset, "circle", "changing the speed resets nothing");
  assert.deepEqual(errors, []);
  await page.close();
});
