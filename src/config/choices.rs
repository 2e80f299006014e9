//! The settings' choices that are not the network's own: the page's theme and palette,
//! the problem, the controls a teacher can hide, and the seed.

use serde::{Deserialize, Serialize};

/// Light or dark, or as the system says.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
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
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
pub enum Problem {
    #[default]
    Classification,
    Regression,
}

/// The training or the test set (which set the mistakes are counted on).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    #[default]
    Train,
    Test,
}

/// The view shown beside the network: the output (the boundary and the loss), the hidden
/// space, the mistakes or the worked example. On a phone, where one thing fits at a time,
/// the network and the data's controls are views too; a wider screen always shows them, with
/// the output beside them. A lesson's step opens the view it talks about.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
pub enum Pane {
    #[default]
    Output,
    Hidden,
    Mistakes,
    Example,
    Network,
    Data,
}

/// The controls a teacher can hide. Names are TFP's where it has them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, strum::VariantArray,
)]
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
    Dropout,
    NeuronStates,
    CompareRuns,
}

impl Control {
    /// The key of its name in the classroom panel: `ctl.` and its own name.
    pub fn label(self) -> String {
        format!("ctl.{}", crate::names::Choice::name(self))
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
