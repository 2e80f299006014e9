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

/// How far an element's content box lies inside its border box: its left and top border
/// and padding, in CSS pixels (fractional, as the layout has them).
pub fn content_offset(element: &Element) -> (f64, f64) {
    let Some(style) = window()
        .ok()
        .and_then(|w| w.get_computed_style(element).ok().flatten())
    else {
        return (0.0, 0.0);
    };
    let px = |name: &str| {
        style
            .get_property_value(name)
            .ok()
            .and_then(|v| v.trim_end_matches("px").trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (
        px("border-left-width") + px("padding-left"),
        px("border-top-width") + px("padding-top"),
    )
}

/// An element whose text is updated often (every frame): it keeps one text node whose
/// data it replaces, and remembers what it shows, so that an unchanged text costs no call
/// into the DOM (and nothing is read back from it).
pub struct TextSlot {
    element: Element,
    node: web_sys::Text,
    shown: std::cell::RefCell<String>,
}

impl TextSlot {
    pub fn new(id: &str) -> Result<TextSlot, String> {
        let element: Element = by_id(id)?;
        let shown = element.text_content().unwrap_or_default();
        let node = document()?.create_text_node(&shown);
        element.set_text_content(None);
        element
            .append_child(&node)
            .map_err(|_| format!("cannot write into #{id}"))?;
        Ok(TextSlot {
            element,
            node,
            shown: std::cell::RefCell::new(shown),
        })
    }

    pub fn set(&self, text: &str) {
        let mut shown = self.shown.borrow_mut();
        if *shown != text {
            self.node.set_data(text);
            shown.clear();
            shown.push_str(text);
        }
    }

    /// As `set`, and the element is hidden while the text is empty.
    pub fn set_or_hide(&self, text: &str) {
        if *self.shown.borrow() != text {
            let _ = self
                .element
                .toggle_attribute_with_force("hidden", text.is_empty());
        }
        self.set(text);
    }
}
