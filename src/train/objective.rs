//! What training minimises: the objective of the config's loss and output, each
//! sample's targets, and a set's mean loss and accuracy, computed for both sets and
//! recorded in the history.

use super::*;

/// How the loss of a sample and the output's gradient are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Objective {
    /// L = Σ_j ½(a_j − t_j)² on the output (tanh, linear, or softmax).
    Squared,
    /// L = ln(1 + e^z) − t·z on a sigmoid output, t = (label + 1)/2; δ = a − t.
    BinaryCrossEntropy,
    /// L = ln Σ_k e^(z_k) − z_class on a softmax output; δ_k = a_k − [k = class].
    SoftmaxCrossEntropy,
}

impl Objective {
    pub fn of(config: &Config) -> Objective {
        match (config.experiment.loss, config.class_count()) {
            (Loss::Squared, _) | (_, 0) => Objective::Squared,
            (Loss::CrossEntropy, 2) => Objective::BinaryCrossEntropy,
            (Loss::CrossEntropy, _) => Objective::SoftmaxCrossEntropy,
        }
    }
}

/// How a sample's label becomes what each output neuron should show, decided once per
/// experiment (the targets are computed once per sample when the data are built).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding {
    pub objective: Objective,
    /// Output neurons.
    pub n_out: usize,
    /// The labels are 0 and 1 (the textbook example), not −1 and +1.
    labels_zero_one: bool,
}

impl Encoding {
    pub fn of(config: &Config) -> Encoding {
        Encoding {
            objective: Objective::of(config),
            n_out: config.output_layer().0,
            labels_zero_one: config.is_textbook(),
        }
    }

    /// Text mode: a softmax over the `symbols` with cross-entropy, −ln p of the next
    /// symbol, in nats (a language model's loss, whatever `loss` says).
    pub fn text(symbols: usize) -> Encoding {
        Encoding {
            objective: Objective::SoftmaxCrossEntropy,
            n_out: symbols,
            labels_zero_one: false,
        }
    }

    /// The target t_j of output neuron `j` for a label: the label itself (±1, or the
    /// regression value) for one tanh or linear output; for one sigmoid output, the label
    /// as it is when labels are 0 and 1, else (label + 1)/2; 1 for the true class and 0
    /// for the others for a softmax output.
    pub fn target(self, label: f64, j: usize) -> f64 {
        if self.n_out > 1 {
            f64::from(u8::from(label == j as f64))
        } else if self.objective == Objective::BinaryCrossEntropy && !self.labels_zero_one {
            (label + 1.0) / 2.0
        } else {
            label
        }
    }

    /// Every sample's targets, sample by sample: `targets[s * n_out + j]`.
    pub fn targets(self, samples: &[Sample]) -> Vec<f64> {
        samples
            .iter()
            .flat_map(|s| (0..self.n_out).map(move |j| self.target(s.label, j)))
            .collect()
    }
}

/// Samples evaluated at once in text mode.
pub const EVALUATION_PART: usize = 1024;

impl Trainer {
    /// Mean loss over a set, all its samples in one batch (the objective's, without the
    /// penalty term), and the set's `score` from the same pass: each point's class (the
    /// output's sign, ½ for a sigmoid, or the most probable class) and the confusion
    /// counts, or for regression the errors.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn evaluate(
        network: &mut Network,
        encoding: Encoding,
        inputs: &[f64],
        targets: &[f64],
        samples: &[Sample],
        n: usize,
        score: &mut Score,
    ) -> f64 {
        let out_layer = network.layers.len() - 1;
        let out = &network.layers[out_layer];
        let classified = out.activation != crate::nn::Activation::Linear || out.softmax;
        let classes = match (classified, out.n_out) {
            (false, _) => 0,
            (true, 1) => 2,
            (true, k) => k,
        };
        score.begin(classes, samples.len());
        if samples.is_empty() {
            return 0.0;
        }
        // Text mode's sets are tens of thousands of examples through layers of hundreds:
        // in parts, each sample's arithmetic the same and the losses summed in order.
        let text = network.embedding.is_some();
        let part = if text { EVALUATION_PART } else { samples.len() };
        let mut total = 0.0;
        let mut z_column = Vec::new();
        for first in (0..samples.len()).step_by(part) {
            let batch = part.min(samples.len() - first);
            let inputs = &inputs[first * n..(first + batch) * n];
            if text {
                network.forward_context(|slot, s| inputs[s * n + slot] as usize, batch, None);
            } else {
                network.forward_batch(|i, s| inputs[s * n + i], batch);
            }
            let samples = &samples[first..first + batch];
            let first_target = first * encoding.n_out;
            let targets = targets.get(first_target..).unwrap_or(&[]);
            total += Self::evaluate_part(
                &network.layers[out_layer],
                encoding,
                targets,
                samples,
                classes,
                score,
                &mut z_column,
            );
        }
        score.end(samples.len());
        total / samples.len() as f64
    }

    /// The summed loss of the samples of the last forward pass, and their score.
    fn evaluate_part(
        out: &crate::nn::Layer,
        encoding: Encoding,
        targets: &[f64],
        samples: &[Sample],
        classes: usize,
        score: &mut Score,
        z_column: &mut Vec<f64>,
    ) -> f64 {
        let (objective, batch, n_out) = (encoding.objective, samples.len(), out.n_out);
        // A sample's targets: kept, or (text mode) from its label.
        let target = |s: usize, j: usize| match targets.is_empty() {
            true => encoding.target(samples[s].label, j),
            false => targets[s * n_out + j],
        };
        let mut total = 0.0;
        for (s, sample) in samples.iter().enumerate() {
            let a = |j: usize| out.a[j * batch + s];
            total += match objective {
                Objective::Squared => (0..n_out)
                    .map(|j| loss::squared_error(a(j), target(s, j)))
                    .sum(),
                Objective::BinaryCrossEntropy => loss::binary_cross_entropy(out.z[s], target(s, 0)),
                Objective::SoftmaxCrossEntropy => {
                    z_column.clear();
                    z_column.extend((0..n_out).map(|j| out.z[j * batch + s]));
                    loss::softmax_cross_entropy(z_column, sample.label as usize)
                }
            };
            if classes == 0 {
                score.add_value(a(0), sample.label);
            } else {
                let predicted = if n_out > 1 {
                    (0..n_out)
                        .max_by(|&p, &q| a(p).total_cmp(&a(q)))
                        .unwrap_or(0)
                } else {
                    let threshold = match out.activation {
                        crate::nn::Activation::Sigmoid => 0.5,
                        _ => 0.0,
                    };
                    usize::from(a(0) >= threshold)
                };
                let truth = score.truth(sample.label).unwrap_or(0);
                score.add_class(truth, predicted);
            }
        }
        total
    }

    /// The losses and accuracies of the network as it is, into the history.
    pub(super) fn update_losses(&mut self) {
        self.compute_losses();
        self.record_losses();
    }

    pub(super) fn compute_losses(&mut self) {
        let n = self.n_inputs;
        let o = self.encoding;
        self.train_loss = Self::evaluate(
            &mut self.network,
            o,
            &self.train_inputs,
            &self.train_targets,
            &self.train,
            n,
            &mut self.train_score,
        );
        self.test_loss = Self::evaluate(
            &mut self.network,
            o,
            &self.test_inputs,
            &self.test_targets,
            &self.test,
            n,
            &mut self.test_score,
        );
    }

    /// The current losses as the history's point of this epoch (only finite ones: the
    /// chart never holds a NaN).
    pub(super) fn record_losses(&mut self) {
        if self.losses_finite() {
            let kept = self.history.push(LossPoint {
                epoch: self.epoch,
                train: self.train_loss,
                test: self.test_loss,
            });
            if kept {
                self.keep_state();
            }
        }
    }

    pub(super) fn losses_finite(&self) -> bool {
        self.train_loss.is_finite() && self.test_loss.is_finite()
    }
}
