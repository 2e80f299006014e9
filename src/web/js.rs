//! The boundary with JavaScript. Every value a caller of the JS API passes is checked here
//! before the App sees it: its type, its size, its depth, that it does not contain itself;
//! and it is read without trusting it: a getter that throws, a Proxy, a revoked Proxy are
//! caught (an exception let through the module would skip its clean-up, and a value
//! walked without a bound would overflow its stack). A refusal is a [`Text`]: the call and
//! the setting named, nothing changed.

use crate::i18n::{cut, quote, Text, MAX_QUOTED_CHARS};
use crate::text;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = from, catch)]
    fn array_from(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
}

/// How large a value a call takes.
#[derive(Clone, Copy)]
pub struct Limits {
    /// Objects and lists inside one another (a config: an object holding lists).
    pub depth: usize,
    /// Characters of a string.
    pub chars: usize,
    /// Items of a list, keys of an object.
    pub items: usize,
}

/// A partial config (`setConfig`): far more room than any setting needs.
pub const CONFIG: Limits = Limits {
    depth: 4,
    chars: 1_000,
    items: 100,
};

/// A JS value as JSON, checked against `limits`. `call` names the API call in messages.
pub fn to_json(call: &str, value: &JsValue, limits: Limits) -> Result<serde_json::Value, Text> {
    let mut ancestors = Vec::new();
    convert(value, &Place::new(call), limits, &mut ancestors)
}

/// Where in the argument a value is: the call, then the keys and indices down to it.
struct Place(String);

impl Place {
    fn new(call: &str) -> Place {
        Place(call.to_string())
    }

    fn key(&self, key: &str) -> Place {
        let key = cut(key, MAX_QUOTED_CHARS);
        if self.0.contains(':') {
            Place(format!("{}.{key}", self.0))
        } else {
            Place(format!("{}: {key}", self.0))
        }
    }

    fn index(&self, i: u32) -> Place {
        Place(format!("{}[{i}]", self.0))
    }

    fn refuse(&self, message: Text) -> Text {
        text!("err.field", field = &self.0).sub("message", message)
    }
}

fn convert(
    value: &JsValue,
    place: &Place,
    limits: Limits,
    ancestors: &mut Vec<JsValue>,
) -> Result<serde_json::Value, Text> {
    if value.is_null() {
        return Ok(serde_json::Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(b.into());
    }
    if let Some(n) = value.as_f64() {
        return finite_number(n)
            .ok_or_else(|| place.refuse(text!("err.jsNotFinite", value = js_number(n))));
    }
    if value.is_string() {
        return text_value(value, limits.chars)
            .map(serde_json::Value::String)
            .map_err(|m| place.refuse(m));
    }
    if !value.is_object() || value.is_function() {
        return Err(place.refuse(type_refusal(value, "what.value")));
    }
    if ancestors.iter().any(|a| a == value) {
        return Err(place.refuse(text!("err.jsCycle")));
    }
    if ancestors.len() >= limits.depth {
        return Err(place.refuse(text!("err.jsDepth", max = limits.depth)));
    }
    let unreadable = || place.refuse(text!("err.jsThrew"));
    ancestors.push(value.clone());
    // The count a list's `length` or a Map's `size` says, refused above the limit.
    let count = |property: &str| -> Result<u32, Text> {
        let n = reflect_get(value, &property.into())
            .map_err(|_| unreadable())?
            .as_f64()
            .unwrap_or(0.0);
        if n > limits.items as f64 {
            Err(place.refuse(text!("err.jsTooMany", max = limits.items)))
        } else {
            Ok(n as u32)
        }
    };
    // A typed array (`new Float64Array(64)`) is a list of numbers too.
    let typed = js_sys::ArrayBuffer::is_view(value) && !value.is_instance_of::<js_sys::DataView>();
    let result = if typed || is_array(value).map_err(|_| unreadable())? {
        count("length").and_then(|length| {
            (0..length)
                .map(|i| {
                    let item = reflect_get(value, &i.into()).map_err(|_| unreadable())?;
                    convert(&item, &place.index(i), limits, ancestors)
                })
                .collect::<Result<Vec<_>, _>>()
                .map(serde_json::Value::Array)
        })
    } else if value.is_instance_of::<js_sys::Map>() {
        // A Map of settings (what serde-wasm-bindgen makes of a map): its string keys.
        count("size").and_then(|_| {
            let entries = array_from(value).map_err(|_| unreadable())?;
            let pairs = entries.iter().take(limits.items).map(|entry| {
                let key = reflect_get(&entry, &0.into()).map_err(|_| unreadable())?;
                let item = reflect_get(&entry, &1.into()).map_err(|_| unreadable())?;
                match key.as_string() {
                    Some(name) => Ok((name, item)),
                    None => Err(place.refuse(type_refusal(&key, "what.text"))),
                }
            });
            object_of(pairs, place, limits, ancestors)
        })
    } else {
        let keys = object_keys(value).map_err(|_| unreadable())?;
        if keys.length() as usize > limits.items {
            Err(place.refuse(text!("err.jsTooMany", max = limits.items)))
        } else {
            let pairs = keys.iter().map(|key| {
                let name = key.as_string().unwrap_or_default();
                reflect_get(value, &key)
                    .map(|item| (name.clone(), item))
                    .map_err(|_| place.key(&name).refuse(text!("err.jsThrew")))
            });
            object_of(pairs, place, limits, ancestors)
        }
    };
    ancestors.pop();
    result
}

/// An object from its (key, value) pairs, each value converted in turn.
fn object_of(
    pairs: impl Iterator<Item = Result<(String, JsValue), Text>>,
    place: &Place,
    limits: Limits,
    ancestors: &mut Vec<JsValue>,
) -> Result<serde_json::Value, Text> {
    let mut map = serde_json::Map::new();
    for pair in pairs {
        let (name, item) = pair?;
        let value = convert(&item, &place.key(&name), limits, ancestors)?;
        map.insert(name, value);
    }
    Ok(serde_json::Value::Object(map))
}

/// A finite number as JSON: whole numbers that JavaScript holds exactly as integers (so
/// counts deserialise), others as floats. `None` for NaN and ±∞, which JSON has not.
fn finite_number(n: f64) -> Option<serde_json::Value> {
    if !n.is_finite() {
        return None;
    }
    if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 {
        return Some(serde_json::Value::Number((n as i64).into()));
    }
    serde_json::Number::from_f64(n).map(serde_json::Value::Number)
}

/// A number as JavaScript writes the ones that are not finite.
fn js_number(n: f64) -> String {
    match n {
        n if n.is_nan() => "NaN".into(),
        f64::INFINITY => "Infinity".into(),
        f64::NEG_INFINITY => "-Infinity".into(),
        n => crate::i18n::number(n),
    }
}

/// A string's text, refused before it is copied when longer than `max` characters.
fn text_value(value: &JsValue, max: usize) -> Result<String, Text> {
    let length = value.unchecked_ref::<js_sys::JsString>().length() as usize;
    if length > max {
        return Err(text!(
            "err.jsTooLong",
            max = crate::i18n::group_thousands(max)
        ));
    }
    Ok(value.as_string().unwrap_or_default())
}

/// "… is not allowed: expected …", saying what the value is without reading into it.
fn type_refusal(value: &JsValue, expected: &'static str) -> Text {
    Text::new("err.fileValue")
        .arg("value", describe(value))
        .sub("expected", Text::new(expected))
}

/// What a value is, as a message says it: a number or text as it is (cut short), else
/// its kind (`{…}`, `[…]`, `function`, …), without calling into the value.
pub fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".to_string()
    } else if value.is_null() {
        "null".to_string()
    } else if let Some(b) = value.as_bool() {
        b.to_string()
    } else if let Some(n) = value.as_f64() {
        js_number(n)
    } else if value.is_string() {
        match text_value(value, 10_000) {
            Ok(s) => quote(&s),
            Err(_) => "…".to_string(),
        }
    } else if value.is_function() {
        "function".to_string()
    } else if value.is_symbol() {
        "symbol".to_string()
    } else if value.is_bigint() {
        "bigint".to_string()
    } else if is_array(value).unwrap_or(false) {
        "[…]".to_string()
    } else {
        "{…}".to_string()
    }
}

/// The text argument of `call` (a file's contents, a language), at most `max` characters.
pub fn text_arg(call: &str, value: &JsValue, max: usize) -> Result<String, Text> {
    let place = Place::new(call);
    if !value.is_string() {
        return Err(place.refuse(type_refusal(value, "what.text")));
    }
    text_value(value, max).map_err(|m| place.refuse(m))
}

/// The whole-number argument of `call`, from `min` to `max`; `default` when it is left out.
pub fn whole_arg(
    call: &str,
    value: &JsValue,
    (min, max): (u64, u64),
    default: Option<u64>,
) -> Result<u64, Text> {
    if let (true, Some(d)) = (value.is_undefined(), default) {
        return Ok(d);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Ok(n as u64),
        _ => Err(Place::new(call).refuse(text!(
            "err.wholeRange",
            value = describe(value),
            min = crate::i18n::group_thousands(min),
            max = crate::i18n::group_thousands(max)
        ))),
    }
}
