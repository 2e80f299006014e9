//! A partial config (a JSON object of settings) applied on top of a config, one key at a
//! time, so that a refusal names its key and says what the setting takes.

use super::{Config, ConfigError};
use crate::data::Dataset;
use crate::i18n::Text;
use crate::text;

impl Config {
    /// Applies a partial config (a JSON object of settings) on top of this one and returns
    /// the result, validated. On any error nothing is applied and the error names the key.
    pub fn with_patch(&self, patch: &serde_json::Value) -> Result<Config, ConfigError> {
        let serde_json::Value::Object(patch) = patch else {
            return Err(ConfigError::new("config", text!("err.notObject")));
        };
        let serde_json::Value::Object(mut merged) = serde_json::to_value(self)
            .map_err(|e| ConfigError::new("config", text!("err.detail", detail = e)))?
        else {
            return Err(ConfigError::new("config", text!("err.internal")));
        };
        // The config with every key so far (the last key's reading is the result).
        let mut result = None;
        for (key, value) in patch {
            if !merged.contains_key(key) {
                return Err(ConfigError::new(key, Config::unknown_setting(key)));
            }
            // A whole number written as a float (5.0 in a link, 10.0 in a file) is that
            // whole number, for the settings that count.
            let value = &whole_as_integer(value);
            let old = merged.insert(key.clone(), value.clone());
            // Deserialise with only this key changed, so a type error names this key.
            match serde_json::from_value::<Config>(serde_json::Value::Object(merged.clone())) {
                Ok(config) => result = Some(config),
                Err(e) => return Err(ConfigError::new(key, describe_serde_error(key, value, &e))),
            }
            debug_assert!(old.is_some());
        }
        let mut config = result.unwrap_or_else(|| self.clone());
        // The per-layer activations follow the settings they depend on, unless the patch
        // gives them too: the global activation sets every layer's; a new shape keeps
        // each remaining layer's.
        if !patch.contains_key("activations") {
            if patch.contains_key("activation") {
                config.experiment.activations.clear();
            }
            config.experiment.fit_activations();
        }
        // So do the dropout rates and the neurons switched off or frozen: a layer or a
        // neuron removed takes its own with it.
        if patch.contains_key("networkShape") {
            let mut fitted = config.neurons.clone();
            fitted.fit(&config.experiment.network_shape);
            let n = &mut config.neurons;
            if !patch.contains_key("dropout") {
                n.dropout = fitted.dropout;
            }
            if !patch.contains_key("neuronsOff") {
                n.neurons_off = fitted.neurons_off;
            }
            if !patch.contains_key("neuronsFrozen") {
                n.neurons_frozen = fitted.neurons_frozen;
            }
        }
        // A view opened by a link, a file or the API is opened as its tab opens it.
        if patch.contains_key("view") && !patch.contains_key("hiddenSpace") {
            let pane = config.view.pane;
            config.view.open(pane);
        }
        config.validate()?;
        Ok(config)
    }
}

/// A finite float that is a whole number JavaScript holds exactly, as an integer; any
/// other value as it is.
fn whole_as_integer(value: &serde_json::Value) -> serde_json::Value {
    match value.as_f64() {
        Some(n) if value.is_f64() && n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 => {
            serde_json::Value::from(n as i64)
        }
        _ => value.clone(),
    }
}

/// Turns serde's message into one that names the allowed values in plain words.
fn describe_serde_error(key: &str, value: &serde_json::Value, error: &serde_json::Error) -> Text {
    // A number the setting's type cannot hold (−1 of a count, 2.5 of a whole number, one
    // past 2^64): the setting's range, as for any number out of it.
    // (Only whole-number settings fail here: a fraction is told it must be whole.)
    if let (Some(n), Some(limit)) = (value.as_f64(), super::limits::limit(key)) {
        if n.fract() != 0.0 && (limit.min..=limit.max).contains(&n) {
            return text!(
                "err.wholeRange",
                value = crate::i18n::number(n),
                min = limit.min,
                max = limit.max
            );
        }
        return limit.refusal(n);
    }
    let allowed = match key {
        // A list of activations' names.
        "activations" if !value.is_array() => {
            return text!(
                "err.activations",
                value = shown(value),
                list = crate::names::list(<crate::nn::Activation as strum::VariantArray>::VARIANTS)
            )
        }
        // A list of neurons, each "layer:neuron".
        "neuronsOff" | "neuronsFrozen" => return text!("err.neuronName", value = shown(value)),
        // A dataset's name must also be one of its problem's.
        "dataset" => Some(crate::names::list(&Dataset::ALL_CLASSIFICATION)),
        "regDataset" => Some(crate::names::list(&Dataset::REGRESSION)),
        // Any other choice: the names serde's own message lists (the enum's renames).
        _ => expected_names(error),
    };
    if let Some(list) = allowed {
        return text!("err.oneOf", value = shown(value), list = list);
    }
    // What the setting takes, from its default: said in the page's words, not serde's.
    let default = serde_json::to_value(Config::default())
        .ok()
        .and_then(|d| d.get(key).cloned());
    match default {
        Some(serde_json::Value::Bool(_)) => text!("err.bool", value = shown(value)),
        Some(serde_json::Value::Number(_)) => text!("err.number", value = shown(value)),
        Some(serde_json::Value::Array(_)) if key == "dropout" => {
            text!("err.rateList", value = shown(value))
        }
        Some(serde_json::Value::Array(_)) => text!("err.numberList", value = shown(value)),
        Some(serde_json::Value::Null) if key == "numSamples" => {
            text!("err.number", value = shown(value))
        }
        _ => {
            let msg = error.to_string();
            let msg = msg.split(" at line").next().unwrap_or(&msg);
            text!("err.notAllowed", value = shown(value), detail = msg)
        }
    }
}

impl Config {
    /// The refusal of an unknown setting: the known one nearest its name (a typo, a
    /// letter's case), or where the settings are listed.
    pub fn unknown_setting(key: &str) -> Text {
        let keys = Config::keys();
        let lower = key.to_ascii_lowercase();
        let nearest = keys
            .iter()
            .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), k))
            .min_by_key(|(d, _)| *d)
            .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2));
        match nearest {
            Some((_, name)) => text!("err.unknownSettingNear", name = name),
            None => text!("err.unknownSetting"),
        }
    }
}

/// Levenshtein's distance: the fewest characters inserted, removed or replaced to turn
/// `a` into `b` (for names of a few dozen characters; a longer `a` is cut first).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replaced = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = replaced.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The names serde's "unknown variant `x`, expected one of `a`, `b`" (or "`a` or `b`")
/// lists: the enum's own names, from its derive.
fn expected_names(error: &serde_json::Error) -> Option<String> {
    let message = error.to_string();
    let expected = message
        .strip_prefix("unknown variant `")?
        .split_once("expected ")?
        .1;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A value from a patch, as a message echoes it: its JSON text, cut short.
fn shown(value: &serde_json::Value) -> String {
    crate::i18n::cut(&value.to_string(), crate::i18n::MAX_QUOTED_CHARS)
}
