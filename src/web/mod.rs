//! The WebAssembly adapter: the page's controls, the canvases and the JS API. It holds no
//! maths and no rules: every number it shows comes from the core, and every decision is
//! the `Session`'s.

mod app;
mod controls;
mod dom;
mod inspector;
#[doc(hidden)]
pub mod js;
mod lang;
mod mistakes;
mod overlay;
mod pictures;
mod views;

pub use app::App;
pub use pictures::PaintWorker;

use wasm_bindgen::prelude::*;

/// Whether the page's link (`location.hash`) opens the digits, directly or by a lesson:
/// the bootstrap then reads the digits' file before it starts the App.
#[wasm_bindgen(js_name = linkNeedsDigits)]
pub fn link_needs_digits(hash: JsValue) -> bool {
    let hash = hash.as_string().unwrap_or_default();
    crate::session::Session::link_needs_digits(&crate::i18n::cut(&hash, 100_000))
}

/// The digits' file, fetched by the bootstrap: `gz` its bytes, `text` them gunzipped.
/// Throws (and the digits say why when chosen) unless they are the recorded file's.
#[wasm_bindgen(js_name = installDigits)]
pub fn install_digits(gz: &[u8], text: JsValue) -> Result<(), JsError> {
    let text = text.as_string().unwrap_or_default();
    crate::data::digits::install(gz, &text).map_err(|e| JsError::new(&e.to_string()))
}

/// The bootstrap could not fetch the digits' file: why, for the message shown when they
/// are chosen.
#[wasm_bindgen(js_name = digitsFailed)]
pub fn digits_failed(why: JsValue) {
    let why = why.as_string().unwrap_or_else(|| "?".into());
    crate::data::digits::failed(&why);
}

/// The data file of the corpus a link opens on (read before the first frame), or "".
#[wasm_bindgen(js_name = linkNeedsText)]
pub fn link_needs_text(hash: JsValue) -> String {
    let hash = hash.as_string().unwrap_or_default();
    crate::session::Session::link_needs_text(&crate::i18n::cut(&hash, 100_000))
        .map_or_else(String::new, |which| which.file().to_string())
}

/// The corpus of data file `file` ("names.txt", "poems.txt"), fetched by the bootstrap:
/// its bytes. Throws (and choosing it says why) unless they are the recorded file's.
#[wasm_bindgen(js_name = installText)]
pub fn install_text(file: JsValue, bytes: &[u8]) -> Result<(), JsError> {
    let which = shipped_file(&file)?;
    crate::data::text::shipped::install(which, bytes).map_err(|e| JsError::new(&e.to_string()))
}

/// The bootstrap could not fetch a corpus's file: why, for the message shown when it is
/// chosen.
#[wasm_bindgen(js_name = textFailed)]
pub fn text_failed(file: JsValue, why: JsValue) -> Result<(), JsError> {
    let which = shipped_file(&file)?;
    let why = why.as_string().unwrap_or_else(|| "?".into());
    crate::data::text::shipped::failed(which, &crate::i18n::cut(&why, 200));
    Ok(())
}

fn shipped_file(file: &JsValue) -> Result<crate::data::text::Shipped, JsError> {
    let name = file.as_string().unwrap_or_default();
    crate::data::text::Shipped::ALL
        .into_iter()
        .find(|w| w.file() == name)
        .ok_or_else(|| JsError::new(&format!("no corpus file {:?}", crate::i18n::cut(&name, 40))))
}

/// The engine benchmark in the browser (`cargo xtask bench` calls it): trains `epochs`
/// epochs and evaluates the 100×100 grid `grids` times for the named benchmark
/// configuration ("A", "B" or "C"); returns `{ epochsPerSecond, gridMs }`.
#[wasm_bindgen(js_name = benchEngine)]
pub fn bench_engine(name: JsValue, epochs: JsValue, grids: JsValue) -> Result<JsValue, JsError> {
    let refused = |t: crate::i18n::Text| JsError::new(&t.to_string());
    let name = js::text_arg("benchEngine", &name, 4).map_err(refused)?;
    let epochs = js::whole_arg("benchEngine", &epochs, (1, 100_000), None).map_err(refused)?;
    let grids = js::whole_arg("benchEngine", &grids, (0, 10_000), None).map_err(refused)? as u32;
    let name = name.as_str();
    let config = crate::bench::configs()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| c)
        .ok_or_else(|| JsError::new(&format!("no benchmark configuration {name:?}")))?;
    let clock = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsError::new("no performance clock"))?;
    let result = crate::bench::engine(&config, epochs as u32, grids, &|| clock.now());
    serde_wasm_bindgen::to_value(&result).map_err(|e| JsError::new(&e.to_string()))
}
