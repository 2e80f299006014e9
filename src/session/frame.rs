//! A frame's training: whole epochs as the speed says within the frame's budget, or, when
//! one run's epoch is too long for a frame, a frame's worth of its mini-batches (the epoch
//! trained in parts); slices between frames at maximum speed; the rules that pause.

use super::*;

impl Session {
    /// One animation frame: when playing, trains as the speed says (never past the
    /// maximum-speed budget, never past "run until"), then applies the rules that pause.
    /// `now` is the page's clock in milliseconds.
    pub fn frame(&mut self, now: &dyn Fn() -> f64) -> Outcome {
        let start = now();
        let revision = self.revision;
        self.walk_frame(start);
        self.pace.frame_started(start);
        let mut outcome = Outcome::default();
        let mut end = None;
        if self.running {
            let left = self.epochs_left();
            // The runs compared share the frame: each trains as many epochs.
            let budget = self.pace.budget() / self.compare.len() as f64;
            let batches = self.trainer.batches_per_epoch();
            // One run whose epoch does not fit in a 60 Hz frame (at maximum speed, in a
            // whole frame: its slices, at least an epoch each, are between frames) trains
            // it in parts, a 60 Hz frame's worth of mini-batches at a time (at maximum
            // speed, a slice's).
            let (fits, parts) = match self.config().classroom.speed {
                Speed::Max => (crate::config::MAX_SPEED_FRAME_MS, MAX_SPEED_SLICE_MS),
                Speed::EpochsPerFrame(_) => {
                    (self.pace.whole_epoch_budget(), self.pace.parts_budget())
                }
            };
            if self.compare.len() == 1 && self.pace.epoch_too_long(batches, fits) {
                let (epochs, done, wanted) = self.train_in_parts(start, now, parts, left);
                let t = now();
                self.pace
                    .batches_took(done, t - start, done < wanted, batches);
                outcome.epochs = epochs;
                end = Some(t);
            } else {
                outcome.epochs = self.train_epochs(start, now, budget, left);
                let t = now();
                self.pace.epochs_took(outcome.epochs, batches, t - start);
                end = Some(t);
            }
        }
        outcome.training_ms = end.unwrap_or_else(now) - start;
        self.pace.training_took(outcome.training_ms);
        // A lesson's condition may hold after training or after a control changed.
        self.check_lesson();
        outcome.changed = self.revision != revision;
        outcome
    }

    /// A frame's whole epochs, as the speed says (each frame that trains trains at least
    /// one, within the budget).
    fn train_epochs(&mut self, start: f64, now: &dyn Fn() -> f64, budget: f64, left: u64) -> u64 {
        let within = |done: u64| done == 0 || now() - start < budget;
        let speed = self.config().classroom.speed;
        match self.pace.epochs_this_frame(speed) {
            Some(0) => 0,
            Some(epochs) => {
                let wanted = epochs.min(left);
                let done = self
                    .trainer
                    .step_epochs_while(|done| done < wanted && within(done));
                self.pace.note.record(done, wanted, self.trainer.diverged());
                self.after_training();
                done
            }
            None => {
                // Maximum speed: one slice (more are trained between frames, `slice`),
                // then one drawing.
                let budget = budget.min(MAX_SPEED_SLICE_MS);
                let done = self
                    .trainer
                    .step_epochs_while(|done| done < left && now() - start < budget);
                self.after_training();
                done
            }
        }
    }

    /// A frame of an epoch too long for it: the mini-batches the speed asks for (its share
    /// of an epoch; at maximum speed, what fits), within the frame's budget (at least
    /// one) and never past "run until". Returns the epochs that ended, the mini-batches
    /// trained and those asked for.
    fn train_in_parts(
        &mut self,
        start: f64,
        now: &dyn Fn() -> f64,
        budget: f64,
        left: u64,
    ) -> (u64, usize, usize) {
        let speed = self.config().classroom.speed;
        let per_epoch = self.trainer.batches_per_epoch();
        let to_target = self.batches_left(left);
        let wanted = self
            .pace
            .batches_this_frame(speed, per_epoch)
            .unwrap_or(usize::MAX)
            .min(to_target);
        let (done, epochs) = self
            .trainer
            .step_batches_while(|done| done < wanted && (done == 0 || now() - start < budget));
        self.after_training();
        (epochs, done, wanted)
    }

    /// Between frames, at maximum speed: trains for at most `MAX_SPEED_SLICE_MS` (and at
    /// least one epoch), with the rules of a frame. The page calls it from tasks it posts
    /// between animation frames, so its input is handled between two slices and the
    /// frames still draw. Returns whether to train another slice (playing at maximum
    /// speed); a slice when that is not so trains nothing.
    pub fn slice(&mut self, now: &dyn Fn() -> f64) -> bool {
        let wanted = |s: &Session| s.running && s.config().classroom.speed == Speed::Max;
        if !wanted(self) {
            return false;
        }
        let start = now();
        let left = self.epochs_left();
        let slice = MAX_SPEED_SLICE_MS / self.compare.len() as f64;
        if self.compare.len() == 1 && self.pace.parts.is_some() {
            // An epoch too long for a slice: a slice of its mini-batches.
            let to_target = self.batches_left(left);
            self.trainer.step_batches_while(|done| {
                done < to_target && (done == 0 || now() - start < slice)
            });
        } else {
            self.trainer
                .step_epochs_while(|done| done < left && (done == 0 || now() - start < slice));
        }
        self.after_training();
        wanted(self)
    }

    /// Mini-batches left in the `left` epochs before "Run until" (the epoch under way's
    /// done ones counted off).
    fn batches_left(&self, left: u64) -> usize {
        usize::try_from(left)
            .unwrap_or(usize::MAX)
            .saturating_mul(self.trainer.batches_per_epoch())
            .saturating_sub(self.trainer.epoch_progress().0)
    }

    /// Epochs left before "Run until" or a lesson's step stops training (all of them
    /// without a target).
    pub(super) fn epochs_left(&self) -> u64 {
        let until = self.run_until.into_iter().chain(self.lesson_epoch());
        until
            .map(|t| t.saturating_sub(self.trainer.epoch()))
            .min()
            .unwrap_or(u64::MAX)
    }

    /// After epochs were trained: pauses (in this same frame) and explains when training
    /// stopped producing numbers or its loss exploded, offering what fits the cause (a
    /// lower rate only when the rate can be lowered and lowering it helps); pauses at the
    /// last epoch and at "run until".
    pub(super) fn after_training(&mut self) {
        self.runs_follow();
        self.touch();
        self.check_lesson();
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
}
