//! What a hidden neuron does in training, drawn on its node: switched off (faded, crossed
//! out), frozen (a snowflake at its corner), or dropped by dropout in the last training
//! pass (faded, a dashed border; shown in slow motion). Lines only: no glyph a font may
//! lack, the same in every language.

use super::*;

impl GraphView {
    /// The hidden neurons dropout dropped in the last training pass (all hidden layers in
    /// order), or none.
    pub fn set_dropped(&mut self, dropped: &[bool]) {
        self.dropped.clear();
        self.dropped.extend_from_slice(dropped);
    }

    /// The marks of the switched-off, frozen and dropped neurons, over their nodes.
    pub(super) fn draw_neuron_states(&self, network: &Network, layout: &Layout, counts: &[usize]) {
        let ctx = &self.surface.ctx;
        let size = layout.size;
        let scale = self.geometry.scale;
        let hidden = &network.layers[..network.layers.len() - 1];
        let mut slot = 0;
        for (l, layer) in hidden.iter().enumerate() {
            for j in 0..layer.n_out {
                let dropped = self.dropped.get(slot).copied().unwrap_or(false);
                slot += 1;
                let Some(&count) = counts.get(l + 1).filter(|&&c| j < c) else {
                    continue;
                };
                let (x, y) = layout.node(l + 1, j, count);
                if layer.off[j] || dropped {
                    // A veil over the heatmap.
                    ctx.set_fill_style_str("rgba(255, 255, 255, 0.65)");
                    ctx.fill_rect(x, y, size, size);
                }
                if layer.off[j] {
                    ctx.begin_path();
                    ctx.move_to(x + 3.0, y + size - 3.0);
                    ctx.line_to(x + size - 3.0, y + 3.0);
                    ctx.set_stroke_style_str("#555");
                    ctx.set_line_width(2.0 * scale);
                    ctx.stroke();
                }
                if dropped {
                    ctx.begin_path();
                    let _ = ctx.set_line_dash(&dash(3.0 * scale));
                    ctx.rect(x - 2.0, y - 2.0, size + 4.0, size + 4.0);
                    ctx.set_stroke_style_str("#777");
                    ctx.set_line_width(1.5 * scale);
                    ctx.stroke();
                    let _ = ctx.set_line_dash(&dash(0.0));
                }
                if layer.frozen[j] && !layer.off[j] {
                    snowflake(ctx, x + size - 1.0, y + 1.0, (size * 0.22).max(5.0));
                }
            }
        }
    }
}

/// A dash pattern of `length` on, `length` off (empty for a solid line).
fn dash(length: f64) -> js_sys::Array {
    let pattern = js_sys::Array::new();
    if length > 0.0 {
        pattern.push(&length.into());
        pattern.push(&length.into());
    }
    pattern
}

/// Three crossing strokes on a white disc, centred at (x, y) of radius r.
fn snowflake(ctx: &CanvasRenderingContext2d, x: f64, y: f64, r: f64) {
    ctx.begin_path();
    let _ = ctx.arc(x, y, r + 1.5, 0.0, std::f64::consts::TAU);
    ctx.set_fill_style_str("#fff");
    ctx.fill();
    ctx.set_stroke_style_str("#1d6fa5");
    ctx.set_line_width(1.5);
    ctx.stroke();
    ctx.begin_path();
    for k in 0..3 {
        let angle = std::f64::consts::PI * f64::from(k) / 3.0 + std::f64::consts::FRAC_PI_2;
        let (dx, dy) = (r * angle.cos(), r * angle.sin());
        ctx.move_to(x - dx, y - dy);
        ctx.line_to(x + dx, y + dy);
    }
    ctx.stroke();
}
