//! A canvas sized for the device pixel ratio, so lines stay sharp on projectors and phones.
//! The canvas is either an element of the page or an `OffscreenCanvas` in the pictures'
//! worker: both are driven through the same calls (wasm-bindgen calls a method by its name
//! on whatever object it has, and the two 2-D contexts share their methods), so a view's
//! drawing code is the same in both places.

use crate::web::dom;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct Surface {
    /// The page's canvas element, or (in the worker) an `OffscreenCanvas` under its type:
    /// only `width`, `height` and `getContext`, which both have, are used on it there.
    pub canvas: HtmlCanvasElement,
    pub ctx: CanvasRenderingContext2d,
    /// Size in CSS pixels.
    pub width: f64,
    pub height: f64,
    pub dpr: f64,
}

/// The canvas's 2-D context: a `CanvasRenderingContext2D`, or an
/// `OffscreenCanvasRenderingContext2D` under that type (see the module's note).
pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .map(|c| c.unchecked_into::<CanvasRenderingContext2d>())
        .ok_or_else(|| "this browser gives no 2-D canvas".to_string())
}

/// Whether this thread has a document (the page) or not (a worker).
fn in_page() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"document".into()).is_ok_and(|d| d.is_object())
}

/// A canvas that is not in the page, for drawing once and copying often: an element on
/// the page's thread, an `OffscreenCanvas` in a worker.
pub fn offscreen_canvas() -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), String> {
    let canvas: HtmlCanvasElement = if in_page() {
        dom::document()?
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(|| "cannot create a canvas".to_string())?
    } else {
        web_sys::OffscreenCanvas::new(1, 1)
            .map_err(|_| "cannot create an OffscreenCanvas".to_string())?
            .unchecked_into()
    };
    let ctx = context_2d(&canvas)?;
    Ok((canvas, ctx))
}

/// A canvas element's size in CSS pixels and the device pixel ratio; `None` while it is
/// not laid out (in a view not shown): it then keeps the size it had (1 × 1 before it was
/// ever shown), so a view switched away from and back is not sized and drawn again.
pub fn measure(canvas: &HtmlCanvasElement, had: f64) -> Option<(f64, f64, f64)> {
    let (width, height) = (canvas.client_width(), canvas.client_height());
    let dpr = dom::device_pixel_ratio();
    if width > 0 && height > 0 {
        Some((f64::from(width), f64::from(height), dpr))
    } else {
        (had == 0.0).then_some((1.0, 1.0, dpr))
    }
}

impl Surface {
    /// The page's canvas `id`, measured.
    pub fn new(id: &str) -> Result<Surface, String> {
        let mut surface = Surface::on(dom::by_id(id)?)?;
        surface.fit();
        Ok(surface)
    }

    /// Draws on `canvas` (an element or an `OffscreenCanvas`); sized by `resize`.
    pub fn on(canvas: HtmlCanvasElement) -> Result<Surface, String> {
        let ctx = context_2d(&canvas)?;
        Ok(Surface {
            canvas,
            ctx,
            width: 0.0,
            height: 0.0,
            dpr: 1.0,
        })
    }

    /// An `OffscreenCanvas` handed to the worker (a `JsValue` from a message).
    pub fn on_offscreen(canvas: JsValue) -> Result<Surface, String> {
        if !canvas.is_instance_of::<web_sys::OffscreenCanvas>() {
            return Err("not an OffscreenCanvas".into());
        }
        Surface::on(canvas.unchecked_into())
    }

    /// Matches the backing store to the canvas's CSS size × device pixel ratio (page
    /// canvases only). Returns true when the size changed.
    pub fn fit(&mut self) -> bool {
        measure(&self.canvas, self.width)
            .is_some_and(|(width, height, dpr)| self.resize(width, height, dpr))
    }

    /// Gives the backing store `width` × `height` CSS pixels at `dpr`. Drawing
    /// coordinates stay in CSS pixels. Returns true when the size changed.
    pub fn resize(&mut self, width: f64, height: f64, dpr: f64) -> bool {
        let (width, height) = (width.max(1.0), height.max(1.0));
        let dpr = if dpr.is_finite() && dpr > 0.0 {
            dpr
        } else {
            1.0
        };
        if width == self.width && height == self.height && dpr == self.dpr {
            return false;
        }
        self.width = width;
        self.height = height;
        self.dpr = dpr;
        self.canvas.set_width((width * dpr).round() as u32);
        self.canvas.set_height((height * dpr).round() as u32);
        true
    }

    /// Resets the transform to CSS pixels and clears the canvas.
    pub fn begin(&self) {
        let _ = self
            .ctx
            .set_transform(self.dpr, 0.0, 0.0, self.dpr, 0.0, 0.0);
        self.ctx.clear_rect(0.0, 0.0, self.width, self.height);
    }
}

/// A canvas of the page whose pixels are drawn elsewhere (by the pictures' worker, or by
/// the painter on this thread): its element, for events and text alternatives, and its
/// measured CSS size.
pub struct Placement {
    pub canvas: HtmlCanvasElement,
    pub width: f64,
    pub height: f64,
    pub dpr: f64,
}

impl Placement {
    pub fn new(id: &str) -> Result<Placement, String> {
        let mut placement = Placement {
            canvas: dom::by_id(id)?,
            width: 0.0,
            height: 0.0,
            dpr: 1.0,
        };
        placement.fit();
        Ok(placement)
    }

    /// Measures the canvas again; true when its size changed.
    pub fn fit(&mut self) -> bool {
        let Some(measured) = measure(&self.canvas, self.width) else {
            return false;
        };
        let changed = measured != (self.width, self.height, self.dpr);
        (self.width, self.height, self.dpr) = measured;
        changed
    }

    pub fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }
}
