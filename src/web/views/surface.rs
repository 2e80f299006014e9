//! A canvas sized for the device pixel ratio, so lines stay sharp on projectors and phones.

use crate::web::dom;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct Surface {
    pub canvas: HtmlCanvasElement,
    pub ctx: CanvasRenderingContext2d,
    /// Size in CSS pixels.
    pub width: f64,
    pub height: f64,
    pub dpr: f64,
}

pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| "this browser gives no 2-D canvas".to_string())
}

/// A canvas that is not in the page, for drawing once and copying often.
pub fn offscreen_canvas() -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), String> {
    let canvas: HtmlCanvasElement = dom::document()?
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| "cannot create a canvas".to_string())?;
    let ctx = context_2d(&canvas)?;
    Ok((canvas, ctx))
}

impl Surface {
    pub fn new(id: &str) -> Result<Surface, String> {
        let canvas: HtmlCanvasElement = dom::by_id(id)?;
        let ctx = context_2d(&canvas)?;
        let mut surface = Surface {
            canvas,
            ctx,
            width: 0.0,
            height: 0.0,
            dpr: 1.0,
        };
        surface.fit();
        Ok(surface)
    }

    /// Matches the backing store to the canvas's CSS size × device pixel ratio. Drawing
    /// coordinates stay in CSS pixels. Returns true when the size changed.
    pub fn fit(&mut self) -> bool {
        let dpr = dom::device_pixel_ratio();
        let width = f64::from(self.canvas.client_width().max(1));
        let height = f64::from(self.canvas.client_height().max(1));
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
