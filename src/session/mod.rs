//! The Session: everything the page decides, without the page. It owns the Trainer and
//! the run's rules: playing or paused, how many epochs a frame trains (the speed, the
//! maximum-speed budget, "run until"), what pauses training and what the message then
//! offers, the inspected sample, what the large heatmap shows, lessons and loading files.
//!
//! The browser side only draws it: it calls a command when a control changes, calls
//! `frame` once per animation frame with its clock, and redraws when `revision()` moved.
//! Native tests drive a whole run frame by frame with a fake clock.

mod brush;
mod compare;
mod digits;
mod edits;
mod frame;
mod lessons;
mod loading;
mod pace;
mod snapshot;
mod text;
mod timeline;
mod view;
mod walk;

pub use compare::{run_letter, RunView, MAX_RUNS};
pub use digits::{GalleryDigit, Shown};
pub use lessons::{
    Condition, Lesson, LessonState, LessonView, Outcome as LessonOutcome, Prediction, Step, LESSONS,
};
pub use pace::{Pace, SpeedNote};
pub use snapshot::{HoverInfo, Snapshot};
pub use text::{EmbeddedSymbol, NextSymbol, TextFigures};
pub use view::{Heatmap, Target};
pub use walk::Walk;

use crate::config::{
    ChangeEffect, Config, ConfigError, Speed, MAX_SPEED_SLICE_MS, MIN_LEARNING_RATE,
};
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
    /// The lesson shown, and where the class is in it.
    lesson: Option<LessonState>,
    /// "Step through": the stage of the inspected sample's update the graph shows.
    walk: Option<Walk>,
    /// The data made by hand: the stroke under way and the data before each edit.
    brush: brush::Brush,
    /// The runs compared with this one (none: the experiment alone).
    compare: compare::Comparison,
    /// The digits' pad and the digit the graph shows.
    digits: digits::DigitsState,
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
            walk: None,
            brush: brush::Brush::default(),
            compare: compare::Comparison::default(),
            digits: digits::DigitsState::default(),
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

    /// The worked example's numbers for training sample `sample` (the passes reuse the
    /// trainer's buffers; no parameter changes).
    pub fn inspect(&mut self, sample: usize) -> Option<crate::train::Inspection> {
        self.trainer.inspect(sample)
    }

    /// The network's outputs for training sample `sample` (a forward pass only).
    pub fn outputs(&mut self, sample: usize) -> Option<Vec<f64>> {
        self.trainer.outputs(sample)
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
        if self.pace.parts.is_some() {
            return None;
        }
        self.pace
            .note
            .reading(self.running, self.config().classroom.speed)
    }

    /// While an epoch is too long for a frame and is trained in parts: (mini-batches a
    /// frame, mini-batches an epoch), for the note beside the speed picker.
    pub fn parts_reading(&self) -> Option<(u64, u64)> {
        self.pace
            .parts_reading(self.running, self.trainer.batches_per_epoch())
    }

    // ----- Commands -----

    pub fn set_running(&mut self, running: bool) {
        if running && self.awaiting_prediction() {
            // A lesson's step asks the class to predict before it runs.
            self.say(Text::new("msg.predictFirst"));
            return;
        }
        if running {
            // Playing trains the live network: a shown epoch gives way to it, and a walk
            // through one update ends.
            self.trainer.show_present();
            self.walk = None;
        } else if self.trainer.epoch_progress().0 > 0 {
            // Paused at an epoch's boundary: the epoch trained in parts ends first.
            self.trainer.finish_epoch();
            self.after_training();
        }
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
        if self.awaiting_prediction() {
            self.say(Text::new("msg.predictFirst"));
            return;
        }
        self.step(1);
    }

    /// Back to epoch 0 of the same experiment.
    pub fn reset(&mut self) {
        self.trainer.reset();
        self.runs_do(Trainer::reset);
        self.set_notice(None);
        self.after_reset();
    }

    /// New data from the next seed; the network keeps its weights.
    pub fn regenerate(&mut self) {
        self.trainer.regenerate();
        self.runs_do(Trainer::regenerate);
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
        let before = self.config().clone();
        let effect = self.trainer.set_config(next)?;
        self.runs_follow_config(&before, effect);
        self.config_changed();
        if effect == ChangeEffect::Reset {
            self.set_notice(None);
            self.after_reset();
        }
        Ok(effect)
    }

    /// Opens a view beside the network (a tab, a link's `view`, a lesson's step); the
    /// hidden space is switched on when its view opens.
    pub fn show_view(&mut self, pane: crate::config::Pane) {
        let mut next = self.config().clone();
        next.view.open(pane);
        if next != *self.config() {
            // A view setting: always valid, and nothing is trained again.
            let _ = self.set_config(next);
        }
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

    /// After anything that starts the network again (perhaps on other data: the
    /// inspected sample stays one of them).
    fn after_reset(&mut self) {
        // Undo takes back edits of the data since the experiment last started again.
        self.brush = brush::Brush::default();
        self.warned = false;
        self.run_until = None;
        self.hover = None;
        self.data_edited();
    }

    pub(super) fn data_edited(&mut self) {
        self.runs_share_data();
        let n = self.trainer.train_samples().len();
        self.inspected = self.inspected.min(n.saturating_sub(1));
        self.touch();
    }
}

#[cfg(test)]
mod tests;
