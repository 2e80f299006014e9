// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core.
import { before, after } from "node:test";
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const BASE_URL = process.env.NNLAB_URL ?? "http://127.0.0.1:8000";
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), "screenshots");

/** Starts Chromium with a fresh profile (and Playwright context `options`, e.g. a
 *  locale or a touch screen); returns { context, close }. */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), "nnlab-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the page (after `init`, a script run before the page's own) and waits for
 *  window.nnlab and its first pictures; collects console errors and page errors. */
export async function openPage(context, { hash = "", viewport, init } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  if (init) await page.addInitScript(init);
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") errors.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("requestfailed", (req) => errors.push(`request failed: ${req.url()}`));
  // Until the document is parsed (not every subresource's "load": a page of a freshly
  // launched browser on a busy machine once missed that by 30 s); then the page's start.
  await page.goto(`${BASE_URL}/${hash}`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => window.nnlab !== undefined, null, { timeout: 30000 });
  await frames(page, 1);
  return { page, errors };
}

/** A full-page screenshot that shows every section: the page skips laying out what is
 *  off screen (`content-visibility: auto` on the lessons and the worked example), which a
 *  full-page capture would show as empty boxes, so that is switched off for the capture
 *  (through the CSSOM, which the page's Content-Security-Policy allows) and back after. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  const skipped = await page.evaluate(() => {
    const all = [...document.querySelectorAll("body *")].filter((e) => getComputedStyle(e).contentVisibility === "auto");
    for (const e of all) e.style.contentVisibility = "visible";
    return all.length;
  });
  await frames(page, 2);
  await page.screenshot({ path, fullPage: true });
  if (skipped) await page.evaluate(() => { for (const e of document.querySelectorAll("body *")) e.style.contentVisibility = ""; });
  return path;
}

/** In the page (a self-contained function, so every driver can send it): a digest of
 *  the pixels of the canvas `selector` names: its size, how many distinct colours, and a
 *  hash of the bytes. */
export function canvasDigest(selector) {
  const canvas = document.querySelector(selector);
  // Read a copy, so the page's own canvas is never read back (Chromium warns when a
  // canvas is read repeatedly).
  const copy = document.createElement("canvas");
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(canvas, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  let hash = 0;
  for (let i = 0; i < data.length; i += 4) {
    const c = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    if (colours.size < 5000) colours.add(c);
    hash = (Math.imul(hash, 31) + c + data[i + 3]) | 0;
  }
  return { width: canvas.width, height: canvas.height, colours: colours.size, hash };
}

/** In the page (self-contained too; it repeats `canvasDigest`'s copy because each is sent
 *  alone): for canvas `id`, the RGB of every pixel within `r` of each CSS-pixel position,
 *  row by row (`r` = 0: the one pixel). */
export function canvasPatches([id, positions, r = 0]) {
  const canvas = document.getElementById(id);
  const copy = document.createElement("canvas");
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(canvas, 0, 0);
  const dpr = canvas.width / canvas.clientWidth;
  return positions.map(([x, y]) => {
    const side = 2 * r + 1;
    const d = ctx.getImageData(Math.floor(x * dpr) - r, Math.floor(y * dpr) - r, side, side).data;
    const patch = [];
    for (let i = 0; i < d.length; i += 4) patch.push([d[i], d[i + 1], d[i + 2]]);
    return patch;
  });
}

/** The RGB of canvas `id` at each CSS-pixel position (`canvasPatches` of one pixel). */
export const colours = async (page, id, positions) =>
  (await page.evaluate(canvasPatches, [id, positions, 0])).map((patch) => patch[0]);

/** The digest of canvas `id`'s pixels (`canvasDigest`). */
export const canvasPixels = (page, id) => page.evaluate(canvasDigest, `#${id}`);

/** The App's snapshot and weights, as the JS API returns them. */
export const snapshot = (page) => page.evaluate(() => window.nnlab.snapshot());
export const weights = (page) => page.evaluate(() => window.nnlab.weights());

/** In the page (self-contained, as `canvasDigest`): waits until the pictures show the
 *  state of now (the worker has drawn the scenes posted since, or has nothing left to
 *  draw), then `n` animation frames (the page draws in them, and shows what the worker
 *  drew). */
export function afterPictures(n) {
  return new Promise((done) => {
    let left = n;
    const start = window.nnlab?.pictures?.().drawn ?? 0;
    const tick = () => {
      const p = window.nnlab?.pictures?.();
      if (p && (p.drawnBy === "starting" || (p.pending > 0 && p.drawn < start + 2 && !p.error))) return requestAnimationFrame(tick);
      return --left > 0 ? requestAnimationFrame(tick) : done(true);
    };
    requestAnimationFrame(tick);
  });
}

/** `afterPictures(n)` in the page. */
export const frames = (page, n = 3) => page.evaluate(afterPictures, n);

/** The message bar's text, or "" when it is hidden. */
export const messageText = (page) => page.evaluate(() => {
  const m = document.getElementById("message");
  return m.hidden ? "" : document.getElementById("message-text").textContent;
});

/** One browser for a test file: started before its tests, closed after them. Returns an
 *  object that holds `context` once started. */
export function sharedBrowser(options = {}) {
  const shared = {};
  before(async () => {
    Object.assign(shared, await launch(options));
  });
  after(async () => {
    await shared.close?.();
  });
  return shared;
}

/** Chooses lesson `n` (from 1) as a person does: the top bar's Lessons button, then the
 *  lesson in the list it opens. */
export async function chooseLesson(page, n) {
  if (!(await page.isVisible(`#lesson-${n}`))) await page.click("#lessons-button");
  await page.click(`#lesson-${n}`);
}

/** Opens the hidden space's view once, then the output's: every picture of the page then
 *  has its size (a view not shown keeps its canvas's size, and is drawn on), so a test can
 *  read them all. */
export async function sizeEveryView(page) {
  await page.evaluate(() => window.nnlab.setConfig({ view: "hidden" }));
  await frames(page, 2);
  await page.evaluate(() => window.nnlab.setConfig({ view: "output" }));
  await frames(page, 2);
}

/** Gets the plane ready for adding points of `label` by hand ("adds (drag: paints)"):
 *  returns `count()`, the points in the data, and `at(x, y)`, the page's position of the
 *  plane's point (x, y) (the canvas shows [−6, 6]², y up). */
export async function paintOnPlane(page, label = "1") {
  const count = async () => { const s = await snapshot(page); return s.trainCount + s.testCount; };
  await page.check("#click-add");
  await page.selectOption("#add-label", label);
  await page.evaluate(() => document.getElementById("boundary-canvas").scrollIntoView({ block: "center" }));
  const box = await page.locator("#boundary-canvas").boundingBox();
  const at = (x, y) => [box.x + (x + 6) / 12 * box.width, box.y + (6 - y) / 12 * box.height];
  return { count, at };
}

/** Runs an exported Python script (NNLAB_PYTHON names the interpreter; `cargo xtask test`
 *  installs NumPy); its `epoch <n> train <loss> test <loss>` lines as numbers. */
export function runPython(text) {
  const path = join(mkdtempSync(join(tmpdir(), "nnlab-py-")), "script.py");
  writeFileSync(path, text);
  const out = execFileSync(process.env.NNLAB_PYTHON ?? "python3", [path], { encoding: "utf8" });
  return out.trim().split("\n").map((line) => {
    const [, epoch, , train, , test] = line.split(" ");
    return { epoch: Number(epoch), train: Number(train), test: Number(test) };
  });
}
