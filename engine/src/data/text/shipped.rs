//! The corpora NN Lab ships: `data/names.txt` and `data/poems.txt` (made by
//! `data/text/prepare.py`; README, "Data"). The page fetches a corpus when it is first
//! used (`www/data/<file>`, a copy; the single offline file carries it), and reads it
//! only if its SHA-256 is the recorded one; native builds and the in-browser tests embed
//! them.
//!
//! Architecture invariant: the module holds none of a corpus; every item comes from the
//! checked, recorded file.

use super::Corpus;
use crate::data::Dataset;
use crate::i18n::Text;
use crate::text;
use std::sync::OnceLock;

/// A shipped corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shipped {
    Names,
    Poems,
}

impl Shipped {
    pub const ALL: [Shipped; 2] = [Shipped::Names, Shipped::Poems];

    /// The corpus a dataset reads, if it is a shipped one.
    pub fn of(dataset: Dataset) -> Option<Shipped> {
        match dataset {
            Dataset::Names => Some(Shipped::Names),
            Dataset::Poems => Some(Shipped::Poems),
            _ => None,
        }
    }

    /// The file's name (in `data/`, and beside `index.html` in `www/data/`).
    pub fn file(self) -> &'static str {
        match self {
            Shipped::Names => "names.txt",
            Shipped::Poems => "poems.txt",
        }
    }

    /// The SHA-256 of the file's bytes (README, "Data").
    pub fn sha256(self) -> &'static str {
        match self {
            Shipped::Names => NAMES_SHA256,
            Shipped::Poems => POEMS_SHA256,
        }
    }

    /// The most characters the vocabulary keeps: every letter of the names; the
    /// quatrains' most frequent (the rest read as the unknown symbol).
    pub fn cap(self) -> usize {
        match self {
            Shipped::Names => 100,
            Shipped::Poems => POEMS_CAP,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

pub const NAMES_SHA256: &str = "36881d6b51a359a36f8a2d5dd755cf0c47012bd97390b707d23ad8a70481d1c1";
pub const POEMS_SHA256: &str = "6872b2d7ffffbdec130c6074d89049fe0a7845a60fd9c2d66bf300580af28a8a";
/// The quatrains' characters kept: the 400 most frequent read 77 % of the training
/// poems' characters (`data/text/SOURCES.md`); the rest are the unknown symbol.
pub const POEMS_CAP: usize = 400;

static INSTALLED: [OnceLock<Corpus>; 2] = [OnceLock::new(), OnceLock::new()];
static FAILED: [OnceLock<Text>; 2] = [OnceLock::new(), OnceLock::new()];

#[cfg(any(not(target_arch = "wasm32"), feature = "embed-text"))]
fn embedded(which: Shipped) -> Option<&'static Corpus> {
    static EMBEDDED: [OnceLock<Corpus>; 2] = [OnceLock::new(), OnceLock::new()];
    let text = match which {
        Shipped::Names => include_str!("../../../../data/names.txt"),
        Shipped::Poems => include_str!("../../../../data/poems.txt"),
    };
    Some(EMBEDDED[which.index()].get_or_init(|| {
        Corpus::parse(text).expect("the checked-in corpus parses (its test says why not)")
    }))
}

#[cfg(not(any(not(target_arch = "wasm32"), feature = "embed-text")))]
fn embedded(_: Shipped) -> Option<&'static Corpus> {
    None
}

/// The corpus, once the page has read its file (or embedded).
pub fn corpus(which: Shipped) -> Option<&'static Corpus> {
    INSTALLED[which.index()].get().or_else(|| embedded(which))
}

/// Whether the corpus is there to train on.
pub fn loaded(which: Shipped) -> bool {
    corpus(which).is_some()
}

/// Why the corpus cannot be chosen yet: still loading, or the file's failure.
pub fn not_loaded(which: Shipped) -> Text {
    match FAILED[which.index()].get() {
        Some(why) => text!("err.corpusFailed", file = which.file()).sub("why", why.clone()),
        None => text!("err.corpusLoading"),
    }
}

/// The SHA-256 of some bytes, as hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads the file the page fetched. Refused (and why) unless its bytes are the recorded
/// file's and every line an item.
pub fn install(which: Shipped, bytes: &[u8]) -> Result<(), Text> {
    let read = if sha256_hex(bytes) != which.sha256() {
        Err(text!("err.corpusHash", file = which.file()))
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => Corpus::parse(text),
            Err(_) => Err(text!("err.corpusHash", file = which.file())),
        }
    };
    match read {
        Ok(corpus) => {
            let _ = INSTALLED[which.index()].set(corpus);
            Ok(())
        }
        Err(e) => {
            let _ = FAILED[which.index()].set(e.clone());
            Err(e)
        }
    }
}

/// Records why the file could not be fetched (the page's loader).
pub fn failed(which: Shipped, why: &str) {
    let _ = FAILED[which.index()].set(text!("err.digitsFetch", why = why));
}
