//! The text mode's data: a corpus of items (names, quatrains, a pasted text's lines),
//! each in the training, dev or test set; the symbols the network reads and writes (the
//! vocabulary, with a boundary symbol that starts and ends every item and, for a large
//! character set, an "unknown" symbol for the rare ones); the training examples (k
//! symbols of context → the next symbol); and what writing with a trained network needs
//! (`sample`). The counted n-gram models the network is measured against are in `ngram`.
//!
//! Architecture invariant: everything here is a pure function of the corpus text and
//! the settings (k, the cap); nothing draws a random number but `sample`, from the
//! stream it is given.

pub mod corpus;
pub mod ngram;
pub mod sample;
pub mod shipped;

pub use corpus::{Corpus, TextError, TextSplit};
pub use sample::{next_symbols, sample, Written};
pub use shipped::Shipped;

use std::collections::BTreeMap;

/// The boundary symbol: the context before an item's first character, and what follows
/// its last. Symbol 0 of every vocabulary.
pub const BOUNDARY: char = '.';
/// The symbol for a character outside a capped vocabulary (a rare one).
pub const UNKNOWN: char = '□';

/// The symbols, numbered: the boundary first, then the unknown symbol if the vocabulary
/// was capped, then the characters kept, in code point order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vocabulary {
    symbols: Vec<char>,
    index: BTreeMap<char, usize>,
    /// The unknown symbol's number, when there is one.
    unknown: Option<usize>,
}

impl Vocabulary {
    /// The characters of the training items, the `cap` most frequent kept (ties: the
    /// smaller code point first) and the rest read as the unknown symbol.
    pub fn of(corpus: &Corpus, cap: usize) -> Vocabulary {
        let mut counts: BTreeMap<char, u64> = BTreeMap::new();
        for item in corpus.items(TextSplit::Train) {
            for c in item.chars() {
                *counts.entry(c).or_insert(0) += 1;
            }
        }
        let mut by_count: Vec<(char, u64)> = counts.into_iter().collect();
        let capped = by_count.len() > cap;
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        by_count.truncate(cap);
        let mut kept: Vec<char> = by_count.into_iter().map(|(c, _)| c).collect();
        kept.sort_unstable();
        let mut symbols = vec![BOUNDARY];
        if capped {
            symbols.push(UNKNOWN);
        }
        symbols.extend(kept);
        let index = symbols.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        Vocabulary {
            symbols,
            index,
            unknown: capped.then_some(1),
        }
    }

    /// V: the number of symbols.
    pub fn len(&self) -> usize {
        self.symbols.len()
    }

    pub fn is_empty(&self) -> bool {
        self.symbols.is_empty()
    }

    /// Symbol `i`'s character.
    pub fn symbol(&self, i: usize) -> char {
        self.symbols[i]
    }

    pub fn symbols(&self) -> &[char] {
        &self.symbols
    }

    /// A character's number: its own, or the unknown symbol's; `None` for a character
    /// the vocabulary cannot read (uncapped, and not in the training items).
    pub fn id(&self, c: char) -> Option<usize> {
        self.index.get(&c).copied().or(self.unknown)
    }

    /// Whether the vocabulary reads rare characters as the unknown symbol.
    pub fn is_capped(&self) -> bool {
        self.unknown.is_some()
    }
}

/// Training examples: for each item, for each of its characters and the boundary that
/// ends it, the k symbols before it (the boundary before the item's start) and it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Examples {
    /// Symbols per context: k.
    pub context: usize,
    /// `contexts[e * k + slot]`: symbol `slot` (oldest first) of example e's context.
    pub contexts: Vec<usize>,
    /// `next[e]`: the symbol that follows example e's context.
    pub next: Vec<usize>,
}

impl Examples {
    /// The examples of `items`, read with `vocabulary` (a character it cannot read is
    /// the boundary: `Corpus` refuses such text before it gets here).
    pub fn of<'a>(
        items: impl IntoIterator<Item = &'a str>,
        vocabulary: &Vocabulary,
        context: usize,
    ) -> Examples {
        let mut examples = Examples {
            context,
            ..Examples::default()
        };
        let mut window = vec![0; context];
        for item in items {
            window.fill(0);
            let ids = item.chars().map(|c| vocabulary.id(c).unwrap_or(0));
            for next in ids.chain([0]) {
                examples.contexts.extend_from_slice(&window);
                examples.next.push(next);
                if context > 0 {
                    window.rotate_left(1);
                    window[context - 1] = next;
                }
            }
        }
        examples
    }

    /// The number of examples.
    pub fn len(&self) -> usize {
        self.next.len()
    }

    pub fn is_empty(&self) -> bool {
        self.next.is_empty()
    }

    /// Example e's context.
    pub fn context_of(&self, e: usize) -> &[usize] {
        &self.contexts[e * self.context..(e + 1) * self.context]
    }
}

/// The symbols of a beginning typed by a student, as a context of k: the boundary, then
/// the beginning's characters, its last k kept. `None` names the first character the
/// vocabulary cannot read.
pub fn context_of(prefix: &str, vocabulary: &Vocabulary, k: usize) -> Result<Vec<usize>, char> {
    let mut window = vec![0; k];
    for c in prefix.chars() {
        let id = vocabulary.id(c).ok_or(c)?;
        if k > 0 {
            window.rotate_left(1);
            window[k - 1] = id;
        }
    }
    Ok(window)
}

#[cfg(test)]
mod tests;
