//! Config: the one source of truth for every setting, its limits and its validation.
//! The JS API, the controls and the URL hash (`url`) all go through here.

mod speed;
mod url;

pub use speed::{Speed, SpeedNote, MAX_EPOCHS_PER_FRAME, MAX_SPEED_FRAME_MS, MIN_EPOCHS_PER_FRAME};
pub use url::Refusals;

use crate::data::{Dataset, Feature};
use crate::i18n::{number, quote, Lang, Text};
use crate::nn::{Activation, Loss, Optimizer, Regularization};
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

pub const MAX_HIDDEN_LAYERS: usize = 8;
pub const MAX_NEURONS: usize = 16;
pub const MIN_LEARNING_RATE: f64 = 0.00001;
pub const MAX_LEARNING_RATE: f64 = 10.0;
pub const MAX_BATCH_SIZE: usize = 100;
pub const MAX_NOISE: u32 = 50;
pub const MIN_PERC_TRAIN: u32 = 10;
pub const MAX_PERC_TRAIN: u32 = 90;
pub const MAX_REGULARIZATION_RATE: f64 = 10.0;
pub const MIN_CLASSES: usize = 3;
pub const MAX_CLASSES: usize = 5;
pub const MIN_SAMPLES: usize = 50;
pub const MAX_SAMPLES: usize = 2000;
/// Points generated for a classification dataset (TFP's number).
pub const NUM_SAMPLES: usize = 500;
/// Points generated for a regression dataset (TFP's number).
pub const NUM_SAMPLES_REGRESSION: usize = 1200;

/// Every setting of an experiment. Keys are TFP's URL names where TFP has one, in TFP's
/// order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Activation of the hidden layers (the output is tanh for classification, linear
    /// for regression).
    pub activation: Activation,
    /// Penalty on the weights: none, L1 or L2.
    pub regularization: Regularization,
    /// Samples per gradient step, 1 to 100.
    pub batch_size: usize,
    /// The classification dataset (circle, xor, gauss, spiral).
    pub dataset: Dataset,
    /// The regression dataset (reg-plane, reg-gauss).
    pub reg_dataset: Dataset,
    /// η, from 0.00001 to 10.
    pub learning_rate: f64,
    /// λ, from 0 to 10.
    pub regularization_rate: f64,
    /// 0 to 50 (TFP's scale; the generators take noise/100).
    pub noise: u32,
    /// Neurons per hidden layer: 0 to 8 layers of 1 to 16 neurons.
    pub network_shape: Vec<usize>,
    /// Seed of the data, the initial weights and the shuffles (text, as in TFP).
    pub seed: Seed,
    /// Draw the test points on the boundary view.
    pub show_test_data: bool,
    /// Show the output as its class (sign) rather than shaded.
    pub discretize: bool,
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
    /// Hide the page's titles and explanations (TFP's embed option).
    pub hide_text: bool,
    /// Epochs trained per animation frame while playing: a number from 0.25 (slow
    /// motion: one epoch every fourth frame) to 100, or "max" (as many as fit while the
    /// view still refreshes about every `MAX_SPEED_FRAME_MS`).
    pub speed: Speed,
    /// The loss descended: ½ squared error (TFP's) or cross-entropy (classification only).
    pub loss: Loss,
    /// Classes of the multi-class datasets, 3 to 5.
    pub classes: usize,
    /// Points in the dataset, 50 to 2,000; `null`: the dataset's own (500, 1,200 for
    /// regression, as TFP).
    pub num_samples: Option<usize>,
    /// How gradients become steps: sgd, momentum or adam.
    pub optimizer: Optimizer,
    /// β of momentum, 0 to 0.999.
    pub momentum: f64,
    /// Adam's β₁ and β₂ (0 to 0.9999) and ε (0 to 1, not 0).
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
    /// Controls hidden from the class (the classroom panel; `<name>_hide=true` in the URL).
    pub hidden: BTreeSet<Control>,
    /// Light or dark page, or as the system says ("auto").
    pub theme: Theme,
    /// Large type and thick lines, for a projector.
    pub presentation: bool,
    /// The colours of −1 … 1: TFP's orange and blue, or a colour-blind-safe pair.
    pub palette: PaletteChoice,
    /// The page's language; unset, the browser's.
    pub lang: Option<Lang>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PaletteChoice {
    /// TFP's orange (−1) and blue (+1).
    #[default]
    Standard,
    /// Okabe and Ito's vermillion and blue, darker, told apart by every common colour
    /// vision deficiency (and by lightness alone).
    ColorBlind,
}

/// Classification or regression (TFP's `problem`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Problem {
    #[default]
    Classification,
    Regression,
}

/// The controls a teacher can hide. Names are TFP's where it has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Control {
    PlayButton,
    StepButton,
    ResetButton,
    LearningRate,
    Speed,
    Activation,
    Regularization,
    RegularizationRate,
    Problem,
    Dataset,
    Regenerate,
    PercTrainData,
    Noise,
    BatchSize,
    Features,
    NumHiddenLayers,
    ShowTestData,
    Discretize,
    Loss,
    Optimizer,
    Classes,
    NumSamples,
}

impl Control {
    pub const ALL: [Control; 22] = [
        Control::PlayButton,
        Control::StepButton,
        Control::ResetButton,
        Control::LearningRate,
        Control::Speed,
        Control::Activation,
        Control::Regularization,
        Control::RegularizationRate,
        Control::Problem,
        Control::Dataset,
        Control::Regenerate,
        Control::PercTrainData,
        Control::Noise,
        Control::BatchSize,
        Control::Features,
        Control::NumHiddenLayers,
        Control::ShowTestData,
        Control::Discretize,
        Control::Loss,
        Control::Optimizer,
        Control::Classes,
        Control::NumSamples,
    ];

    /// The name in the URL (`<name>_hide=true`) and in `data-control` on the page.
    pub fn name(self) -> &'static str {
        match self {
            Control::PlayButton => "playButton",
            Control::StepButton => "stepButton",
            Control::ResetButton => "resetButton",
            Control::LearningRate => "learningRate",
            Control::Speed => "speed",
            Control::Activation => "activation",
            Control::Regularization => "regularization",
            Control::RegularizationRate => "regularizationRate",
            Control::Problem => "problem",
            Control::Dataset => "dataset",
            Control::Regenerate => "regenerate",
            Control::PercTrainData => "percTrainData",
            Control::Noise => "noise",
            Control::BatchSize => "batchSize",
            Control::Features => "features",
            Control::NumHiddenLayers => "numHiddenLayers",
            Control::ShowTestData => "showTestData",
            Control::Discretize => "discretize",
            Control::Loss => "loss",
            Control::Optimizer => "optimizer",
            Control::Classes => "classes",
            Control::NumSamples => "numSamples",
        }
    }

    pub fn from_name(name: &str) -> Option<Control> {
        Control::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// The seed, as text: TFP's links carry seeds like `0.59704`. 1 to 32 letters, digits,
/// dots, dashes or underscores. A JSON number is taken as its decimal text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Seed(String);

pub const MAX_SEED_LEN: usize = 32;

impl Seed {
    pub fn new(text: impl Into<String>) -> Seed {
        Seed(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is a seed NN Lab accepts.
    pub fn is_valid(&self) -> bool {
        (1..=MAX_SEED_LEN).contains(&self.0.len())
            && self
                .0
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    }

    /// The number the random streams start from: a whole number is itself (seed 1 is 1),
    /// any other text its FNV-1a hash.
    pub fn value(&self) -> u64 {
        self.0.parse().unwrap_or_else(|_| {
            self.0.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
                (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        })
    }

    /// The seed "Regenerate" moves to: a whole number drawn from this seed, so the same
    /// seed always regenerates to the same data.
    pub fn next(&self) -> Seed {
        let mut rng = crate::data::Rng::stream(self.value(), 4);
        loop {
            let next = Seed((rng.below(999_999) + 1).to_string());
            if next != *self {
                return next;
            }
        }
    }
}

impl<'de> Deserialize<'de> for Seed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Seed, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Whole(u64),
            Number(f64),
            Text(String),
        }
        Ok(match Raw::deserialize(deserializer)? {
            Raw::Whole(n) => Seed(n.to_string()),
            Raw::Number(n) => Seed(n.to_string()),
            Raw::Text(t) => Seed(t),
        })
    }
}

impl Default for Config {
    /// TFP's defaults.
    fn default() -> Config {
        Config {
            activation: Activation::Tanh,
            regularization: Regularization::None,
            batch_size: 10,
            dataset: Dataset::Circle,
            reg_dataset: Dataset::RegPlane,
            learning_rate: 0.03,
            regularization_rate: 0.0,
            noise: 0,
            network_shape: vec![4, 2],
            seed: Seed::new("1"),
            show_test_data: false,
            discretize: false,
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
            hide_text: false,
            speed: Speed::EpochsPerFrame(1.0),
            loss: Loss::Squared,
            classes: 3,
            num_samples: None,
            optimizer: Optimizer::Sgd,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            hidden: BTreeSet::new(),
            theme: Theme::Auto,
            presentation: false,
            palette: PaletteChoice::Standard,
            lang: None,
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

impl Config {
    /// The setting names, in alphabetical order.
    pub fn keys() -> Vec<String> {
        match serde_json::to_value(Config::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The dataset in use: `dataset` or `regDataset`, as the problem says.
    pub fn active_dataset(&self) -> Dataset {
        match self.problem {
            Problem::Classification => self.dataset,
            Problem::Regression => self.reg_dataset,
        }
    }

    /// Takes this screen's display settings (language, theme, presentation mode, colours)
    /// from `screen`: what a lesson or a loaded file sets up is the experiment, not how
    /// this page looks. Changes nothing in training (`ChangeEffect::None`).
    pub fn keep_display_of(&mut self, screen: &Config) {
        self.lang = screen.lang;
        self.theme = screen.theme;
        self.presentation = screen.presentation;
        self.palette = screen.palette;
    }

    /// The textbook example: fixed data of three inputs with labels 0 and 1.
    pub fn is_textbook(&self) -> bool {
        self.active_dataset() == Dataset::Textbook
    }

    /// Points the dataset has: `numSamples`, or 500 for classification and 1,200 for
    /// regression (TFP's).
    pub fn sample_count(&self) -> usize {
        self.num_samples.unwrap_or(match self.problem {
            Problem::Classification => NUM_SAMPLES,
            Problem::Regression => NUM_SAMPLES_REGRESSION,
        })
    }

    /// Classes of the data in use: 0 for regression, 2, or `classes` for a multi-class
    /// dataset.
    pub fn class_count(&self) -> usize {
        match self.problem {
            Problem::Regression => 0,
            Problem::Classification if self.dataset.is_multiclass() => self.classes,
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
        match (self.class_count(), self.loss) {
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
            Feature::X1 => self.x,
            Feature::X2 => self.y,
            Feature::X1Squared => self.x_squared,
            Feature::X2Squared => self.y_squared,
            Feature::X1TimesX2 => self.x_times_y,
            Feature::SinX1 => self.sin_x,
            Feature::SinX2 => self.sin_y,
        }
    }

    /// Switches a feature on or off.
    pub fn set_feature(&mut self, feature: Feature, on: bool) {
        *match feature {
            Feature::X1 => &mut self.x,
            Feature::X2 => &mut self.y,
            Feature::X1Squared => &mut self.x_squared,
            Feature::X2Squared => &mut self.y_squared,
            Feature::X1TimesX2 => &mut self.x_times_y,
            Feature::SinX1 => &mut self.sin_x,
            Feature::SinX2 => &mut self.sin_y,
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
    pub fn validate(&self) -> Result<(), ConfigError> {
        let lr = self.learning_rate;
        if !(lr.is_finite() && (MIN_LEARNING_RATE..=MAX_LEARNING_RATE).contains(&lr)) {
            return Err(ConfigError::new(
                "learningRate",
                text!(
                    "err.range",
                    value = number(lr),
                    min = MIN_LEARNING_RATE,
                    max = MAX_LEARNING_RATE
                ),
            ));
        }
        if self.network_shape.len() > MAX_HIDDEN_LAYERS {
            return Err(ConfigError::new(
                "networkShape",
                text!(
                    "err.tooManyLayers",
                    n = self.network_shape.len(),
                    max = MAX_HIDDEN_LAYERS
                ),
            ));
        }
        if let Some(&n) = self
            .network_shape
            .iter()
            .find(|&&n| !(1..=MAX_NEURONS).contains(&n))
        {
            return Err(ConfigError::new(
                "networkShape",
                text!("err.layerSize", n = n, max = MAX_NEURONS),
            ));
        }
        if !(1..=MAX_BATCH_SIZE).contains(&self.batch_size) {
            return Err(ConfigError::new(
                "batchSize",
                text!(
                    "err.count",
                    value = self.batch_size,
                    min = 1,
                    max = MAX_BATCH_SIZE
                ),
            ));
        }
        if self.noise > MAX_NOISE {
            return Err(ConfigError::new(
                "noise",
                text!("err.count", value = self.noise, min = 0, max = MAX_NOISE),
            ));
        }
        if !(MIN_PERC_TRAIN..=MAX_PERC_TRAIN).contains(&self.perc_train_data) {
            return Err(ConfigError::new(
                "percTrainData",
                text!(
                    "err.percent",
                    value = self.perc_train_data,
                    min = MIN_PERC_TRAIN,
                    max = MAX_PERC_TRAIN
                ),
            ));
        }
        if let Speed::EpochsPerFrame(n) = self.speed {
            if !(n.is_finite() && (MIN_EPOCHS_PER_FRAME..=MAX_EPOCHS_PER_FRAME).contains(&n)) {
                return Err(ConfigError::new(
                    "speed",
                    text!(
                        "err.speed",
                        value = number(n),
                        min = MIN_EPOCHS_PER_FRAME,
                        max = MAX_EPOCHS_PER_FRAME
                    ),
                ));
            }
        }
        let rate = self.regularization_rate;
        if !(rate.is_finite() && (0.0..=MAX_REGULARIZATION_RATE).contains(&rate)) {
            return Err(ConfigError::new(
                "regularizationRate",
                text!(
                    "err.range",
                    value = number(rate),
                    min = 0,
                    max = MAX_REGULARIZATION_RATE
                ),
            ));
        }
        if self.dataset.is_regression() {
            return Err(ConfigError::new(
                "dataset",
                text!(
                    "err.regressionDataset",
                    name = self.dataset.name(),
                    list = names(&Dataset::ALL_CLASSIFICATION)
                ),
            ));
        }
        if !self.reg_dataset.is_regression() {
            return Err(ConfigError::new(
                "regDataset",
                text!(
                    "err.classificationDataset",
                    name = self.reg_dataset.name(),
                    list = names(&Dataset::REGRESSION)
                ),
            ));
        }
        if !self.seed.is_valid() {
            return Err(ConfigError::new(
                "seed",
                text!(
                    "err.seed",
                    value = quote(self.seed.as_str()),
                    max = MAX_SEED_LEN
                ),
            ));
        }
        if self.problem == Problem::Regression && self.loss == Loss::CrossEntropy {
            return Err(ConfigError::new(
                "loss",
                text!("err.crossEntropyRegression"),
            ));
        }
        if !(MIN_CLASSES..=MAX_CLASSES).contains(&self.classes) {
            return Err(ConfigError::new(
                "classes",
                text!(
                    "err.count",
                    value = self.classes,
                    min = MIN_CLASSES,
                    max = MAX_CLASSES
                ),
            ));
        }
        if let Some(n) = self.num_samples {
            if !(MIN_SAMPLES..=MAX_SAMPLES).contains(&n) {
                return Err(ConfigError::new(
                    "numSamples",
                    text!(
                        "err.points",
                        value = n,
                        min = MIN_SAMPLES,
                        max = MAX_SAMPLES
                    ),
                ));
            }
        }
        for (key, value, top) in [
            ("momentum", self.momentum, 0.999),
            ("beta1", self.beta1, 0.9999),
            ("beta2", self.beta2, 0.9999),
        ] {
            if !(value.is_finite() && (0.0..=top).contains(&value)) {
                return Err(ConfigError::new(
                    key,
                    text!("err.range", value = number(value), min = 0, max = top),
                ));
            }
        }
        if !(self.epsilon.is_finite() && self.epsilon > 0.0 && self.epsilon <= 1.0) {
            return Err(ConfigError::new(
                "epsilon",
                text!("err.epsilon", value = number(self.epsilon)),
            ));
        }
        if self.features().is_empty() {
            return Err(ConfigError::new("x", text!("err.noFeature")));
        }
        Ok(())
    }

    /// Applies a partial config (a JSON object of settings) on top of this one and returns
    /// the result, validated. On any error nothing is applied and the error names the key.
    pub fn with_patch(&self, patch: &serde_json::Value) -> Result<Config, ConfigError> {
        let serde_json::Value::Object(patch) = patch else {
            return Err(ConfigError::new("config", text!("err.notObject")));
        };
        let serde_json::Value::Object(mut merged) = serde_json::to_value(self)
            .map_err(|e| ConfigError::new("config", text!("err.detail", detail = e)))?
        else {
            return Err(ConfigError::new("config", text!("err.internal")));
        };
        for (key, value) in patch {
            if !merged.contains_key(key) {
                return Err(ConfigError::new(
                    key,
                    text!("err.unknownSetting", list = Config::keys().join(", ")),
                ));
            }
            let old = merged.insert(key.clone(), value.clone());
            // Deserialise with only this key changed, so a type error names this key.
            if let Err(e) =
                serde_json::from_value::<Config>(serde_json::Value::Object(merged.clone()))
            {
                return Err(ConfigError::new(key, describe_serde_error(key, value, &e)));
            }
            debug_assert!(old.is_some());
        }
        let config: Config = serde_json::from_value(serde_json::Value::Object(merged))
            .map_err(|e| ConfigError::new("config", text!("err.detail", detail = e)))?;
        config.validate()?;
        Ok(config)
    }

    /// What changing from `self` to `next` asks of the trainer.
    pub fn change_effect(&self, next: &Config) -> ChangeEffect {
        // Everything but the settings training reads at every step (and the view's
        // settings) rebuilds the experiment.
        let mut rebuilt = Config {
            learning_rate: self.learning_rate,
            batch_size: self.batch_size,
            regularization: self.regularization,
            regularization_rate: self.regularization_rate,
            show_test_data: self.show_test_data,
            discretize: self.discretize,
            speed: self.speed,
            hidden: self.hidden.clone(),
            hide_text: self.hide_text,
            theme: self.theme,
            presentation: self.presentation,
            palette: self.palette,
            lang: self.lang,
            optimizer: self.optimizer,
            momentum: self.momentum,
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            ..next.clone()
        };
        // The dataset of the other problem type is not in use: changing it changes nothing.
        if self.problem == next.problem {
            match self.problem {
                Problem::Classification => rebuilt.reg_dataset = self.reg_dataset,
                Problem::Regression => rebuilt.dataset = self.dataset,
            }
        }
        if rebuilt != *self {
            ChangeEffect::Reset
        } else if next.learning_rate != self.learning_rate
            || next.batch_size != self.batch_size
            || next.regularization != self.regularization
            || next.regularization_rate != self.regularization_rate
            || next.optimizer != self.optimizer
            || next.momentum != self.momentum
            || next.beta1 != self.beta1
            || next.beta2 != self.beta2
            || next.epsilon != self.epsilon
        {
            ChangeEffect::Live
        } else {
            ChangeEffect::None
        }
    }
}

/// Steps of the learning-rate slider: 100 per decade from 0.00001 to 10.
pub const LEARNING_RATE_SLIDER_STEPS: u32 = 600;

/// The learning rate at a slider position (log scale, 3 significant digits).
pub fn learning_rate_from_slider(position: u32) -> f64 {
    let position = position.min(LEARNING_RATE_SLIDER_STEPS);
    let exact = 10f64.powf(MIN_LEARNING_RATE.log10() + f64::from(position) / 100.0);
    round_significant(exact, 3).clamp(MIN_LEARNING_RATE, MAX_LEARNING_RATE)
}

/// The slider position closest to a learning rate.
pub fn slider_from_learning_rate(rate: f64) -> u32 {
    let position = ((rate.log10() - MIN_LEARNING_RATE.log10()) * 100.0).round();
    position.clamp(0.0, f64::from(LEARNING_RATE_SLIDER_STEPS)) as u32
}

fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = 10f64.powi(digits - 1 - value.abs().log10().floor() as i32);
    (value * magnitude).round() / magnitude
}

/// Turns serde's message into one that names the allowed values in plain words.
fn describe_serde_error(key: &str, value: &serde_json::Value, error: &serde_json::Error) -> Text {
    let allowed = match key {
        "dataset" => Some(names(&Dataset::ALL_CLASSIFICATION)),
        "regDataset" => Some(names(&Dataset::REGRESSION)),
        "regularization" => Some(
            Regularization::ALL
                .iter()
                .map(|r| r.name())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        "problem" => Some("classification, regression".to_string()),
        "loss" => Some("squared, crossEntropy".to_string()),
        "optimizer" => Some("sgd, momentum, adam".to_string()),
        "theme" => Some("auto, light, dark".to_string()),
        "palette" => Some("standard, colorBlind".to_string()),
        "lang" => Some("en, zh".to_string()),
        "hidden" => Some(format!(
            "[{}]",
            Control::ALL
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        "activation" => Some(
            Activation::ALL
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    };
    if let Some(list) = allowed {
        return text!("err.oneOf", value = shown(value), list = list);
    }
    // What the setting takes, from its default: said in the page's words, not serde's.
    let default = serde_json::to_value(Config::default())
        .ok()
        .and_then(|d| d.get(key).cloned());
    match default {
        Some(serde_json::Value::Bool(_)) => text!("err.bool", value = shown(value)),
        Some(serde_json::Value::Number(_)) => text!("err.number", value = shown(value)),
        Some(serde_json::Value::Array(_)) => text!("err.numberList", value = shown(value)),
        Some(serde_json::Value::Null) if key == "numSamples" => {
            text!("err.number", value = shown(value))
        }
        _ => {
            let msg = error.to_string();
            let msg = msg.split(" at line").next().unwrap_or(&msg);
            text!("err.notAllowed", value = shown(value), detail = msg)
        }
    }
}

/// A value from a patch, as a message echoes it: its JSON text, cut short.
fn shown(value: &serde_json::Value) -> String {
    crate::i18n::cut(&value.to_string(), crate::i18n::MAX_QUOTED_CHARS)
}

fn names(datasets: &[Dataset]) -> String {
    datasets
        .iter()
        .map(|d| d.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_are_tfps_and_valid() {
        let c = Config::default();
        assert!(c.validate().is_ok());
        assert_eq!(c.network_shape, vec![4, 2]);
        assert_eq!(c.learning_rate, 0.03);
        assert_eq!(c.features(), vec![Feature::X1, Feature::X2]);
        let keys = Config::keys();
        for k in [
            "learningRate",
            "networkShape",
            "percTrainData",
            "xTimesY",
            "sinX",
        ] {
            assert!(keys.iter().any(|key| key == k), "{k} missing from {keys:?}");
        }
    }

    #[test]
    fn a_patch_changes_only_its_keys() {
        let c = Config::default();
        let next = c
            .with_patch(&json!({"learningRate": 0.1, "dataset": "xor", "networkShape": [3]}))
            .unwrap();
        assert_eq!(next.learning_rate, 0.1);
        assert_eq!(next.dataset, Dataset::Xor);
        assert_eq!(next.network_shape, vec![3]);
        assert_eq!(next.activation, c.activation);
    }

    fn refused(patch: serde_json::Value) -> ConfigError {
        Config::default()
            .with_patch(&patch)
            .expect_err("the patch should be refused")
    }

    #[test]
    fn the_display_settings_of_the_screen_are_kept_without_a_reset() {
        let screen = Config {
            lang: Some(Lang::Zh),
            theme: Theme::Dark,
            presentation: true,
            palette: PaletteChoice::ColorBlind,
            ..Config::default()
        };
        let mut file = Config {
            learning_rate: 0.3,
            ..Config::default()
        };
        let before = file.clone();
        file.keep_display_of(&screen);
        assert_eq!(file.lang, Some(Lang::Zh));
        assert_eq!(file.theme, Theme::Dark);
        assert!(file.presentation);
        assert_eq!(file.palette, PaletteChoice::ColorBlind);
        assert_eq!(file.learning_rate, 0.3);
        assert_eq!(before.change_effect(&file), ChangeEffect::None);
    }

    #[test]
    fn type_errors_say_what_the_setting_takes_in_either_language() {
        let e = refused(json!({"noise": "abc"}));
        assert_eq!(
            e.to_string(),
            "noise: \"abc\" is not allowed: expected a number"
        );
        let e = refused(json!({"showTestData": 3}));
        assert_eq!(
            e.to_string(),
            "showTestData: 3 is not allowed: use true or false"
        );
        let e = refused(json!({"networkShape": "big"}));
        assert!(e.to_string().contains("a list of whole numbers"), "{e}");
        assert_eq!(
            e.text().render(Lang::Zh),
            "networkShape：不允许 \"big\"：这里需要一列整数，例如 4,2"
        );
    }

    #[test]
    fn invalid_configs_are_refused_with_readable_messages() {
        let e = refused(json!({"dataset": "moons"}));
        assert_eq!(e.field, "dataset");
        assert!(e.to_string().contains("circle, xor, gauss, spiral"), "{e}");

        let e = refused(json!({"activation": "softplus"}));
        assert!(e.to_string().contains("relu, tanh, sigmoid, linear"), "{e}");

        let e = refused(json!({"learningRate": 11}));
        assert_eq!(e.field, "learningRate");
        assert!(
            e.message.to_string().contains("0.00001") || e.message.to_string().contains("1e-5"),
            "{e}"
        );
        assert!(e.message.to_string().contains("10"), "{e}");
        assert_eq!(refused(json!({"learningRate": 0})).field, "learningRate");
        assert_eq!(
            refused(json!({"learningRate": "fast"})).field,
            "learningRate"
        );

        let e = refused(json!({"networkShape": [4, 4, 4, 4, 4, 4, 4, 4, 4]}));
        assert!(e.message.to_string().contains("0 to 8"), "{e}");
        let e = refused(json!({"networkShape": [4, 17]}));
        assert!(e.message.to_string().contains("1 to 16"), "{e}");
        assert_eq!(refused(json!({"networkShape": [0]})).field, "networkShape");
        assert_eq!(refused(json!({"networkShape": [-1]})).field, "networkShape");

        assert_eq!(refused(json!({"batchSize": 0})).field, "batchSize");
        assert_eq!(refused(json!({"batchSize": 101})).field, "batchSize");
        assert_eq!(refused(json!({"noise": 51})).field, "noise");
        assert_eq!(refused(json!({"percTrainData": 95})).field, "percTrainData");
        assert_eq!(refused(json!({"percTrainData": 5})).field, "percTrainData");
        assert_eq!(refused(json!({"x": false, "y": false})).field, "x");

        let e = refused(json!({"colour": 3}));
        assert_eq!(e.field, "colour");
        assert!(e.message.to_string().contains("learningRate"), "{e}");
        assert_eq!(refused(json!({"speed": 0.1})).field, "speed");
        assert_eq!(refused(json!({"speed": 101})).field, "speed");
        assert_eq!(refused(json!({"speed": "fast"})).field, "speed");
        let c = Config::default();
        assert_eq!(
            c.with_patch(&json!({"speed": "max"})).unwrap().speed,
            Speed::Max
        );
        assert_eq!(
            c.with_patch(&json!({"speed": 20})).unwrap().speed,
            Speed::EpochsPerFrame(20.0)
        );
        assert_eq!(refused(json!(5)).field, "config");
    }

    #[test]
    fn which_changes_reset_and_which_apply_live() {
        let c = Config::default();
        let with = |p| c.with_patch(&p).unwrap();
        assert_eq!(
            c.change_effect(&with(json!({"learningRate": 0.3}))),
            ChangeEffect::Live
        );
        assert_eq!(
            c.change_effect(&with(json!({"batchSize": 30}))),
            ChangeEffect::Live
        );
        assert_eq!(
            c.change_effect(&with(json!({"showTestData": true}))),
            ChangeEffect::None
        );
        for view in [
            json!({"theme": "dark"}),
            json!({"presentation": true}),
            json!({"palette": "colorBlind"}),
        ] {
            assert_eq!(
                c.change_effect(&with(view.clone())),
                ChangeEffect::None,
                "{view}"
            );
        }
        for p in [
            json!({"dataset": "spiral"}),
            json!({"activation": "relu"}),
            json!({"networkShape": [2]}),
            json!({"seed": 9}),
            json!({"noise": 10}),
            json!({"xSquared": true}),
        ] {
            assert_eq!(
                c.change_effect(&with(p.clone())),
                ChangeEffect::Reset,
                "{p}"
            );
        }
    }

    #[test]
    fn the_learning_rate_slider_is_logarithmic_over_the_whole_range() {
        assert_eq!(learning_rate_from_slider(0), 0.00001);
        assert_eq!(learning_rate_from_slider(600), 10.0);
        assert_eq!(learning_rate_from_slider(300), 0.01);
        assert_eq!(learning_rate_from_slider(400), 0.1);
        assert_eq!(learning_rate_from_slider(348), 0.0302);
        assert_eq!(slider_from_learning_rate(0.03), 348);
        for pos in 0..=600 {
            let rate = learning_rate_from_slider(pos);
            assert!((MIN_LEARNING_RATE..=MAX_LEARNING_RATE).contains(&rate));
            assert_eq!(slider_from_learning_rate(rate), pos, "{rate}");
        }
    }
}
