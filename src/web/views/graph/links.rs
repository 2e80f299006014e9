//! The links canvas and the columns' titles: links drawn in groups of like colour and
//! width (one path each), bias squares, and the labels above the columns.

use super::*;
use walk::FADED;

impl GraphView {
    /// What the links layer shows: every link's drawing group (its weight's, or the walk's
    /// value's, or `FADED`), then every bias's colour level. The layer is redrawn only when
    /// this changes.
    pub(super) fn groups<'a>(
        network: &'a Network,
        walk: Option<&'a crate::walk::WalkPicture>,
        palette: &'a Palette,
    ) -> impl Iterator<Item = u8> + 'a {
        let walked = walk
            .into_iter()
            .flat_map(|w| w.links.iter().map(|v| v.map_or(FADED, link_group)));
        let weights = walk
            .is_none()
            .then(|| {
                network
                    .layers
                    .iter()
                    .enumerate()
                    .flat_map(move |(l, layer)| {
                        layer.weights.iter().enumerate().map(move |(k, &w)| {
                            match held_link(network, l, k) {
                                true => FADED,
                                false => link_group(w),
                            }
                        })
                    })
            })
            .into_iter()
            .flatten();
        let biases = network
            .layers
            .iter()
            .flat_map(|l| l.bias.iter())
            .map(|&b| palette.level_of(b));
        walked.chain(weights).chain(biases)
    }

    /// The links (a cubic curve from the right edge of a neuron to the left edge of the
    /// next, coloured by the weight's sign and size, as wide as its size), every bias as a
    /// small square at its neuron's lower left corner, and the labels. Links of like
    /// weights share one path: a few dozen strokes, however many links.
    pub(super) fn draw_links(
        &mut self,
        network: &Network,
        features: &[Feature],
        layout: &Layout,
        counts: &[usize],
        palette: &Palette,
    ) {
        let size = layout.size;
        self.links.clear();
        // Walking: the walk's value of each link (in the weights' order), or faded.
        let mut walked = self.walk.as_ref().map(|w| w.links.iter());
        let image = self.geometry.image_input();
        for (l, layer) in network.layers.iter().enumerate() {
            if image && l == 0 {
                // The image's links: shown as the first layer's weight images instead.
                if let Some(values) = &mut walked {
                    values.nth(layer.weights.len().saturating_sub(1));
                }
                continue;
            }
            for j in 0..layer.n_out {
                for i in 0..layer.n_in {
                    let (from, to) = link_ends(layout, counts, features, l, j, i);
                    let group = match &mut walked {
                        Some(values) => values.next().copied().flatten().map_or(FADED, link_group),
                        None if held_link(network, l, j * layer.n_in + i) => FADED,
                        None => link_group(layer.weights[j * layer.n_in + i]),
                    };
                    self.links.push(Link { group, from, to });
                }
            }
        }
        let s = &self.links_surface;
        s.begin();
        let ctx = &s.ctx;
        // Width grows with |w| up to 5, as in TFP, to at most 10 px for 40 px neurons; in a
        // dense network (many links) the widest is narrower, so links stay readable (and
        // the anti-aliased strokes stay cheap to paint).
        let density = (40.0 / self.links.len().max(1) as f64).sqrt().min(1.0);
        let max_extra = 9.4 * size / 40.0 * density.max(0.35);
        // Weak links first, so strong ones are drawn on top (faded ones first of all).
        self.links
            .sort_unstable_by_key(|link| link.group.wrapping_add(1));
        for run in self.links.chunk_by(|a, b| a.group == b.group) {
            ctx.begin_path();
            for link in run {
                let ((x0, y0), (x1, y1)) = (link.from, link.to);
                let mid = (x0 + x1) / 2.0;
                ctx.move_to(x0, y0);
                ctx.bezier_curve_to(mid, y0, mid, y1, x1, y1);
            }
            if run[0].group == FADED {
                ctx.set_stroke_style_str("#dcdcdc");
                ctx.set_line_width(0.6 * self.geometry.scale);
            } else {
                let w = group_weight(run[0].group);
                ctx.set_stroke_style_str(palette.css(w));
                ctx.set_line_width(
                    (0.6 + max_extra * (w.abs() / 5.0).min(1.0)) * self.geometry.scale,
                );
            }
            ctx.stroke();
        }

        // Biases.
        ctx.set_stroke_style_str("#444");
        ctx.set_line_width(1.0);
        let bs = bias_size(size);
        for (l, layer) in network.layers.iter().enumerate() {
            for (j, &b) in layer.bias.iter().enumerate() {
                let (x, y) = layout.node(l + 1, j, counts[l + 1]);
                ctx.set_fill_style_str(palette.css(b));
                ctx.fill_rect(x - bs - 1.0, y + size - bs, bs, bs);
                ctx.stroke_rect(x - bs - 1.0, y + size - bs, bs, bs);
            }
        }

        // The labels, drawn once per layout.
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let _ = ctx.draw_image_with_html_canvas_element(&self.labels, 0.0, 0.0);
    }

    /// The input features' names and the columns' titles, into the off-screen labels image.
    pub(super) fn draw_labels(&mut self, layout: &Layout, counts: &[usize]) {
        let s = &self.links_surface;
        self.labels.set_width(s.canvas.width());
        self.labels.set_height(s.canvas.height());
        let ctx = &self.labels_ctx;
        let _ = ctx.set_transform(s.dpr, 0.0, 0.0, s.dpr, 0.0, 0.0);
        let size = layout.size;
        ctx.set_font(&format!(
            "{}px system-ui, sans-serif",
            (12.0 * self.geometry.scale).round()
        ));
        ctx.set_text_baseline("middle");
        ctx.set_text_align("right");
        if self.geometry.image_input() {
            // The image is its own label.
        } else if self.geometry.text_context > 0 {
            self.label_slots(layout);
        } else if self.geometry.plain_inputs > 0 {
            const NAMES: [&str; 8] = ["x₁", "x₂", "x₃", "x₄", "x₅", "x₆", "x₇", "x₈"];
            ctx.set_fill_style_str("#222");
            for (i, name) in NAMES.iter().enumerate().take(self.geometry.plain_inputs) {
                let (x, y) = layout.node(0, i, self.geometry.plain_inputs);
                let _ = ctx.fill_text(name, x - 6.0, y + size / 2.0);
            }
        } else {
            for (i, f) in Feature::ALL.iter().enumerate() {
                let (x, y) = layout.node(0, i, Feature::ALL.len());
                ctx.set_fill_style_str(if self.active[i] { "#222" } else { "#999" });
                let _ = ctx.fill_text(f.label(), x - 6.0, y + size / 2.0);
            }
        }
        ctx.set_fill_style_str("#333");
        ctx.set_text_align("center");
        let columns = counts.len();
        for (column, count) in counts.iter().enumerate() {
            let (x, _) = layout.node(column, 0, 1);
            let lang = self.lang;
            let fits = |text: &str| {
                ctx.measure_text(text)
                    .is_ok_and(|m| m.width() <= layout.column_gap - 6.0)
            };
            let neurons = text!("graph.neurons", n = count).render(lang);
            let text = if column == 0 {
                lang.t("graph.inputs").to_string()
            } else if column == columns - 1 {
                lang.t("graph.output").to_string()
            } else if fits(&neurons) {
                neurons
            } else {
                // Narrow columns: just the number of neurons.
                count.to_string()
            };
            let _ = ctx.fill_text(&text, x + size / 2.0, 12.0);
        }
    }
}

/// Whether link `k` (row-major) of layer `l` goes into or out of a switched-off neuron:
/// drawn grey, as it learns nothing and carries nothing.
fn held_link(network: &Network, l: usize, k: usize) -> bool {
    let layer = &network.layers[l];
    let (j, i) = (k / layer.n_in.max(1), k % layer.n_in.max(1));
    layer.off[j] || l.checked_sub(1).is_some_and(|p| network.layers[p].off[i])
}
