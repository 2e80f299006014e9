//! How fast training runs while playing (`Speed`), and what a fixed speed really trains
//! when its epochs do not fit in a frame (`SpeedNote`).

use crate::i18n::Text;
use crate::text;
use serde::{Deserialize, Serialize};

/// How fast training runs while playing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    EpochsPerFrame(f64),
    Max,
}

pub const MIN_EPOCHS_PER_FRAME: f64 = 0.25;
pub const MAX_EPOCHS_PER_FRAME: f64 = 100.0;
/// The frame period aimed at in "max" speed, in ms (about 33 frames a second): each frame
/// trains for this long minus what drawing and the browser took in the frames before.
pub const MAX_SPEED_FRAME_MS: f64 = 29.0;

impl Speed {
    /// The whole epochs a frame trains at this speed, carrying fractions over in
    /// `credit` (¼ is one epoch every fourth frame); `None` for "max", whose count the
    /// frame's time budget decides.
    pub fn epochs_this_frame(self, credit: &mut f64) -> Option<u64> {
        match self {
            Speed::EpochsPerFrame(n) => {
                *credit += n;
                let epochs = credit.floor();
                *credit -= epochs;
                Some(epochs as u64)
            }
            Speed::Max => None,
        }
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

impl Serialize for Speed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Speed::EpochsPerFrame(n) => serializer.serialize_f64(*n),
            Speed::Max => serializer.serialize_str("max"),
        }
    }
}

impl<'de> Deserialize<'de> for Speed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Speed, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(n) => Ok(Speed::EpochsPerFrame(n)),
            Raw::Text(t) if t == "max" => Ok(Speed::Max),
            Raw::Text(t) => t.parse().map(Speed::EpochsPerFrame).map_err(|_| {
                serde::de::Error::custom(format!(
                    "expected a number of epochs per frame or \"max\", not {t:?}"
                ))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn speeds_below_one_carry_fractions_from_frame_to_frame() {
        let epochs = |speed: Speed| {
            let mut credit = 0.0;
            (0..8)
                .map(|_| speed.epochs_this_frame(&mut credit))
                .collect::<Vec<_>>()
        };
        let quarter = epochs(Speed::EpochsPerFrame(0.25));
        assert_eq!(quarter.iter().map(|e| e.unwrap()).sum::<u64>(), 2);
        assert_eq!(quarter[3], Some(1));
        assert_eq!(epochs(Speed::EpochsPerFrame(20.0)), vec![Some(20); 8]);
        assert_eq!(epochs(Speed::Max), vec![None; 8]);
    }

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
