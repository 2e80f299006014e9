//! The network graph: input features, hidden neurons and the output, each drawn as a small
//! heatmap of its value over the input plane; links coloured by the sign of their weight
//! and as thick as its size; every bias as a small square at the neuron's corner.

use super::heatmap::Heatmap;
use super::palette::Palette;
use super::surface::Surface;
use crate::data::Feature;
use crate::grid::Grid;
use crate::nn::Network;

/// Thumbnail resolution: every `THUMB_STEP`-th grid cell.
const THUMB_STEP: usize = 2;

pub struct GraphView {
    pub surface: Surface,
    /// All thumbnails side by side in one image: one upload per frame.
    atlas: Heatmap,
}

/// Where the nodes go, in CSS pixels.
struct Layout {
    size: f64,
    left: f64,
    column_gap: f64,
    height: f64,
}

impl Layout {
    fn new(surface: &Surface, columns: usize, tallest: usize) -> Layout {
        let left = 64.0;
        let right = 16.0;
        let usable = (surface.width - left - right).max(10.0);
        let size = (surface.height - 40.0) / (tallest as f64 * 1.3);
        let size = size.min(usable / (columns as f64 * 1.6)).clamp(8.0, 40.0);
        let column_gap = if columns > 1 {
            (usable - size) / (columns - 1) as f64
        } else {
            0.0
        };
        Layout {
            size,
            left,
            column_gap,
            height: surface.height,
        }
    }

    /// Top-left corner of node `i` of `count` in column `column`.
    fn node(&self, column: usize, i: usize, count: usize) -> (f64, f64) {
        let gap = self.size * 0.3;
        let total = count as f64 * self.size + (count.saturating_sub(1)) as f64 * gap;
        let top = 28.0 + ((self.height - 28.0) - total) / 2.0;
        (
            self.left + column as f64 * self.column_gap,
            top + i as f64 * (self.size + gap),
        )
    }
}

impl GraphView {
    pub fn new(canvas_id: &str) -> Result<GraphView, String> {
        Ok(GraphView {
            surface: Surface::new(canvas_id)?,
            atlas: Heatmap::new(1, 1)?,
        })
    }

    pub fn draw(
        &mut self,
        network: &Network,
        grid: &Grid,
        features: &[Feature],
        palette: &Palette,
    ) {
        let n_inputs = features.len();
        let n_neurons: usize = network.layers.iter().map(|l| l.n_out).sum();
        let thumb = grid.size() / THUMB_STEP;
        self.fill_atlas(grid, n_inputs, n_neurons, thumb, palette);

        let columns = network.layers.len() + 1;
        let tallest = network
            .layers
            .iter()
            .map(|l| l.n_out)
            .chain([n_inputs])
            .max()
            .unwrap_or(1);
        let layout = Layout::new(&self.surface, columns, tallest);
        let s = &self.surface;
        s.begin();
        let ctx = &s.ctx;
        let size = layout.size;

        // Links under the nodes: a cubic curve from the right edge of a neuron to the left
        // edge of the next, coloured by the weight's sign, as wide as its size.
        let mut counts = Vec::with_capacity(columns);
        counts.push(n_inputs);
        counts.extend(network.layers.iter().map(|l| l.n_out));
        for (l, layer) in network.layers.iter().enumerate() {
            for j in 0..layer.n_out {
                let (x1, y1) = layout.node(l + 1, j, counts[l + 1]);
                let y1 = y1 + size / 2.0;
                for i in 0..layer.n_in {
                    let w = layer.weights[j * layer.n_in + i];
                    let (x0, y0) = layout.node(l, i, counts[l]);
                    let (x0, y0) = (x0 + size, y0 + size / 2.0);
                    let mid = (x0 + x1) / 2.0;
                    ctx.begin_path();
                    ctx.move_to(x0, y0);
                    ctx.bezier_curve_to(mid, y0, mid, y1, x1, y1);
                    ctx.set_stroke_style_str(palette.css(w));
                    ctx.set_line_width(0.6 + 9.4 * (w.abs() / 5.0).min(1.0) * size / 40.0);
                    ctx.stroke();
                }
            }
        }

        // Nodes: thumbnail, border, bias square.
        ctx.set_image_smoothing_enabled(true);
        ctx.set_stroke_style_str("#444");
        ctx.set_line_width(1.0);
        let t = thumb as f64;
        for (column, &count) in counts.iter().enumerate() {
            for i in 0..count {
                let (x, y) = layout.node(column, i, count);
                let slot = if column == 0 {
                    i
                } else {
                    n_inputs + counts[1..column].iter().sum::<usize>() + i
                };
                self.atlas
                    .draw_part(ctx, slot as f64 * t, 0.0, t, t, x, y, size, size);
                ctx.stroke_rect(x, y, size, size);
                if column > 0 {
                    let b = network.layers[column - 1].bias[i];
                    let bs = (size * 0.22).max(4.0);
                    ctx.set_fill_style_str(palette.css(b));
                    ctx.fill_rect(x - bs * 0.6, y + size - bs * 0.4, bs, bs);
                    ctx.stroke_rect(x - bs * 0.6, y + size - bs * 0.4, bs, bs);
                }
            }
        }

        // Labels.
        ctx.set_fill_style_str("#333");
        ctx.set_font("12px system-ui, sans-serif");
        ctx.set_text_baseline("middle");
        ctx.set_text_align("right");
        for (i, f) in features.iter().enumerate() {
            let (x, y) = layout.node(0, i, n_inputs);
            let _ = ctx.fill_text(f.label(), x - 6.0, y + size / 2.0);
        }
        ctx.set_text_align("center");
        for (column, count) in counts.iter().enumerate() {
            let (x, _) = layout.node(column, 0, 1);
            let text = if column == 0 {
                "inputs".to_string()
            } else if column == columns - 1 {
                "output".to_string()
            } else {
                format!("layer {column} · {count}")
            };
            let _ = ctx.fill_text(&text, x + size / 2.0, 12.0);
        }
    }

    /// Paints every node's thumbnail into the atlas and uploads it once.
    fn fill_atlas(
        &mut self,
        grid: &Grid,
        n_inputs: usize,
        n_neurons: usize,
        thumb: usize,
        palette: &Palette,
    ) {
        let slots = n_inputs + n_neurons;
        self.atlas.resize(slots * thumb, thumb);
        let width = self.atlas.width();
        let g = grid.size();
        for slot in 0..slots {
            let (values, scale) = if slot < n_inputs {
                (grid.feature(slot), grid.feature_scale(slot))
            } else {
                (grid.neuron(slot - n_inputs), 1.0)
            };
            let inverse = 1.0 / scale;
            for ty in 0..thumb {
                let row = &values[ty * THUMB_STEP * g..];
                let line = (ty * width + slot * thumb) * 4;
                let pixels = &mut self.atlas.rgba[line..line + thumb * 4];
                for (tx, px) in pixels.chunks_exact_mut(4).enumerate() {
                    let c = palette.rgb(row[tx * THUMB_STEP] * inverse);
                    px[..3].copy_from_slice(&c);
                    px[3] = 255;
                }
            }
        }
        self.atlas.upload();
    }
}
