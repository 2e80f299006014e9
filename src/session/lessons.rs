//! The guided lessons, as steps that ask before they show. A lesson sets up an
//! experiment (settings on the defaults, and runs to compare); each step gives an
//! instruction, may ask the class to commit to a prediction first (two to four choices,
//! nothing graded), waits for a condition the Session checks (the loss under a value, a
//! hidden layer added, a feature switched on, an epoch reached, a run added…), then shows
//! what happened beside what was predicted and a short explanation. The words are in the
//! language tables (`lesson.<n>.title`, `lesson.<n>.<step>`, `….q`, `….a`–`….d`, `….why`).
//!
//! The Session decides: it checks the step's condition after every change and frame, and
//! play waits while a prediction is asked for.

use super::Session;
use crate::config::{Config, Pane};
use crate::data::Feature;
use crate::i18n::Text;
use crate::nn::Activation;

mod catalog;
pub use catalog::LESSONS;

pub struct Lesson {
    /// The name a link uses: `#lesson=xor&step=2`.
    pub id: &'static str,
    /// Key of the title.
    pub title: &'static str,
    /// The lesson's settings, on the defaults.
    pub settings: fn(&mut Config),
    /// Runs compared with the lesson's experiment, each as a link writes it
    /// (`learningRate=0.03`): what it changes.
    pub runs: &'static [&'static str],
    pub steps: &'static [Step],
}

pub struct Step {
    /// Key of the instruction.
    pub text: &'static str,
    /// The prediction the class commits to before the step runs.
    pub predict: Option<Prediction>,
    /// What the page waits for to move on.
    pub until: Condition,
    /// Key of the explanation, shown once the condition holds.
    pub why: &'static str,
    /// What the class's action leaves, as a link writes it (`xTimesY=true`): applied when
    /// a link opens a later step, so it starts where the class would be.
    pub done: &'static str,
    /// The view the step talks about: opening the step opens it, beside the step's card.
    pub view: Pane,
    /// The step offers "Export as Python" in its card.
    pub python: bool,
}

pub struct Prediction {
    /// Key of the question.
    pub question: &'static str,
    /// Keys of the choices, two to four.
    pub choices: &'static [&'static str],
    /// Which choice happened, read when the step's condition is met.
    pub outcome: Outcome,
}

/// What the page waits for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Condition {
    /// Nothing: a step to read.
    Read,
    /// The epoch reached.
    Epoch(u64),
    /// This many epochs trained since the step began.
    Epochs(u64),
    /// The training (or test) loss under the value.
    LossBelow {
        test: bool,
        value: f64,
    },
    /// The training (or test) accuracy above the share (0 to 1).
    AccuracyAbove {
        test: bool,
        value: f64,
    },
    /// At least this many hidden layers.
    HiddenLayers(usize),
    /// The feature switched on.
    Feature(Feature),
    /// The learning rate at least (or at most) the value.
    RateAtLeast(f64),
    RateAtMost(f64),
    /// A penalty (L1 or L2) on, at a rate above 0.
    Regularized,
    /// The hidden layers' activation.
    Activation(Activation),
    /// The hidden space shows hidden layer n (from 1).
    HiddenLayerShown(usize),
    /// At least this many runs compared (the experiment itself included).
    Runs(usize),
    /// "Step through" reached its last stage.
    WalkEnd,
    /// Training went on from a kept epoch ("continue from here").
    Continued,
    /// Something drawn on the digits' pad.
    Drawn,
    /// The test loss 5 % or more above the lowest it has been (overfitting).
    TestLossRose,
    /// Fewer test than training samples classified right.
    TestWorse,
    /// The loss now under the road not taken's at the same epoch.
    BranchLower,
    /// The output layer's mean |∂L/∂W| above the first layer's.
    GradientsShrink,
    /// Text mode: the dev loss under the counted trigram's on the same dev set.
    BeatsCounting,
    /// Text mode: the temperature at most (or at least) the value.
    TemperatureAtMost(f64),
    TemperatureAtLeast(f64),

    /// Every one of them.
    All(&'static [Condition]),
    /// One of them.
    Any(&'static [Condition]),
}

/// How the page tells which choice happened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// What holds by construction, whatever the run (the order backpropagation goes in).
    Known(usize),
    /// The first choice if the condition holds, else the second.
    Holds(Condition),
    /// The run (A, B, C… in the choices' order) with the lowest training or test loss.
    LowestRun { test: bool },
    /// Choice i for the first bound the epoch is at most, else the last choice.
    EpochAtMost(&'static [u64]),
}

impl Lesson {
    /// The defaults with the lesson's settings, validated.
    pub fn config(&self) -> Result<Config, crate::config::ConfigError> {
        let mut config = Config::default();
        (self.settings)(&mut config);
        config.validate()?;
        Ok(config)
    }

    /// The lesson a link names.
    pub fn find(id: &str) -> Option<usize> {
        LESSONS.iter().position(|l| l.id == id)
    }
}

/// Where the class is in the lesson.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonState {
    pub index: usize,
    pub step: usize,
    /// The choice the class predicted.
    pub predicted: Option<usize>,
    /// The step's condition held: the explanation shows.
    pub met: bool,
    /// The choice that happened (when the step asked).
    pub happened: Option<usize>,
    /// The epoch the step began at (or the prediction was made).
    pub from_epoch: u64,
}

/// Where the class is, as `snapshot().lesson` shows it: the step from 1.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonView {
    pub id: &'static str,
    pub step: usize,
    pub steps: usize,
    pub awaiting_prediction: bool,
    pub predicted: Option<usize>,
    pub met: bool,
    pub happened: Option<usize>,
}

impl Condition {
    /// What the page waits for, in words.
    pub fn text(&self) -> Text {
        use crate::text;
        let share = |v: f64| format!("{} %", (v * 100.0).round());
        match *self {
            Condition::Read => text!("cond.read"),
            Condition::Epoch(n) => text!("cond.epoch", n = n),
            Condition::Epochs(n) => text!("cond.epochs", n = n),
            Condition::LossBelow { test, value } => {
                text!(
                    if test {
                        "cond.testLossBelow"
                    } else {
                        "cond.trainLossBelow"
                    },
                    value = value
                )
            }
            Condition::AccuracyAbove { test, value } => text!(
                if test {
                    "cond.testAccuracyAbove"
                } else {
                    "cond.trainAccuracyAbove"
                },
                value = share(value)
            ),
            Condition::HiddenLayers(n) => text!("cond.hiddenLayers", n = n),
            Condition::Feature(f) => text!("cond.feature", name = f.label()),
            Condition::RateAtLeast(v) => text!("cond.rateAtLeast", value = v),
            Condition::RateAtMost(v) => text!("cond.rateAtMost", value = v),
            Condition::Regularized => text!("cond.regularized"),
            Condition::Activation(a) => {
                text!("cond.activation", name = crate::names::Choice::name(a))
            }
            Condition::HiddenLayerShown(n) => text!("cond.hiddenLayerShown", n = n),
            Condition::Runs(n) => text!("cond.runs", n = n),
            Condition::WalkEnd => text!("cond.walkEnd"),
            Condition::Continued => text!("cond.continued"),
            Condition::Drawn => text!("cond.drawn"),
            Condition::TestLossRose => text!("cond.testLossRose"),
            Condition::TestWorse => text!("cond.testWorse"),
            Condition::BranchLower => text!("cond.branchLower"),
            Condition::GradientsShrink => text!("cond.gradientsShrink"),
            Condition::BeatsCounting => text!("cond.beatsCounting"),
            Condition::TemperatureAtMost(v) => text!("cond.temperatureAtMost", value = v),
            Condition::TemperatureAtLeast(v) => text!("cond.temperatureAtLeast", value = v),
            Condition::All(all) => join("cond.and", all),
            Condition::Any(any) => join("cond.or", any),
        }
    }
}

fn join(key: &'static str, conditions: &[Condition]) -> Text {
    let mut parts = conditions.iter().map(Condition::text);
    let first = parts.next().unwrap_or_else(|| Condition::Read.text());
    parts.fold(first, |a, b| Text::new(key).sub("first", a).sub("next", b))
}

impl Session {
    /// The lesson shown, if any.
    pub fn lesson(&self) -> Option<&'static Lesson> {
        self.lesson.and_then(|l| LESSONS.get(l.index))
    }

    /// Where the class is in the lesson shown.
    pub fn lesson_state(&self) -> Option<LessonState> {
        self.lesson
    }

    /// Where the class is, for `snapshot()`.
    pub fn lesson_view(&self) -> Option<LessonView> {
        let state = self.lesson?;
        let lesson = LESSONS.get(state.index)?;
        Some(LessonView {
            id: lesson.id,
            step: state.step + 1,
            steps: lesson.steps.len(),
            awaiting_prediction: self.awaiting_prediction(),
            predicted: state.predicted,
            met: state.met,
            happened: state.happened,
        })
    }

    /// The step shown.
    pub fn lesson_step(&self) -> Option<&'static Step> {
        let state = self.lesson?;
        LESSONS.get(state.index)?.steps.get(state.step)
    }

    /// The step asks for a prediction not yet made: play waits.
    pub fn awaiting_prediction(&self) -> bool {
        let predicted = self.lesson.is_some_and(|l| l.predicted.is_some());
        self.lesson_step().is_some_and(|s| s.predict.is_some()) && !predicted
    }

    /// Opens lesson `index` at step `step` (clamped): the lesson's experiment at epoch 0,
    /// and what the class would have done in the steps before (their `done`).
    pub fn open_lesson(&mut self, index: usize, step: usize) {
        self.load_lesson(index);
        let Some(lesson) = LESSONS.get(index) else {
            return;
        };
        let step = step.min(lesson.steps.len().saturating_sub(1));
        for before in &lesson.steps[..step] {
            if before.done.is_empty() {
                continue;
            }
            let patch = Config::patch_from_url(before.done)
                .and_then(|(p, _)| self.config().with_patch(&serde_json::Value::Object(p)));
            match patch {
                Ok(config) => {
                    let _ = self.set_config(config);
                }
                Err(e) => self.say(Text::new("msg.lessonFailed").sub("error", e.text())),
            }
        }
        self.enter_step(index, step);
    }

    /// Leaves the lesson: the experiment stays as it is.
    pub fn close_lesson(&mut self) {
        if self.lesson.take().is_some() {
            self.touch();
        }
    }

    /// Back (−1) or next (+1): the step asks again, and waits again.
    pub fn move_lesson(&mut self, delta: i64) {
        let Some(state) = self.lesson else { return };
        let last = LESSONS[state.index].steps.len() as i64 - 1;
        let step = (state.step as i64 + delta).clamp(0, last.max(0)) as usize;
        self.enter_step(state.index, step);
    }

    pub(super) fn enter_step(&mut self, index: usize, step: usize) {
        if let Some(step) = LESSONS.get(index).and_then(|l| l.steps.get(step)) {
            self.show_view(step.view);
        }
        self.lesson = Some(LessonState {
            index,
            step,
            from_epoch: self.trainer.epoch(),
            ..LessonState::default()
        });
        self.check_lesson();
        self.touch();
    }

    /// The class commits to choice `choice` of the step's prediction; the step then runs.
    /// Refused (false) when the step asks nothing, the choice is not one, or the class has
    /// already predicted.
    pub fn predict(&mut self, choice: usize) -> bool {
        let choices = self
            .lesson_step()
            .and_then(|s| s.predict.as_ref())
            .map_or(0, |p| p.choices.len());
        match &mut self.lesson {
            Some(state) if choice < choices && state.predicted.is_none() => {
                state.predicted = Some(choice);
                state.from_epoch = self.trainer.epoch();
                self.check_lesson();
                self.touch();
                true
            }
            _ => false,
        }
    }

    /// Checks the step's condition (after every change and frame): once it holds, the
    /// step is met, training pauses, and the prediction's outcome is read.
    pub(super) fn check_lesson(&mut self) {
        let Some(mut state) = self.lesson else { return };
        let Some(step) = self.lesson_step() else {
            return;
        };
        // Back to an earlier epoch (a reset): the step's epochs count from there.
        if self.trainer.epoch() < state.from_epoch {
            state.from_epoch = self.trainer.epoch();
            self.lesson = Some(state);
        }
        if state.met || self.awaiting_prediction() || !self.holds(&step.until) {
            return;
        }
        let happened = step.predict.as_ref().map(|p| self.outcome(p));
        self.lesson = Some(LessonState {
            met: true,
            happened,
            ..state
        });
        self.running = false;
        self.touch();
    }

    /// The epoch at which the step's condition will hold, when reaching an epoch is all it
    /// still waits for: play stops there, as at "run until", so the class sees the result
    /// at exactly that epoch.
    pub(super) fn lesson_epoch(&self) -> Option<u64> {
        let state = self.lesson.filter(|s| !s.met)?;
        let step = self.lesson_step()?;
        if self.awaiting_prediction() {
            return None;
        }
        let target = |c: &Condition| match *c {
            Condition::Epoch(n) => Some(n),
            Condition::Epochs(n) => Some(state.from_epoch.saturating_add(n)),
            _ => None,
        };
        let epoch = match step.until {
            Condition::All(all) => {
                let others_hold = all.iter().all(|c| target(c).is_some() || self.holds(c));
                all.iter().filter_map(target).max().filter(|_| others_hold)
            }
            ref c => target(c),
        };
        epoch.filter(|&e| e > self.trainer.epoch())
    }

    fn outcome(&self, prediction: &Prediction) -> usize {
        let last = prediction.choices.len().saturating_sub(1);
        let choice = match prediction.outcome {
            Outcome::Known(i) => i,
            Outcome::Holds(c) => usize::from(!self.holds(&c)),
            Outcome::LowestRun { test } => {
                let loss =
                    |t: &crate::train::Trainer| if test { t.test_loss() } else { t.train_loss() };
                let runs = self.runs();
                (0..runs.len())
                    .min_by(|&a, &b| loss(runs[a].trainer).total_cmp(&loss(runs[b].trainer)))
                    .unwrap_or(0)
            }
            Outcome::EpochAtMost(bounds) => {
                let epoch = self.trainer.epoch();
                bounds.iter().position(|&b| epoch <= b).unwrap_or(last)
            }
        };
        choice.min(last)
    }

    /// Whether `condition` holds now.
    pub fn holds(&self, condition: &Condition) -> bool {
        let t = &self.trainer;
        let c = t.config();
        match *condition {
            Condition::Read => true,
            Condition::Epoch(n) => t.epoch() >= n,
            Condition::Epochs(n) => {
                let from = self.lesson.map_or(0, |l| l.from_epoch);
                t.epoch().saturating_sub(from) >= n
            }
            Condition::LossBelow { test, value } => {
                (if test { t.test_loss() } else { t.train_loss() }) < value
            }
            Condition::AccuracyAbove { test, value } => {
                let accuracy = if test {
                    t.test_accuracy()
                } else {
                    t.train_accuracy()
                };
                accuracy.is_some_and(|a| a > value)
            }
            Condition::HiddenLayers(n) => c.experiment.network_shape.len() >= n,
            Condition::Feature(f) => c.feature_on(f),
            Condition::RateAtLeast(v) => c.training.learning_rate >= v,
            Condition::RateAtMost(v) => c.training.learning_rate <= v,
            Condition::Regularized => {
                c.training.regularization != crate::nn::Regularization::None
                    && c.training.regularization_rate > 0.0
            }
            Condition::Activation(a) => {
                c.experiment.activation == a && c.experiment.activations.iter().all(|&x| x == a)
            }
            Condition::HiddenLayerShown(n) => c.view.hidden_space && c.view.hidden_layer == n,
            Condition::Runs(n) => self.runs().len() >= n,
            Condition::WalkEnd => self.walk().is_some_and(|w| {
                w.stage + 1 >= crate::walk::Stage::count(t.network().layers.len())
            }),
            Condition::Continued => !t.road_not_taken().is_empty(),
            Condition::Drawn => !self.pad().is_empty(),
            Condition::TestLossRose => {
                let lowest = t
                    .history()
                    .points()
                    .iter()
                    .map(|p| p.test)
                    .fold(f64::INFINITY, f64::min);
                t.test_loss() >= 1.05 * lowest
            }
            Condition::TestWorse => match (t.test_accuracy(), t.train_accuracy()) {
                (Some(test), Some(train)) => test < train,
                _ => false,
            },
            Condition::BranchLower => {
                let road = t.road_not_taken();
                let at = road.iter().rev().find(|p| p.epoch <= t.epoch());
                at.is_some_and(|p| t.train_loss() < p.train)
            }
            Condition::GradientsShrink => {
                let sizes = t.gradient_sizes();
                sizes.len() >= 2 && sizes[sizes.len() - 1] > sizes[0]
            }
            Condition::BeatsCounting => {
                t.text().is_some_and(|d| t.test_loss() < d.trigram.dev_loss)
            }
            Condition::TemperatureAtMost(v) => c.view.temperature <= v,
            Condition::TemperatureAtLeast(v) => c.view.temperature >= v,
            Condition::All(all) => all.iter().all(|c| self.holds(c)),
            Condition::Any(any) => any.iter().any(|c| self.holds(c)),
        }
    }
}
