//! How many epochs a frame trains: the speed's epochs (fractions carried over), cut to
//! the frame's budget, and what the page says when a fixed speed does not fit.

use crate::config::{Speed, SpeedNote, MAX_SPEED_FRAME_MS};

/// The speed accounting of a run, frame after frame.
#[derive(Clone, Debug)]
pub struct Pace {
    /// Fractions of an epoch owed in slow motion.
    credit: f64,
    /// What a fixed speed really trains when its epochs do not fit in a frame.
    note: SpeedNote,
    /// When the last frame started and how long it trained (ms).
    last_start: Option<f64>,
    last_training_ms: f64,
    /// The time a frame spends on everything but training (drawing, the browser's own
    /// work, idle time), smoothed (ms).
    other_ms: f64,
}

impl Default for Pace {
    fn default() -> Pace {
        Pace {
            credit: 0.0,
            note: SpeedNote::default(),
            last_start: None,
            last_training_ms: 0.0,
            other_ms: 10.0,
        }
    }
}

impl Pace {
    /// A frame starts at `now`: what the frames before spent besides training is learnt
    /// from the time since the last one.
    pub fn frame_started(&mut self, now: f64) {
        if let Some(last) = self.last_start {
            let other = (now - last - self.last_training_ms).max(0.0);
            self.other_ms = 0.8 * self.other_ms + 0.2 * other;
        }
        self.last_start = Some(now);
    }

    /// The milliseconds this frame may train: the maximum-speed frame period minus what
    /// the rest of a frame costs (at least 4 ms), so the view still refreshes about 33
    /// times a second. No speed trains longer (but every frame that trains trains one
    /// epoch).
    pub fn budget(&self) -> f64 {
        (MAX_SPEED_FRAME_MS - self.other_ms).clamp(4.0, MAX_SPEED_FRAME_MS)
    }

    pub fn training_took(&mut self, ms: f64) {
        self.last_training_ms = ms;
    }

    /// The whole epochs this frame asks for at `speed` (`None`: as many as fit).
    pub fn epochs_this_frame(&mut self, speed: Speed) -> Option<u64> {
        speed.epochs_this_frame(&mut self.credit)
    }

    /// A fixed speed trained `done` of `wanted` epochs.
    pub fn record(&mut self, done: u64, wanted: u64, diverged: bool) {
        self.note.record(done, wanted, diverged);
    }

    pub fn reading(&self, running: bool, speed: Speed) -> Option<(u64, f64)> {
        self.note.reading(running, speed)
    }
}
