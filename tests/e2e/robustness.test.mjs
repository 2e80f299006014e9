// End to end: nothing a class, a link or a file can do breaks the page or loses work
// (issue 12). Each test is one numbered item of the issue, tried as a hostile or unlucky
// user would; every one of them failed on the page before the fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedBrowser, openPage, snapshot, weights, frames, messageText, BASE_URL } from "./helpers.mjs";

const browser = sharedBrowser();
/** The issue's own link: regression, linear, η = 10, three layers of 16, batch 1. */
const DIVERGING = "#problem=regression&activation=linear&learningRate=10&networkShape=16,16,16&batchSize=1";

/** Presses play and waits until training has diverged (and paused). */
async function playUntilDiverged(page) {
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().diverged, null, { timeout: 20000 });
}
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Calls `nnlab[name](...args)` in the page; returns { ok, message } (message of the Error). */
const call = (page, name, ...args) => page.evaluate(([name, args]) => {
  try {
    window.nnlab[name](...args);
    return { ok: true };
  } catch (e) {
    return { ok: false, message: String(e && e.message), kind: e && e.constructor && e.constructor.name };
  }
}, [name, args]);

/** The page still works: it answers, trains one epoch and is not showing the fatal banner. */
async function stillWorks(page) {
  const before = (await snapshot(page)).epoch;
  await page.evaluate(() => window.nnlab.step(1));
  assert.equal((await snapshot(page)).epoch, before + 1, "the page still trains");
  await frames(page, 2);
  assert.equal(await page.isVisible("#fatal"), false, "no fatal banner");
}

/** A refusal: an Error with a readable message (no trap), and nothing changed. */
function refused(result, pattern) {
  assert.equal(result.ok, false, "the call is refused");
  assert.notEqual(result.kind, "RuntimeError", `a trap: ${result.message}`);
  assert.doesNotMatch(result.message, /memory access|unreachable|null pointer|recursive use|busy/i);
  if (pattern) assert.match(result.message, pattern);
}

test("1. a cyclic or deeply nested value is refused by name and the page goes on", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  const exported = await page.evaluate(() => window.nnlab.exportJson());
  const results = await page.evaluate(() => {
    const out = [];
    const attempt = (f) => {
      try { f(); out.push({ ok: true }); } catch (e) { out.push({ ok: false, message: String(e.message), kind: e.constructor.name }); }
    };
    const cyclic = { learningRate: 0.1 };
    cyclic.self = cyclic;
    attempt(() => window.nnlab.setConfig(cyclic));
    const ring = { learningRate: 0.1, networkShape: [] };
    ring.networkShape.push(ring.networkShape);
    attempt(() => window.nnlab.setConfig(ring));
    let deep = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    attempt(() => window.nnlab.setConfig({ learningRate: deep }));
    let deepArray = 1;
    for (let i = 0; i < 100000; i++) deepArray = [deepArray];
    attempt(() => window.nnlab.setConfig({ networkShape: deepArray }));
    return out;
  });
  refused(results[0], /self/);
  refused(results[1], /networkShape/);
  refused(results[2], /learningRate/);
  refused(results[3], /networkShape/);
  assert.equal(await page.evaluate(() => window.nnlab.exportJson()), exported, "nothing changed");
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test("2. a link with 10,000 refused pairs opens, says so briefly, and a pasted one does not lock the page", { timeout: 90000 }, async () => {
  const hash = "#" + "x=j&".repeat(10000);
  const { page, errors } = await openPage(browser.context, { hash });
  const text = await messageText(page);
  assert.match(text, /x/);
  assert.ok(text.length < 1000, `the message has ${text.length} characters`);
  assert.match(text, /9,99\d more|9 99\d|9999|9,999/);
  await stillWorks(page);
  // Pasted into the open page: 20,000 unknown keys.
  const pasted = Array.from({ length: 20000 }, (_, i) => `k${i}=1`).join("&");
  await page.evaluate((h) => { location.hash = h; }, pasted);
  await page.waitForFunction(() => document.getElementById("message-text").textContent.includes("k0"));
  assert.ok((await messageText(page)).length < 1000);
  assert.equal((await call(page, "setConfig", { learningRate: 0.1 })).ok, true, "not busy");
  assert.equal((await snapshot(page)).config.learningRate, 0.1);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test("3. what the page saves it loads: noisy Gaussian and four blobs, as JSON and as CSV", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  for (const [patch, seeds] of [
    [{ dataset: "gauss", noise: 25 }, [1, 2, 3]],
    [{ dataset: "gauss", noise: 50 }, [1, 7]],
    [{ dataset: "blobs", classes: 4, noise: 10 }, [1, 2]],
    [{ dataset: "blobs", classes: 5, noise: 50 }, [3]],
  ]) {
    for (const seed of seeds) {
      await page.evaluate((p) => window.nnlab.setConfig(p), { ...patch, seed });
      await page.evaluate(() => window.nnlab.step(3));
      const json = await page.evaluate(() => window.nnlab.exportJson());
      const r = await call(page, "importJson", json);
      assert.equal(r.ok, true, `${JSON.stringify(patch)} seed ${seed}: ${r.message}`);
      assert.equal(await page.evaluate(() => window.nnlab.exportJson()), json);
      const csv = await page.evaluate(() => window.nnlab.exportCsv());
      const c = await call(page, "importCsv", csv);
      assert.equal(c.ok, true, `CSV of ${JSON.stringify(patch)} seed ${seed}: ${c.message}`);
      assert.equal(await page.evaluate(() => window.nnlab.exportCsv()), csv, "the CSV saves the same again");
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("4. a diverged experiment saves, loads back with its hand-placed points, and says what it kept", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context, { hash: DIVERGING });
  // A point placed by hand (regression: its value), then play until it diverges.
  await page.check("#click-add");
  const box = await page.locator("#boundary-canvas").boundingBox();
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.7);
  const placed = (await snapshot(page)).trainCount;
  await playUntilDiverged(page);
  const s = await snapshot(page);
  assert.ok(Number.isFinite(s.trainLoss), `the loss shown is the last finite one: ${s.trainLoss}`);
  const json = await page.evaluate(() => window.nnlab.exportJson());
  const saved = JSON.parse(json);
  for (const part of ["layers", "history", "data"]) assert.doesNotMatch(JSON.stringify(saved[part]), /null/, part);
  const fresh = await openPage(browser.context);
  const r = await call(fresh.page, "importJson", json);
  assert.equal(r.ok, true, r.message);
  const back = await snapshot(fresh.page);
  assert.equal(back.trainCount, placed, "the hand-placed point came back");
  assert.equal(back.epoch, s.epoch);
  assert.deepEqual(await weights(fresh.page), await weights(page));
  assert.equal(await fresh.page.evaluate(() => window.nnlab.exportJson()), json);
  assert.deepEqual([...errors, ...fresh.errors], []);
  await page.close();
  await fresh.page.close();
});

test("5. step() refuses what is not a whole number of epochs from 0 to 100,000, at once", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  for (const n of [-1, 1e9, 2 ** 31, 1e20, 100001, 1.5, NaN, Infinity, "5", null, {}, [3]]) {
    const started = Date.now();
    refused(await call(page, "step", n), /step/);
    assert.ok(Date.now() - started < 2000, `step(${String(n)}) answered at once`);
  }
  assert.equal((await snapshot(page)).epoch, 0);
  assert.equal((await call(page, "step", 3)).ok, true);
  assert.equal((await call(page, "step")).ok, true);
  assert.equal((await snapshot(page)).epoch, 4);
  assert.deepEqual(errors, []);
  await page.close();
});

test("6. arguments of the wrong type are refused without a trap or a memory leap", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  const memory = await page.evaluate(() => window.nnlab.memoryBytes());
  for (const [name, arg, pattern] of [
    ["importJson", 123, /importJson/],
    ["importJson", true, /importJson/],
    ["importJson", {}, /importJson/],
    ["importCsv", 5, /importCsv/],
    ["strings", 5, /strings/],
    ["importJson", { length: 4.2e9 }, /importJson/],
    ["importJson", { length: 3e8 }, /importJson/],
    ["importJson", "x".repeat(17_000_000), /too large|16,000,000|16000000/],
    ["setConfig", 17, /config: expected an object/],
    ["setConfig", "learningRate=1", /config: expected an object/],
    ["setConfig", [1, 2], /config: expected an object/],
  ]) {
    refused(await call(page, name, arg), pattern);
  }
  // Values Playwright cannot carry into the page: made there.
  const odd = await page.evaluate(() => [
    { learningRate: () => 1 }, { seed: 10n }, { seed: Symbol("s") }, { noise: new Proxy({}, { ownKeys() { throw new Error("no"); } }) },
    (() => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return { noise: proxy }; })(),
  ].map((patch) => {
    try { window.nnlab.setConfig(patch); return { ok: true }; } catch (e) { return { ok: false, message: String(e.message), kind: e.constructor.name }; }
  }));
  for (const [r, pattern] of odd.map((r, i) => [r, [/learningRate/, /seed/, /seed/, /noise/, /noise/][i]])) refused(r, pattern);
  const grown = (await page.evaluate(() => window.nnlab.memoryBytes())) - memory;
  assert.ok(grown < 30e6, `wasm memory grew by ${grown} bytes`);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test("7. a fixed speed that does not fit trains what fits and says so; clicks are answered", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  await page.evaluate(() => window.nnlab.setConfig({
    networkShape: [16, 16, 16, 16, 16, 16, 16, 16], numSamples: 2000, batchSize: 1, speed: 100,
  }));
  await page.click("#play");
  await frames(page, 5);
  const fps = await page.evaluate(() => new Promise((done) => {
    let n = 0;
    const t0 = performance.now();
    const tick = () => {
      n++;
      if (performance.now() - t0 < 2000) requestAnimationFrame(tick);
      else done(n / ((performance.now() - t0) / 1000));
    };
    requestAnimationFrame(tick);
  }));
  // Whole epochs, as many as fit; or, where an epoch is longer than a frame's budget
  // (a slower machine), the epoch in parts, as many of its 1,000 mini-batches as fit.
  const status = await page.textContent("#speed-actual");
  assert.match(status, /running at \d+ epochs? a frame|an epoch does not fit in a frame: \d+ of its 1000 mini-batches a frame/);
  const shown = Number(status.match(/(\d+)/)[1]);
  assert.ok(shown >= 1 && shown < (status.includes("mini-batches") ? 1000 : 100), status);
  // Input delay of a real click (Event Timing: from the event to its handler).
  await page.evaluate(() => {
    window.__clicks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "click") window.__clicks.push(e);
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  });
  await page.click("#play");
  await page.waitForFunction(() => !window.nnlab.snapshot().running);
  await frames(page, 3);
  const delay = await page.evaluate(() => window.__clicks.map((e) => e.processingStart - e.startTime));
  console.log(`# largest network at 100 epochs a frame: ${fps.toFixed(1)} fps, "${status}", click answered after ${delay.map((d) => d.toFixed(0)).join(", ") || "< 16"} ms`);
  // The goal is 20 fps (measured 24–31 here, and reported, not asserted: these
  // machines are shared and noisy). What is held is the mechanism: before it, 0.5 fps.
  assert.ok(fps >= 10, `${fps.toFixed(1)} frames a second`);
  assert.ok(delay.every((d) => d <= 100), `click answered after ${delay} ms`);
  assert.equal(await page.isVisible("#speed-actual"), false, "paused: no speed note");
  assert.deepEqual(errors, []);
  await page.close();
});

test("8. the page's API has no free(); a getter that calls back into it does no harm", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  assert.equal(await page.evaluate(() => typeof window.nnlab.free), "undefined");
  assert.equal(await page.evaluate(() => Object.isFrozen(window.nnlab)), true);
  const r = await page.evaluate(() => {
    const patch = {};
    Object.defineProperty(patch, "learningRate", {
      enumerable: true,
      get() { window.nnlab.step(2); window.nnlab.reset(); return 0.3; },
    });
    try { window.nnlab.setConfig(patch); return { ok: true }; } catch (e) { return { ok: false, message: e.message }; }
  });
  assert.equal(r.ok, true, r.message);
  assert.equal((await snapshot(page)).config.learningRate, 0.3);
  const thrower = await page.evaluate(() => {
    const patch = {};
    Object.defineProperty(patch, "noise", { enumerable: true, get() { throw new Error("no"); } });
    try { window.nnlab.setConfig(patch); return { ok: true }; } catch (e) { return { ok: false, message: e.message }; }
  });
  refused(thrower, /noise/);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test("9. export, import, export gives the same text after any number of epochs", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  for (const n of [902, 1, 317, 2048]) {
    await page.evaluate((n) => { window.nnlab.reset(); window.nnlab.step(n); }, n);
    const first = await page.evaluate(() => window.nnlab.exportJson());
    assert.equal((await call(page, "importJson", first)).ok, true);
    assert.equal(await page.evaluate(() => window.nnlab.exportJson()), first, `after step(${n})`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("10. after a divergence nothing on the page shows NaN", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context, { hash: DIVERGING });
  await playUntilDiverged(page);
  await frames(page, 3);
  const body = await page.evaluate(() => document.body.innerText + document.getElementById("inspector").textContent);
  assert.doesNotMatch(body, /NaN|not a number/);
  // The hover card of a link.
  await page.evaluate(() => document.getElementById("inspector").scrollIntoView());
  await page.evaluate(() => window.scrollTo(0, 0));
  const graph = await page.locator("#network-canvas").boundingBox();
  for (let x = 0.3; x < 0.7; x += 0.02) {
    await page.mouse.move(graph.x + graph.width * x, graph.y + graph.height * 0.5);
    if ((await snapshot(page)).hover?.kind === "weight") break;
  }
  const s = await snapshot(page);
  assert.equal(s.hover?.kind, "weight", "a link is hovered");
  assert.ok(Number.isFinite(s.hover.value));
  assert.doesNotMatch(await page.textContent("#hover-card"), /NaN/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("11. epochs in a file are whole numbers up to 2^53", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  const good = JSON.parse(await page.evaluate(() => window.nnlab.exportJson()));
  const withEpoch = (raw) => JSON.stringify({ ...good, epoch: 0 }).replace('"epoch":0', `"epoch":${raw}`);
  for (const raw of ["18446744073709551615", "9007199254740993", "-1", "2.5", "1e300"]) {
    refused(await call(page, "importJson", withEpoch(raw)), /epoch/);
  }
  assert.equal((await call(page, "importJson", withEpoch("9007199254740992"))).ok, true);
  assert.equal((await snapshot(page)).epoch, 2 ** 53);
  assert.deepEqual(errors, []);
  await page.close();
});

test("12. values that mean nothing are refused with a message, not taken as a default", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  const exported = await page.evaluate(() => window.nnlab.exportJson());
  // Values that do not survive Playwright's trip into the page are made there.
  const patches = await page.evaluate(() => [
    { numSamples: NaN }, { numSamples: Infinity }, { lang: NaN }, { learningRate: -Infinity }, { noise: undefined },
  ].map((patch) => {
    const key = Object.keys(patch)[0];
    try { window.nnlab.setConfig(patch); return { key, ok: true }; } catch (e) { return { key, ok: false, message: e.message }; }
  }));
  for (const r of patches) refused(r, new RegExp(r.key));
  const count = (await snapshot(page)).trainCount;
  const inspected = await page.evaluate(() => [NaN, "abc", null, {}, 2 ** 32, 1.5, -1, 250, Infinity].map((v) => {
    try { window.nnlab.inspect(v); return { ok: true }; } catch (e) { return { ok: false, message: e.message }; }
  }));
  for (const r of inspected) {
    refused(r, /inspect/);
    assert.doesNotMatch(r.message, /4294967295/);
    assert.match(r.message, new RegExp(`0 to ${count - 1}`));
  }
  assert.equal((await call(page, "inspect", count - 1)).ok, true);
  const twice = exported.replace('"epoch": 0', '"epoch": 0, "epoch": 0');
  refused(await call(page, "importJson", twice), /epoch/);
  const twiceInConfig = exported.replace('"noise": 0', '"noise": 0, "noise": 5');
  refused(await call(page, "importJson", twiceInConfig), /noise/);
  assert.equal(await page.evaluate(() => window.nnlab.exportJson()), exported, "nothing changed");
  assert.deepEqual(errors, []);
  await page.close();
});

test("13. echoed values are cut short, long lists end with 'and N more', type errors name the field", { timeout: 90000 }, async () => {
  const seed = "s".repeat(200000);
  const { page, errors } = await openPage(browser.context, { hash: `#seed=${seed}` });
  let text = await messageText(page);
  assert.match(text, /seed/);
  assert.ok(text.length < 500, `the message has ${text.length} characters`);
  const unknown = Array.from({ length: 2000 }, (_, i) => `key${i}=1`).join("&");
  await page.evaluate((h) => { location.hash = h; }, unknown);
  await page.waitForFunction(() => document.getElementById("message-text").textContent.includes("key0"));
  text = await messageText(page);
  assert.ok(text.length < 1000, `the message has ${text.length} characters`);
  assert.match(text, /1,99\d more/);
  const good = JSON.parse(await page.evaluate(() => window.nnlab.exportJson()));
  good.layers[1].weights[0][0] = "NaN";
  const r = await call(page, "importJson", JSON.stringify(good));
  refused(r, /layers\[1\]\.weights\[0\]\[0\]/);
  await page.evaluate(() => window.nnlab.setConfig({ lang: "zh" }));
  await page.evaluate((t) => { try { window.nnlab.importJson(t); } catch (e) { /* shown on the page */ } }, JSON.stringify(good));
  assert.match(await messageText(page), /layers\[1\]\.weights\[0\]\[0\]/);
  assert.match(await messageText(page), /数/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("14. a click in the data lands where the pointer is, up to the last column", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context);
  await page.check("#click-add");
  const content = await page.evaluate(() => {
    const c = document.getElementById("boundary-canvas");
    const r = c.getBoundingClientRect();
    const s = getComputedStyle(c);
    const left = r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
    const top = r.top + parseFloat(s.borderTopWidth) + parseFloat(s.paddingTop);
    return { left, top, width: c.clientWidth, height: c.clientHeight, scrollY: window.scrollY };
  });
  const added = async () => JSON.parse(await page.evaluate(() => window.nnlab.exportJson())).data.train.at(-1);
  const at = async (fx, fy) => {
    await page.mouse.click(content.left + content.width * fx, content.top + content.height * fy);
    return added();
  };
  const perPixel = 12 / content.width;
  let p = await at(0.5, 0.5);
  assert.ok(Math.abs(p.x) < perPixel && Math.abs(p.y) < perPixel, `centre → (${p.x}, ${p.y})`);
  const count = (await snapshot(page)).trainCount;
  p = await at((content.width - 0.5) / content.width, 0.5);
  assert.equal((await snapshot(page)).trainCount, count + 1, "the last column takes a point");
  assert.ok(p.x > 6 - 2 * perPixel && p.x <= 6, `last column → x = ${p.x}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("15. the divergence message's offers fit its cause", { timeout: 90000 }, async () => {
  const { page, errors } = await openPage(browser.context, {
    hash: "#problem=regression&activation=relu&networkShape=4&learningRate=0.00001",
  });
  const file = JSON.parse(await page.evaluate(() => window.nnlab.exportJson()));
  file.layers[0].weights = file.layers[0].weights.map((row) => row.map(() => 1e100));
  assert.equal((await call(page, "importJson", JSON.stringify(file))).ok, true);
  await playUntilDiverged(page);
  const text = await messageText(page);
  assert.doesNotMatch(text, /too high/, text);
  assert.match(text, /weight/);
  assert.equal(await page.isVisible("#message-lower"), false, "no 'lower the rate' at the lowest rate");
  assert.equal(await page.isVisible("#message-reset"), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("16. the README's download sizes are the built ones (within 10 %)", { timeout: 90000 }, async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const wasm = readFileSync(join(ROOT, "www", "pkg", "nnlab_bg.wasm"));
  const kib = (n) => n / 1024;
  const stated = readme.match(/Wasm ([\d,]+) KiB, ([\d,]+) KiB gzipped/);
  assert.ok(stated, "the README states the module's size");
  const [raw, gz] = stated.slice(1).map((s) => Number(s.replace(/,/g, "")));
  const near = (a, b) => Math.abs(a - b) <= 0.1 * b;
  assert.ok(near(raw, kib(wasm.length)), `README ${raw} KiB, built ${kib(wasm.length).toFixed(0)} KiB`);
  const gzipped = kib(gzipSync(wasm, { level: 9 }).length);
  assert.ok(near(gz, gzipped), `README ${gz} KiB gzipped, built ${gzipped.toFixed(0)} KiB`);
  const single = process.env.NNLAB_SINGLE_FILE;
  if (single) {
    const file = readme.match(/one self-contained file \(about ([\d.]+) MB/);
    assert.ok(file, "the README states the single file's size");
    const mb = statSync(single).size / 1e6;
    assert.ok(near(Number(file[1]), mb), `README ${file[1]} MB, built ${mb.toFixed(2)} MB`);
  }
  assert.ok(BASE_URL);
});
