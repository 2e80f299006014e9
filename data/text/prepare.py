#!/usr/bin/env python3
"""Build the two text corpora of NN Lab's character-level language model.

Outputs (UTF-8, "\\n" line ends, no header, one item per line as
"<split>\\t<item>", lines grouped train, dev, test):

  data/names.txt                 US Census 1990 first names, lower-case a-z
  data/poems.txt                 Tang five-character quatrains (五言绝句),
                                 simplified characters, one poem per line
  data/text/chinese-poetry-LICENSE
                                 verbatim copy of the chinese-poetry LICENSE
                                 (MIT; its notice must travel with the data)

Inputs: three archives from package registries, pinned by version and by
SHA-256 (see PINS below; data/text/SOURCES.md has the full provenance):

  names-0.3.0.tar.gz        PyPI  `names` 0.3.0 (sdist)   - census name lists
  chinese-poetry-2.0.1.tgz  npm   `chinese-poetry` 2.0.1  - the Tang poems
  opencc-1.4.2.tgz          npm   `opencc` 1.4.2          - OpenCC's own
                            Traditional->Simplified dictionaries (text form)

The archives are read in place with `tarfile`; nothing is extracted and
nothing from them is executed.  Only the standard library is used.

Usage (from the repository root):

  python3 data/text/prepare.py --archives /tmp/corpus

--archives names a folder holding the three archives.  Any archive missing
there is downloaded into it first with the ordinary registry clients:

  pip download --no-deps names==0.3.0 -d DIR
  npm pack chinese-poetry@2.0.1 --pack-destination DIR
  npm pack opencc@1.4.2 --pack-destination DIR

(without --archives a temporary folder is used and deleted afterwards).
Every archive's SHA-256 is checked against PINS before use, so a run either
writes exactly the same bytes as every other run or stops with an error.

Optional: --verify-opencc converts every quatrain a second time with the
official OpenCC Python binding (`pip install opencc==1.4.2`, the C++ library)
and fails if any result differs from this script's own converter.  That is
the only option that needs anything beyond the standard library.

The script prints the statistics recorded in data/text/SOURCES.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

# ---------------------------------------------------------------------------
# Pinned inputs.  The SHA-256 values are those of the archives as served by
# the registries (PyPI publishes the same digest on its simple index).
# ---------------------------------------------------------------------------
PINS = {
    "names": {
        "file": "names-0.3.0.tar.gz",
        "sha256": "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671",
        "fetch": ["pip", "download", "--no-deps", "names==0.3.0", "-d", "{dir}"],
    },
    "poetry": {
        "file": "chinese-poetry-2.0.1.tgz",
        "sha256": "25b549e46919c3a0569db6b68ddc96956b04a484ea4518ad2bbd4f137e307e86",
        "fetch": ["npm", "pack", "chinese-poetry@2.0.1", "--pack-destination", "{dir}"],
    },
    "opencc": {
        "file": "opencc-1.4.2.tgz",
        "sha256": "5b5e89fb0aeb98963892203f3665611816b4c2e22b1131ee74ccba2976de4515",
        "fetch": ["npm", "pack", "opencc@1.4.2", "--pack-destination", "{dir}"],
    },
}

# Seed of the train/dev/test shuffle (see `shuffle_and_split`).
SEED = "nnlab-text-v1"

# Size cap of the poem corpus: the number of quatrains kept (see
# `select_poems`).  1,280 poems make a file of about 100 KiB.
POEM_COUNT = 1280

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, as lower-case hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def get_archives(folder: Path) -> dict[str, Path]:
    """Return the path of each pinned archive, downloading what is missing.

    Each archive must match its pinned SHA-256; a mismatch is fatal, since
    the outputs would then no longer be the ones recorded in SOURCES.md.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key, pin in PINS.items():
        path = folder / pin["file"]
        if not path.exists():
            command = [part.replace("{dir}", str(folder)) for part in pin["fetch"]]
            print("downloading:", " ".join(command), file=sys.stderr)
            subprocess.run(command, check=True, stdout=sys.stderr)
        actual = sha256_of(path)
        if actual != pin["sha256"]:
            sys.exit(f"{path}: SHA-256 {actual}, expected {pin['sha256']}")
        paths[key] = path
    return paths


def read_members(archive: Path, wanted) -> dict[str, bytes]:
    """Read, in one pass over a (gzip-compressed) tar archive, the bytes of
    every regular file whose member name satisfies the predicate `wanted`."""
    found = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if member.isfile() and wanted(member.name):
                found[member.name] = tar.extractfile(member).read()
    return found


def shuffle_and_split(items: list[str]) -> list[tuple[str, str]]:
    """Seeded, deterministic shuffle followed by an 80/10/10 split.

    Shuffle: the items are sorted by the SHA-256 digest of the UTF-8 text
    "<SEED>\\t<item>" (ties are impossible for distinct items in practice;
    the item itself breaks them anyway).  This is a pseudo-random order that
    depends only on the seed and the item, not on the order in which items
    were found, nor on the Python version, and any language can redo it.

    Split: with n items, dev and test get n // 10 items each and train gets
    the rest; the first items of the shuffled order go to train, the next
    to dev, the last to test.  The lines come out in that same order.
    """
    def key(item: str):
        return (hashlib.sha256(f"{SEED}\t{item}".encode("utf-8")).digest(), item)

    ordered = sorted(items, key=key)
    n = len(ordered)
    n_dev = n_test = n // 10
    n_train = n - n_dev - n_test
    labels = ["train"] * n_train + ["dev"] * n_dev + ["test"] * n_test
    return list(zip(labels, ordered))


def write_corpus(path: Path, rows: list[tuple[str, str]]) -> bytes:
    """Write "<split>\\t<item>\\n" lines as UTF-8 and return the bytes."""
    data = "".join(f"{split}\t{item}\n" for split, item in rows).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:  # binary: no platform newline translation
        f.write(data)
    return data


def describe(name: str, rows: list[tuple[str, str]], data: bytes) -> None:
    """Print the facts SOURCES.md records about an output file."""
    per_split = Counter(split for split, _ in rows)
    chars = Counter(c for _, item in rows for c in item)
    print(f"{name}: {len(rows)} items "
          f"(train {per_split['train']}, dev {per_split['dev']}, test {per_split['test']}), "
          f"{len(chars)} distinct characters, {len(data)} bytes, "
          f"sha256 {hashlib.sha256(data).hexdigest()}")


# ---------------------------------------------------------------------------
# Corpus 1: first names
# ---------------------------------------------------------------------------
# The `names` package ships the 1990 US Census first-name lists unchanged:
# one name per line, then three numbers (percentage of people with the name,
# cumulative percentage, rank), e.g. "MARY           2.629  2.629      1".

NAME_FILES = ("names-0.3.0/names/dist.female.first",
              "names-0.3.0/names/dist.male.first")


def build_names(archive: Path) -> list[str]:
    texts = read_members(archive, lambda name: name in NAME_FILES)
    names = set()
    rejected = []
    for member in NAME_FILES:
        for line in texts[member].decode("ascii").splitlines():
            if not line.strip():
                continue
            # First column only, lower-cased.
            name = line.split()[0].lower()
            # Keep only plain a-z names; anything else is reported.  (The
            # 0.3.0 lists contain none, but the check stays in case.)
            if re.fullmatch(r"[a-z]+", name):
                names.add(name)
            else:
                rejected.append(name)
    if rejected:
        print(f"names: dropped {len(rejected)} with characters outside a-z: "
              f"{sorted(set(rejected))}", file=sys.stderr)
    print(f"names: {len(names)} unique lower-cased names "
          f"(female list and male list merged)")
    return sorted(names)


# ---------------------------------------------------------------------------
# Traditional -> Simplified conversion, OpenCC 1.4.2's "t2s" configuration
# ---------------------------------------------------------------------------
# Our own implementation of what OpenCC 1.4.2 does for data/config/t2s.json,
# fed with OpenCC's own text dictionaries from the npm package `opencc`:
#
# 1. normalization: CJK Compatibility Ideographs (U+F900..., U+2F800...)
#    are mapped to their unified ideographs (CJK_Compatibility_Ideographs.txt)
# 2. conversion: at each position, take the LONGEST key that is a prefix of
#    the rest of the text, looking in three dictionaries in order and
#    stopping at the first that has any match ("short_circuit" group):
#      TSPhrases.txt       multi-character words whose conversion depends on
#                          context (this is what makes the conversion
#                          phrase-aware rather than character by character)
#      TSCharactersExt     the "@tofu-risk" entries of TSCharacters.txt (rare
#                          simplified forms; OpenCC includes them by default)
#      TSCharacters.txt    single characters
#    A match is replaced by the entry's first (default) value; text that
#    matches nothing is copied unchanged.
#
# Checked against the official binding (pip `opencc` 1.4.2) on the full text
# and titles of all 57,607 Tang poems: identical except for 2 poems that
# contain Ideographic Description Sequences such as "⿰木養", which OpenCC
# copies as a unit while this code converts the characters inside.  Such
# sequences never reach the conversion here: the quatrain filter below
# admits Han characters and "，。" only.
#
# Dictionary text format: "key<TAB>value value ...", "#" starts a comment
# line; a comment "# @tofu-risk: ..." marks the following entry whose
# non-identity values form TSCharactersExt (OpenCC builds that table the
# same way at build time).

OPENCC_DICT_DIR = "package/data/dictionary/"
OPENCC_FILES = ("CJK_Compatibility_Ideographs.txt", "TSPhrases.txt",
                "TSCharacters.txt")


def parse_dictionary(text: str) -> dict[str, str]:
    """key -> default (first) value; the first entry of a key wins."""
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, values = line.split("\t", 1)
        table.setdefault(key, values.split()[0])
    return table


def parse_tofu_risk(text: str) -> dict[str, str]:
    """The extension table: entries announced by a "# @tofu-risk:" comment,
    with the identity value removed (so the rare form becomes the default)."""
    table: dict[str, str] = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# @tofu-risk:"):
            key, values = lines[i + 1].split("\t", 1)
            values = values.split()
            if values[0] == key:  # "㑮<TAB>㑮 𫝈" -> "㑮" maps to "𫝈"
                values = values[1:]
            table.setdefault(key, values[0])
    return table


class TraditionalToSimplified:
    def __init__(self, archive: Path):
        texts = read_members(
            archive, lambda name: name in {OPENCC_DICT_DIR + f for f in OPENCC_FILES})
        text = {f: texts[OPENCC_DICT_DIR + f].decode("utf-8") for f in OPENCC_FILES}
        self.normalization = [parse_dictionary(text["CJK_Compatibility_Ideographs.txt"])]
        self.conversion = [parse_dictionary(text["TSPhrases.txt"]),
                           parse_tofu_risk(text["TSCharacters.txt"]),
                           parse_dictionary(text["TSCharacters.txt"])]
        # Longest key of each dictionary (in characters), to bound the search.
        self.longest = {id(t): max(map(len, t)) for t in self.normalization + self.conversion}

    @staticmethod
    def _longest_match(table: dict[str, str], text: str, start: int,
                       max_len: int) -> int:
        """Length of the longest key of `table` starting at text[start], or 0."""
        for length in range(min(max_len, len(text) - start), 0, -1):
            if text[start:start + length] in table:
                return length
        return 0

    def _apply(self, group: list[dict[str, str]], text: str) -> str:
        longest = [self.longest[id(table)] for table in group]
        out = []
        i = 0
        while i < len(text):
            for table, max_len in zip(group, longest):
                length = self._longest_match(table, text, i, max_len)
                if length:  # first dictionary with a match wins
                    out.append(table[text[i:i + length]])
                    i += length
                    break
            else:  # no dictionary knows this character: keep it
                out.append(text[i])
                i += 1
        return "".join(out)

    def __call__(self, text: str) -> str:
        return self._apply(self.conversion, self._apply(self.normalization, text))


# ---------------------------------------------------------------------------
# Corpus 2: five-character quatrains
# ---------------------------------------------------------------------------
# chinese-poetry 2.0.1 keeps the Complete Tang Poems (全唐诗) in
# package/dist/quantangshi/poet.tang.<N>.json (N = 0, 1000, ..., 57000), each a
# JSON list of {"author", "title", "paragraphs", "id"}; "paragraphs" is a list
# of strings, for quatrains usually two couplets "XXXXX，XXXXX。".
# (package/dist/quantangshi/error/ holds entries the upstream project flagged
# as doubtful; they are not used.)

TANG_FILE = re.compile(r"package/dist/quantangshi/poet\.tang\.(\d+)\.json")

# Han characters, by code-point block (fixed ranges, so the result does not
# depend on the Unicode version of the Python running this): CJK Unified
# Ideographs and Extensions A-I, plus the two Compatibility Ideograph blocks
# (which the normalization step maps to unified ideographs).
HAN = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
       "\U00020000-\U0002a6df\U0002a700-\U0002ee5f"
       "\U0002f800-\U0002fa1f\U00030000-\U000323af")
# A strict quatrain: four lines of exactly five Han characters, "，" after
# lines 1 and 3 and "。" after lines 2 and 4, nothing else at all.
QUATRAIN = re.compile(f"[{HAN}]{{5}}，[{HAN}]{{5}}。[{HAN}]{{5}}，[{HAN}]{{5}}。")


def build_poems(archive: Path, convert: TraditionalToSimplified,
                verify_opencc: bool) -> list[str]:
    files = read_members(archive, TANG_FILE.fullmatch)
    # Read the files in numeric order (the order does not change the result,
    # which is a set, but keeps the counts below easy to follow).
    ordered = sorted(files, key=lambda name: int(TANG_FILE.fullmatch(name).group(1)))
    total = 0
    traditional = []
    for name in ordered:
        for poem in json.loads(files[name].decode("utf-8")):
            total += 1
            # The paragraphs are joined, so a quatrain is recognised however
            # the source splits it (in 2.0.1 all accepted ones have 2 parts).
            text = "".join(poem["paragraphs"])
            if QUATRAIN.fullmatch(text):
                traditional.append(text)
    print(f"poems: {len(files)} Tang files, {total} poems, "
          f"{len(traditional)} strict 五言绝句 "
          f"({len(set(traditional))} distinct texts in traditional characters)")

    simplified = [convert(text) for text in traditional]
    if verify_opencc:
        import opencc  # the official binding; only for this check
        official = opencc.OpenCC("t2s")
        differing = [t for t, s in zip(traditional, simplified)
                     if official.convert(t) != s]
        print(f"poems: official OpenCC {opencc.__version__} t2s differs on "
              f"{len(differing)} of {len(traditional)} quatrains")
        if differing:
            sys.exit(f"converter mismatch, e.g. {differing[:3]}")

    # Conversion keeps the pattern (it maps Han characters to Han
    # characters one for one here); check it rather than assume it.
    assert all(QUATRAIN.fullmatch(s) and len(s) == 24 for s in simplified)
    unique = sorted(set(simplified))
    print(f"poems: {len(unique)} distinct quatrains after conversion to "
          f"simplified characters")
    return unique


def select_poems(poems: list[str], count: int) -> list[str]:
    """Keep `count` poems whose characters are the most common ones.

    1. Rank the Han characters by their number of occurrences over all the
       distinct quatrains (most frequent first; equal counts by code point).
    2. Give each poem the rank of its rarest character.
    3. Keep the `count` poems with the smallest such rank (ties broken by the
       seeded SHA-256 order of `shuffle_and_split`).

    So every kept poem uses only characters among the R most frequent ones,
    with R the smallest number for which `count` poems qualify: a small,
    teachable character set, with no single poem relying on a rare character.
    """
    counts = Counter(c for poem in poems for c in poem if c not in "，。")
    ranking = sorted(counts, key=lambda c: (-counts[c], ord(c)))
    rank = {c: i + 1 for i, c in enumerate(ranking)}  # 1 = most frequent

    def rarest(poem: str) -> int:
        return max(rank[c] for c in poem if c not in "，。")

    def tiebreak(poem: str) -> bytes:
        return hashlib.sha256(f"{SEED}\t{poem}".encode("utf-8")).digest()

    chosen = sorted(poems, key=lambda p: (rarest(p), tiebreak(p), p))[:count]
    limit = rarest(chosen[-1])
    print(f"poems: {len(counts)} distinct Han characters over all "
          f"{len(poems)} quatrains; kept {len(chosen)} whose characters all "
          f"rank within the top {limit}")
    return chosen


def coverage(rows: list[tuple[str, str]]) -> None:
    """Share of Han-character occurrences covered by the top-K characters of
    the final file (punctuation left out: it is always covered)."""
    counts = Counter(c for _, poem in rows for c in poem if c not in "，。")
    total = sum(counts.values())
    freq = sorted(counts.values(), reverse=True)
    shares = ", ".join(f"top {k}: {100 * sum(freq[:k]) / total:.2f} %"
                       for k in (200, 300, 400, 500))
    print(f"poems.txt: {len(counts)} distinct Han characters, "
          f"{total} occurrences; coverage {shares}")


# ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archives", type=Path,
                        help="folder with (or to download) the pinned archives")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent,
                        help="the repository's data/ folder (default)")
    parser.add_argument("--verify-opencc", action="store_true",
                        help="cross-check with the official OpenCC binding")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        archives = get_archives(args.archives or Path(tmp))

        names = build_names(archives["names"])
        rows = shuffle_and_split(names)
        describe("names.txt", rows, write_corpus(args.out / "names.txt", rows))

        convert = TraditionalToSimplified(archives["opencc"])
        poems = select_poems(build_poems(archives["poetry"], convert,
                                         args.verify_opencc), POEM_COUNT)
        rows = shuffle_and_split(poems)
        describe("poems.txt", rows, write_corpus(args.out / "poems.txt", rows))
        coverage(rows)

        # The MIT licence of chinese-poetry asks that its notice be kept.
        licence = read_members(archives["poetry"], lambda n: n == "package/LICENSE")
        (args.out / "text" / "chinese-poetry-LICENSE").write_bytes(
            licence["package/LICENSE"])


if __name__ == "__main__":
    main()
