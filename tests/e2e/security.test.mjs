// End to end: reliability and security (issue 7) — the strict Content-Security-Policy,
// hostile text in links, a module that fails to load, and a long run at maximum speed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, openPage, BASE_URL, snapshot, chooseLesson } from "./helpers.mjs";

const browser = sharedBrowser();


/** Counts Content-Security-Policy violations from the very start of the page. */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

test("the page works under a strict Content-Security-Policy with zero violations", async () => {
  const page = await browser.context.newPage();
  await watchViolations(page);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(m.text()); });
  const response = await page.goto(`${BASE_URL}/`);
  const csp = response.headers()["content-security-policy"];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  assert.match(csp, /style-src 'self'(;|$)/);
  await page.waitForFunction(() => window.nnlab !== undefined);
  // Use everything that draws or writes to the page.
  await page.click("#play");
  await page.waitForFunction(() => window.nnlab.snapshot().epoch > 30);
  await page.click("#play");
  const x1 = await page.locator("#input-x").boundingBox();
  await page.mouse.move(x1.x + x1.width + 3, x1.y + x1.height / 2);
  await page.click("#input-xSquared");
  await page.click("#add-layer");
  await page.selectOption("#regularization", "L2");
  await page.click("[data-dataset=blobs]");
  await chooseLesson(page, 6);
  await page.click("#inspect-apply");
  await page.click("#classroom summary");
  await page.check("#hide-noise");
  await page.evaluate(() => window.nnlab.step(300));
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("hostile text in a link is shown as text and runs nothing", async () => {
  const hostile = "#seed=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E" +
    "&%3Cscript%3Ewindow.pwned%3D2%3C%2Fscript%3E=1" +
    "&dataset=%3Csvg%20onload%3Dwindow.pwned%3D3%3E" +
    "&learningRate=%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D4%3E";
  const page = await browser.context.newPage();
  await watchViolations(page);
  await page.goto(`${BASE_URL}/${hostile}`);
  await page.waitForFunction(() => window.nnlab !== undefined);
  await page.waitForTimeout(300);
  const text = await page.textContent("#message-text");
  assert.ok(text.includes("<img src=x onerror=window.pwned=1>"), text);
  assert.ok(text.includes("<script>"), text);
  assert.ok(text.includes("<svg onload=window.pwned=3>"), text);
  assert.equal(await page.evaluate(() => document.querySelectorAll("#message img, #message svg, #message script").length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  const s = await snapshot(page);
  assert.equal(s.config.seed, "1");
  assert.equal(s.config.dataset, "circle");
  assert.equal(s.config.learningRate, 0.03);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.close();
});

test("when the WebAssembly module cannot load, the page says so instead of staying blank", async () => {
  const page = await browser.context.newPage();
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector("#fatal:not([hidden])", { timeout: 10000 });
  assert.match(await page.textContent("#fatal-text"), /could not load its WebAssembly module/);
  assert.ok(await page.isVisible("#fatal-reload"));
  await page.close();
});

test("a browser without WebAssembly gets a readable message", async () => {
  const page = await browser.context.newPage();
  await page.addInitScript(() => { delete window.WebAssembly; });
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector("#fatal:not([hidden])", { timeout: 10000 });
  assert.match(await page.textContent("#fatal-text"), /needs WebAssembly/);
  await page.close();
});

test("200,000 epochs at maximum speed: memory and frame time stay flat", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${BASE_URL}/`);
  await page.waitForFunction(() => window.nnlab !== undefined);
  const cdp = await page.context().newCDPSession(page);
  const measure = async () => {
    // The smallest of three readings, each after a full garbage collection.
    let heapUsed = Infinity;
    for (let i = 0; i < 3; i++) {
      await cdp.send("HeapProfiler.collectGarbage");
      heapUsed = Math.min(heapUsed, (await cdp.send("Runtime.getHeapUsage")).usedSize);
    }
    const frame = await page.evaluate(async () => {
      // Median frame period over a second.
      const times = [];
      let last = performance.now();
      await new Promise((done) => {
        const tick = (t) => {
          times.push(t - last);
          last = t;
          if (times.length < 40) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      times.sort((a, b) => a - b);
      return times[times.length >> 1];
    });
    return {
      epoch: (await snapshot(page)).epoch,
      wasm: await page.evaluate(() => window.nnlab.memoryBytes()),
      heap: heapUsed,
      frame,
    };
  };
  await page.evaluate(() => { window.nnlab.setConfig({ speed: "max" }); window.nnlab.play(); });
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 20000, null, { timeout: 120000 });
  const start = await measure();
  await page.waitForFunction(() => window.nnlab.snapshot().epoch >= 200000, null, { timeout: 300000 });
  const end = await measure();
  console.log(`long run: epoch ${start.epoch} -> ${end.epoch}; wasm memory ${start.wasm} -> ${end.wasm} bytes; ` +
    `JS heap ${start.heap} -> ${end.heap} bytes; frame period ${start.frame.toFixed(1)} -> ${end.frame.toFixed(1)} ms`);
  assert.ok(end.wasm <= start.wasm * 1.05, `wasm memory grew ${start.wasm} -> ${end.wasm}`);
  assert.ok(end.heap <= start.heap * 1.05, `JS heap grew ${start.heap} -> ${end.heap}`);
  assert.ok(end.frame <= start.frame * 1.5 + 5, `frames slowed ${start.frame} -> ${end.frame} ms`);
  assert.equal((await snapshot(page)).diverged, false);
  await page.close();
});
