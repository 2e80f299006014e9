//! The Trainer: data, network and training loop of one experiment.

use crate::config::{ChangeEffect, Config, Seed};
use crate::data::datasets::TEXTBOOK_INPUTS;
use crate::data::{digits, features, Dataset, Feature, Rng, Sample};
use crate::i18n::Text;
use crate::nn::Training;
use crate::nn::{loss, Init, Loss, Network, NetworkState};
use crate::text;

mod data;
mod epoch;
mod history;
mod images;
mod inspect;
mod neurons;
mod objective;
mod params;
mod points;
mod score;
mod text;
mod timeline;

pub use history::{LossHistory, LossPoint};
pub use inspect::{ChangedRow, Inspection, LayerStep, Squash, TextStep};
pub use objective::{Encoding, Objective, EVALUATION_PART};
pub use points::MAX_REGRESSION_LABEL;
pub use score::{Errors, Score};
pub use text::{TextData, MAX_POEM_CHARS, MAX_WRITTEN_CHARS};
pub use timeline::TIMELINE_BYTES;

/// Random streams derived from the seed: changing the network never changes the data.
const STREAM_DATA: u64 = 1;
const STREAM_WEIGHTS: u64 = 2;
const STREAM_SHUFFLE: u64 = 3;
const STREAM_DROPOUT: u64 = 6;
/// What the network writes in text mode (`Trainer::write`).
const STREAM_WRITING: u64 = 7;

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
    dropout_rng: Option<Rng>,
    order: Vec<usize>,
    gradient_sizes: Vec<f64>,
    epoch: u64,
}

#[derive(Clone)] // only to look ahead: the Python export trains a copy
pub struct Trainer {
    config: Config,
    features: Vec<Feature>,
    /// Inputs per sample: the features' count, 3 for the textbook example, 64 for the
    /// digits, the context's k symbols in text mode.
    n_inputs: usize,
    /// The text mode's corpus, vocabulary and counted baselines (`None` otherwise).
    text: Option<TextData>,
    network: Network,
    train: Vec<Sample>,
    test: Vec<Sample>,
    /// Feature vectors of the training and test points, row by row.
    train_inputs: Vec<f64>,
    test_inputs: Vec<f64>,
    /// The digits' images of the training and test samples (empty for points): their
    /// inputs are the pixels over 16.
    train_images: Vec<digits::Image>,
    test_images: Vec<digits::Image>,
    /// Order of the training points in the current epoch.
    order: Vec<usize>,
    /// Mini-batches of the current epoch already trained (0: at an epoch's boundary;
    /// more only while an epoch too long for a frame is trained in parts).
    batch_cursor: usize,
    /// ∂L/∂a (squared error) or δ = ∂L/∂z (cross-entropy) of each output neuron and
    /// sample of the current mini-batch, `d_loss[j * batch + s]` (reused).
    d_loss: Vec<f64>,
    /// How labels become targets.
    encoding: Encoding,
    /// Each training and test sample's targets (`Encoding::targets`).
    train_targets: Vec<f64>,
    test_targets: Vec<f64>,
    /// How the network does on each set (`score`): the confusion counts or the errors.
    train_score: Score,
    test_score: Score,
    shuffle_rng: Rng,
    /// Dropout's masks: a stream of their own, so the same seed drops the same neurons.
    dropout_rng: Rng,
    /// The hidden neurons (over all hidden layers, in order) dropout dropped for the
    /// last sample of the last epoch; empty without dropout.
    dropped: Vec<bool>,
    epoch: u64,
    train_loss: f64,
    test_loss: f64,
    /// The training loss at epoch 0 (or after new data), to tell a loss that explodes.
    start_loss: f64,
    /// The points were edited by hand.
    custom_data: bool,
    history: LossHistory,
    /// Mean |∂L/∂W| per layer over the last epoch's mini-batches, and the sums of the
    /// epoch under way.
    gradient_sizes: Vec<f64>,
    gradient_sums: Vec<f64>,
    /// The state before the epoch being trained.
    checkpoint: Checkpoint,
    /// Set when an epoch overflowed (and training went back to the epoch before).
    divergence: Option<Divergence>,
    /// The states of the kept epochs, and the live one while a kept epoch is shown.
    timeline: timeline::Timeline,
}

impl Trainer {
    /// Builds the experiment the config describes (data, network), at epoch 0.
    pub fn new(config: Config) -> Result<Trainer, crate::config::ConfigError> {
        Trainer::with_text(config, None)
    }

    /// As `new`, with the text the teacher pasted (for the dataset `text`).
    pub fn with_text(
        config: Config,
        pasted: Option<std::sync::Arc<crate::data::text::Corpus>>,
    ) -> Result<Trainer, crate::config::ConfigError> {
        config.validate()?;
        let text = if config.is_text() {
            Some(Trainer::text_data(&config, pasted.as_ref())?)
        } else {
            None
        };
        if config.is_digits() && !digits::loaded() {
            return Err(crate::config::ConfigError::new(
                "dataset",
                digits::not_loaded(),
            ));
        }
        let features = config.features();
        let textbook = config.is_textbook();
        let n_inputs = if textbook {
            3
        } else if text.is_some() {
            config.experiment.context
        } else if config.is_digits() {
            digits::PIXELS
        } else {
            features.len()
        };
        let seed = config.experiment.seed.value();
        let mut weights_rng = Rng::stream(seed, STREAM_WEIGHTS);
        let init = if config.experiment.init_zero {
            Init::Zero
        } else {
            Init::Random(&mut weights_rng)
        };
        let (n_out, output_activation, softmax) = config.output_layer();
        let e = &config.experiment;
        let mut network = match &text {
            Some(data) => Network::text(
                data.vocabulary.len(),
                e.embedding,
                e.context,
                &e.network_shape,
                e.activation,
                init,
            ),
            None => Network::with_init(
                n_inputs,
                &e.network_shape,
                n_out,
                e.activation,
                output_activation,
                init,
            ),
        };
        if let (Some(out), None) = (network.layers.last_mut(), &text) {
            out.softmax = softmax;
        }
        let encoding = match &text {
            Some(data) => Encoding::text(data.vocabulary.len()),
            None => Encoding::of(&config),
        };
        // Each hidden layer's own activation, where they differ (the weights do not
        // depend on it: the same seed starts from the same weights).
        let hidden = network.layers.len() - 1;
        for (l, layer) in network.layers[..hidden].iter_mut().enumerate() {
            layer.activation = config.experiment.activation_of(l);
        }
        neurons::apply(&config, &mut network);
        let mut trainer = Trainer {
            order: Vec::new(),
            batch_cursor: 0,
            d_loss: Vec::with_capacity(config.training.batch_size),
            shuffle_rng: Rng::stream(seed, STREAM_SHUFFLE),
            dropout_rng: Rng::stream(seed, STREAM_DROPOUT),
            dropped: Vec::new(),
            encoding,
            text,
            train_targets: Vec::new(),
            test_targets: Vec::new(),
            n_inputs,
            train_score: Score::default(),
            test_score: Score::default(),
            features,
            network,
            train: Vec::new(),
            test: Vec::new(),
            train_inputs: Vec::new(),
            test_inputs: Vec::new(),
            train_images: Vec::new(),
            test_images: Vec::new(),
            config,
            epoch: 0,
            train_loss: 0.0,
            test_loss: 0.0,
            history: LossHistory::new(HISTORY_CAPACITY),
            start_loss: 0.0,
            custom_data: false,
            gradient_sizes: Vec::new(),
            gradient_sums: Vec::new(),
            checkpoint: Checkpoint::default(),
            divergence: None,
            timeline: timeline::Timeline::default(),
        };
        trainer.generate_data();
        trainer.update_losses();
        trainer.start_loss = trainer.train_loss;
        trainer.restart_timeline();
        Ok(trainer)
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
            ChangeEffect::Reset => *self = Trainer::with_text(config, self.pasted())?,
            ChangeEffect::Live | ChangeEffect::None => {
                if effect == ChangeEffect::Live {
                    // Training may be tried again with the new settings.
                    self.divergence = None;
                }
                if config.training.batch_size != self.config.training.batch_size {
                    // The epoch under way ends in the mini-batches it began with.
                    self.finish_epoch();
                }
                if config.training.optimizer != self.config.training.optimizer {
                    // A new optimiser starts from no velocity and no moments.
                    self.network.reset_optimizer();
                }
                if config.neurons != self.config.neurons {
                    neurons::apply(&config, &mut self.network);
                    self.dropped.clear();
                }
                self.config = config;
            }
        }
        Ok(effect)
    }

    /// Back to epoch 0 of the same experiment (same seed: same data, same initial weights).
    pub fn reset(&mut self) {
        if let Ok(mut fresh) = Trainer::with_text(self.config.clone(), self.pasted()) {
            if self.custom_data {
                // Points the class placed by hand stay: a reset starts the network again.
                fresh.train = std::mem::take(&mut self.train);
                fresh.test = std::mem::take(&mut self.test);
                fresh.train_images = std::mem::take(&mut self.train_images);
                fresh.test_images = std::mem::take(&mut self.test_images);
                fresh.custom_data = true;
                fresh.data_changed();
                fresh.start_loss = fresh.train_loss;
            }
            *self = fresh;
        }
    }

    /// Restores the epoch count and the loss history of a saved experiment.
    pub fn restore_progress(&mut self, epoch: u64, history: &[LossPoint]) {
        self.show_present();
        self.epoch = epoch.min(MAX_EPOCH);
        self.history = LossHistory::restored(HISTORY_CAPACITY, history);
        self.update_losses();
        self.restart_timeline();
    }

    /// The textbook example: fixed data of three inputs (not points of the plane) with
    /// labels 0 and 1 (not −1 and +1), which a sigmoid output takes as they are.
    fn is_textbook(&self) -> bool {
        self.config.is_textbook()
    }

    /// Share of the training points classified right (`None` for regression).
    pub fn train_accuracy(&self) -> Option<f64> {
        self.train_score.accuracy()
    }

    /// How the network does on the training set and on the test set, from the pass that
    /// computed their losses.
    pub fn scores(&self) -> [&Score; 2] {
        [&self.train_score, &self.test_score]
    }

    pub fn test_accuracy(&self) -> Option<f64> {
        self.test_score.accuracy()
    }

    pub fn objective(&self) -> Objective {
        self.encoding.objective
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
mod tests;
