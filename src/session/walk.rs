//! "Step through" as the Session runs it: which stage of the inspected sample's update
//! the graph shows, stepping by hand or playing by itself at the chosen pace
//! (`walkPace`). What each stage shows is `crate::walk`'s, from the worked example.

use super::Session;
use crate::walk::{Stage, WalkPicture};

/// The walk under way: the stage shown and whether it moves on by itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Walk {
    pub stage: usize,
    pub playing: bool,
    /// When (the page's clock, ms) a playing walk next moves on.
    pub(super) next_at: Option<f64>,
}

impl Session {
    /// The walk under way, if any, its stage within this network's.
    pub fn walk(&self) -> Option<Walk> {
        let last = self.walk_stages() - 1;
        self.walk.map(|w| Walk {
            stage: w.stage.min(last),
            ..w
        })
    }

    /// The stage the walk shows.
    pub fn walk_stage(&self) -> Option<Stage> {
        let layers = self.trainer.network().layers.len();
        self.walk().and_then(|w| Stage::at(w.stage, layers))
    }

    fn walk_stages(&self) -> usize {
        Stage::count(self.trainer.network().layers.len())
    }

    /// Starts (or restarts) the walk at stage `stage` (clamped); training pauses: the walk
    /// is one update of the network as it is.
    pub fn walk_to(&mut self, stage: usize) {
        self.running = false;
        self.run_until = None;
        let stage = stage.min(self.walk_stages() - 1);
        let playing = self.walk.is_some_and(|w| w.playing);
        self.walk = Some(Walk {
            stage,
            playing,
            next_at: None,
        });
        self.touch();
    }

    /// The previous or next stage (`delta` stages on, clamped); stops playing. Starts the
    /// walk when none is under way.
    pub fn step_walk(&mut self, delta: i64) {
        let Some(walk) = self.walk() else {
            return self.walk_to(0);
        };
        let stage = (walk.stage as i64).saturating_add(delta).max(0) as usize;
        self.walk_to(stage);
        if let Some(w) = &mut self.walk {
            w.playing = false;
        }
    }

    /// Plays the walk by itself (from the start when at the last stage), or stops it.
    pub fn play_walk(&mut self, playing: bool) {
        let at_end = self
            .walk()
            .is_none_or(|w| w.stage + 1 == self.walk_stages());
        if playing && at_end {
            self.walk_to(0);
        } else if self.walk.is_none() {
            return;
        }
        if let Some(w) = &mut self.walk {
            w.playing = playing;
            w.next_at = None;
        }
        self.touch();
    }

    /// Ends the walk: the graph shows the network again.
    pub fn end_walk(&mut self) {
        if self.walk.take().is_some() {
            self.touch();
        }
    }

    /// What the graph shows at the walk's stage, into `out`, from the inspected sample's
    /// worked example; the stage, or `None` without a walk (or a sample).
    pub fn walk_picture(&mut self, out: &mut WalkPicture) -> Option<Stage> {
        let stage = self.walk_stage()?;
        let inspection = self.trainer.inspect(self.inspected)?;
        out.fill(&inspection, stage);
        Some(stage)
    }

    /// In a frame: a playing walk moves on once its stage has been shown for the pace;
    /// at the last stage it stops.
    pub(super) fn walk_frame(&mut self, now: f64) {
        let pace = self.config().view.walk_pace * 1000.0;
        let last = self.walk_stages() - 1;
        let Some(w) = &mut self.walk else {
            return;
        };
        if !w.playing {
            return;
        }
        let due = *w.next_at.get_or_insert(now + pace);
        if now < due {
            return;
        }
        w.stage = (w.stage + 1).min(last);
        w.playing = w.stage < last;
        w.next_at = Some(now + pace);
        self.touch();
    }
}
