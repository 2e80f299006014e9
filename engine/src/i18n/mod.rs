//! Every word NN Lab shows, in English and Simplified Chinese.
//!
//! The strings live in one table per language (`en.rs`, `zh.rs`, each with its part for
//! the digits in `en/digits.rs`, `zh/digits.rs`), keyed by a name such as
//! `ui.learningRate`. Fixed strings are looked up with [`Lang::t`]; messages with values in
//! them are [`Text`]s (a key and named arguments, `{name}` in the template) so the core can
//! build a message without knowing the language, and the page renders it in the one the
//! class reads. Tests check that both tables have the same keys and the same `{names}`,
//! and that every key the code and `index.html` use is in them.

mod en;
mod zh;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// A language of the page (`lang=en` / `lang=zh` in the URL).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The code used in the URL and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    /// The language a browser asks for (`navigator.language`, e.g. "zh-CN", "en-GB"):
    /// Chinese for any `zh`, English otherwise.
    pub fn from_browser(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The table of this language: key → text.
    pub fn table(self) -> &'static [(&'static str, &'static str)] {
        type Table = Vec<(&'static str, &'static str)>;
        static TABLES: OnceLock<[Table; 2]> = OnceLock::new();
        &TABLES.get_or_init(|| [en::PARTS.concat(), zh::PARTS.concat()])[self as usize]
    }

    /// The text under a key read from the page (`data-i18n`), if the table has it.
    pub fn lookup(self, key: &str) -> Option<&'static str> {
        Self::maps()[self as usize].get(key).copied()
    }

    fn maps() -> &'static [HashMap<&'static str, &'static str>; 2] {
        static MAPS: OnceLock<[HashMap<&'static str, &'static str>; 2]> = OnceLock::new();
        MAPS.get_or_init(|| [Lang::En, Lang::Zh].map(|lang| lang.table().iter().copied().collect()))
    }

    /// The fixed text under `key`. A key missing from the table comes back as the key
    /// itself (visible, and caught by the tests), never as a blank.
    pub fn t(self, key: &'static str) -> &'static str {
        self.lookup(key).unwrap_or(key)
    }
}

/// A message to show: the key of its template and the values to fill in.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A value in a message: shown as it is (numbers, names), or itself a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Plain(String),
    Text(Text),
}

impl Text {
    pub fn new(key: &'static str) -> Text {
        Text {
            key,
            args: Vec::new(),
        }
    }

    /// Fills `{name}` with `value` as it displays. A value longer than `MAX_ARG_CHARS`
    /// is cut (with "…"): no message grows with what a user typed or pasted. Values a user
    /// supplied are shorter still, through [`quote`].
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Text {
        self.args
            .push((name, Arg::Plain(cut(&value.to_string(), MAX_ARG_CHARS))));
        self
    }

    /// "a; b; c and 12 more": the first `MAX_LISTED` messages, then how many others.
    pub fn list(items: &[Text], total: usize) -> Option<Text> {
        let mut shown = items.iter().take(MAX_LISTED);
        let mut list = shown.next()?.clone();
        for next in shown {
            list = Text::new("msg.list")
                .sub("first", list)
                .sub("next", next.clone());
        }
        let listed = items.len().min(MAX_LISTED);
        Some(if total > listed {
            Text::new("msg.andMore")
                .sub("list", list)
                .arg("n", group_thousands(total - listed))
        } else {
            list
        })
    }

    /// Fills `{name}` with another message, in the same language.
    pub fn sub(mut self, name: &'static str, value: Text) -> Text {
        self.args.push((name, Arg::Text(value)));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Plain(s) => s.clone(),
                    Arg::Text(t) => t.render(lang),
                };
                (*name, value)
            })
            .collect();
        fill(lang.t(self.key), &values)
    }
}

/// English, for logs, the JS API's errors and tests.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The longest value a message shows (lists of allowed names fit).
pub const MAX_ARG_CHARS: usize = 600;
/// The longest user-supplied text a message echoes.
pub const MAX_QUOTED_CHARS: usize = 40;
/// Messages a list names before "and N more".
pub const MAX_LISTED: usize = 4;

/// Text a user supplied, as a message shows it: in quotes, cut after `MAX_QUOTED_CHARS`
/// characters with "…".
pub fn quote(text: &str) -> String {
    format!("{:?}", cut(text, MAX_QUOTED_CHARS))
}

/// A number as a message shows it: as Rust writes it, but 1e300 rather than 301 digits.
pub fn number(x: f64) -> String {
    if x.is_finite() && x != 0.0 && !(1e-9..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// A coordinate as a message shows it: at most three decimals ("12.78", "-0.007"), or
/// as `number` writes it when it is huge or not finite.
pub fn short(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e6 {
        return number(x);
    }
    let fixed = format!("{x:.3}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    match trimmed {
        "-0" => "0".to_string(),
        t => t.to_string(),
    }
}

/// The first `max` characters of `text`, with "…" when there were more.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// 19997 → "19,997".
pub fn group_thousands(n: impl fmt::Display) -> String {
    // Any whole number ≥ 0 (usize, u64: 2^53 stays 9,007,199,254,740,992 on wasm32).
    group_digits(&n.to_string())
}

/// "001234" → "001,234": a comma between groups of three digits from the right.
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `text!("key", name = value, …)`: a [`Text`] with its arguments.
#[macro_export]
macro_rules! text {
    ($key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Text::new($key)$(.arg(stringify!($name), $value))*
    };
}

/// Replaces each `{name}` in `template` by its value; other braces stay as they are.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find('}')
            .filter(|&end| {
                after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
            .filter(|&end| end > 0);
        match name_len.and_then(|end| {
            values
                .iter()
                .find(|(n, _)| *n == &after[..end])
                .map(|v| (end, v))
        }) {
            Some((end, (_, value))) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{names}` a template fills, sorted.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(end)
                if end > 0
                    && after[..end]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Choice;
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<&'static str> {
        lang.table().iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn both_languages_have_every_key_once_and_no_blank() {
        for lang in Lang::all() {
            let table = lang.table();
            assert_eq!(keys(lang).len(), table.len(), "{lang:?} has a key twice");
            for (key, text) in table {
                assert!(!text.trim().is_empty(), "{lang:?} {key} is blank");
            }
        }
        let en = keys(Lang::En);
        let zh = keys(Lang::Zh);
        let missing_zh: Vec<_> = en.difference(&zh).collect();
        let missing_en: Vec<_> = zh.difference(&en).collect();
        assert!(
            missing_zh.is_empty(),
            "not translated into Chinese: {missing_zh:?}"
        );
        assert!(missing_en.is_empty(), "not in English: {missing_en:?}");
    }

    #[test]
    fn templates_fill_the_same_values_in_both_languages() {
        for (key, en) in Lang::En.table() {
            let zh = Lang::Zh.t(key);
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "{key}: {en:?} vs {zh:?}"
            );
        }
    }

    #[test]
    fn chinese_is_chinese_and_english_has_no_chinese() {
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (key, en) in Lang::En.table() {
            assert!(!cjk(en), "English {key} has Chinese: {en}");
        }
        // Names that are the same in both languages (symbols, ReLU, Adam, L1, …) are
        // allowed to stay; anything with an English word of four letters or more must be
        // translated.
        for (key, zh) in Lang::Zh.table() {
            let en = Lang::En.t(key);
            if zh == &en {
                let words = fill(en, &[]);
                let words = placeholders(en)
                    .iter()
                    .fold(words, |w, name| w.replace(&format!("{{{name}}}"), ""));
                let wordy = words
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .any(|w| w.len() >= 4 && !SAME_IN_BOTH.contains(&w));
                assert!(!wordy, "{key} is still English in Chinese: {zh}");
            }
        }
    }

    /// Words that are names, not English: the same on a Chinese page.
    pub(crate) const SAME_IN_BOTH: [&str; 9] = [
        "ReLU",
        "Tanh",
        "Sigmoid",
        "Adam",
        "English",
        "JSON",
        "Linear",
        "Lab",
        "WebAssembly",
    ];

    #[test]
    fn fill_replaces_names_and_keeps_other_braces() {
        let values = [("n", "3".to_string()), ("what", "x".to_string())];
        assert_eq!(fill("{n} of {what}", &values), "3 of x");
        assert_eq!(
            fill("{ learningRate: 0.1 } {n}", &values),
            "{ learningRate: 0.1 } 3"
        );
        assert_eq!(fill("{unknown} {n", &values), "{unknown} {n");
        assert_eq!(placeholders("{b} {a} {b} { x }"), vec!["a", "b"]);
    }

    #[test]
    fn nested_messages_render_in_the_same_language() {
        let inner = Text::new("msg.test.inner").arg("n", 7);
        let outer = Text::new("msg.test.outer").sub("inner", inner);
        assert_ne!(outer.render(Lang::En), outer.render(Lang::Zh));
        assert!(outer.render(Lang::Zh).contains('7'));
    }

    #[test]
    fn browser_languages() {
        assert_eq!(Lang::from_browser("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_browser("zh-Hant-TW"), Lang::Zh);
        assert_eq!(Lang::from_browser("ZH"), Lang::Zh);
        assert_eq!(Lang::from_browser("en-GB"), Lang::En);
        assert_eq!(Lang::from_browser("de"), Lang::En);
        assert_eq!(Lang::from_browser(""), Lang::En);
    }
}
