//! The digits' rules in the config: what the mode is, its wider layers, and the tile's
//! settings in and out of it.

use super::{Config, Problem, Split, MAX_NEURONS, MAX_NEURONS_DIGITS, MAX_NEURONS_TEXT};
use crate::data::Dataset;
use crate::nn::Loss;

impl Config {
    /// The handwritten digits: 8×8 images of ten classes, not points of the plane.
    pub fn is_digits(&self) -> bool {
        self.active_dataset() == Dataset::Digits && self.experiment.formula.is_empty()
    }

    /// Whether the data are points of the plane (every dataset but the textbook example,
    /// the digits and text): the boundary, the hidden space and clicking the data need it.
    pub fn has_plane(&self) -> bool {
        !self.is_textbook() && !self.is_digits() && !self.is_text()
    }

    /// The most neurons a hidden layer may have: 16 on the plane, 64 for the digits'
    /// 64 inputs, 200 in text mode (makemore's).
    pub fn max_neurons(&self) -> usize {
        if self.is_digits() {
            MAX_NEURONS_DIGITS
        } else if self.is_text() {
            MAX_NEURONS_TEXT
        } else {
            MAX_NEURONS
        }
    }

    /// The digits' tile: how they learn well (ten classes read best with softmax and
    /// cross-entropy; Adam at 0.01 in mini-batches of 10 reaches 97 % of the test digits
    /// within ten epochs), 80 % of the images training, the mistakes counted on the test
    /// digits.
    pub fn set_up_digits(&mut self) {
        self.experiment.problem = Problem::Classification;
        self.experiment.dataset = Dataset::Digits;
        self.experiment.formula.clear();
        self.experiment.loss = Loss::CrossEntropy;
        self.experiment.perc_train_data = 80;
        self.experiment.network_shape = vec![16];
        self.experiment.activations.clear();
        self.training.optimizer = crate::nn::Optimizer::Adam;
        self.training.learning_rate = 0.01;
        self.training.batch_size = 10;
        self.view.mistakes_set = Split::Test;
        self.fit_to_shape();
    }
}
