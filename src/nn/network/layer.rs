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
