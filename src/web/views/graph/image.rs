//! The graph for the digits: the input is the shown digit's 8×8 image (one node); each
//! first-layer neuron shows its 64 incoming weights as an 8×8 image in the weights'
//! colours (what that neuron looks for); deeper neurons show their output for the digit;
//! the ten outputs are labelled 0 to 9 with their probabilities.

use super::*;
use crate::data::digits::{PIXELS, SIDE};

impl GraphView {
    /// Paints the atlas for the digits: the image, the first layer's weight images (each
    /// layer's weights scaled by its largest |w|), then every deeper neuron's output as
    /// one colour. The values are `node_values`: the 64 inputs, then every neuron's output.
    pub(super) fn fill_image_atlas(
        &mut self,
        network: &Network,
        n_neurons: usize,
        thumb: usize,
        palette: &Palette,
    ) {
        let slots = 1 + n_neurons;
        self.atlas.resize(slots * thumb, thumb);
        let width = self.atlas.width();
        let first = &network.layers[0];
        let largest = first
            .weights
            .iter()
            .fold(0.0f64, |m, w| m.max(w.abs()))
            .max(1e-12);
        let values = &self.node_values;
        let value = |k: usize| values.get(k).copied().unwrap_or(0.0) as f32;
        for slot in 0..slots {
            for ty in 0..thumb {
                let line = (ty * width + slot * thumb) * 4;
                let (pixels, _) = self.atlas.rgba[line..line + thumb * 4].as_chunks_mut::<4>();
                let row = ty * SIDE / thumb;
                for (tx, px) in pixels.iter_mut().enumerate() {
                    let pixel = row * SIDE + tx * SIDE / thumb;
                    let v = match slot {
                        0 => value(pixel),
                        j if j <= first.n_out => {
                            let w = first.weights.get((j - 1) * first.n_in + pixel);
                            (w.copied().unwrap_or(0.0) / largest) as f32
                        }
                        k => value(PIXELS + k - 1),
                    };
                    *px = *palette.rgba(v);
                }
            }
        }
        self.atlas.upload();
    }

    /// The outputs' digits and probabilities (a bar and the percentage), right of each
    /// output neuron.
    pub(super) fn label_digits(&self, network: &Network, layout: &Layout, counts: &[usize]) {
        let ctx = &self.surface.ctx;
        let size = layout.size;
        let column = counts.len() - 1;
        let count = counts[column];
        let before: usize = network.layers[..network.layers.len() - 1]
            .iter()
            .map(|l| l.n_out)
            .sum();
        // As large as a row allows (a row is 1.3 nodes high), and none when too small to read.
        let font = (11.0 * self.geometry.scale).min(size * 1.2).round();
        if font < 6.0 {
            return;
        }
        ctx.set_font(&format!("{font}px system-ui, sans-serif"));
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        // Each output: its digit, a bar as long as its probability, the percentage.
        let bar = 16.0 * self.geometry.scale;
        for j in 0..count {
            let (x, y) = layout.node(column, j, count);
            let p = self
                .node_values
                .get(PIXELS + before + j)
                .copied()
                .unwrap_or(0.0)
                .clamp(0.0, 1.0);
            let left = x + size + 3.0;
            ctx.set_fill_style_str("#222");
            let _ = ctx.fill_text(&j.to_string(), left, y + size / 2.0);
            let start = left + font;
            ctx.set_fill_style_str("#d9e2ea");
            ctx.fill_rect(start, y + size * 0.2, bar, size * 0.6);
            ctx.set_fill_style_str("#0072b2");
            ctx.fill_rect(start, y + size * 0.2, bar * p, size * 0.6);
            ctx.set_fill_style_str("#222");
            let percent = format!("{:.0} %", p * 100.0);
            let _ = ctx.fill_text(&percent, start + bar + 3.0, y + size / 2.0);
        }
    }
}
