//! Config: the one source of truth for every setting, its limits and its validation.
//! The JS API, the controls and the URL hash (`url`) all go through here.

mod choices;
mod digits;
mod limits;
mod neurons;
mod patch;
mod speed;
mod text;
mod url;

pub use choices::{Control, PaletteChoice, Pane, Problem, Seed, Split, Theme, MAX_SEED_LEN};
pub use limits::*;
pub use neurons::{NeuronId, NeuronState, Neurons, MAX_DROPOUT};
pub use speed::{
    Speed, MAX_EPOCHS_PER_FRAME, MAX_SPEED_FRAME_MS, MAX_SPEED_SLICE_MS, MIN_EPOCHS_PER_FRAME,
};
pub use url::Refusals;
pub(crate) use url::{decode as url_decode, encode as url_encode};

use crate::data::{Dataset, Feature};
use crate::i18n::{Lang, Text};
pub use crate::nn::Training;
use crate::nn::{Activation, Loss};
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Every setting, in six parts by what a change of it does. The parts are flattened:
/// every key is at the top level, as TFP's URL and NN Lab's files have always had them.
/// Keys are TFP's URL names where TFP has one; the URL and files list them in this order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// What is learnt, from what: a change starts the experiment again from epoch 0.
    #[serde(flatten)]
    pub experiment: Experiment,
    /// How it is learnt: applies from the next epoch on, the weights kept.
    #[serde(flatten)]
    pub training: Training,
    /// Neurons switched off or frozen, and dropout: live too, NN Lab's keys.
    #[serde(flatten)]
    pub neurons: Neurons,
    /// What the pictures show: changes nothing in training.
    #[serde(flatten)]
    pub view: View,
    /// How this class runs the page: a lesson keeps them.
    #[serde(flatten)]
    pub classroom: Classroom,
    /// How this screen looks: a lesson and a loaded file keep them.
    #[serde(flatten)]
    pub screen: Screen,
}

/// The experiment: the data, the features and the network. A change rebuilds it (same
/// seed, same data and initial weights).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Experiment {
    /// Activation of the hidden layers (the output is tanh for classification, linear
    /// for regression).
    pub activation: Activation,
    /// The classification dataset (circle, xor, gauss, spiral, …).
    pub dataset: Dataset,
    /// The regression dataset (reg-plane, reg-gauss).
    pub reg_dataset: Dataset,
    /// 0 to 50 (TFP's scale; the generators take noise/100).
    pub noise: u32,
    /// Neurons per hidden layer: 0 to 8 layers of 1 to 16 neurons.
    pub network_shape: Vec<usize>,
    /// Seed of the data, the initial weights and the shuffles (text, as in TFP).
    pub seed: Seed,
    /// Share of the points used for training, 10 to 90 (%).
    pub perc_train_data: u32,
    /// Input features (TFP's names).
    pub x: bool,
    pub y: bool,
    pub x_times_y: bool,
    pub x_squared: bool,
    pub y_squared: bool,
    pub sin_x: bool,
    pub sin_y: bool,
    /// Classification (labels ±1, tanh output) or regression (numbers, linear output).
    pub problem: Problem,
    /// Start every weight at 0 instead of U(−0.5, 0.5).
    pub init_zero: bool,
    /// The loss descended: ½ squared error (TFP's) or cross-entropy (classification only).
    pub loss: Loss,
    /// Classes of the multi-class datasets, 3 to 5.
    pub classes: usize,
    /// Points in the dataset, 50 to 2,000; `null`: the dataset's own (500, 1,200 for
    /// regression, as TFP).
    pub num_samples: Option<usize>,
    /// The activation of each hidden layer, when they differ (NN Lab's key: TFP ignores
    /// it): empty, every hidden layer has `activation`; else one per hidden layer.
    pub activations: Vec<Activation>,
    /// The data defined by a formula of x and y (`data::formula`), instead of the
    /// dataset: empty for none (NN Lab's key).
    pub formula: String,
    /// Text mode: the symbols of context the network reads, 1 to 8 (k).
    pub context: usize,
    /// Text mode: the numbers of each symbol's embedding, 2 to 16 (d).
    pub embedding: usize,
}

/// What the pictures show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// Draw the test points on the boundary view.
    pub show_test_data: bool,
    /// Show the output as its class (sign) rather than shaded.
    pub discretize: bool,
    /// Show the hidden space: the data and the input plane as a hidden layer sees them.
    pub hidden_space: bool,
    /// Which hidden layer (from 1), and the neurons on its axes (from 1; a network with
    /// fewer shows its last ones).
    pub hidden_layer: usize,
    pub hidden_neuron_x: usize,
    pub hidden_neuron_y: usize,
    /// The set the mistakes (the confusion matrix, or regression's errors) are shown for.
    pub mistakes_set: Split,
    /// Mark every point of that set the network gets wrong, on the boundary view.
    pub mark_mistakes: bool,
    /// Seconds per stage when "Step through" plays by itself, 0.25 to 10.
    pub walk_pace: f64,
    /// Points the brush paints per unit of the plane along a stroke, 0.5 to 10.
    pub brush_density: f64,
    /// The view open beside the network (`view=hidden` in a link).
    #[serde(rename = "view")]
    pub pane: Pane,
    /// Text mode: the temperature the network writes at, 0 (always the likeliest
    /// symbol) to 2.
    pub temperature: f64,
}

impl View {
    /// Opens the view `pane`; the hidden space's view switches the hidden space on.
    pub fn open(&mut self, pane: Pane) {
        self.pane = pane;
        self.hidden_space |= pane == Pane::Hidden;
    }
}

impl Default for View {
    fn default() -> View {
        View {
            show_test_data: false,
            discretize: false,
            hidden_space: false,
            hidden_layer: 1,
            hidden_neuron_x: 1,
            hidden_neuron_y: 2,
            mistakes_set: Split::Train,
            mark_mistakes: false,
            walk_pace: 1.5,
            brush_density: 2.0,
            pane: Pane::Output,
            temperature: 1.0,
        }
    }
}

/// How the class runs the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Classroom {
    /// Hide the page's titles and explanations (TFP's embed option).
    pub hide_text: bool,
    /// Epochs trained per animation frame while playing: a number from 0.25 (slow
    /// motion: one epoch every fourth frame) to 100, or "max" (as many as fit while the
    /// view still refreshes about every `MAX_SPEED_FRAME_MS`).
    pub speed: Speed,
    /// Controls hidden from the class (the classroom panel; `<name>_hide=true` in the URL).
    pub hidden: BTreeSet<Control>,
}

/// How this screen looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Screen {
    /// Light or dark page, or as the system says ("auto").
    pub theme: Theme,
    /// Large type and thick lines, for a projector.
    pub presentation: bool,
    /// The colours of −1 … 1: TFP's orange and blue, or a colour-blind-safe pair.
    pub palette: PaletteChoice,
    /// The page's language; unset, the browser's.
    pub lang: Option<Lang>,
}

impl Default for Experiment {
    /// TFP's defaults.
    fn default() -> Experiment {
        Experiment {
            activation: Activation::Tanh,
            dataset: Dataset::Circle,
            reg_dataset: Dataset::RegPlane,
            noise: 0,
            network_shape: vec![4, 2],
            seed: Seed::new("1"),
            perc_train_data: 50,
            x: true,
            y: true,
            x_times_y: false,
            x_squared: false,
            y_squared: false,
            sin_x: false,
            sin_y: false,
            problem: Problem::Classification,
            init_zero: false,
            loss: Loss::Squared,
            classes: 3,
            num_samples: None,
            activations: Vec::new(),
            formula: String::new(),
            context: 3,
            embedding: 10,
        }
    }
}

impl Default for Classroom {
    fn default() -> Classroom {
        Classroom {
            hide_text: false,
            speed: Speed::EpochsPerFrame(1.0),
            hidden: BTreeSet::new(),
        }
    }
}

/// A setting that was refused, with a message a teacher can read.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The setting's key, e.g. `learningRate`.
    pub field: String,
    pub message: Text,
}

impl ConfigError {
    pub(crate) fn new(field: &str, message: Text) -> ConfigError {
        ConfigError {
            field: field.to_string(),
            message,
        }
    }

    /// "setting: message" as one message.
    pub fn text(&self) -> Text {
        text!("err.field", field = &self.field).sub("message", self.message.clone())
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text())
    }
}

impl std::error::Error for ConfigError {}

/// What a change of config asks of a running trainer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeEffect {
    /// Nothing that matters to training changed.
    None,
    /// Applies from the next epoch on, keeping the weights (learning rate, batch size,
    /// regularisation and its rate).
    Live,
    /// New data or a new network: training starts again.
    Reset,
}

impl Experiment {
    /// The settings that make the data (the runs of a comparison share them).
    pub const DATA_KEYS: [&'static str; 9] = [
        "dataset",
        "regDataset",
        "noise",
        "seed",
        "percTrainData",
        "problem",
        "classes",
        "numSamples",
        "formula",
    ];

    /// The activation of hidden layer `l` (from 0).
    pub fn activation_of(&self, l: usize) -> Activation {
        self.activations.get(l).copied().unwrap_or(self.activation)
    }

    /// After the network's shape changed: one activation per hidden layer again (a new
    /// layer takes the global one), or none when every layer has the global one.
    pub fn fit_activations(&mut self) {
        if self.activations.is_empty() {
            return;
        }
        let global = self.activation;
        self.activations.resize(self.network_shape.len(), global);
        if self.activations.iter().all(|&a| a == global) {
            self.activations.clear();
        }
    }

    /// Sets hidden layer `l`'s activation (the others keep theirs).
    pub fn set_activation_of(&mut self, l: usize, activation: Activation) {
        if l >= self.network_shape.len() {
            return;
        }
        let global = self.activation;
        self.activations.resize(self.network_shape.len(), global);
        self.activations[l] = activation;
        self.fit_activations();
    }
}

impl Config {
    /// The setting names, in the struct's order (the order of the URL and of files).
    pub fn keys() -> Vec<String> {
        Config::default()
            .settings()
            .into_iter()
            .map(|(key, _)| key)
            .collect()
    }

    /// Every setting as (key, JSON value), in the struct's order: the parts in turn, each
    /// in its fields' order. (A JSON map is sorted by key; the text serde writes is not.)
    pub fn settings(&self) -> Vec<(String, serde_json::Value)> {
        struct InOrder(Vec<(String, serde_json::Value)>);
        impl<'de> Deserialize<'de> for InOrder {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<InOrder, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = InOrder;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("the settings")
                    }
                    fn visit_map<M: serde::de::MapAccess<'de>>(
                        self,
                        mut map: M,
                    ) -> Result<InOrder, M::Error> {
                        let mut pairs = Vec::new();
                        while let Some(pair) = map.next_entry()? {
                            pairs.push(pair);
                        }
                        Ok(InOrder(pairs))
                    }
                }
                d.deserialize_map(Visitor)
            }
        }
        serde_json::to_string(self)
            .ok()
            .and_then(|text| serde_json::from_str::<InOrder>(&text).ok())
            .map_or_else(Vec::new, |InOrder(pairs)| pairs)
    }

    /// The dataset in use: `dataset` or `regDataset`, as the problem says.
    pub fn active_dataset(&self) -> Dataset {
        match self.experiment.problem {
            Problem::Classification => self.experiment.dataset,
            Problem::Regression => self.experiment.reg_dataset,
        }
    }

    /// The textbook example: fixed data of three inputs with labels 0 and 1.
    pub fn is_textbook(&self) -> bool {
        self.active_dataset() == Dataset::Textbook && self.experiment.formula.is_empty()
    }

    /// Points the dataset has: `numSamples`, or 500 for classification and 1,200 for
    /// regression (TFP's).
    pub fn sample_count(&self) -> usize {
        self.experiment
            .num_samples
            .unwrap_or(match self.experiment.problem {
                Problem::Classification => NUM_SAMPLES,
                Problem::Regression => NUM_SAMPLES_REGRESSION,
            })
    }

    /// Classes of the data in use: 0 for regression, 2, or `classes` for a multi-class
    /// dataset.
    pub fn class_count(&self) -> usize {
        match self.experiment.problem {
            Problem::Regression => 0,
            Problem::Classification if self.is_digits() => crate::data::digits::CLASSES,
            // The corpus's symbols: the Trainer counts them (`Encoding::text`).
            Problem::Classification if self.is_text() => 0,
            // A formula's classes are its condition's (or its sign's) two.
            Problem::Classification
                if self.experiment.dataset.is_multiclass()
                    && self.experiment.formula.is_empty() =>
            {
                self.experiment.classes
            }
            Problem::Classification => 2,
        }
    }

    /// The output layer: its size, its activation and whether it is a softmax. Two classes:
    /// one tanh neuron (labels ±1, TFP's) or, with cross-entropy, one sigmoid neuron (the
    /// probability of +1). More classes: a softmax over one neuron per class. Regression:
    /// one linear neuron.
    pub fn output_layer(&self) -> (usize, Activation, bool) {
        if self.is_textbook() {
            // The textbook's network: a sigmoid output for labels 0 and 1.
            return (1, Activation::Sigmoid, false);
        }
        match (self.class_count(), self.experiment.loss) {
            (0, _) => (1, Activation::Linear, false),
            (2, Loss::Squared) => (1, Activation::Tanh, false),
            (2, Loss::CrossEntropy) => (1, Activation::Sigmoid, false),
            (k, _) => (k, Activation::Linear, true),
        }
    }

    /// The output neuron's activation (see `output_layer`).
    pub fn output_activation(&self) -> Activation {
        self.output_layer().1
    }

    /// Whether a feature is switched on.
    pub fn feature_on(&self, feature: Feature) -> bool {
        match feature {
            Feature::X1 => self.experiment.x,
            Feature::X2 => self.experiment.y,
            Feature::X1Squared => self.experiment.x_squared,
            Feature::X2Squared => self.experiment.y_squared,
            Feature::X1TimesX2 => self.experiment.x_times_y,
            Feature::SinX1 => self.experiment.sin_x,
            Feature::SinX2 => self.experiment.sin_y,
        }
    }

    /// Switches a feature on or off.
    pub fn set_feature(&mut self, feature: Feature, on: bool) {
        *match feature {
            Feature::X1 => &mut self.experiment.x,
            Feature::X2 => &mut self.experiment.y,
            Feature::X1Squared => &mut self.experiment.x_squared,
            Feature::X2Squared => &mut self.experiment.y_squared,
            Feature::X1TimesX2 => &mut self.experiment.x_times_y,
            Feature::SinX1 => &mut self.experiment.sin_x,
            Feature::SinX2 => &mut self.experiment.sin_y,
        } = on;
    }

    /// The config key of a feature (TFP's name).
    pub fn feature_key(feature: Feature) -> &'static str {
        match feature {
            Feature::X1 => "x",
            Feature::X2 => "y",
            Feature::X1Squared => "xSquared",
            Feature::X2Squared => "ySquared",
            Feature::X1TimesX2 => "xTimesY",
            Feature::SinX1 => "sinX",
            Feature::SinX2 => "sinY",
        }
    }

    /// The input features that are switched on, in TFP's order.
    pub fn features(&self) -> Vec<Feature> {
        Feature::ALL
            .into_iter()
            .filter(|&f| self.feature_on(f))
            .collect()
    }

    /// Checks every limit. The message names the setting, the value and what is allowed.
    /// What changing from `self` to `next` asks of the trainer: the parts compared.
    pub fn change_effect(&self, next: &Config) -> ChangeEffect {
        if self.experiment.in_use() != next.experiment.in_use() {
            ChangeEffect::Reset
        } else if self.training != next.training || self.neurons != next.neurons {
            ChangeEffect::Live
        } else {
            ChangeEffect::None
        }
    }
}

impl Experiment {
    /// The experiment as it is used: the dataset of the problem not chosen changes
    /// nothing, so it is left out of a comparison.
    fn in_use(&self) -> Experiment {
        let mut used = self.clone();
        match self.problem {
            Problem::Classification => used.reg_dataset = Dataset::RegPlane,
            Problem::Regression => used.dataset = Dataset::Circle,
        }
        used
    }
}

#[cfg(test)]
mod tests;
