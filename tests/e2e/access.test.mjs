// End to end: the page without a mouse, its tooltips and its screen-reader summary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { sharedBrowser, launch, openPage, snapshot, canvasPixels, frames, chooseLesson } from "./helpers.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const browser = sharedBrowser();


test("keyboard only: play, step, change the learning rate, reset", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.keyboard.press("Space");
  assert.equal((await snapshot(page)).running, true);
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 10);
  await page.keyboard.press("Space");
  const paused = await snapshot(page);
  assert.equal(paused.running, false);
  await page.keyboard.press("ArrowRight");
  assert.equal((await snapshot(page)).epoch, paused.epoch + 1);
  // Tab to the learning-rate slider; the arrow keys move it a hundredth of a decade.
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.id === "learning-rate");
  }
  assert.ok(reached, "the learning-rate slider is reachable with Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "a visible focus ring");
  await page.keyboard.press("ArrowRight");
  assert.equal((await snapshot(page)).config.learningRate, 0.0309);
  // r resets (not while a field has the focus: the slider ignores it).
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("r");
  const reset = await snapshot(page);
  assert.equal(reset.epoch, 0);
  assert.equal(reset.config.learningRate, 0.0309, "a reset keeps the settings");
  assert.deepEqual(errors, []);
  await page.close();
});

test("every control explains itself in a tooltip, and a live region summarises progress", async () => {
  const { page, errors } = await openPage(browser.context);
  const missing = await page.evaluate(() => [...document.querySelectorAll("main button, main select, main input, header button, header select, header input, #files input, #files button, #inspector button, #inspector select")]
    .filter((e) => e.offsetParent !== null || e.type === "file")
    .filter((e) => !(e.title || e.closest("[title]")?.title))
    .map((e) => e.id || e.outerHTML.slice(0, 60)));
  assert.deepEqual(missing, []);
  await page.keyboard.press("Space");
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 5);
  await page.keyboard.press("Space");
  await page.waitForTimeout(100);
  const region = await page.evaluate(() => {
    const r = document.getElementById("announce");
    return { live: r.getAttribute("aria-live"), text: r.textContent };
  });
  assert.equal(region.live, "polite");
  const s = await snapshot(page);
  assert.match(region.text, new RegExp(`^Paused at epoch ${s.epoch}\\. Training loss ${s.trainLoss.toFixed(3)}, test loss ${s.testLoss.toFixed(3)}`));
  assert.match(await page.getAttribute("#loss-canvas", "aria-label"), new RegExp(`at epoch ${s.epoch}: ${s.trainLoss.toFixed(3)} and ${s.testLoss.toFixed(3)}`));
  assert.match(await page.getAttribute("#boundary-canvas", "aria-label"), /\(Circle\); \d+ % of the points classified right/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("embed mode (hideText=true) shows the playground without the page's chrome", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#hideText=true&dataset=xor" });
  for (const id of ["lessons", "lessons-button", "inspector", "tab-example", "files", "classroom"]) {
    assert.ok(!(await page.isVisible(`#${id}`)), `#${id} shown in embed mode`);
  }
  assert.ok(!(await page.isVisible("h1")));
  for (const id of ["network-canvas", "boundary-canvas", "loss-canvas", "play"]) {
    assert.ok(await page.isVisible(`#${id}`), `#${id} hidden in embed mode`);
  }
  await page.evaluate(() => window.nnlab.setConfig({ hideText: false }));
  assert.ok(await page.isVisible("#lessons-button"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("an automated accessibility scan (axe-core) finds no serious violations", async () => {
  const { page, errors } = await openPage(browser.context);
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const scan = () => page.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) })));
  const found = [];
  await page.evaluate(() => window.nnlab.step(20));
  found.push(...await scan());
  await page.click("#classroom summary");
  await page.click("[data-dataset=blobs]");
  found.push(...await scan());
  await chooseLesson(page, 6);
  found.push(...await scan());
  // In Chinese, with the keyboard on a weight's card.
  await page.selectOption("#lang", "zh");
  await page.focus("#network-canvas");
  await page.keyboard.press("ArrowRight");
  found.push(...await scan());
  const serious = found.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(serious, []);
  if (found.length) console.log("axe, minor:", JSON.stringify(found));
  assert.deepEqual(errors, []);
  await page.close();
});

test("display: dark theme, presentation mode and colour-blind-safe colours, without a reset", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.evaluate(() => window.nnlab.step(40));
  await page.waitForTimeout(100);
  const graph = await canvasPixels(page, "network-canvas");
  const boundary = await canvasPixels(page, "boundary-canvas");
  const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("h2")).fontSize));

  await page.selectOption("#theme", "dark");
  assert.ok(await page.evaluate(() => document.body.classList.contains("theme-dark")));
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(18, 20, 23)");

  await page.check("#presentation");
  await page.waitForTimeout(150);
  assert.ok(await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("h2")).fontSize)) > fontSize * 1.2);
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, graph.hash, "thicker links, larger labels");

  await page.selectOption("#palette", "colorBlind");
  await page.waitForTimeout(150);
  const recoloured = await canvasPixels(page, "boundary-canvas");
  assert.notEqual(recoloured.hash, boundary.hash);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).getPropertyValue("--negative").trim()), "#d55e00");

  const s = await page.evaluate(() => window.nnlab.snapshot());
  assert.equal(s.epoch, 40, "display settings reset nothing");
  assert.equal(s.config.theme, "dark");
  assert.equal(s.config.presentation, true);
  assert.equal(s.config.palette, "colorBlind");
  const hash = await page.evaluate(() => location.hash);
  assert.ok(hash.includes("theme=dark") && hash.includes("presentation=true") && hash.includes("palette=colorBlind"), hash);
  // Dark and presentation together still pass the accessibility scan.
  await page.evaluate(AXE);
  const serious = await page.evaluate(async () => (await window.axe.run(document)).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 4) })));
  assert.deepEqual(serious, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("keyboard: on the focused graph the arrows walk through the weights and biases, Enter edits one", async () => {
  const { page, errors } = await openPage(browser.context);
  const epoch = (await snapshot(page)).epoch;
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.id === "network-canvas");
  }
  assert.ok(reached, "the graph is reachable with Tab");
  assert.match(await page.getAttribute("#network-canvas", "aria-label"), /Arrow keys/);
  const card = async () => (await page.textContent("#hover-text")).trim();
  await frames(page, 2);
  const plain = (await canvasPixels(page, "network-canvas")).hash;
  await page.keyboard.press("ArrowRight");
  await frames(page, 2);
  const first = (await canvasPixels(page, "network-canvas")).hash;
  assert.notEqual(first, plain, "the picked link is drawn highlighted");
  let s = await snapshot(page);
  assert.deepEqual([s.hover.kind, s.hover.layer, s.hover.j, s.hover.i], ["weight", 0, 0, 0]);
  assert.equal(s.epoch, epoch, "on the graph → picks a weight, it does not train");
  assert.ok(await page.isVisible("#hover-card"));
  const w = await page.evaluate(() => window.nnlab.weights());
  assert.ok((await card()).includes(w[0].weights[0][0].toFixed(4)), await card());
  await page.keyboard.press("ArrowRight");
  await frames(page, 2);
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, first, "the highlight moves to the next link");
  await page.keyboard.press("ArrowRight");
  s = await snapshot(page);
  assert.deepEqual([s.hover.kind, s.hover.layer, s.hover.j], ["bias", 0, 0], "two weights, then the bias");
  // ← from the first wraps round to the output's bias.
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowLeft");
  s = await snapshot(page);
  assert.deepEqual([s.hover.kind, s.hover.layer, s.hover.j], ["bias", 2, 0]);
  assert.match(await card(), /^Bias .* of the output/);
  await page.keyboard.press("Enter");
  assert.ok(await page.isVisible("#hover-edit"));
  assert.equal(await page.evaluate(() => document.activeElement?.id), "hover-edit");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("0.75");
  await page.keyboard.press("Enter");
  assert.equal((await page.evaluate(() => window.nnlab.weights()))[2].bias[0], 0.75);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "network-canvas", "the keys go back to the graph");
  await page.keyboard.press("Escape");
  assert.equal((await snapshot(page)).hover ?? null, null);
  assert.ok(!(await page.isVisible("#hover-card")));
  await frames(page, 2);
  // Space still plays and pauses with the graph focused.
  await page.keyboard.press("Space");
  assert.equal((await snapshot(page)).running, true);
  await page.keyboard.press("Space");
  assert.equal((await snapshot(page)).running, false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("touch: a tap on a link shows its card, a second tap edits it, a tap on nothing hides it; a finger drags a slider and taps a point in", async () => {
  const phone = await launch({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  try {
    const { page, errors } = await openPage(phone.context);
    // A phone shows one view at a time: the network's tab first.
    await page.locator("#tab-network").tap();
    await frames(page, 2);
    const x1 = await page.locator("#input-x").boundingBox();
    const at = { x: x1.x + x1.width + 3, y: x1.y + x1.height / 2 };
    await page.touchscreen.tap(at.x, at.y);
    await frames(page, 2);
    const s = await snapshot(page);
    assert.equal(s.hover?.kind, "weight", "the tap picked the link");
    assert.ok(await page.isVisible("#hover-card"), "the card stays after the finger lifts");
    assert.ok(!(await page.isVisible("#hover-edit")), "the first tap only shows the card");
    assert.ok((await page.textContent("#hover-text")).includes(s.hover.value.toFixed(4)));
    await page.touchscreen.tap(at.x, at.y);
    await frames(page, 2);
    assert.ok(await page.isVisible("#hover-edit"), "a second tap edits");
    await page.fill("#hover-edit", "-2");
    await page.press("#hover-edit", "Enter");
    const w = await page.evaluate(() => window.nnlab.weights());
    assert.equal(w[0].weights[s.hover.j][s.hover.i], -2);
    // A hidden neuron: the first tap shows it large, the second opens its menu.
    await page.locator("#network-canvas").scrollIntoViewIfNeeded();
    const plus = await page.locator("#add-neuron-1").boundingBox();
    const graph = await page.locator("#network-canvas").boundingBox();
    let neuron = null;
    for (let y = graph.y + 30; y < graph.y + graph.height && !neuron; y += 4) {
      await page.touchscreen.tap(plus.x + plus.width + 1, y);
      if ((await snapshot(page)).hover?.kind === "neuron") neuron = { x: plus.x + plus.width + 1, y };
    }
    assert.ok(neuron, "a tap finds a hidden neuron");
    assert.ok(!(await page.isVisible("#neuron-menu")), "the first tap only shows it");
    await page.touchscreen.tap(neuron.x, neuron.y);
    assert.ok(await page.isVisible("#neuron-menu"), "the second tap opens its menu");
    await page.locator("#neuron-freeze").tap();
    assert.equal((await snapshot(page)).config.neuronsFrozen.length, 1);
    // A tap on empty graph space hides the card.
    const canvas = await page.locator("#network-canvas").boundingBox();
    await page.touchscreen.tap(canvas.x + canvas.width - 4, canvas.y + canvas.height - 4);
    await frames(page, 2);
    assert.ok(!(await page.isVisible("#hover-card")));
    assert.equal((await snapshot(page)).hover ?? null, null);

    // A finger drags a slider: the noise slider follows it (a real touch sequence).
    await page.locator("#tab-data").tap();
    await frames(page, 2);
    const slider = await page.locator("#noise").boundingBox();
    const cdp = await page.context().newCDPSession(page);
    const touchAt = (type, x) => cdp.send("Input.dispatchTouchEvent", {
      type, touchPoints: type === "touchEnd" ? [] : [{ x, y: slider.y + slider.height / 2 }],
    });
    await page.locator("#noise").scrollIntoViewIfNeeded();
    const box = await page.locator("#noise").boundingBox();
    Object.assign(slider, box);
    await touchAt("touchStart", slider.x + 4);
    for (let k = 1; k <= 10; k++) await touchAt("touchMove", slider.x + 4 + (slider.width * 0.6 * k) / 10);
    await touchAt("touchEnd");
    await frames(page, 2);
    const noise = (await snapshot(page)).config.noise;
    assert.ok(noise >= 20 && noise <= 40, `the dragged noise slider gave ${noise}`);

    // A tap on the output adds a point in add mode.
    await page.locator("#tab-output").tap();
    await frames(page, 2);
    await page.locator("#click-add").tap();
    const before = (await snapshot(page)).trainCount;
    await page.locator("#boundary-canvas").scrollIntoViewIfNeeded();
    const onPlane = await page.locator("#boundary-canvas").boundingBox();
    await page.touchscreen.tap(onPlane.x + onPlane.width * 0.3, onPlane.y + onPlane.height * 0.3);
    await frames(page, 2);
    assert.equal((await snapshot(page)).trainCount, before + 1, "a tap added a point");
    assert.deepEqual(errors, []);
  } finally {
    await phone.close();
  }
});
