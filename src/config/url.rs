//! The config as a URL hash, in TFP's format: `#activation=tanh&batchSize=10&...&
//! networkShape=4,2&...&learningRate_hide=true`. Reading goes key by key through the one
//! validation path (`Config::with_patch`): a key whose value is unknown or out of range
//! keeps its default, and is reported.

use super::{Config, ConfigError, Control};
use crate::i18n::{quote, Text};
use crate::names::Choice;
use crate::text;
use serde_json::{Map, Number, Value};

/// TFP keys NN Lab has no use for; a link carrying them opens without a message as long
/// as they ask for nothing NN Lab lacks.
const TFP_ONLY: [&str; 3] = ["collectStats", "cosX", "cosY"];

const HIDE_SUFFIX: &str = "_hide";

/// Settings that are lists of names, not of numbers (`activations=relu,tanh`).
const NAME_LISTS: [&str; 3] = ["activations", "neuronsOff", "neuronsFrozen"];

/// NN Lab's settings written into a link only when they are not empty (the default, and
/// what every TFP link means).
const ONLY_WHEN_SET: [&str; 5] = [
    "activations",
    "dropout",
    "neuronsOff",
    "neuronsFrozen",
    "formula",
];

impl Config {
    /// The config as a URL hash (without the `#`).
    pub fn to_url_hash(&self) -> String {
        let settings = self.settings();
        let mut pairs = Vec::with_capacity(settings.len() + self.classroom.hidden.len());
        // In the struct's order (TFP's keys first).
        for (key, value) in settings {
            // Hidden controls are written as `_hide` pairs; unset settings not at all.
            // Lists of names are written only when they say something (an empty one is
            // the default: TFP's links never have it).
            let empty_list = ONLY_WHEN_SET.contains(&key.as_str())
                && (value.as_array().is_some_and(|a| a.is_empty()) || value.as_str() == Some(""));
            if key == "hidden" || value.is_null() || empty_list {
                continue;
            }
            pairs.push(format!("{key}={}", encode(&value_text(&value))));
        }
        for control in &self.classroom.hidden {
            pairs.push(format!("{}{HIDE_SUFFIX}=true", control.name()));
        }
        pairs.join("&")
    }

    /// Reads a URL hash (with or without the `#`). Returns the config, where every key that
    /// was unknown, malformed, out of range or given twice keeps its default (or its first
    /// value), and what was refused. The work is linear in the hash's length and what is
    /// kept of the refusals is bounded, whatever the link holds.
    pub fn from_url_hash(hash: &str) -> (Config, Refusals) {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let mut config = Config::default();
        let mut unknown_key = false;
        // Refusals found while reading (the first `KEPT`, with the place of their pair in
        // the link), and how many there were.
        let mut read_errors: Vec<(usize, ConfigError)> = Vec::new();
        let mut read_total = 0;
        let mut refuse = |place: usize, error: ConfigError| {
            read_total += 1;
            if read_errors.len() < Refusals::KEPT {
                read_errors.push((place, error));
            }
        };
        let mut patch = Map::new();
        // Where each setting the link names was given: only known settings are kept (a
        // bounded set), which is what a repeated key is checked against.
        let mut place_of: std::collections::HashMap<String, usize> = Default::default();
        let defaults = match serde_json::to_value(Config::default()) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        for (place, pair) in hash.split('&').filter(|p| !p.is_empty()).enumerate() {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let (Some(key), Some(value)) = (decode(raw_key), decode(raw_value)) else {
                refuse(
                    place,
                    ConfigError::new(&shorten(raw_key), text!("err.badUrlText")),
                );
                continue;
            };
            if place_of.contains_key(&key) {
                refuse(
                    place,
                    ConfigError::new(&shorten(&key), text!("err.duplicateKey")),
                );
                continue;
            }
            let read = read_pair(&mut config, &defaults, &key, &value);
            let unknown = matches!(&read, Err(e) if UNKNOWN.contains(&e.message.key));
            unknown_key |= matches!(&read, Err(e) if e.message.key == UNKNOWN[0]);
            if !unknown {
                place_of.insert(key.clone(), place);
            }
            match read {
                Ok(Some(json)) => {
                    patch.insert(key, json);
                }
                Ok(None) => {}
                Err(e) => refuse(place, e),
            }
        }
        // A link made before the views had tabs showed the hidden space under the page:
        // it opens on that view (unless it names one).
        if patch.get("hiddenSpace") == Some(&Value::Bool(true)) && !patch.contains_key("view") {
            patch.insert("view".into(), Value::String("hidden".into()));
        }
        // All settings at once when they are valid together (settings that are only valid
        // together, such as x=false with xSquared=true, need this); otherwise one by one,
        // the refused ones tried once more at the end, so order does not matter.
        let mut refused = Vec::new();
        match config.with_patch(&Value::Object(patch.clone())) {
            Ok(all) => config = all,
            Err(_) => {
                for (key, json) in &patch {
                    if let Err(e) = apply(&mut config, key, json) {
                        refused.push((key, json, e));
                    }
                }
                for (key, json, _) in std::mem::take(&mut refused) {
                    if let Err(e) = apply(&mut config, key, json) {
                        refused.push((key, json, e));
                    }
                }
            }
        }
        let total = read_total + refused.len();
        let mut errors = read_errors;
        errors.extend(
            refused
                .into_iter()
                .map(|(key, _, e)| (place_of.get(key).copied().unwrap_or(usize::MAX), e)),
        );
        errors.sort_by_key(|(place, _)| *place);
        errors.truncate(Refusals::KEPT);
        let refusals = Refusals {
            errors: errors.into_iter().map(|(_, e)| e).collect(),
            total,
            unknown_key,
        };
        (config, refusals)
    }
}

impl Config {
    /// The settings in link pairs `rest` that a lesson sets itself (every known setting
    /// but the class's and the screen's), each once, in the link's order: beside a lesson
    /// they are not used.
    pub fn lesson_owned_keys(rest: &str) -> Vec<String> {
        let default = Config::default();
        let mut kept: Vec<String> = Vec::new();
        for v in [
            serde_json::to_value(&default.classroom),
            serde_json::to_value(default.screen),
        ] {
            if let Ok(Value::Object(map)) = v {
                kept.extend(map.into_iter().map(|(k, _)| k));
            }
        }
        let known = Config::keys();
        let mut owned: Vec<String> = Vec::new();
        for pair in rest.split('&') {
            let raw_key = pair.split_once('=').map_or(pair, |(k, _)| k);
            let Some(key) = decode(raw_key) else { continue };
            if known.contains(&key) && !kept.contains(&key) && !owned.contains(&key) {
                owned.push(key);
            }
        }
        owned
    }

    /// Some settings (a run's patch) as link pairs: `learningRate=0.3&activation=relu`
    /// (an empty list as `key=`, which reads back as empty).
    pub fn patch_to_url(patch: &Map<String, Value>) -> String {
        patch
            .iter()
            .map(|(key, value)| format!("{key}={}", encode(&value_text(value))))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads pairs as `patch_to_url` writes them into a patch of JSON values (each as a
    /// link reads it), or the first refusal. The values are checked when the patch is
    /// applied. As in a link, a key given twice keeps its first value; the others are
    /// returned, to be named.
    pub fn patch_from_url(
        text: &str,
    ) -> Result<(Map<String, Value>, Vec<ConfigError>), ConfigError> {
        let defaults = match serde_json::to_value(Config::default()) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        let mut scratch = Config::default();
        let mut patch = Map::new();
        let mut repeated = Vec::new();
        for pair in text.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let (Some(key), Some(value)) = (decode(raw_key), decode(raw_value)) else {
                return Err(ConfigError::new(&shorten(raw_key), text!("err.badUrlText")));
            };
            if key.ends_with(HIDE_SUFFIX) || TFP_ONLY.contains(&key.as_str()) {
                return Err(ConfigError::new(&shorten(&key), text!("err.unknownUrlKey")));
            }
            if patch.contains_key(&key) {
                repeated.push(ConfigError::new(&shorten(&key), text!("err.duplicateKey")));
                continue;
            }
            if let Some(json) = read_pair(&mut scratch, &defaults, &key, &value)? {
                patch.insert(key, json);
            }
        }
        Ok((patch, repeated))
    }
}

/// Refusals of a key that is no setting at all (not remembered, listed with the known ones).
const UNKNOWN: [&str; 3] = [
    "err.unknownUrlKey",
    "err.notHideable",
    "err.unknownSettingNear",
];

/// What reading a link refused: the first refusals, in the link's order, and how many
/// there were in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refusals {
    /// At most `Refusals::KEPT` of them.
    pub errors: Vec<ConfigError>,
    /// Every refusal, those kept included.
    pub total: usize,
    /// A key NN Lab does not know was among them (the message then lists the known ones).
    pub unknown_key: bool,
}

impl Refusals {
    /// Refusals kept with their message (the page names fewer, `i18n::MAX_LISTED`).
    pub const KEPT: usize = 32;

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// One more refusal (kept if there is room).
    pub fn push(&mut self, error: ConfigError) {
        self.total += 1;
        if self.errors.len() < Refusals::KEPT {
            self.errors.push(error);
        }
    }

    /// Adds another reading's refusals after these.
    pub fn extend(&mut self, other: Refusals) {
        let more = other.total - other.errors.len();
        for e in other.errors {
            self.push(e);
        }
        self.total += more;
        self.unknown_key |= other.unknown_key;
    }

    /// The refused keys, in the link's order (of those kept).
    pub fn fields(&self) -> Vec<&str> {
        self.errors.iter().map(|e| e.field.as_str()).collect()
    }

    /// The message the page shows: the first few refusals, "and N more", and the known
    /// settings when a key was unknown. `None` when nothing was refused.
    pub fn text(&self) -> Option<Text> {
        let mut items: Vec<Text> = Vec::new();
        for e in &self.errors {
            let item = e.text();
            if !items.contains(&item) {
                items.push(item);
            }
        }
        let message = Text::new("msg.linkRefused").sub("list", Text::list(&items, self.total)?);
        Some(if self.unknown_key {
            Text::new("msg.knownSettings")
                .sub("message", message)
                .arg("list", Config::keys().join(", "))
        } else {
            message
        })
    }
}

fn apply(config: &mut Config, key: &str, json: &Value) -> Result<(), ConfigError> {
    let mut patch = Map::new();
    patch.insert(key.to_string(), json.clone());
    *config = config
        .with_patch(&Value::Object(patch))
        .map_err(|e| ConfigError::new(key, e.message))?;
    Ok(())
}

/// One `key=value` pair: the JSON value of a setting, or `None` for pairs applied here
/// (`<control>_hide`) or ignored (TFP's own keys).
fn read_pair(
    config: &mut Config,
    defaults: &Map<String, Value>,
    key: &str,
    value: &str,
) -> Result<Option<Value>, ConfigError> {
    if let Some(name) = key.strip_suffix(HIDE_SUFFIX) {
        let control = Control::from_name(name).ok_or_else(|| {
            ConfigError::new(key, text!("err.notHideable", list = Control::names()))
        })?;
        match parse_bool(key, value)? {
            true => config.classroom.hidden.insert(control),
            false => config.classroom.hidden.remove(&control),
        };
        return Ok(None);
    }
    if TFP_ONLY.contains(&key) {
        let on = parse_bool(key, value)?;
        if on && key != "collectStats" {
            return Err(ConfigError::new(key, text!("err.noCos")));
        }
        return Ok(None);
    }
    let Some(default) = defaults.get(key).filter(|_| key != "hidden") else {
        // A typo of a setting is named with the setting meant; else the known ones are
        // listed once, after the refusals.
        let message = match Config::unknown_setting(key) {
            near if near.key == "err.unknownSettingNear" => near,
            _ => text!("err.unknownUrlKey"),
        };
        return Err(ConfigError::new(&shorten(key), message));
    };
    let json = match default {
        Value::Bool(_) => Value::Bool(parse_bool(key, value)?),
        Value::Array(_) if NAME_LISTS.contains(&key) => Value::Array(
            value
                .split(',')
                .filter(|part| !part.trim().is_empty())
                .map(|part| Value::String(part.trim().to_string()))
                .collect(),
        ),
        Value::Array(_) => Value::Array(
            value
                .split(',')
                .filter(|part| !part.trim().is_empty())
                .map(|part| number(key, part))
                .collect::<Result<_, _>>()?,
        ),
        // Numbers, and "max" for the speed.
        Value::Number(_) => number(key, value).unwrap_or_else(|_| Value::String(value.into())),
        // Settings that may be left unset (numSamples, lang): empty for unset, else a
        // number or a name.
        Value::Null if value.trim().is_empty() => Value::Null,
        Value::Null => number(key, value).unwrap_or_else(|_| Value::String(value.into())),
        _ => Value::String(value.into()),
    };
    Ok(Some(json))
}

fn parse_bool(key: &str, value: &str) -> Result<bool, ConfigError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ConfigError::new(
            key,
            text!("err.bool", value = quote(value)),
        )),
    }
}

/// A number as JSON: whole numbers as integers (so counts deserialise), others as floats.
fn number(key: &str, text: &str) -> Result<Value, ConfigError> {
    let text = text.trim();
    let refuse = || ConfigError::new(key, text!("err.number", value = quote(text)));
    if let Ok(n) = text.parse::<i64>() {
        return Ok(Value::Number(n.into()));
    }
    let f: f64 = text.parse().map_err(|_| refuse())?;
    Number::from_f64(f).map(Value::Number).ok_or_else(refuse)
}

/// A JSON value as the URL shows it: text without quotes, lists comma-separated.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        // Rust's shortest form (0 and 1, not 0.0 and 1.0), which reads back exactly.
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string())
        }
        other => other.to_string(),
    }
}

/// What `encode` leaves as it is: letters, digits and `-._~,`.
const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',');

/// Percent-encodes all but letters, digits and `-._~,`.
pub(crate) fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, KEPT).to_string()
}

/// Percent-decodes (`+` is a space, as in a form); `None` for a malformed escape (a `%`
/// without two hex digits) or text that is not UTF-8.
pub(crate) fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let malformed = bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// A key from a URL, cut for a message.
fn shorten(text: &str) -> String {
    crate::i18n::cut(text, crate::i18n::MAX_QUOTED_CHARS)
}

#[cfg(test)]
mod tests;
