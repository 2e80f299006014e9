//! Every neuron's output over the input plane, for the decision boundary and the small
//! heatmaps inside the neurons. Pure maths: the web layer only turns values into pixels.

use crate::data::{features, Feature};
use crate::nn::Network;

/// The view shows the square [−DOMAIN, DOMAIN]², as TFP does.
pub const DOMAIN: f64 = 6.0;

/// A square grid of `size`×`size` cells over the view; row 0 is the top (x2 = +6).
/// The cells' feature vectors are cached until the features change; the value buffers are
/// reused from frame to frame.
pub struct Grid {
    size: usize,
    features: Vec<Feature>,
    inputs: Vec<f64>,
    /// Neuron k's value at every cell is `values[k * cells .. (k + 1) * cells]`; neurons
    /// are numbered layer by layer, hidden layers first, the output neuron last.
    values: Vec<f64>,
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

    fn cells(&self) -> usize {
        self.size * self.size
    }

    /// The input-plane coordinates of cell (column, row)'s centre.
    pub fn cell_centre(&self, column: usize, row: usize) -> (f64, f64) {
        let cell = 2.0 * DOMAIN / self.size as f64;
        let x1 = -DOMAIN + (column as f64 + 0.5) * cell;
        let x2 = DOMAIN - (row as f64 + 0.5) * cell;
        (x1, x2)
    }

    /// Evaluates every neuron of the network at every cell.
    pub fn evaluate(&mut self, network: &mut Network, features: &[Feature]) {
        let n = features.len();
        if self.features != features {
            self.features = features.to_vec();
            self.inputs.resize(self.cells() * n, 0.0);
            for row in 0..self.size {
                for column in 0..self.size {
                    let (x1, x2) = self.cell_centre(column, row);
                    let cell = row * self.size + column;
                    features::compute_into(
                        features,
                        x1,
                        x2,
                        &mut self.inputs[cell * n..(cell + 1) * n],
                    );
                }
            }
        }
        let cells = self.cells();
        self.n_neurons = network.layers.iter().map(|l| l.n_out).sum();
        self.values.resize(self.n_neurons * cells, 0.0);
        for (cell, input) in self.inputs.chunks_exact(n).enumerate() {
            network.forward(input);
            let mut k = 0;
            for layer in &network.layers {
                for &a in &layer.a {
                    self.values[k * cells + cell] = a;
                    k += 1;
                }
            }
        }
    }

    /// Neuron `k`'s value at every cell (see `values`).
    pub fn neuron(&self, k: usize) -> &[f64] {
        let cells = self.cells();
        &self.values[k * cells..(k + 1) * cells]
    }

    /// The network's output at every cell.
    pub fn output(&self) -> &[f64] {
        self.neuron(self.n_neurons - 1)
    }

    /// Input feature `i`'s value at cell `cell`.
    pub fn feature(&self, i: usize, cell: usize) -> f64 {
        self.inputs[cell * self.features.len() + i]
    }

    /// The largest |value| of feature `i` over the view (for colour scaling).
    pub fn feature_scale(&self, i: usize) -> f64 {
        match self.features.get(i) {
            Some(Feature::X1 | Feature::X2) => DOMAIN,
            Some(Feature::X1Squared | Feature::X2Squared | Feature::X1TimesX2) => DOMAIN * DOMAIN,
            _ => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Rng;
    use crate::nn::Activation;

    #[test]
    fn every_neuron_matches_the_network_at_cell_centres() {
        let mut net = Network::new(
            3,
            &[4],
            1,
            Activation::Tanh,
            Activation::Tanh,
            &mut Rng::new(1),
        );
        let feats = [Feature::X1, Feature::X2, Feature::X1TimesX2];
        let mut grid = Grid::new(10);
        grid.evaluate(&mut net, &feats);
        assert_eq!(grid.cell_centre(0, 0), (-5.4, 5.4));
        for (column, row) in [(0, 0), (3, 7), (9, 9)] {
            let (a, b) = grid.cell_centre(column, row);
            let cell = row * 10 + column;
            let expected = net.forward(&[a, b, a * b])[0];
            assert_eq!(grid.output()[cell], expected);
            let hidden = net.layers[0].a.clone();
            for (k, h) in hidden.iter().enumerate() {
                assert_eq!(grid.neuron(k)[cell], *h);
            }
            assert_eq!(grid.feature(2, cell), a * b);
        }
    }
}
