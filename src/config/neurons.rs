//! Which hidden neurons are switched off or frozen, and each hidden layer's dropout rate:
//! settings of NN Lab's own (TFP ignores them) that apply live, the weights kept.
//!
//! A neuron is named as on the page, `"layer:neuron"`, both counted from 1 (`"1:2"` is
//! the second neuron of the first hidden layer).

use super::{Config, ConfigError, Experiment};
use crate::i18n::quote;
use crate::text;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest dropout rate: above it, too few neurons are left to learn from.
pub const MAX_DROPOUT: f64 = 0.9;

/// The masks and rates, in the config between the training settings and the view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Neurons {
    /// One rate per hidden layer, 0 to 0.9 (the share of its neurons dropped in each
    /// training pass); empty: no dropout.
    pub dropout: Vec<f64>,
    /// Neurons whose output is 0; their links learn nothing.
    pub neurons_off: Vec<NeuronId>,
    /// Neurons whose incoming weights and bias stop changing.
    pub neurons_frozen: Vec<NeuronId>,
}

/// A hidden neuron, as the page numbers it: `layer` and `neuron` from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NeuronId {
    pub layer: usize,
    pub neuron: usize,
}

/// What a neuron does in training.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NeuronState {
    #[default]
    On,
    Off,
    Frozen,
}

impl NeuronId {
    /// Hidden layer `l`'s neuron `j`, both counted from 0.
    pub fn of(l: usize, j: usize) -> NeuronId {
        NeuronId {
            layer: l + 1,
            neuron: j + 1,
        }
    }

    /// Whether a network of hidden layers `shape` has this neuron.
    pub fn exists_in(&self, shape: &[usize]) -> bool {
        self.layer
            .checked_sub(1)
            .and_then(|l| shape.get(l))
            .is_some_and(|&count| (1..=count).contains(&self.neuron))
    }

    /// Reads `"layer:neuron"` (spaces allowed around the numbers).
    pub fn parse(text: &str) -> Option<NeuronId> {
        let (layer, neuron) = text.split_once(':')?;
        let number = |s: &str| s.trim().parse::<usize>().ok().filter(|&n| n >= 1);
        Some(NeuronId {
            layer: number(layer)?,
            neuron: number(neuron)?,
        })
    }
}

impl fmt::Display for NeuronId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.layer, self.neuron)
    }
}

impl Serialize for NeuronId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NeuronId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<NeuronId, D::Error> {
        let text = String::deserialize(d)?;
        NeuronId::parse(&text).ok_or_else(|| serde::de::Error::custom("not layer:neuron"))
    }
}

impl Neurons {
    /// Hidden layer `l`'s dropout rate (from 0).
    pub fn dropout_of(&self, l: usize) -> f64 {
        self.dropout.get(l).copied().unwrap_or(0.0)
    }

    /// What hidden layer `l`'s neuron `j` (from 0) does.
    pub fn state_of(&self, l: usize, j: usize) -> NeuronState {
        let id = NeuronId::of(l, j);
        if self.neurons_off.contains(&id) {
            NeuronState::Off
        } else if self.neurons_frozen.contains(&id) {
            NeuronState::Frozen
        } else {
            NeuronState::On
        }
    }

    /// Sets one neuron's state (the lists stay sorted, each neuron in one at most).
    pub fn set_state(&mut self, id: NeuronId, state: NeuronState) {
        self.neurons_off.retain(|&n| n != id);
        self.neurons_frozen.retain(|&n| n != id);
        match state {
            NeuronState::On => {}
            NeuronState::Off => self.neurons_off.push(id),
            NeuronState::Frozen => self.neurons_frozen.push(id),
        }
        self.neurons_off.sort_unstable();
        self.neurons_frozen.sort_unstable();
    }

    /// Sets hidden layer `l`'s dropout rate (from 0); all zero is no dropout.
    pub fn set_dropout_of(&mut self, l: usize, rate: f64, layers: usize) {
        if l >= layers {
            return;
        }
        self.dropout.resize(layers, 0.0);
        self.dropout[l] = rate;
        self.fit_dropout(layers);
    }

    /// After the network's shape changed: the rates of the layers that remain (a new
    /// layer has none), and the neurons that remain.
    pub fn fit(&mut self, shape: &[usize]) {
        self.neurons_off.retain(|id| id.exists_in(shape));
        self.neurons_frozen.retain(|id| id.exists_in(shape));
        self.fit_dropout(shape.len());
    }

    fn fit_dropout(&mut self, layers: usize) {
        if self.dropout.is_empty() {
            return;
        }
        self.dropout.resize(layers, 0.0);
        if self.dropout.iter().all(|&p| p == 0.0) {
            self.dropout.clear();
        }
    }

    /// Whether anything differs from plain training.
    pub fn any(&self) -> bool {
        !(self.dropout.is_empty() && self.neurons_off.is_empty() && self.neurons_frozen.is_empty())
    }

    /// The rules: a rate per hidden layer in range, and neurons the network has, each
    /// named once.
    pub(super) fn validate(&self, experiment: &Experiment) -> Result<(), ConfigError> {
        let shape = &experiment.network_shape;
        if !self.dropout.is_empty() && self.dropout.len() != shape.len() {
            return Err(ConfigError::new(
                "dropout",
                text!(
                    "err.dropoutCount",
                    n = self.dropout.len(),
                    layers = shape.len()
                ),
            ));
        }
        if let Some(&p) = self
            .dropout
            .iter()
            .find(|&&p| !(0.0..=MAX_DROPOUT).contains(&p))
        {
            return Err(ConfigError::new(
                "dropout",
                text!(
                    "err.dropoutRange",
                    value = crate::i18n::number(p),
                    max = MAX_DROPOUT
                ),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (key, list) in [
            ("neuronsOff", &self.neurons_off),
            ("neuronsFrozen", &self.neurons_frozen),
        ] {
            for id in list {
                if !id.exists_in(shape) {
                    return Err(ConfigError::new(
                        key,
                        text!(
                            "err.noSuchNeuron",
                            neuron = quote(&id.to_string()),
                            shape = shape_text(shape)
                        ),
                    ));
                }
                if !seen.insert(*id) {
                    return Err(ConfigError::new(
                        key,
                        text!("err.neuronTwice", neuron = quote(&id.to_string())),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The hidden layers' sizes as a refusal names them: "4, 2".
fn shape_text(shape: &[usize]) -> String {
    if shape.is_empty() {
        "–".into()
    } else {
        shape
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Config {
    /// After a new network shape: each setting that lists layers or neurons fitted to it.
    pub fn fit_to_shape(&mut self) {
        self.experiment.fit_activations();
        self.neurons.fit(&self.experiment.network_shape);
    }
}

#[cfg(test)]
mod tests;
