//! The decision boundary: the network's output over [−6, 6]² as one image, with the data
//! points on top.

use super::heatmap::Heatmap;
use super::palette::Palette;
use super::surface::Surface;
use crate::data::Sample;
use crate::grid::{Grid, DOMAIN};
use std::f64::consts::TAU;

pub struct BoundaryView {
    pub surface: Surface,
    image: Heatmap,
}

impl BoundaryView {
    pub fn new(canvas_id: &str, grid_size: usize) -> Result<BoundaryView, String> {
        Ok(BoundaryView {
            surface: Surface::new(canvas_id)?,
            image: Heatmap::new(grid_size, grid_size)?,
        })
    }

    /// Canvas position (CSS px) of an input-plane point.
    fn to_canvas(&self, x: f64, y: f64) -> (f64, f64) {
        let s = &self.surface;
        (
            (x + DOMAIN) / (2.0 * DOMAIN) * s.width,
            (DOMAIN - y) / (2.0 * DOMAIN) * s.height,
        )
    }

    pub fn draw(
        &mut self,
        grid: &Grid,
        train: &[Sample],
        test: &[Sample],
        show_test: bool,
        background: &Palette,
        palette: &Palette,
    ) {
        background.paint(grid.output(), 1.0, &mut self.image.rgba);
        self.image.upload();
        let s = &self.surface;
        s.begin();
        s.ctx.set_image_smoothing_enabled(true);
        self.image.draw(&s.ctx, 0.0, 0.0, s.width, s.height);
        let radius = (s.width / 110.0).clamp(2.0, 4.5);
        self.draw_points(train, radius, "#ffffff", palette);
        if show_test {
            self.draw_points(test, radius, "#000000", palette);
        }
    }

    /// One path per class: few canvas calls however many points there are.
    fn draw_points(&self, samples: &[Sample], radius: f64, outline: &str, palette: &Palette) {
        let ctx = &self.surface.ctx;
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str(outline);
        for (positive, colour) in [
            (false, palette.negative_css()),
            (true, palette.positive_css()),
        ] {
            ctx.begin_path();
            for p in samples.iter().filter(|p| (p.label > 0.0) == positive) {
                let (cx, cy) = self.to_canvas(p.x, p.y);
                ctx.move_to(cx + radius, cy);
                let _ = ctx.arc(cx, cy, radius, 0.0, TAU);
            }
            ctx.set_fill_style_str(colour);
            ctx.fill();
            ctx.stroke();
        }
    }
}
