//! An off-screen RGBA image filled in Rust and sent to the canvas as one ImageData, then
//! drawn scaled wherever it is needed (never pixel by pixel). The ImageData is made once
//! per size and refilled: each frame costs one copy into it, no new object.

use super::surface::offscreen_canvas;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub struct Heatmap {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    width: usize,
    height: usize,
    pub rgba: Vec<u8>,
    /// The ImageData sent to the canvas, and its pixel array.
    image: Option<(ImageData, js_sys::Uint8ClampedArray)>,
}

impl Heatmap {
    pub fn new(width: usize, height: usize) -> Result<Heatmap, String> {
        let (canvas, ctx) = offscreen_canvas()?;
        let mut heatmap = Heatmap {
            canvas,
            ctx,
            width: 0,
            height: 0,
            rgba: Vec::new(),
            image: None,
        };
        heatmap.resize(width, height);
        Ok(heatmap)
    }

    pub fn resize(&mut self, width: usize, height: usize) {
        if (width, height) != (self.width, self.height) {
            self.width = width.max(1);
            self.height = height.max(1);
            self.canvas.set_width(self.width as u32);
            self.canvas.set_height(self.height as u32);
            self.rgba.resize(self.width * self.height * 4, 255);
            // An ImageData with its own pixel array (one made from a slice of wasm memory
            // would hold a view that dies when that memory grows).
            self.image = ImageData::new_with_sw(self.width as u32, self.height as u32)
                .ok()
                .and_then(|image| {
                    let data = js_sys::Reflect::get(&image, &"data".into()).ok()?;
                    Some((image, data.dyn_into().ok()?))
                });
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Sends the RGBA buffer to the off-screen canvas: one copy, one call.
    pub fn upload(&self) {
        if let Some((image, data)) = &self.image {
            if data.length() as usize != self.rgba.len() {
                return;
            }
            data.copy_from(&self.rgba);
            let _ = self.ctx.put_image_data(image, 0.0, 0.0);
        }
    }

    /// Draws the source rectangle (in image pixels) scaled into the destination rectangle.
    #[allow(clippy::too_many_arguments)]
    pub fn draw_part(
        &self,
        target: &CanvasRenderingContext2d,
        sx: f64,
        sy: f64,
        sw: f64,
        sh: f64,
        dx: f64,
        dy: f64,
        dw: f64,
        dh: f64,
    ) {
        let _ = target
            .draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                &self.canvas,
                sx,
                sy,
                sw,
                sh,
                dx,
                dy,
                dw,
                dh,
            );
    }

    /// Draws the whole image scaled into the destination rectangle.
    pub fn draw(&self, target: &CanvasRenderingContext2d, dx: f64, dy: f64, dw: f64, dh: f64) {
        let (w, h) = (self.width as f64, self.height as f64);
        self.draw_part(target, 0.0, 0.0, w, h, dx, dy, dw, dh);
    }
}
