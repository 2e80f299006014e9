//! The text mode's JS API: `samples`, `nextCharacters`, `embedding` and `setText`.

use crate::i18n::Text;
use crate::web::app::api::{fail, App};
use wasm_bindgen::prelude::*;

/// A refusal of the text API as an Error.
fn refused(t: Text) -> JsError {
    fail(t)
}

#[wasm_bindgen]
impl App {
    /// `n` items (1 to 20, default 5) the network writes at the current temperature:
    /// `[{ text, copied }]`, drawn from the seed's writing stream (a reset writes the
    /// same again).
    pub fn samples(&self, n: JsValue) -> Result<JsValue, JsError> {
        let n = crate::web::js::whole_arg("samples", &n, (1, 20), Some(5)).map_err(fail)?;
        let written = self.with(|s| s.session.write(n as usize).map_err(refused))??;
        #[derive(serde::Serialize)]
        struct Item {
            text: String,
            copied: bool,
        }
        let items: Vec<Item> = written
            .into_iter()
            .map(|w| Item {
                text: w.text,
                copied: w.copied,
            })
            .collect();
        serde_wasm_bindgen::to_value(&items).map_err(|e| fail(e.to_string()))
    }

    /// The probability of each next character after `prefix` (text, at most 40
    /// characters), the likeliest first: `[{ character, probability }]` ("." the end).
    #[wasm_bindgen(js_name = nextCharacters)]
    pub fn next_characters(&self, prefix: JsValue) -> Result<JsValue, JsError> {
        let prefix = crate::web::js::text_arg("nextCharacters", &prefix, 40).map_err(fail)?;
        let next = self.with(|s| s.session.next_symbols(&prefix).map_err(refused))??;
        serde_wasm_bindgen::to_value(&next).map_err(|e| fail(e.to_string()))
    }

    /// Every character's vector of the embedding: `[{ character, vector }]`.
    pub fn embedding(&self) -> Result<JsValue, JsError> {
        let rows = self.read(|s| s.session.embedding().map_err(refused))??;
        serde_wasm_bindgen::to_value(&rows).map_err(|e| fail(e.to_string()))
    }

    /// A text of one item a line becomes the data (the dataset `text`); refused with the
    /// reason and nothing changed when it is too short, too long, has a line too long,
    /// one of the network's own symbols or too many distinct characters.
    #[wasm_bindgen(js_name = setText)]
    pub fn set_text(&self, text: JsValue) -> Result<(), JsError> {
        let max = crate::data::text::corpus::MAX_TEXT_CHARS + 1;
        let text = crate::web::js::text_arg("setText", &text, max).map_err(fail)?;
        self.with(|s| {
            let done = s.session.set_text(&text).map_err(refused);
            s.dirty = true;
            done
        })?
    }
}
