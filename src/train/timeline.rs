//! The timeline: at every epoch the loss history keeps, the state training needs to go on
//! from there exactly as it went (weights, biases, the optimiser's moments and step count,
//! the shuffle stream and the epoch's order), in at most `TIMELINE_BYTES`.
//!
//! Showing a kept epoch puts its state in the trainer and puts the live one aside, so
//! everything that reads the trainer (the pictures, the worked example, the scores)
//! describes the network as it was then; the history stays whole. Showing the present
//! again puts the live state back. "Continue from here" instead drops the live state: the
//! history after the shown epoch becomes the road not taken, and training goes on from
//! the shown epoch.

use super::history::{AtEpoch, Place, Thinned};
use super::*;

/// The most memory the timeline holds, in bytes (its states, their spares and the live
/// state put aside): 16 MiB.
pub const TIMELINE_BYTES: usize = 16 << 20;

impl AtEpoch for Checkpoint {
    fn epoch(&self) -> u64 {
        self.epoch
    }
}

impl Checkpoint {
    /// The memory it holds, in bytes.
    fn bytes(&self) -> usize {
        std::mem::size_of::<Checkpoint>() - std::mem::size_of::<NetworkState>()
            + self.network.bytes()
            + self.order.capacity() * std::mem::size_of::<usize>()
            + self.gradient_sizes.capacity() * std::mem::size_of::<f64>()
    }
}

#[derive(Clone, Debug)]
pub(super) struct Timeline {
    states: Thinned<Checkpoint>,
    /// States dropped when the timeline thinned, reused for the next ones.
    spare: Vec<Checkpoint>,
    /// The live state (and its divergence) while a kept epoch is shown.
    present: Option<(Checkpoint, Option<Divergence>)>,
    /// The history after the epoch training last continued from.
    road_not_taken: Vec<LossPoint>,
    /// No states are kept (the benchmark's comparison only).
    off: bool,
}

impl Default for Timeline {
    fn default() -> Timeline {
        Timeline {
            states: Thinned::new(2),
            spare: Vec::new(),
            present: None,
            road_not_taken: Vec::new(),
            off: false,
        }
    }
}

impl Trainer {
    /// The epochs whose state the timeline keeps, oldest first.
    pub fn kept_epochs(&self) -> impl DoubleEndedIterator<Item = u64> + '_ {
        self.timeline.states.items().iter().map(|s| s.epoch)
    }

    /// The kept epoch shown instead of the live network, if one is.
    pub fn shown_epoch(&self) -> Option<u64> {
        self.timeline.present.as_ref().map(|_| self.epoch)
    }

    /// The epoch training has reached (the live network's, whatever is shown).
    pub fn latest_epoch(&self) -> u64 {
        self.timeline
            .present
            .as_ref()
            .map_or(self.epoch, |(present, _)| present.epoch)
    }

    /// The losses of the road not taken: the history after the epoch training last
    /// continued from, as it was (empty when training never went back).
    pub fn road_not_taken(&self) -> &[LossPoint] {
        &self.timeline.road_not_taken
    }

    /// The memory the timeline holds, in bytes (at most `TIMELINE_BYTES`).
    pub fn timeline_bytes(&self) -> usize {
        let t = &self.timeline;
        t.states
            .items()
            .iter()
            .chain(&t.spare)
            .chain(t.present.iter().map(|(c, _)| c))
            .map(Checkpoint::bytes)
            .sum()
    }

    /// Shows the kept epoch nearest `epoch` (the earlier of two as near); the live
    /// network when that is the latest epoch, or for `None`. Returns the epoch shown in
    /// the past, if any.
    pub fn show_epoch(&mut self, epoch: Option<u64>) -> Option<u64> {
        // The timeline keeps epochs' boundaries: an epoch trained in part ends first.
        self.finish_epoch();
        let Some(epoch) = epoch else {
            self.show_present();
            return None;
        };
        let latest = self.latest_epoch();
        let states = self.timeline.states.items();
        let after = states.partition_point(|s| s.epoch < epoch);
        let nearest = [after.checked_sub(1), Some(after)]
            .into_iter()
            .flatten()
            .filter(|&k| k < states.len())
            .min_by_key(|&k| states[k].epoch.abs_diff(epoch));
        let Some(k) = nearest.filter(|&k| states[k].epoch < latest) else {
            self.show_present();
            return None;
        };
        if self.timeline.present.is_none() {
            let mut present = self.timeline.spare.pop().unwrap_or_default();
            self.save_state_into(&mut present);
            self.timeline.present = Some((present, self.divergence.take()));
        }
        let timeline = std::mem::take(&mut self.timeline);
        self.load_state(&timeline.states.items()[k]);
        self.timeline = timeline;
        self.compute_losses();
        Some(self.epoch)
    }

    /// Puts the live network back, if a kept epoch is shown.
    pub fn show_present(&mut self) {
        if let Some((present, divergence)) = self.timeline.present.take() {
            self.load_state(&present);
            self.divergence = divergence;
            self.timeline.spare.push(present);
            self.compute_losses();
        }
    }

    /// "Continue from here": training goes on from the shown epoch. The history after it
    /// becomes the road not taken, and the later states are dropped. False (and nothing
    /// changes) when no kept epoch is shown.
    pub fn continue_from_shown(&mut self) -> bool {
        let Some((present, _)) = self.timeline.present.take() else {
            return false;
        };
        let t = &mut self.timeline;
        t.spare.push(present);
        self.history
            .truncate_after(self.epoch, &mut t.road_not_taken);
        t.states.truncate_after(self.epoch, |c| t.spare.push(c));
        self.divergence = None;
        true
    }

    /// Drops every kept state and keeps no more: for a copy that only looks ahead (the
    /// Python export), so it holds no memory of the past.
    pub fn drop_timeline(&mut self) {
        self.timeline = Timeline {
            off: true,
            ..Timeline::default()
        };
    }

    /// Stops or starts keeping states: `cargo xtask bench` times training both ways to
    /// say what the timeline costs. The page never turns it off.
    pub fn keep_timeline(&mut self, keep: bool) {
        self.timeline.off = !keep;
    }

    /// Keeps the state of this epoch, if the history just kept its point (called when a
    /// point is recorded: a new one, or the same epoch's again after an edit).
    pub(super) fn keep_state(&mut self) {
        let t = &mut self.timeline;
        if t.off {
            return;
        }
        let mut state = match t.states.place(self.epoch, |c| t.spare.push(c)) {
            Place::Skip => return,
            Place::Replace => t.states.pop().unwrap_or_default(),
            Place::Append => t.spare.pop().unwrap_or_default(),
        };
        self.save_state_into(&mut state);
        self.timeline.states.put(Place::Append, state);
    }

    /// Starts the timeline again at this epoch (the data changed, or a saved experiment
    /// was loaded: earlier states belong to other data). Its capacity is what fits
    /// `TIMELINE_BYTES` for states of this size.
    pub(super) fn restart_timeline(&mut self) {
        // (Whatever changed the data showed the present first.)
        let t = &mut self.timeline;
        t.present = None;
        t.states.clear(|c| t.spare.push(c));
        t.spare.clear();
        t.road_not_taken.clear();
        let mut state = Checkpoint::default();
        self.save_state_into(&mut state);
        // Room for the states, one spare and the live state put aside.
        let fits = (TIMELINE_BYTES / state.bytes().max(1)).saturating_sub(2);
        self.timeline.states = Thinned::new(fits.min(HISTORY_CAPACITY));
        self.timeline.states.put(Place::Append, state);
    }
}

#[cfg(test)]
mod tests;
