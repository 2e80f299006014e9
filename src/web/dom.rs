//! Small helpers over web-sys.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Window};

pub fn window() -> Result<Window, String> {
    web_sys::window().ok_or_else(|| "no window: NN Lab must run in a web page".to_string())
}

pub fn document() -> Result<Document, String> {
    window()?
        .document()
        .ok_or_else(|| "no document in this window".to_string())
}

/// The element with this id, as the given type.
pub fn by_id<T: JsCast>(id: &str) -> Result<T, String> {
    let element: Element = document()?
        .get_element_by_id(id)
        .ok_or_else(|| format!("the page has no element #{id}"))?;
    element
        .dyn_into::<T>()
        .map_err(|_| format!("#{id} is not the expected kind of element"))
}

pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
}

/// Sets an element's text (never HTML).
pub fn set_text(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}
