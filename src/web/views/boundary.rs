//! The decision boundary: the network's output over [−6, 6]² as one image, with the data
//! points on top.

use super::heatmap::Heatmap;
use super::palette::{class_css, paint_classes, Palette};
use super::surface::{offscreen_canvas, Surface};
use crate::data::Sample;
use crate::grid::DOMAIN;
use std::f64::consts::TAU;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// What the large heatmap shows.
pub enum Picture<'a> {
    /// Values on the diverging scale: (value − centre) / scale from −1 to 1 (centre 0.5
    /// and scale 0.5 for a sigmoid output, whose classes divide at ½).
    Values {
        values: &'a [f32],
        centre: f32,
        scale: f32,
    },
    /// Class probabilities, one slice per class.
    Classes(&'a [&'a [f32]]),
}

pub struct BoundaryView {
    pub surface: Surface,
    image: Heatmap,
    /// The data points, drawn off-screen once and copied each frame: they change only
    /// with the data, the test-data toggle or the size.
    points: HtmlCanvasElement,
    points_ctx: CanvasRenderingContext2d,
    points_key: Option<(u64, bool, u32, u32, usize)>,
    /// Point size: 1, or larger in presentation mode.
    scale: f64,
    /// The output as classes (−1 or +1) when "Discretize output" is on (reused).
    signs: Vec<f32>,
}

/// A fingerprint of the samples (FNV-1a over their bits), to know when to redraw them.
fn fingerprint(train: &[Sample], test: &[Sample]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for p in train.iter().chain(test) {
        for bits in [p.x.to_bits(), p.y.to_bits(), p.label.to_bits()] {
            hash = (hash ^ bits).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash ^ train.len() as u64
}

impl BoundaryView {
    /// Draws on `surface` (the page's canvas or the worker's `OffscreenCanvas`).
    pub fn new(surface: Surface, grid_size: usize) -> Result<BoundaryView, String> {
        let (points, points_ctx) = offscreen_canvas()?;
        Ok(BoundaryView {
            surface,
            image: Heatmap::new(grid_size, grid_size)?,
            points,
            points_ctx,
            points_key: None,
            scale: 1.0,
            signs: Vec::new(),
        })
    }

    /// Canvas position (CSS px) of an input-plane point.
    fn to_canvas(&self, x: f64, y: f64) -> (f64, f64) {
        to_canvas((self.surface.width, self.surface.height), x, y)
    }

    /// Draws the picture (one value per grid cell: the output, or the hovered neuron or
    /// feature; or class probabilities) with the points on top.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &mut self,
        picture: Picture<'_>,
        discretize: bool,
        train: &[Sample],
        test: &[Sample],
        show_test: bool,
        classes: usize,
        background: &Palette,
        palette: &Palette,
    ) {
        match picture {
            Picture::Values {
                values,
                centre,
                scale,
            } => {
                if discretize || centre != 0.0 {
                    // Discretize: each cell's class, the side of `centre` it is on.
                    self.signs.clear();
                    self.signs.extend(values.iter().map(|&v| {
                        let v = (v - centre) / scale;
                        match (discretize, v >= 0.0) {
                            (false, _) => v,
                            (true, true) => 1.0,
                            (true, false) => -1.0,
                        }
                    }));
                    background.paint(&self.signs, 1.0, &mut self.image.rgba);
                } else {
                    background.paint(values, scale, &mut self.image.rgba);
                }
            }
            Picture::Classes(probabilities) => {
                paint_classes(probabilities, 0.3, discretize, &mut self.image.rgba);
            }
        }
        self.image.upload();
        let (width, height) = (self.surface.canvas.width(), self.surface.canvas.height());
        let key = (fingerprint(train, test), show_test, width, height, classes);
        if self.points_key != Some(key) {
            self.points.set_width(width);
            self.points.set_height(height);
            let dpr = self.surface.dpr;
            let _ = self.points_ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
            let radius = (self.surface.width / 110.0).clamp(2.0, 4.5) * self.scale;
            // Regression labels near 0 are near-white: a grey outline keeps them visible.
            let regression = classes == 0;
            let outline = if regression { "#8a8a8a" } else { "#ffffff" };
            self.draw_points(train, radius, outline, classes, palette);
            if show_test {
                self.draw_points(test, radius, "#000000", classes, palette);
            }
            self.points_key = Some(key);
        }
        let s = &self.surface;
        s.begin();
        s.ctx.set_image_smoothing_enabled(true);
        self.image.draw(&s.ctx, 0.0, 0.0, s.width, s.height);
        let _ = s.ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &self.points,
            0.0,
            0.0,
            s.width,
            s.height,
        );
    }

    /// Marks these points (a square around each).
    pub fn mark<'s>(&self, points: impl Iterator<Item = &'s Sample>) {
        let radius = (self.surface.width / 110.0).clamp(2.0, 4.5) * self.scale;
        let positions = points.map(|p| self.to_canvas(p.x, p.y));
        super::hidden::mark_all(&self.surface.ctx, positions, radius, self.scale);
    }

    /// Rings the point at (x, y) of the input plane (the one under the pointer here or in
    /// the hidden space).
    pub fn ring(&self, x: f64, y: f64) {
        let (cx, cy) = self.to_canvas(x, y);
        let radius = (self.surface.width / 110.0).clamp(2.0, 4.5) * self.scale;
        super::hidden::ring(&self.surface.ctx, cx, cy, radius, self.scale);
    }

    /// One path per colour (two or K for classes, up to 256 for regression labels): few
    /// canvas calls however many points there are. With more than two `classes`, a point's
    /// label is its class number and it takes that class's colour.
    fn draw_points(
        &self,
        samples: &[Sample],
        radius: f64,
        outline: &str,
        classes: usize,
        palette: &Palette,
    ) {
        let ctx = &self.points_ctx;
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str(outline);
        if classes > 2 {
            for k in 0..classes {
                ctx.begin_path();
                for p in samples.iter().filter(|p| p.label == k as f64) {
                    let (cx, cy) = self.to_canvas(p.x, p.y);
                    ctx.move_to(cx + radius, cy);
                    let _ = ctx.arc(cx, cy, radius, 0.0, TAU);
                }
                ctx.set_fill_style_str(&class_css(k));
                ctx.fill();
                ctx.stroke();
            }
            return;
        }
        let mut by_level: Vec<Vec<&Sample>> = vec![Vec::new(); 256];
        for p in samples {
            by_level[usize::from(palette.level_of(p.label))].push(p);
        }
        for (level, points) in by_level.iter().enumerate() {
            let Some(first) = points.first() else {
                continue;
            };
            ctx.begin_path();
            for p in points {
                let (cx, cy) = self.to_canvas(p.x, p.y);
                ctx.move_to(cx + radius, cy);
                let _ = ctx.arc(cx, cy, radius, 0.0, TAU);
            }
            debug_assert_eq!(usize::from(palette.level_of(first.label)), level);
            ctx.set_fill_style_str(palette.css(first.label));
            ctx.fill();
            ctx.stroke();
        }
    }

    /// A new point size, or new colours: the points are drawn again.
    pub fn restyle(&mut self, scale: f64) {
        self.scale = scale;
        self.points_key = None;
    }
}

/// Where input-plane point (x, y) is on a plane drawn `width` × `height` CSS pixels
/// (`to_plane`'s inverse).
pub fn to_canvas((width, height): (f64, f64), x: f64, y: f64) -> (f64, f64) {
    (
        (x + DOMAIN) / (2.0 * DOMAIN) * width,
        (DOMAIN - y) / (2.0 * DOMAIN) * height,
    )
}

/// The input-plane point under position (x, y) of a plane drawn `width` × `height` CSS
/// pixels.
pub fn to_plane((width, height): (f64, f64), x: f64, y: f64) -> (f64, f64) {
    (
        x / width * 2.0 * DOMAIN - DOMAIN,
        DOMAIN - y / height * 2.0 * DOMAIN,
    )
}
