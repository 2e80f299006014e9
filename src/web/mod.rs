//! The thin WebAssembly adapter: the page's controls, the canvases and the JS API.
//! It holds no maths: every number it shows comes from the core.

mod app;
mod controls;
mod dom;
mod views;

pub use app::App;
