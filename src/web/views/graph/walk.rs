//! The graph during "Step through": every node a flat colour with its number (the
//! sample's a, or δ, or the new bias), blank where the walk has not reached it, the stage's
//! column framed; every link drawn as the walk's value (a weight, a scaled gradient), or
//! faded. The numbers are the worked example's (`crate::walk::WalkPicture`).

use super::*;
use crate::walk::{short, WalkPicture};

/// The drawing group of a link the walk has not reached: thin and grey, under the rest.
pub(super) const FADED: u8 = u8::MAX;

/// Nodes smaller than this (CSS px) show their colour only: the number would not fit.
const NUMBER_FITS: f64 = 20.0;

impl GraphView {
    /// Shows the walk's picture instead of the heatmaps and the weights (`None`: the
    /// network again).
    pub fn set_walk(&mut self, walk: Option<&WalkPicture>) {
        match (walk, &mut self.walk) {
            (Some(w), Some(shown)) => shown.clone_from(w),
            (w, shown) => *shown = w.cloned(),
        }
    }

    /// The walk's nodes: each its colour and number, the stage's column framed.
    pub(super) fn draw_walk_nodes(
        &self,
        network: &Network,
        features: &[Feature],
        layout: &Layout,
        counts: &[usize],
        palette: &Palette,
    ) {
        let Some(walk) = &self.walk else {
            return;
        };
        let ctx = &self.surface.ctx;
        let size = layout.size;
        let n_inputs = network.layers.first().map_or(0, |l| l.n_in);
        let font = (11.0 * self.geometry.scale).min(size * 0.34).round();
        ctx.set_font(&format!("{font}px system-ui, sans-serif"));
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        let mut slot = 0;
        for (column, &count) in counts.iter().enumerate() {
            for i in 0..count {
                let (x, y) = layout.node(column, i, count);
                if column == 0 && self.geometry.image_input() {
                    // The digit's image stays the input (drawn with the neurons).
                    slot += 1;
                    continue;
                }
                // The walk's node of this slot: an input by its feature's row, or a neuron.
                let node = if column == 0 {
                    if self.geometry.plain_inputs > 0 {
                        Some(i)
                    } else {
                        features.iter().position(|&f| f == Feature::ALL[i])
                    }
                } else {
                    Some(n_inputs + slot - counts[0])
                };
                let shown = node.and_then(|k| walk.nodes.get(k).copied().flatten());
                match shown {
                    Some((value, colour)) => {
                        ctx.set_fill_style_str(palette.css(colour));
                        ctx.fill_rect(x, y, size, size);
                        if size >= NUMBER_FITS {
                            ctx.set_fill_style_str(if colour.abs() > 0.55 {
                                "#ffffff"
                            } else {
                                "#1a1a1a"
                            });
                            // Squeezed, never past the node's edges.
                            let _ = ctx.fill_text_with_max_width(
                                &short(value),
                                x + size / 2.0,
                                y + size / 2.0,
                                size - 4.0,
                            );
                        }
                    }
                    None => {
                        ctx.set_fill_style_str("#f3f3f3");
                        ctx.fill_rect(x, y, size, size);
                    }
                }
                if column == walk.column {
                    ctx.set_stroke_style_str("#e8590c");
                    ctx.set_line_width(2.5 * self.geometry.scale);
                    ctx.stroke_rect(x - 2.0, y - 2.0, size + 4.0, size + 4.0);
                }
                slot += 1;
            }
        }
        ctx.set_stroke_style_str("#444");
        ctx.set_line_width(1.0);
    }
}
