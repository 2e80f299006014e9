// End to end: the handwritten digits as a class uses them: pick the tile, play until it
// reads most test digits, draw a digit with the mouse and with a finger and watch the
// 8×8 picture and the ten probabilities follow, add it to the training data, check the
// gallery and the confusion matrix against snapshot(), refuse a CSV line of 63 pixels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, launch, openPage, canvasPixels, frames, snapshot, screenshot, messageText } from "./helpers.mjs";

const browser = sharedBrowser();

/** A "7" as points of the pad, from 0 to 1 of its size. */
const SEVEN = [[0.25, 0.2], [0.45, 0.2], [0.75, 0.2], [0.65, 0.45], [0.55, 0.65], [0.5, 0.85]];

/** Draws `points` (0 to 1) on the pad with the mouse, checking after each move. */
async function drawWithMouse(page, points, each = async () => {}) {
  const box = await page.locator("#digit-pad").boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) {
    await page.mouse.move(...at(p), { steps: 4 });
    await each();
  }
  await page.mouse.up();
}

const padState = (page) => page.evaluate(() => ({
  pixels: window.nnlab.padPixels(),
  probabilities: window.nnlab.classify(window.nnlab.padPixels()),
  caption: document.getElementById("digit-caption").textContent,
}));

test("digits: the tile, training past 90 %, the pad, the gallery and the matrix", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click('[data-dataset="digits"]');
  await frames(page, 3);
  let snap = await snapshot(page);
  assert.equal(snap.config.dataset, "digits");
  assert.equal(snap.config.loss, "crossEntropy");
  const layers = await page.evaluate(() => window.nnlab.weights());
  assert.equal(layers[0].weights[0].length, 64, "64 inputs");
  assert.equal(layers.at(-1).bias.length, 10, "ten outputs");
  assert.ok(await page.isVisible("#digit-pad"));
  assert.ok(!(await page.isVisible("#boundary-canvas")), "no plane for the digits");
  const graphBefore = await canvasPixels(page, "network-canvas");
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().testAccuracy > 0.9, null, { timeout: 60000 });
  await page.click("#play");
  await frames(page, 3);
  snap = await snapshot(page);
  assert.ok(snap.testAccuracy > 0.9, `test accuracy ${snap.testAccuracy}`);
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, graphBefore.hash, "the weight images changed");

  // The pad: the picture and the ten probabilities follow the stroke as it grows.
  const seen = [];
  await drawWithMouse(page, SEVEN, async () => seen.push(await padState(page)));
  const distinct = new Set(seen.map((s) => s.pixels.join(","))).size;
  assert.ok(distinct >= 3, `the 8×8 picture changed with the stroke (${distinct} pictures)`);
  assert.ok(new Set(seen.map((s) => s.probabilities.join(","))).size >= 3, "the probabilities changed");
  const last = seen.at(-1);
  assert.equal(last.pixels.length, 64);
  assert.ok(last.pixels.every((p) => Number.isInteger(p) && p >= 0 && p <= 16));
  assert.ok(Math.abs(last.probabilities.reduce((a, b) => a + b) - 1) < 1e-9);
  assert.match(last.caption, /Your drawing: it reads a \d/);
  await screenshot(page, "digits-1280-en.png");

  // Added to the training data as a 7: one more training digit, labelled 7, the pad clear.
  const before = snap.trainCount;
  await page.selectOption("#pad-label", "7");
  await page.click("#pad-add");
  await frames(page, 2);
  const added = await page.evaluate(() => {
    const csv = window.nnlab.exportCsv().trim().split("\n");
    const train = csv.filter((l) => l.endsWith(",train"));
    return { last: train.at(-1).split(","), count: train.length };
  });
  assert.equal(added.count, before + 1);
  assert.equal(added.last[64], "7");
  assert.deepEqual(added.last.slice(0, 64).map(Number), last.pixels);
  assert.deepEqual(await page.evaluate(() => window.nnlab.padPixels()), new Array(64).fill(0));

  // The gallery and the matrix agree with the snapshot (the test digits).
  const shown = await page.evaluate(() => ({
    matrix: [...document.querySelectorAll("#confusion-body tr")].map((tr) =>
      [...tr.querySelectorAll("button")].map((b) => parseInt(b.textContent, 10))),
    gallery: document.getElementById("gallery-caption").textContent,
    snap: window.nnlab.snapshot(),
  }));
  const confusion = shown.snap.confusion.test;
  assert.deepEqual(shown.matrix, confusion);
  const wrong = confusion.flatMap((row, t) => row.filter((_, p) => p !== t)).reduce((a, b) => a + b);
  assert.match(shown.gallery, new RegExp(`of 360 digits shown, the ${wrong} it gets wrong first`));
  const gallery = shown.snap.gallery;
  assert.equal(gallery.length, 360);
  assert.equal(gallery.filter((d) => d.label !== d.predicted).length, wrong);
  assert.ok(gallery.slice(0, wrong).every((d) => d.label !== d.predicted), "the mistakes first");
  for (const d of gallery) assert.ok(confusion[d.label][d.predicted] > 0);
  // A first-layer neuron under the pointer: its 64 weights, large, on the pad.
  const padBefore = await canvasPixels(page, "digit-pad");
  const graph = await page.locator("#network-canvas").boundingBox();
  const column = await page.locator("#add-neuron-1").boundingBox();
  let found = false;
  for (let y = graph.y + 30; y < graph.y + graph.height && !found; y += 3) {
    await page.mouse.move(column.x + column.width + 1, y);
    const hover = (await snapshot(page)).hover;
    found = hover?.kind === "neuron" && hover.layer === 0;
  }
  assert.ok(found, "the pointer finds a first-layer neuron");
  await frames(page, 2);
  assert.match(await page.textContent("#digit-caption"), /what it looks for, its 64 weights/);
  assert.notEqual((await canvasPixels(page, "digit-pad")).hash, padBefore.hash, "the weight image on the pad");
  await page.mouse.move(2, 2);

  // Picking a test digit in the gallery shows it: the graph and the bars change.
  const network = await canvasPixels(page, "network-canvas");
  await page.click("#tab-mistakes");
  await frames(page, 2);
  await page.locator("#digit-gallery").scrollIntoViewIfNeeded();
  const cell = await page.locator("#digit-gallery").boundingBox();
  await page.mouse.click(cell.x + 15, cell.y + 15);
  await frames(page, 3);
  const picked = await snapshot(page);
  assert.deepEqual(picked.shownDigit, { kind: "test", index: picked.gallery[0].index });
  assert.notEqual((await canvasPixels(page, "network-canvas")).hash, network.hash);
  assert.match(await page.textContent("#digit-caption"), /Test digit \d+ \(a \d\)/);
  // With the keys: Tab to the gallery, → to the next digit, Enter shows it.
  await page.focus("#digit-gallery");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await frames(page, 2);
  const keyed = await snapshot(page);
  assert.deepEqual(keyed.shownDigit, { kind: "test", index: keyed.gallery[1].index });
  assert.match(await page.getAttribute("#digit-gallery", "aria-label"), /^digit 2 of \d+: a \d, read as \d; Enter shows it$/);
  assert.deepEqual(errors, []);
});

test("digits: an epoch too long for a frame is trained in parts, and pausing ends it", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click('[data-dataset="digits"]');
  await page.evaluate(() => window.nnlab.setConfig({ networkShape: [64, 64], batchSize: 1 }));
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().epochProgress[0] > 0, null, { timeout: 20000 });
  await page.waitForTimeout(500);
  const note = await page.textContent("#speed-actual");
  assert.match(note, /an epoch does not fit in a frame: \d+ of its 1437 mini-batches a frame/);
  assert.match(await page.textContent("#epoch-part"), /^\+\d+ %$/);
  await screenshot(page, "digits-parts-1280-en.png");
  await page.click("#play");
  await frames(page, 2);
  const paused = await snapshot(page);
  assert.equal(paused.running, false);
  assert.deepEqual(paused.epochProgress, [0, 1437], "pausing ends the epoch under way");
  assert.ok(!(await page.isVisible("#epoch-part")));
  assert.deepEqual(errors, []);
});

test("digits: a finger draws on the pad at 390 px, in Chinese; a CSV line of 63 pixels is refused", async () => {
  const phone = await launch({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: "zh-CN" });
  try {
    const { page, errors } = await openPage(phone.context, { hash: "#dataset=digits&loss=crossEntropy&networkShape=16&lang=zh" });
    await frames(page, 3);
    await page.locator("#digit-pad").scrollIntoViewIfNeeded();
    const box = await page.locator("#digit-pad").boundingBox();
    // A finger's stroke, as touch pointer events (what a phone's browser sends).
    const touch = (type, [x, y]) => page.dispatchEvent("#digit-pad", type, {
      pointerType: "touch", pointerId: 7, isPrimary: true, buttons: type === "pointerup" ? 0 : 1,
      clientX: box.x + x * box.width, clientY: box.y + y * box.height, bubbles: true,
    });
    const pictures = [];
    await touch("pointerdown", SEVEN[0]);
    for (const p of SEVEN.slice(1)) {
      await touch("pointermove", p);
      pictures.push((await padState(page)).pixels.join(","));
    }
    await touch("pointerup", SEVEN.at(-1));
    assert.ok(new Set(pictures).size >= 3, "the picture grows with the finger's stroke");
    const state = await padState(page);
    assert.ok(state.pixels.some((p) => p > 8));
    assert.match(state.caption, /你画的数字：它读作 \d/);
    await screenshot(page, "digits-390-zh.png");
    // A CSV with 63 pixels on line 3: refused, naming the line; nothing changes.
    const csv = await page.evaluate(() => window.nnlab.exportCsv());
    const lines = csv.trim().split("\n").slice(0, 5);
    lines[2] = lines[2].split(",").slice(1).join(",");
    const before = await snapshot(page);
    const refusal = await page.evaluate((text) => {
      try { window.nnlab.importCsv(text); return ""; } catch (e) { return e.message; }
    }, lines.join("\n"));
    assert.match(refusal, /line 3/);
    assert.match(await messageText(page), /第 3 行/);
    const after = await snapshot(page);
    assert.equal(after.trainCount, before.trainCount);
    assert.deepEqual(errors, []);
  } finally {
    await phone.close();
  }
});

test("digits: not in the module, fetched after the first frame and checked against their hash", async () => {
  // A circle page: the first pictures come before the digits' file is asked for.
  const page = await browser.context.newPage();
  const asked = [];
  page.on("request", (r) => asked.push([r.url().split("/").slice(3).join("/"), Date.now()]));
  await page.goto(`${process.env.NNLAB_URL ?? "http://127.0.0.1:8000"}/#dataset=circle`);
  await page.waitForFunction(() => window.nnlab && document.documentElement.dataset.ready === "true");
  const drawn = await page.evaluate(() => performance.getEntriesByName("nnlab-first-frame").length);
  assert.equal(drawn, 1);
  const files = asked.map(([u]) => u);
  assert.ok(files.includes("www/data/digits.csv.gz"), files.join(", "));
  // Asked for once the first frame was drawn, not before.
  const [fetched, firstFrame] = await page.evaluate(() => [
    performance.getEntriesByType("resource").find((e) => e.name.endsWith("digits.csv.gz")).startTime,
    performance.getEntriesByName("nnlab-first-frame")[0].startTime,
  ]);
  assert.ok(fetched >= firstFrame, `the digits asked for at ${fetched} ms, the first frame at ${firstFrame} ms`);
  await page.click('[data-dataset="digits"]');
  assert.equal((await snapshot(page)).config.dataset, "digits");
  await page.close();
  // A file that cannot be fetched: choosing the digits says why, and the experiment stays.
  const offline = await browser.context.newPage();
  await offline.route("**/www/data/digits.csv.gz", (route) => route.abort("connectionfailed"));
  await offline.goto(`${process.env.NNLAB_URL ?? "http://127.0.0.1:8000"}/#dataset=circle`);
  await offline.waitForFunction(() => window.nnlab && document.documentElement.dataset.ready === "true");
  const refused = await offline.evaluate(() => {
    try { window.nnlab.setConfig({ dataset: "digits" }); return "taken"; } catch (e) { return e.message; }
  });
  assert.match(refused, /the digits could not be loaded: .+; reload the page/);
  await offline.click('[data-dataset="digits"]');
  assert.equal((await snapshot(offline)).config.dataset, "circle");
  assert.match(await messageText(offline), /could not be loaded/);
  // Bytes that are not the recorded file's (one byte changed) are refused by their hash.
  await offline.unroute("**/www/data/digits.csv.gz");
  const tampered = await offline.evaluate(async () => {
    const module = await import("/www/pkg/nnlab.js");
    const bytes = new Uint8Array(await (await fetch("/www/data/digits.csv.gz")).arrayBuffer());
    bytes[1000] ^= 1;
    try { module.installDigits(bytes, "0"); return "taken"; } catch (e) { return e.message; }
  });
  assert.match(tampered, /not the one NN Lab ships \(its SHA-256 differs\)/);
  await offline.close();
});
