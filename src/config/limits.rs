//! The limits of every setting, said once: the table that validation, its messages and
//! the controls' ranges read, and the few rules that are not a range.

use super::{
    Config, ConfigError, Problem, Speed, MAX_EPOCHS_PER_FRAME, MAX_SEED_LEN, MIN_EPOCHS_PER_FRAME,
};
use crate::data::Dataset;
use crate::i18n::{number, quote};
use crate::names::Choice;
use crate::nn::Loss;
use crate::text;

pub const MAX_HIDDEN_LAYERS: usize = 8;
pub const MAX_NEURONS: usize = 16;
/// Neurons per hidden layer for the digits (64 inputs).
pub const MAX_NEURONS_DIGITS: usize = 64;
/// Neurons per hidden layer in text mode: as wide as makemore's 200.
pub const MAX_NEURONS_TEXT: usize = 200;
/// Symbols of context in text mode.
pub const MAX_CONTEXT: usize = 8;
/// Numbers per symbol of the text mode's embedding.
pub const MIN_EMBEDDING: usize = 2;
pub const MAX_EMBEDDING: usize = 16;
/// The temperature the network writes at.
pub const MAX_TEMPERATURE: f64 = 2.0;
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

/// The range of a number setting: what `validate` checks, what its refusal says and what
/// the setting's control offers (`web::controls` reads `min` and `max`).
pub struct Limit {
    /// The setting's key.
    pub key: &'static str,
    pub min: f64,
    pub max: f64,
    /// The refusal's message (`{value}`, `{min}`, `{max}`): a range, a count, a share…
    message: &'static str,
    /// The setting's value, as a number (`None`: not a number now, as "max" speed or an
    /// unset point count).
    value: fn(&Config) -> Option<f64>,
}

/// Every number setting's range, in the order validation checks them.
pub const LIMITS: [Limit; 20] = [
    Limit {
        key: "learningRate",
        min: MIN_LEARNING_RATE,
        max: MAX_LEARNING_RATE,
        message: "err.range",
        value: |c| Some(c.training.learning_rate),
    },
    Limit {
        key: "batchSize",
        min: 1.0,
        max: MAX_BATCH_SIZE as f64,
        message: "err.count",
        value: |c| Some(c.training.batch_size as f64),
    },
    Limit {
        key: "noise",
        min: 0.0,
        max: MAX_NOISE as f64,
        message: "err.count",
        value: |c| Some(f64::from(c.experiment.noise)),
    },
    Limit {
        key: "percTrainData",
        min: MIN_PERC_TRAIN as f64,
        max: MAX_PERC_TRAIN as f64,
        message: "err.percent",
        value: |c| Some(f64::from(c.experiment.perc_train_data)),
    },
    Limit {
        key: "speed",
        min: MIN_EPOCHS_PER_FRAME,
        max: MAX_EPOCHS_PER_FRAME,
        message: "err.speed",
        value: |c| match c.classroom.speed {
            Speed::EpochsPerFrame(n) => Some(n),
            Speed::Max => None,
        },
    },
    Limit {
        key: "regularizationRate",
        min: 0.0,
        max: MAX_REGULARIZATION_RATE,
        message: "err.range",
        value: |c| Some(c.training.regularization_rate),
    },
    Limit {
        key: "classes",
        min: MIN_CLASSES as f64,
        max: MAX_CLASSES as f64,
        message: "err.count",
        value: |c| Some(c.experiment.classes as f64),
    },
    Limit {
        key: "numSamples",
        min: MIN_SAMPLES as f64,
        max: MAX_SAMPLES as f64,
        message: "err.points",
        value: |c| c.experiment.num_samples.map(|n| n as f64),
    },
    Limit {
        key: "momentum",
        min: 0.0,
        max: 0.999,
        message: "err.range",
        value: |c| Some(c.training.momentum),
    },
    Limit {
        key: "beta1",
        min: 0.0,
        max: 0.9999,
        message: "err.range",
        value: |c| Some(c.training.beta1),
    },
    Limit {
        key: "beta2",
        min: 0.0,
        max: 0.9999,
        message: "err.range",
        value: |c| Some(c.training.beta2),
    },
    Limit {
        key: "epsilon",
        min: 0.0,
        max: 1.0,
        message: "err.epsilon",
        // ε > 0 too: checked below.
        value: |c| Some(c.training.epsilon),
    },
    Limit {
        key: "hiddenLayer",
        min: 1.0,
        max: MAX_HIDDEN_LAYERS as f64,
        message: "err.count",
        value: |c| Some(c.view.hidden_layer as f64),
    },
    Limit {
        key: "hiddenNeuronX",
        min: 1.0,
        max: MAX_NEURONS as f64,
        message: "err.count",
        value: |c| Some(c.view.hidden_neuron_x as f64),
    },
    Limit {
        key: "hiddenNeuronY",
        min: 1.0,
        max: MAX_NEURONS as f64,
        message: "err.count",
        value: |c| Some(c.view.hidden_neuron_y as f64),
    },
    Limit {
        key: "walkPace",
        min: 0.25,
        max: 10.0,
        message: "err.range",
        value: |c| Some(c.view.walk_pace),
    },
    Limit {
        key: "brushDensity",
        min: 0.5,
        max: 10.0,
        message: "err.range",
        value: |c| Some(c.view.brush_density),
    },
    Limit {
        key: "context",
        min: 1.0,
        max: MAX_CONTEXT as f64,
        message: "err.count",
        value: |c| Some(c.experiment.context as f64),
    },
    Limit {
        key: "embedding",
        min: MIN_EMBEDDING as f64,
        max: MAX_EMBEDDING as f64,
        message: "err.count",
        value: |c| Some(c.experiment.embedding as f64),
    },
    Limit {
        key: "temperature",
        min: 0.0,
        max: MAX_TEMPERATURE,
        message: "err.range",
        value: |c| Some(c.view.temperature),
    },
];

/// The range of setting `key`, if it is a number with one.
pub fn limit(key: &str) -> Option<&'static Limit> {
    LIMITS.iter().find(|l| l.key == key)
}

impl Limit {
    /// The refusal of a value outside the range (or not a finite number).
    fn check(&self, config: &Config) -> Result<(), ConfigError> {
        let Some(value) = (self.value)(config) else {
            return Ok(());
        };
        if value.is_finite() && (self.min..=self.max).contains(&value) {
            return Ok(());
        }
        Err(ConfigError::new(self.key, self.refusal(value)))
    }

    /// What the refusal of `value` says: the value and the range.
    pub fn refusal(&self, value: f64) -> crate::i18n::Text {
        text!(
            self.message,
            value = number(value),
            min = self.min,
            max = self.max
        )
    }
}

impl Config {
    /// Checks every limit, then the rules that are not a range. The message names the
    /// setting, the value and what is allowed.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for limit in &LIMITS {
            limit.check(self)?;
        }
        let e = &self.experiment;
        if e.network_shape.len() > MAX_HIDDEN_LAYERS {
            return Err(ConfigError::new(
                "networkShape",
                text!(
                    "err.tooManyLayers",
                    n = e.network_shape.len(),
                    max = MAX_HIDDEN_LAYERS
                ),
            ));
        }
        let max = self.max_neurons();
        if let Some(&n) = e.network_shape.iter().find(|&&n| !(1..=max).contains(&n)) {
            return Err(ConfigError::new(
                "networkShape",
                text!("err.layerSize", n = n, max = max),
            ));
        }
        if !e.activations.is_empty() && e.activations.len() != e.network_shape.len() {
            return Err(ConfigError::new(
                "activations",
                text!(
                    "err.activationCount",
                    n = e.activations.len(),
                    layers = e.network_shape.len()
                ),
            ));
        }
        self.neurons.validate(e)?;
        if !e.formula.is_empty() {
            let formula = crate::data::formula::Formula::parse(&e.formula)
                .map_err(|refused| ConfigError::new("formula", refused.text))?;
            if !formula.has_values() {
                return Err(ConfigError::new("formula", text!("err.formulaNowhere")));
            }
        }
        if e.dataset.is_regression() {
            return Err(ConfigError::new(
                "dataset",
                text!(
                    "err.regressionDataset",
                    name = e.dataset.name(),
                    list = crate::names::list(&Dataset::ALL_CLASSIFICATION)
                ),
            ));
        }
        if !e.reg_dataset.is_regression() {
            return Err(ConfigError::new(
                "regDataset",
                text!(
                    "err.classificationDataset",
                    name = e.reg_dataset.name(),
                    list = crate::names::list(&Dataset::REGRESSION)
                ),
            ));
        }
        if !e.seed.is_valid() {
            return Err(ConfigError::new(
                "seed",
                text!(
                    "err.seed",
                    value = quote(e.seed.as_str()),
                    max = MAX_SEED_LEN
                ),
            ));
        }
        if e.problem == Problem::Regression && e.loss == Loss::CrossEntropy {
            return Err(ConfigError::new(
                "loss",
                text!("err.crossEntropyRegression"),
            ));
        }
        if self.training.epsilon == 0.0 {
            return Err(ConfigError::new(
                "epsilon",
                text!("err.epsilon", value = number(self.training.epsilon)),
            ));
        }
        if self.features().is_empty() {
            return Err(ConfigError::new("x", text!("err.noFeature")));
        }
        Ok(())
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
