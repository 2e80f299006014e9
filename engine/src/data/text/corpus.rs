//! A corpus: items (a name, a quatrain, a line of a pasted text), each in one of three
//! sets. The shipped corpora are files of lines `<set>\t<item>` (`data/names.txt`,
//! `data/poems.txt`, made by `data/text/prepare.py`); a pasted text is its lines, every
//! tenth in the dev set and the one after it in the test set.

use super::{BOUNDARY, UNKNOWN};
use crate::i18n::Text;
use crate::text;
use std::collections::BTreeSet;

/// A pasted text's limits: enough to learn from, few enough symbols for the output
/// layer to stay teachable, short enough to train on the page.
pub const MIN_ITEMS: usize = 10;
pub const MAX_TEXT_CHARS: usize = 100_000;
pub const MAX_ITEM_CHARS: usize = 100;
pub const MAX_DISTINCT: usize = 200;

/// Which set an item is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextSplit {
    Train,
    Dev,
    Test,
}

impl TextSplit {
    pub const ALL: [TextSplit; 3] = [TextSplit::Train, TextSplit::Dev, TextSplit::Test];

    /// The name a corpus file gives it.
    pub fn name(self) -> &'static str {
        match self {
            TextSplit::Train => "train",
            TextSplit::Dev => "dev",
            TextSplit::Test => "test",
        }
    }
}

/// Why a text cannot be a corpus: said in the page's words.
pub type TextError = Text;

/// The items of the three sets, in the file's (or the text's) order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    items: Vec<(TextSplit, String)>,
    /// The training items, to tell a written sample that copies one.
    train: BTreeSet<String>,
}

impl Corpus {
    fn new(items: Vec<(TextSplit, String)>) -> Corpus {
        let train = items
            .iter()
            .filter(|(s, _)| *s == TextSplit::Train)
            .map(|(_, i)| i.clone())
            .collect();
        Corpus { items, train }
    }

    /// A shipped corpus file: lines `<set>\t<item>`. `Err` names the first line that is
    /// not one.
    pub fn parse(file: &str) -> Result<Corpus, TextError> {
        let mut items = Vec::new();
        for (n, line) in file.lines().enumerate() {
            let line_no = n + 1;
            let (set, item) = line
                .split_once('\t')
                .ok_or_else(|| text!("err.corpusLine", line = line_no))?;
            let split = TextSplit::ALL
                .into_iter()
                .find(|s| s.name() == set)
                .ok_or_else(|| text!("err.corpusLine", line = line_no))?;
            let symbol = |c: char| c == BOUNDARY || c == UNKNOWN;
            if item.is_empty() || item.chars().any(|c| !allowed(c) || symbol(c)) {
                return Err(text!("err.corpusLine", line = line_no));
            }
            items.push((split, item.to_string()));
        }
        if items.is_empty() {
            return Err(text!("err.textTooShort", n = 0, min = MIN_ITEMS));
        }
        Ok(Corpus::new(items))
    }

    /// A text pasted by the teacher: one item per line, the lines' ends trimmed and
    /// empty lines skipped; every tenth line (the 9th, 19th, …) in the dev set and the
    /// next (10th, 20th, …) in the test set. Refused, with the reason and the limit, when
    /// it is too short or too long, has a line too long, a character that is a control
    /// or one of the model's own symbols, or too many distinct characters.
    pub fn pasted(text: &str) -> Result<Corpus, TextError> {
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(text!(
                "err.textTooLong",
                n = crate::i18n::number(chars as f64),
                max = crate::i18n::number(MAX_TEXT_CHARS as f64)
            ));
        }
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() < MIN_ITEMS {
            return Err(text!("err.textTooShort", n = lines.len(), min = MIN_ITEMS));
        }
        let mut distinct = BTreeSet::new();
        for (n, line) in lines.iter().enumerate() {
            if line.chars().count() > MAX_ITEM_CHARS {
                return Err(text!(
                    "err.textLineLong",
                    line = n + 1,
                    max = MAX_ITEM_CHARS
                ));
            }
            if let Some(c) = line.chars().find(|&c| c == BOUNDARY || c == UNKNOWN) {
                return Err(text!("err.textSymbol", c = c.to_string()));
            }
            if let Some(c) = line.chars().find(|&c| !allowed(c)) {
                return Err(text!(
                    "err.textControl",
                    line = n + 1,
                    code = format!("U+{:04X}", c as u32)
                ));
            }
            distinct.extend(line.chars());
        }
        if distinct.len() > MAX_DISTINCT {
            return Err(text!(
                "err.textDistinct",
                n = distinct.len(),
                max = MAX_DISTINCT
            ));
        }
        let items = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let split = match i % 10 {
                    8 => TextSplit::Dev,
                    9 => TextSplit::Test,
                    _ => TextSplit::Train,
                };
                (split, line.to_string())
            })
            .collect();
        Ok(Corpus::new(items))
    }

    /// The items of one set, in order.
    pub fn items(&self, split: TextSplit) -> impl Iterator<Item = &str> + '_ {
        self.items
            .iter()
            .filter(move |(s, _)| *s == split)
            .map(|(_, item)| item.as_str())
    }

    /// Every item, in the file's (or the text's) order.
    pub fn lines(&self) -> Vec<&str> {
        self.items.iter().map(|(_, item)| item.as_str()).collect()
    }

    /// Items in one set.
    pub fn count(&self, split: TextSplit) -> usize {
        self.items(split).count()
    }

    /// Whether `item` is one of the training items (a written sample that copies one).
    pub fn is_training_item(&self, item: &str) -> bool {
        self.train.contains(item)
    }

    /// The distinct characters of every set.
    pub fn characters(&self) -> BTreeSet<char> {
        self.items.iter().flat_map(|(_, i)| i.chars()).collect()
    }
}

/// A character an item may have: anything printable (a space too), but not a control
/// character.
fn allowed(c: char) -> bool {
    !c.is_control()
}
