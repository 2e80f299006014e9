//! The loss curve, training and test, drawn with plotters on the canvas.
//!
//! The axes, grid, labels and legend are drawn by plotters into an off-screen canvas only
//! when the axis ranges or the size change (the ranges grow in steps of 1, 2, 3, 4, 5, 6,
//! 8 × 10ⁿ, so that happens rarely); each frame copies that background and plotters draws
//! just the two lines over it. The history is bounded (`train::LossHistory`), so a frame
//! costs the same at any epoch.

use super::surface::{offscreen_canvas, Surface};
use crate::train::{axis_ceiling, LossPoint};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

const TRAIN: RGBColor = RGBColor(0x08, 0x77, 0xbd);
const TEST: RGBColor = RGBColor(0x33, 0x33, 0x33);

type Error = Box<dyn std::error::Error>;
type LinesKey = (usize, (u64, u64, u64), (f64, f64, u32, u32));

pub struct LossChart {
    pub surface: Surface,
    background: HtmlCanvasElement,
    /// (epochs, loss, width, height) the background was drawn for.
    drawn_for: Option<(f64, f64, u32, u32)>,
    /// (points, last point, background) the lines were drawn for.
    lines_for: Option<LinesKey>,
}

impl LossChart {
    pub fn new(canvas_id: &str) -> Result<LossChart, String> {
        let (background, _) = offscreen_canvas()?;
        Ok(LossChart {
            surface: Surface::new(canvas_id)?,
            background,
            drawn_for: None,
            lines_for: None,
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
        Ok(ChartBuilder::on(root)
            .margin((8.0 * dpr) as i32)
            .x_label_area_size((34.0 * dpr) as i32)
            .y_label_area_size((44.0 * dpr) as i32)
            .build_cartesian_2d(0.0..epochs, 0.0..top)?)
    }

    fn line_width(&self) -> u32 {
        (1.5 * self.surface.dpr).max(1.0) as u32
    }

    fn draw_background(&self, epochs: f64, top: f64) -> Result<(), Error> {
        let dpr = self.surface.dpr;
        let backend = CanvasBackend::with_canvas_object(self.background.clone())
            .ok_or("the loss chart has no 2-D context")?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE)?;
        let font = |px: f64| ("sans-serif", (px * dpr).round()).into_font();
        let mut chart = self.chart(&root, epochs, top)?;
        chart
            .configure_mesh()
            .x_labels(5)
            .y_labels(4)
            .label_style(font(11.0))
            .axis_desc_style(font(11.0))
            .x_desc("epoch")
            .y_desc("loss")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| {
                if top < 0.1 {
                    format!("{v:.3}")
                } else {
                    format!("{v:.2}")
                }
            })
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(0xe4, 0xe4, 0xe4))
            .draw()?;
        let width = self.line_width();
        for (name, colour) in [("test", TEST), ("training", TRAIN)] {
            chart
                .draw_series(LineSeries::new(
                    std::iter::empty(),
                    colour.stroke_width(width),
                ))?
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(width))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font(font(11.0))
            .background_style(WHITE.mix(0.8))
            .border_style(RGBColor(0xcc, 0xcc, 0xcc))
            .draw()?;
        root.present()?;
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
