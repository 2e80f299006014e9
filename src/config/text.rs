//! The text mode's rules in the config: what the mode is, its wider layers, and the
//! tile's settings in and out of it.

use super::{Config, Problem, Split, MAX_NEURONS};
use crate::data::Dataset;
use crate::nn::Loss;

impl Config {
    /// Text: a corpus (the census names, the quatrains or a pasted text), read symbol by
    /// symbol, not points of the plane.
    pub fn is_text(&self) -> bool {
        self.active_dataset().is_text() && self.experiment.formula.is_empty()
    }

    /// The text tile: makemore's model (Bengio et al., 2003): 3 symbols of context, an
    /// embedding of 10 numbers each, one tanh layer of 200 (for the quatrains' 402
    /// symbols, 5 of context, a line's length, and 64 neurons, so an epoch takes
    /// seconds, not a minute), a softmax with cross-entropy,
    /// trained by Adam at 0.003 in mini-batches of 32 (on the names it passes the counted
    /// trigram in about 13 epochs; at 0.01, not within 30); the mistakes counted on the
    /// dev set.
    pub fn set_up_text(&mut self, dataset: Dataset) {
        self.experiment.problem = Problem::Classification;
        self.experiment.dataset = dataset;
        self.experiment.formula.clear();
        self.experiment.loss = Loss::CrossEntropy;
        self.experiment.activation = crate::nn::Activation::Tanh;
        let poems = dataset == Dataset::Poems;
        self.experiment.network_shape = vec![if poems { 64 } else { 200 }];
        self.experiment.activations.clear();
        self.experiment.context = if poems { 5 } else { 3 };
        self.experiment.embedding = 10;
        self.training.optimizer = crate::nn::Optimizer::Adam;
        self.training.learning_rate = 0.003;
        self.training.batch_size = 32;
        self.view.mistakes_set = Split::Test;
        self.fit_to_shape();
    }

    /// Out of a mode with wider layers (the digits, text): no layer wider than the
    /// plane allows.
    pub fn leave_wide_mode(&mut self) {
        for n in &mut self.experiment.network_shape {
            *n = (*n).min(MAX_NEURONS);
        }
        self.fit_to_shape();
    }
}
