//! The page's own edits of the config: a feature's input neuron, + and −, a dataset's
//! tile, "lower the rate". Each builds the change directly (no JSON) and goes through
//! `set_config`'s validation; a refusal is the message.

use super::*;

impl Session {
    /// Edits of the config made by the page itself (a feature's input neuron, + and −,
    /// "lower the rate"): the result, or the refusal as the message.
    pub(super) fn edit_or_explain(&mut self, edit: impl FnOnce(&mut Config)) {
        let mut next = self.config().clone();
        edit(&mut next);
        if let Err(e) = self.set_config(next) {
            self.say(e.text());
            // The controls show the config that stays.
            self.config_changed();
        }
    }

    /// Switches a feature on or off (refused with a message if it is the last one on).
    pub fn toggle_feature(&mut self, feature: Feature) {
        let on = self.config().feature_on(feature);
        self.edit_or_explain(|c| c.set_feature(feature, !on));
    }

    /// Changes the hidden layers' shape: with `layer` `None`, adds a layer of two neurons
    /// (`grow`) or removes the last layer; with `Some(l)`, adds or removes a neuron of
    /// layer l (keeping 1 to 16, 64 for the digits).
    pub fn reshape(&mut self, layer: Option<usize>, grow: bool) {
        use crate::config::MAX_HIDDEN_LAYERS;
        let max = self.config().max_neurons();
        let mut shape = self.config().experiment.network_shape.clone();
        match layer {
            None if grow && shape.len() < MAX_HIDDEN_LAYERS => shape.push(2),
            None if !grow => {
                shape.pop();
            }
            Some(l) if l < shape.len() => {
                shape[l] = if grow {
                    (shape[l] + 1).min(max)
                } else {
                    shape[l].saturating_sub(1).max(1)
                };
            }
            _ => return,
        }
        self.edit_or_explain(|c| {
            c.experiment.network_shape = shape;
            c.fit_to_shape();
        });
    }

    /// The picker above hidden layer `l` (from 0): that layer's activation.
    pub fn set_layer_activation(&mut self, l: usize, activation: crate::nn::Activation) {
        self.edit_or_explain(|c| c.experiment.set_activation_of(l, activation));
    }

    /// The neuron menu: hidden layer `l`'s neuron `j` (from 0) on, switched off or
    /// frozen, at once (the weights kept).
    pub fn set_neuron_state(&mut self, l: usize, j: usize, state: crate::config::NeuronState) {
        let id = crate::config::NeuronId::of(l, j);
        self.edit_or_explain(|c| c.neurons.set_state(id, state));
    }

    /// The dropout picker under hidden layer `l` (from 0).
    pub fn set_layer_dropout(&mut self, l: usize, rate: f64) {
        self.edit_or_explain(|c| {
            let layers = c.experiment.network_shape.len();
            c.neurons.set_dropout_of(l, rate, layers);
        });
    }

    /// A dataset tile: the classification or regression dataset it names.
    pub fn pick_dataset(&mut self, dataset: crate::data::Dataset) {
        self.edit_or_explain(|c| {
            // A dataset instead of the formula.
            c.experiment.formula.clear();
            let was_wide = c.is_digits() || c.is_text();
            if dataset.is_regression() {
                c.experiment.reg_dataset = dataset;
            } else {
                c.experiment.dataset = dataset;
            }
            if dataset == crate::data::Dataset::Digits {
                c.set_up_digits();
            } else if dataset.is_text() {
                c.set_up_text(dataset);
            } else if was_wide {
                c.leave_wide_mode();
            }
        });
    }

    /// "Lower the learning rate" in the divergence message: a tenth of it (on the
    /// slider's scale).
    pub fn lower_rate(&mut self) {
        use crate::config::{learning_rate_from_slider, slider_from_learning_rate};
        let rate = (self.config().training.learning_rate / 10.0).max(MIN_LEARNING_RATE);
        let rate = learning_rate_from_slider(slider_from_learning_rate(rate));
        self.set_notice(None);
        self.edit_or_explain(|c| c.training.learning_rate = rate);
    }
}
