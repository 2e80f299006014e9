// End to end: the mistakes panel, as a class uses it: read the confusion matrix, switch
// to the test data with the keyboard, click a cell to see its points, mark every wrong
// point; for regression, the errors and the scatter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, canvasPixels, canvasPatches, frames, snapshot, screenshot } from "./helpers.mjs";

const browser = sharedBrowser();

/** Opens the view `name` from its tab, as a person does. */
const tab = async (page, name) => {
  await page.click(`#tab-${name}`);
  await frames(page, 2);
};
const SPIRAL = "#dataset=spiral&noise=20&networkShape=6,4&xSquared=true&sinX=true";

/** The matrix as the page shows it: the caption, each cell's text and pressed state, and
 *  each row's share right. */
const table = (page) => page.evaluate(() => ({
  caption: document.getElementById("confusion-caption").textContent,
  head: [...document.querySelectorAll("#confusion-head th")].map((th) => th.textContent),
  rows: [...document.querySelectorAll("#confusion-body tr")].map((tr) => ({
    cells: [...tr.querySelectorAll("button")].map((b) => b.textContent),
    pressed: [...tr.querySelectorAll("button")].map((b) => b.getAttribute("aria-pressed")),
    right: tr.lastElementChild.textContent,
  })),
}));

const pct = (share) => `${Math.round(share * 100)} %`;

/** For each pair of CSS-pixel positions of the boundary canvas (a mark's two opposite
 *  corners), whether a mark's magenta is within a pixel of both. */
async function magentaAt(page, pairs) {
  const patches = await page.evaluate(canvasPatches, ["boundary-canvas", pairs.flat(), 1]);
  const magenta = (patch) => patch.some(([r, g, b]) => r > 120 && g < 80 && b > 90);
  return pairs.map((_, k) => magenta(patches[2 * k]) && magenta(patches[2 * k + 1]));
}

/** Each training point's mark's top-left and bottom-right corners on the boundary
 *  canvas (CSS px). */
async function corners(page, points) {
  const size = await page.evaluate(() => document.getElementById("boundary-canvas").clientWidth);
  const half = Math.min(Math.max(size / 110, 2), 4.5) + 2.5;
  return points.map(({ x, y }) => {
    const [cx, cy] = [(x + 6) / 12 * size, (6 - y) / 12 * size];
    return [[cx - half, cy - half], [cx + half, cy + half]];
  });
}

test("the confusion matrix shows snapshot()'s counts, for the training and (by keyboard) the test data", async () => {
  const { page, errors } = await openPage(browser.context, { hash: SPIRAL });
  await tab(page, "mistakes");
  await page.evaluate(() => window.nnlab.step(200));
  await frames(page);
  const s = await snapshot(page);
  for (const [set, accuracy, name] of [["train", s.trainAccuracy, "training data"], ["test", s.testAccuracy, "test data"]]) {
    if (set === "test") {
      await page.focus("#mistakes-set");
      await page.keyboard.press("ArrowDown");
      await frames(page);
      assert.equal((await snapshot(page)).config.mistakesSet, "test");
      assert.match(await page.evaluate(() => location.hash), /mistakesSet=test/);
    }
    const rows = s.confusion[set];
    const total = rows.flat().reduce((a, b) => a + b, 0);
    assert.equal(total, set === "train" ? s.trainCount : s.testCount);
    const shown = await table(page);
    assert.deepEqual(shown.head, ["true ╲ given", "class −1 (orange)", "class +1 (blue)", "right"]);
    const right = rows[0][0] + rows[1][1];
    assert.equal(shown.caption, `${name}: ${right} of ${total} points right (${pct(accuracy)})`);
    assert.equal(right / total, accuracy, "the diagonal's share is the accuracy shown");
    rows.forEach((row, t) => {
      const inRow = row.reduce((a, b) => a + b, 0);
      assert.deepEqual(shown.rows[t].cells, row.map((n) => `${n} · ${pct(n / inRow)}`));
      assert.equal(shown.rows[t].right, pct(row[t] / inRow));
    });
  }
  const label = await page.getAttribute('button[data-cell="1,0"]', "aria-label");
  const cell = await page.textContent('button[data-cell="1,0"]');
  assert.equal(label, `${cell}: true class +1 (blue), given class −1 (orange): ${cell.split(" · ")[0]} points, ${cell.split(" · ")[1]} of class +1 (blue)`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("while it trains the table follows, a few times a second", async () => {
  const { page, errors } = await openPage(browser.context, { hash: SPIRAL });
  const first = (await table(page)).rows.map((r) => r.cells.join());
  await page.evaluate(() => window.nnlab.play());
  await page.waitForFunction((first) => {
    const now = [...document.querySelectorAll("#confusion-body tr")].map((tr) => [...tr.querySelectorAll("button")].map((b) => b.textContent).join());
    return window.nnlab.snapshot().running && now.join() !== first.join();
  }, first, { timeout: 5000 });
  await page.evaluate(() => window.nnlab.pause());
  await frames(page);
  // Paused: exactly the counts of now.
  const s = await snapshot(page);
  const shown = await table(page);
  s.confusion.train.forEach((row, t) => assert.deepEqual(shown.rows[t].cells.map((c) => Number(c.split(" · ")[0])), row));
  assert.deepEqual(errors, []);
  await page.close();
});

test("clicking a cell marks its points on the boundary view; the toggle marks every wrong point", async () => {
  const { page, errors } = await openPage(browser.context, { hash: SPIRAL });
  await page.evaluate(() => window.nnlab.step(200));
  await frames(page);
  const s = await snapshot(page);
  const train = await page.evaluate(() => JSON.parse(window.nnlab.exportJson()).data.train);
  const at = await corners(page, train);
  const marked = () => magentaAt(page, at);
  assert.equal((await marked()).filter(Boolean).length, 0, "nothing marked at first");
  // Blue points the network calls orange.
  const count = s.confusion.train[1][0];
  assert.ok(count > 3, `${count} points in the cell`);
  const before = await canvasPixels(page, "boundary-canvas");
  await tab(page, "mistakes");
  await page.click('button[data-cell="1,0"]');
  await frames(page);
  assert.equal(await page.getAttribute('button[data-cell="1,0"]', "aria-pressed"), "true");
  assert.notEqual((await canvasPixels(page, "boundary-canvas")).hash, before.hash);
  const found = await marked();
  const blue = found.filter((m, k) => m && train[k].label > 0).length;
  const orange = found.filter((m, k) => m && train[k].label < 0).length;
  // (A neighbour's square can come within a pixel of a corner: a little slack.)
  assert.ok(Math.abs(blue - count) <= Math.max(2, count * 0.1), `${blue} blue points marked, ${count} in the cell`);
  assert.ok(orange <= Math.max(2, count * 0.1), `${orange} orange points marked`);
  // Clicked again: unmarked.
  await tab(page, "mistakes");
  await page.click('button[data-cell="1,0"]');
  await frames(page);
  assert.equal((await marked()).filter(Boolean).length, 0);
  assert.equal(await page.getAttribute('button[data-cell="1,0"]', "aria-pressed"), "false");
  // Every wrong point.
  await tab(page, "mistakes");
  await page.check("#mark-mistakes");
  await frames(page);
  const wrong = s.confusion.train[0][1] + s.confusion.train[1][0];
  const all = (await marked()).filter(Boolean).length;
  // (In a tight cluster of marks a point between them reads as marked: more slack.)
  assert.ok(Math.abs(all - wrong) <= Math.max(3, wrong * 0.15), `${all} marked, ${wrong} wrong`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a multi-class confusion matrix and its Chinese words", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#dataset=blobs&classes=4&loss=crossEntropy&networkShape=5&lang=zh&view=mistakes" });
  await page.evaluate(() => window.nnlab.step(60));
  await frames(page);
  const s = await snapshot(page);
  assert.equal(s.confusion.train.length, 4);
  const shown = await table(page);
  assert.deepEqual(shown.head, ["真实 ╲ 给出", "类别 1", "类别 2", "类别 3", "类别 4", "正确率"]);
  const total = s.confusion.train.flat().reduce((a, b) => a + b, 0);
  const right = s.confusion.train.reduce((a, row, k) => a + row[k], 0);
  assert.equal(shown.caption, `训练数据：${total} 个点中分对 ${right} 个（${pct(right / total)}）`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("regression shows RMSE, MAE and R² of both sets and the output against the true value", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#problem=regression&regDataset=reg-gauss&networkShape=6,4&view=mistakes" });
  assert.equal(await page.isVisible("#confusion-box"), false);
  assert.equal(await page.isVisible("#mark-mistakes"), false);
  const first = await canvasPixels(page, "scatter-canvas");
  await page.evaluate(() => window.nnlab.step(200));
  await frames(page);
  const s = await snapshot(page);
  assert.equal(s.confusion, null);
  for (const set of ["train", "test"]) {
    for (const m of ["rmse", "mae", "r2"]) {
      assert.equal(await page.textContent(`#metric-${set}-${m}`), s.metrics[set][m].toFixed(3));
    }
  }
  assert.ok(Math.abs(s.metrics.train.rmse - Math.sqrt(2 * s.trainLoss)) < 1e-12);
  const trained = await canvasPixels(page, "scatter-canvas");
  assert.ok(trained.colours > 20, `the scatter is drawn (${trained.colours} colours)`);
  assert.notEqual(trained.hash, first.hash, "and moves as the network learns");
  assert.match(await page.getAttribute("#scatter-canvas", "aria-label"), new RegExp(`RMSE ${s.metrics.train.rmse.toFixed(3)}`));
  await page.selectOption("#mistakes-set", "test");
  await frames(page);
  assert.notEqual((await canvasPixels(page, "scatter-canvas")).hash, trained.hash, "the test data's scatter");
  await screenshot(page, "mistakes-regression-1280.png");
  assert.deepEqual(errors, []);
  await page.close();
});

test("screenshots of the mistakes (1,280 px in English, 390 px in Chinese)", async () => {
  for (const [width, lang, name] of [[1280, "en", "mistakes-1280.png"], [390, "zh", "mistakes-390-zh.png"]]) {
    const { page, errors } = await openPage(browser.context, { hash: `${SPIRAL}&lang=${lang}&markMistakes=true&view=mistakes`, viewport: { width, height: 900 } });
    await page.evaluate(() => window.nnlab.step(200));
    await frames(page);
    await screenshot(page, name);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
