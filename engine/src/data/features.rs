//! Input features computed from a point (x1, x2): TFP's seven.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1TimesX2,
    SinX1,
    SinX2,
}

impl Feature {
    pub const ALL: [Feature; 7] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1TimesX2,
        Feature::SinX1,
        Feature::SinX2,
    ];

    /// The feature's value at the point (x1, x2).
    #[inline]
    pub fn compute(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1TimesX2 => x1 * x2,
            Feature::SinX1 => crate::nn::math::sin(x1),
            Feature::SinX2 => crate::nn::math::sin(x2),
        }
    }

    /// The largest |value| the feature takes over the view [−6, 6]² (its colour scale).
    pub fn scale(self) -> f64 {
        match self {
            Feature::X1 | Feature::X2 => 6.0,
            Feature::X1Squared | Feature::X2Squared | Feature::X1TimesX2 => 36.0,
            Feature::SinX1 | Feature::SinX2 => 1.0,
        }
    }

    /// How the feature is written for students.
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "X₁",
            Feature::X2 => "X₂",
            Feature::X1Squared => "X₁²",
            Feature::X2Squared => "X₂²",
            Feature::X1TimesX2 => "X₁X₂",
            Feature::SinX1 => "sin(X₁)",
            Feature::SinX2 => "sin(X₂)",
        }
    }
}

/// Writes the chosen features of (x1, x2) into `out` (same length as `features`).
#[inline]
pub fn compute_into(features: &[Feature], x1: f64, x2: f64, out: &mut [f64]) {
    for (o, f) in out.iter_mut().zip(features) {
        *o = f.compute(x1, x2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_compute_their_formulas() {
        let (a, b) = (1.5, -2.0);
        let mut out = [0.0; 7];
        compute_into(&Feature::ALL, a, b, &mut out);
        assert_eq!(
            out,
            [
                a,
                b,
                a * a,
                b * b,
                a * b,
                crate::nn::math::sin(a),
                crate::nn::math::sin(b)
            ]
        );
    }
}
