//! The loss curve, training and test, drawn with plotters on the canvas. The history is
//! bounded (see `train::LossHistory`), so a frame costs the same at any epoch.

use super::surface::Surface;
use crate::train::LossPoint;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

pub struct LossChart {
    pub surface: Surface,
}

const TRAIN: RGBColor = RGBColor(0x08, 0x77, 0xbd);
const TEST: RGBColor = RGBColor(0x33, 0x33, 0x33);

impl LossChart {
    pub fn new(canvas_id: &str) -> Result<LossChart, String> {
        Ok(LossChart {
            surface: Surface::new(canvas_id)?,
        })
    }

    pub fn draw(&mut self, history: &[LossPoint]) {
        // plotters draws in device pixels: reset the transform, scale the type.
        let s = &self.surface;
        let _ = s.ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        if let Err(e) = self.draw_chart(history) {
            web_sys::console::warn_1(&format!("loss chart: {e}").into());
        }
    }

    fn draw_chart(&self, history: &[LossPoint]) -> Result<(), Box<dyn std::error::Error>> {
        let dpr = self.surface.dpr;
        let backend = CanvasBackend::with_canvas_object(self.surface.canvas.clone())
            .ok_or("the loss canvas has no 2-D context")?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE)?;
        let last_epoch = history.last().map_or(1, |p| p.epoch.max(1)) as f64;
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let top = history
            .iter()
            .map(|p| finite(p.train).max(finite(p.test)))
            .fold(0.0, f64::max);
        let top = if top > 0.0 { top * 1.08 } else { 1.0 };
        let font = |px: f64| ("sans-serif", (px * dpr).round()).into_font();
        let mut chart = ChartBuilder::on(&root)
            .margin((8.0 * dpr) as i32)
            .x_label_area_size((34.0 * dpr) as i32)
            .y_label_area_size((44.0 * dpr) as i32)
            .build_cartesian_2d(0.0..last_epoch, 0.0..top)?;
        chart
            .configure_mesh()
            .x_labels(5)
            .y_labels(4)
            .label_style(font(11.0))
            .axis_desc_style(font(11.0))
            .x_desc("epoch")
            .y_desc("loss")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| format!("{v:.2}"))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(0xe4, 0xe4, 0xe4))
            .draw()?;
        let width = (1.5 * dpr).max(1.0) as u32;
        chart
            .draw_series(LineSeries::new(
                history.iter().map(|p| (p.epoch as f64, finite(p.test))),
                TEST.stroke_width(width),
            ))?
            .label("test")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], TEST.stroke_width(width))
            });
        chart
            .draw_series(LineSeries::new(
                history.iter().map(|p| (p.epoch as f64, finite(p.train))),
                TRAIN.stroke_width(width),
            ))?
            .label("training")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], TRAIN.stroke_width(width))
            });
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
}
