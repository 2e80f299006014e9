// End to end: "Export as Python (NumPy)" downloads a script that runs with python3 and
// NumPy and prints the losses the page then shows, epoch by epoch; lessons that ask first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedBrowser, openPage, snapshot, messageText, screenshot } from "./helpers.mjs";

const browser = sharedBrowser();
const PYTHON = process.env.NNLAB_PYTHON ?? "python3";

/** Runs a script; its `epoch <n> train <loss> test <loss>` lines as numbers. */
function runPython(text) {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-py-"));
  const path = join(dir, "script.py");
  writeFileSync(path, text);
  const out = execFileSync(PYTHON, [path], { encoding: "utf8" });
  return out.trim().split("\n").map((line) => {
    const [, epoch, , train, , test] = line.split(" ");
    return { epoch: Number(epoch), train: Number(train), test: Number(test) };
  });
}

const close = (a, b) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

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
  assert.deepEqual([...errors, ...fresh.errors], []);
  await page.close();
  await fresh.page.close();
});
