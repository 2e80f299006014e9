//! How many epochs a frame trains: the speed's epochs (fractions carried over), cut to
//! the frame's budget, and what the page says when a fixed speed does not fit.

use crate::config::{Speed, MAX_SPEED_FRAME_MS};
use crate::i18n::Text;
use crate::text;

/// A frame of a 60 Hz screen (ms).
const FRAME_60_HZ_MS: f64 = 1000.0 / 60.0;

/// The speed accounting of a run, frame after frame.
#[derive(Clone, Debug)]
pub struct Pace {
    /// Fractions of an epoch owed in slow motion.
    credit: f64,
    /// What a fixed speed really trains when its epochs do not fit in a frame.
    pub note: SpeedNote,
    /// When the last frame started and how long it trained (ms).
    last_start: Option<f64>,
    last_training_ms: f64,
    /// The time a frame spends on everything but training (drawing, the browser's own
    /// work, idle time), smoothed (ms).
    other_ms: f64,
    /// What an epoch and a mini-batch cost to train, measured and smoothed (ms; 0: not
    /// measured yet).
    epoch_ms: f64,
    batch_ms: f64,
    /// Mini-batches owed when an epoch is trained in parts (a fraction carried over).
    batch_credit: f64,
    /// Mini-batches a frame trained in parts, smoothed (`None`: epochs fit in a frame).
    pub parts: Option<f64>,
}

impl Default for Pace {
    fn default() -> Pace {
        Pace {
            credit: 0.0,
            note: SpeedNote::default(),
            last_start: None,
            last_training_ms: 0.0,
            other_ms: 10.0,
            epoch_ms: 0.0,
            batch_ms: 0.0,
            batch_credit: 0.0,
            parts: None,
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

    /// The longest epoch a frame trains whole at a fixed speed: half a 60 Hz frame (the
    /// other half is the drawing's). A longer one is trained in parts.
    pub fn whole_epoch_budget(&self) -> f64 {
        (FRAME_60_HZ_MS / 2.0).min(self.budget())
    }

    /// The milliseconds a frame trains an epoch in parts: what a 60 Hz frame leaves after
    /// the rest of a frame (2 ms at least, half a frame at most), so the page keeps
    /// drawing 60 times a second while the epoch trains over several frames.
    pub fn parts_budget(&self) -> f64 {
        (FRAME_60_HZ_MS - self.other_ms).clamp(2.0, self.whole_epoch_budget())
    }

    pub fn training_took(&mut self, ms: f64) {
        self.last_training_ms = ms;
    }

    /// Whether an epoch of `batches` mini-batches is too long for a frame's `budget`, as
    /// last measured: it is then trained in parts, a frame's worth at a time.
    /// With a margin either way, so that an epoch about as long as the budget does not
    /// switch from frame to frame: in parts from a quarter over the budget, whole again
    /// from a fifth under it.
    pub fn epoch_too_long(&self, batches: usize, budget: f64) -> bool {
        match self.parts {
            Some(_) if self.batch_ms > 0.0 => self.batch_ms * batches as f64 > 0.8 * budget,
            _ => self.epoch_ms > 1.25 * budget,
        }
    }

    /// A frame trained `epochs` whole epochs of `batches` mini-batches in `ms`.
    pub fn epochs_took(&mut self, epochs: u64, batches: usize, ms: f64) {
        if epochs > 0 {
            let per_epoch = ms / epochs as f64;
            self.epoch_ms = smooth(self.epoch_ms, per_epoch);
            self.batch_ms = smooth(self.batch_ms, per_epoch / batches.max(1) as f64);
        }
        self.parts = None;
        self.batch_credit = 0.0;
    }

    /// The mini-batches this frame asks for when epochs of `batches` are trained in parts:
    /// the speed's share of an epoch (`None` for maximum speed: as many as fit).
    pub fn batches_this_frame(&mut self, speed: Speed, batches: usize) -> Option<usize> {
        let Speed::EpochsPerFrame(epochs) = speed else {
            return None;
        };
        self.batch_credit += epochs * batches as f64;
        let whole = self.batch_credit.floor();
        self.batch_credit -= whole;
        Some(whole as usize)
    }

    /// A frame trained `done` mini-batches of an epoch too long for it, in `ms`; `cut`:
    /// it wanted more than fitted (what was owed is dropped, not carried to the next).
    /// A frame that trained a whole epoch's `batches` or more without being cut shows
    /// that epochs fit again: whole epochs from the next frame.
    pub fn batches_took(&mut self, done: usize, ms: f64, cut: bool, batches: usize) {
        if done > 0 {
            self.batch_ms = smooth(self.batch_ms, ms / done as f64);
        }
        if cut {
            self.batch_credit = 0.0;
        } else if done >= batches {
            self.parts = None;
            self.epoch_ms = self.batch_ms * batches as f64;
            return;
        }
        let mean = self
            .parts
            .map_or(done as f64, |m| 0.8 * m + 0.2 * done as f64);
        self.parts = Some(mean);
    }

    /// What the speed note says while an epoch is trained in parts: (mini-batches a
    /// frame, mini-batches an epoch).
    pub fn parts_reading(&self, running: bool, batches: usize) -> Option<(u64, u64)> {
        let mean = self.parts.filter(|_| running)?;
        let batches = batches as u64;
        Some(((mean.round().max(1.0) as u64).min(batches), batches))
    }

    /// The whole epochs this frame asks for at `speed` (`None`: as many as fit).
    pub fn epochs_this_frame(&mut self, speed: Speed) -> Option<u64> {
        speed.epochs_this_frame(&mut self.credit)
    }
}

/// A measurement smoothed (the first one taken as it is).
fn smooth(old: f64, new: f64) -> f64 {
    if old > 0.0 {
        0.7 * old + 0.3 * new
    } else {
        new
    }
}

/// What a fixed speed really trains a frame when its epochs do not all fit in the frame's
/// budget (the page then trains what fits and says so).
#[derive(Clone, Debug, Default)]
pub struct SpeedNote {
    /// Frames since one was cut short (`None`: none lately).
    since_cut: Option<u32>,
    /// Epochs trained per frame, smoothed.
    mean: f64,
}

impl SpeedNote {
    /// Frames the note stays after the last frame that was cut short.
    pub const HOLD: u32 = 30;

    /// A frame at a fixed speed trained `done` of the `wanted` epochs (fewer because the
    /// budget ran out, or because training diverged, which is not the speed's doing).
    pub fn record(&mut self, done: u64, wanted: u64, diverged: bool) {
        self.mean = if self.since_cut.is_some() {
            0.8 * self.mean + 0.2 * done as f64
        } else {
            done as f64
        };
        let cut = done < wanted && !diverged;
        self.since_cut = match (cut, self.since_cut) {
            (true, _) => Some(0),
            (false, Some(n)) if n < Self::HOLD => Some(n + 1),
            _ => None,
        };
    }

    /// What the note says while playing a fixed speed whose epochs do not fit: (epochs
    /// trained a frame, epochs chosen); `None` otherwise. Plain numbers, so the page can
    /// tell a change without building the text every frame.
    pub fn reading(&self, running: bool, speed: Speed) -> Option<(u64, f64)> {
        let Speed::EpochsPerFrame(chosen) = speed else {
            return None;
        };
        self.since_cut.filter(|_| running)?;
        Some((self.mean.round().max(1.0) as u64, chosen))
    }

    /// "running at 12 epochs a frame: 100 do not fit", for a `reading`.
    pub fn text((n, chosen): (u64, f64)) -> Text {
        text!(
            if n == 1 {
                "ui.speedActualOne"
            } else {
                "ui.speedActual"
            },
            n = n,
            chosen = chosen
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_speed_note_says_what_fits_while_frames_are_cut_short() {
        let speed = Speed::EpochsPerFrame(100.0);
        let mut note = SpeedNote::default();
        note.record(100, 100, false);
        assert_eq!(note.reading(true, speed), None, "everything fitted");
        for _ in 0..40 {
            note.record(12, 100, false);
        }
        assert_eq!(note.reading(true, speed), Some((12, 100.0)));
        assert_eq!(
            SpeedNote::text((12, 100.0)).to_string(),
            "running at 12 epochs a frame: 100 do not fit"
        );
        assert_eq!(note.reading(false, speed), None, "paused: no note");
        assert_eq!(note.reading(true, Speed::Max), None);
        // It stays a moment after frames fit again, then goes.
        note.record(100, 100, false);
        assert!(note.reading(true, speed).is_some());
        for _ in 0..SpeedNote::HOLD {
            note.record(100, 100, false);
        }
        assert_eq!(note.reading(true, speed), None);
        // A frame cut short by a divergence is not the speed's doing.
        let mut note = SpeedNote::default();
        note.record(3, 100, true);
        assert_eq!(note.reading(true, speed), None);
        note.record(1, 5, false);
        let reading = note.reading(true, Speed::EpochsPerFrame(5.0)).unwrap();
        assert_eq!(
            SpeedNote::text(reading).render(Lang::Zh),
            "实际每帧 1 轮（放不下 5 轮）"
        );
    }
}
