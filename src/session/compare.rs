//! Runs side by side: the experiment (run A) and up to three more, each the same
//! experiment with some settings changed (`patch`: how it learns, never its data). They
//! share the data, start together at epoch 0 (the same seed: where the shapes match, the
//! same initial weights) and train in lockstep: whatever trains the run on view, the
//! others follow to its epoch. The run on view lives in `Session::trainer`, so every view
//! (graph, worked example, hidden space, controls) shows it; the others wait here.

use super::*;
use serde_json::{Map, Value};

/// A run read from a file: what it changes from run A, and its trainer.
pub(super) type FileRun = (Map<String, Value>, Trainer);

/// Runs in a comparison at most, run A included.
pub const MAX_RUNS: usize = 4;

/// One run: what it changes from run A, and its trainer (none for the run on view, which
/// is the Session's).
pub(super) struct Run {
    pub(super) patch: Map<String, Value>,
    trainer: Option<Trainer>,
}

/// The runs, in order (run A first); empty when nothing is compared.
#[derive(Default)]
pub(super) struct Comparison {
    runs: Vec<Run>,
    /// The run on view (its slot's trainer is the Session's).
    viewed: usize,
}

/// What `runs()` tells of one run.
pub struct RunView<'a> {
    /// The settings it changes from run A (empty for A).
    pub patch: &'a Map<String, Value>,
    pub trainer: &'a Trainer,
    /// What the legend calls it: "A", "B: η = 0.3".
    pub label: String,
}

/// The settings a run may change: how the network learns, not the data. Every key of the
/// experiment, of training and of the neurons but those that make the data.
pub fn run_keys() -> Vec<String> {
    let data = Experiment::DATA_KEYS;
    let parts = [
        serde_json::to_value(crate::config::Experiment::default()),
        serde_json::to_value(crate::nn::Training::default()),
        serde_json::to_value(crate::config::Neurons::default()),
    ];
    let mut keys = Vec::new();
    for part in parts.into_iter().flatten() {
        if let Value::Object(map) = part {
            keys.extend(map.keys().filter(|k| !data.contains(&k.as_str())).cloned());
        }
    }
    keys
}

use crate::config::Experiment;

/// The run keys whose values differ from `base` to `run`, with `run`'s values.
pub fn differences(base: &Config, run: &Config) -> Map<String, Value> {
    let keys = run_keys();
    let base: std::collections::HashMap<String, Value> = base.settings().into_iter().collect();
    run.settings()
        .into_iter()
        .filter(|(k, v)| keys.contains(k) && base.get(k) != Some(v))
        .collect()
}

/// A run's letter: A, B, C, D.
pub fn run_letter(index: usize) -> char {
    char::from(b'A' + index.min(25) as u8)
}

/// What a patch changes, as the legend says it: "η = 0.3, batch = 30, +X₁²".
pub fn describe(patch: &Map<String, Value>) -> String {
    let value = |v: &Value| match v {
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(","),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), number),
        other => other.to_string(),
    };
    patch
        .iter()
        .map(|(key, v)| {
            let short = match key.as_str() {
                "learningRate" => "η",
                "regularizationRate" => "λ",
                "batchSize" => "batch",
                "momentum" => "β",
                "beta1" => "β₁",
                "beta2" => "β₂",
                "epsilon" => "ε",
                "networkShape" => "shape",
                other => other,
            };
            // A feature by its name on the graph (X₁²), switched on (+) or off (−).
            let feature = crate::data::Feature::ALL
                .into_iter()
                .find(|&f| Config::feature_key(f) == key);
            match (v, feature) {
                (Value::Bool(on), Some(f)) => {
                    format!("{}{}", if *on { "+" } else { "−" }, f.label())
                }
                (Value::Bool(on), None) => format!("{}{key}", if *on { "+" } else { "−" }),
                _ => format!("{short} = {}", value(v)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Comparison {
    pub(super) fn is_on(&self) -> bool {
        !self.runs.is_empty()
    }

    pub(super) fn viewed(&self) -> usize {
        self.viewed
    }

    pub(super) fn len(&self) -> usize {
        self.runs.len().max(1)
    }
}

impl Session {
    /// Every run, run A first (one run, the experiment, when nothing is compared).
    pub fn runs(&self) -> Vec<RunView<'_>> {
        let c = &self.compare;
        if !c.is_on() {
            static NONE: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
            return vec![RunView {
                patch: NONE.get_or_init(Map::new),
                trainer: &self.trainer,
                label: "A".into(),
            }];
        }
        c.runs
            .iter()
            .enumerate()
            .map(|(k, run)| RunView {
                patch: &run.patch,
                trainer: run.trainer.as_ref().unwrap_or(&self.trainer),
                label: match k {
                    0 => "A".into(),
                    _ => format!("{}: {}", run_letter(k), describe(&run.patch)),
                },
            })
            .collect()
    }

    /// The run on view (0: run A).
    pub fn viewed_run(&self) -> usize {
        self.compare.viewed()
    }

    /// Run A's config (the experiment every run starts from).
    fn base_config(&self) -> &Config {
        match self.compare.runs.first().and_then(|r| r.trainer.as_ref()) {
            Some(a) => a.config(),
            None => self.trainer.config(),
        }
    }

    /// Adds a run: run A with `patch` (a JSON object of settings it changes: how it
    /// learns, not the data). Every run starts again at epoch 0, paused, on the same data.
    /// Returns the new run's index; a refusal changes nothing.
    pub fn add_run(&mut self, patch: &Value) -> Result<usize, ConfigError> {
        let Value::Object(map) = patch else {
            return Err(ConfigError::new("run", text!("err.notObject")));
        };
        if self.compare.runs.len() >= MAX_RUNS {
            return Err(ConfigError::new(
                "run",
                text!("err.tooManyRuns", max = MAX_RUNS),
            ));
        }
        let keys = run_keys();
        if let Some(key) = map.keys().find(|k| !keys.contains(k)) {
            return Err(ConfigError::new(
                key,
                text!("err.notRunKey", list = keys.join(", ")),
            ));
        }
        let base = self.base_config().clone();
        let config = base.with_patch(patch)?;
        // A pasted text is the runs' data too.
        let mut trainer = Trainer::with_text(config, self.trainer.pasted())?;
        if !self.compare.is_on() {
            self.compare.runs.push(Run {
                patch: Map::new(),
                trainer: None,
            });
        }
        let patch = differences(&base, trainer.config());
        if self.trainer.custom_data() {
            trainer.replace_data(
                self.trainer.train_samples().to_vec(),
                self.trainer.test_samples().to_vec(),
            );
        }
        self.compare.runs.push(Run {
            patch,
            trainer: Some(trainer),
        });
        self.restart_runs();
        Ok(self.compare.runs.len() - 1)
    }

    /// Removes run `index` (not run A: it is the experiment). The last run but A ends the
    /// comparison.
    pub fn remove_run(&mut self, index: usize) -> Result<(), Text> {
        let count = self.compare.runs.len();
        if count < 2 {
            return Err(text!("err.noRuns"));
        }
        if index == 0 || index >= count {
            return Err(text!(
                "err.noRun",
                index = index,
                last = count.saturating_sub(1)
            ));
        }
        if self.compare.viewed == index {
            self.view_run(0);
        }
        self.compare.runs.remove(index);
        if self.compare.viewed > index {
            self.compare.viewed -= 1;
        }
        if self.compare.runs.len() == 1 {
            self.compare = Comparison::default();
        }
        self.config_changed();
        Ok(())
    }

    /// Shows run `index` in every view (its graph, worked example, hidden space and
    /// controls).
    pub fn view_run(&mut self, index: usize) {
        let c = &mut self.compare;
        if index == c.viewed || index >= c.runs.len() {
            return;
        }
        let Some(next) = c.runs[index].trainer.take() else {
            return;
        };
        let previous = std::mem::replace(&mut self.trainer, next);
        c.runs[c.viewed].trainer = Some(previous);
        c.viewed = index;
        self.hover = None;
        self.walk = None;
        self.data_edited();
        self.config_changed();
    }

    /// Every run back to epoch 0 (each its own experiment's start: the same seed).
    fn restart_runs(&mut self) {
        self.running = false;
        self.trainer.reset();
        for run in &mut self.compare.runs {
            if let Some(t) = &mut run.trainer {
                t.reset();
            }
        }
        self.after_reset();
        self.config_changed();
    }

    /// Lockstep: every other run trains to the viewed run's epoch (a run that stopped
    /// producing numbers stays where it stopped).
    pub(super) fn runs_follow(&mut self) {
        let epoch = self.trainer.epoch();
        for run in &mut self.compare.runs {
            if let Some(t) = &mut run.trainer {
                t.show_present();
                let behind = epoch.saturating_sub(t.epoch());
                if behind > 0 {
                    t.step_epochs(behind);
                }
            }
        }
    }

    /// The other runs after the viewed run's config went from `before` to its present
    /// one: a change of the data, the view or the class applies to every run; a change
    /// of how it learns is run A's (which the others follow unless they change that
    /// setting themselves) or, on another run, that run's own. A change that starts the
    /// viewed run again starts every run again (lockstep).
    pub(super) fn runs_follow_config(&mut self, before: &Config, effect: ChangeEffect) {
        if !self.compare.is_on() {
            return;
        }
        let now = self.trainer.config().clone();
        let keys = run_keys();
        let changed: Map<String, Value> = {
            let old: std::collections::HashMap<String, Value> =
                before.settings().into_iter().collect();
            now.settings()
                .into_iter()
                .filter(|(k, v)| old.get(k) != Some(v) && k != "hidden")
                .collect()
        };
        let viewed = self.compare.viewed;
        let base_old = self.base_config().clone();
        // What run A's config becomes.
        let mut base = base_old.clone();
        let shared: Map<String, Value> = changed
            .iter()
            .filter(|(k, _)| viewed == 0 || !keys.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        match base.with_patch(&Value::Object(shared)) {
            Ok(b) => base = b,
            Err(_) => {
                // Run A cannot take the change (a setting it changes itself conflicts):
                // the run on view goes on alone rather than on other data.
                self.compare = Comparison::default();
                return;
            }
        }
        base.classroom.hidden = now.classroom.hidden.clone();
        if viewed > 0 {
            self.compare.runs[viewed].patch = differences(&base, &now);
        }
        let mut restart = effect == ChangeEffect::Reset;
        let mut dropped = Vec::new();
        for (k, run) in self.compare.runs.iter_mut().enumerate() {
            let Some(t) = &mut run.trainer else {
                continue;
            };
            let mut config = match base.with_patch(&Value::Object(run.patch.clone())) {
                Ok(c) => c,
                Err(_) => {
                    dropped.push(k);
                    continue;
                }
            };
            config.classroom.hidden = now.classroom.hidden.clone();
            match t.set_config(config) {
                Ok(ChangeEffect::Reset) => restart = true,
                Ok(_) => {}
                Err(_) => dropped.push(k),
            }
        }
        for k in dropped.into_iter().rev() {
            self.compare.runs.remove(k);
        }
        if self.compare.runs.len() <= 1 {
            self.compare = Comparison::default();
            return;
        }
        if restart {
            self.restart_runs();
        }
    }

    /// After the viewed run's data were edited: every run has the same points.
    pub(super) fn runs_share_data(&mut self) {
        if !self.trainer.custom_data() {
            return;
        }
        for run in &mut self.compare.runs {
            if let Some(t) = &mut run.trainer {
                self.trainer.share_data_with(t);
            }
        }
    }

    /// "Reset" and "Regenerate" for the runs that are not on view.
    pub(super) fn runs_do(&mut self, what: fn(&mut Trainer)) {
        for run in &mut self.compare.runs {
            if let Some(t) = &mut run.trainer {
                what(t);
            }
        }
    }
}

mod sharing;

#[cfg(test)]
mod tests;
