//! The gradient-size view: one bar per layer, the mean |∂L/∂W| of the last epoch on a log
//! scale from 10⁻⁸ to 10, so vanishing gradients show as bars that shrink toward the inputs.
//! The axes and labels are drawn off-screen once per size and layer count; a frame copies
//! them and draws the bars.

use super::surface::{offscreen_canvas, Surface};
use crate::i18n::Lang;
use crate::text;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct GradientView {
    pub surface: Surface,
    /// The sizes last drawn (`None`: nothing drawn yet).
    drawn: Option<Vec<f64>>,
    background: HtmlCanvasElement,
    background_ctx: CanvasRenderingContext2d,
    /// (width, height, layers) the background was drawn for.
    background_key: Option<(u32, u32, usize)>,
    /// Type size: 1, or larger in presentation mode.
    scale: f64,
    /// The language of the layers' names.
    lang: Lang,
}

const LOW: f64 = -8.0;
const HIGH: f64 = 1.0;
const LEFT: f64 = 34.0;

impl GradientView {
    pub fn new(id: &str) -> Result<GradientView, String> {
        let (background, background_ctx) = offscreen_canvas()?;
        Ok(GradientView {
            surface: Surface::new(id)?,
            drawn: None,
            background,
            background_ctx,
            background_key: None,
            scale: 1.0,
            lang: Lang::En,
        })
    }

    fn bottom(&self) -> f64 {
        self.surface.height - 14.0
    }

    fn y_of(&self, log: f64) -> f64 {
        let bottom = self.bottom();
        bottom - (log - LOW) / (HIGH - LOW) * (bottom - 4.0)
    }

    /// Grid lines, the scale and the layers' names.
    fn draw_background(&mut self, layers: usize) {
        let s = &self.surface;
        self.background.set_width(s.canvas.width());
        self.background.set_height(s.canvas.height());
        let ctx = &self.background_ctx;
        let _ = ctx.set_transform(s.dpr, 0.0, 0.0, s.dpr, 0.0, 0.0);
        let (w, h) = (s.width, s.height);
        ctx.set_font(&format!(
            "{}px system-ui, sans-serif",
            (10.0 * self.scale).round()
        ));
        ctx.set_fill_style_str("#666");
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        ctx.set_stroke_style_str("#e3e5e6");
        ctx.set_line_width(1.0);
        for log in [-8.0, -6.0, -4.0, -2.0, 0.0] {
            let y = self.y_of(log);
            let _ = ctx.fill_text(&format!("1e{log}"), LEFT - 4.0, y);
            ctx.begin_path();
            ctx.move_to(LEFT, y);
            ctx.line_to(w, y);
            ctx.stroke();
        }
        if layers == 0 {
            ctx.set_text_align("left");
            let _ = ctx.fill_text(self.lang.t("graph.trainFirst"), LEFT + 6.0, h / 2.0);
            return;
        }
        let slot = (w - LEFT) / layers as f64;
        ctx.set_text_align("center");
        ctx.set_text_baseline("alphabetic");
        ctx.set_fill_style_str("#444");
        for l in 0..layers {
            let label = if l + 1 == layers {
                self.lang.t("graph.output").to_string()
            } else {
                text!("graph.layer", n = l + 1).render(self.lang)
            };
            let _ = ctx.fill_text(&label, LEFT + slot * (l as f64 + 0.5), h - 2.0);
        }
    }

    /// Draws the bars (only when the sizes changed).
    pub fn draw(&mut self, sizes: &[f64]) {
        if self.drawn.as_deref() == Some(sizes) {
            return;
        }
        let drawn = self.drawn.get_or_insert_with(Vec::new);
        drawn.clear();
        drawn.extend_from_slice(sizes);
        let key = (
            self.surface.canvas.width(),
            self.surface.canvas.height(),
            sizes.len(),
        );
        if self.background_key != Some(key) {
            self.draw_background(sizes.len());
            self.background_key = Some(key);
        }
        let s = &self.surface;
        s.begin();
        let ctx = &s.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let _ = ctx.draw_image_with_html_canvas_element(&self.background, 0.0, 0.0);
        let _ = ctx.set_transform(s.dpr, 0.0, 0.0, s.dpr, 0.0, 0.0);
        if sizes.is_empty() {
            return;
        }
        let slot = (s.width - LEFT) / sizes.len() as f64;
        let bottom = self.bottom();
        ctx.set_fill_style_str("#0877bd");
        for (l, &size) in sizes.iter().enumerate() {
            let log = if size > 0.0 && size.is_finite() {
                size.log10().clamp(LOW, HIGH)
            } else {
                LOW
            };
            let top = self.y_of(log);
            ctx.fill_rect(
                LEFT + slot * (l as f64 + 0.2),
                top,
                slot * 0.6,
                bottom - top,
            );
        }
    }

    /// A new type size or language: drawn again.
    pub fn restyle(&mut self, scale: f64, lang: Lang) {
        self.scale = scale;
        self.lang = lang;
        self.drawn = None;
        self.background_key = None;
    }

    pub fn fit(&mut self) {
        self.surface.fit();
        self.drawn = None;
        self.background_key = None;
    }
}
