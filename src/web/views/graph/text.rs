//! The graph in text mode: the inputs are the context's k slots of d numbers, each slot
//! labelled with the character looked up for the inspected example; the outputs, one per
//! character (27, or 402 for the poems), are too many to label one by one, so the
//! likeliest few are listed right of them with their probabilities, each joined to its
//! neuron by a thin line, and "…" stands for the others.

use super::*;

/// Room right of the output column for the list, in CSS pixels at scale 1.
pub const LABELS_WIDTH: f64 = 84.0;
/// How many of the likeliest outputs are listed.
const LISTED: usize = 8;

/// How a symbol is shown: a space as "␣" (the boundary is its own ".").
pub fn shown(c: char) -> String {
    match c {
        ' ' => "␣".to_string(),
        c => c.to_string(),
    }
}

/// A probability as a percentage a student reads.
pub fn percent(p: f64) -> String {
    if p >= 0.1 {
        format!("{:.0} %", p * 100.0)
    } else if p >= 0.001 {
        format!("{:.1} %", p * 100.0)
    } else {
        format!("{:.2} %", p * 100.0)
    }
}

impl GraphView {
    /// Each slot's character left of its d inputs, with a bracket along them (drawn with
    /// the labels, once per layout: the context is part of the layout's key).
    pub(super) fn label_slots(&self, layout: &Layout) {
        let ctx = &self.labels_ctx;
        let k = self.text.context.len();
        let n = self.geometry.plain_inputs;
        let d = n / k.max(1);
        if k == 0 || d == 0 {
            return;
        }
        let size = layout.size;
        let font = (15.0 * self.geometry.scale).round();
        ctx.set_font(&format!("bold {font}px system-ui, sans-serif"));
        ctx.set_text_align("right");
        ctx.set_text_baseline("middle");
        ctx.set_stroke_style_str("#666");
        ctx.set_line_width(1.0);
        for (slot, &c) in self.text.context.iter().enumerate() {
            let (x, top) = layout.node(0, slot * d, n);
            let (_, last) = layout.node(0, (slot + 1) * d - 1, n);
            let bottom = last + size;
            let bracket = x - 4.0;
            ctx.begin_path();
            ctx.move_to(bracket + 3.0, top);
            ctx.line_to(bracket, top);
            ctx.line_to(bracket, bottom);
            ctx.line_to(bracket + 3.0, bottom);
            ctx.stroke();
            ctx.set_fill_style_str("#222");
            let _ = ctx.fill_text(&shown(c), bracket - 4.0, (top + bottom) / 2.0);
        }
        // The columns' titles follow in the labels' own type.
        let font = (12.0 * self.geometry.scale).round();
        ctx.set_font(&format!("{font}px system-ui, sans-serif"));
    }

    /// The likeliest outputs for the inspected example, listed right of the output column
    /// (a row each, a bar and the percentage), each joined to its neuron; "…" and the
    /// others' share below. The probabilities are the last of `node_values`.
    pub(super) fn label_characters(&self, network: &Network, layout: &Layout, counts: &[usize]) {
        let ctx = &self.surface.ctx;
        let column = counts.len() - 1;
        let count = counts[column];
        let values = &self.node_values;
        if values.len() < count || self.text.symbols.len() != count {
            return;
        }
        let p = &values[values.len() - count..];
        debug_assert_eq!(network.layers.last().map(|l| l.n_out), Some(count));
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
        let listed = &order[..LISTED.min(count)];
        let scale = self.geometry.scale;
        let font = (11.0 * scale).round();
        let row = font * 1.45;
        let size = layout.size;
        let (x, _) = layout.node(column, 0, count);
        let rows = listed.len() + usize::from(count > listed.len());
        let top = (layout.height + 28.0 - row * rows as f64) / 2.0;
        let left = x + size + 14.0 * scale;
        let bar = 22.0 * scale;
        ctx.set_font(&format!("{font}px system-ui, sans-serif"));
        ctx.set_text_align("left");
        ctx.set_text_baseline("middle");
        // The lines from the neurons to their rows, then the rows.
        ctx.begin_path();
        for (r, &j) in listed.iter().enumerate() {
            let (_, y) = layout.node(column, j, count);
            ctx.move_to(x + size, y + size / 2.0);
            ctx.line_to(left - 2.0, top + (r as f64 + 0.5) * row);
        }
        ctx.set_stroke_style_str("rgba(68, 68, 68, 0.5)");
        ctx.set_line_width(0.75);
        ctx.stroke();
        for (r, &j) in listed.iter().enumerate() {
            let y = top + (r as f64 + 0.5) * row;
            ctx.set_fill_style_str("#222");
            let _ = ctx.fill_text(&shown(self.text.symbols[j]), left, y);
            let start = left + font;
            ctx.set_fill_style_str("#d9e2ea");
            ctx.fill_rect(start, y - row * 0.3, bar, row * 0.6);
            ctx.set_fill_style_str("#0072b2");
            ctx.fill_rect(start, y - row * 0.3, bar * p[j].clamp(0.0, 1.0), row * 0.6);
            ctx.set_fill_style_str("#222");
            let _ = ctx.fill_text(&percent(p[j]), start + bar + 3.0, y);
        }
        if count > listed.len() {
            let rest: f64 = order[listed.len()..].iter().map(|&j| p[j]).sum();
            let y = top + (listed.len() as f64 + 0.5) * row;
            ctx.set_fill_style_str("#555");
            let _ = ctx.fill_text(&format!("… {}", percent(rest)), left, y);
        }
    }
}
