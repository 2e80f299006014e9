//! The worked example: one sample through the forward and backward pass and one
//! gradient-descent step, with the code that trains.

use super::*;
use crate::nn::Activation;

/// One sample through the network, every number of the forward and the backward pass and
/// of one gradient-descent step, as `Trainer::inspect` computes them with the code that
/// trains.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// The sample's number in the training set.
    pub sample: usize,
    /// The network's input (the sample's features).
    pub input: Vec<f64>,
    pub label: f64,
    /// t: what each output neuron should show.
    pub target: Vec<f64>,
    /// "squared", "binaryCrossEntropy" or "softmaxCrossEntropy".
    pub objective: Objective,
    /// L of this sample.
    pub loss: f64,
    /// η of the step.
    pub learning_rate: f64,
    pub layers: Vec<LayerStep>,
    /// Text mode: the context looked up in C and the rows of C the step changes.
    pub text: Option<TextStep>,
}

/// The text mode's part of an `Inspection`: x = [C[c₁], …, C[cₖ]] and, backward,
/// ∂L/∂x = (W⁽¹⁾)ᵀδ⁽¹⁾ added into the rows of C the context looked up.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextStep {
    /// The context's k characters, the oldest first ("." the boundary).
    pub context: Vec<String>,
    /// The character to predict; its symbol number is the label (its output neuron).
    pub next: String,
    /// X: the k rows looked up, C[c₁] … C[cₖ]; x is them side by side.
    pub rows: Vec<Vec<f64>>,
    /// ∂L/∂X: ∂L/∂x = (W⁽¹⁾)ᵀδ⁽¹⁾ cut into the k slots' rows.
    pub grad_rows: Vec<Vec<f64>>,
    /// Each row of C the step changes, in the order the context first uses it.
    pub changed: Vec<ChangedRow>,
}

/// A row of C the worked example's step changes.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedRow {
    pub character: String,
    /// The slots (from 0) that looked it up: ∂L/∂C[c] is the sum of their rows of ∂L/∂X.
    pub slots: Vec<usize>,
    /// C[c] before the step, ∂L/∂C[c] (the training code's scatter-add), C[c] after.
    pub before: Vec<f64>,
    pub grad: Vec<f64>,
    pub after: Vec<f64>,
}

/// One layer of an `Inspection`: z = W·a_prev + b, a = σ(z); δ = ∂L/∂z;
/// ∂L/∂W = δ·a_prevᵀ, ∂L/∂b = δ; W ← W − η·∂L/∂W, b ← b − η·∂L/∂b.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerStep {
    /// "sigmoid", "tanh", "relu", "linear" or "softmax".
    pub activation: Squash,
    /// W[j][i]: from neuron i of the layer before to neuron j.
    pub weights: Vec<Vec<f64>>,
    pub bias: Vec<f64>,
    pub z: Vec<f64>,
    pub a: Vec<f64>,
    pub delta: Vec<f64>,
    pub grad_weights: Vec<Vec<f64>>,
    pub grad_bias: Vec<f64>,
    pub weights_after: Vec<Vec<f64>>,
    pub bias_after: Vec<f64>,
    /// Dropout's factors k in this pass (0 dropped, else 1/(1 − p)); `a` is then
    /// σ(z)·k, what the next layer receives. Empty without dropout.
    pub keep: Vec<f64>,
    /// The layer's dropout rate p.
    pub dropout: f64,
    /// σ(z) before dropout's factors (equal to `a` without dropout).
    pub activated: Vec<f64>,
    /// The neurons switched off (a = 0, δ = 0) and frozen.
    pub off: Vec<bool>,
    pub frozen: Vec<bool>,
    /// M ⊙ ∂L/∂W and M ⊙ ∂L/∂b: the gradients the step applies, 0 where a switched-off
    /// or frozen neuron holds the parameter (M = 0), else ∂L/∂W itself.
    pub step_weights: Vec<Vec<f64>>,
    pub step_bias: Vec<f64>,
    /// Whether any parameter of the layer is held (M is not all 1).
    pub holds: bool,
}

/// A layer's function a = f(z): its activation, or the softmax across the output layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Squash {
    Activation(Activation),
    Softmax,
}

impl Squash {
    /// The function as the formulas write it: σ, tanh, ReLU, id, softmax.
    pub fn symbol(self) -> &'static str {
        match self {
            Squash::Activation(Activation::Sigmoid) => "σ",
            Squash::Activation(Activation::Tanh) => "tanh",
            Squash::Activation(Activation::Relu) => "ReLU",
            Squash::Activation(Activation::Linear) => "id",
            Squash::Softmax => "softmax",
        }
    }
}

impl serde::Serialize for Squash {
    /// The activation's name, or "softmax".
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Squash::Activation(a) => a.serialize(serializer),
            Squash::Softmax => serializer.serialize_str("softmax"),
        }
    }
}

impl Trainer {
    /// Forward and backward pass of training sample `sample` alone (a batch of one, the
    /// code that trains): the gradient sums hold that sample's ∂L/∂W and ∂L/∂b.
    pub(super) fn one_sample_pass(&mut self, sample: usize) -> Option<Vec<f64>> {
        let n_out = self.encoding.n_out;
        let targets = self.targets_of(sample)?;
        self.network.clear_gradients();
        // A training pass: with dropout, a mask of the sample's own (the same for the
        // same sample at the same epoch, so the example and its step agree).
        let stream = (self.epoch << 16) ^ sample as u64;
        let mut masks = Rng::stream(self.config.experiment.seed.value() ^ stream, STREAM_DROPOUT);
        let input = self.forward_one(sample, Some(&mut masks))?;
        // a − t: ∂L/∂a for ½(a − t)², δ = ∂L/∂z for the cross-entropies (as in training).
        let d: Vec<f64> = (0..n_out)
            .map(|j| loss::squared_error_derivative(self.network.output()[j], targets[j]))
            .collect();
        if self.encoding.objective == Objective::Squared {
            self.network.backward_batch(|j, _| d[j]);
        } else {
            self.network.backward_batch_from_delta(|j, _| d[j]);
        }
        Some(input)
    }

    /// Every number of one sample's forward pass, backward pass and gradient-descent step
    /// W ← W − η·∂L/∂W at the current learning rate, computed by the update that
    /// `apply_inspected` applies (on a copy: nothing is changed). `None` if there is no
    /// such training sample.
    pub fn inspect(&mut self, sample: usize) -> Option<Inspection> {
        let label = self.train.get(sample)?.label;
        let (n, n_out) = (self.n_inputs, self.encoding.n_out);
        let row = self
            .train_inputs
            .get(sample * n..(sample + 1) * n)?
            .to_vec();
        let target = self.targets_of(sample)?;
        debug_assert_eq!(target.len(), n_out);
        let loss = Self::evaluate(
            &mut self.network,
            self.encoding,
            &row,
            &target,
            &self.train[sample..=sample],
            n,
            &mut Score::default(),
        );
        let input = self.one_sample_pass(sample)?;
        let eta = self.config.training.learning_rate;
        let mut after = self.network.clone();
        after.update(&Self::worked_step(eta));
        let rows = |v: &[f64], width: usize| -> Vec<Vec<f64>> {
            v.chunks(width.max(1)).map(<[f64]>::to_vec).collect()
        };
        let net = &self.network;
        let mut layers = Vec::with_capacity(net.layers.len());
        let mut p = 0;
        for (l, next) in net.layers.iter().zip(&after.layers) {
            // M ⊙ ∂L/∂W and M ⊙ ∂L/∂b, parameter by parameter in `param`'s order.
            let mut holds = false;
            let mut applied = |g: &[f64]| -> Vec<f64> {
                g.iter()
                    .map(|&g| {
                        let held = net.is_held(p);
                        p += 1;
                        holds |= held;
                        if held {
                            0.0
                        } else {
                            g
                        }
                    })
                    .collect()
            };
            let step_weights = rows(&applied(&l.grad_weights), l.n_in);
            let step_bias = applied(&l.grad_bias);
            layers.push(LayerStep {
                activation: if l.softmax {
                    Squash::Softmax
                } else {
                    Squash::Activation(l.activation)
                },
                weights: rows(&l.weights, l.n_in),
                bias: l.bias.clone(),
                z: l.z[..l.n_out].to_vec(),
                a: l.output()[..l.n_out].to_vec(),
                activated: l.a[..l.n_out].to_vec(),
                keep: l.keep.clone(),
                dropout: l.dropout,
                off: l.off.clone(),
                frozen: l.frozen.clone(),
                step_weights,
                step_bias,
                holds,
                delta: l.delta[..l.n_out].to_vec(),
                grad_weights: rows(&l.grad_weights, l.n_in),
                grad_bias: l.grad_bias.clone(),
                weights_after: rows(&next.weights, l.n_in),
                bias_after: next.bias.clone(),
            });
        }
        let text = self.text_step(&input, label, &after);
        self.network.clear_gradients();
        Some(Inspection {
            sample,
            input,
            label,
            target,
            objective: self.encoding.objective,
            loss,
            learning_rate: eta,
            layers,
            text,
        })
    }

    /// Text mode: the context's rows of C, ∂L/∂x cut into its slots, and the rows the
    /// step changes, read from the one-sample pass just made (its gradient sums are that
    /// sample's) and from the network `after` the step.
    fn text_step(&self, input: &[f64], label: f64, after: &Network) -> Option<TextStep> {
        let data = self.text.as_ref()?;
        let (embedding, next) = (self.network.embedding.as_ref()?, after.embedding.as_ref()?);
        let d = embedding.dim;
        let character = |c: usize| data.vocabulary.symbol(c).to_string();
        // One sample: ids[slot] and dx[slot·d + e] (the batch is 1).
        let ids = &embedding.ids;
        let mut changed: Vec<ChangedRow> = Vec::new();
        for (slot, &c) in ids.iter().enumerate() {
            match changed.iter_mut().find(|r| r.character == character(c)) {
                Some(row) => row.slots.push(slot),
                None => changed.push(ChangedRow {
                    character: character(c),
                    slots: vec![slot],
                    before: embedding.row(c).to_vec(),
                    grad: embedding.grad[c * d..(c + 1) * d].to_vec(),
                    after: next.row(c).to_vec(),
                }),
            }
        }
        Some(TextStep {
            context: ids.iter().map(|&c| character(c)).collect(),
            next: character(label as usize),
            rows: input.chunks(d).map(<[f64]>::to_vec).collect(),
            grad_rows: embedding.dx.chunks(d).map(<[f64]>::to_vec).collect(),
            changed,
        })
    }

    /// The worked example's step: plain gradient descent at η, without a penalty (what it
    /// teaches), the same update as training's.
    fn worked_step(learning_rate: f64) -> Training {
        Training::sgd(learning_rate)
    }

    /// The network's outputs for training sample `sample` (a forward pass only).
    pub fn outputs(&mut self, sample: usize) -> Option<Vec<f64>> {
        self.forward_one(sample, None)?;
        Some(self.network.output().to_vec())
    }

    /// What the graph colours its nodes by for training sample `sample`: the first
    /// layer's input, then every layer's output (a forward pass only).
    pub fn node_values(&mut self, sample: usize) -> Option<Vec<f64>> {
        let mut values = self.forward_one(sample, None)?;
        for layer in &self.network.layers {
            values.extend_from_slice(&layer.a);
        }
        Some(values)
    }

    /// The forward pass of training sample `sample` alone (a training pass with `masks`);
    /// returns what the network's first layer read: the sample's inputs, or in text mode
    /// its context's rows of the embedding side by side.
    fn forward_one(&mut self, sample: usize, masks: Option<&mut Rng>) -> Option<Vec<f64>> {
        let n = self.n_inputs;
        let row = self
            .train_inputs
            .get(sample * n..(sample + 1) * n)?
            .to_vec();
        if self.text.is_some() {
            let ids: Vec<usize> = row.iter().map(|&c| c as usize).collect();
            self.network.forward_context(|slot, _| ids[slot], 1, masks);
            return Some(crate::nn::reference::embed(&self.network, &ids));
        }
        match masks {
            Some(masks) => self.network.forward_batch_training(|i, _| row[i], 1, masks),
            None => self.network.forward_batch(|i, _| row[i], 1),
        }
        Some(row)
    }

    /// Training sample `sample`'s targets: kept, or (text mode) from its label.
    fn targets_of(&self, sample: usize) -> Option<Vec<f64>> {
        let n_out = self.encoding.n_out;
        if self.train_targets.is_empty() {
            let label = self.train.get(sample)?.label;
            return Some((0..n_out).map(|j| self.encoding.target(label, j)).collect());
        }
        Some(
            self.train_targets
                .get(sample * n_out..(sample + 1) * n_out)?
                .to_vec(),
        )
    }

    /// The training sample nearest to (x, y) within `radius`, if any.
    pub fn nearest_training_sample(&self, x: f64, y: f64, radius: f64) -> Option<usize> {
        self.train
            .iter()
            .enumerate()
            .map(|(i, p)| ((p.x - x).hypot(p.y - y), i))
            .filter(|&(d, _)| d <= radius)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i)
    }

    /// Applies the step `inspect(sample)` shows: one plain gradient-descent step on that
    /// sample alone, W ← W − η·∂L/∂W, b ← b − η·∂L/∂b. The epoch count does not change.
    /// A step that would make a number overflow is refused and changes nothing.
    pub fn apply_inspected(&mut self, sample: usize) -> Result<(), Text> {
        self.show_present();
        let count = self.train.len();
        self.save_checkpoint();
        if self.one_sample_pass(sample).is_none() {
            return Err(text!(
                "err.noSample",
                index = sample,
                last = count.saturating_sub(1)
            ));
        }
        self.network
            .update(&Self::worked_step(self.config.training.learning_rate));
        self.compute_losses();
        if !(self.network.is_finite() && self.losses_finite()) {
            self.restore_checkpoint();
            self.update_losses();
            return Err(text!("err.stepOverflows"));
        }
        self.divergence = None;
        self.record_losses();
        Ok(())
    }
}
