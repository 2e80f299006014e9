//! A fully connected multilayer perceptron: forward pass, backward pass (backpropagation),
//! gradient-descent update. Every buffer is allocated once, when the network is built.

use super::Activation;
use crate::data::Rng;

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
    /// Pre-activations z of the last forward pass.
    pub z: Vec<f64>,
    /// Activations a = σ(z) of the last forward pass.
    pub a: Vec<f64>,
    /// δ = ∂L/∂z of the last backward pass.
    pub delta: Vec<f64>,
    /// ∂L/∂W summed over the samples since the last update.
    pub grad_weights: Vec<f64>,
    /// ∂L/∂b summed over the samples since the last update.
    pub grad_bias: Vec<f64>,
}

impl Layer {
    fn new(n_in: usize, n_out: usize, activation: Activation, rng: &mut Rng) -> Layer {
        // TFP's initialisation: weights U(−0.5, 0.5), biases 0.1.
        let weights = (0..n_in * n_out).map(|_| rng.uniform(-0.5, 0.5)).collect();
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
        }
    }

    /// z = W·input + b, a = σ(z).
    #[inline]
    fn forward(&mut self, input: &[f64]) {
        for j in 0..self.n_out {
            let row = &self.weights[j * self.n_in..(j + 1) * self.n_in];
            let z = row
                .iter()
                .zip(input)
                .fold(self.bias[j], |s, (w, x)| s + w * x);
            self.z[j] = z;
            self.a[j] = self.activation.apply(z);
        }
    }

    /// Adds δ·inputᵀ to ∂L/∂W and δ to ∂L/∂b.
    #[inline]
    fn accumulate_gradients(&mut self, input: &[f64]) {
        for j in 0..self.n_out {
            let d = self.delta[j];
            self.grad_bias[j] += d;
            let row = &mut self.grad_weights[j * self.n_in..(j + 1) * self.n_in];
            for (g, x) in row.iter_mut().zip(input) {
                *g += d * x;
            }
        }
    }
}

/// The network: hidden layers and one output layer.
#[derive(Clone, Debug)]
pub struct Network {
    pub layers: Vec<Layer>,
    /// The input of the last forward pass.
    input: Vec<f64>,
    /// Samples whose gradients are summed in `grad_*` since the last update.
    accumulated: usize,
}

impl Network {
    /// Builds a network with `n_inputs` inputs, the given hidden layer sizes sharing
    /// `hidden_activation`, and `n_outputs` output neurons with `output_activation`.
    pub fn new(
        n_inputs: usize,
        hidden: &[usize],
        n_outputs: usize,
        hidden_activation: Activation,
        output_activation: Activation,
        rng: &mut Rng,
    ) -> Network {
        let mut layers = Vec::with_capacity(hidden.len() + 1);
        let mut n_in = n_inputs;
        for &n in hidden {
            layers.push(Layer::new(n_in, n, hidden_activation, rng));
            n_in = n;
        }
        layers.push(Layer::new(n_in, n_outputs, output_activation, rng));
        Network {
            layers,
            input: vec![0.0; n_inputs],
            accumulated: 0,
        }
    }

    pub fn n_inputs(&self) -> usize {
        self.input.len()
    }

    /// Forward pass; returns the output layer's activations.
    pub fn forward(&mut self, input: &[f64]) -> &[f64] {
        debug_assert_eq!(input.len(), self.input.len());
        self.input.copy_from_slice(input);
        let mut prev: &[f64] = &self.input;
        for layer in &mut self.layers {
            layer.forward(prev);
            prev = &layer.a;
        }
        prev
    }

    /// The output of the last forward pass.
    pub fn output(&self) -> &[f64] {
        &self.layers[self.layers.len() - 1].a
    }

    /// Backward pass for the last forward pass, given ∂L/∂a of the output layer.
    /// Computes δ of every layer and adds this sample's ∂L/∂W, ∂L/∂b to the sums.
    ///
    /// δ_out = ∂L/∂a ⊙ σ'(z_out); δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ σ'(z_l);
    /// ∂L/∂W_l = δ_l a_{l−1}ᵀ; ∂L/∂b_l = δ_l.
    pub fn backward(&mut self, d_loss_d_output: &[f64]) {
        let last = self.layers.len() - 1;
        {
            let out = &mut self.layers[last];
            let act = out.activation;
            for (((delta, d_a), &z), &a) in out
                .delta
                .iter_mut()
                .zip(d_loss_d_output)
                .zip(&out.z)
                .zip(&out.a)
            {
                *delta = d_a * act.derivative(z, a);
            }
        }
        for l in (0..last).rev() {
            let (lower, upper) = self.layers.split_at_mut(l + 1);
            let layer = &mut lower[l];
            let next = &upper[0];
            for i in 0..layer.n_out {
                let mut d_a = 0.0;
                for j in 0..next.n_out {
                    d_a += next.weights[j * next.n_in + i] * next.delta[j];
                }
                layer.delta[i] = d_a * layer.activation.derivative(layer.z[i], layer.a[i]);
            }
        }
        for l in 0..self.layers.len() {
            let (lower, upper) = self.layers.split_at_mut(l);
            let input: &[f64] = if l == 0 { &self.input } else { &lower[l - 1].a };
            upper[0].accumulate_gradients(input);
        }
        self.accumulated += 1;
    }

    /// Gradient descent on the mean gradient of the accumulated samples:
    /// W ← W − η·(1/n)Σ∂L/∂W, b ← b − η·(1/n)Σ∂L/∂b. Clears the sums.
    pub fn apply_gradients(&mut self, learning_rate: f64) {
        if self.accumulated == 0 {
            return;
        }
        let step = learning_rate / self.accumulated as f64;
        for layer in &mut self.layers {
            for (w, g) in layer.weights.iter_mut().zip(&mut layer.grad_weights) {
                *w -= step * *g;
                *g = 0.0;
            }
            for (b, g) in layer.bias.iter_mut().zip(&mut layer.grad_bias) {
                *b -= step * *g;
                *g = 0.0;
            }
        }
        self.accumulated = 0;
    }

    /// Number of trainable parameters (every weight and bias).
    pub fn param_count(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.weights.len() + l.bias.len())
            .sum()
    }

    /// Locates parameter `index`: layer by layer, weights (row-major) then biases.
    fn locate(&self, mut index: usize) -> (usize, bool, usize) {
        for (l, layer) in self.layers.iter().enumerate() {
            if index < layer.weights.len() {
                return (l, true, index);
            }
            index -= layer.weights.len();
            if index < layer.bias.len() {
                return (l, false, index);
            }
            index -= layer.bias.len();
        }
        panic!("parameter index out of range");
    }

    pub fn param(&self, index: usize) -> f64 {
        let (l, is_weight, i) = self.locate(index);
        let layer = &self.layers[l];
        if is_weight {
            layer.weights[i]
        } else {
            layer.bias[i]
        }
    }

    pub fn set_param(&mut self, index: usize, value: f64) {
        let (l, is_weight, i) = self.locate(index);
        let layer = &mut self.layers[l];
        if is_weight {
            layer.weights[i] = value;
        } else {
            layer.bias[i] = value;
        }
    }

    /// The accumulated gradient of parameter `index`.
    pub fn grad(&self, index: usize) -> f64 {
        let (l, is_weight, i) = self.locate(index);
        let layer = &self.layers[l];
        if is_weight {
            layer.grad_weights[i]
        } else {
            layer.grad_bias[i]
        }
    }

    /// True when every weight and bias is a finite number.
    pub fn is_finite(&self) -> bool {
        self.layers.iter().all(|l| {
            l.weights.iter().all(|w| w.is_finite()) && l.bias.iter().all(|b| b.is_finite())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::loss;

    fn loss_at(net: &mut Network, x: &[f64], y: f64) -> f64 {
        loss::squared_error(net.forward(x)[0], y)
    }

    /// Every activation, several shapes: backprop equals central finite differences.
    #[test]
    fn gradients_match_finite_differences() {
        let shapes: [&[usize]; 5] = [&[], &[3], &[4, 2], &[5, 3, 4], &[2, 2, 2, 2]];
        let mut rng = Rng::new(7);
        for act in Activation::ALL {
            for (s, hidden) in shapes.iter().enumerate() {
                for output in [Activation::Tanh, Activation::Linear, Activation::Sigmoid] {
                    let n_in = 2 + s % 3;
                    let mut net = Network::new(n_in, hidden, 1, act, output, &mut rng);
                    // Larger weights than the default make the test more demanding.
                    for p in 0..net.param_count() {
                        let v = net.param(p) * 3.0;
                        net.set_param(p, v);
                    }
                    let x: Vec<f64> = (0..n_in).map(|_| rng.uniform(-1.5, 1.5)).collect();
                    let y = 0.7;
                    let out = net.forward(&x)[0];
                    net.backward(&[loss::squared_error_derivative(out, y)]);
                    let h = 1e-5;
                    for p in 0..net.param_count() {
                        let v = net.param(p);
                        net.set_param(p, v + h);
                        let up = loss_at(&mut net, &x, y);
                        net.set_param(p, v - h);
                        let down = loss_at(&mut net, &x, y);
                        net.set_param(p, v);
                        let numeric = (up - down) / (2.0 * h);
                        let analytic = net.grad(p);
                        let scale = numeric.abs().max(analytic.abs()).max(1e-4);
                        let rel = (numeric - analytic).abs() / scale;
                        assert!(
                            rel < 1e-6,
                            "{act:?}/{output:?} shape {hidden:?} param {p}: \
                             numeric {numeric} analytic {analytic} (rel {rel})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn an_update_lowers_the_loss_of_its_sample() {
        let mut rng = Rng::new(3);
        let mut net = Network::new(2, &[4, 2], 1, Activation::Tanh, Activation::Tanh, &mut rng);
        let x = [0.5, -1.0];
        let before = loss_at(&mut net, &x, 1.0);
        let out = net.forward(&x)[0];
        net.backward(&[loss::squared_error_derivative(out, 1.0)]);
        net.apply_gradients(0.1);
        assert!(loss_at(&mut net, &x, 1.0) < before);
        assert!((0..net.param_count()).all(|p| net.grad(p) == 0.0));
    }

    #[test]
    fn initialisation_follows_tfp() {
        let mut rng = Rng::new(11);
        let net = Network::new(7, &[8, 8], 1, Activation::Tanh, Activation::Tanh, &mut rng);
        for layer in &net.layers {
            assert!(layer.weights.iter().all(|w| (-0.5..0.5).contains(w)));
            assert!(layer.bias.iter().all(|&b| b == 0.1));
        }
        assert_eq!(net.param_count(), 7 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
    }
}
