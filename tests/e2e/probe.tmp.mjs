import { launch, openPage } from "./helpers.mjs";
const b = await launch();
const { page, errors } = await openPage(b.context, { hash: "#problem=regression&regDataset=reg-gauss&networkShape=6,6", viewport: { width: 1280, height: 900 } });
await page.waitForTimeout(300);
const box = await page.locator("#network-canvas").boundingBox();
// find a link: scan across the middle between column 0 and 1
let found = null;
for (let x = 90; x < 200 && !found; x += 3) for (let y = 40; y < 400 && !found; y += 3) {
  await page.mouse.move(box.x + x, box.y + y);
  const h = await page.evaluate(() => window.nnlab.snapshot().hover);
  if (h && h.kind === "weight") found = { x, y, h };
}
console.log("found", JSON.stringify(found));
console.log("card", await page.textContent("#hover-card"), await page.isVisible("#hover-card"));
await page.mouse.click(box.x + found.x, box.y + found.y);
await page.waitForTimeout(100);
console.log("edit visible", await page.isVisible("#hover-edit"));
await page.fill("#hover-edit", "2.5");
await page.press("#hover-edit", "Enter");
await page.waitForTimeout(100);
console.log("after", JSON.stringify((await page.evaluate(() => window.nnlab.weights()))[0].weights[found.h.j][found.h.i]));
console.log("card", await page.textContent("#hover-card"));
await page.mouse.click(box.x + found.x, box.y + found.y);
await page.fill("#hover-edit", "abc<img src=x onerror=alert(1)>");
await page.press("#hover-edit", "Enter");
console.log("msg", await page.textContent("#message-text"));
await page.screenshot({ path: `/tmp/probe.png`, fullPage: true });
console.log("url", await page.evaluate(() => location.hash));
console.log("errors", errors);
await b.close();
