//! The hidden space: the points and the input plane's grid lines at their coordinates in
//! one hidden layer (`crate::hidden` computes them), on axes that follow the values
//! smoothly; where the output reads the space, the output over it as the background and
//! its boundary line.

use super::heatmap::Heatmap;
use super::palette::{class_css, paint_classes, Palette};
use super::surface::Surface;
use crate::hidden::{Axes, HiddenSpace, OutputOver, LINES};
use crate::i18n::Lang;
use crate::nn::Network;
use crate::scene::Scene;
use crate::text;
use std::f64::consts::TAU;

/// Cells per side of the output's picture behind the points.
const BACKGROUND: usize = 64;
/// Each frame the axes move this share of the way to the values' box.
const EASE: f64 = 0.25;
/// Space for the axes' numbers and names (CSS px, at scale 1).
const MARGIN: f64 = 28.0;

/// The box shown and where it is on the canvas: maps hidden coordinates to CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// [x0, x1, y0, y1] in hidden coordinates.
    pub bounds: [f64; 4],
    /// The plot's left, top, width and height in CSS pixels.
    pub plot: [f64; 4],
}

impl Frame {
    /// The plot inside a canvas of `size` CSS pixels, at type `scale`.
    pub fn new(bounds: [f64; 4], (width, height): (f64, f64), scale: f64) -> Frame {
        let m = MARGIN * scale;
        Frame {
            bounds,
            plot: [
                m,
                4.0,
                (width - m - 4.0).max(1.0),
                (height - m - 4.0).max(1.0),
            ],
        }
    }

    pub fn to_canvas(self, [x, y]: [f64; 2]) -> (f64, f64) {
        let [x0, x1, y0, y1] = self.bounds;
        let [left, top, w, h] = self.plot;
        (
            left + (x - x0) / (x1 - x0) * w,
            top + (y1 - y) / (y1 - y0) * h,
        )
    }

    fn to_space(self, (px, py): (f64, f64)) -> [f64; 2] {
        let [x0, x1, y0, y1] = self.bounds;
        let [left, top, w, h] = self.plot;
        [
            x0 + (px - left) / w * (x1 - x0),
            y1 - (py - top) / h * (y1 - y0),
        ]
    }
}

pub struct HiddenView {
    pub surface: Surface,
    space: HiddenSpace,
    over: OutputOver,
    image: Heatmap,
    /// The background's cells in hidden coordinates and their values (reused).
    cells: Vec<[f64; 2]>,
    values: Vec<f32>,
    class_values: Vec<f32>,
    /// The box shown, and for which layer and neurons (a new choice jumps, no easing).
    shown: Option<(Axes, [f64; 4])>,
    /// The box reached the values' box (nothing left to ease).
    pub settled: bool,
    /// The canvas's size (CSS px) and the type scale last drawn at.
    size: (f64, f64),
    scale: f64,
}

impl HiddenView {
    pub fn new(surface: Surface) -> Result<HiddenView, String> {
        Ok(HiddenView {
            surface,
            space: HiddenSpace::default(),
            over: OutputOver::default(),
            image: Heatmap::new(BACKGROUND, BACKGROUND)?,
            cells: Vec::new(),
            values: Vec::new(),
            class_values: Vec::new(),
            shown: None,
            settled: true,
            size: (1.0, 1.0),
            scale: 1.0,
        })
    }

    /// The box drawn last and where it is on the canvas, if the view is shown.
    pub fn frame(&self) -> Option<Frame> {
        self.shown
            .map(|(_, bounds)| Frame::new(bounds, self.size, self.scale))
    }

    /// Draws the hidden space the scene asks for (nothing when it asks for none).
    pub fn draw(
        &mut self,
        network: &Network,
        scene: &Scene,
        background: &Palette,
        palette: &Palette,
    ) {
        let Some(axes) = scene.hidden else {
            self.shown = None;
            self.settled = true;
            return;
        };
        let (width, height) = scene.hidden_size;
        self.surface.resize(width, height, scene.dpr);
        (self.size, self.scale) = ((width, height), scene.scale);
        self.space
            .compute(network, &scene.features, axes, &scene.train, &scene.test);
        let target = self.space.extent();
        let bounds = match self.shown {
            Some((shown_axes, b)) if shown_axes == axes => {
                std::array::from_fn(|k| b[k] + EASE * (target[k] - b[k]))
            }
            _ => target,
        };
        let span = (target[1] - target[0]).max(target[3] - target[2]);
        self.settled = bounds
            .iter()
            .zip(&target)
            .all(|(b, t)| (b - t).abs() <= 1e-3 * span);
        let bounds = if self.settled { target } else { bounds };
        self.shown = Some((axes, bounds));
        let frame = Frame::new(bounds, (width, height), scene.scale);
        let s = &self.surface;
        s.begin();
        self.draw_background(network, scene, axes, &frame, background);
        self.draw_grid(axes, &frame, scene.scale);
        self.draw_boundary(&frame, scene.scale);
        self.draw_points(scene, &frame, palette);
        self.draw_axes(axes, &frame, scene);
    }

    /// Where the output reads this space: the output at every cell of the box, in the
    /// boundary view's colours.
    fn draw_background(
        &mut self,
        network: &Network,
        scene: &Scene,
        axes: Axes,
        frame: &Frame,
        background: &Palette,
    ) {
        if !axes.output_reads(network) {
            return;
        }
        let [left, top, w, h] = frame.plot;
        self.cells.clear();
        for row in 0..BACKGROUND {
            for column in 0..BACKGROUND {
                let centre = |n: usize, size: f64| (n as f64 + 0.5) / BACKGROUND as f64 * size;
                self.cells
                    .push(frame.to_space((left + centre(column, w), top + centre(row, h))));
            }
        }
        let values = self.over.evaluate(network, axes, &self.cells);
        let n = self.cells.len();
        let outputs = values.len() / n.max(1);
        self.values.clear();
        if outputs > 1 {
            self.class_values.clear();
            self.class_values.extend(values.iter().map(|&v| v as f32));
            let mut classes: [&[f32]; 5] = [&[]; 5];
            let k = outputs.min(classes.len());
            for (c, slot) in classes.iter_mut().enumerate().take(k) {
                *slot = &self.class_values[c * n..(c + 1) * n];
            }
            paint_classes(&classes[..k], 0.3, scene.discretize, &mut self.image.rgba);
        } else {
            let centre = if scene.sigmoid_output { 0.5 } else { 0.0 };
            let scale = if scene.sigmoid_output { 0.5 } else { 1.0 };
            self.values.extend(values.iter().map(|&v| {
                let v = ((v - centre) / scale) as f32;
                match (scene.discretize, v >= 0.0) {
                    (false, _) => v,
                    (true, true) => 1.0,
                    (true, false) => -1.0,
                }
            }));
            background.paint(&self.values, 1.0, &mut self.image.rgba);
        }
        self.image.upload();
        let ctx = &self.surface.ctx;
        ctx.set_image_smoothing_enabled(true);
        self.image.draw(ctx, left, top, w, h);
    }

    /// The input plane's grid lines where the layer puts them (in a one-neuron space they
    /// all lie on the line: not drawn). The lines through the origin are darker.
    fn draw_grid(&self, axes: Axes, frame: &Frame, scale: f64) {
        if axes.j.is_none() {
            return;
        }
        let ctx = &self.surface.ctx;
        let [left, top, w, h] = frame.plot;
        ctx.save();
        ctx.begin_path();
        ctx.rect(left, top, w, h);
        ctx.clip();
        for k in 0..self.space.grid_line_count() {
            let through_origin = k % LINES == LINES / 2;
            ctx.set_stroke_style_str(if through_origin {
                "rgba(60,60,60,0.75)"
            } else {
                "rgba(110,110,110,0.45)"
            });
            ctx.set_line_width(if through_origin { 1.6 } else { 0.8 } * scale);
            ctx.begin_path();
            for (v, &vertex) in self.space.grid_line(k).iter().enumerate() {
                let (x, y) = frame.to_canvas(vertex);
                if v == 0 {
                    ctx.move_to(x, y);
                } else {
                    ctx.line_to(x, y);
                }
            }
            ctx.stroke();
        }
        ctx.restore();
    }

    /// The output's boundary w·h + b = 0, across the box.
    fn draw_boundary(&self, frame: &Frame, scale: f64) {
        let Some(boundary) = self.space.boundary else {
            return;
        };
        let Some([a, b]) = boundary.ends(frame.bounds) else {
            return;
        };
        let ctx = &self.surface.ctx;
        let (ax, ay) = frame.to_canvas(a);
        let (bx, by) = frame.to_canvas(b);
        ctx.set_stroke_style_str("#222");
        ctx.set_line_width(2.5 * scale);
        ctx.begin_path();
        ctx.move_to(ax, ay);
        ctx.line_to(bx, by);
        ctx.stroke();
    }

    fn draw_points(&self, scene: &Scene, frame: &Frame, palette: &Palette) {
        let ctx = &self.surface.ctx;
        let radius = 3.0 * scene.scale;
        let classes = scene.class_count;
        let shown = scene.train.len()
            + if scene.show_test_data {
                scene.test.len()
            } else {
                0
            };
        ctx.set_line_width(1.0);
        for (k, p) in scene
            .train
            .iter()
            .chain(&scene.test)
            .enumerate()
            .take(shown)
        {
            let (x, y) = frame.to_canvas(self.space.drawn_at(k, p.label, classes));
            ctx.begin_path();
            let _ = ctx.arc(x, y, radius, 0.0, TAU);
            if classes > 2 {
                ctx.set_fill_style_str(&class_css(p.label.max(0.0) as usize));
            } else {
                ctx.set_fill_style_str(palette.css(p.label));
            }
            ctx.fill();
            let test = k >= scene.train.len();
            ctx.set_stroke_style_str(if test { "#000000" } else { "#ffffff" });
            ctx.stroke();
        }
        let marked = scene.marked.iter().filter_map(|&k| {
            let p = scene.point(k as usize)?;
            Some(frame.to_canvas(self.space.drawn_at(k as usize, p.label, classes)))
        });
        mark_all(ctx, marked, radius, scene.scale);
        if let Some(k) = scene.hovered_point.filter(|&k| k < shown) {
            let label = scene.point(k).map_or(0.0, |p| p.label);
            let (x, y) = frame.to_canvas(self.space.drawn_at(k, label, classes));
            ring(ctx, x, y, radius, scene.scale);
        }
    }

    /// The box's ends on each axis and the axes' names ("layer 2, neuron 1").
    fn draw_axes(&self, axes: Axes, frame: &Frame, scene: &Scene) {
        let ctx = &self.surface.ctx;
        let [left, top, w, h] = frame.plot;
        let [x0, x1, y0, y1] = frame.bounds;
        let lang = scene.lang;
        ctx.set_stroke_style_str("#999");
        ctx.set_line_width(1.0);
        ctx.stroke_rect(left, top, w, h);
        ctx.set_font(&format!(
            "{}px system-ui, sans-serif",
            (11.0 * scene.scale).round()
        ));
        ctx.set_fill_style_str("#555");
        let number = |v: f64| format!("{v:.2}");
        ctx.set_text_baseline("top");
        ctx.set_text_align("left");
        let _ = ctx.fill_text(&number(x0), left, top + h + 3.0);
        ctx.set_text_align("right");
        let _ = ctx.fill_text(&number(x1), left + w, top + h + 3.0);
        ctx.set_text_align("center");
        let name = |n: usize| axis_name(lang, axes.layer, n);
        let _ = ctx.fill_text(&name(axes.i), left + w / 2.0, top + h + 3.0);
        if let Some(j) = axes.j {
            ctx.save();
            let _ = ctx.translate(left - 4.0, top + h / 2.0);
            let _ = ctx.rotate(-TAU / 4.0);
            ctx.set_text_baseline("bottom");
            let _ = ctx.fill_text(&name(j), 0.0, 0.0);
            ctx.set_text_align("left");
            let _ = ctx.fill_text(&number(y0), -h / 2.0, 0.0);
            ctx.set_text_align("right");
            let _ = ctx.fill_text(&number(y1), h / 2.0, 0.0);
            ctx.restore();
        }
    }
}

/// "layer 2, neuron 1", numbered from 1 as on the page.
pub fn axis_name(lang: Lang, layer: usize, neuron: usize) -> String {
    text!("hidden.axis", layer = layer + 1, neuron = neuron + 1).render(lang)
}

/// The square around each marked point (a mistake asked for), in one path.
pub fn mark_all(
    ctx: &web_sys::CanvasRenderingContext2d,
    positions: impl Iterator<Item = (f64, f64)>,
    radius: f64,
    scale: f64,
) {
    let half = radius + 2.5 * scale;
    ctx.set_stroke_style_str("#b3008c");
    ctx.set_line_width(2.0 * scale);
    ctx.begin_path();
    for (x, y) in positions {
        ctx.rect(x - half, y - half, 2.0 * half, 2.0 * half);
    }
    ctx.stroke();
}

/// The ring around the hovered point.
pub fn ring(ctx: &web_sys::CanvasRenderingContext2d, x: f64, y: f64, radius: f64, scale: f64) {
    ctx.set_stroke_style_str("#111");
    ctx.set_line_width(2.0 * scale);
    ctx.begin_path();
    let _ = ctx.arc(x, y, radius + 3.0 * scale, 0.0, TAU);
    ctx.stroke();
}
