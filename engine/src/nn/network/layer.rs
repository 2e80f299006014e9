//! One layer's parameters, its optimiser state and its buffers, and its own part of the
//! passes: the forward pass (the one formula training and every view use) and the
//! gradients' sums.

use super::*;

/// One layer: z = W·a_prev + b, a = σ(z).
#[derive(Clone, Debug)]
pub struct Layer {
    /// Neurons feeding this layer.
    pub n_in: usize,
    /// Neurons in this layer.
    pub n_out: usize,
    /// W, row-major: `weights[j * n_in + i]` is the weight from neuron i of the previous
    /// layer to neuron j of this one.
    pub weights: Vec<f64>,
    /// b, one per neuron.
    pub bias: Vec<f64>,
    pub activation: Activation,
    /// Pre-activations z of the last forward pass: `z[j * batch + s]`.
    pub z: Vec<f64>,
    /// Activations a = σ(z) of the last forward pass: `a[j * batch + s]`.
    pub a: Vec<f64>,
    /// δ = ∂L/∂z of the last backward pass: `delta[j * batch + s]`.
    pub delta: Vec<f64>,
    /// ∂L/∂W summed over the samples since the last update.
    pub grad_weights: Vec<f64>,
    /// ∂L/∂b summed over the samples since the last update.
    pub grad_bias: Vec<f64>,
    /// The output layer of a multi-class network: a = softmax(z) across its neurons,
    /// a_j = e^(z_j) / Σ_k e^(z_k) (`activation` is then `Linear`).
    pub softmax: bool,
    /// The optimiser's state per weight and per bias (momentum's velocity and Adam's
    /// first moment in `m_*`, Adam's second moment in `v_*`).
    pub m_weights: Vec<f64>,
    pub v_weights: Vec<f64>,
    pub m_bias: Vec<f64>,
    pub v_bias: Vec<f64>,
    /// Per neuron: switched off (its output is 0, its links learn nothing).
    pub off: Vec<bool>,
    /// Per neuron: frozen (its incoming weights and bias stay as they are).
    pub frozen: Vec<bool>,
    /// The share of this hidden layer's neurons dropped in each training pass, 0 to 0.9.
    pub dropout: f64,
    /// Dropout's factors in the last training pass, `keep[j * batch + s]`: 0 for a
    /// dropped neuron, else 1/(1 − p) (inverted dropout); empty when nothing was dropped.
    pub keep: Vec<f64>,
    /// a ⊙ keep: what the next layer received in that pass.
    dropped: Vec<f64>,
}

impl Layer {
    /// What training changes in this layer, in one order: W, b, then the optimiser's
    /// state (`m_weights`, `v_weights`, `m_bias`, `v_bias`).
    pub(super) fn trained(&self) -> [&Vec<f64>; 6] {
        [
            &self.weights,
            &self.bias,
            &self.m_weights,
            &self.v_weights,
            &self.m_bias,
            &self.v_bias,
        ]
    }

    /// `trained`, to change.
    pub(super) fn trained_mut(&mut self) -> [&mut Vec<f64>; 6] {
        [
            &mut self.weights,
            &mut self.bias,
            &mut self.m_weights,
            &mut self.v_weights,
            &mut self.m_bias,
            &mut self.v_bias,
        ]
    }

    pub(super) fn new(n_in: usize, n_out: usize, activation: Activation, init: Init<'_>) -> Layer {
        // TFP's initialisation: weights U(−0.5, 0.5) (or 0 with initZero), biases 0.1.
        let weights = match init {
            Init::Random(rng) => (0..n_in * n_out).map(|_| rng.uniform(-0.5, 0.5)).collect(),
            Init::Zero => vec![0.0; n_in * n_out],
        };
        Layer {
            n_in,
            n_out,
            weights,
            bias: vec![0.1; n_out],
            activation,
            z: vec![0.0; n_out],
            a: vec![0.0; n_out],
            delta: vec![0.0; n_out],
            grad_weights: vec![0.0; n_in * n_out],
            grad_bias: vec![0.0; n_out],
            softmax: false,
            m_weights: vec![0.0; n_in * n_out],
            v_weights: vec![0.0; n_in * n_out],
            m_bias: vec![0.0; n_out],
            v_bias: vec![0.0; n_out],
            off: vec![false; n_out],
            frozen: vec![false; n_out],
            dropout: 0.0,
            keep: Vec::new(),
            dropped: Vec::new(),
        }
    }

    /// What the next layer receives from the last forward pass: a, or a ⊙ keep in a
    /// training pass with dropout.
    pub fn output(&self) -> &[f64] {
        if self.keep.is_empty() {
            &self.a
        } else {
            &self.dropped
        }
    }

    /// Inverted dropout on the last forward pass: each neuron of each sample is dropped
    /// with probability p (one draw from `rng` per neuron and sample, neuron by neuron),
    /// the others scaled by 1/(1 − p) so the next layer's input keeps its mean.
    pub(super) fn drop_out(&mut self, rng: &mut Rng, batch: usize) {
        let p = self.dropout;
        let scale = 1.0 / (1.0 - p);
        self.keep.clear();
        self.keep
            .extend((0..self.n_out * batch).map(|_| if rng.next_f64() < p { 0.0 } else { scale }));
        self.dropped.clear();
        self.dropped
            .extend(self.a.iter().zip(&self.keep).map(|(&a, &k)| a * k));
    }

    /// Whether the weight from neuron i of the previous layer to neuron j (or, with no i,
    /// neuron j's bias) is held where it is: by neuron j switched off or frozen, or by
    /// neuron i switched off (`previous_off`), whose outgoing links learn nothing either.
    pub(super) fn held(&self, j: usize, i: Option<usize>, previous_off: &[bool]) -> bool {
        self.off[j] || self.frozen[j] || i.is_some_and(|i| previous_off.get(i) == Some(&true))
    }

    /// Whether any parameter of this layer is held (see `held`).
    pub(super) fn holds_any(&self, previous_off: &[bool]) -> bool {
        self.off
            .iter()
            .chain(&self.frozen)
            .chain(previous_off)
            .any(|&b| b)
    }

    /// Puts the held weights' and biases' values and optimiser states into `saved`, to
    /// be put back after an update (`restore_held`).
    pub(super) fn save_held(&self, previous_off: &[bool], saved: &mut Vec<(usize, [f64; 3])>) {
        saved.clear();
        for j in 0..self.n_out {
            for i in 0..self.n_in {
                if self.held(j, Some(i), previous_off) {
                    let k = j * self.n_in + i;
                    saved.push((k, [self.weights[k], self.m_weights[k], self.v_weights[k]]));
                }
            }
        }
        for j in 0..self.n_out {
            if self.held(j, None, previous_off) {
                let k = self.weights.len() + j;
                saved.push((k, [self.bias[j], self.m_bias[j], self.v_bias[j]]));
            }
        }
    }

    /// Puts back what `save_held` kept.
    pub(super) fn restore_held(&mut self, saved: &[(usize, [f64; 3])]) {
        let n = self.weights.len();
        for &(k, [theta, m, v]) in saved {
            if k < n {
                (self.weights[k], self.m_weights[k], self.v_weights[k]) = (theta, m, v);
            } else {
                let j = k - n;
                (self.bias[j], self.m_bias[j], self.v_bias[j]) = (theta, m, v);
            }
        }
    }

    pub(super) fn resize(&mut self, batch: usize) {
        let len = self.n_out * batch;
        self.z.resize(len, 0.0);
        self.a.resize(len, 0.0);
        self.delta.resize(len, 0.0);
    }

    /// z_j = b_j + Σ_i w_ji·x_i (summed in order of i), a_j = σ(z_j), for every sample;
    /// into the layer's own `z` and `a`.
    pub(super) fn forward(&mut self, input: &[f64], batch: usize) {
        let (mut z, mut a) = (std::mem::take(&mut self.z), std::mem::take(&mut self.a));
        self.forward_into(input, batch, &mut z, &mut a);
        (self.z, self.a) = (z, a);
    }

    /// The forward pass of `batch` samples (`input[i * batch + s]`) into `z` and `a`
    /// (`[j * batch + s]`, resized): the one formula training and every view use.
    pub fn forward_into(&self, input: &[f64], batch: usize, z: &mut Vec<f64>, a: &mut Vec<f64>) {
        z.resize(self.n_out * batch, 0.0);
        a.resize(self.n_out * batch, 0.0);
        for j in 0..self.n_out {
            let z = &mut z[j * batch..(j + 1) * batch];
            z.fill(self.bias[j]);
            let row = &self.weights[j * self.n_in..(j + 1) * self.n_in];
            for (i, &w) in row.iter().enumerate() {
                let x = &input[i * batch..(i + 1) * batch];
                for (z, &x) in z.iter_mut().zip(x) {
                    *z += w * x;
                }
            }
        }
        self.activation.apply_all(z, a);
        // A switched-off neuron's output is 0, whatever its z.
        for (j, _) in self.off.iter().enumerate().filter(|(_, &off)| off) {
            a[j * batch..(j + 1) * batch].fill(0.0);
        }
        if self.softmax {
            // Per sample, across the neurons; shifted by the largest z so e^z cannot
            // overflow (the shift cancels in the ratio).
            for s in 0..batch {
                let z = |j: usize| z[j * batch + s];
                let top = (0..self.n_out).map(z).fold(f64::NEG_INFINITY, f64::max);
                let mut sum = 0.0;
                for j in 0..self.n_out {
                    // Below e^(−708) (3e-308) a term is nothing next to the top's 1.
                    let e = crate::nn::math::exp((z(j) - top).max(-708.0));
                    a[j * batch + s] = e;
                    sum += e;
                }
                for j in 0..self.n_out {
                    a[j * batch + s] /= sum;
                }
            }
        }
    }

    /// Adds δ·inputᵀ to ∂L/∂W and δ to ∂L/∂b, sample after sample.
    pub(super) fn accumulate_gradients(&mut self, input: &[f64], batch: usize) {
        for j in 0..self.n_out {
            let delta = &self.delta[j * batch..(j + 1) * batch];
            for &d in delta {
                self.grad_bias[j] += d;
            }
            let grads = &mut self.grad_weights[j * self.n_in..(j + 1) * self.n_in];
            for (i, g) in grads.iter_mut().enumerate() {
                let x = &input[i * batch..(i + 1) * batch];
                let mut sum = *g;
                for (&d, &x) in delta.iter().zip(x) {
                    sum += d * x;
                }
                *g = sum;
            }
        }
    }
}
