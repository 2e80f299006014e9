//! The loss chart's legend: one row above the plot, at the right, so it never covers a
//! curve (the road not taken's included). Comparing, each run's name in its colour.

use super::{LossChart, RUN_COLOURS};
use plotters::style::RGBColor;
use web_sys::CanvasRenderingContext2d;

impl LossChart {
    /// The legend's row, ending at `x1`, at height `y` (device pixels); `text` is the
    /// type's scale in device pixels.
    pub(super) fn draw_legend(&self, ctx: &CanvasRenderingContext2d, x1: f64, y: f64, text: f64) {
        let test = if self.dev { "chart.dev" } else { "chart.test" };
        let names = [test, "chart.training"].map(|key| self.lang.t(key).to_string());
        let mut entries: Vec<(String, String)> = names
            .into_iter()
            .zip(["#333333".to_string(), "#0877bd".to_string()])
            .collect();
        if !self.runs.is_empty() {
            entries.clear();
            let key = if self.dev {
                "chart.runsKeyDev"
            } else {
                "chart.runsKey"
            };
            entries.push((self.lang.t(key).to_string(), "#bbbbbb".into()));
            for (k, (label, _)) in self.runs.iter().enumerate() {
                let RGBColor(r, g, b) = RUN_COLOURS[k % RUN_COLOURS.len()];
                entries.push((label.clone(), format!("#{r:02x}{g:02x}{b:02x}")));
            }
        }
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        let mut right = x1;
        for (name, colour) in entries.iter().rev() {
            let (name, colour) = (name.as_str(), colour.as_str());
            let width = ctx.measure_text(name).map_or(0.0, |m| m.width());
            let start = right - width - 24.0 * text;
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(f64::from(self.line_width()));
            ctx.begin_path();
            ctx.move_to(start, y);
            ctx.line_to(start + 18.0 * text, y);
            ctx.stroke();
            ctx.set_fill_style_str("#333");
            let _ = ctx.fill_text(name, start + 22.0 * text, y);
            right = start - 12.0 * text;
        }
    }
}
