//! A fully connected multilayer perceptron: forward pass, backward pass (backpropagation),
//! gradient-descent update.
//!
//! The passes work on a batch of samples at once, layer by layer: a layer's values are
//! stored neuron by neuron, each neuron's row holding one value per sample
//! (`a[j * batch + s]`), so the inner loops run along contiguous rows and vectorise. Every
//! sample's arithmetic is the same, operation for operation and in the same order, as a
//! forward and backward pass of that sample alone, as [`super::reference`] writes the
//! formulas (a test checks this bit for bit), and a single sample is simply a batch of one. Buffers grow to the largest batch seen and are
//! then reused: no allocation per step.

use super::optimizer::Training;
use super::{Activation, Regularization};
use crate::data::Rng;

mod embedding;
mod layer;
mod params;

pub use embedding::Embedding;
pub use layer::Layer;

/// How the weights start: U(−0.5, 0.5) from the RNG, or all zero (TFP's `initZero`).
pub enum Init<'a> {
    Random(&'a mut Rng),
    Zero,
}

/// A copy of what training changes in a network (see `Network::save_state`).
#[derive(Clone, Debug, Default)]
pub struct NetworkState {
    values: Vec<f64>,
    steps: u64,
}

impl NetworkState {
    /// The memory it holds, in bytes.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<NetworkState>() + self.values.capacity() * std::mem::size_of::<f64>()
    }

    /// The weights and biases, then the optimiser's state, layer by layer (in
    /// `save_state`'s order).
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

/// The network: hidden layers and one output layer, and in text mode an embedding table
/// before them.
#[derive(Clone, Debug)]
pub struct Network {
    /// The text mode's embedding: the input is k symbols, looked up in its table.
    pub embedding: Option<Embedding>,
    pub layers: Vec<Layer>,
    /// The inputs of the last forward pass: `input[i * batch + s]`.
    input: Vec<f64>,
    n_inputs: usize,
    /// Samples in the last forward pass.
    batch: usize,
    /// Samples whose gradients are summed in `grad_*` since the last update.
    accumulated: usize,
    /// Updates made with the current optimiser state (Adam's t).
    steps: u64,
    /// Per sample Σ_m a_m·g_m of a softmax output's backward pass (reused).
    dots: Vec<f64>,
    /// The held parameters' values and states during an update (reused).
    held: Vec<(usize, [f64; 3])>,
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
        Network::with_init(
            n_inputs,
            hidden,
            n_outputs,
            hidden_activation,
            output_activation,
            Init::Random(rng),
        )
    }

    /// As `new`, with the weights' initialisation chosen.
    pub fn with_init(
        n_inputs: usize,
        hidden: &[usize],
        n_outputs: usize,
        hidden_activation: Activation,
        output_activation: Activation,
        mut init: Init<'_>,
    ) -> Network {
        let mut layers = Vec::with_capacity(hidden.len() + 1);
        let mut n_in = n_inputs;
        let mut layer = |n_in, n_out, activation| {
            let init = match &mut init {
                Init::Random(rng) => Init::Random(rng),
                Init::Zero => Init::Zero,
            };
            Layer::new(n_in, n_out, activation, init)
        };
        for &n in hidden {
            layers.push(layer(n_in, n, hidden_activation));
            n_in = n;
        }
        layers.push(layer(n_in, n_outputs, output_activation));
        Network {
            embedding: None,
            layers,
            input: vec![0.0; n_inputs],
            n_inputs,
            batch: 1,
            accumulated: 0,
            steps: 0,
            dots: Vec::new(),
            held: Vec::new(),
        }
    }

    /// Updates made with the current optimiser state (Adam's t).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Forward pass of one sample; returns the output layer's activations.
    pub fn forward(&mut self, input: &[f64]) -> &[f64] {
        self.forward_batch(|i, s| input[i + s], 1);
        self.output()
    }

    /// Forward pass of `batch` samples; `input(i, s)` is feature i of sample s.
    pub fn forward_batch(&mut self, input: impl Fn(usize, usize) -> f64, batch: usize) {
        self.forward_layers(input, batch, None);
    }

    /// A training pass's forward pass: as `forward_batch`, with each hidden layer's
    /// dropout drawn from `rng` (`Layer::drop_out`); the backward pass that follows
    /// uses the same masks.
    pub fn forward_batch_training(
        &mut self,
        input: impl Fn(usize, usize) -> f64,
        batch: usize,
        rng: &mut Rng,
    ) {
        self.forward_layers(input, batch, Some(rng));
    }

    fn forward_layers(
        &mut self,
        input: impl Fn(usize, usize) -> f64,
        batch: usize,
        rng: Option<&mut Rng>,
    ) {
        self.batch = batch;
        self.input.resize(self.n_inputs * batch, 0.0);
        for i in 0..self.n_inputs {
            for (s, x) in self.input[i * batch..(i + 1) * batch]
                .iter_mut()
                .enumerate()
            {
                *x = input(i, s);
            }
        }
        self.run_layers(batch, rng);
    }

    /// The forward pass from the inputs filled in: not inlined into its (generic) callers,
    /// so it is built with the engine, at full speed, whatever crate calls it.
    #[inline(never)]
    pub(super) fn run_layers(&mut self, batch: usize, mut rng: Option<&mut Rng>) {
        let last = self.layers.len() - 1;
        for l in 0..=last {
            let (lower, upper) = self.layers.split_at_mut(l);
            let layer = &mut upper[0];
            layer.resize(batch);
            let prev: &[f64] = if l == 0 {
                &self.input
            } else {
                lower[l - 1].output()
            };
            layer.forward(prev, batch);
            match rng.as_deref_mut() {
                Some(rng) if l < last && layer.dropout > 0.0 => layer.drop_out(rng, batch),
                _ => layer.keep.clear(),
            }
        }
    }

    /// The output layer's activations of the last forward pass: `output[j * batch + s]`.
    pub fn output(&self) -> &[f64] {
        &self.layers[self.layers.len() - 1].a
    }

    /// Layer `layer`'s activations for `batch` inputs (`input[i * batch + s]`), computed
    /// as `forward_batch` computes them but leaving the network as it is: `a[j * batch +
    /// s]`, in `buffers` (reused: the views call this every frame).
    pub fn layer_activations<'b>(
        &self,
        layer: usize,
        input: &[f64],
        batch: usize,
        buffers: &'b mut [Vec<f64>; 3],
    ) -> &'b [f64] {
        let [z, a, previous] = buffers;
        previous.clear();
        previous.extend_from_slice(&input[..self.n_inputs * batch]);
        for l in &self.layers[..=layer] {
            l.forward_into(previous, batch, z, a);
            std::mem::swap(previous, a);
        }
        previous
    }

    /// Backward pass for the last forward pass of one sample, given ∂L/∂a of the output.
    pub fn backward(&mut self, d_loss_d_output: &[f64]) {
        self.backward_batch(|j, _| d_loss_d_output[j]);
    }

    /// Backward pass for the last forward pass; `d_loss_d_output(j, s)` is ∂L/∂a of output
    /// neuron j for sample s. Computes δ of every layer and adds each sample's ∂L/∂W and
    /// ∂L/∂b to the sums, in order of the samples.
    ///
    /// δ_out = ∂L/∂a ⊙ σ'(z_out); δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ σ'(z_l);
    /// ∂L/∂W_l = δ_l a_{l−1}ᵀ; ∂L/∂b_l = δ_l.
    pub fn backward_batch(&mut self, d_loss_d_output: impl Fn(usize, usize) -> f64) {
        let batch = self.batch;
        let last = self.layers.len() - 1;
        let out = &mut self.layers[last];
        if out.softmax {
            // δ_j = a_j·(g_j − Σ_m a_m·g_m): the softmax's Jacobian times g = ∂L/∂a.
            self.dots.clear();
            self.dots.resize(batch, 0.0);
            for j in 0..out.n_out {
                for s in 0..batch {
                    let g = d_loss_d_output(j, s);
                    out.delta[j * batch + s] = g;
                    self.dots[s] += out.a[j * batch + s] * g;
                }
            }
            for j in 0..out.n_out {
                for s in 0..batch {
                    let k = j * batch + s;
                    out.delta[k] = out.a[k] * (out.delta[k] - self.dots[s]);
                }
            }
        } else {
            let act = out.activation;
            for j in 0..out.n_out {
                let range = j * batch..(j + 1) * batch;
                let rows = out.delta[range.clone()]
                    .iter_mut()
                    .zip(&out.z[range.clone()])
                    .zip(&out.a[range]);
                for (s, ((delta, &z), &a)) in rows.enumerate() {
                    *delta = d_loss_d_output(j, s) * act.derivative(z, a);
                }
            }
        }
        self.propagate();
    }

    /// Backward pass given the output layer's δ = ∂L/∂z directly: for a loss matched to
    /// its output, where δ = a − t (cross-entropy on a sigmoid or softmax output), which
    /// stays exact where a saturates.
    pub fn backward_batch_from_delta(&mut self, delta_out: impl Fn(usize, usize) -> f64) {
        let batch = self.batch;
        let last = self.layers.len() - 1;
        let out = &mut self.layers[last];
        for j in 0..out.n_out {
            for (s, d) in out.delta[j * batch..(j + 1) * batch].iter_mut().enumerate() {
                *d = delta_out(j, s);
            }
        }
        self.propagate();
    }

    /// From the output's δ: every hidden layer's δ, then the gradient sums. Not inlined
    /// into its (generic) callers, as `run_layers`.
    #[inline(never)]
    fn propagate(&mut self) {
        let batch = self.batch;
        let last = self.layers.len() - 1;
        for l in (0..last).rev() {
            let (lower, upper) = self.layers.split_at_mut(l + 1);
            let layer = &mut lower[l];
            let next = &upper[0];
            let act = layer.activation;
            for i in 0..layer.n_out {
                let range = i * batch..(i + 1) * batch;
                let delta = &mut layer.delta[range.clone()];
                // ∂L/∂a_i = Σ_j w_ji δ_j, summed in order of j.
                delta.fill(0.0);
                for j in 0..next.n_out {
                    let w = next.weights[j * next.n_in + i];
                    let next_delta = &next.delta[j * batch..(j + 1) * batch];
                    for (d, &nd) in delta.iter_mut().zip(next_delta) {
                        *d += w * nd;
                    }
                }
                // Dropout: ∂(a·keep)/∂z = keep·σ'(z).
                if !layer.keep.is_empty() {
                    for (d, &k) in delta.iter_mut().zip(&layer.keep[range.clone()]) {
                        *d *= k;
                    }
                }
                act.multiply_by_derivative(delta, &layer.z[range.clone()], &layer.a[range]);
                // A switched-off neuron's output does not depend on its z.
                if layer.off[i] {
                    delta.fill(0.0);
                }
            }
        }
        for l in 0..self.layers.len() {
            let (lower, upper) = self.layers.split_at_mut(l);
            let input: &[f64] = if l == 0 {
                &self.input
            } else {
                lower[l - 1].output()
            };
            upper[0].accumulate_gradients(input, batch);
        }
        if let Some(embedding) = &mut self.embedding {
            embedding.accumulate_gradients(&self.layers[0], batch);
        }
        self.accumulated += batch;
    }

    /// Gradient descent on the mean gradient of the accumulated samples:
    /// W ← W − η·(1/n)Σ∂L/∂W, b ← b − η·(1/n)Σ∂L/∂b. Clears the sums.
    pub fn apply_gradients(&mut self, learning_rate: f64) {
        self.apply_gradients_regularized(learning_rate, Regularization::None, 0.0);
    }

    /// As `apply_gradients`, descending loss + λ·ΣR(w) over the weights (biases are not
    /// regularised): w ← w − η·((1/n)Σ∂L/∂w + λ·R'(w)); see `Training::update`.
    pub fn apply_gradients_regularized(
        &mut self,
        learning_rate: f64,
        regularization: Regularization,
        rate: f64,
    ) {
        self.update(&Training {
            regularization,
            regularization_rate: rate,
            ..Training::sgd(learning_rate)
        });
    }

    /// One update with an optimiser, on the mean gradient of the accumulated samples plus
    /// the penalty on the weights: every parameter through `Training::update`, where each
    /// optimiser's formula is written once. Clears the sums.
    #[inline(never)]
    pub fn update(&mut self, settings: &Training) {
        if self.accumulated == 0 {
            return;
        }
        let n = self.accumulated as f64;
        self.steps += 1;
        let t = self.steps;
        if let Some(e) = &mut self.embedding {
            settings.update(&mut e.table, &mut e.grad, &mut e.m, &mut e.v, n, t, true);
        }
        let held = &mut self.held;
        for k in 0..self.layers.len() {
            let (lower, upper) = self.layers.split_at_mut(k);
            let previous_off: &[bool] = lower.last().map_or(&[], |p| &p.off);
            let l = &mut upper[0];
            // Switched-off and frozen neurons' parameters step like the others, then are
            // put back: the rest of the update is exactly as without them.
            let holds = l.holds_any(previous_off);
            if holds {
                l.save_held(previous_off, held);
            }
            settings.update(
                &mut l.weights,
                &mut l.grad_weights,
                &mut l.m_weights,
                &mut l.v_weights,
                n,
                t,
                true,
            );
            settings.update(
                &mut l.bias,
                &mut l.grad_bias,
                &mut l.m_bias,
                &mut l.v_bias,
                n,
                t,
                false,
            );
            if holds {
                l.restore_held(held);
            }
        }
        self.accumulated = 0;
    }

    /// Switches hidden neuron j of layer l off or on, frozen or not (the output layer's
    /// neurons are always on).
    pub fn set_neuron(&mut self, l: usize, j: usize, off: bool, frozen: bool) {
        let last = self.layers.len() - 1;
        if let Some(layer) = self.layers[..last].get_mut(l) {
            if j < layer.n_out {
                (layer.off[j], layer.frozen[j]) = (off, frozen);
            }
        }
    }

    /// Whether parameter `index` (`param`'s order) is held where it is by a switched-off
    /// or frozen neuron.
    pub fn is_held(&self, index: usize) -> bool {
        if index < self.embedding_params() {
            return false;
        }
        let (l, weight, k) = self.locate(index);
        let previous_off: &[bool] = if l == 0 { &[] } else { &self.layers[l - 1].off };
        let layer = &self.layers[l];
        match weight {
            true => layer.held(k / layer.n_in, Some(k % layer.n_in), previous_off),
            false => layer.held(k, None, previous_off),
        }
    }

    /// Sets hidden layer l's dropout rate (0 to below 1).
    pub fn set_dropout(&mut self, l: usize, rate: f64) {
        let last = self.layers.len() - 1;
        if let Some(layer) = self.layers[..last].get_mut(l) {
            layer.dropout = rate.clamp(0.0, 0.99);
        }
    }

    /// Drops the summed gradients without an update.
    pub fn clear_gradients(&mut self) {
        if let Some(e) = &mut self.embedding {
            e.grad.fill(0.0);
        }
        for layer in &mut self.layers {
            layer.grad_weights.fill(0.0);
            layer.grad_bias.fill(0.0);
        }
        self.accumulated = 0;
    }

    /// Forgets the optimiser's state (velocities, moments, step count): after a switch of
    /// optimiser, the weights stay.
    pub fn reset_optimizer(&mut self) {
        self.steps = 0;
        if let Some(e) = &mut self.embedding {
            e.m.fill(0.0);
            e.v.fill(0.0);
        }
        for layer in &mut self.layers {
            // The optimiser's part of what training changes (after W and b).
            for buffer in layer.trained_mut().into_iter().skip(2) {
                buffer.fill(0.0);
            }
        }
    }

    /// The parameters before the layers': the embedding's table.
    pub fn embedding_params(&self) -> usize {
        self.embedding.as_ref().map_or(0, |e| e.table.len())
    }

    fn layer_offset(&self, layer: usize) -> usize {
        self.embedding_params()
            + self.layers[..layer]
                .iter()
                .map(|l| l.weights.len() + l.bias.len())
                .sum::<usize>()
    }

    /// Locates parameter `index` of the layers (after the embedding's table): layer by
    /// layer, weights (row-major) then biases.
    fn locate(&self, index: usize) -> (usize, bool, usize) {
        let mut index = index - self.embedding_params();
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
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_tests;
