// End to end: the page in Simplified Chinese and in English. Every visible text, tooltip
// and label is compared with the other language's table (the App's `strings()`), in the
// states that show the most words: a message, the classroom panel, several classes,
// regression, the textbook lesson with its worked example, a weight's card.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedBrowser, launch, openPage, snapshot, frames, messageText, screenshot, chooseLesson } from "./helpers.mjs";

const browser = sharedBrowser();

/** Every text a person sees or hears on the page now: text nodes of rendered elements
 *  (not the formulas' MathML, which is symbols and numbers), the options of rendered
 *  selects, and the title / aria-label of rendered elements. */
function visibleTexts(page) {
  return page.evaluate(() => {
    const shown = (e) => e.checkVisibility({ visibilityProperty: true });
    const texts = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("math, script, style, noscript, option")) continue;
      if (shown(parent)) texts.add(node.data.trim());
    }
    for (const e of document.body.querySelectorAll("*")) {
      if (!shown(e)) continue;
      if (e.tagName === "SELECT") for (const o of e.options) texts.add(o.textContent.trim());
      for (const name of ["title", "aria-label"]) {
        const value = e.getAttribute(name);
        if (value) texts.add(value.trim());
      }
    }
    texts.add(document.title);
    return [...texts].filter((t) => /[A-Za-z\u4e00-\u9fff]/.test(t));
  });
}

/** Texts of `lang`'s page that belong to the other language: equal to (or, for a
 *  message, made from) one of its strings where the two languages differ, English words
 *  on the Chinese page, Chinese characters on the English page. */
async function untranslated(page, lang) {
  const own = await page.evaluate((l) => window.nnlab.strings(l), lang);
  const other = await page.evaluate((l) => window.nnlab.strings(l), lang === "zh" ? "en" : "zh");
  const ownValues = new Set(Object.values(own));
  const escape = (s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  const foreign = Object.entries(other)
    .filter(([key, text]) => own[key] !== text && text.replace(/\{\w+\}/g, "").trim().length > 1)
    .map(([, text]) => new RegExp(`^${escape(text).replace(/\\?\{\w+\\?\}/g, ".*")}$`, "s"));
  // Names that are the same in both languages: of functions, products and keys, and the
  // settings' values a link is written with (a message lists the allowed ones).
  const names = /^(ReLU|Tanh|Sigmoid|Adam|JSON|CSV|PNG|Enter|Shift|Tab|Home|Page|Down|Escape|Ctrl|sqrt|TensorFlow|Playground|Lab|WebAssembly|JavaScript|English|softmax|sigmoid|tanh|relu|linear|squared|crossEntropy|classification|regression|learningRate|true|false|sgd|momentum|adam|circle|gauss|spiral|multi|blobs|textbook|digits|names|poems|text|plane|Python|NumPy|python|numpy)$/;
  // The settings' own names (a message names the setting it refuses).
  const keys = new Set(await page.evaluate(() => Object.keys(window.nnlab.snapshot().config)));
  const bad = [];
  for (const text of await visibleTexts(page)) {
    if (ownValues.has(text)) continue;
    if (foreign.some((re) => re.test(text))) bad.push(text);
    else if (lang === "en" && /[\u4e00-\u9fff]/.test(text) && text !== "中文") bad.push(text);
    else if (lang === "zh") {
      // What the user typed is quoted in a message, as typed.
      const words = text.replace(/"[^"]*"|“[^”]*”/g, "").match(/[A-Za-z]{4,}/g) ?? [];
      if (words.some((w) => !names.test(w) && !keys.has(w))) bad.push(text);
    }
  }
  return bad;
}

/** The states to check, each reached from a fresh page in `lang`. */
const STATES = [
  ["default page, classroom panel open", "", async (page) => {
    await page.click("#classroom summary");
  }],
  ["a link with refused settings", "learningRate=50&dataset=moons", async () => {}],
  ["five classes", "dataset=blobs&classes=5&loss=crossEntropy", async (page) => {
    await page.click("#click-add");
  }],
  ["regression", "problem=regression", async () => {}],
  ["a setting of the wrong type, a hovered feature", "noise=abc", async (page) => {
    const input = await page.locator("#input-xSquared").boundingBox();
    await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2);
  }],
  ["a refused data file", "", async (page) => {
    await page.setInputFiles("#import-csv", {
      name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("x1,x2,label\n1,2,1\n3,abc,1\n"),
    });
    await page.waitForFunction(() => !document.getElementById("message").hidden);
    assert.match(await messageText(page), /x2/);
  }],
  ["a refused run-until epoch", "", async (page) => {
    await page.fill("#run-until", "");
    await page.click("#run-until-go");
    assert.notEqual(await messageText(page), "");
  }],
  ["the textbook lesson and a weight's card", "", async (page) => {
    await chooseLesson(page, 6);
    await page.focus("#network-canvas");
    await page.keyboard.press("ArrowRight");
    await frames(page, 3);
  }],
  ["a divergence message", "activation=sigmoid&networkShape=8,8,8,8,8,8&learningRate=10", async (page) => {
    await page.evaluate(() => window.nnlab.setConfig({ speed: 20 }));
    await page.click("#play");
    await page.waitForFunction(() => !document.getElementById("message").hidden, null, { timeout: 20000 });
  }],
];

for (const lang of ["zh", "en"]) {
  test(`the page in ${lang} shows no text of the other language`, async () => {
    for (const [name, hash, setUp] of STATES) {
      const { page, errors } = await openPage(browser.context, { hash: `#${hash}${hash ? "&" : ""}lang=${lang}` });
      await setUp(page);
      await frames(page, 3);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang === "zh" ? "zh-Hans" : "en");
      const bad = await untranslated(page, lang);
      assert.deepEqual(bad, [], `${name}: untranslated in ${lang}`);
      assert.deepEqual(errors, [], name);
      if (name.startsWith("the textbook")) await screenshot(page, `textbook-${lang}.png`);
      await page.close();
    }
  });
}

test("a Chinese browser gets Chinese; the switch changes every text, keeps the message and goes into the URL", async () => {
  const zhBrowser = await launch({ locale: "zh-CN" });
  try {
    const { page, errors } = await openPage(zhBrowser.context, { hash: "#learningRate=50" });
    assert.equal(await page.evaluate(() => navigator.language), "zh-CN");
    assert.equal(await page.textContent("#data-title"), "数据");
    assert.equal((await snapshot(page)).config.lang ?? null, null, "the browser's language is not written into the link");
    assert.ok(!page.url().includes("lang="));
    assert.match(await messageText(page), /^这个链接中的一些设置无法使用.*learningRate：不允许 50/);
    assert.equal(await page.inputValue("#lang"), "zh");
    // The learning rate and the network stay; only the words change.
    const before = await snapshot(page);
    await page.selectOption("#lang", "en");
    await frames(page, 3);
    const after = await snapshot(page);
    assert.equal(after.config.lang, "en");
    assert.equal(after.epoch, before.epoch);
    assert.equal(after.trainLoss, before.trainLoss);
    assert.equal(await page.textContent("#data-title"), "Data");
    assert.match(await messageText(page), /^Some settings in this link could not be used.*learningRate: 50 is not allowed/);
    assert.match(page.url(), /&lang=en$/);
    assert.deepEqual(await untranslated(page, "en"), []);
    // Reloaded, the link's language wins over the browser's.
    await page.reload();
    await page.waitForFunction(() => window.nnlab !== undefined);
    await frames(page, 2);
    assert.equal(await page.textContent("#data-title"), "Data");
    await page.selectOption("#lang", "zh");
    await frames(page, 3);
    assert.equal(await page.textContent("#layer-count"), "2 个隐藏层");
    // What a screen reader hears follows at once: the live region and the canvases' texts.
    assert.match(await page.textContent("#announce"), /^已暂停，第 0 轮。训练损失 \d\.\d{3}，测试损失 \d\.\d{3}，准确率 \d+%。$/);
    assert.match(await page.getAttribute("#loss-canvas", "aria-label"), /^损失曲线与时间轴：各轮的训练损失和测试损失/);
    assert.match(await page.getAttribute("#boundary-canvas", "aria-label"), /（圆形）/);
    assert.deepEqual(await untranslated(page, "zh"), []);
    await page.setViewportSize({ width: 390, height: 844 });
    await frames(page, 5);
    await screenshot(page, "chinese-390.png");
    await page.setViewportSize({ width: 1280, height: 900 });
    await frames(page, 5);
    await screenshot(page, "chinese-1280.png");
    assert.deepEqual(errors, []);
  } finally {
    await zhBrowser.close();
  }
});

test("an English browser gets English; a bad lang in the link is named and changes nothing else", async () => {
  const { page, errors } = await openPage(browser.context, { hash: "#lang=fr&noise=20" });
  assert.equal(await page.textContent("#data-title"), "Data");
  assert.match(await messageText(page), /lang: "fr" is not allowed: use one of en, zh/);
  assert.equal((await snapshot(page)).config.noise, 20);
  assert.equal((await snapshot(page)).config.lang ?? null, null);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a loaded experiment or a lesson keeps the page's language and display", async () => {
  const { page: english, errors: e1 } = await openPage(browser.context, { hash: "#lang=en&learningRate=0.3" });
  const file = await english.evaluate(() => window.nnlab.exportJson());
  await english.close();
  const { page, errors } = await openPage(browser.context, { hash: "#lang=zh&theme=dark" });
  await page.evaluate((text) => window.nnlab.importJson(text), file);
  await frames(page, 2);
  const s = await snapshot(page);
  assert.equal(s.config.learningRate, 0.3, "the file's experiment");
  assert.equal(s.config.lang, "zh");
  assert.equal(s.config.theme, "dark");
  assert.equal(await page.textContent("#data-title"), "数据");
  await chooseLesson(page, 2);
  assert.equal((await snapshot(page)).config.lang, "zh");
  assert.equal((await snapshot(page)).config.dataset, "xor");
  assert.equal(await page.textContent("#lesson-title"), "2. 异或需要更多");
  assert.deepEqual([...e1, ...errors], []);
  await page.close();
});
