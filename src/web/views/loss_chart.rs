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

mod legend;
mod references;

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
/// The road not taken, greyed: the same two hues, faded.
const ROAD_TRAIN: RGBColor = RGBColor(0xa9, 0xc9, 0xdf);
const ROAD_TEST: RGBColor = RGBColor(0xc4, 0xc4, 0xc4);

/// The runs of a comparison, A to D: the training loss in the run's colour, the test
/// loss the same colour, lighter.
pub const RUN_COLOURS: [RGBColor; 4] = [
    RGBColor(0x08, 0x77, 0xbd),
    RGBColor(0xe8, 0x59, 0x0c),
    RGBColor(0x2b, 0x8a, 0x3e),
    RGBColor(0x86, 0x2e, 0x9c),
];

type Error = Box<dyn std::error::Error>;

/// What the chart marks besides the curves: the shown epoch, and the one under the pointer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub shown: Option<u64>,
    pub hover: Option<u64>,
}

/// What the lines on screen were drawn for.
#[derive(Clone, Copy, PartialEq)]
struct LinesKey {
    history: (usize, u64, u64, u64),
    road: (usize, u64),
    /// The compared runs' curves and names (a fingerprint).
    runs: u64,
    marks: Marks,
    background: (f64, f64, u32, u32),
    /// The reference lines' losses (bits; two at most).
    references: [u64; 2],
}

/// Where the plotting area is, in device pixels (left, right, bottom, top), and the axes'
/// ends: the pointer's epoch is read from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub epochs: f64,
    pub top: f64,
}

pub struct LossChart {
    pub surface: Surface,
    background: HtmlCanvasElement,
    background_ctx: CanvasRenderingContext2d,
    /// (epochs, loss, width, height, the legend's fingerprint) the background was drawn
    /// for.
    drawn_for: Option<(f64, f64, u32, u32, u64)>,
    /// What the lines were drawn for.
    lines_for: Option<LinesKey>,
    /// Where the plotting area was, when the lines were last drawn.
    frame: Option<Frame>,
    /// Type and line size: 1, or larger in presentation mode.
    scale: f64,
    /// The language of the axes' names and the legend.
    lang: Lang,
    /// The runs compared (none: one experiment): each one's name and loss history, and
    /// the run on view (whose curves are `draw`'s history).
    runs: Vec<(String, Vec<LossPoint>)>,
    viewed: usize,
    /// Text mode: the counted models' dev losses, drawn as dashed lines with their
    /// names (the moment the network beats counting shows), and the second curve named
    /// the dev loss.
    references: Vec<(&'static str, f64, f64)>,
    dev: bool,
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
            frame: None,
            scale: 1.0,
            lang: Lang::En,
            runs: Vec::new(),
            viewed: 0,
            references: Vec::new(),
            dev: false,
        })
    }

    /// The runs of a comparison (their names and histories, in order; fewer than two:
    /// none), and the one on view.
    pub fn set_runs<'a>(
        &mut self,
        runs: impl Iterator<Item = (&'a str, &'a [LossPoint])>,
        viewed: usize,
    ) {
        let mut k = 0;
        for (label, points) in runs {
            if k == self.runs.len() {
                self.runs.push((String::new(), Vec::new()));
            }
            let run = &mut self.runs[k];
            if run.0 != label {
                run.0 = label.to_string();
            }
            run.1.clear();
            run.1.extend_from_slice(points);
            k += 1;
        }
        self.runs.truncate(if k < 2 { 0 } else { k });
        self.viewed = viewed;
    }

    /// A fingerprint of the compared runs' names (`names`) or of their curves too.
    fn runs_key(&self, curves: bool) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ self.viewed as u64;
        let mut mix = |v: u64| hash = (hash ^ v).wrapping_mul(0x0000_0100_0000_01b3);
        for (label, points) in &self.runs {
            label.bytes().for_each(|b| mix(u64::from(b)));
            if curves {
                mix(points.len() as u64);
                if let Some(p) = points.last() {
                    for v in [p.epoch, p.train.to_bits(), p.test.to_bits()] {
                        mix(v);
                    }
                }
            }
        }
        hash
    }

    /// Draws the history, the road not taken (greyed) and the marks.
    pub fn draw(&mut self, history: &[LossPoint], road: &[LossPoint], marks: Marks) {
        let others = self.runs.iter().flat_map(|(_, points)| points.iter());
        let last_epoch = history
            .iter()
            .chain(road)
            .chain(others.clone())
            .map(|p| p.epoch)
            .max();
        let epochs = axis_ceiling(last_epoch.unwrap_or(1).max(1) as f64);
        let top = history
            .iter()
            .chain(road)
            .chain(others)
            .flat_map(|p| [p.train, p.test])
            .chain(self.references.iter().map(|r| r.1))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let top = axis_ceiling(top);
        let (width, height) = (self.surface.canvas.width(), self.surface.canvas.height());
        let background = (epochs, top, width, height, self.runs_key(false));
        // The history changes only when it keeps a new point (every epoch at first, then
        // ever more rarely): otherwise the chart on screen is already right.
        let last = history.last().map_or((0, 0, 0), |p| {
            (p.epoch, p.train.to_bits(), p.test.to_bits())
        });
        let key = LinesKey {
            history: (history.len(), last.0, last.1, last.2),
            road: (road.len(), road.last().map_or(0, |p| p.epoch)),
            runs: self.runs_key(true),
            marks,
            background: (epochs, top, width, height),
            references: [0, 1].map(|k| self.references.get(k).map_or(0, |r| r.1.to_bits())),
        };
        if self.lines_for == Some(key) {
            return;
        }
        self.lines_for = Some(key);
        if self.drawn_for != Some(background) {
            self.background.set_width(width);
            self.background.set_height(height);
            if let Err(e) = self.draw_background(epochs, top) {
                web_sys::console::warn_1(&format!("loss chart: {e}").into());
            }
            self.drawn_for = Some(background);
        }
        let ctx = &self.surface.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let _ = ctx.draw_image_with_html_canvas_element(&self.background, 0.0, 0.0);
        match self.draw_lines(history, road, epochs, top) {
            Ok(frame) => {
                self.frame = Some(frame);
                self.draw_references(frame);
                self.draw_marks(frame, history, marks);
            }
            Err(e) => web_sys::console::warn_1(&format!("loss chart: {e}").into()),
        }
    }

    /// The epoch under a pointer `css_x` CSS pixels from the canvas's left edge, within
    /// the axis (none before the chart was drawn).
    pub fn epoch_at(&self, css_x: f64) -> Option<f64> {
        let f = self.frame?;
        let x = css_x * self.surface.dpr;
        let share = ((x - f.x.0) / (f.x.1 - f.x.0)).clamp(0.0, 1.0);
        Some(share * f.epochs)
    }

    /// The plotting area's left and right ends in CSS pixels, and the epoch at the right.
    pub fn axis(&self) -> Option<(f64, f64, f64)> {
        let f = self.frame?;
        let dpr = self.surface.dpr;
        Some((f.x.0 / dpr, f.x.1 / dpr, f.epochs))
    }

    /// The shown epoch as a dark line with a dot on each curve, and the pointer's epoch
    /// as a light line.
    fn draw_marks(&self, f: Frame, history: &[LossPoint], marks: Marks) {
        let ctx = &self.surface.ctx;
        let dpr = self.surface.dpr;
        let x_of = |epoch: u64| f.x.0 + epoch as f64 / f.epochs * (f.x.1 - f.x.0);
        let y_of = |loss: f64| f.y.0 - loss / f.top * (f.y.0 - f.y.1);
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let vertical = |epoch: u64, colour: &str, width: f64| {
            let x = x_of(epoch).round() + 0.5;
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width);
            ctx.begin_path();
            ctx.move_to(x, f.y.0);
            ctx.line_to(x, f.y.1);
            ctx.stroke();
        };
        if let Some(epoch) = marks.hover.filter(|&e| Some(e) != marks.shown) {
            vertical(epoch, "#9a9a9a", dpr.max(1.0));
        }
        if let Some(epoch) = marks.shown {
            vertical(epoch, "#e8590c", (2.0 * dpr * self.scale).max(1.0));
            if let Some(p) = crate::chart::nearest_point(history, epoch as f64) {
                for (loss, colour) in [(p.test, "#333333"), (p.train, "#0877bd")] {
                    if loss.is_finite() {
                        ctx.set_fill_style_str(colour);
                        ctx.begin_path();
                        let _ = ctx.arc(
                            x_of(p.epoch),
                            y_of(loss),
                            3.5 * dpr * self.scale,
                            0.0,
                            std::f64::consts::TAU,
                        );
                        ctx.fill();
                    }
                }
            }
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
            // Room above the plot for the legend's row.
            .margin_top((18.0 * text) as i32)
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
        // Text mode's loss is in nats a character.
        let axis = if self.dev {
            "chart.lossNats"
        } else {
            "chart.loss"
        };
        let _ = ctx.fill_text(self.lang.t(axis), 0.0, 0.0);
        ctx.restore();
        self.draw_legend(ctx, x1, y1 - 9.0 * text, text);
        Ok(())
    }

    fn draw_lines(
        &self,
        history: &[LossPoint],
        road: &[LossPoint],
        epochs: f64,
        top: f64,
    ) -> Result<Frame, Error> {
        let backend = CanvasBackend::with_canvas_object(self.surface.canvas.clone())
            .ok_or("the loss chart has no 2-D context")?;
        let root = backend.into_drawing_area();
        let mut chart = self.chart(&root, epochs, top)?;
        let width = self.line_width();
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        // The other runs under the one on view, drawn straight on the canvas (a path per
        // curve: cheaper than plotters' series, and there may be six of them).
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        let (x0, x1) = (f64::from(xs.start), f64::from(xs.end));
        let (y0, y1) = (f64::from(ys.end), f64::from(ys.start));
        let ctx = &self.surface.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.set_line_width(f64::from(width));
        ctx.set_line_join("round");
        for (k, (_, points)) in self.runs.iter().enumerate() {
            if k == self.viewed || points.is_empty() {
                continue;
            }
            let RGBColor(r, g, b) = RUN_COLOURS[k % RUN_COLOURS.len()];
            for (alpha, loss) in [
                (0.4, (|p: &LossPoint| p.test) as fn(&LossPoint) -> f64),
                (1.0, |p| p.train),
            ] {
                ctx.set_stroke_style_str(&format!("rgba({r}, {g}, {b}, {alpha})"));
                ctx.begin_path();
                for (i, p) in points.iter().enumerate() {
                    let x = x0 + p.epoch as f64 / epochs * (x1 - x0);
                    let y = y0 - finite(loss(p)).min(top) / top * (y0 - y1);
                    if i == 0 {
                        ctx.move_to(x, y);
                    } else {
                        ctx.line_to(x, y);
                    }
                }
                ctx.stroke();
            }
        }
        let (test, train) = match self.runs.is_empty() {
            true => (TEST.to_rgba(), TRAIN.to_rgba()),
            false => {
                let colour = RUN_COLOURS[self.viewed % RUN_COLOURS.len()];
                (colour.mix(0.4), colour.to_rgba())
            }
        };
        let curves = [
            (road, ROAD_TEST.to_rgba(), ROAD_TRAIN.to_rgba()),
            (history, test, train),
        ];
        for (points, test, train) in curves {
            if points.is_empty() {
                continue;
            }
            chart.draw_series(LineSeries::new(
                points.iter().map(|p| (p.epoch as f64, finite(p.test))),
                test.stroke_width(width),
            ))?;
            chart.draw_series(LineSeries::new(
                points.iter().map(|p| (p.epoch as f64, finite(p.train))),
                train.stroke_width(width),
            ))?;
        }
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        root.present()?;
        Ok(Frame {
            x: (f64::from(xs.start), f64::from(xs.end)),
            y: (f64::from(ys.end), f64::from(ys.start)),
            epochs,
            top,
        })
    }
}
