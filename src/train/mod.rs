//! The Trainer: data, network and training loop of one experiment.

use crate::config::{ChangeEffect, Config, Seed};
use crate::data::datasets::TEXTBOOK_INPUTS;
use crate::data::{features, Dataset, Feature, Rng, Sample};
use crate::i18n::Text;
use crate::names::Choice;
use crate::nn::Training;
use crate::nn::{loss, Init, Loss, Network, NetworkState};
use crate::text;

mod history;

pub use history::{axis_ceiling, LossHistory, LossPoint};

/// Random streams derived from the seed: changing the network never changes the data.
const STREAM_DATA: u64 = 1;
const STREAM_WEIGHTS: u64 = 2;
const STREAM_SHUFFLE: u64 = 3;

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
    pub objective: &'static str,
    /// L of this sample.
    pub loss: f64,
    /// η of the step.
    pub learning_rate: f64,
    pub layers: Vec<LayerStep>,
}

/// One layer of an `Inspection`: z = W·a_prev + b, a = σ(z); δ = ∂L/∂z;
/// ∂L/∂W = δ·a_prevᵀ, ∂L/∂b = δ; W ← W − η·∂L/∂W, b ← b − η·∂L/∂b.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerStep {
    /// "sigmoid", "tanh", "relu", "linear" or "softmax".
    pub activation: &'static str,
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
}

/// How the loss of a sample and the output's gradient are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// The target of output neuron `j` for a sample's label: the label itself (±1, or the
/// regression value) for one tanh or linear output; for one sigmoid output, the label as
/// it is when labels are 0 and 1 (`zero_one`: the textbook example), else (label + 1)/2;
/// 1 for the true class and 0 for the others for a softmax output.
pub fn target(objective: Objective, n_out: usize, label: f64, j: usize, zero_one: bool) -> f64 {
    if n_out > 1 {
        f64::from(u8::from(label == j as f64))
    } else if objective == Objective::BinaryCrossEntropy && !zero_one {
        (label + 1.0) / 2.0
    } else {
        label
    }
}

/// The largest size of a regression label NN Lab takes (reg-plane's reach 1.2).
pub const MAX_REGRESSION_LABEL: f64 = 10.0;

/// Points of the history kept at most: about one per pixel of the loss chart's width.
pub const HISTORY_CAPACITY: usize = 320;

/// The largest epoch count: 2^53, the largest whole number JavaScript (and so the page, a
/// link, a file) holds exactly. Training stops there.
pub const MAX_EPOCH: u64 = 1 << 53;

/// Training that stopped because an epoch made a number overflow. The trainer is back at
/// the epoch before it (the last finite state), so everything shown is finite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// The epoch that could not be computed.
    pub epoch: u64,
    /// The same epoch overflows at the smallest learning rate too: lowering the rate does
    /// not help (the weights are too large to train from).
    pub even_at_lowest_rate: bool,
}

/// What an epoch changes, as it was before the epoch: the state to return to when the
/// epoch makes a number overflow (buffers reused from epoch to epoch).
#[derive(Clone, Debug, Default)]
struct Checkpoint {
    network: NetworkState,
    shuffle_rng: Option<Rng>,
    order: Vec<usize>,
    gradient_sizes: Vec<f64>,
    epoch: u64,
}

pub struct Trainer {
    config: Config,
    features: Vec<Feature>,
    /// Inputs per sample: the features' count, or 3 for the textbook example.
    n_inputs: usize,
    network: Network,
    train: Vec<Sample>,
    test: Vec<Sample>,
    /// Feature vectors of the training and test points, row by row.
    train_inputs: Vec<f64>,
    test_inputs: Vec<f64>,
    /// Order of the training points in the current epoch.
    order: Vec<usize>,
    /// ∂L/∂a (squared error) or δ = ∂L/∂z (cross-entropy) of each output neuron and
    /// sample of the current mini-batch, `d_loss[j * batch + s]` (reused).
    d_loss: Vec<f64>,
    objective: Objective,
    /// Share of correctly classified points (`None` for regression).
    train_accuracy: Option<f64>,
    test_accuracy: Option<f64>,
    shuffle_rng: Rng,
    epoch: u64,
    train_loss: f64,
    test_loss: f64,
    /// The training loss at epoch 0 (or after new data), to tell a loss that explodes.
    start_loss: f64,
    /// The points were edited by hand.
    custom_data: bool,
    history: LossHistory,
    /// Mean |∂L/∂W| per layer over the last epoch's mini-batches.
    gradient_sizes: Vec<f64>,
    /// The state before the epoch being trained.
    checkpoint: Checkpoint,
    /// Set when an epoch overflowed (and training went back to the epoch before).
    divergence: Option<Divergence>,
}

impl Trainer {
    /// Builds the experiment the config describes (data, network), at epoch 0.
    pub fn new(config: Config) -> Result<Trainer, crate::config::ConfigError> {
        config.validate()?;
        let features = config.features();
        let textbook = config.is_textbook();
        let n_inputs = if textbook { 3 } else { features.len() };
        let seed = config.experiment.seed.value();
        let mut weights_rng = Rng::stream(seed, STREAM_WEIGHTS);
        let init = if config.experiment.init_zero {
            Init::Zero
        } else {
            Init::Random(&mut weights_rng)
        };
        let (n_out, output_activation, softmax) = config.output_layer();
        let mut network = Network::with_init(
            n_inputs,
            &config.experiment.network_shape,
            n_out,
            config.experiment.activation,
            output_activation,
            init,
        );
        if let Some(out) = network.layers.last_mut() {
            out.softmax = softmax;
        }
        let mut trainer = Trainer {
            order: Vec::new(),
            d_loss: Vec::with_capacity(config.training.batch_size),
            shuffle_rng: Rng::stream(seed, STREAM_SHUFFLE),
            objective: Objective::of(&config),
            n_inputs,
            train_accuracy: None,
            test_accuracy: None,
            features,
            network,
            train: Vec::new(),
            test: Vec::new(),
            train_inputs: Vec::new(),
            test_inputs: Vec::new(),
            config,
            epoch: 0,
            train_loss: 0.0,
            test_loss: 0.0,
            history: LossHistory::new(HISTORY_CAPACITY),
            start_loss: 0.0,
            custom_data: false,
            gradient_sizes: Vec::new(),
            checkpoint: Checkpoint::default(),
            divergence: None,
        };
        trainer.generate_data();
        trainer.update_losses();
        trainer.start_loss = trainer.train_loss;
        Ok(trainer)
    }

    /// The data of the config's seed: the dataset's points, shuffled, split into training
    /// and test sets, and their feature vectors.
    fn generate_data(&mut self) {
        let config = &self.config;
        if config.is_textbook() {
            // Both samples train; there is no test set.
            self.train = Dataset::Textbook.generate(2, 0.0, &mut Rng::new(0));
            self.test.clear();
            self.train_inputs = TEXTBOOK_INPUTS.iter().flatten().copied().collect();
            self.test_inputs.clear();
            self.order = vec![0, 1];
            return;
        }
        let mut data_rng = Rng::stream(config.experiment.seed.value(), STREAM_DATA);
        let noise = f64::from(config.experiment.noise) / 100.0;
        let mut points = config.active_dataset().generate_classes(
            config.sample_count(),
            noise,
            config.experiment.classes,
            &mut data_rng,
        );
        data_rng.shuffle(&mut points);
        let split = points.len() * config.experiment.perc_train_data as usize / 100;
        self.test = points.split_off(split);
        self.train = points;
        self.compute_inputs();
    }

    /// "Regenerate": new data from the next seed, the same network, training goes on.
    pub fn regenerate(&mut self) {
        self.custom_data = false;
        self.divergence = None;
        self.config.experiment.seed = self.config.experiment.seed.next();
        self.generate_data();
        self.update_losses();
        self.start_loss = self.train_loss;
    }

    /// Sets parameter `index` (see `Network::param`) and recomputes the losses. A value
    /// that is not finite is refused.
    pub fn set_param(&mut self, index: usize, value: f64) -> Result<(), Text> {
        if !value.is_finite() {
            return Err(text!("err.notFinite", value = value));
        }
        if index >= self.network.param_count() {
            return Err(text!("err.noParameter", index = index));
        }
        let before = self.network.param(index);
        self.network.set_param(index, value);
        self.update_losses();
        if !self.losses_finite() {
            // The network cannot compute with it: nothing changes.
            self.network.set_param(index, before);
            self.update_losses();
            return Err(text!(
                "err.valueOverflows",
                value = crate::i18n::number(value)
            ));
        }
        self.divergence = None;
        Ok(())
    }

    /// The seed's text (after "Regenerate", the new one).
    pub fn seed(&self) -> &Seed {
        &self.config.experiment.seed
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Changes the config: live settings apply from the next epoch on; any other change
    /// rebuilds the experiment. Invalid configs are refused and change nothing.
    pub fn set_config(
        &mut self,
        config: Config,
    ) -> Result<ChangeEffect, crate::config::ConfigError> {
        config.validate()?;
        let effect = self.config.change_effect(&config);
        match effect {
            ChangeEffect::Reset => *self = Trainer::new(config)?,
            ChangeEffect::Live | ChangeEffect::None => {
                if effect == ChangeEffect::Live {
                    // Training may be tried again with the new settings.
                    self.divergence = None;
                }
                if config.training.optimizer != self.config.training.optimizer {
                    // A new optimiser starts from no velocity and no moments.
                    self.network.reset_optimizer();
                }
                self.config = config;
            }
        }
        Ok(effect)
    }

    /// Back to epoch 0 of the same experiment (same seed: same data, same initial weights).
    pub fn reset(&mut self) {
        if let Ok(mut fresh) = Trainer::new(self.config.clone()) {
            if self.custom_data {
                // Points the class placed by hand stay: a reset starts the network again.
                fresh.train = std::mem::take(&mut self.train);
                fresh.test = std::mem::take(&mut self.test);
                fresh.custom_data = true;
                fresh.data_changed();
                fresh.start_loss = fresh.train_loss;
            }
            *self = fresh;
        }
    }

    /// Replaces the data with `train` and `test` (already validated), as hand-edited data:
    /// a reset keeps them. The network keeps its weights.
    pub fn replace_data(&mut self, train: Vec<Sample>, test: Vec<Sample>) {
        if self.is_textbook() {
            // The textbook example's data are fixed (three inputs, not points).
            return;
        }
        self.train = train;
        self.test = test;
        self.custom_data = true;
        self.divergence = None;
        self.data_changed();
        self.start_loss = self.train_loss;
    }

    /// Restores the epoch count and the loss history of a saved experiment.
    pub fn restore_progress(&mut self, epoch: u64, history: &[LossPoint]) {
        self.epoch = epoch.min(MAX_EPOCH);
        self.history = LossHistory::restored(HISTORY_CAPACITY, history);
        self.update_losses();
    }

    /// Whether a point may join this data (the one check for clicked, CSV and JSON points):
    /// inside the view, with a label of this data.
    pub fn check_point(&self, p: &Sample) -> Result<(), Text> {
        let limit = crate::grid::DOMAIN;
        if !(p.x.is_finite() && p.y.is_finite() && p.x.abs() <= limit && p.y.abs() <= limit) {
            return Err(text!("err.outsideView", x = p.x, y = p.y, limit = limit));
        }
        if !self.label_is_valid(p.label) {
            return Err(text!("err.badLabel", label = p.label));
        }
        Ok(())
    }

    /// Whether a label belongs to this data: ±1 for two classes, a class number for
    /// more, a value from −10 to 10 for regression (0 or 1 for the textbook example).
    fn label_is_valid(&self, label: f64) -> bool {
        if self.is_textbook() {
            return label == 0.0 || label == 1.0;
        }
        match self.config.class_count() {
            0 => {
                label.is_finite() && (-MAX_REGRESSION_LABEL..=MAX_REGRESSION_LABEL).contains(&label)
            }
            2 => label == 1.0 || label == -1.0,
            k => label.fract() == 0.0 && (0.0..k as f64).contains(&label),
        }
    }

    /// The textbook example: fixed data of three inputs (not points of the plane) with
    /// labels 0 and 1 (not −1 and +1), which a sigmoid output takes as they are.
    fn is_textbook(&self) -> bool {
        self.config.is_textbook()
    }

    /// Whether the data were edited by hand (points added, removed or cleared).
    pub fn custom_data(&self) -> bool {
        self.custom_data
    }

    /// Adds a training point at (x, y) of the view with `label`: −1 or +1 for two classes,
    /// a class number for more, a value from −10 to 10 for regression. The network keeps its
    /// weights.
    pub fn add_point(&mut self, x: f64, y: f64, label: f64) -> Result<(), Text> {
        if self.is_textbook() {
            return Err(text!("err.textbookFixed"));
        }
        let point = Sample { x, y, label };
        self.check_point(&point)?;
        if self.train.len() + self.test.len() >= crate::config::MAX_SAMPLES {
            return Err(text!("err.full", max = crate::config::MAX_SAMPLES));
        }
        self.train.push(point);
        self.custom_data = true;
        self.data_changed();
        Ok(())
    }

    /// Removes the point (training or test) nearest to (x, y) if one is within `radius`;
    /// returns whether one was.
    pub fn remove_nearest(&mut self, x: f64, y: f64, radius: f64) -> bool {
        if self.is_textbook() {
            return false;
        }
        let distance = |p: &Sample| (p.x - x).hypot(p.y - y);
        let nearest = |set: &[Sample]| {
            set.iter()
                .enumerate()
                .map(|(i, p)| (distance(p), i))
                .min_by(|a, b| a.0.total_cmp(&b.0))
        };
        let in_train = nearest(&self.train);
        let in_test = nearest(&self.test);
        let removed = match (in_train, in_test) {
            (Some((d, i)), t) if d <= radius && t.is_none_or(|(dt, _)| d <= dt) => {
                self.train.remove(i);
                true
            }
            (_, Some((d, i))) if d <= radius => {
                self.test.remove(i);
                true
            }
            _ => false,
        };
        if removed {
            self.custom_data = true;
            self.data_changed();
        }
        removed
    }

    /// Removes every point, to place new ones by hand.
    pub fn clear_points(&mut self) {
        if self.is_textbook() {
            return;
        }
        self.train.clear();
        self.test.clear();
        self.custom_data = true;
        self.data_changed();
    }

    /// After the points changed: their feature vectors, the epoch order and the losses.
    fn data_changed(&mut self) {
        self.compute_inputs();
        self.update_losses();
    }

    /// The points' feature vectors and the epoch order.
    fn compute_inputs(&mut self) {
        let features = &self.features;
        let inputs_of = |samples: &[Sample]| {
            let mut out = vec![0.0; samples.len() * features.len()];
            for (row, s) in out.chunks_exact_mut(features.len()).zip(samples) {
                features::compute_into(features, s.x, s.y, row);
            }
            out
        };
        self.train_inputs = inputs_of(&self.train);
        self.test_inputs = inputs_of(&self.test);
        self.order = (0..self.train.len()).collect();
    }

    /// One epoch, then the training and test losses.
    pub fn step_epoch(&mut self) {
        self.step_epochs(1);
    }

    /// `epochs` epochs (fewer if the network stops being finite); returns how many ran.
    pub fn step_epochs(&mut self, epochs: u64) -> u64 {
        self.step_epochs_while(|done| done < epochs)
    }

    /// Trains epochs while `more(epochs done so far)` says so. The losses are computed for
    /// every epoch the loss history keeps, for the last epoch, and as soon as a weight is
    /// no longer finite: every loss anyone can see is computed exactly as by `step_epoch`,
    /// and epochs nobody sees (many per frame at maximum speed) skip the two extra passes
    /// over the data. An epoch that makes a weight or a loss overflow is undone: training
    /// stops at the epoch before it (`divergence`). Stops at `MAX_EPOCH` too.
    pub fn step_epochs_while(&mut self, mut more: impl FnMut(u64) -> bool) -> u64 {
        if self.diverged() {
            return 0;
        }
        let mut done = 0;
        let mut losses_stale = false;
        while self.epoch < MAX_EPOCH && more(done) {
            self.save_checkpoint();
            self.train_epoch();
            if !self.network.is_finite() {
                self.roll_back();
                return done;
            }
            done += 1;
            losses_stale = !self.history.keeps(self.epoch);
            if !losses_stale && !self.losses_of_epoch() {
                return done - 1;
            }
        }
        if losses_stale && !self.losses_of_epoch() {
            return done - 1;
        }
        done
    }

    /// The losses of the epoch just trained, into the history; false (and the epoch
    /// undone) when they overflowed.
    fn losses_of_epoch(&mut self) -> bool {
        self.compute_losses();
        if !self.losses_finite() {
            self.roll_back();
            return false;
        }
        self.record_losses();
        true
    }

    /// The state before an epoch, kept to return to if the epoch overflows.
    fn save_checkpoint(&mut self) {
        let c = &mut self.checkpoint;
        self.network.save_state(&mut c.network);
        c.shuffle_rng = Some(self.shuffle_rng.clone());
        c.order.clone_from(&self.order);
        c.gradient_sizes.clone_from(&self.gradient_sizes);
        c.epoch = self.epoch;
    }

    fn restore_checkpoint(&mut self) {
        let c = &self.checkpoint;
        self.network.restore_state(&c.network);
        if let Some(rng) = &c.shuffle_rng {
            self.shuffle_rng = rng.clone();
        }
        self.order.clone_from(&c.order);
        self.gradient_sizes.clone_from(&c.gradient_sizes);
        self.epoch = c.epoch;
    }

    /// The epoch just trained overflowed: back to the state before it, and why. Tries the
    /// same epoch once at the smallest learning rate, to tell whether lowering the rate
    /// can help.
    fn roll_back(&mut self) {
        let failed = self.checkpoint.epoch + 1;
        self.restore_checkpoint();
        let rate = self.config.training.learning_rate;
        self.config.training.learning_rate = crate::config::MIN_LEARNING_RATE;
        self.train_epoch();
        self.compute_losses();
        let even_at_lowest_rate = !(self.network.is_finite() && self.losses_finite());
        self.config.training.learning_rate = rate;
        self.restore_checkpoint();
        self.update_losses();
        self.divergence = Some(Divergence {
            epoch: failed,
            even_at_lowest_rate,
        });
    }

    /// Shuffle the training set, then one gradient step per mini-batch (the last, partial
    /// batch included).
    fn train_epoch(&mut self) {
        let n_features = self.n_inputs;
        self.shuffle_rng.shuffle(&mut self.order);
        let training = self.config.training;
        let objective = self.objective;
        let zero_one = self.is_textbook();
        let layers = self.network.layers.len();
        self.gradient_sizes.clear();
        self.gradient_sizes.resize(layers, 0.0);
        let mut batches = 0usize;
        for batch in self.order.chunks(self.config.training.batch_size) {
            let inputs = &self.train_inputs;
            self.network
                .forward_batch(|i, s| inputs[batch[s] * n_features + i], batch.len());
            let n = batch.len();
            let output = self.network.output();
            let n_out = output.len() / n;
            // a − t per output and sample: ∂L/∂a for ½(a − t)², and δ = ∂L/∂z for the
            // cross-entropies.
            self.d_loss.clear();
            for j in 0..n_out {
                self.d_loss.extend(batch.iter().enumerate().map(|(s, &i)| {
                    let t = target(objective, n_out, self.train[i].label, j, zero_one);
                    loss::squared_error_derivative(output[j * n + s], t)
                }));
            }
            let d_loss = &self.d_loss;
            if objective == Objective::Squared {
                self.network.backward_batch(|j, s| d_loss[j * n + s]);
            } else {
                self.network
                    .backward_batch_from_delta(|j, s| d_loss[j * n + s]);
            }
            // |∂L/∂W| averaged over the batch's samples and the layer's weights.
            for (size, layer) in self.gradient_sizes.iter_mut().zip(&self.network.layers) {
                let sum: f64 = layer.grad_weights.iter().map(|g| g.abs()).sum();
                *size += sum / (n as f64 * layer.grad_weights.len().max(1) as f64);
            }
            batches += 1;
            self.network.update(&training);
        }
        for size in &mut self.gradient_sizes {
            *size /= batches.max(1) as f64;
        }
        self.epoch += 1;
    }

    /// Mean loss over a set, all its samples in one batch, and the share classified right
    /// (`None` for regression). The loss is the objective's, without the penalty term.
    fn evaluate(
        network: &mut Network,
        (objective, zero_one): (Objective, bool),
        inputs: &[f64],
        samples: &[Sample],
        n: usize,
    ) -> (f64, Option<f64>) {
        if samples.is_empty() {
            return (0.0, None);
        }
        let batch = samples.len();
        network.forward_batch(|i, s| inputs[s * n + i], batch);
        let out = &network.layers[network.layers.len() - 1];
        let n_out = out.n_out;
        let mut total = 0.0;
        let mut correct = 0usize;
        let mut z_column = [0.0; 8];
        for (s, sample) in samples.iter().enumerate() {
            let a = |j: usize| out.a[j * batch + s];
            total += match objective {
                Objective::Squared => (0..n_out)
                    .map(|j| {
                        let t = target(objective, n_out, sample.label, j, zero_one);
                        loss::squared_error(a(j), t)
                    })
                    .sum(),
                Objective::BinaryCrossEntropy => loss::binary_cross_entropy(
                    out.z[s],
                    target(objective, n_out, sample.label, 0, zero_one),
                ),
                Objective::SoftmaxCrossEntropy => {
                    let z = &mut z_column[..n_out.min(8)];
                    for (j, v) in z.iter_mut().enumerate() {
                        *v = out.z[j * batch + s];
                    }
                    loss::softmax_cross_entropy(z, sample.label as usize)
                }
            };
            let right = if n_out > 1 {
                let best = (0..n_out)
                    .max_by(|&p, &q| a(p).total_cmp(&a(q)))
                    .unwrap_or(0);
                best as f64 == sample.label
            } else {
                let threshold = match out.activation {
                    crate::nn::Activation::Sigmoid => 0.5,
                    _ => 0.0,
                };
                (a(0) >= threshold) == (sample.label > 0.0)
            };
            correct += usize::from(right);
        }
        let accuracy = (out.activation != crate::nn::Activation::Linear || out.softmax)
            .then(|| correct as f64 / batch as f64);
        (total / batch as f64, accuracy)
    }

    /// The losses and accuracies of the network as it is, into the history.
    fn update_losses(&mut self) {
        self.compute_losses();
        self.record_losses();
    }

    fn compute_losses(&mut self) {
        let n = self.n_inputs;
        let o = (self.objective, self.is_textbook());
        (self.train_loss, self.train_accuracy) =
            Self::evaluate(&mut self.network, o, &self.train_inputs, &self.train, n);
        (self.test_loss, self.test_accuracy) =
            Self::evaluate(&mut self.network, o, &self.test_inputs, &self.test, n);
    }

    /// The current losses as the history's point of this epoch (only finite ones: the
    /// chart never holds a NaN).
    fn record_losses(&mut self) {
        if self.losses_finite() {
            self.history.push(LossPoint {
                epoch: self.epoch,
                train: self.train_loss,
                test: self.test_loss,
            });
        }
    }

    fn losses_finite(&self) -> bool {
        self.train_loss.is_finite() && self.test_loss.is_finite()
    }

    /// Forward and backward pass of training sample `sample` alone (a batch of one, the
    /// code that trains), leaving the gradient sums empty: the numbers of `Inspection`.
    fn one_sample_pass(&mut self, sample: usize) -> Option<Vec<f64>> {
        let n = self.n_inputs;
        let input = self
            .train_inputs
            .get(sample * n..(sample + 1) * n)?
            .to_vec();
        let label = self.train.get(sample)?.label;
        self.network.clear_gradients();
        self.network.forward_batch(|i, _| input[i], 1);
        let n_out = self.network.output().len();
        let (objective, zero_one) = (self.objective, self.is_textbook());
        let d: Vec<f64> = (0..n_out)
            .map(|j| self.network.output()[j] - target(objective, n_out, label, j, zero_one))
            .collect();
        if objective == Objective::Squared {
            self.network.backward_batch(|j, _| d[j]);
        } else {
            self.network.backward_batch_from_delta(|j, _| d[j]);
        }
        Some(input)
    }

    /// Every number of one sample's forward pass, backward pass and gradient-descent step
    /// W ← W − η·∂L/∂W at the current learning rate (not applied). `None` if there is no
    /// such training sample.
    pub fn inspect(&mut self, sample: usize) -> Option<Inspection> {
        let label = self.train.get(sample)?.label;
        let n = self.n_inputs;
        let row = self
            .train_inputs
            .get(sample * n..(sample + 1) * n)?
            .to_vec();
        let encoding = (self.objective, self.is_textbook());
        let (loss, _) = Self::evaluate(
            &mut self.network,
            encoding,
            &row,
            &self.train[sample..=sample],
            n,
        );
        let input = self.one_sample_pass(sample)?;
        let eta = self.config.training.learning_rate;
        let rows = |v: &[f64], width: usize| -> Vec<Vec<f64>> {
            v.chunks(width.max(1)).map(<[f64]>::to_vec).collect()
        };
        let layers = self
            .network
            .layers
            .iter()
            .map(|l| {
                let after = |p: &[f64], g: &[f64]| -> Vec<f64> {
                    p.iter().zip(g).map(|(p, g)| p - eta * g).collect()
                };
                LayerStep {
                    activation: if l.softmax {
                        "softmax"
                    } else {
                        l.activation.name()
                    },
                    weights: rows(&l.weights, l.n_in),
                    bias: l.bias.clone(),
                    z: l.z[..l.n_out].to_vec(),
                    a: l.a[..l.n_out].to_vec(),
                    delta: l.delta[..l.n_out].to_vec(),
                    grad_weights: rows(&l.grad_weights, l.n_in),
                    grad_bias: l.grad_bias.clone(),
                    weights_after: rows(&after(&l.weights, &l.grad_weights), l.n_in),
                    bias_after: after(&l.bias, &l.grad_bias),
                }
            })
            .collect();
        let n_out = self.network.output().len();
        let target = (0..n_out)
            .map(|j| target(self.objective, n_out, label, j, self.is_textbook()))
            .collect();
        self.network.clear_gradients();
        Some(Inspection {
            sample,
            input,
            label,
            target,
            objective: match self.objective {
                Objective::Squared => "squared",
                Objective::BinaryCrossEntropy => "binaryCrossEntropy",
                Objective::SoftmaxCrossEntropy => "softmaxCrossEntropy",
            },
            loss,
            learning_rate: eta,
            layers,
        })
    }

    /// The network's outputs for training sample `sample` (a forward pass only).
    pub fn outputs(&mut self, sample: usize) -> Option<Vec<f64>> {
        let n = self.n_inputs;
        let input = self
            .train_inputs
            .get(sample * n..(sample + 1) * n)?
            .to_vec();
        self.network.forward_batch(|i, _| input[i], 1);
        Some(self.network.output().to_vec())
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
        let count = self.train.len();
        self.save_checkpoint();
        if self.one_sample_pass(sample).is_none() {
            return Err(text!(
                "err.noSample",
                index = sample,
                last = count.saturating_sub(1)
            ));
        }
        // The worked example teaches plain gradient descent, without a penalty.
        self.network
            .update(&Training::sgd(self.config.training.learning_rate));
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

    /// Share of the training points classified right (`None` for regression).
    pub fn train_accuracy(&self) -> Option<f64> {
        self.train_accuracy
    }

    pub fn test_accuracy(&self) -> Option<f64> {
        self.test_accuracy
    }

    pub fn objective(&self) -> Objective {
        self.objective
    }

    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Mean loss over the training set: ½(output − label)² as TFP (or the cross-entropy),
    /// without the regularisation term.
    pub fn train_loss(&self) -> f64 {
        self.train_loss
    }

    pub fn test_loss(&self) -> f64 {
        self.test_loss
    }

    /// True when the training loss has grown to more than 1.5 times what it was at epoch 0:
    /// the steps overshoot (typically a learning rate too high for the network), even if
    /// every number is still finite (a saturated network gets stuck at a high loss). At
    /// rates up to 0.3 on the default data the loss never rose above 1.01 times its start
    /// in 300 epochs; at 10 it reaches 1.6 to 2.2 times.
    pub fn loss_exploded(&self) -> bool {
        self.epoch > 0 && self.train_loss > 1.5 * self.start_loss
    }

    /// The training loss at epoch 0 (or since the data last changed).
    pub fn start_loss(&self) -> f64 {
        self.start_loss
    }

    /// Mean |∂L/∂W| of each layer over the last epoch (one number per layer, the output
    /// layer last): where gradients vanish, the first layers' numbers fall far below the
    /// last's.
    pub fn gradient_sizes(&self) -> &[f64] {
        &self.gradient_sizes
    }

    /// True when training stopped because an epoch overflowed (see `divergence`), or a loss
    /// is not a finite number.
    pub fn diverged(&self) -> bool {
        self.divergence.is_some() || !self.losses_finite()
    }

    /// Why training stopped, when an epoch overflowed.
    pub fn divergence(&self) -> Option<Divergence> {
        self.divergence
    }

    pub fn history(&self) -> &LossHistory {
        &self.history
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }

    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    pub fn train_samples(&self) -> &[Sample] {
        &self.train
    }

    pub fn test_samples(&self) -> &[Sample] {
        &self.test
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Experiment;
    use crate::nn::Activation;

    #[test]
    fn many_epochs_at_once_show_the_same_losses_as_one_at_a_time() {
        let config = Config {
            experiment: Experiment {
                dataset: crate::data::Dataset::Spiral,
                network_shape: vec![6, 6],
                ..Default::default()
            },
            ..Config::default()
        };
        let mut one = Trainer::new(config.clone()).unwrap();
        let mut many = Trainer::new(config).unwrap();
        for _ in 0..1500 {
            one.step_epoch();
        }
        assert_eq!(many.step_epochs(700), 700);
        assert_eq!(many.step_epochs(800), 800);
        assert_eq!(one.epoch(), many.epoch());
        assert_eq!(one.train_loss().to_bits(), many.train_loss().to_bits());
        assert_eq!(one.test_loss().to_bits(), many.test_loss().to_bits());
        assert_eq!(one.history().points(), many.history().points());
        assert!(one.history().points().len() > 150);
    }

    #[test]
    fn split_follows_the_train_share() {
        let c = Config {
            experiment: Experiment {
                perc_train_data: 30,
                ..Default::default()
            },
            ..Config::default()
        };
        let t = Trainer::new(c).unwrap();
        assert_eq!(t.train_samples().len(), 150);
        assert_eq!(t.test_samples().len(), 350);
    }

    #[test]
    fn every_training_point_is_used_once_per_epoch_with_a_partial_last_batch() {
        // 250 points in batches of 30: 8 full batches and one of 10, all in this epoch.
        let c = Config {
            training: Training {
                batch_size: 30,
                ..Default::default()
            },
            ..Config::default()
        };
        let mut t = Trainer::new(c).unwrap();
        t.step_epoch();
        let mut seen = t.order.clone();
        seen.sort();
        assert_eq!(seen, (0..250).collect::<Vec<_>>());
        // Nothing is left accumulated for the next epoch.
        let net = t.network();
        assert!((0..net.param_count()).all(|p| net.grad(p) == 0.0));
    }

    #[test]
    fn the_order_is_reshuffled_every_epoch() {
        let mut t = Trainer::new(Config::default()).unwrap();
        t.step_epoch();
        let first = t.order.clone();
        t.step_epoch();
        assert_ne!(first, t.order);
    }

    #[test]
    fn live_changes_keep_the_weights_and_others_reset() {
        let mut t = Trainer::new(Config::default()).unwrap();
        for _ in 0..5 {
            t.step_epoch();
        }
        let weights = t.network().layers[0].weights.clone();
        let faster = {
            let mut config = t.config().clone();
            config.training.learning_rate = 0.3;
            config
        };
        assert_eq!(t.set_config(faster).unwrap(), ChangeEffect::Live);
        assert_eq!(t.epoch(), 5);
        assert_eq!(t.network().layers[0].weights, weights);
        let relu = {
            let mut config = t.config().clone();
            config.experiment.activation = Activation::Relu;
            config
        };
        assert_eq!(t.set_config(relu).unwrap(), ChangeEffect::Reset);
        assert_eq!(t.epoch(), 0);
        let bad = {
            let mut config = t.config().clone();
            config.training.batch_size = 0;
            config
        };
        assert!(t.set_config(bad).is_err());
        assert_eq!(t.config().training.batch_size, 10);
    }
}
