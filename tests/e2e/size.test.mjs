// The download stays where it is put: every file the page needs has a budget, raw and
// gzipped (what a school's Wi-Fi carries: `cargo xtask serve` sends it gzipped), and so
// has the first frame as a whole; a file that outgrows its budget fails here. The
// issue's target for the module is 800 KiB and 300 KiB gzipped (issue 31); these budgets
// are where it stands now (1,484 KiB and 570 KiB before the digits left it and the rest
// of the code was built for size; 1,449 and 587 with text mode's worked example, graph
// and lessons before the page's code was built with opt-level "z"), to be
// lowered as it shrinks, never raised without saying why in the commit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const KiB = 1024;

/** [file, raw budget, gzipped budget] in bytes; the first frame needs all but the data. */
const BUDGETS = [
  // The class session (issue 30: its panel, the socket, its client and nine calls of the
  // API) added 66 KB to the module and 9 KB to its bindings.
  ["www/pkg/nnlab_bg.wasm", 1375 * KiB, 572 * KiB],
  ["www/pkg/nnlab.js", 97 * KiB, 17.5 * KiB],
  ["www/main.js", 8 * KiB, 3.5 * KiB],
  ["www/worker.js", 2 * KiB, 1 * KiB],
  ["www/style.css", 34 * KiB, 8.5 * KiB],
  ["index.html", 40 * KiB, 7.5 * KiB],
];
/** Data fetched when first used (the digits gzipped already; the corpora as text, which
 *  the server gzips), as checked in. */
const DATA = [["www/data/digits.csv.gz", 57523], ["www/data/names.txt", 65552], ["www/data/poems.txt", 100736]];
const FIRST_FRAME_GZ = 606 * KiB;

const size = (file) => {
  const bytes = readFileSync(join(ROOT, file));
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length, bytes };
};

test("each file the page needs, and its first frame, stays within its budget", () => {
  let first = 0;
  for (const [file, raw, gz] of BUDGETS) {
    const s = size(file);
    assert.ok(s.raw <= raw, `${file}: ${s.raw} bytes, budget ${raw}`);
    assert.ok(s.gz <= gz, `${file}: ${s.gz} bytes gzipped, budget ${gz}`);
    first += s.gz;
  }
  assert.ok(first <= FIRST_FRAME_GZ, `the first frame: ${first} bytes gzipped, budget ${FIRST_FRAME_GZ}`);
  for (const [file, bytes] of DATA) {
    assert.equal(size(file).raw, bytes, `${file} is the checked-in file`);
  }
});

test("the module holds none of the corpora", () => {
  const module = readFileSync(join(ROOT, "www/pkg/nnlab_bg.wasm"));
  for (const file of ["www/data/names.txt", "www/data/poems.txt"]) {
    // Items long enough not to be in the module by chance: the first eight of 8 bytes or more.
    const items = readFileSync(join(ROOT, file), "utf8").trim().split("\n")
      .map((line) => Buffer.from(line.split("\t")[1])).filter((item) => item.length >= 8).slice(0, 8);
    assert.equal(items.length, 8);
    for (const item of items) assert.ok(!module.includes(item), `${file}: "${item}" is in the module`);
  }
});

test("the module holds none of the digits' set but the tile's four images", () => {
  const module = readFileSync(join(ROOT, "www/pkg/nnlab_bg.wasm"));
  const lines = gunzipSync(readFileSync(join(ROOT, "www/data/digits.csv.gz"))).toString().trim().split("\n");
  const image = (i) => Buffer.from(lines[i].split(",").map(Number));
  assert.ok(module.includes(image(1)), "the tile's images are in it");
  for (const i of [4, 100, 500, 1000, 1796]) {
    assert.ok(!module.includes(image(i)), `image ${i} is in the module`);
  }
});
