// End to end: text mode as a class uses it: pick the names, watch what the network
// writes change while it trains, type a beginning and read the next character's bars,
// click one to add it, see the embedding move, write at temperature 0, paste a text of
// the class's own (and its refusals, in both languages), and take the experiment through
// a file and a link.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { sharedBrowser, openPage, canvasPixels, frames, snapshot, screenshot, messageText, runPython } from "./helpers.mjs";

const browser = sharedBrowser();

const written = (page) => page.evaluate(() => [...document.querySelectorAll("#text-samples li")].map((li) => li.textContent));
const bars = (page) => page.evaluate(() => [...document.querySelectorAll("#text-bars .text-bar")].map((b) => ({
  symbol: b.dataset.symbol, p: b.querySelector(".p").textContent,
})));

test("text: the names tile, what it writes while it trains, the bars, the embedding", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click('[data-dataset="names"]');
  await frames(page, 3);
  let snap = await snapshot(page);
  assert.equal(snap.config.dataset, "names");
  assert.deepEqual(snap.config.networkShape, [200]);
  assert.equal(snap.config.context, 3);
  assert.equal(snap.config.embedding, 10);
  // makemore's model: 27 symbols; the counted models measured on the same dev set.
  assert.equal(snap.text.symbols, 27);
  assert.ok(snap.text.trigramLoss < snap.text.bigramLoss && snap.text.bigramLoss < Math.log(27), JSON.stringify(snap.text));
  assert.ok(snap.text.devLoss > Math.log(27), "epoch 0 knows nothing");
  assert.equal(snap.testLoss, snap.text.devLoss);
  // The plane gives way to the text panel; the embedding has 27 rows of 10.
  assert.ok(await page.isVisible("#text-panel"));
  assert.ok(!(await page.isVisible("#boundary-canvas")));
  const embedding = await page.evaluate(() => window.nnlab.embedding());
  assert.equal(embedding.length, 27);
  assert.equal(embedding[0].character, ".");
  assert.ok(embedding.every((r) => r.vector.length === 10));

  // Written at epoch 0: gibberish; while it trains, new names come twice a second.
  const first = await written(page);
  assert.equal(first.length, 6);
  const embeddingPixels = await canvasPixels(page, "embedding-canvas");
  await page.evaluate(() => window.nnlab.play());
  const seen = new Set([first.join(" ")]);
  for (let k = 0; k < 6; k++) {
    await page.waitForTimeout(500);
    seen.add((await written(page)).join(" "));
  }
  await page.evaluate(() => window.nnlab.pause());
  assert.ok(seen.size >= 4, `written only ${seen.size} times in 3 s`);
  snap = await snapshot(page);
  assert.ok(snap.epoch >= 1 || snap.epochProgress[0] > 0, "it trained");
  assert.ok(snap.text.devLoss < 2.5, `dev loss ${snap.text.devLoss}`);
  await frames(page, 3);
  assert.notEqual(await canvasPixels(page, "embedding-canvas"), embeddingPixels, "the embedding moved");

  // The bars after "em": the API's probabilities, most likely first; a click adds one.
  await page.fill("#text-prefix", "em");
  await frames(page, 3);
  const shown = await bars(page);
  const next = await page.evaluate(() => window.nnlab.nextCharacters("em"));
  assert.equal(next.length, 27);
  assert.ok(Math.abs(next.reduce((s, n) => s + n.probability, 0) - 1) < 1e-12);
  assert.deepEqual(shown.map((b) => b.symbol), next.slice(0, 10).map((n) => n.character));
  assert.equal(shown[0].p, `${Math.round(next[0].probability * 100)} %`);
  const letter = shown.find((b) => b.symbol !== ".").symbol;
  await page.click(`#text-bars [data-symbol="${letter}"]`);
  await frames(page, 3);
  assert.equal(await page.inputValue("#text-prefix"), `em${letter}`);
  const after = await bars(page);
  const expected = await page.evaluate((p) => window.nnlab.nextCharacters(p), `em${letter}`);
  assert.deepEqual(after.map((b) => b.symbol), expected.slice(0, 10).map((n) => n.character));
  assert.match(await page.textContent("#text-bars-caption"), new RegExp(`em${letter}`));

  // Temperature 0 always takes the likeliest: every sample the same; 2 varies.
  await page.evaluate(() => window.nnlab.setConfig({ temperature: 0 }));
  const greedy = await page.evaluate(() => window.nnlab.samples(4));
  assert.ok(greedy.every((s) => s.text === greedy[0].text), JSON.stringify(greedy));
  await page.evaluate(() => window.nnlab.setConfig({ temperature: 2 }));
  const bold = await page.evaluate(() => window.nnlab.samples(8));
  assert.ok(new Set(bold.map((s) => s.text)).size > 4, JSON.stringify(bold));
  assert.ok(bold.every((s) => /^[a-z]*$/.test(s.text) && typeof s.copied === "boolean"));
  // A reset writes the same again (the stream is the seed's and training's point), and
  // the page shows those.
  await page.evaluate(() => window.nnlab.setConfig({ temperature: 1 }));
  await page.evaluate(() => { window.nnlab.reset(); window.nnlab.step(1); });
  const again1 = await page.evaluate(() => window.nnlab.samples(6));
  await frames(page, 3);
  const shownAgain = await written(page);
  await page.evaluate(() => { window.nnlab.reset(); window.nnlab.step(1); });
  const again2 = await page.evaluate(() => window.nnlab.samples(6));
  assert.deepEqual(again1, again2);
  assert.deepEqual(shownAgain, again1.map((s) => s.text || "(nothing yet)"));
  // The timeline: an earlier epoch shown is that epoch's network (its table C, what it
  // writes) and its losses.
  const atOne = await page.evaluate(() => ({ e: window.nnlab.embedding(), w: window.nnlab.samples(6), s: window.nnlab.snapshot() }));
  await page.evaluate(() => window.nnlab.step(2));
  assert.notDeepEqual(await page.evaluate(() => window.nnlab.embedding()), atOne.e);
  assert.equal(await page.evaluate(() => window.nnlab.showEpoch(1)), 1);
  const shownOne = await page.evaluate(() => ({ e: window.nnlab.embedding(), w: window.nnlab.samples(6), s: window.nnlab.snapshot() }));
  assert.deepEqual(shownOne.e, atOne.e);
  assert.deepEqual(shownOne.w, atOne.w);
  assert.ok(Object.is(shownOne.s.text.devLoss, atOne.s.text.devLoss));
  await page.evaluate(() => window.nnlab.showEpoch(null));
  // The dev loss in nats, its perplexity e^L beside it.
  const stats = await snapshot(page);
  assert.ok(Math.abs(stats.text.perplexity - Math.exp(stats.text.devLoss)) < 1e-12);
  assert.match(await page.textContent("#test-accuracy"), new RegExp(`· perplexity ${stats.text.perplexity.toFixed(2)}$`));

  // A character it does not know is said, never inserted as markup.
  await assert.rejects(page.evaluate(() => window.nnlab.nextCharacters("<img src=x>")), /does not know “<”/);
  await page.fill("#text-prefix", "a<b>");
  await frames(page, 3);
  assert.match(await page.textContent("#text-bars-caption"), /does not know “<”/);
  assert.equal(await page.evaluate(() => document.querySelectorAll("#text-panel b, #text-panel img").length), 0);

  // The graph labels its outputs: the likeliest characters' bars, right of the output
  // column, in the bars' blue (#0072b2); and the inputs' slots with their characters.
  await page.evaluate(() => window.nnlab.setConfig({ view: "network" }));
  await frames(page, 3);
  const blue = await page.evaluate(() => {
    const canvas = document.getElementById("network-canvas");
    const copy = document.createElement("canvas");
    [copy.width, copy.height] = [canvas.width, canvas.height];
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const left = Math.floor(canvas.width * 0.8);
    const d = ctx.getImageData(left, 0, canvas.width - left, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] === 0 && d[i + 1] === 114 && d[i + 2] === 178) n++;
    return n;
  });
  assert.ok(blue > 20, `${blue} pixels of the outputs' bars`);

  // The mistakes view: the characters predicted worst, not a 27 × 27 matrix.
  await page.evaluate(() => window.nnlab.setConfig({ view: "mistakes" }));
  await frames(page, 3);
  assert.ok(await page.isVisible("#text-mistakes-box"));
  assert.ok(!(await page.isVisible("#confusion")));
  assert.ok((await page.locator("#text-mistakes-body tr").count()) > 3);
  // Its sets are the training and the dev names.
  assert.equal(await page.textContent('#mistakes-set option[value="test"]'), "dev data");
  assert.match(await page.textContent("#text-mistakes-caption"), /^dev data: /);
  await screenshot(page, "text-names-1280.png");
  // The picture: the graph, the loss chart, what it writes and the embedding, side by side
  // (not the plane's canvas, nor a 27 × 27 matrix).
  await page.evaluate(() => window.nnlab.setConfig({ view: "output" }));
  await frames(page, 3);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
  const png = readFileSync(await download.path());
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const widths = await page.evaluate(() => Object.fromEntries(["network-canvas", "loss-canvas", "embedding-canvas", "boundary-canvas"]
    .map((id) => [id, document.getElementById(id).width])));
  const known = widths["network-canvas"] + widths["loss-canvas"] + widths["embedding-canvas"];
  const writes = png.readUInt32BE(16) - known;
  assert.ok(writes > 100 && writes < 700, `what it writes: ${writes} px (${png.readUInt32BE(16)} in all, ${JSON.stringify(widths)})`);
  assert.deepEqual(errors, []);
  await page.close();
});

// The inspector's way of writing a number (four decimals, or scientific beyond).
const number = (v) => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3));
const mathText = (page) => page.evaluate(() => document.getElementById("inspector-math").textContent);

test("text: the worked example looks up the context's rows and changes only them", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click('[data-dataset="names"]');
  await page.evaluate(() => { window.nnlab.step(1); window.nnlab.setConfig({ view: "example" }); });
  await frames(page, 3);
  // Example 1 is a name's first letter after "...": one character read three times.
  const ins = await page.evaluate(() => window.nnlab.inspect(0));
  const t = ins.text;
  assert.deepEqual(t.context, [".", ".", "."]);
  assert.match(await page.textContent("#inspect-sample"), new RegExp(`example 1 of [\\d,]+: after “\\.\\.\\.” comes “${t.next}”`));
  assert.equal(t.changed.length, 1);
  assert.deepEqual(t.changed[0].slots, [0, 1, 2]);
  const text = await mathText(page);
  // The rows looked up, the probability of the next character and the loss, ∂L/∂X, the
  // row's gradient (the sum of its three slots') and the row after the step.
  const out = ins.layers[ins.layers.length - 1];
  const shown = [...t.rows.flat(), out.a[ins.label], ins.loss, ...t.gradRows.flat(), ...t.changed[0].grad, ...t.changed[0].after];
  for (const v of shown) assert.ok(text.includes(number(v)), `${number(v)} missing from the worked example`);
  assert.ok(text.includes("C[“.”]"), "the row is named by its character");
  for (let e = 0; e < 10; e++) {
    const sum = t.gradRows[0][e] + t.gradRows[1][e] + t.gradRows[2][e];
    assert.ok(Math.abs(t.changed[0].grad[e] - sum) < 1e-15);
  }
  // Applying the step changes that row of C as shown, and no other row.
  const before = await page.evaluate(() => window.nnlab.embedding());
  await page.click("#inspect-apply");
  const after = await page.evaluate(() => window.nnlab.embedding());
  assert.deepEqual(after[0].vector, t.changed[0].after);
  assert.deepEqual(after.slice(1), before.slice(1));
  // The next example: its own context, on the page.
  await page.click("#inspect-next");
  await frames(page, 3);
  const second = await page.evaluate(() => window.nnlab.inspect(1));
  assert.match(await page.textContent("#inspect-sample"), new RegExp(`after “${second.text.context.join("").replace(/\./g, "\\.")}” comes “${second.text.next}”`));
  assert.ok((await mathText(page)).includes(number(second.loss)));
  await screenshot(page, "text-example-1280.png");
  assert.deepEqual(errors, []);
  await page.close();
});

test("text: a pasted text, its refusals in both languages, the file and the link", async () => {
  const { page, errors } = await openPage(browser.context);
  // Refused: too short, a symbol of the network's own, too many characters; nothing changes.
  await assert.rejects(page.evaluate(() => window.nnlab.setText("emma\nava")), /at least 10 lines/);
  await assert.rejects(page.evaluate(() => window.nnlab.setText(Array(12).fill("st. john").join("\n"))), /own symbols/);
  assert.match(await messageText(page), /could not be used, so nothing was changed/);
  // The page says it in its language (the API's Error is in English).
  await page.evaluate(() => window.nnlab.setConfig({ lang: "zh" }));
  await assert.rejects(page.evaluate(() => window.nnlab.setText("emma\nava")), /at least 10 lines/);
  assert.match(await messageText(page), /无法使用这段文本.*至少要有 10 行/);
  const many = Array.from({ length: 21 }, (_, i) => Array.from({ length: 10 }, (_, j) => String.fromCodePoint(0x4e00 + i * 10 + j)).join("")).join("\n");
  await assert.rejects(page.evaluate((t) => window.nnlab.setText(t), many), /210 different characters/);
  assert.match(await messageText(page), /210 种不同的字符/);
  assert.equal((await snapshot(page)).config.dataset, "circle");
  await page.evaluate(() => window.nnlab.setConfig({ lang: "en" }));

  // The class's own names, pasted in the page.
  const names = ["ada", "alan", "grace", "edsger", "barbara", "donald", "frances", "john", "margaret", "tim",
    "linus", "radia", "ken", "dennis", "shafi", "leslie", "judea", "yann", "fei", "andrew"];
  await page.click('[data-dataset="names"]');
  await frames(page, 2);
  await page.click(".text-paste summary");
  await page.fill("#text-input", names.join("\n"));
  await page.click("#text-use");
  await frames(page, 3);
  let snap = await snapshot(page);
  assert.equal(snap.config.dataset, "text");
  // The boundary and the characters of the training lines (every tenth line is dev's,
  // the next test's).
  const symbols = new Set(names.filter((_, i) => i % 10 < 8).join("")).size + 1;
  assert.equal(snap.text.symbols, symbols);
  assert.equal(snap.trainCount + 0, names.filter((_, i) => i % 10 < 8).reduce((n, s) => n + s.length + 1, 0));
  await page.evaluate(() => window.nnlab.step(20));
  const trained = await snapshot(page);
  assert.ok(trained.trainLoss < snap.trainLoss, "it learns the class's names");

  // Saved and loaded: the same text, the same embedding and weights, the same losses.
  const file = await page.evaluate(() => window.nnlab.exportJson());
  const saved = JSON.parse(file);
  assert.equal(saved.data.text, names.join("\n"));
  assert.equal(saved.embedding.length, symbols);
  assert.deepEqual(saved.data.train, []);
  const before = await page.evaluate(() => ({ e: window.nnlab.embedding(), w: window.nnlab.weights() }));
  await page.evaluate(() => window.nnlab.setConfig({ dataset: "circle", networkShape: [4, 2] }));
  assert.equal((await snapshot(page)).text, null);
  await frames(page, 2);
  assert.equal(await page.textContent('#mistakes-set option[value="test"]'), "test data");
  await page.evaluate((f) => window.nnlab.importJson(f), file);
  const loaded = await page.evaluate(() => ({ e: window.nnlab.embedding(), w: window.nnlab.weights(), s: window.nnlab.snapshot() }));
  assert.deepEqual(loaded.e, before.e);
  assert.deepEqual(loaded.w, before.w);
  assert.ok(Object.is(loaded.s.trainLoss, trained.trainLoss));
  assert.ok(Object.is(loaded.s.testLoss, trained.testLoss));
  // What a text's data is not: a CSV of points.
  await assert.rejects(page.evaluate(() => window.nnlab.exportCsv()), /lines, not points/);
  // The Python export: the contexts, C and the layers; run, it prints the losses the
  // page then shows, bit for bit.
  const script = await page.evaluate(() => window.nnlab.exportPython({ epochs: 3 }));
  assert.match(script, /def look_up\(contexts\):/);
  const printed = runPython(script);
  assert.equal(printed.length, 3);
  for (const { epoch, train, test: dev } of printed) {
    await page.evaluate(() => window.nnlab.step(1));
    const s = await snapshot(page);
    assert.equal(s.epoch, epoch);
    assert.ok(Object.is(s.trainLoss, train) && Object.is(s.testLoss, dev),
      `epoch ${epoch}: script ${train}/${dev}, page ${s.trainLoss}/${s.testLoss}`);
  }
  assert.deepEqual(errors, []);
  await page.close();

  // A link to the poems opens on them (the corpus read before the first frame), in Chinese.
  const link = "#dataset=poems&context=5&embedding=8&networkShape=32&lang=zh&loss=crossEntropy";
  const { page: poems, errors: poemErrors } = await openPage(browser.context, { hash: link, viewport: { width: 390, height: 844 } });
  snap = await snapshot(poems);
  assert.equal(snap.config.dataset, "poems");
  assert.equal(snap.text.symbols, 402);
  const rows = await poems.evaluate(() => window.nnlab.embedding());
  assert.equal(rows.length, 402);
  assert.ok(rows.some((r) => r.character === "，") && rows.some((r) => r.character === "□"));
  await poems.evaluate(() => window.nnlab.step(1));
  const verse = await poems.evaluate(() => window.nnlab.samples(2));
  assert.ok(verse.every((v) => [...v.text].length <= 48));
  await poems.evaluate(() => window.nnlab.setConfig({ view: "output" }));
  await frames(poems, 3);
  await screenshot(poems, "text-poems-390-zh.png");
  assert.deepEqual(poemErrors, []);
  await poems.close();
});

test("text: step through walks one example, from the context looked up to the rows of C it changes", async () => {
  const { page, errors } = await openPage(browser.context);
  await page.click('[data-dataset="names"]');
  await page.waitForFunction(() => window.nnlab.snapshot().text?.symbols === 27);
  await page.evaluate(() => window.nnlab.step(1));
  await frames(page, 2);
  const ins = await page.evaluate(() => window.nnlab.inspect(0));
  await page.click("#walk-start");
  const digests = new Set();
  for (let k = 0; k < 7; k++) {
    await frames(page, 2);
    const w = await page.evaluate(() => window.nnlab.walk());
    assert.equal(w.stage, k);
    assert.equal(w.count, 7);
    assert.equal(await page.locator("#walk-caption").textContent(), w.caption);
    const nodes = w.nodes.map((n) => n && n[0]);
    if (w.kind === "inputs") {
      // The 30 inputs are the context's three rows of C.
      assert.deepEqual(nodes.slice(0, 30), ins.input);
      assert.deepEqual(ins.input, ins.text.rows.flat());
      assert.ok(w.caption.includes(`“${ins.text.context.join("")}”`), w.caption);
      assert.match(w.caption, /\(30 numbers\)/);
    }
    if (w.kind === "forward" && w.layer === 1) {
      assert.deepEqual(nodes.slice(30, 230), ins.layers[0].a);
      assert.match(w.caption, /\(200 numbers\)/);
    }
    if (w.kind === "loss") {
      assert.deepEqual(nodes.slice(230), ins.target);
      assert.ok(w.caption.includes(`“${ins.text.next}”`) && w.caption.includes("−ln"), w.caption);
      await screenshot(page, "text-walk-loss-1280.png");
    }
    if (w.kind === "update") assert.match(w.caption, /C\[c\] − η·∂L\/∂C\[c\]/);
    // A layer of 200 draws its links on their own canvas.
    digests.add(`${(await canvasPixels(page, "network-canvas")).hash} ${(await canvasPixels(page, "links-canvas")).hash}`);
    await page.keyboard.press("ArrowRight");
  }
  assert.equal(digests.size, 7, "the graph looks different at every stage");
  assert.equal((await snapshot(page)).epoch, 1, "walking trains nothing");
  assert.deepEqual(errors, []);
  await page.close();
});
