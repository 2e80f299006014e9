//! What the pointer is over in the network graph, and what the large heatmap shows
//! because of it: one rule, read by the drawing (its picture and caption) and by
//! `snapshot()` (its `boundaryShows`).

use crate::config::Config;
use crate::data::Feature;
use crate::i18n::Text;
use crate::nn::Network;
use crate::text;

/// What is at a point of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An input neuron (switched on or off).
    Input(Feature),
    /// Neuron `j` of layer `layer` (numbered from the first hidden layer; the output
    /// layer last).
    Neuron { layer: usize, j: usize },
    /// The weight from neuron `i` of the previous layer to neuron `j` of `layer`.
    Weight { layer: usize, j: usize, i: usize },
    /// The bias of neuron `j` of `layer`.
    Bias { layer: usize, j: usize },
}

impl Target {
    /// A weight or a bias (which has a value to show and edit).
    pub fn is_parameter(self) -> bool {
        matches!(self, Target::Weight { .. } | Target::Bias { .. })
    }

    /// The neuron's number counted over all layers (the grid's focus), for a neuron.
    pub fn neuron_index(self, network: &Network) -> Option<usize> {
        match self {
            Target::Neuron { layer, j } if layer < network.layers.len() => Some(
                network.layers[..layer]
                    .iter()
                    .map(|l| l.n_out)
                    .sum::<usize>()
                    + j,
            ),
            _ => None,
        }
    }
}

/// What the large heatmap over the input plane shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Heatmap {
    /// The network's output: its value, its probability, or every class's.
    #[default]
    Output,
    /// A feature's value (its input neuron is hovered).
    Feature(Feature),
    /// Hidden neuron `j` of hidden layer `layer` (both from 0).
    Neuron { layer: usize, j: usize },
    /// Output neuron `j` of a multi-class network: that class's score.
    Class(usize),
}

impl Heatmap {
    /// What a hover shows: an input neuron its feature, a hidden neuron itself, an output
    /// neuron of several classes its class; anything else (a weight, a bias, the single
    /// output neuron, nothing) the output.
    pub fn of(hover: Option<Target>, network: &Network) -> Heatmap {
        let layers = network.layers.len();
        let outputs = network.layers.last().map_or(1, |l| l.n_out);
        match hover {
            Some(Target::Input(f)) => Heatmap::Feature(f),
            Some(Target::Neuron { layer, j }) if layer + 1 < layers => Heatmap::Neuron { layer, j },
            Some(Target::Neuron { layer, j }) if layer + 1 == layers && outputs > 1 => {
                Heatmap::Class(j)
            }
            _ => Heatmap::Output,
        }
    }

    /// The caption under the heatmap.
    pub fn caption(self) -> Text {
        match self {
            Heatmap::Output => Text::new("view.showingOutput"),
            Heatmap::Feature(f) => text!("view.showingFeature", feature = f.label()),
            Heatmap::Neuron { layer, j } => {
                text!("view.showingNeuron", neuron = j + 1, layer = layer + 1)
            }
            Heatmap::Class(j) => text!("view.showingClass", class = j + 1),
        }
    }

    /// The name `snapshot()` gives it: "output", a feature's key ("xSquared"),
    /// "layer 1, neuron 2" or "class 2" (numbered from 1, as the caption).
    pub fn name(self) -> String {
        match self {
            Heatmap::Output => "output".to_string(),
            Heatmap::Feature(f) => Config::feature_key(f).to_string(),
            Heatmap::Neuron { layer, j } => format!("layer {}, neuron {}", layer + 1, j + 1),
            Heatmap::Class(j) => format!("class {}", j + 1),
        }
    }
}

impl super::Session {
    /// What the large heatmap shows: the one rule for the picture, its caption and the
    /// snapshot.
    pub fn heatmap(&self) -> Heatmap {
        Heatmap::of(self.hover, self.trainer.network())
    }

    /// The number of parameter a weight or bias target is, and its value.
    pub fn param_of(&self, target: Target) -> Option<(usize, f64)> {
        let network = self.trainer.network();
        let index = match target {
            Target::Weight { layer, j, i } => network.weight_index(layer, j, i)?,
            Target::Bias { layer, j } => network.bias_index(layer, j)?,
            _ => return None,
        };
        Some((index, network.param(index)))
    }
}
