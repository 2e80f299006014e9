//! What `snapshot()` tells JavaScript: the run's state in one plain object.

use super::*;

/// What `snapshot()` returns to JavaScript.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot<'a> {
    /// The epoch of the network described (the shown one while an epoch is shown).
    pub epoch: f64,
    /// The kept epoch shown instead of the live network (null: the live one).
    pub shown_epoch: Option<f64>,
    /// The epoch training has reached.
    pub latest_epoch: f64,
    pub train_loss: f64,
    pub test_loss: f64,
    /// Shares classified right (null for regression).
    pub train_accuracy: Option<f64>,
    pub test_accuracy: Option<f64>,
    pub running: bool,
    pub diverged: bool,
    pub config: &'a Config,
    /// Points in the training and the test set.
    pub train_count: usize,
    pub test_count: usize,
    /// What the pointer is over in the graph, e.g. `{ kind: "weight", layer, j, i }`.
    pub hover: Option<HoverInfo>,
    /// What the large heatmap shows (`Heatmap::name`).
    pub boundary_shows: String,
    /// The training sample the inspector shows.
    pub inspected_sample: usize,
    /// Mean |∂L/∂W| per layer over the last epoch.
    pub gradient_sizes: &'a [f64],
    /// The epoch training stops at ("Run until"), if any.
    pub run_until: Option<f64>,
    /// Classification: each set's confusion counts, rows = true class, columns =
    /// predicted (null for regression).
    pub confusion: Option<BySet<Vec<Vec<u64>>>>,
    /// Regression: each set's RMSE, MAE and R² (null for classes).
    pub metrics: Option<BySet<Option<crate::train::Errors>>>,
    /// The hidden neurons dropout dropped for the last sample of the last epoch, as
    /// "layer:neuron" (empty without dropout).
    pub dropped: Vec<crate::config::NeuronId>,
    /// The digits: the digit the graph shows, and the gallery of the set the mistakes
    /// panel counts on, the wrong ones first (null and empty for points).
    pub shown_digit: Option<super::Shown>,
    pub gallery: Vec<super::GalleryDigit>,
    /// The epoch under way when an epoch too long for a frame is trained in parts:
    /// `[mini-batches done, mini-batches an epoch]` (`[0, n]` at an epoch's boundary).
    pub epoch_progress: (usize, usize),
    /// The lesson shown and where the class is in it (null without one).
    pub lesson: Option<super::lessons::LessonView>,
    /// Text mode: the symbols, the dev loss and its perplexity, the counted bigram's and
    /// trigram's dev losses (null for points and images).
    pub text: Option<super::TextFigures>,
}

/// One value for the training set and one for the test set.
#[derive(Serialize)]
pub struct BySet<T> {
    pub train: T,
    pub test: T,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum HoverInfo {
    Input {
        feature: &'static str,
    },
    Neuron {
        layer: usize,
        j: usize,
    },
    Weight {
        layer: usize,
        j: usize,
        i: usize,
        value: f64,
    },
    Bias {
        layer: usize,
        j: usize,
        value: f64,
    },
}

impl Session {
    pub fn snapshot(&self) -> Snapshot<'_> {
        let t = &self.trainer;
        let value = |target| self.param_of(target).map_or(f64::NAN, |(_, v)| v);
        let hover = self.hover.map(|target| match target {
            Target::Input(f) => HoverInfo::Input {
                feature: Config::feature_key(f),
            },
            Target::Neuron { layer, j } => HoverInfo::Neuron { layer, j },
            Target::Weight { layer, j, i } => HoverInfo::Weight {
                layer,
                j,
                i,
                value: value(target),
            },
            Target::Bias { layer, j } => HoverInfo::Bias {
                layer,
                j,
                value: value(target),
            },
        });
        let mut dropped = Vec::new();
        let mut flags = t.dropped().iter();
        for (l, layer) in t.network().layers.iter().rev().skip(1).rev().enumerate() {
            for j in 0..layer.n_out {
                if flags.next() == Some(&true) {
                    dropped.push(crate::config::NeuronId::of(l, j));
                }
            }
        }
        let digits = t.config().is_digits();
        Snapshot {
            dropped,
            shown_digit: digits.then_some(self.digits.shown),
            gallery: self.gallery(t.config().view.mistakes_set),
            epoch_progress: t.epoch_progress(),
            lesson: self.lesson_view(),
            text: self.text_figures(),
            epoch: t.epoch() as f64,
            shown_epoch: t.shown_epoch().map(|e| e as f64),
            latest_epoch: t.latest_epoch() as f64,
            train_loss: t.train_loss(),
            test_loss: t.test_loss(),
            train_accuracy: t.train_accuracy(),
            test_accuracy: t.test_accuracy(),
            running: self.running,
            diverged: t.diverged(),
            config: t.config(),
            train_count: t.train_samples().len(),
            test_count: t.test_samples().len(),
            hover,
            boundary_shows: self.heatmap().name(),
            inspected_sample: self.inspected,
            gradient_sizes: t.gradient_sizes(),
            run_until: self.run_until.map(|e| e as f64),
            confusion: (t.scores()[0].classes > 0).then(|| {
                let [train, test] = t.scores().map(|s| s.rows());
                BySet { train, test }
            }),
            metrics: (t.scores()[0].classes == 0).then(|| {
                let [train, test] = t.scores().map(|s| s.errors);
                BySet { train, test }
            }),
        }
    }
}
