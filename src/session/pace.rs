//! How many epochs a frame trains: the speed's epochs (fractions carried over), cut to
//! the frame's budget, and what the page says when a fixed speed does not fit.

use crate::config::{Speed, MAX_SPEED_FRAME_MS};
use crate::i18n::Text;
use crate::text;

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
