//! The Session: everything the page decides, without the page. It owns the Trainer and
//! the run's rules: playing or paused, how many epochs a frame trains (the speed, the
//! maximum-speed budget, "run until"), what pauses training and what the message then
//! offers, the inspected sample, what the large heatmap shows, lessons and loading files.
//!
//! The browser side only draws it: it calls a command when a control changes, calls
//! `frame` once per animation frame with its clock, and redraws when `revision()` moved.
//! Native tests drive a whole run frame by frame with a fake clock.

mod lessons;
mod pace;
mod view;

pub use lessons::{Lesson, LESSONS};
pub use pace::Pace;
pub use view::{Heatmap, Target};

use crate::config::{ChangeEffect, Config, ConfigError, MIN_LEARNING_RATE};
use crate::data::Feature;
use crate::i18n::{number, Text};
use crate::text;
use crate::train::{Trainer, MAX_EPOCH};
use serde::Serialize;

/// The buttons a message about training offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Offers {
    /// "Lower the learning rate" (to a tenth).
    pub lower_rate: bool,
    pub reset: bool,
}

/// The message on the page (one at a time), with the buttons it offers.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: Text,
    pub offers: Offers,
}

/// What a frame did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Epochs trained.
    pub epochs: u64,
    /// Milliseconds spent training.
    pub training_ms: f64,
    /// Something anyone can see changed (the page draws again).
    pub changed: bool,
}

/// What `snapshot()` returns to JavaScript.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot<'a> {
    pub epoch: f64,
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

pub struct Session {
    trainer: Trainer,
    running: bool,
    /// Training pauses at this epoch ("Run until").
    run_until: Option<u64>,
    /// The loss-explosion warning was given for this run (play carries on after it).
    warned: bool,
    pace: Pace,
    /// The training sample the worked example shows.
    inspected: usize,
    /// What the pointer is over in the graph.
    hover: Option<Target>,
    /// The lesson whose text is shown.
    lesson: Option<usize>,
    notice: Option<Notice>,
    /// Counters that move on every visible change, on every change of the config and on
    /// every change of the message: the page redraws what moved.
    revision: u64,
    config_revision: u64,
    notice_revision: u64,
}

impl Session {
    /// A session of `config`, paused at epoch 0.
    pub fn new(config: Config) -> Result<Session, ConfigError> {
        Ok(Session {
            trainer: Trainer::new(config)?,
            running: false,
            run_until: None,
            warned: false,
            pace: Pace::default(),
            inspected: 0,
            hover: None,
            lesson: None,
            notice: None,
            revision: 0,
            config_revision: 0,
            notice_revision: 0,
        })
    }

    // ----- What the page reads -----

    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The trainer for the passes that reuse its buffers (the worked example, the
    /// textbook's predictions); they change no parameter.
    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }

    pub fn config(&self) -> &Config {
        self.trainer.config()
    }

    pub fn running(&self) -> bool {
        self.running
    }

    pub fn run_until(&self) -> Option<u64> {
        self.run_until
    }

    pub fn inspected(&self) -> usize {
        self.inspected
    }

    pub fn hover(&self) -> Option<Target> {
        self.hover
    }

    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.lesson.and_then(|i| LESSONS.get(i))
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn config_revision(&self) -> u64 {
        self.config_revision
    }

    pub fn notice_revision(&self) -> u64 {
        self.notice_revision
    }

    /// What the note beside the speed picker says (see `SpeedNote::reading`).
    pub fn speed_reading(&self) -> Option<(u64, f64)> {
        self.pace
            .reading(self.running, self.config().classroom.speed)
    }

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
        Snapshot {
            epoch: t.epoch() as f64,
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
        }
    }

    // ----- The frame -----

    /// One animation frame: when playing, trains as the speed says (never past the
    /// maximum-speed budget, never past "run until"), then applies the rules that pause.
    /// `now` is the page's clock in milliseconds.
    pub fn frame(&mut self, now: &dyn Fn() -> f64) -> Outcome {
        let start = now();
        let revision = self.revision;
        self.pace.frame_started(start);
        let mut outcome = Outcome::default();
        if self.running {
            let left = self.epochs_left();
            let budget = self.pace.budget();
            let within = |done: u64| done == 0 || now() - start < budget;
            let speed = self.config().classroom.speed;
            outcome.epochs = match self.pace.epochs_this_frame(speed) {
                Some(0) => 0,
                Some(epochs) => {
                    let wanted = epochs.min(left);
                    let done = self
                        .trainer
                        .step_epochs_while(|done| done < wanted && within(done));
                    self.pace.record(done, wanted, self.trainer.diverged());
                    self.after_training();
                    done
                }
                None => {
                    // Maximum speed: as many epochs as fit in the budget, then one drawing.
                    let done = self
                        .trainer
                        .step_epochs_while(|done| done < left && now() - start < budget);
                    self.after_training();
                    done
                }
            };
        }
        outcome.training_ms = now() - start;
        self.pace.training_took(outcome.training_ms);
        outcome.changed = self.revision != revision;
        outcome
    }

    /// Epochs left before "Run until" stops training (all of them without a target).
    fn epochs_left(&self) -> u64 {
        self.run_until
            .map_or(u64::MAX, |t| t.saturating_sub(self.trainer.epoch()))
    }

    /// After epochs were trained: pauses (in this same frame) and explains when training
    /// stopped producing numbers or its loss exploded, offering what fits the cause (a
    /// lower rate only when the rate can be lowered and lowering it helps); pauses at the
    /// last epoch and at "run until".
    fn after_training(&mut self) {
        self.touch();
        let t = &self.trainer;
        let rate = t.config().training.learning_rate;
        let can_lower = rate > MIN_LEARNING_RATE;
        let offers = |lower_rate| Offers {
            lower_rate,
            reset: true,
        };
        let mut pause = None;
        if t.diverged() {
            pause = Some(match t.divergence() {
                Some(d) if d.even_at_lowest_rate => (
                    text!(
                        "msg.divergedWeights",
                        epoch = t.epoch(),
                        largest = number(t.network().largest_parameter())
                    ),
                    offers(false),
                ),
                _ => (
                    text!("msg.diverged", epoch = t.epoch(), rate = rate),
                    offers(can_lower),
                ),
            });
        } else if !self.warned && t.loss_exploded() {
            self.warned = true;
            pause = Some((
                text!(
                    "msg.exploded",
                    epoch = t.epoch(),
                    from = format!("{:.3}", t.start_loss()),
                    to = format!("{:.3}", t.train_loss()),
                    rate = rate
                ),
                offers(can_lower),
            ));
        }
        if let Some((text, offers)) = pause {
            self.running = false;
            self.run_until = None;
            self.set_notice(Some(Notice { text, offers }));
        }
        if self.running && self.trainer.epoch() >= MAX_EPOCH {
            self.running = false;
            self.say(text!("msg.epochLimit", max = MAX_EPOCH));
        }
        if let Some(target) = self.run_until {
            if self.trainer.epoch() >= target {
                self.running = false;
                self.run_until = None;
            }
        }
    }

    // ----- Commands -----

    pub fn set_running(&mut self, running: bool) {
        self.running = running && !self.trainer.diverged();
        self.touch();
    }

    pub fn toggle_running(&mut self) {
        self.set_running(!self.running);
    }

    /// Trains `epochs` epochs now (the JS API's `step(n)`); playing goes on.
    pub fn step(&mut self, epochs: u64) {
        self.trainer.step_epochs(epochs);
        self.after_training();
    }

    /// The step button (and →): pauses, then trains one epoch.
    pub fn step_once(&mut self) {
        self.running = false;
        self.step(1);
    }

    /// Back to epoch 0 of the same experiment.
    pub fn reset(&mut self) {
        self.trainer.reset();
        self.set_notice(None);
        self.after_reset();
    }

    /// New data from the next seed; the network keeps its weights.
    pub fn regenerate(&mut self) {
        self.trainer.regenerate();
        self.warned = false;
        self.config_changed();
    }

    /// Applies a partial config (`{ "learningRate": 0.1 }`), validated; on error nothing
    /// changes.
    pub fn change(&mut self, patch: &serde_json::Value) -> Result<ChangeEffect, ConfigError> {
        let next = self.config().with_patch(patch)?;
        self.set_config(next)
    }

    /// `change`, with the refusal shown as the message (a control's change).
    pub fn change_or_explain(&mut self, patch: &serde_json::Value) {
        if let Err(e) = self.change(patch) {
            self.say(e.text());
            // The controls show the config that stays.
            self.config_changed();
        }
    }

    /// Replaces the config (validated): live settings apply from the next epoch on, view
    /// settings change nothing, anything else starts the experiment again.
    pub fn set_config(&mut self, next: Config) -> Result<ChangeEffect, ConfigError> {
        let effect = self.trainer.set_config(next)?;
        self.config_changed();
        if effect == ChangeEffect::Reset {
            self.set_notice(None);
            self.after_reset();
        }
        Ok(effect)
    }

    /// Edits of the config made by the page itself (a feature's input neuron, + and −,
    /// "lower the rate"): the result, or the refusal as the message.
    fn edit_or_explain(&mut self, edit: impl FnOnce(&mut Config)) {
        let mut next = self.config().clone();
        edit(&mut next);
        if let Err(e) = self.set_config(next) {
            self.say(e.text());
        }
    }

    /// Switches a feature on or off (refused with a message if it is the last one on).
    pub fn toggle_feature(&mut self, feature: Feature) {
        let on = self.config().feature_on(feature);
        self.edit_or_explain(|c| c.set_feature(feature, !on));
    }

    /// Changes the hidden layers' shape: with `layer` `None`, adds a layer of two neurons
    /// (`grow`) or removes the last layer; with `Some(l)`, adds or removes a neuron of
    /// layer l (keeping 1 to 16).
    pub fn reshape(&mut self, layer: Option<usize>, grow: bool) {
        use crate::config::{MAX_HIDDEN_LAYERS, MAX_NEURONS};
        let mut shape = self.config().experiment.network_shape.clone();
        match layer {
            None if grow && shape.len() < MAX_HIDDEN_LAYERS => shape.push(2),
            None if !grow => {
                shape.pop();
            }
            Some(l) if l < shape.len() => {
                shape[l] = if grow {
                    (shape[l] + 1).min(MAX_NEURONS)
                } else {
                    shape[l].saturating_sub(1).max(1)
                };
            }
            _ => return,
        }
        self.edit_or_explain(|c| c.experiment.network_shape = shape);
    }

    /// A dataset tile: the classification or regression dataset it names.
    pub fn pick_dataset(&mut self, dataset: crate::data::Dataset) {
        self.edit_or_explain(|c| {
            if dataset.is_regression() {
                c.experiment.reg_dataset = dataset;
            } else {
                c.experiment.dataset = dataset;
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

    /// "Run until epoch N", as typed.
    pub fn run_until_typed(&mut self, typed: &str) {
        let epoch = self.trainer.epoch();
        match typed.trim().parse::<u64>() {
            Ok(n) if n > epoch => {
                self.run_until = Some(n);
                self.set_running(true);
            }
            Ok(n) => self.say(text!("msg.runUntilPast", epoch = epoch, n = n)),
            Err(_) => self.say(text!("msg.runUntilNumber")),
        }
    }

    /// Loads lesson `index`: its settings on the defaults (the class's way of running and
    /// this screen's look kept), at epoch 0 even if the settings were already these.
    pub fn load_lesson(&mut self, index: usize) {
        let Some(lesson) = LESSONS.get(index) else {
            return;
        };
        match lesson.config() {
            Ok(mut config) => {
                // How this class runs the page and how this screen looks stay.
                config.classroom = self.config().classroom.clone();
                config.screen = self.config().screen;
                self.running = false;
                self.run_until = None;
                if let Ok(fresh) = Trainer::new(config) {
                    self.trainer = fresh;
                    self.set_notice(None);
                    self.after_reset();
                    self.config_changed();
                }
                self.lesson = Some(index);
            }
            Err(e) => self.say(Text::new("msg.lessonFailed").sub("error", e.text())),
        }
    }

    /// Opens the experiment a URL hash describes. Keys that cannot be used keep their
    /// defaults and are named in the message.
    pub fn load_hash(&mut self, hash: &str) {
        let (config, refusals) = Config::from_url_hash(hash);
        if self.set_config(config).is_err() {
            return;
        }
        if let Some(message) = refusals.text() {
            self.say(message);
        }
    }

    /// A saved experiment: the whole trainer replaced (shown the way this screen shows
    /// things), or the refusal as the message and nothing changed.
    pub fn load_experiment(&mut self, text: &str) -> Result<(), Text> {
        match crate::io::import_json(text) {
            Ok(mut trainer) => {
                let mut config = trainer.config().clone();
                config.screen = self.config().screen;
                trainer
                    .set_config(config)
                    .map_err(|e| self.refuse("msg.experimentRefused", e.text()))?;
                self.trainer = trainer;
                self.running = false;
                self.set_notice(None);
                self.after_reset();
                self.config_changed();
                Ok(())
            }
            Err(e) => Err(self.refuse("msg.experimentRefused", e.text())),
        }
    }

    /// A data file: the points replaced (the network kept), or the refusal as the message
    /// and nothing changed.
    pub fn load_data(&mut self, text: &str) -> Result<(), Text> {
        match crate::io::import_csv(&self.trainer, text) {
            Ok((train, test)) => {
                self.trainer.replace_data(train, test);
                self.data_edited();
                self.set_notice(None);
                Ok(())
            }
            Err(e) => Err(self.refuse("msg.dataRefused", e.text())),
        }
    }

    fn refuse(&mut self, key: &'static str, error: Text) -> Text {
        let message = Text::new(key).sub("error", error);
        self.say(message.clone());
        message
    }

    /// Sets a weight or bias (typed on the graph); a value the network cannot compute
    /// with is refused.
    pub fn set_param(&mut self, index: usize, value: f64) -> Result<(), Text> {
        self.trainer.set_param(index, value)?;
        self.touch();
        Ok(())
    }

    /// Picks the worked example's sample: `delta` steps from the current one, wrapping.
    pub fn step_sample(&mut self, delta: isize) {
        let n = self.trainer.train_samples().len();
        if n == 0 {
            return;
        }
        self.inspected = (self.inspected as isize + delta).rem_euclid(n as isize) as usize;
        self.touch();
    }

    /// "Apply this step": the worked example's update, applied; pauses.
    pub fn apply_inspected(&mut self) {
        match self.trainer.apply_inspected(self.inspected) {
            Ok(()) => {
                self.running = false;
                self.touch();
            }
            Err(e) => self.say(e),
        }
    }

    /// A click on the data (in plane coordinates): inspect the nearest training point.
    pub fn inspect_nearest(&mut self, x: f64, y: f64) {
        if let Some(i) = self.trainer.nearest_training_sample(x, y, 0.5) {
            self.inspected = i;
            self.touch();
        }
    }

    /// Adds a point with this label, or says why not.
    pub fn add_point(&mut self, x: f64, y: f64, label: f64) {
        match self.trainer.add_point(x, y, label) {
            Ok(()) => self.data_edited(),
            Err(e) => self.say(Text::new("msg.noPointAdded").sub("error", e)),
        }
    }

    /// Removes the point nearest (x, y), if one is close.
    pub fn remove_point_at(&mut self, x: f64, y: f64) {
        if self.trainer.remove_nearest(x, y, 0.6) {
            self.data_edited();
        }
    }

    pub fn clear_points(&mut self) {
        self.trainer.clear_points();
        self.data_edited();
    }

    /// What the pointer is over in the graph.
    pub fn set_hover(&mut self, target: Option<Target>) {
        if self.hover != target {
            self.hover = target;
            self.touch();
        }
    }

    /// Shows a message (`None` hides it).
    pub fn set_notice(&mut self, notice: Option<Notice>) {
        if self.notice != notice {
            self.notice = notice;
            self.notice_revision += 1;
        }
    }

    /// Shows a plain message, without offers.
    pub fn say(&mut self, text: Text) {
        self.set_notice(Some(Notice {
            text,
            offers: Offers::default(),
        }));
    }

    // ----- Bookkeeping -----

    fn touch(&mut self) {
        self.revision += 1;
    }

    fn config_changed(&mut self) {
        self.config_revision += 1;
        self.touch();
    }

    /// After anything that starts the network again.
    fn after_reset(&mut self) {
        self.warned = false;
        self.run_until = None;
        self.hover = None;
        self.touch();
    }

    fn data_edited(&mut self) {
        let n = self.trainer.train_samples().len();
        self.inspected = self.inspected.min(n.saturating_sub(1));
        self.touch();
    }
}

#[cfg(test)]
mod tests;
