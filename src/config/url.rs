//! The config as a URL hash, in TFP's format: `#activation=tanh&batchSize=10&...&
//! networkShape=4,2&...&learningRate_hide=true`. Reading goes key by key through the one
//! validation path (`Config::with_patch`): a key whose value is unknown or out of range
//! keeps its default, and is reported.

use super::{Config, ConfigError, Control};
use crate::text;
use serde_json::{Map, Number, Value};

/// TFP's order of keys in its URLs; NN Lab's own keys follow.
const ORDER: [&str; 38] = [
    "activation",
    "regularization",
    "batchSize",
    "dataset",
    "regDataset",
    "learningRate",
    "regularizationRate",
    "noise",
    "networkShape",
    "seed",
    "showTestData",
    "discretize",
    "percTrainData",
    "x",
    "y",
    "xTimesY",
    "xSquared",
    "ySquared",
    "sinX",
    "sinY",
    "problem",
    "initZero",
    "hideText",
    "speed",
    "loss",
    "classes",
    "numSamples",
    "optimizer",
    "momentum",
    "beta1",
    "beta2",
    "epsilon",
    "theme",
    "presentation",
    "palette",
    "lang",
    // Written as `<control>_hide=true` pairs, not under its own name.
    "hidden",
    "",
];

/// TFP keys NN Lab has no use for; a link carrying them opens without a message as long
/// as they ask for nothing NN Lab lacks.
const TFP_ONLY: [&str; 3] = ["collectStats", "cosX", "cosY"];

const HIDE_SUFFIX: &str = "_hide";

impl Config {
    /// The config as a URL hash (without the `#`).
    pub fn to_url_hash(&self) -> String {
        let Ok(Value::Object(map)) = serde_json::to_value(self) else {
            return String::new();
        };
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
        let mut pairs = Vec::with_capacity(keys.len() + self.hidden.len());
        for key in keys {
            // Hidden controls are written as `_hide` pairs; unset settings not at all.
            if key == "hidden" || map[key].is_null() {
                continue;
            }
            pairs.push(format!("{key}={}", encode(&value_text(&map[key]))));
        }
        for control in &self.hidden {
            pairs.push(format!("{}{HIDE_SUFFIX}=true", control.name()));
        }
        pairs.join("&")
    }

    /// Reads a URL hash (with or without the `#`). Returns the config, where every key that
    /// was unknown, malformed or out of range keeps its default, and one error per such key.
    pub fn from_url_hash(hash: &str) -> (Config, Vec<ConfigError>) {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let mut config = Config::default();
        let mut errors = Vec::new();
        let mut patch = Map::new();
        let mut first_seen: Vec<String> = Vec::new();
        let defaults = match serde_json::to_value(Config::default()) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        for pair in hash.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let (key, value) = match (decode(raw_key), decode(raw_value)) {
                (Some(k), Some(v)) => {
                    first_seen.push(k.clone());
                    (k, v)
                }
                _ => {
                    first_seen.push(shorten(raw_key));
                    errors.push(ConfigError::new(&shorten(raw_key), text!("err.badUrlText")));
                    continue;
                }
            };
            match read_pair(&mut config, &defaults, &key, &value) {
                Ok(Some(json)) => {
                    patch.insert(key, json);
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        // All settings at once when they are valid together (settings that are only valid
        // together, such as x=false with xSquared=true, need this); otherwise one by one,
        // the refused ones tried once more at the end, so order does not matter.
        if let Ok(all) = config.with_patch(&Value::Object(patch.clone())) {
            return (all, errors);
        }
        let mut refused = Vec::new();
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
        errors.extend(refused.into_iter().map(|(_, _, e)| e));
        errors.sort_by_key(|e| first_seen.iter().position(|f| *f == e.field));
        (config, errors)
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
            ConfigError::new(
                key,
                text!(
                    "err.notHideable",
                    list = Control::ALL.map(|c| c.name()).join(", ")
                ),
            )
        })?;
        match parse_bool(key, value)? {
            true => config.hidden.insert(control),
            false => config.hidden.remove(&control),
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
        return Err(ConfigError::new(
            &shorten(key),
            text!(
                "err.unknownUrlKey",
                list = ORDER[..ORDER.len() - 2].join(", ")
            ),
        ));
    };
    let json = match default {
        Value::Bool(_) => Value::Bool(parse_bool(key, value)?),
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
            text!("err.bool", value = format!("{:?}", shorten(value))),
        )),
    }
}

/// A number as JSON: whole numbers as integers (so counts deserialise), others as floats.
fn number(key: &str, text: &str) -> Result<Value, ConfigError> {
    let text = text.trim();
    let refuse = || {
        ConfigError::new(
            key,
            text!("err.number", value = format!("{:?}", shorten(text))),
        )
    };
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

/// Percent-encodes all but letters, digits and `-._~,`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decodes; `None` for a malformed escape or text that is not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Long text from a URL, cut for a message.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Problem, Seed, Speed};
    use crate::data::Dataset;
    use crate::nn::{Activation, Regularization};

    const TFP_DEFAULT: &str = "#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.59704&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false";

    #[test]
    fn tfps_default_link_opens_with_exactly_its_settings() {
        let (config, errors) = Config::from_url_hash(TFP_DEFAULT);
        assert_eq!(errors, vec![]);
        let expected = Config {
            seed: Seed::new("0.59704"),
            ..Config::default()
        };
        assert_eq!(config, expected);
    }

    #[test]
    fn a_spiral_link_with_every_feature_and_six_layers_opens_as_written() {
        let hash = TFP_DEFAULT
            .replace("dataset=circle", "dataset=spiral")
            .replace("networkShape=4,2", "networkShape=8,8,8,8,8,8")
            .replace("=false&xSquared", "=true&xSquared")
            .replace("xSquared=false", "xSquared=true")
            .replace("ySquared=false", "ySquared=true")
            .replace("sinX=false", "sinX=true")
            .replace("sinY=false", "sinY=true");
        let (config, errors) = Config::from_url_hash(&hash);
        assert_eq!(errors, vec![]);
        assert_eq!(config.dataset, Dataset::Spiral);
        assert_eq!(config.network_shape, vec![8; 6]);
        assert_eq!(config.features().len(), 7);
    }

    #[test]
    fn bad_and_unknown_keys_keep_their_defaults_and_are_named() {
        let (config, errors) = Config::from_url_hash(
            "#learningRate=50&dataset=moons&networkShape=4,99&noise=7&colour=red&batchSize=abc&x=maybe&seed=%3Cimg%3E&speed=max&learningRate_hide=true&bogus_hide=true&cosX=true&%zz=1",
        );
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "learningRate",
                "dataset",
                "networkShape",
                "colour",
                "batchSize",
                "x",
                "seed",
                "bogus_hide",
                "cosX",
                "%zz"
            ]
        );
        let defaults = Config::default();
        assert_eq!(config.learning_rate, defaults.learning_rate);
        assert_eq!(config.dataset, defaults.dataset);
        assert_eq!(config.network_shape, defaults.network_shape);
        assert_eq!(config.batch_size, defaults.batch_size);
        assert_eq!(config.seed, defaults.seed);
        // The valid keys were applied.
        assert_eq!(config.noise, 7);
        assert_eq!(config.speed, Speed::Max);
        assert!(config.hidden.contains(&Control::LearningRate));
        assert!(
            errors[0].message.to_string().contains("10"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn our_own_hash_reads_back_identically() {
        let config = Config {
            activation: Activation::Relu,
            regularization: Regularization::L1,
            regularization_rate: 0.003,
            problem: Problem::Regression,
            reg_dataset: Dataset::RegGauss,
            network_shape: vec![],
            seed: Seed::new("0.12345"),
            speed: Speed::EpochsPerFrame(0.25),
            hidden: [Control::Noise, Control::PlayButton].into(),
            ..Config::default()
        };
        let hash = config.to_url_hash();
        assert!(
            hash.starts_with("activation=relu&regularization=L1&batchSize=10"),
            "{hash}"
        );
        assert!(hash.contains("networkShape=&"), "{hash}");
        assert!(hash.contains("&speed=0.25&"), "{hash}");
        assert!(
            Config::default()
                .to_url_hash()
                .contains("regularizationRate=0&"),
            "{}",
            Config::default().to_url_hash()
        );
        assert!(
            hash.ends_with("playButton_hide=true&noise_hide=true"),
            "{hash}"
        );
        assert_eq!(Config::from_url_hash(&hash), (config, vec![]));
    }

    #[test]
    fn the_language_is_kept_in_the_link() {
        use crate::i18n::Lang;
        let (c, errors) = Config::from_url_hash("lang=zh");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(c.lang, Some(Lang::Zh));
        assert!(c.to_url_hash().ends_with("&lang=zh"), "{}", c.to_url_hash());
        assert_eq!(Config::from_url_hash("lang=en").0.lang, Some(Lang::En));
        // Unset: the browser's language, and not written.
        let (c, _) = Config::from_url_hash("");
        assert_eq!(c.lang, None);
        assert!(!c.to_url_hash().contains("lang="));
        let (c, errors) = Config::from_url_hash("lang=fr");
        assert_eq!(c.lang, None);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "lang");
        assert!(errors[0].to_string().contains("en, zh"), "{}", errors[0]);
        assert!(errors[0].text().render(Lang::Zh).starts_with("lang："));
    }
}
