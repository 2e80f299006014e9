//! The loss curve, training and test, drawn with plotters on the canvas.
//!
//! The axes, grid, labels and legend are drawn into an off-screen canvas only when the
//! axis ranges or the size change (the ranges grow in steps of 1, 2, 3, 4, 5, 6, 8 × 10ⁿ,
//! so that happens rarely); each frame copies that background and plotters draws just the
//! two lines over it. The history is bounded (`train::LossHistory`), so a frame costs the
//! same at any epoch.
//!
//! Plotters lays out the chart (its frame and coordinates) and draws the lines; the text
//! is drawn with the canvas's own `fillText`. Plotters' text measuring on the web inserts
//! a `<span>` with a style attribute into the page, which a strict Content-Security-Policy
//! (no 'unsafe-inline' styles) forbids, and it forces a layout of the page.

use super::surface::{offscreen_canvas, Surface};
use crate::chart::axis_ceiling;
use crate::i18n::Lang;
use crate::train::LossPoint;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

const TRAIN: RGBColor = RGBColor(0x08, 0x77, 0xbd);
const TEST: RGBColor = RGBColor(0x33, 0x33, 0x33);

type Error = Box<dyn std::error::Error>;
type LinesKey = (usize, (u64, u64, u64), (f64, f64, u32, u32));

pub struct LossChart {
    pub surface: Surface,
    background: HtmlCanvasElement,
    background_ctx: CanvasRenderingContext2d,
    /// (epochs, loss, width, height) the background was drawn for.
    drawn_for: Option<(f64, f64, u32, u32)>,
    /// (points, last point, background) the lines were drawn for.
    lines_for: Option<LinesKey>,
    /// Type and line size: 1, or larger in presentation mode.
    scale: f64,
    /// The language of the axes' names and the legend.
    lang: Lang,
}

impl LossChart {
    pub fn new(canvas_id: &str) -> Result<LossChart, String> {
        let (background, background_ctx) = offscreen_canvas()?;
        Ok(LossChart {
            surface: Surface::new(canvas_id)?,
            background,
            background_ctx,
            drawn_for: None,
            lines_for: None,
            scale: 1.0,
            lang: Lang::En,
        })
    }

    pub fn draw(&mut self, history: &[LossPoint]) {
        let epochs = axis_ceiling(history.last().map_or(1, |p| p.epoch.max(1)) as f64);
        let top = history
            .iter()
            .flat_map(|p| [p.train, p.test])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let top = axis_ceiling(top);
        let (width, height) = (self.surface.canvas.width(), self.surface.canvas.height());
        let key = (epochs, top, width, height);
        // The history changes only when it keeps a new point (every epoch at first, then
        // ever more rarely): otherwise the chart on screen is already right.
        let last = history.last().map_or((0, 0, 0), |p| {
            (p.epoch, p.train.to_bits(), p.test.to_bits())
        });
        let lines = (history.len(), last, key);
        if self.lines_for == Some(lines) {
            return;
        }
        self.lines_for = Some(lines);
        if self.drawn_for != Some(key) {
            self.background.set_width(width);
            self.background.set_height(height);
            if let Err(e) = self.draw_background(epochs, top) {
                web_sys::console::warn_1(&format!("loss chart: {e}").into());
            }
            self.drawn_for = Some(key);
        }
        let ctx = &self.surface.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let _ = ctx.draw_image_with_html_canvas_element(&self.background, 0.0, 0.0);
        if let Err(e) = self.draw_lines(history, epochs, top) {
            web_sys::console::warn_1(&format!("loss chart: {e}").into());
        }
    }

    /// The chart's frame, in device pixels: the same for the background and the lines.
    fn chart<'a>(
        &self,
        root: &'a DrawingArea<CanvasBackend, Shift>,
        epochs: f64,
        top: f64,
    ) -> Result<ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>, Error>
    {
        let dpr = self.surface.dpr;
        // Room for the tick labels and the axes' names, as large as the type.
        let text = dpr * self.scale;
        Ok(ChartBuilder::on(root)
            .margin((8.0 * text) as i32)
            .x_label_area_size((34.0 * text) as i32)
            .y_label_area_size((44.0 * text) as i32)
            .build_cartesian_2d(0.0..epochs, 0.0..top)?)
    }

    fn line_width(&self) -> u32 {
        (1.5 * self.scale * self.surface.dpr).max(1.0) as u32
    }

    /// A new type and line size or language: the chart is drawn again.
    pub fn restyle(&mut self, scale: f64, lang: Lang) {
        self.scale = scale;
        self.lang = lang;
        self.drawn_for = None;
        self.lines_for = None;
    }

    /// Ticks from 0 to `end` (a number of the 1, 2, 3, 4, 5, 6, 8 × 10ⁿ steps): quarters,
    /// fifths, thirds or halves, whichever divides it evenly for whole-number axes.
    fn ticks(end: f64, whole: bool) -> Vec<f64> {
        let parts = [4.0, 5.0, 3.0, 2.0, 1.0]
            .into_iter()
            .find(|&n: &f64| !whole || (end / n).fract() == 0.0)
            .unwrap_or(1.0);
        (0..=parts as usize)
            .map(|k| end * k as f64 / parts)
            .collect()
    }

    fn draw_background(&self, epochs: f64, top: f64) -> Result<(), Error> {
        let dpr = self.surface.dpr;
        let backend = CanvasBackend::with_canvas_object(self.background.clone())
            .ok_or("the loss chart has no 2-D context")?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE)?;
        let chart = self.chart(&root, epochs, top)?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        root.present()?;
        let (x0, x1) = (f64::from(xs.start), f64::from(xs.end));
        let (y0, y1) = (f64::from(ys.end), f64::from(ys.start));
        let x_of = |v: f64| x0 + v / epochs * (x1 - x0);
        let y_of = |v: f64| y0 - v / top * (y0 - y1);
        let ctx = &self.background_ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.set_line_width(dpr.max(1.0));
        ctx.set_font(&format!(
            "{}px system-ui, sans-serif",
            (11.0 * self.scale * dpr).round()
        ));
        // Grid lines and tick labels.
        ctx.set_stroke_style_str("#e4e4e4");
        ctx.set_fill_style_str("#555");
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        for v in Self::ticks(top, false) {
            let y = y_of(v).round();
            ctx.begin_path();
            ctx.move_to(x0, y);
            ctx.line_to(x1, y);
            ctx.stroke();
            let label = if top < 0.1 {
                format!("{v:.3}")
            } else {
                format!("{v:.2}")
            };
            let _ = ctx.fill_text(&label, x0 - 5.0 * dpr, y);
        }
        ctx.set_text_baseline("top");
        let width = f64::from(self.background.width());
        for v in Self::ticks(epochs, true) {
            let x = x_of(v).round();
            ctx.begin_path();
            ctx.move_to(x, y0);
            ctx.line_to(x, y1);
            ctx.stroke();
            // Centred under its tick, but kept inside the canvas (the last one ends at
            // the right edge rather than being cut).
            let label = format!("{v:.0}");
            let half = ctx.measure_text(&label).map_or(0.0, |m| m.width()) / 2.0;
            let (align, at) = if x + half > width - dpr {
                ("right", width - dpr)
            } else {
                ("center", x)
            };
            ctx.set_text_align(align);
            let _ = ctx.fill_text(&label, at, y0 + 5.0 * dpr);
        }
        ctx.set_text_align("center");
        // The axes and their names.
        ctx.set_stroke_style_str("#444");
        ctx.begin_path();
        ctx.move_to(x0, y1);
        ctx.line_to(x0, y0);
        ctx.line_to(x1, y0);
        ctx.stroke();
        let text = dpr * self.scale;
        let _ = ctx.fill_text(
            self.lang.t("chart.epoch"),
            (x0 + x1) / 2.0,
            y0 + 19.0 * text,
        );
        ctx.save();
        let _ = ctx.translate(x0 - 41.0 * text, (y0 + y1) / 2.0);
        let _ = ctx.rotate(-std::f64::consts::FRAC_PI_2);
        let _ = ctx.fill_text(self.lang.t("chart.loss"), 0.0, 0.0);
        ctx.restore();
        // The legend, top right, as wide as its words.
        let names = ["chart.test", "chart.training"].map(|key| self.lang.t(key));
        let widest = names
            .iter()
            .map(|n| ctx.measure_text(n).map_or(0.0, |m| m.width()))
            .fold(0.0, f64::max);
        let (w, h) = (32.0 * text + widest + 8.0 * dpr, 38.0 * text);
        let (lx, ly) = (x1 - w - 6.0 * dpr, y1 + 6.0 * dpr);
        ctx.set_fill_style_str("rgba(255,255,255,0.85)");
        ctx.fill_rect(lx, ly, w, h);
        ctx.set_stroke_style_str("#cccccc");
        ctx.stroke_rect(lx, ly, w, h);
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        for (row, (name, colour)) in names.into_iter().zip(["#333333", "#0877bd"]).enumerate() {
            let y = ly + (11.0 + 16.0 * row as f64) * text;
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(f64::from(self.line_width()));
            ctx.begin_path();
            ctx.move_to(lx + 8.0 * dpr, y);
            ctx.line_to(lx + 26.0 * text, y);
            ctx.stroke();
            ctx.set_fill_style_str("#333");
            let _ = ctx.fill_text(name, lx + 32.0 * text, y);
        }
        Ok(())
    }

    fn draw_lines(&self, history: &[LossPoint], epochs: f64, top: f64) -> Result<(), Error> {
        let backend = CanvasBackend::with_canvas_object(self.surface.canvas.clone())
            .ok_or("the loss chart has no 2-D context")?;
        let root = backend.into_drawing_area();
        let mut chart = self.chart(&root, epochs, top)?;
        let width = self.line_width();
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        chart.draw_series(LineSeries::new(
            history.iter().map(|p| (p.epoch as f64, finite(p.test))),
            TEST.stroke_width(width),
        ))?;
        chart.draw_series(LineSeries::new(
            history.iter().map(|p| (p.epoch as f64, finite(p.train))),
            TRAIN.stroke_width(width),
        ))?;
        root.present()?;
        Ok(())
    }
}
