// End to end in the other engines: the smoke suite in Firefox and in WebKit (engines.mjs
// opens them). NNLAB_ENGINES chooses (default "firefox,webkit"); cargo xtask test installs
// both and runs them. The screenshots it writes (screenshots/<engine>-*.png) are to be
// looked at: the worked example's formulas above all, which engines draw differently.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINES } from "./engines.mjs";
import { BASE_URL, SCREENSHOTS, afterPictures, canvasDigest, runPython, launch, openPage } from "./helpers.mjs";

const WANTED = (process.env.NNLAB_ENGINES ?? "firefox,webkit").split(",").filter(Boolean);
const SINGLE = process.env.NNLAB_SINGLE_FILE;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Polls `fn` in the page until it returns something truthy. */
async function until(tab, fn, what, seconds = 30, arg = null) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await tab.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`${tab.engine}: timed out waiting for ${what}`);
    await sleep(100);
  }
}

const ready = (tab) => until(tab, () => window.nnlab !== undefined && document.documentElement.dataset.ready === "true", "the page to start");
const snapshot = (tab) => tab.evaluate(() => window.nnlab.snapshot());
/** Waits until the pictures show the state of now, then a few animation frames. */
const frames = (tab) => tab.evaluate(afterPictures, 4);

/** Who draws the pictures in each engine: a worker in Firefox; the page's thread in
 *  WebKit, whose web process traps with OffscreenCanvas in a worker (src/web/pictures). */
const DRAWN_BY = { firefox: "worker", webkit: "page" };

/** Every shown canvas's pixels (`canvasDigest`), by its id (a dataset tile's canvas by its
 *  dataset); regression's scatter is not shown for classes, nor the digits' canvases or text mode's embedding on the plane, nor the runs' pictures when
 *  nothing is compared. */
async function canvases(tab) {
  const named = await tab.evaluate(() => [...document.querySelectorAll("canvas")].filter((c) => !(c.id === "scatter-canvas" || c.id === "embedding-canvas" || c.id.startsWith("run-thumb") || c.id.startsWith("digit-")) || c.getClientRects().length > 0).map((c) => {
    const dataset = c.parentElement.dataset.dataset;
    return c.id ? [c.id, `#${c.id}`] : [`tile ${dataset}`, `.tile[data-dataset="${dataset}"] canvas`];
  }));
  const digests = {};
  for (const [name, selector] of named) digests[name] = await tab.evaluate(canvasDigest, selector);
  return digests;
}

for (const engine of WANTED) {
  describe(engine, { timeout: 240000 }, () => {
    let tab;
    before(async () => {
      const open = ENGINES[engine];
      assert.ok(open, `unknown engine ${engine} (known: ${Object.keys(ENGINES)})`);
      tab = await open();
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    after(async () => { await tab?.close(); });
    const noErrors = async () => assert.deepEqual(await tab.errors(), [], `${engine}: console errors`);

    test("the page loads and trains", async () => {
      await tab.goto(`${BASE_URL}/`);
      await ready(tab);
      assert.equal(await tab.evaluate(() => document.getElementById("fatal").hidden), true);
      await frames(tab);
      assert.equal((await tab.evaluate(() => window.nnlab.pictures())).drawnBy, DRAWN_BY[engine]);
      const start = await snapshot(tab);
      assert.equal(start.epoch, 0);
      await tab.click("#play");
      await until(tab, () => window.nnlab.snapshot().epoch >= 40, "40 epochs");
      await tab.click("#play");
      const end = await snapshot(tab);
      assert.equal(end.running, false);
      assert.ok(end.trainLoss < start.trainLoss, `${start.trainLoss} -> ${end.trainLoss}`);
      await tab.screenshot(join(SCREENSHOTS, `${engine}-1280.png`));
      await noErrors();
    });

    test("every canvas draws, and changes as the network trains", async () => {
      // The hidden space shown too: every canvas of the page.
      await tab.evaluate(() => { window.nnlab.reset(); window.nnlab.setConfig({ hiddenSpace: true }); });
      await frames(tab);
      const before = await canvases(tab);
      const views = ["boundary-canvas", "gradient-canvas", "hidden-canvas", "links-canvas", "loss-canvas", "network-canvas"];
      assert.deepEqual(Object.keys(before).filter((id) => !id.startsWith("tile ")).sort(), views);
      assert.equal(Object.keys(before).length, views.length + 11, "eleven dataset tiles");
      await tab.evaluate(() => window.nnlab.step(60));
      await frames(tab);
      const after = await canvases(tab);
      for (const [id, pixels] of Object.entries(after)) {
        // The hidden space is a view of its own: drawn when its tab is open (below).
        if (id === "hidden-canvas") continue;
        assert.ok(pixels.colours > 2, `${engine}: ${id} is blank (${JSON.stringify(pixels)})`);
        // The tiles show the datasets, which training does not change.
        if (views.includes(id)) assert.notEqual(pixels.hash, before[id].hash, `${engine}: ${id} did not change from epoch 0 to 60`);
      }
      await tab.evaluate(() => window.nnlab.setConfig({ view: "hidden" }));
      await frames(tab);
      await frames(tab);
      const hidden = await tab.evaluate(canvasDigest, "#hidden-canvas");
      assert.ok(hidden.colours > 2, `${engine}: the hidden space is blank`);
      await tab.evaluate(() => window.nnlab.step(60));
      await frames(tab);
      await frames(tab);
      assert.notEqual((await tab.evaluate(canvasDigest, "#hidden-canvas")).hash, hidden.hash, `${engine}: the hidden space did not change`);
      await tab.evaluate(() => window.nnlab.setConfig({ view: "output" }));
      await noErrors();
    });

    test("the learning-rate slider changes the rate while it trains", async () => {
      await tab.click("#play");
      await until(tab, () => window.nnlab.snapshot().running, "play");
      await tab.press("#learning-rate", "ArrowRight");
      const moved = await until(tab, () => {
        const s = window.nnlab.snapshot();
        return s.config.learningRate !== 0.03 && s;
      }, "the new rate");
      assert.ok(moved.config.learningRate > 0.03 && moved.config.learningRate <= 0.1, `rate ${moved.config.learningRate}`);
      assert.equal(moved.running, true, "still training");
      assert.equal(await tab.evaluate(() => document.getElementById("learning-rate-value").textContent), String(moved.config.learningRate));
      await until(tab, (e) => window.nnlab.snapshot().epoch > e + 10, "training to go on", 30, moved.epoch);
      await tab.click("#play");
      await noErrors();
    });

    test("the worked example's formulas draw every symbol (the norm bars too)", async () => {
      // Its tab, as a person opens it.
      await tab.click("#tab-example");
      await frames(tab);
      await tab.evaluate(() => window.nnlab.inspect(0));
      await frames(tab);
      const math = await tab.evaluate(() => {
        const root = document.getElementById("inspector-math");
        root.scrollIntoView();
        const tokens = [...root.querySelectorAll("mi, mo, mn, mtext")];
        const empty = tokens.filter((t) => {
          const r = t.getBoundingClientRect();
          return t.textContent.trim() !== "" && (r.width === 0 || r.height === 0);
        }).map((t) => `${t.localName} ${JSON.stringify(t.textContent)}`);
        return { count: tokens.length, empty, text: root.textContent };
      });
      assert.ok(math.count > 80, `${engine}: only ${math.count} symbols`);
      assert.match(math.text, /‖/, "the squared loss shows its norm");
      assert.deepEqual(math.empty, [], `${engine}: symbols drawn as nothing`);
      await tab.screenshot(join(SCREENSHOTS, `${engine}-worked-example.png`), "#inspector");
      await noErrors();
    });

    test("the timeline shows an earlier epoch as it was drawn, and step through walks one update", async () => {
      await tab.goto(`${BASE_URL}/#dataset=spiral&networkShape=5,3&x=true&y=true&sinX=true&sinY=true`);
      await ready(tab);
      await tab.evaluate(() => window.nnlab.step(60));
      await frames(tab);
      const at60 = await canvases(tab);
      await tab.evaluate(() => window.nnlab.step(60));
      await frames(tab);
      // The chart's keys: Home is epoch 0, Page Up ten kept epochs on (every epoch so far).
      await tab.press("#loss-canvas", "Home");
      for (let k = 0; k < 6; k++) await tab.press("#loss-canvas", "PageUp");
      assert.equal((await snapshot(tab)).shownEpoch, 60);
      await frames(tab);
      const shown = await canvases(tab);
      for (const id of ["boundary-canvas", "network-canvas", "links-canvas"]) {
        assert.equal(shown[id].hash, at60[id].hash, `${engine}: ${id} as drawn at epoch 60`);
      }
      await tab.press("#loss-canvas", "Escape");
      assert.equal((await snapshot(tab)).shownEpoch, null);
      // Step through: the button, then → twice: forward, layer 2; the numbers inspect()'s.
      await tab.click("#walk-start");
      // The walk's buttons show at the next frame.
      await until(tab, () => !document.getElementById("walk-controls").hidden, "the walk's buttons");
      await tab.press("#walk-next", "ArrowRight");
      await tab.press("#walk-next", "ArrowRight");
      const walk = await tab.evaluate(() => ({ walk: window.nnlab.walk(), ins: window.nnlab.inspect(0) }));
      assert.equal(walk.walk.kind, "forward");
      assert.equal(walk.walk.layer, 2);
      const n = walk.ins.input.length + walk.ins.layers[0].a.length;
      assert.deepEqual(walk.walk.nodes.slice(n, n + 3).map((v) => v[0]), walk.ins.layers[1].a);
      await frames(tab);
      assert.notEqual((await canvases(tab))["network-canvas"].hash, at60["network-canvas"].hash);
      await tab.screenshot(join(SCREENSHOTS, `${engine}-walk.png`), ".panel.network");
      await tab.press("#walk-next", "Escape");
      assert.equal(await tab.evaluate(() => window.nnlab.walk()), null);
      await noErrors();
    });

    test("runs side by side, and a neuron switched off from its menu", async () => {
      await tab.goto(`${BASE_URL}/#dataset=xor&networkShape=4,3`);
      await ready(tab);
      await tab.click("#add-run");
      await until(tab, () => window.nnlab.runs().length === 2, "the new run");
      await tab.evaluate(() => { window.nnlab.setConfig({ learningRate: 0.3 }); window.nnlab.addRun({ learningRate: 0.003 }); });
      // The cards show at the next frame.
      await until(tab, () => !document.getElementById("run-view-2").parentElement.hidden, "the runs' cards");
      await tab.click("#run-view-0");
      await tab.click("#play");
      await until(tab, () => window.nnlab.snapshot().epoch >= 30, "30 epochs");
      await tab.click("#play");
      const runs = await tab.evaluate(() => window.nnlab.runs());
      assert.deepEqual(runs.map((r) => r.label), ["A", "B: η = 0.3", "C: η = 0.003"]);
      assert.equal(new Set(runs.map((r) => r.epoch)).size, 1, "one epoch for all");
      await frames(tab);
      const thumbs = await Promise.all([0, 1, 2].map((k) => tab.evaluate(canvasDigest, `#run-thumb-${k}`)));
      assert.equal(new Set(thumbs.map((d) => d.hash)).size, 3, "three pictures");
      await tab.click("#run-view-1");
      await until(tab, () => window.nnlab.snapshot().config.learningRate === 0.3, "run B on view");
      assert.deepEqual(await tab.evaluate(() => window.nnlab.weights()), runs[1].weights);
      await tab.screenshot(join(SCREENSHOTS, `${engine}-runs.png`), ".panel.output");
      // The graph's keys to neuron 1 of layer 1 (its two weights, its bias, then it), Enter,
      // ↓ to "Switch off", Enter.
      await tab.evaluate(() => window.nnlab.viewRun(0));
      for (let k = 0; k < 4; k++) await tab.press("#network-canvas", "ArrowRight");
      assert.deepEqual((await snapshot(tab)).hover, { kind: "neuron", layer: 0, j: 0 });
      await tab.press("#network-canvas", "Enter");
      await until(tab, () => document.activeElement?.id === "neuron-on", "the neuron's menu");
      await tab.press("#neuron-on", "ArrowDown");
      await tab.press("#neuron-off", "Enter");
      await until(tab, () => window.nnlab.snapshot().config.neuronsOff.length === 1, "the neuron switched off");
      assert.deepEqual((await snapshot(tab)).config.neuronsOff, ["1:1"]);
      await frames(tab);
      await tab.screenshot(join(SCREENSHOTS, `${engine}-neuron-off.png`), ".panel.network");
      await noErrors();
    });

    test("the digits: their tile trains, the pad's drawing is read and drawn", async () => {
      await tab.goto(`${BASE_URL}/`);
      await ready(tab);
      await tab.click('[data-dataset="digits"]');
      await until(tab, () => window.nnlab.snapshot().config.dataset === "digits", "the digits");
      await tab.click("#play");
      await until(tab, () => window.nnlab.snapshot().testAccuracy > 0.9, "90 % of the test digits", 90);
      await tab.click("#play");
      await frames(tab);
      const before = await tab.evaluate(canvasDigest, "#digit-pixels");
      // A stroke on the pad, as the pointer's events.
      const pixels = await tab.evaluate(() => {
        const pad = document.getElementById("digit-pad");
        const r = pad.getBoundingClientRect();
        const at = (type, x, y) => pad.dispatchEvent(new PointerEvent(type, {
          bubbles: true, pointerId: 1, buttons: 1, clientX: r.left + x * r.width, clientY: r.top + y * r.height,
        }));
        at("pointerdown", 0.3, 0.2);
        at("pointermove", 0.7, 0.2);
        at("pointermove", 0.5, 0.8);
        at("pointerup", 0.5, 0.8);
        return window.nnlab.padPixels();
      });
      assert.equal(pixels.length, 64);
      assert.ok(pixels.some((p) => p > 8), "the stroke inked the image");
      const p = await tab.evaluate((px) => window.nnlab.classify(px), pixels);
      assert.equal(p.length, 10);
      assert.ok(Math.abs(p.reduce((a, b) => a + b) - 1) < 1e-9);
      await frames(tab);
      assert.notEqual((await tab.evaluate(canvasDigest, "#digit-pixels")).hash, before.hash, "the 8×8 picture shows the drawing");
      await tab.screenshot(join(SCREENSHOTS, `${engine}-digits.png`), ".panel.output");
      await noErrors();
    });

    test("text mode: the names train, the network writes, the next character's bars", async () => {
      await tab.goto(`${BASE_URL}/`);
      await ready(tab);
      await tab.click('[data-dataset="names"]');
      await until(tab, () => window.nnlab.snapshot().text?.symbols === 27, "the names");
      const start = await tab.evaluate(() => window.nnlab.snapshot());
      await tab.evaluate(() => window.nnlab.step(1));
      const end = await tab.evaluate(() => window.nnlab.snapshot());
      assert.ok(end.text.devLoss < start.text.devLoss, `${start.text.devLoss} -> ${end.text.devLoss}`);
      const written = await tab.evaluate(() => window.nnlab.samples(5));
      assert.ok(written.every((w) => /^[a-z]*$/.test(w.text)), JSON.stringify(written));
      const next = await tab.evaluate(() => window.nnlab.nextCharacters("em"));
      assert.ok(Math.abs(next.reduce((a, n) => a + n.probability, 0) - 1) < 1e-12);
      await frames(tab);
      assert.ok((await tab.evaluate(canvasDigest, "#embedding-canvas")).colours > 2, `${engine}: the embedding is blank`);
      assert.equal(await tab.evaluate(() => document.querySelectorAll("#text-samples li").length), 6);
      await tab.screenshot(join(SCREENSHOTS, `${engine}-text.png`), ".panel.output");
      // The worked example shows inspect()'s numbers: the rows of C looked up, the next
      // character's probability and the loss.
      await tab.evaluate(() => window.nnlab.setConfig({ view: "example" }));
      await frames(tab);
      const ins = await tab.evaluate(() => window.nnlab.inspect(window.nnlab.snapshot().inspectedSample ?? 0));
      const math = await tab.evaluate(() => document.getElementById("inspector-math").textContent);
      const number = (v) => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3));
      const p = ins.layers[ins.layers.length - 1].a[ins.label];
      for (const v of [...ins.text.rows.flat(), p, ins.loss]) assert.ok(math.includes(number(v)), `${engine}: ${number(v)} missing`);
      await tab.evaluate(() => window.nnlab.setConfig({ view: "output" }));
      // A pasted text: the Python script from this engine's run prints the losses this
      // engine then shows, bit for bit (the rows of C looked up, their gradients added).
      const lines = Array.from({ length: 30 }, (_, i) => ["kai", "lena", "mo", "rue", "saoirse", "tam"][i % 6] + "a".repeat(i % 3));
      await tab.evaluate((t) => window.nnlab.setText(t), lines.join("\n"));
      await tab.evaluate(() => window.nnlab.setConfig({ batchSize: 1, learningRate: 0.01 }));
      await tab.evaluate(() => window.nnlab.step(2));
      const script = await tab.evaluate(() => window.nnlab.exportPython({ epochs: 3 }));
      const printed = runPython(script);
      assert.equal(printed.length, 3);
      for (const { epoch, train, test: dev } of printed) {
        await tab.evaluate(() => window.nnlab.step(1));
        const s = await snapshot(tab);
        assert.equal(s.epoch, epoch);
        assert.ok(Object.is(train, s.trainLoss) && Object.is(dev, s.testLoss), `${engine} text epoch ${epoch}: ${train}/${dev} vs ${s.trainLoss}/${s.testLoss}`);
      }
      await noErrors();
    });

    test("a lesson asks before it plays; the Python script prints this engine's losses", async () => {
      await tab.goto(`${BASE_URL}/#lesson=xor`);
      await ready(tab);
      await tab.click("#play");
      await sleep(300);
      let s = await snapshot(tab);
      assert.deepEqual([s.epoch, s.running, s.lesson.awaitingPrediction], [0, false, true]);
      await tab.evaluate(() => document.getElementById("lesson-choice-2").scrollIntoView());
      await sleep(200);
      await tab.click("#lesson-choice-2");
      await tab.evaluate(() => window.nnlab.step(300));
      await until(tab, () => window.nnlab.snapshot().lesson.met, "the step's condition");
      assert.match(await tab.evaluate(() => document.getElementById("lesson-outcome").textContent), /^You predicted: No · What happened: /);
      // The lessons' section is skipped while off screen (content-visibility): shown for the capture.
      await tab.evaluate(() => {
        document.getElementById("lessons").style.contentVisibility = "visible";
        document.getElementById("lesson").scrollIntoView();
      });
      await sleep(300);
      await tab.screenshot(join(SCREENSHOTS, `${engine}-lesson.png`));
      // The script from this engine's run prints the losses this engine then shows.
      // A sensitive run (single-sample steps, tanh, momentum at 0.1): equal bit for bit.
      await tab.goto(`${BASE_URL}/#dataset=blobs&classes=4&activation=tanh&networkShape=5&loss=crossEntropy&optimizer=momentum&learningRate=0.1&batchSize=1&regularization=L2&regularizationRate=0.003`);
      await ready(tab);
      await tab.evaluate(() => window.nnlab.step(10));
      const script = await tab.evaluate(() => window.nnlab.exportPython({ epochs: 5 }));
      const printed = runPython(script);
      assert.equal(printed.length, 5);
      for (const { epoch, train, test } of printed) {
        await tab.evaluate(() => window.nnlab.step(1));
        s = await snapshot(tab);
        assert.equal(s.epoch, epoch);
        assert.ok(Object.is(train, s.trainLoss) && Object.is(test, s.testLoss), `${engine} epoch ${epoch}: ${train}/${test} vs ${s.trainLoss}/${s.testLoss}`);
      }
      await noErrors();
    });

    test("a saved experiment loads back from its file", async () => {
      await tab.goto(`${BASE_URL}/#dataset=xor&networkShape=5,3&activation=relu`);
      await ready(tab);
      await tab.evaluate(() => window.nnlab.step(75));
      const saved = await tab.evaluate(() => ({ json: window.nnlab.exportJson(), weights: window.nnlab.weights() }));
      const file = join(mkdtempSync(join(tmpdir(), "nnlab-engines-")), "nnlab-experiment.json");
      writeFileSync(file, saved.json);
      await tab.goto(`${BASE_URL}/`);
      await ready(tab);
      assert.equal((await snapshot(tab)).epoch, 0);
      await tab.upload("#import-json", file);
      await until(tab, () => window.nnlab.snapshot().epoch === 75, "the file to load");
      const loaded = await tab.evaluate(() => ({ json: window.nnlab.exportJson(), weights: window.nnlab.weights() }));
      assert.deepEqual(loaded.weights, saved.weights);
      assert.equal(loaded.json, saved.json);
      await noErrors();
    });

    test("a student in this engine joins a class, votes, and sees the reveal and the experiment sent", async () => {
      // The teacher's page in Chromium; the student's is this engine's (its WebSocket under
      // the page's Content-Security-Policy, connect-src 'self').
      const teacher = await launch();
      try {
        const { page } = await openPage(teacher.context, { viewport: { width: 1280, height: 720 }, hash: "#lesson=one-neuron&step=1" });
        await page.waitForFunction(() => window.nnlab.classState().available);
        const { code } = await page.evaluate(() => window.nnlab.classStart());
        await tab.goto(`${BASE_URL}/?join=${code}`);
        await ready(tab);
        await until(tab, () => window.nnlab.classState().available, "the server to answer");
        await tab.click("#class-join");
        await until(tab, () => window.nnlab.classState().question?.lesson === "one-neuron"
          && document.getElementById("lesson-choice-2").getClientRects().length > 0, "the teacher's question");
        await tab.click("#lesson-choice-2");
        await page.waitForFunction(() => window.nnlab.classState().tally?.counts[1] === 1);
        await page.evaluate(() => window.nnlab.classReveal());
        await until(tab, () => window.nnlab.classState().revealed && window.nnlab.classState().tally?.votes === 1, "the reveal");
        await page.evaluate(() => { window.nnlab.step(20); return window.nnlab.classSend(); });
        const sent = await page.evaluate(() => window.nnlab.weights());
        await until(tab, () => window.nnlab.snapshot().epoch === 20, "the experiment sent");
        assert.deepEqual(await tab.evaluate(() => window.nnlab.weights()), sent);
        await tab.screenshot(join(SCREENSHOTS, `${engine}-class-student.png`));
        await page.evaluate(() => window.nnlab.classEnd());
        await until(tab, () => window.nnlab.classState().role === null, "the end of the class");
        await noErrors();
      } finally {
        await teacher.close();
      }
    });

    test("the single offline file trains from file://", { skip: !SINGLE && "NNLAB_SINGLE_FILE not set" }, async () => {
      assert.ok(existsSync(SINGLE), `${SINGLE} was not built`);
      await tab.goto(`file://${SINGLE}`);
      await ready(tab);
      const start = await snapshot(tab);
      await tab.click("#play");
      await until(tab, () => window.nnlab.snapshot().epoch >= 30, "30 epochs");
      await tab.click("#play");
      assert.ok((await snapshot(tab)).trainLoss < start.trainLoss);
      await noErrors();
    });
  });
}
