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
