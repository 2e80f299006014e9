//! How fast training runs while playing (`Speed`). What a fixed speed really trains when
//! its epochs do not fit in a frame is the Session's (`session::SpeedNote`).

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
/// The longest one stretch of training at "max" speed, in ms: the page trains in slices
/// this long (in its frames and in tasks between them), so a key or a slider dragged
/// waits at most this long before it is handled.
pub const MAX_SPEED_SLICE_MS: f64 = 5.0;

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
}
