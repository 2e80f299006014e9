//! The thin WebAssembly adapter: the page's controls, the canvases and the JS API.
//! It holds no maths: every number it shows comes from the core.

mod app;
mod controls;
mod dom;
mod inspector;
mod lang;
mod lessons;
mod overlay;
mod views;

pub use app::App;

use wasm_bindgen::prelude::*;

/// The engine benchmark in the browser (`cargo xtask bench` calls it): trains `epochs`
/// epochs and evaluates the 100×100 grid `grids` times for the named benchmark
/// configuration ("A", "B" or "C"); returns `{ epochsPerSecond, gridMs }`.
#[wasm_bindgen(js_name = benchEngine)]
pub fn bench_engine(name: &str, epochs: u32, grids: u32) -> Result<JsValue, JsError> {
    let config = crate::bench::configs()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| c)
        .ok_or_else(|| JsError::new(&format!("no benchmark configuration {name:?}")))?;
    let clock = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsError::new("no performance clock"))?;
    let result = crate::bench::engine(&config, epochs, grids, &|| clock.now());
    serde_wasm_bindgen::to_value(&result).map_err(|e| JsError::new(&e.to_string()))
}
