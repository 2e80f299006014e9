//! The hidden space: the data and the input plane as one hidden layer sees them. Every
//! point, and every vertex of a grid of lines over the input plane, is carried through the
//! network to the layer chosen, and placed at the values of the two neurons chosen (one
//! neuron: a line). For the last hidden layer the output reads this space directly, so the
//! output's decision boundary is drawn in it too: with two neurons and one output the
//! straight line w·h + b = 0.
//!
//! Every coordinate is the exact forward pass's (`Layer::forward_into`, what training
//! runs), in f64. The view (`web/views/hidden.rs`) draws what this computes, and the JS
//! API's `hiddenSpace()` returns it.

use crate::data::features::compute_into;
use crate::data::{Feature, Sample};
use crate::grid::DOMAIN;
use crate::i18n::Text;
use crate::nn::{Activation, Init, Network};
use crate::text;

/// Grid lines each way over the input plane [−6, 6]² (one every 0.6).
pub const LINES: usize = 21;
/// Vertices along each grid line (one every 0.2: a bent line stays smooth).
pub const VERTICES: usize = 61;

/// The layer and the neurons on the axes, numbered from 0 (the page and the API number
/// them from 1). `j` is `None` with one neuron: the space is a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axes {
    pub layer: usize,
    pub i: usize,
    pub j: Option<usize>,
}

impl Axes {
    /// The page's choice (from 1), as near as this network allows: the last hidden layer
    /// if it has fewer, its last neurons if it is narrower. `None` without hidden layers.
    pub fn nearest(network: &Network, layer: usize, i: usize, j: usize) -> Option<Axes> {
        let hidden = network.layers.len().checked_sub(1).filter(|&n| n > 0)?;
        let layer = layer.clamp(1, hidden) - 1;
        let width = network.layers[layer].n_out;
        let i = i.clamp(1, width) - 1;
        let j = (width > 1).then(|| {
            let j = j.clamp(1, width) - 1;
            // Two different neurons: the page's default (1, 2) in a wider layer, and
            // whatever a narrower layer left of a choice.
            if j == i {
                (i + 1) % width
            } else {
                j
            }
        });
        Some(Axes { layer, i, j })
    }

    /// The API's choice (from 1), checked: a layer or neuron the network does not have is
    /// refused, with what it has.
    pub fn exact(network: &Network, layer: usize, i: usize, j: usize) -> Result<Axes, Text> {
        let hidden = network.layers.len().saturating_sub(1);
        if hidden == 0 {
            return Err(text!("err.noHiddenLayer"));
        }
        if !(1..=hidden).contains(&layer) {
            return Err(text!("err.hiddenLayer", value = layer, max = hidden));
        }
        let width = network.layers[layer - 1].n_out;
        for n in [i, j] {
            if !(1..=width).contains(&n) {
                return Err(text!(
                    "err.hiddenNeuron",
                    value = n,
                    layer = layer,
                    max = width
                ));
            }
        }
        Ok(Axes {
            layer: layer - 1,
            i: i - 1,
            j: (width > 1).then_some(j - 1),
        })
    }

    /// Whether the output reads exactly the neurons on the axes (the last hidden layer,
    /// all of it shown): only then is the output a function of this space.
    pub fn output_reads(&self, network: &Network) -> bool {
        let last = self.layer + 2 == network.layers.len();
        let width = network.layers[self.layer].n_out;
        last && width == 1 + usize::from(self.j.is_some())
    }
}

/// The output's decision boundary in a space the output reads: w·h + b = 0, for a single
/// output whose classes divide at z = 0 (tanh at 0, sigmoid at ½).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Boundary {
    /// w for (h_i, h_j); with one neuron w[1] is 0.
    pub w: [f64; 2],
    pub b: f64,
}

impl Boundary {
    /// The line's two ends in the box [x0, x1] × [y0, y1] (`None` when it misses the box
    /// or w is 0). With one neuron (w[1] = 0) the line is upright at h = −b / w[0].
    pub fn ends(&self, [x0, x1, y0, y1]: [f64; 4]) -> Option<[[f64; 2]; 2]> {
        let [wx, wy] = self.w;
        let b = self.b;
        // Where the line crosses each side of the box (at most four).
        let mut ends = [[f64::NAN; 2]; 4];
        let mut n = 0;
        let mut add = |p: [f64; 2]| {
            ends[n] = p;
            n += 1;
        };
        if wy != 0.0 {
            for x in [x0, x1] {
                let y = -(b + wx * x) / wy;
                if (y0..=y1).contains(&y) {
                    add([x, y]);
                }
            }
        }
        if wx != 0.0 {
            for y in [y0, y1] {
                let x = -(b + wy * y) / wx;
                if (x0..=x1).contains(&x) {
                    add([x, y]);
                }
            }
        }
        let ends = &ends[..n];
        let first = *ends.first()?;
        let far = ends.iter().copied().max_by(|p, q| {
            let d = |e: &[f64; 2]| (e[0] - first[0]).hypot(e[1] - first[1]);
            d(p).total_cmp(&d(q))
        })?;
        (far != first).then_some([first, far])
    }
}

/// One frame's hidden space: the points and the grid lines at their hidden coordinates,
/// and the output's boundary where the output reads this space. Every buffer is reused.
#[derive(Clone, Debug, Default)]
pub struct HiddenSpace {
    pub axes: Option<Axes>,
    /// Training points then test points, in the data's order: (h_i, h_j), h_j = 0 with one
    /// neuron.
    pub points: Vec<[f64; 2]>,
    /// `LINES` upright lines (x₁ fixed, from the left), then `LINES` level ones (x₂ fixed,
    /// from the bottom), `VERTICES` vertices each.
    vertices: Vec<[f64; 2]>,
    pub boundary: Option<Boundary>,
    /// The batch's inputs and the forward pass's buffers.
    inputs: Vec<f64>,
    row: Vec<f64>,
    buffers: [Vec<f64>; 3],
}

/// Where vertex `v` of grid line `k` is on the input plane.
fn grid_vertex(k: usize, v: usize) -> (f64, f64) {
    let at = |n: usize, of: usize| -DOMAIN + 2.0 * DOMAIN * n as f64 / (of - 1) as f64;
    if k < LINES {
        (at(k, LINES), at(v, VERTICES))
    } else {
        (at(v, VERTICES), at(k - LINES, LINES))
    }
}

impl HiddenSpace {
    /// Carries `train`, `test` and the grid lines through `network` (inputs: `features`)
    /// to the layer of `axes`.
    pub fn compute(
        &mut self,
        network: &Network,
        features: &[Feature],
        axes: Axes,
        train: &[Sample],
        test: &[Sample],
    ) {
        self.axes = Some(axes);
        let positions = || {
            let samples = train.iter().chain(test).map(|p| (p.x, p.y));
            let grid = (0..2 * LINES).flat_map(|k| (0..VERTICES).map(move |v| grid_vertex(k, v)));
            samples.chain(grid)
        };
        let batch = train.len() + test.len() + 2 * LINES * VERTICES;
        let n = features.len();
        self.inputs.resize(n * batch, 0.0);
        self.row.resize(n, 0.0);
        for (s, (x, y)) in positions().enumerate() {
            compute_into(features, x, y, &mut self.row);
            for (i, &value) in self.row.iter().enumerate() {
                self.inputs[i * batch + s] = value;
            }
        }
        let a = network.layer_activations(axes.layer, &self.inputs, batch, &mut self.buffers);
        let h = |neuron: Option<usize>, s: usize| neuron.map_or(0.0, |k| a[k * batch + s]);
        let points = train.len() + test.len();
        self.points.clear();
        self.points
            .extend((0..points).map(|s| [h(Some(axes.i), s), h(axes.j, s)]));
        self.vertices.clear();
        self.vertices
            .extend((points..batch).map(|s| [h(Some(axes.i), s), h(axes.j, s)]));
        self.boundary = None;
        let output = &network.layers[network.layers.len() - 1];
        // One output of two classes (tanh, or a sigmoid): they divide where z = 0. (A
        // regression's linear output has a value, no boundary.)
        let classes = output.activation != Activation::Linear;
        if axes.output_reads(network) && output.n_out == 1 && !output.softmax && classes {
            // The weights of the neurons on the axes, in the axes' order.
            let w = &output.weights;
            self.boundary = Some(Boundary {
                w: [w[axes.i], axes.j.map_or(0.0, |j| w[j])],
                b: output.bias[0],
            });
        }
    }

    /// `compute` for a trainer's network, features and both sets of points.
    pub fn compute_for(&mut self, trainer: &crate::Trainer, axes: Axes) {
        self.compute(
            trainer.network(),
            trainer.features(),
            axes,
            trainer.train_samples(),
            trainer.test_samples(),
        );
    }

    /// Grid line `k` (`LINES` upright, then `LINES` level), vertex by vertex.
    pub fn grid_line(&self, k: usize) -> &[[f64; 2]] {
        &self.vertices[k * VERTICES..(k + 1) * VERTICES]
    }

    /// How many grid lines there are (0 before the first `compute`).
    pub fn grid_line_count(&self) -> usize {
        self.vertices.len() / VERTICES
    }

    /// The box [x0, x1, y0, y1] that holds every point and grid vertex, with a margin of
    /// a tenth of its size (at least 0.1 each way: a layer whose values all agree still
    /// shows them); y is [−1, 1] with one neuron.
    pub fn extent(&self) -> [f64; 4] {
        let mut b = [
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for p in self.points.iter().chain(&self.vertices) {
            if p[0].is_finite() && p[1].is_finite() {
                b = [
                    b[0].min(p[0]),
                    b[1].max(p[0]),
                    b[2].min(p[1]),
                    b[3].max(p[1]),
                ];
            }
        }
        if b[0] > b[1] {
            return [-1.0, 1.0, -1.0, 1.0];
        }
        let pad = |lo: f64, hi: f64| {
            let margin = ((hi - lo) * 0.1).max(0.1);
            (lo - margin, hi + margin)
        };
        let (x0, x1) = pad(b[0], b[1]);
        let (y0, y1) = match self.axes.and_then(|a| a.j) {
            Some(_) => pad(b[2], b[3]),
            None => (-1.0, 1.0),
        };
        [x0, x1, y0, y1]
    }
}

impl HiddenSpace {
    /// Where point `k` (label `label`, of `classes` classes; 0 for regression) is drawn:
    /// at its hidden coordinates; with one neuron, on its class's row of the strip
    /// (y from −0.5 to 0.5), spread a little so points at one value do not hide each other.
    pub fn drawn_at(&self, k: usize, label: f64, classes: usize) -> [f64; 2] {
        let [x, y] = self.points[k];
        if self.axes.is_some_and(|a| a.j.is_some()) {
            return [x, y];
        }
        let (class, rows) = match classes {
            0 => (0, 1),
            2 => (usize::from(label > 0.0), 2),
            k => ((label.max(0.0) as usize).min(k - 1), k),
        };
        let row = if rows == 1 {
            0.0
        } else {
            class as f64 / (rows - 1) as f64 - 0.5
        };
        // A fixed spread per point (Knuth's multiplicative hash of its index).
        let spread = ((k as u64).wrapping_mul(2_654_435_761) % 1024) as f64 / 1024.0 - 0.5;
        [x, y + row + spread * 0.6 / rows as f64]
    }
}

/// The output as a function of the hidden space (where `Axes::output_reads`): the output
/// layer alone, evaluated at points of that space. Its buffers are reused.
#[derive(Debug, Default)]
pub struct OutputOver {
    head: Option<Network>,
    inputs: Vec<f64>,
    buffers: [Vec<f64>; 3],
}

impl OutputOver {
    /// The output at every point of `at` ((h_i, h_j) on `axes`, in either order; h_j
    /// unused with one neuron): `[k * at.len() + c]` for output neuron k. Empty unless
    /// the output reads `axes`.
    pub fn evaluate(&mut self, network: &Network, axes: Axes, at: &[[f64; 2]]) -> &[f64] {
        if !axes.output_reads(network) {
            return &[];
        }
        let output = &network.layers[network.layers.len() - 1];
        let head = self.head.get_or_insert_with(|| {
            Network::with_init(
                1,
                &[],
                1,
                Activation::Linear,
                Activation::Linear,
                Init::Zero,
            )
        });
        if head.layers[0].n_in != output.n_in || head.layers[0].n_out != output.n_out {
            *head = Network::with_init(
                output.n_in,
                &[],
                output.n_out,
                Activation::Linear,
                output.activation,
                Init::Zero,
            );
        }
        let layer = &mut head.layers[0];
        layer.weights.clone_from(&output.weights);
        layer.bias.clone_from(&output.bias);
        layer.activation = output.activation;
        layer.softmax = output.softmax;
        let batch = at.len();
        self.inputs.clear();
        // The layer's neurons in their own order: each is the axis it is on.
        for neuron in 0..output.n_in {
            let axis = usize::from(axes.j == Some(neuron) && axes.i != neuron);
            self.inputs.extend(at.iter().map(|p| p[axis]));
        }
        head.layer_activations(0, &self.inputs, batch, &mut self.buffers)
    }
}

#[cfg(test)]
mod tests;
