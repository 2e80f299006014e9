//! Every neuron's value over the input plane, for the decision boundary and the heatmaps
//! inside the neurons.
//!
//! This is the one place that uses a faster path than training does, and only to draw:
//! f32 arithmetic, the activations of `nn::approx`, and the network evaluated layer by
//! layer over a tile of cells at once (each weight times a whole row of cells, a loop
//! that vectorises). Only what is drawn is kept: the output at every cell, and every
//! node's thumbnail (every `THUMB_STEP`-th cell), copied from each tile while it is in the
//! cache. A native test checks it against the exact f64 forward pass to within 1e-4 on
//! every cell of every neuron (with thumbnails of step 1, i.e. every cell). Training,
//! losses and the inspector never use it.

use crate::data::Feature;
use crate::nn::{approx, Network};

/// The view shows the square [−DOMAIN, DOMAIN]², as TFP does.
pub const DOMAIN: f64 = 6.0;

/// The neurons' thumbnails take every fourth cell of the grid (25×25 of 100×100; TFP's
/// are 10×10), drawn smoothed into the node's square.
pub const THUMB_STEP: usize = 4;

/// Cells processed together: a tile of every neuron's values (49 neurons × 256 cells ×
/// 4 bytes for the largest benchmark network) stays in the first-level cache.
const TILE: usize = 256;

/// A square grid of `size`×`size` cells over the view; row 0 is the top (x2 = +6).
/// The cells' features are cached until the features change; every buffer is reused from
/// frame to frame.
pub struct Grid {
    size: usize,
    features: Vec<Feature>,
    /// Feature i at cell c is `inputs[i * cells + c]`.
    inputs: Vec<f32>,
    /// The current tile: neuron k at the tile's cell c is `tile[k * TILE + c]`; neurons
    /// are numbered layer by layer, hidden layers first, the output neuron last.
    tile: Vec<f32>,
    /// The network's output at every cell (the last output neuron's).
    output: Vec<f32>,
    /// Every output neuron's value at every cell, `outputs[k * cells + c]` (softmax
    /// probabilities of a multi-class network).
    outputs: Vec<f32>,
    n_outputs: usize,
    /// Every layer's weights in f32, layer after layer.
    weights32: Vec<f32>,
    n_neurons: usize,
    /// Every `thumb_step`-th cell in both directions, in order (`lattice`), and each input
    /// feature's then each neuron's values there (`thumbs`, `lattice.len()` per node).
    thumb_step: usize,
    lattice: Vec<usize>,
    thumbs: Vec<f32>,
    /// A neuron whose values at every cell are kept too (the hovered one), and its values.
    focus: Option<usize>,
    focus_values: Vec<f32>,
}

impl Grid {
    /// A `size`×`size` grid whose thumbnails take every `thumb_step`-th cell.
    pub fn new(size: usize, thumb_step: usize) -> Grid {
        let thumb_step = thumb_step.max(1);
        let lattice = (0..size)
            .step_by(thumb_step)
            .flat_map(|row| {
                (0..size)
                    .step_by(thumb_step)
                    .map(move |col| row * size + col)
            })
            .collect();
        Grid {
            size,
            features: Vec::new(),
            inputs: Vec::new(),
            tile: Vec::new(),
            output: vec![0.0; size * size],
            outputs: Vec::new(),
            n_outputs: 1,
            weights32: Vec::new(),
            n_neurons: 0,
            thumb_step,
            lattice,
            thumbs: Vec::new(),
            focus: None,
            focus_values: vec![0.0; size * size],
        }
    }

    /// Keeps neuron `k`'s values at every cell from the next evaluation on (neurons
    /// numbered layer by layer, the output last), or none.
    pub fn set_focus(&mut self, neuron: Option<usize>) {
        self.focus = neuron;
    }

    /// The focused neuron's value at every cell, if a neuron is focused and exists.
    pub fn focus_values(&self) -> Option<&[f32]> {
        self.focus
            .filter(|&k| k < self.n_neurons)
            .map(|_| &self.focus_values[..])
    }

    /// A feature's value at every cell, into `out` (for any feature, in use or not).
    pub fn fill_feature(&self, feature: Feature, out: &mut Vec<f32>) {
        out.clear();
        for row in 0..self.size {
            for column in 0..self.size {
                let (x1, x2) = self.cell_centre(column, row);
                out.push(feature.compute(x1, x2) as f32);
            }
        }
    }

    /// A feature's thumbnail (`thumb_size()`² values), for any feature.
    pub fn feature_thumbnail(&self, feature: Feature) -> Vec<f32> {
        self.lattice
            .iter()
            .map(|&cell| {
                let (x1, x2) = self.cell_centre(cell % self.size, cell / self.size);
                feature.compute(x1, x2) as f32
            })
            .collect()
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn cells(&self) -> usize {
        self.size * self.size
    }

    /// Thumbnail side length, in cells.
    pub fn thumb_size(&self) -> usize {
        self.size.div_ceil(self.thumb_step)
    }

    /// The input-plane coordinates of cell (column, row)'s centre.
    pub fn cell_centre(&self, column: usize, row: usize) -> (f64, f64) {
        let cell = 2.0 * DOMAIN / self.size as f64;
        let x1 = -DOMAIN + (column as f64 + 0.5) * cell;
        let x2 = DOMAIN - (row as f64 + 0.5) * cell;
        (x1, x2)
    }

    fn cache_features(&mut self, features: &[Feature]) {
        if self.features == features {
            return;
        }
        self.features = features.to_vec();
        let cells = self.cells();
        self.inputs.resize(cells * features.len(), 0.0);
        for (i, feature) in features.iter().enumerate() {
            for row in 0..self.size {
                for column in 0..self.size {
                    let (x1, x2) = self.cell_centre(column, row);
                    self.inputs[i * cells + row * self.size + column] =
                        feature.compute(x1, x2) as f32;
                }
            }
        }
        // Lay the thumbnails out again.
        self.thumbs.clear();
    }

    /// Evaluates every neuron of the network at every cell; keeps the output and the
    /// thumbnails.
    #[inline(never)]
    pub fn evaluate(&mut self, network: &Network, features: &[Feature]) {
        if network
            .layers
            .first()
            .is_some_and(|l| l.n_in != features.len())
        {
            // Inputs that are not these features (the textbook example's three, the
            // digits' 64 pixels): there is no plane to evaluate over.
            return;
        }
        self.cache_features(features);
        let cells = self.cells();
        let n_inputs = features.len();
        self.n_neurons = network.layers.iter().map(|l| l.n_out).sum();
        self.n_outputs = network.layers.last().map_or(1, |l| l.n_out);
        self.outputs.resize(self.n_outputs * cells, 0.0);
        self.tile.resize(self.n_neurons * TILE, 0.0);
        let t = self.lattice.len();
        if self.thumbs.len() != (n_inputs + self.n_neurons) * t {
            self.thumbs.resize((n_inputs + self.n_neurons) * t, 0.0);
            for i in 0..n_inputs {
                for (p, &cell) in self.lattice.iter().enumerate() {
                    self.thumbs[i * t + p] = self.inputs[i * cells + cell];
                }
            }
        }
        // The weights in f32, once per evaluation.
        self.weights32.clear();
        self.weights32.extend(
            network
                .layers
                .iter()
                .flat_map(|l| l.weights.iter().map(|&w| w as f32)),
        );
        let mut lattice_from = 0;
        for start in (0..cells).step_by(TILE) {
            let len = TILE.min(cells - start);
            let mut offset = 0;
            let mut w_offset = 0;
            for (l, layer) in network.layers.iter().enumerate() {
                let (done, rest) = self.tile.split_at_mut(offset * TILE);
                let (prev, stride, from): (&[f32], usize, usize) = if l == 0 {
                    (&self.inputs, cells, start)
                } else {
                    (&done[(offset - layer.n_in) * TILE..], TILE, 0)
                };
                let n_in = layer.n_in;
                let w = &self.weights32[w_offset..w_offset + layer.n_out * n_in];
                let bias = |j: usize| layer.bias[j] as f32;
                // Neurons two at a time, then the odd one.
                let mut j = 0;
                for pair in rest[..layer.n_out * TILE].chunks_exact_mut(2 * TILE) {
                    let (a, b) = pair.split_at_mut(TILE);
                    weighted_sums(
                        [&mut a[..len], &mut b[..len]],
                        [bias(j), bias(j + 1)],
                        [
                            &w[j * n_in..(j + 1) * n_in],
                            &w[(j + 1) * n_in..(j + 2) * n_in],
                        ],
                        prev,
                        stride,
                        from,
                    );
                    j += 2;
                }
                if j < layer.n_out {
                    let out = &mut rest[j * TILE..j * TILE + len];
                    weighted_sums(
                        [out],
                        [bias(j)],
                        [&w[j * n_in..(j + 1) * n_in]],
                        prev,
                        stride,
                        from,
                    );
                }
                for j in 0..layer.n_out {
                    let row = &mut rest[j * TILE..j * TILE + len];
                    match layer.off[j] {
                        // A switched-off neuron's output is 0 (as `Layer::forward_into`).
                        true => row.fill(0.0),
                        false => approx::activate(layer.activation, row),
                    }
                }
                if layer.softmax {
                    softmax_rows(&mut rest[..layer.n_out * TILE], layer.n_out, len);
                }
                w_offset += layer.n_out * n_in;
                offset += layer.n_out;
            }
            let last = (self.n_neurons - 1) * TILE;
            self.output[start..start + len].copy_from_slice(&self.tile[last..last + len]);
            let first_output = self.n_neurons - self.n_outputs;
            for k in 0..self.n_outputs {
                let from = (first_output + k) * TILE;
                self.outputs[k * cells + start..k * cells + start + len]
                    .copy_from_slice(&self.tile[from..from + len]);
            }
            if let Some(k) = self.focus.filter(|&k| k < self.n_neurons) {
                self.focus_values[start..start + len]
                    .copy_from_slice(&self.tile[k * TILE..k * TILE + len]);
            }
            // This tile's thumbnail cells.
            let lattice_to = lattice_from
                + self.lattice[lattice_from..].partition_point(|&cell| cell < start + len);
            for k in 0..self.n_neurons {
                let values = &self.tile[k * TILE..k * TILE + len];
                let thumb = &mut self.thumbs[(n_inputs + k) * t..(n_inputs + k + 1) * t];
                for p in lattice_from..lattice_to {
                    thumb[p] = values[self.lattice[p] - start];
                }
            }
            lattice_from = lattice_to;
        }
    }

    /// The network's output at every cell.
    pub fn output(&self) -> &[f32] {
        &self.output
    }

    /// Output neuron `k`'s value at every cell (for a softmax output, the probability of
    /// class k).
    pub fn output_of(&self, k: usize) -> &[f32] {
        let cells = self.cells();
        &self.outputs[k * cells..(k + 1) * cells]
    }

    /// How many output neurons the last evaluated network has.
    pub fn output_count(&self) -> usize {
        self.n_outputs
    }

    /// Node `node`'s thumbnail, row by row (`thumb_size()`² values): the input features
    /// first, then the neurons layer by layer (the output last).
    pub fn thumbnail(&self, node: usize) -> &[f32] {
        let t = self.lattice.len();
        &self.thumbs[node * t..(node + 1) * t]
    }

    /// Input feature `i`'s value at every cell.
    pub fn feature(&self, i: usize) -> &[f32] {
        let cells = self.cells();
        &self.inputs[i * cells..(i + 1) * cells]
    }
}

/// Softmax across `n` neuron rows of a tile (row j at `values[j * TILE..]`), for the
/// first `len` cells, in f32: e^(z_j − max) / Σ.
fn softmax_rows(values: &mut [f32], n: usize, len: usize) {
    for c in 0..len {
        let mut top = f32::NEG_INFINITY;
        for j in 0..n {
            let v = values[j * TILE + c];
            top = if v > top { v } else { top };
        }
        let mut sum = 0.0;
        for j in 0..n {
            let d = values[j * TILE + c] - top;
            // (A branch, not f32::max: that is a libm call in wasm.)
            let e = approx::exp(if d < -80.0 { -80.0 } else { d });
            values[j * TILE + c] = e;
            sum += e;
        }
        for j in 0..n {
            values[j * TILE + c] /= sum;
        }
    }
}

/// For N neurons at once: out_n[c] = b_n + Σ_i w_ni · prev[i·stride + start + c], sixteen
/// cells at a time. The N × 16 sums stay in registers while the weights go by (one store
/// per sixteen cells and neuron, not one per weight), each input value loaded serves all
/// N neurons, and the sixteen-wide body vectorises.
#[inline]
fn weighted_sums<const N: usize>(
    out: [&mut [f32]; N],
    bias: [f32; N],
    weights: [&[f32]; N],
    prev: &[f32],
    stride: usize,
    start: usize,
) {
    const LANES: usize = 16;
    let len = out[0].len();
    let n_in = weights[0].len();
    let full = len - len % LANES;
    let mut c = 0;
    while c < full {
        let mut acc = [[0.0f32; LANES]; N];
        for n in 0..N {
            acc[n] = [bias[n]; LANES];
        }
        for i in 0..n_in {
            let src = &prev[i * stride + start + c..i * stride + start + c + LANES];
            for n in 0..N {
                let w = weights[n][i];
                for k in 0..LANES {
                    acc[n][k] += w * src[k];
                }
            }
        }
        for n in 0..N {
            out[n][c..c + LANES].copy_from_slice(&acc[n]);
        }
        c += LANES;
    }
    for n in 0..N {
        for k in full..len {
            let mut sum = bias[n];
            for i in 0..n_in {
                sum += weights[n][i] * prev[i * stride + start + k];
            }
            out[n][k] = sum;
        }
    }
}

/// What the tests check of the fast grid.
impl Grid {
    /// The largest difference, over every cell of every neuron, between the grid and the
    /// exact f64 forward pass, relative to max(1, |exact value|).
    #[doc(hidden)]
    pub fn worst_error(&mut self, net: &mut Network, feats: &[Feature]) -> f64 {
        self.evaluate(net, feats);
        let size = self.size();
        let mut worst: f64 = 0.0;
        let mut input = vec![0.0; feats.len()];
        for row in 0..size {
            for column in 0..size {
                let (a, b) = self.cell_centre(column, row);
                for (x, f) in input.iter_mut().zip(feats) {
                    *x = f.compute(a, b);
                }
                net.forward(&input);
                let cell = row * size + column;
                let mut k = 0;
                for layer in &net.layers {
                    for &exact in &layer.a {
                        let fast = f64::from(self.thumbnail(feats.len() + k)[cell]);
                        worst = worst.max((fast - exact).abs() / exact.abs().max(1.0));
                        k += 1;
                    }
                }
            }
        }
        worst
    }
}

#[cfg(test)]
mod tests;
