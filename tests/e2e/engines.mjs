// The other browser engines for the smoke suite (engines.test.mjs): Firefox driven by
// puppeteer-core over WebDriver BiDi, WebKit (WebKitGTK's MiniBrowser) driven by
// selenium-webdriver through WebKitGTK's WebKitWebDriver, on an Xvfb display when there is
// none. Each opens as a `Tab` with the same few verbs, so one suite runs in every engine.
import puppeteer from "puppeteer-core";
import { Builder, By, Key } from "selenium-webdriver";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? "/usr/bin/WebKitWebDriver";
export const MINIBROWSER = process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const XVFB = process.env.XVFB ?? "/usr/bin/Xvfb";

const KEYS = { ArrowRight: Key.ARROW_RIGHT, ArrowLeft: Key.ARROW_LEFT, ArrowDown: Key.ARROW_DOWN, Enter: Key.ENTER, Space: Key.SPACE, Home: Key.HOME, PageUp: Key.PAGE_UP, Escape: Key.ESCAPE };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// Installed in the page after each load where the driver cannot listen to the console
// (WebKitWebDriver has no log endpoint): console errors and warnings, uncaught errors and
// rejections go to window.__errors.
const HOOK = `if (!window.__errors) {
  window.__errors = [];
  for (const level of ["error", "warn"]) {
    const original = console[level];
    console[level] = (...args) => { window.__errors.push(level + ": " + args.join(" ")); original.apply(console, args); };
  }
  addEventListener("error", (e) => window.__errors.push("pageerror: " + e.message));
  addEventListener("unhandledrejection", (e) => window.__errors.push("rejection: " + e.reason));
}`;

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Firefox: one browser, one page. */
export async function openFirefox({ width = 1280, height = 900 } = {}) {
  if (!existsSync(FIREFOX)) throw new Error(`no Firefox at ${FIREFOX} (apt-get install -y firefox-esr, or set FIREFOX)`);
  const profile = mkdtempSync(join(tmpdir(), "nnlab-firefox-"));
  const browser = await puppeteer.launch({
    browser: "firefox", executablePath: FIREFOX, headless: true, userDataDir: profile,
    defaultViewport: { width, height },
  });
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warn") errors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return {
    engine: "firefox",
    async goto(url) { await page.goto(url); },
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    async press(selector, key) { await page.focus(selector); await page.keyboard.press(key); },
    async click(selector) { await page.click(selector); },
    async upload(selector, path) { await (await page.$(selector)).uploadFile(path); },
    async screenshot(path, selector) {
      if (selector) {
        const element = await page.$(selector);
        await element.scrollIntoView();
        await element.screenshot({ path });
      } else {
        await page.screenshot({ path });
      }
    },
    async errors() { return errors; },
    async close() { await browser.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/** An X display for WebKitGTK: the one we have, or a new Xvfb. */
async function display() {
  if (process.env.DISPLAY) return { name: process.env.DISPLAY, stop() {} };
  if (!existsSync(XVFB)) throw new Error(`WebKitGTK needs a display and there is no Xvfb at ${XVFB} (apt-get install -y xvfb)`);
  let n = 90;
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n++;
  const xvfb = spawn(XVFB, [`:${n}`, "-screen", "0", "1366x900x24", "-nolisten", "tcp"], { stdio: "ignore" });
  for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await sleep(50);
  return { name: `:${n}`, stop() { xvfb.kill(); } };
}

/** WebKit: WebKitWebDriver and one MiniBrowser window. */
export async function openWebKit({ width = 1280, height = 900 } = {}) {
  for (const [what, path, pkg] of [["WebKitWebDriver", WEBKIT_DRIVER, "webkit2gtk-driver"], ["MiniBrowser", MINIBROWSER, "webkit2gtk-driver"]]) {
    if (!existsSync(path)) throw new Error(`no ${what} at ${path} (apt-get install -y ${pkg})`);
  }
  const screen = await display();
  const port = await freePort();
  const env = { ...process.env, DISPLAY: screen.name };
  // NNLAB_WEBKIT_LOG=1 shows WebKitWebDriver's and MiniBrowser's own output.
  const server = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: ["ignore", process.env.NNLAB_WEBKIT_LOG ? "inherit" : "ignore", process.env.NNLAB_WEBKIT_LOG ? "inherit" : "ignore"] });
  let driver;
  try {
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/status`);
        if (r.ok) break;
      } catch (e) {
        if (i > 100) throw new Error(`WebKitWebDriver did not start: ${e.message}`);
      }
      await sleep(100);
    }
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: "MiniBrowser",
        "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
      })
      .build();
    await driver.manage().window().setRect({ width, height });
  } catch (e) {
    server.kill();
    screen.stop();
    throw e;
  }
  return {
    engine: "webkit",
    async goto(url) { await driver.get(url); await driver.executeScript(HOOK); },
    // W3C Execute Script waits for a returned promise.
    evaluate: (fn, ...args) => driver.executeScript(`return (${fn})(...arguments);`, ...args),
    async press(selector, key) { await driver.findElement(By.css(selector)).sendKeys(KEYS[key] ?? key); },
    async click(selector) { await driver.findElement(By.css(selector)).click(); },
    async upload(selector, path) { await driver.findElement(By.css(selector)).sendKeys(path); },
    async screenshot(path, selector) {
      if (selector) {
        const element = await driver.findElement(By.css(selector));
        await driver.executeScript("arguments[0].scrollIntoView()", element);
        writeFileSync(path, await element.takeScreenshot(), "base64");
      } else {
        writeFileSync(path, await driver.takeScreenshot(), "base64");
      }
    },
    async errors() { return driver.executeScript("return window.__errors ?? ['the error hook is missing']"); },
    async close() {
      await driver.quit().catch(() => {});
      server.kill();
      screen.stop();
    },
  };
}

export const ENGINES = { firefox: openFirefox, webkit: openWebKit };
