//! Reading an experiment file strictly: JSON whose objects have each key once (serde_json
//! would keep the last of two silently), and type errors that name their JSON path
//! (`layers[1].weights[0][2]`) and say, in the page's words, what belongs there.

use super::ImportError;
use crate::i18n::Text;
use crate::text;
use serde::Deserialize;
use std::fmt;

/// JSON text as a value, refusing what JSON allows but a file of NN Lab's never holds: a
/// key given twice in one object (serde_json would keep the last silently). Nesting is
/// bounded by serde_json's own recursion limit.
pub(super) fn parse_strict(text: &str) -> Result<serde_json::Value, ImportError> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let strict: Strict = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
        let place = path_text(e.path());
        let inner = e.into_inner();
        match inner.to_string().strip_prefix(DUPLICATE) {
            Some(rest) => {
                let key = rest.split(" at line").next().unwrap_or_default();
                ImportError::new(place, text!("err.keyTwice", key = key))
            }
            None => not_json(&inner),
        }
    })?;
    reader.end().map_err(|e| not_json(&e))?;
    Ok(strict.0)
}

/// Text that is not JSON: the line and column where reading stopped.
fn not_json(e: &serde_json::Error) -> ImportError {
    ImportError::new(
        text!("place.lineColumn", line = e.line(), column = e.column()),
        text!("err.notJson"),
    )
}

const DUPLICATE: &str = "duplicate key ";

/// A JSON value whose objects have each key once.
struct Strict(serde_json::Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Strict, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "{DUPLICATE}{}",
                    crate::i18n::quote(&key)
                )));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
}

/// A path as the messages name it: `layers[1].weights[0][2]`; the file itself for the top.
fn path_text(path: &serde_path_to_error::Path) -> Text {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&crate::i18n::cut(key, crate::i18n::MAX_QUOTED_CHARS));
            }
            _ => {}
        }
    }
    if out.is_empty() {
        text!("place.file")
    } else {
        text!("place.field", field = out)
    }
}

/// The value at `path` in `value`, if there is one.
fn value_at<'v>(
    value: &'v serde_json::Value,
    path: &serde_path_to_error::Path,
) -> Option<&'v serde_json::Value> {
    path.iter().try_fold(value, |v, segment| match segment {
        serde_path_to_error::Segment::Seq { index } => v.get(*index),
        serde_path_to_error::Segment::Map { key } => v.get(key),
        _ => Some(v),
    })
}

/// A file whose parts have the wrong type or are missing, in the page's words: the place,
/// what is there and what belongs there.
pub(super) fn type_error(
    root: &serde_json::Value,
    path: &serde_path_to_error::Path,
    detail: &str,
) -> ImportError {
    let place = path_text(path);
    let field = |prefix: &str| {
        detail
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').nth(1))
            .map(|f| crate::i18n::cut(f, crate::i18n::MAX_QUOTED_CHARS))
    };
    if let Some(name) = field("missing field") {
        return ImportError::new(place, text!("err.missingField", field = name));
    }
    if let Some(name) = field("unknown field") {
        return ImportError::new(place, text!("err.unknownField", field = name));
    }
    let expected = detail.rsplit("expected ").next().unwrap_or_default();
    let what = match expected {
        "f64" => Some("what.number"),
        "u64" | "u32" | "usize" | "u16" | "u8" => Some("what.wholeNumber"),
        "a sequence" => Some("what.list"),
        "a string" => Some("what.text"),
        "a boolean" => Some("what.bool"),
        e if e.starts_with("struct") || e == "a map" => Some("what.object"),
        _ => None,
    };
    let found = value_at(root, path)
        .map(|v| crate::i18n::cut(&v.to_string(), crate::i18n::MAX_QUOTED_CHARS))
        .unwrap_or_default();
    match what {
        Some(what) => ImportError::new(
            place,
            Text::new("err.fileValue")
                .arg("value", found)
                .sub("expected", Text::new(what)),
        ),
        None => ImportError::new(
            place,
            text!(
                "err.fileStructure",
                detail = detail.split(" at line").next().unwrap_or(detail)
            ),
        ),
    }
}
