//! The dataset tiles: a small picture of each dataset's points to pick it by.

use super::palette::{class_css, Palette};
use super::surface::context_2d;
use crate::data::{Dataset, Rng};
use crate::grid::DOMAIN;
use std::f64::consts::TAU;
use web_sys::HtmlCanvasElement;

/// Draws `dataset`'s points (a fixed seed, no noise) on its tile's canvas.
pub fn draw_tile(canvas: &HtmlCanvasElement, dataset: Dataset, palette: &Palette) {
    let Ok(ctx) = context_2d(canvas) else {
        return;
    };
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    ctx.set_fill_style_str("#f7f8f8");
    ctx.fill_rect(0.0, 0.0, w, h);
    if dataset.is_text() {
        // A few of its items, as written text.
        let lines: &[&str] = match dataset {
            Dataset::Poems => &["白日依", "山尽，", "黄河入"],
            _ => &["emma", "ava", "leo"],
        };
        ctx.set_fill_style_str("#222");
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.set_font(&format!("{}px sans-serif", (h / 4.2).round()));
        for (k, line) in lines.iter().enumerate() {
            let _ = ctx.fill_text(line, w / 2.0, h * (0.25 + 0.25 * k as f64));
        }
        return;
    }
    if dataset == Dataset::Digits {
        // Four of the digits, 2 × 2, dark ink on the paper.
        let cell = w / 16.0;
        for (k, (image, _)) in crate::data::digits::tile().enumerate() {
            let (ox, oy) = ((k % 2) as f64 * w / 2.0, (k / 2) as f64 * h / 2.0);
            for (i, &p) in image.iter().enumerate() {
                let ink = 255 - u32::from(p) * 255 / 16;
                ctx.set_fill_style_str(&format!("rgb({ink},{ink},{ink})"));
                let (r, c) = ((i / 8) as f64, (i % 8) as f64);
                ctx.fill_rect(ox + c * cell, oy + r * cell, cell, cell);
            }
        }
        return;
    }
    let n = if dataset.is_regression() { 400 } else { 200 };
    for p in dataset.generate(n, 0.0, &mut Rng::new(1)) {
        let x = (p.x + DOMAIN) / (2.0 * DOMAIN) * w;
        let y = (DOMAIN - p.y) / (2.0 * DOMAIN) * h;
        ctx.begin_path();
        let _ = ctx.arc(x, y, 1.6, 0.0, TAU);
        if dataset.is_multiclass() {
            ctx.set_fill_style_str(&class_css(p.label as usize));
        } else {
            ctx.set_fill_style_str(palette.css(p.label));
        }
        ctx.fill();
    }
}
