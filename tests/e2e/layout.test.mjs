// End to end: one idea, one screen. Every step of every lesson shows its words, its
// choices, ▶, Next and the view it talks about inside the screen at once, as the page
// placed them (the test never scrolls); the playground's boundary and loss fit a
// projector; every view opens from its tab, its link, the keyboard and a lesson; the
// lesson's card folds, moves and closes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { sharedBrowser, openPage, frames, canvasPixels, snapshot, SCREENSHOTS } from "./helpers.mjs";

const browser = sharedBrowser();

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];

/** In the page: each selector's box, and the page's scroll position. */
function boxes(selectors) {
  const out = { scrollY: window.scrollY, scrollX: window.scrollX, boxes: {} };
  for (const s of selectors) {
    const e = document.querySelector(s);
    const r = e?.getBoundingClientRect();
    const shown = e && r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
    out.boxes[s] = shown ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : null;
  }
  return out;
}

/** The elements that are the view `pane`, for this experiment. */
function viewOf(pane, dataset) {
  switch (pane) {
    case "output": return dataset === "digits" ? ["#digit-pad", "#loss-canvas"]
      : ["names", "poems", "text"].includes(dataset) ? ["#text-samples", "#text-bars", "#loss-canvas"]
      : dataset === "textbook" ? ["#samples-table", "#loss-canvas"] : ["#boundary-canvas", "#loss-canvas"];
    case "hidden": return ["#hidden-canvas"];
    case "mistakes": return [dataset === "digits" ? "#digit-gallery" : ["names", "poems", "text"].includes(dataset) ? "#text-mistakes-box" : "#confusion"];
    case "example": return ["#inspector-math"];
    case "network": return ["#network-canvas"];
    case "data": return ["#datasets"];
    default: throw new Error(pane);
  }
}

const inside = (b, { width, height }) =>
  b && b.left >= -0.5 && b.top >= -0.5 && b.right <= width + 0.5 && b.bottom <= height + 0.5;

test("every step of every lesson: its words, choices, ▶, Next and its view on one screen, at four sizes", async () => {
  const failures = [];
  const measured = [];
  for (const size of SIZES) {
    const { page, errors } = await openPage(browser.context, { viewport: size });
    const lessons = await page.evaluate(() => window.nnlab.lessons());
    for (const lesson of lessons) {
      for (let k = 0; k < lesson.steps.length; k++) {
        const step = lesson.steps[k];
        // As a link opens it: the hash changes, the page places the step and its view.
        await page.evaluate((h) => { location.hash = h; }, `#lesson=${lesson.id}&step=${k + 1}`);
        await page.waitForFunction(([id, n]) => {
          const l = window.nnlab.snapshot().lesson;
          return l && l.id === id && l.step === n;
        }, [lesson.id, k + 1]);
        await frames(page, 2);
        const s = await snapshot(page);
        const pane = s.config.view;
        const view = viewOf(pane, s.config.dataset);
        const words = ["#lesson-text", "#play", "#lesson-next", ...(step.question ? ["#lesson-choices"] : [])];
        const got = await page.evaluate(boxes, [...words, ...view]);
        const where = `${size.width}×${size.height} ${lesson.id} step ${k + 1} (${pane})`;
        if (got.scrollY !== 0 || got.scrollX !== 0) failures.push(`${where}: the page is scrolled`);
        for (const sel of words) {
          if (!inside(got.boxes[sel], size)) failures.push(`${where}: ${sel} ${JSON.stringify(got.boxes[sel])}`);
        }
        for (const sel of view) {
          const b = got.boxes[sel];
          if (sel === "#inspector-math" && b) {
            // A view longer than a screen: it starts on screen and fills at least half of it.
            const shown = Math.min(b.bottom, size.height) - Math.max(b.top, 0);
            measured.push(`${where}: worked example ${Math.round(shown)} px of ${size.height}`);
            if (!(b.top >= 0 && b.left >= 0 && b.right <= size.width + 0.5 && (b.bottom <= size.height || shown >= size.height / 2))) {
              failures.push(`${where}: ${sel} ${JSON.stringify(b)}`);
            }
          } else if (!inside(b, size)) {
            failures.push(`${where}: ${sel} ${JSON.stringify(b)}`);
          }
        }
      }
    }
    assert.deepEqual(errors, [], `${size.width}×${size.height}`);
    await page.close();
  }
  console.log(measured.join("\n"));
  assert.deepEqual(failures, []);
});

test("the playground's core on a projector and a laptop: the whole boundary and the loss chart, no scrolling", async () => {
  for (const size of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }, { width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
    const { page, errors } = await openPage(browser.context, { viewport: size });
    const got = await page.evaluate(boxes, ["#boundary-canvas", "#loss-canvas", "#network-canvas", "#play", "#learning-rate", "#datasets"]);
    for (const [sel, b] of Object.entries(got.boxes)) {
      assert.ok(inside(b, size), `${size.width}×${size.height}: ${sel} ${JSON.stringify(b)}`);
    }
    // The boundary is the picture everyone looks at: a third of the screen's height at least.
    const b = got.boxes["#boundary-canvas"];
    assert.ok(b.bottom - b.top >= size.height / 3, `boundary ${b.bottom - b.top} px high`);
    // Presentation mode is the same layout, larger: still one screen.
    await page.evaluate(() => window.nnlab.setConfig({ presentation: true }));
    await frames(page, 3);
    const big = await page.evaluate(boxes, ["#boundary-canvas", "#loss-canvas", "#play"]);
    for (const [sel, bb] of Object.entries(big.boxes)) {
      assert.ok(inside(bb, size), `presentation ${size.width}×${size.height}: ${sel} ${JSON.stringify(bb)}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("every view opens from its tab, its link and the keyboard, and draws", async () => {
  const { page, errors } = await openPage(browser.context, { viewport: { width: 1280, height: 720 }, hash: "#networkShape=4,2" });
  await page.evaluate(() => window.nnlab.step(30));
  const canvasOf = { network: "network-canvas", hidden: "hidden-canvas" };
  // (A wide screen: the network's tab is the playground's own, the output always shown.)
  for (const pane of ["hidden", "mistakes", "example", "network"]) {
    await page.click(`#tab-${pane}`);
    await frames(page, 3);
    const s = await snapshot(page);
    assert.equal(s.config.view, pane);
    assert.equal(await page.getAttribute(`#tab-${pane}`, "aria-selected"), "true");
    assert.ok((await page.evaluate(boxes, ["#boundary-canvas"])).boxes["#boundary-canvas"], `${pane}: beside the output`);
    assert.match(await page.evaluate(() => location.hash), new RegExp(`view=${pane}`));
    const view = viewOf(pane, "circle")[0];
    const got = await page.evaluate(boxes, [view]);
    assert.ok(got.boxes[view], `${pane}: ${view} shown`);
    if (canvasOf[pane]) {
      const pixels = await canvasPixels(page, canvasOf[pane]);
      assert.ok(pixels.colours > 20, `${pane}: ${canvasOf[pane]} drawn (${pixels.colours} colours)`);
    }
  }
  // The hidden space's view switches the hidden space on.
  assert.equal((await snapshot(page)).config.hiddenSpace, true);
  // The keyboard: the arrows move along the tabs, Home and End to the ends.
  await page.focus("#tab-network");
  await page.keyboard.press("ArrowRight");
  assert.equal((await snapshot(page)).config.view, "hidden");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-hidden");
  await page.keyboard.press("End");
  assert.equal((await snapshot(page)).config.view, "example");
  await page.keyboard.press("ArrowRight");
  assert.equal((await snapshot(page)).config.view, "network", "wraps");
  await page.keyboard.press("ArrowLeft");
  assert.equal((await snapshot(page)).config.view, "example");
  assert.deepEqual(errors, []);
  // From a link.
  const linked = await openPage(browser.context, { viewport: { width: 1280, height: 720 }, hash: "#view=mistakes" });
  assert.equal(await linked.page.getAttribute("#tab-mistakes", "aria-selected"), "true");
  assert.ok((await linked.page.evaluate(boxes, ["#confusion"])).boxes["#confusion"]);
  assert.ok(!(await linked.page.evaluate(boxes, ["#network-canvas"])).boxes["#network-canvas"], "the network gives way");
  assert.ok((await linked.page.evaluate(boxes, ["#boundary-canvas"])).boxes["#boundary-canvas"], "the output stays");
  // A wrong view keeps the output and says so.
  const wrong = await openPage(browser.context, { viewport: { width: 1280, height: 720 }, hash: "#view=%3Cb%3Eall" });
  assert.equal((await snapshot(wrong.page)).config.view, "output");
  assert.match(await wrong.page.textContent("#message-text"), /view/);
  assert.equal(await wrong.page.evaluate(() => document.querySelectorAll("b").length), 0);
  await Promise.all([page.close(), linked.page.close(), wrong.page.close()]);
});

test("a phone: one view at a time, the data and the network among the tabs, the card at the bottom", async () => {
  const size = { width: 390, height: 844 };
  const { page, errors } = await openPage(browser.context, { viewport: size });
  for (const pane of ["data", "network", "output", "hidden", "mistakes", "example"]) {
    await page.click(`#tab-${pane}`);
    await frames(page, 2);
    const view = viewOf(pane, "circle")[0];
    const got = await page.evaluate(boxes, [view, "#play", ...["data", "network", "output"].filter((p) => p !== pane).map((p) => `#${p}-panel`)]);
    assert.ok(got.boxes[view] && got.boxes[view].top < size.height, `${pane} shown`);
    for (const other of ["data", "network", "output"].filter((p) => p !== pane)) {
      assert.equal(got.boxes[`#${other}-panel`], null, `${other} hidden while ${pane} is shown`);
    }
    assert.ok(inside(got.boxes["#play"], size));
  }
  // The less used settings are behind a button.
  assert.ok(!(await page.isVisible("#speed")));
  await page.click("#settings-button");
  assert.ok(await page.isVisible("#speed"));
  await page.click("#settings-button");
  assert.ok(!(await page.isVisible("#speed")), "and back");
  await page.click("#lessons-button");
  await page.click("#lesson-2");
  await frames(page, 2);
  const got = await page.evaluate(boxes, ["#lessons", "#boundary-canvas"]);
  assert.ok(got.boxes["#lessons"].bottom >= size.height - 12, "the card sits at the bottom");
  assert.ok(got.boxes["#boundary-canvas"].bottom <= got.boxes["#lessons"].top + 0.5, "the view above it");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the lesson's card: one click from the top, folds, moves out of the way and closes; an empty card is never in the way", async () => {
  const size = { width: 1280, height: 720 };
  const { page, errors } = await openPage(browser.context, { viewport: size });
  assert.ok(!(await page.isVisible("#lessons")), "no card without a lesson");
  const before = await page.evaluate(boxes, ["#boundary-canvas"]);
  await page.click("#lessons-button");
  assert.equal(await page.getAttribute("#lessons-button", "aria-expanded"), "true");
  for (let n = 1; n <= 18; n++) assert.ok(await page.isVisible(`#lesson-${n}`), `lesson ${n} listed`);
  await page.click("#lesson-3");
  assert.ok(await page.isVisible("#lesson-text"));
  assert.ok(!(await page.isVisible("#lesson-3")), "the list gives way to the step");
  // Folded: the title line stays, the words go, the view grows back.
  await page.click("#lesson-fold");
  assert.ok(!(await page.isVisible("#lesson-text")));
  assert.ok(await page.isVisible("#lesson-title"));
  assert.equal(await page.getAttribute("#lesson-fold", "aria-expanded"), "false");
  await page.click("#lesson-fold");
  assert.ok(await page.isVisible("#lesson-text"));
  // Moved: from the side to the bottom; the step still fits with its view.
  const side = await page.evaluate(boxes, ["#lessons", "#boundary-canvas"]);
  await page.click("#lesson-place");
  await frames(page, 2);
  const bottom = await page.evaluate(boxes, ["#lessons", "#boundary-canvas", "#lesson-text", "#lesson-next", "#play"]);
  assert.ok(side.boxes["#lessons"].left > side.boxes["#boundary-canvas"].right, "at the side at first");
  assert.ok(bottom.boxes["#lessons"].top >= bottom.boxes["#boundary-canvas"].bottom - 0.5, "then under the views");
  for (const [sel, b] of Object.entries(bottom.boxes)) assert.ok(inside(b, size), `moved: ${sel}`);
  await page.click("#lesson-place");
  // Closed: the experiment stays, the card goes, the boundary has its room again.
  const config = (await snapshot(page)).config;
  await page.click("#lesson-close");
  assert.ok(!(await page.isVisible("#lessons")));
  const s = await snapshot(page);
  assert.equal(s.lesson, null);
  assert.deepEqual(s.config, config);
  await frames(page, 2);
  const after = await page.evaluate(boxes, ["#boundary-canvas"]);
  assert.ok(after.boxes["#boundary-canvas"].bottom - after.boxes["#boundary-canvas"].top
    >= before.boxes["#boundary-canvas"].bottom - before.boxes["#boundary-canvas"].top - 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("screenshots of the layout at each size, in English and Chinese", async () => {
  for (const lang of ["en", "zh"]) {
    for (const size of SIZES) {
      const { page, errors } = await openPage(browser.context, { viewport: size, hash: `#lang=${lang}&lesson=xor&step=1` });
      await frames(page, 3);
      await page.screenshot({ path: join(SCREENSHOTS, `layout-${size.width}x${size.height}-${lang}.png`) });
      await page.evaluate(() => window.nnlab.openLesson("fold", 1));
      await frames(page, 3);
      await page.screenshot({ path: join(SCREENSHOTS, `layout-${size.width}x${size.height}-${lang}-hidden.png`) });
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});
