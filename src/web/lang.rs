//! The page in the class's language: the fixed text of `index.html` (elements marked
//! `data-i18n`, `data-i18n-title`, `data-i18n-label`) filled from the tables in
//! `crate::i18n`, and the browser's own language.

use super::dom;
use crate::data::Dataset;
use crate::i18n::Lang;
use wasm_bindgen::JsCast;

/// The language the browser asks for (`navigator.language`).
pub fn browser_lang() -> Lang {
    dom::window()
        .ok()
        .and_then(|w| w.navigator().language())
        .map_or(Lang::En, |tag| Lang::from_browser(&tag))
}

/// Fills every marked element of the page with its text in `lang`, and the page's
/// language and title. Returns the keys the table lacked (none, as the tests check).
pub fn apply_static(lang: Lang) -> Vec<String> {
    let mut missing = Vec::new();
    let Ok(document) = dom::document() else {
        return missing;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    document.set_title(lang.t("ui.pageTitle"));
    for (attribute, target) in [
        ("data-i18n", None),
        ("data-i18n-title", Some("title")),
        ("data-i18n-label", Some("aria-label")),
    ] {
        let Ok(list) = document.query_selector_all(&format!("[{attribute}]")) else {
            continue;
        };
        for element in (0..list.length())
            .filter_map(|i| list.get(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let key = element.get_attribute(attribute).unwrap_or_default();
            let text = match lang.lookup(&key) {
                Some(text) => text,
                None => {
                    missing.push(key.clone());
                    &key
                }
            };
            match target {
                // As text, never HTML.
                None => element.set_text_content(Some(text)),
                Some(name) => {
                    let _ = element.set_attribute(name, text);
                }
            }
        }
    }
    missing
}

/// The key of a dataset's name.
pub fn dataset_key(dataset: Dataset) -> &'static str {
    match dataset {
        Dataset::Circle => "ds.circle",
        Dataset::Xor => "ds.xor",
        Dataset::Gauss => "ds.gauss",
        Dataset::Spiral => "ds.spiral",
        Dataset::MultiSpiral => "ds.multiSpiral",
        Dataset::Blobs => "ds.blobs",
        Dataset::RegPlane => "ds.regPlane",
        Dataset::RegGauss => "ds.regGauss",
        Dataset::Textbook => "ds.textbook",
        Dataset::Digits => "ds.digits",
        Dataset::Names => "ds.names",
        Dataset::Poems => "ds.poems",
        Dataset::Text => "ds.text",
    }
}
