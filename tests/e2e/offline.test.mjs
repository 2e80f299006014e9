// End to end: the single-file page (cargo xtask dist) opened from disk with no network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { sharedBrowser } from "./helpers.mjs";

const SINGLE = process.env.NNLAB_SINGLE_FILE;
const browser = sharedBrowser();

test("the single HTML file trains when opened via file:// with the network off", { skip: !SINGLE && "NNLAB_SINGLE_FILE not set (cargo xtask test sets it)" }, async () => {
  assert.ok(existsSync(SINGLE), `${SINGLE} was not built`);
  const page = await browser.context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
  });
  // No network at all: every request that is not the file itself fails.
  await browser.context.setOffline(true);
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  try {
    await page.goto(`file://${SINGLE}`);
    await page.waitForFunction(() => window.nnlab !== undefined, null, { timeout: 20000 });
    const start = await page.evaluate(() => window.nnlab.snapshot());
    await page.click("#play");
    await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 60, null, { timeout: 20000 });
    await page.click("#play");
    const end = await page.evaluate(() => window.nnlab.snapshot());
    assert.ok(end.trainLoss < start.trainLoss, `${start.trainLoss} -> ${end.trainLoss}`);
    assert.ok(await page.evaluate(() => getComputedStyle(document.querySelector(".topbar")).display) === "flex", "the stylesheet is inside");
    // The digits' file travels inside too: they are chosen and trained with no network.
    await page.evaluate(() => window.nnlab.setConfig({ dataset: "digits", percTrainData: 80 }));
    await page.evaluate(() => window.nnlab.step(1));
    const digits = await page.evaluate(() => window.nnlab.snapshot());
    assert.equal(digits.config.dataset, "digits");
    assert.equal(digits.trainCount + digits.testCount, 1797);
    // So do the corpora: the poems' tile, in text mode, with no network.
    await page.click('[data-dataset="poems"]');
    const poems = await page.evaluate(() => window.nnlab.snapshot());
    assert.equal(poems.config.dataset, "poems");
    assert.equal(poems.text.symbols, 402);
    assert.equal(await page.evaluate(() => window.nnlab.samples(1).length), 1);
    assert.deepEqual(requests, []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.context.setOffline(false);
    await page.close();
  }
});
