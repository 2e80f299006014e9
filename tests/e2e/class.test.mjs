// End to end: a live class session in Chromium. A teacher's page on the projector
// (1,280×720) and students' pages on phones (390×844), each in its own browser context,
// go through a lesson step (join by link and by typed code, vote, change a vote, the
// tally, reveal, the run and what happened), the experiment sent to everyone, a challenge
// with submissions opened on the projector; a student's page comes back after the server
// restarts; without a server the class controls are absent with one line that says why.
// The smoke of Firefox and WebKit as students is in engines.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { BASE_URL, SCREENSHOTS, afterPictures } from "./helpers.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SERVER_BIN = process.env.NNLAB_SERVER_BIN;
const SINGLE = process.env.NNLAB_SINGLE_FILE;
const PROJECTOR = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => { await browser?.close(); });

/** A page in a context of its own (its own storage: its own student token). */
async function open(url, viewport, locale = "en-US") {
  const context = await browser.newContext({ viewport, locale, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => window.nnlab !== undefined, null, { timeout: 30000 });
  return { page, errors, context };
}

const state = (page) => page.evaluate(() => window.nnlab.classState());
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 20000 });
const frames = (page) => page.evaluate(afterPictures, 3);

/** The teacher's page: a lesson step that asks, and a class started from the panel. */
async function teacherPage(base = BASE_URL, lang = "en") {
  const t = await open(`${base}/#lang=${lang}&lesson=one-neuron&step=1`, PROJECTOR);
  await until(t.page, () => window.nnlab.classState().available);
  await t.page.click("#class-button");
  await t.page.click("#class-start");
  await until(t.page, () => window.nnlab.classState().code);
  const code = await t.page.textContent("#class-code");
  assert.match(code, /^[2-9A-HJ-NP-Z]{6}$/);
  return { ...t, code };
}

/** A student joining from the join link, with a nickname typed. */
async function studentByLink(base, code, nickname, lang = "en") {
  const s = await open(`${base}/?join=${code}#lang=${lang}`, PHONE);
  await until(s.page, () => window.nnlab.classState().available);
  assert.equal(await s.page.inputValue("#class-code-input"), code, "the link fills the code in");
  await s.page.fill("#class-nickname", nickname);
  await s.page.click("#class-join");
  await until(s.page, () => window.nnlab.classState().role === "student");
  return s;
}

test("a lesson step with the class: join, vote, tally, reveal, run, what happened", async () => {
  const t = await teacherPage();
  const ada = await studentByLink(BASE_URL, t.code, "Ada");
  const bo = await studentByLink(BASE_URL, t.code, "<img src=x onerror=alert(1)>");
  // A third types the code as read off the projector: lower case, with a dash.
  const cy = await open(`${BASE_URL}/`, PHONE);
  await until(cy.page, () => window.nnlab.classState().available);
  await cy.page.click("#class-button");
  await cy.page.fill("#class-code-input", `${t.code.slice(0, 3).toLowerCase()}-${t.code.slice(3)}`);
  await cy.page.click("#class-join");
  await until(cy.page, () => window.nnlab.classState().role === "student");
  await until(t.page, () => window.nnlab.classState().students === 3);
  assert.match(await t.page.textContent("#class-students"), /^3 students connected/);
  // The QR code of the join link is an image the server draws.
  const qr = await t.page.evaluate(() => { const i = document.getElementById("class-qr"); return { w: i.naturalWidth, src: i.getAttribute("src") }; });
  assert.ok(qr.w > 100, `the QR code loads (${qr.w} px)`);
  assert.equal(qr.src, `/class/qr.svg?code=${t.code}`);

  // Every student's phone shows the teacher's question, full width.
  for (const s of [ada, bo, cy]) {
    await until(s.page, () => window.nnlab.classState().question?.lesson === "one-neuron");
    assert.equal(await s.page.isVisible("#lesson-question"), true);
    const width = await s.page.evaluate(() => document.getElementById("lesson-choice-1").getBoundingClientRect().width);
    assert.ok(width > 300, `the choice is full width (${width} px)`);
  }
  await ada.page.click("#lesson-choice-1");
  await bo.page.click("#lesson-choice-2");
  await cy.page.click("#lesson-choice-2");
  // Ada changes her mind before the reveal; the predict() of the API is a vote too.
  await ada.page.evaluate(() => window.nnlab.predict(1));
  await until(t.page, () => window.nnlab.classState().tally?.votes === 3 && window.nnlab.classState().tally.counts[1] === 3);
  assert.equal(await ada.page.getAttribute("#lesson-choice-2", "aria-pressed"), "true");
  const rows = await t.page.$$eval("#lesson-tally li span", (l) => l.map((e) => e.textContent));
  assert.deepEqual(rows.map((r) => r.replace(/^.*: /, "")), ["0 · 0 %", "3 · 100 %"]);
  // Students do not see the class's answers before the reveal.
  assert.equal((await state(bo.page)).tally, null);
  assert.equal(await bo.page.isVisible("#lesson-tally li"), false);
  await frames(t.page);
  await t.page.click("#class-close");
  await t.page.screenshot({ path: join(SCREENSHOTS, "class-teacher-tally-1280.png") });
  await ada.page.screenshot({ path: join(SCREENSHOTS, "class-student-vote-390.png") });

  // The reveal: the class's prediction is the teacher's; the students see the tally.
  await t.page.click("#class-reveal");
  for (const s of [ada, bo, cy]) await until(s.page, () => window.nnlab.classState().revealed);
  assert.equal((await t.page.evaluate(() => window.nnlab.snapshot().lesson)).predicted, 1);
  assert.deepEqual((await state(cy.page)).tally.counts, [0, 3]);
  // Votes are closed: a late vote (here through the API's predict) is refused, and said.
  await ada.page.evaluate(() => window.nnlab.predict(0));
  await until(ada.page, () => document.getElementById("message-text").textContent.includes("votes are closed"));
  assert.deepEqual((await state(t.page)).tally.counts, [0, 3]);
  // The teacher runs the step; what happened reaches every phone.
  await t.page.click("#play");
  await until(t.page, () => window.nnlab.snapshot().lesson?.met);
  const happened = (await t.page.evaluate(() => window.nnlab.snapshot().lesson)).happened;
  for (const s of [ada, bo, cy]) await until(s.page, (h) => window.nnlab.classState().happened === h, happened);
  assert.match(await ada.page.textContent("#lesson-class-note"), /What happened: /);
  await frames(ada.page);
  await ada.page.screenshot({ path: join(SCREENSHOTS, "class-student-revealed-390.png") });
  for (const p of [t, ada, bo, cy]) assert.deepEqual(p.errors, []);
  for (const p of [t, ada, bo, cy]) await p.context.close();
});

test("the experiment sent to everyone, a challenge, submissions ranked and opened on the projector", async () => {
  const t = await teacherPage();
  const students = [];
  for (const name of ["Ada", "<img src=x onerror=alert(1)>", ""]) students.push(await studentByLink(BASE_URL, t.code, name));
  await until(t.page, () => window.nnlab.classState().students === 3);
  await t.page.evaluate(() => { window.nnlab.setConfig({ networkShape: [4, 2] }); window.nnlab.step(25); });
  await t.page.click("#class-send");
  const sent = await t.page.evaluate(() => ({ w: window.nnlab.weights(), e: window.nnlab.snapshot().epoch }));
  for (const s of students) {
    await until(s.page, (e) => window.nnlab.snapshot().epoch === e, sent.e);
    assert.deepEqual(await s.page.evaluate(() => window.nnlab.weights()), sent.w, "the student's page holds the teacher's network");
  }
  // The challenge, set from the panel: the lowest test loss, at most 12 neurons, 500 epochs.
  await t.page.fill("#class-neurons", "12");
  await t.page.fill("#class-epochs", "500");
  await t.page.click("#class-set-challenge");
  for (const s of students) await until(s.page, () => window.nnlab.classState().challenge?.epochs === 500);
  // Each trains on their own copy for a different time, then submits from the panel.
  for (const [k, s] of students.entries()) {
    await s.page.evaluate((n) => window.nnlab.step(n), 40 * (k + 1));
    await s.page.click("#class-button");
    await s.page.click("#class-submit");
  }
  await until(t.page, () => window.nnlab.classState().board.length === 3);
  const board = (await state(t.page)).board;
  const losses = await Promise.all(students.map((s) => s.page.evaluate(() => window.nnlab.snapshot().testLoss)));
  assert.deepEqual(board.map((r) => r.value), [...losses].sort((a, b) => a - b), "ranked by test loss");
  // A nickname is text, never markup.
  const html = await t.page.innerHTML("#class-board");
  assert.ok(html.includes("&lt;img src=x"), html);
  assert.equal(await t.page.$("#class-board img"), null);
  // The best run opens on the projector exactly as trained.
  const best = losses.indexOf(Math.min(...losses));
  const expected = await students[best].page.evaluate(() => ({ w: window.nnlab.weights(), s: window.nnlab.snapshot() }));
  await t.page.click("#class-board li:first-child button");
  await until(t.page, (e) => window.nnlab.snapshot().epoch === e, expected.s.epoch);
  assert.deepEqual(await t.page.evaluate(() => window.nnlab.weights()), expected.w);
  assert.equal(await t.page.evaluate(() => window.nnlab.snapshot().testLoss), expected.s.testLoss);
  await t.page.screenshot({ path: join(SCREENSHOTS, "class-teacher-board-1280.png") });
  // The end: every page is told; the room is gone.
  await t.page.click("#class-end");
  for (const s of students) await until(s.page, () => window.nnlab.classState().role === null);
  const late = await open(`${BASE_URL}/`, PHONE);
  await until(late.page, () => window.nnlab.classState().available);
  await assert.rejects(late.page.evaluate((c) => window.nnlab.classJoin(c, ""), t.code), /No class has that code/);
  await assert.rejects(late.page.evaluate(() => window.nnlab.classJoin("I0O1", "")), /six letters and digits/);
  for (const p of [t, ...students]) assert.deepEqual(p.errors, []);
  for (const p of [t, ...students, late]) await p.context.close();
});

test("in Chinese: the teacher's projector and a student's phone", async () => {
  const t = await teacherPage(BASE_URL, "zh");
  const s = await studentByLink(BASE_URL, t.code, "小明", "zh");
  await until(s.page, () => window.nnlab.classState().question);
  await s.page.click("#lesson-choice-1");
  await until(t.page, () => window.nnlab.classState().tally?.votes === 1);
  assert.match(await t.page.textContent("#class-button"), / · 1 人$/);
  await t.page.screenshot({ path: join(SCREENSHOTS, "class-teacher-panel-1280-zh.png") });
  // The teacher's page reloads in the middle of the vote: back in its room, the vote kept.
  await t.page.reload({ waitUntil: "domcontentloaded" });
  await until(t.page, () => window.nnlab !== undefined);
  await until(t.page, (c) => window.nnlab.classState().code === c && window.nnlab.classState().connected, t.code);
  await until(t.page, () => window.nnlab.classState().tally?.votes === 1);
  assert.equal((await state(s.page)).vote, 0);
  await t.page.click("#class-reveal");
  await until(s.page, () => window.nnlab.classState().revealed);
  await frames(s.page);
  assert.match(await s.page.textContent("#lesson-class-note"), /你的答案/);
  await s.page.screenshot({ path: join(SCREENSHOTS, "class-student-revealed-390-zh.png") });
  await t.page.evaluate(() => window.nnlab.classEnd());
  assert.deepEqual([...t.errors, ...s.errors], []);
  await t.context.close();
  await s.context.close();
});

/** Our own server, in its own process, so that it can be stopped and started again. */
function serve(port, db) {
  const child = spawn(SERVER_BIN, ["--port", String(port), "--root", ROOT, "--db", db], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/served at (http:\/\/127\.0\.0\.1:(\d+))/);
      if (m) resolve({ child, url: m[1], port: Number(m[2]) });
    });
    child.on("exit", (code) => reject(new Error(`the server exited (${code}): ${out}`)));
  });
}

test("a student's page reconnects by itself after the server restarts, and keeps the vote",
  { skip: !SERVER_BIN && "NNLAB_SERVER_BIN not set (cargo xtask test sets it)" }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-class-e2e-"));
  const db = join(dir, "class.sqlite3");
  let server = await serve(0, db);
  try {
    const t = await teacherPage(server.url);
    const s = await studentByLink(server.url, t.code, "Ada");
    await until(s.page, () => window.nnlab.classState().question);
    await s.page.click("#lesson-choice-2");
    await until(t.page, () => window.nnlab.classState().tally?.votes === 1);
    server.child.kill("SIGKILL");
    await until(s.page, () => !window.nnlab.classState().connected);
    await until(s.page, () => document.getElementById("class-button").classList.contains("offline"));
    assert.match(await s.page.textContent("#class-button"), /reconnecting/);
    await s.page.screenshot({ path: join(SCREENSHOTS, "class-student-reconnecting-390.png") });
    // Offline, the student changes the vote: it goes when the server is back.
    await s.page.click("#lesson-choice-1");
    server = await serve(server.port, db);
    const back = Date.now();
    await until(s.page, () => window.nnlab.classState().connected && window.nnlab.classState().vote === 0);
    await until(t.page, () => window.nnlab.classState().connected);
    const seconds = (Date.now() - back) / 1000;
    assert.ok(seconds < 5, `back within 5 s (${seconds} s)`);
    console.log(`class: a student's page and the teacher's back ${seconds.toFixed(1)} s after the server restarted`);
    await until(t.page, () => window.nnlab.classState().tally?.counts[0] === 1 && window.nnlab.classState().tally.votes === 1);
    assert.equal(await s.page.getAttribute("#lesson-choice-1", "aria-pressed"), "true");
    await t.context.close();
    await s.context.close();
  } finally {
    server.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without NN Lab's server the class controls are absent, with one line that says why", async () => {
  // A static host: the page's files and nothing else.
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".gz": "application/gzip" };
  const host = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = join(ROOT, path === "/" ? "index.html" : path);
    if (!file.startsWith(ROOT) || !(path === "/" || path.startsWith("/www/")) || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => host.listen(0, "127.0.0.1", ok));
  try {
    const p = await open(`http://127.0.0.1:${host.address().port}/`, PROJECTOR);
    await until(p.page, () => !document.getElementById("class-absent").hidden);
    assert.equal(await p.page.isVisible("#class-button"), false);
    assert.match(await p.page.textContent("#class-absent"), /need NN Lab's server/);
    await assert.rejects(p.page.evaluate(() => window.nnlab.classStart()), /need NN Lab's server/);
    await p.context.close();
  } finally {
    host.close();
  }
  if (SINGLE) {
    const p = await open(`file://${SINGLE}`, PROJECTOR);
    await until(p.page, () => !document.getElementById("class-absent").hidden);
    assert.equal(await p.page.isVisible("#class-button"), false);
    assert.match(await p.page.textContent("#class-absent"), /works offline/);
    await p.context.close();
  }
});
