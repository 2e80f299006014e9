//! Text mode's reference lines on the loss chart: the counted bigram's and trigram's dev
//! losses, dashed, with their names, so the moment the network beats counting shows.

use super::{Frame, LossChart};

impl LossChart {
    /// Text mode's reference lines (their names' keys, losses and the α each count was
    /// smoothed with) and the dev curve's name; out of text mode, none.
    pub fn set_references(&mut self, references: &[(&'static str, f64, f64)], dev: bool) {
        if self.references != references || self.dev != dev {
            self.references = references.to_vec();
            self.dev = dev;
            // The legend's name changed: the background is drawn again.
            self.drawn_for = None;
        }
    }

    /// Each reference loss as a dashed line across the plot, its name, loss and α at the
    /// left end.
    pub(super) fn draw_references(&self, f: Frame) {
        let ctx = &self.surface.ctx;
        let dpr = self.surface.dpr;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let text = dpr * self.scale;
        ctx.set_font(&format!("{}px sans-serif", (11.0 * text).round()));
        ctx.set_text_align("left");
        ctx.set_text_baseline("bottom");
        for (k, &(key, loss, alpha)) in self.references.iter().enumerate() {
            if !loss.is_finite() {
                continue;
            }
            let y = (f.y.0 - loss / f.top * (f.y.0 - f.y.1)).round() + 0.5;
            let colour = ["#8a5a00", "#7b2d8e"][k % 2];
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(dpr.max(1.0) * self.scale);
            let dash = js_sys::Array::of2(&(6.0 * dpr).into(), &(4.0 * dpr).into());
            let _ = ctx.set_line_dash(&dash);
            ctx.begin_path();
            ctx.move_to(f.x.0, y);
            ctx.line_to(f.x.1, y);
            ctx.stroke();
            let _ = ctx.set_line_dash(&js_sys::Array::new());
            ctx.set_fill_style_str(colour);
            let label = format!("{} {:.3} (α = {alpha})", self.lang.t(key), loss);
            let x = f.x.0 + 4.0 * dpr;
            let y = if k == 0 {
                y - 2.0 * dpr
            } else {
                y + 13.0 * text
            };
            let _ = ctx.fill_text(&label, x, y);
        }
    }
}
