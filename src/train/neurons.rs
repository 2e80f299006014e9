//! The config's switched-off and frozen neurons and dropout rates, given to the network,
//! and what dropout dropped for the graph to show.

use super::Trainer;
use crate::config::{Config, NeuronState};
use crate::nn::Network;

/// Gives every hidden layer of `network` the config's states and dropout rate.
pub(super) fn apply(config: &Config, network: &mut Network) {
    let hidden = network.layers.len() - 1;
    for l in 0..hidden {
        network.set_dropout(l, config.neurons.dropout_of(l));
        for j in 0..network.layers[l].n_out {
            let state = config.neurons.state_of(l, j);
            network.set_neuron(
                l,
                j,
                state == NeuronState::Off,
                state == NeuronState::Frozen,
            );
        }
    }
}

impl Trainer {
    /// The hidden neurons (all hidden layers in order, then within each) that dropout
    /// dropped for the last sample of the last epoch: empty without dropout.
    pub fn dropped(&self) -> &[bool] {
        &self.dropped
    }

    /// The state of dropout's random stream (its next masks).
    pub fn dropout_state(&self) -> u64 {
        self.dropout_rng.state()
    }

    /// After an epoch: which neurons the last sample's pass dropped (the masks of the
    /// epoch's last mini-batch are still in the layers).
    pub(super) fn record_dropped(&mut self) {
        self.dropped.clear();
        let layers = &self.network.layers;
        let hidden = &layers[..layers.len() - 1];
        if hidden.iter().all(|l| l.keep.is_empty()) {
            return;
        }
        for layer in hidden {
            let batch = layer.keep.len() / layer.n_out.max(1);
            for j in 0..layer.n_out {
                let dropped = batch > 0 && layer.keep[j * batch + batch - 1] == 0.0;
                self.dropped.push(dropped);
            }
        }
    }
}
