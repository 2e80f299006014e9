//! What is where in the graph: the places of inputs, columns, weights and biases, and
//! which of them a point is over (the pointer, a tap, the keyboard's anchor). The page
//! keeps a `Geometry` of its own, arranged as the painter arranges its, so it answers
//! these wherever the graph is drawn.

use super::*;

/// Where the graph's nodes are for a network on a canvas of some size.
#[derive(Clone, Debug)]
pub struct Geometry {
    layout: Option<Layout>,
    /// Nodes per column (the inputs first).
    pub(super) counts: Vec<usize>,
    /// Inputs that are not features of the plane (the textbook example's x₁, x₂, x₃): how
    /// many (0 for the seven features).
    pub plain_inputs: usize,
    /// Text mode: the context's k slots (of `plain_inputs / k` numbers each); 0 otherwise.
    pub text_context: usize,
    /// Type and line size: 1, or larger in presentation mode.
    pub scale: f64,
}

impl Default for Geometry {
    fn default() -> Geometry {
        Geometry {
            layout: None,
            counts: Vec::new(),
            plain_inputs: 0,
            text_context: 0,
            scale: 1.0,
        }
    }
}

impl Geometry {
    /// Whether the inputs are one 8×8 image (the digits' 64 pixels), drawn as one node
    /// whose links are not drawn: the first layer's neurons show their 64 weights as an
    /// image instead.
    pub fn image_input(&self) -> bool {
        self.plain_inputs == crate::data::digits::PIXELS && self.text_context == 0
    }

    /// Places `network`'s nodes on a canvas of `size` CSS pixels.
    pub(super) fn arrange(&mut self, network: &Network, size: (f64, f64)) -> Layout {
        let n_inputs = if self.image_input() {
            1
        } else if self.plain_inputs > 0 {
            self.plain_inputs
        } else {
            Feature::ALL.len()
        };
        self.counts.clear();
        self.counts.push(n_inputs);
        self.counts.extend(network.layers.iter().map(|l| l.n_out));
        let tallest = self.counts.iter().copied().max().unwrap_or(1);
        let right = if self.image_input() {
            56.0 * self.scale
        } else if self.text_context > 0 {
            super::text::LABELS_WIDTH * self.scale
        } else {
            0.0
        };
        let layout = Layout::new(size, self.counts.len(), tallest, self.scale, right);
        self.layout = Some(layout);
        layout
    }

    /// As `arrange`, for the page's own answers (nothing is drawn).
    pub fn place(&mut self, network: &Network, size: (f64, f64)) {
        self.arrange(network, size);
    }

    /// Where an input neuron is drawn: (x, y, size) in CSS pixels.
    pub fn input_box(&self, feature: Feature) -> Option<(f64, f64, f64)> {
        let layout = self.layout?;
        let row = Feature::ALL.iter().position(|&f| f == feature)?;
        let (x, y) = layout.node(0, row, Feature::ALL.len());
        Some((x, y, layout.size))
    }

    /// The horizontal centre of a column (0 = inputs), in CSS pixels, and the node size.
    pub fn column_centre(&self, column: usize) -> Option<(f64, f64)> {
        let layout = self.layout?;
        let (x, _) = layout.node(column, 0, 1);
        Some((x + layout.size / 2.0, layout.size))
    }

    /// Where a card about a weight or bias points (CSS pixels): the middle of the link,
    /// or the centre of the bias square.
    pub fn anchor(&self, target: Target, features: &[Feature]) -> Option<(f64, f64)> {
        let layout = self.layout?;
        let features = if self.plain_inputs > 0 { &[] } else { features };
        match target {
            Target::Weight { layer: 0, .. } if self.image_input() => None,
            Target::Weight { layer, j, i } => {
                let count = *self.counts.get(layer + 1)?;
                if j >= count || i >= self.counts[layer].max(features.len()) {
                    return None;
                }
                let (a, b) = link_ends(&layout, &self.counts, features, layer, j, i);
                Some(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0))
            }
            _ => self
                .rect_of(target, &layout, &self.counts)
                .map(|(x, y, w, h)| (x + w / 2.0, y + h / 2.0)),
        }
    }

    /// The rectangle a node or bias occupies.
    pub(super) fn rect_of(
        &self,
        target: Target,
        layout: &Layout,
        counts: &[usize],
    ) -> Option<(f64, f64, f64, f64)> {
        let size = layout.size;
        match target {
            Target::Input(f) => {
                let row = Feature::ALL.iter().position(|&g| g == f)?;
                let (x, y) = layout.node(0, row, counts[0]);
                Some((x, y, size, size))
            }
            Target::Neuron { layer, j } => {
                let count = *counts.get(layer + 1)?;
                (j < count).then(|| {
                    let (x, y) = layout.node(layer + 1, j, count);
                    (x, y, size, size)
                })
            }
            Target::Bias { layer, j } => {
                let count = *counts.get(layer + 1)?;
                (j < count).then(|| {
                    let (x, y) = layout.node(layer + 1, j, count);
                    let bs = bias_size(size);
                    (x - bs - 1.0, y + size - bs, bs, bs)
                })
            }
            Target::Weight { .. } => None,
        }
    }

    /// What is at (x, y) (CSS pixels on the graph): a bias square, a neuron, or a link
    /// within a few pixels of its curve.
    pub fn hit(&self, network: &Network, features: &[Feature], x: f64, y: f64) -> Option<Target> {
        let layout = self.layout?;
        let features = if self.plain_inputs > 0 { &[] } else { features };
        let counts = &self.counts;
        let inside = |r: Option<(f64, f64, f64, f64)>, pad: f64| {
            r.is_some_and(|(rx, ry, w, h)| {
                x >= rx - pad && x <= rx + w + pad && y >= ry - pad && y <= ry + h + pad
            })
        };
        for (l, layer) in network.layers.iter().enumerate() {
            for j in 0..layer.n_out {
                let bias = Target::Bias { layer: l, j };
                if inside(self.rect_of(bias, &layout, counts), 2.0) {
                    return Some(bias);
                }
            }
        }
        for f in Feature::ALL.into_iter().filter(|_| self.plain_inputs == 0) {
            if inside(self.rect_of(Target::Input(f), &layout, counts), 0.0) {
                return Some(Target::Input(f));
            }
        }
        for (l, layer) in network.layers.iter().enumerate() {
            for j in 0..layer.n_out {
                let neuron = Target::Neuron { layer: l, j };
                if inside(self.rect_of(neuron, &layout, counts), 0.0) {
                    return Some(neuron);
                }
            }
        }
        // Links: the nearest curve within 5 px.
        let mut best: Option<(f64, Target)> = None;
        let first = usize::from(self.image_input());
        for (l, layer) in network.layers.iter().enumerate().skip(first) {
            for j in 0..layer.n_out {
                for i in 0..layer.n_in {
                    let (from, to) = link_ends(&layout, counts, features, l, j, i);
                    let d = distance_to_curve(from, to, (x, y));
                    if d < 5.0 && best.is_none_or(|(b, _)| d < b) {
                        best = Some((d, Target::Weight { layer: l, j, i }));
                    }
                }
            }
        }
        best.map(|(_, t)| t)
    }
}

/// The distance from `p` to the link's curve (the cubic from `from` to `to` with both
/// control points at the middle x), measured along 16 straight pieces.
fn distance_to_curve(from: (f64, f64), to: (f64, f64), p: (f64, f64)) -> f64 {
    let (x0, y0) = from;
    let (x1, y1) = to;
    if p.0 < x0.min(x1) - 5.0 || p.0 > x0.max(x1) + 5.0 {
        return f64::INFINITY;
    }
    let mid = (x0 + x1) / 2.0;
    let point = |t: f64| {
        let u = 1.0 - t;
        let (b0, b1, b2, b3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (
            b0 * x0 + (b1 + b2) * mid + b3 * x1,
            (b0 + b1) * y0 + (b2 + b3) * y1,
        )
    };
    let mut best = f64::INFINITY;
    let mut a = point(0.0);
    for k in 1..=16 {
        let b = point(f64::from(k) / 16.0);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
        best = best.min((p.0 - cx).hypot(p.1 - cy));
        a = b;
    }
    best
}
