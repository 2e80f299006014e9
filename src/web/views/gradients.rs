//! The gradient-size view: one bar per layer, the mean |∂L/∂W| of the last epoch on a log
//! scale from 10⁻⁸ to 10, so vanishing gradients show as bars that shrink toward the inputs.

use super::surface::Surface;

pub struct GradientView {
    pub surface: Surface,
    /// The sizes last drawn (`None`: nothing drawn yet).
    drawn: Option<Vec<f64>>,
}

const LOW: f64 = -8.0;
const HIGH: f64 = 1.0;

impl GradientView {
    pub fn new(id: &str) -> Result<GradientView, String> {
        Ok(GradientView {
            surface: Surface::new(id)?,
            drawn: None,
        })
    }

    /// Draws the bars (only when the sizes changed).
    pub fn draw(&mut self, sizes: &[f64]) {
        if self.drawn.as_deref() == Some(sizes) {
            return;
        }
        let drawn = self.drawn.get_or_insert_with(Vec::new);
        drawn.clear();
        drawn.extend_from_slice(sizes);
        let s = &self.surface;
        s.begin();
        let ctx = &s.ctx;
        let (w, h) = (s.width, s.height);
        let left = 34.0;
        let bottom = h - 14.0;
        ctx.set_font("10px system-ui, sans-serif");
        ctx.set_fill_style_str("#666");
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        let y_of = |log: f64| bottom - (log - LOW) / (HIGH - LOW) * (bottom - 4.0);
        ctx.set_stroke_style_str("#e3e5e6");
        ctx.set_line_width(1.0);
        for log in [-8.0, -6.0, -4.0, -2.0, 0.0] {
            let y = y_of(log);
            let _ = ctx.fill_text(&format!("1e{log}"), left - 4.0, y);
            ctx.begin_path();
            ctx.move_to(left, y);
            ctx.line_to(w, y);
            ctx.stroke();
        }
        if sizes.is_empty() {
            ctx.set_text_align("left");
            let _ = ctx.fill_text("train an epoch to see the gradients", left + 6.0, h / 2.0);
            return;
        }
        let slot = (w - left) / sizes.len() as f64;
        ctx.set_text_align("center");
        ctx.set_text_baseline("alphabetic");
        for (l, &size) in sizes.iter().enumerate() {
            let log = if size > 0.0 && size.is_finite() {
                size.log10().clamp(LOW, HIGH)
            } else {
                LOW
            };
            let x = left + slot * l as f64 + slot * 0.2;
            let top = y_of(log);
            ctx.set_fill_style_str("#0877bd");
            ctx.fill_rect(x, top, slot * 0.6, bottom - top);
            ctx.set_fill_style_str("#444");
            let label = if l + 1 == sizes.len() {
                "output".to_string()
            } else {
                format!("layer {}", l + 1)
            };
            let _ = ctx.fill_text(&label, x + slot * 0.3, h - 2.0);
        }
    }

    pub fn fit(&mut self) {
        self.surface.fit();
        self.drawn = None;
    }
}
