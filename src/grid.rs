//! Every neuron's value over the input plane, for the decision boundary and the heatmaps
//! inside the neurons.
//!
//! This is the one place that uses a faster path than training does, and only to draw:
//! f32 arithmetic, the activations of `nn::approx`, and the network evaluated layer by
//! layer over all cells at once (each weight times a whole row of cells, a loop that
//! vectorises). A native test checks it against the exact f64 forward pass to within 1e-4
//! on every cell of every neuron. Training, losses and the inspector never use it.

use crate::data::Feature;
use crate::nn::{approx, Network};

/// The view shows the square [−DOMAIN, DOMAIN]², as TFP does.
pub const DOMAIN: f64 = 6.0;

/// Cells processed together: a tile of every neuron's values stays in the L1 cache.
const TILE: usize = 512;

/// A square grid of `size`×`size` cells over the view; row 0 is the top (x2 = +6).
/// The cells' features are cached until the features change; the value buffers are
/// reused from frame to frame.
pub struct Grid {
    size: usize,
    features: Vec<Feature>,
    /// Feature i at cell c is `inputs[i * cells + c]`.
    inputs: Vec<f32>,
    /// Neuron k at cell c is `values[k * cells + c]`; neurons are numbered layer by layer,
    /// hidden layers first, the output neuron last.
    values: Vec<f32>,
    n_neurons: usize,
}

impl Grid {
    pub fn new(size: usize) -> Grid {
        Grid {
            size,
            features: Vec::new(),
            inputs: Vec::new(),
            values: Vec::new(),
            n_neurons: 0,
        }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn cells(&self) -> usize {
        self.size * self.size
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
    }

    /// Evaluates every neuron of the network at every cell.
    pub fn evaluate(&mut self, network: &Network, features: &[Feature]) {
        self.cache_features(features);
        let cells = self.cells();
        self.n_neurons = network.layers.iter().map(|l| l.n_out).sum();
        self.values.resize(self.n_neurons * cells, 0.0);
        for start in (0..cells).step_by(TILE) {
            let end = (start + TILE).min(cells);
            let mut offset = 0;
            for (l, layer) in network.layers.iter().enumerate() {
                let (done, rest) = self.values.split_at_mut(offset);
                let prev: &[f32] = if l == 0 {
                    &self.inputs
                } else {
                    &done[offset - layer.n_in * cells..]
                };
                for j in 0..layer.n_out {
                    let out = &mut rest[j * cells + start..j * cells + end];
                    let row = &layer.weights[j * layer.n_in..(j + 1) * layer.n_in];
                    weighted_sum(out, layer.bias[j] as f32, row, prev, cells, start);
                    approx::activate(layer.activation, out);
                }
                offset += layer.n_out * cells;
            }
        }
    }

    /// Neuron `k`'s value at every cell (see `values`).
    pub fn neuron(&self, k: usize) -> &[f32] {
        let cells = self.cells();
        &self.values[k * cells..(k + 1) * cells]
    }

    /// The network's output at every cell.
    pub fn output(&self) -> &[f32] {
        self.neuron(self.n_neurons - 1)
    }

    /// Input feature `i`'s value at every cell.
    pub fn feature(&self, i: usize) -> &[f32] {
        let cells = self.cells();
        &self.inputs[i * cells..(i + 1) * cells]
    }

    /// The largest |value| of feature `i` over the view (for colour scaling).
    pub fn feature_scale(&self, i: usize) -> f32 {
        let d = DOMAIN as f32;
        match self.features.get(i) {
            Some(Feature::X1 | Feature::X2) => d,
            Some(Feature::X1Squared | Feature::X2Squared | Feature::X1TimesX2) => d * d,
            _ => 1.0,
        }
    }
}

/// out[c] = b + Σ_i w_i · prev[i·cells + start + c], sixteen cells at a time: the
/// sixteen sums stay in registers while the weights go by (one store per sixteen cells
/// and neuron, not one per weight), and the sixteen-wide body vectorises.
#[inline]
fn weighted_sum(
    out: &mut [f32],
    bias: f32,
    weights: &[f64],
    prev: &[f32],
    cells: usize,
    start: usize,
) {
    const LANES: usize = 16;
    let len = out.len();
    let full = len - len % LANES;
    let mut c = 0;
    while c < full {
        let mut acc = [bias; LANES];
        for (i, &w) in weights.iter().enumerate() {
            let w = w as f32;
            let src = &prev[i * cells + start + c..i * cells + start + c + LANES];
            for k in 0..LANES {
                acc[k] += w * src[k];
            }
        }
        out[c..c + LANES].copy_from_slice(&acc);
        c += LANES;
    }
    for (k, o) in out[full..].iter_mut().enumerate() {
        let mut sum = bias;
        for (i, &w) in weights.iter().enumerate() {
            sum += w as f32 * prev[i * cells + start + full + k];
        }
        *o = sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Rng;
    use crate::nn::Activation;

    /// The largest difference, over every cell of every neuron, between the grid and the
    /// exact f64 forward pass, relative to max(1, |exact value|).
    fn worst_error(grid: &mut Grid, net: &mut Network, feats: &[Feature]) -> f64 {
        grid.evaluate(net, feats);
        let size = grid.size();
        let mut worst: f64 = 0.0;
        let mut input = vec![0.0; feats.len()];
        for row in 0..size {
            for column in 0..size {
                let (a, b) = grid.cell_centre(column, row);
                for (x, f) in input.iter_mut().zip(feats) {
                    *x = f.compute(a, b);
                }
                net.forward(&input);
                let cell = row * size + column;
                let mut k = 0;
                for layer in &net.layers {
                    for &exact in &layer.a {
                        let fast = f64::from(grid.neuron(k)[cell]);
                        worst = worst.max((fast - exact).abs() / exact.abs().max(1.0));
                        k += 1;
                    }
                }
            }
        }
        worst
    }

    /// Untrained networks with weights U(−1, 1), twice a fresh network's, every activation
    /// and shape: deep ReLU and linear values then exceed 1, where f32 keeps about 7
    /// significant digits, so the bound is 1e-4 absolute up to |value| = 1 and relative
    /// beyond (where the colour scale is saturated anyway).
    #[test]
    fn the_fast_grid_matches_the_exact_forward_pass_within_1e_4() {
        let feats = Feature::ALL;
        let mut grid = Grid::new(100);
        for act in Activation::ALL {
            for hidden in [vec![4, 2], vec![8; 6], vec![16, 16, 16]] {
                let mut rng = Rng::new(17);
                let mut net = Network::new(7, &hidden, 1, act, Activation::Tanh, &mut rng);
                for p in 0..net.param_count() {
                    let v = net.param(p) * 2.0;
                    net.set_param(p, v);
                }
                let err = worst_error(&mut grid, &mut net, &feats);
                assert!(err < 1e-4, "{act:?} {hidden:?}: off by {err}");
            }
        }
    }

    /// Networks trained on the benchmark configurations, every activation: within 1e-4
    /// (absolute for every value in [−1, 1], where the colours are) on every cell of the
    /// 100×100 grid and every neuron.
    #[test]
    fn the_fast_grid_matches_trained_networks_within_1e_4() {
        for (name, config) in crate::bench::configs() {
            for act in Activation::ALL {
                let config = crate::Config {
                    activation: act,
                    ..config.clone()
                };
                let mut trainer = crate::Trainer::new(config).unwrap();
                for _ in 0..150 {
                    trainer.step_epoch();
                }
                let feats = trainer.features().to_vec();
                let mut grid = Grid::new(100);
                let err = worst_error(&mut grid, trainer.network_mut(), &feats);
                assert!(err < 1e-4, "config {name}, {act:?}: off by {err}");
            }
        }
    }

    #[test]
    fn layout_of_cells_and_features() {
        let net = Network::new(
            3,
            &[2],
            1,
            Activation::Tanh,
            Activation::Tanh,
            &mut Rng::new(1),
        );
        let feats = [Feature::X1, Feature::X2, Feature::X1TimesX2];
        let mut grid = Grid::new(10);
        grid.evaluate(&net, &feats);
        assert_eq!(grid.cell_centre(0, 0), (-5.4, 5.4));
        let (a, b) = grid.cell_centre(3, 7);
        assert_eq!(grid.feature(2)[73], (a * b) as f32);
        assert_eq!(grid.output().len(), 100);
    }
}
