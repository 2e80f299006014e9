//! Activation functions a = σ(z) and their derivatives σ'(z). tanh and the logistic
//! function come from `math.rs` (double precision, within a few ulps of libm, faster).

use serde::{Deserialize, Serialize};

/// The activation of a layer. Names are TFP's URL values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// σ(z) = max(0, z)
    Relu,
    /// σ(z) = tanh z
    Tanh,
    /// σ(z) = 1 / (1 + e^(−z))
    Sigmoid,
    /// σ(z) = z
    Linear,
}

impl Activation {
    /// a = σ(z)
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Linear => z,
            Activation::Sigmoid => super::math::sigmoid(z),
            Activation::Tanh => super::math::tanh(z),
            // `if` rather than f64::max (a libm call in wasm); NaN gives 0 either way.
            Activation::Relu => {
                if z > 0.0 {
                    z
                } else {
                    0.0
                }
            }
        }
    }

    /// a = σ(z) for a whole row of values (one match, then a loop that vectorises).
    pub fn apply_all(self, z: &[f64], a: &mut [f64]) {
        let pairs = a.iter_mut().zip(z);
        match self {
            Activation::Linear => pairs.for_each(|(a, &z)| *a = z),
            Activation::Sigmoid => pairs.for_each(|(a, &z)| *a = super::math::sigmoid(z)),
            Activation::Tanh => pairs.for_each(|(a, &z)| *a = super::math::tanh(z)),
            Activation::Relu => pairs.for_each(|(a, &z)| *a = if z > 0.0 { z } else { 0.0 }),
        }
    }

    /// d ← d·σ'(z) for a whole row (one match, then a loop that vectorises).
    pub fn multiply_by_derivative(self, d: &mut [f64], z: &[f64], a: &[f64]) {
        let rows = d.iter_mut().zip(z).zip(a);
        match self {
            Activation::Linear => {}
            Activation::Sigmoid => rows.for_each(|((d, _), &a)| *d *= a * (1.0 - a)),
            Activation::Tanh => rows.for_each(|((d, _), &a)| *d *= 1.0 - a * a),
            Activation::Relu => rows.for_each(|((d, &z), _)| *d *= if z > 0.0 { 1.0 } else { 0.0 }),
        }
    }

    /// σ'(z), written in terms of z and a = σ(z) (whichever is cheaper).
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            // The kink at 0 takes the derivative 0, as TFP does.
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Choice;

    #[test]
    fn derivatives_match_central_differences() {
        let h = 1e-6;
        for act in Activation::all() {
            for &z in &[-3.1, -0.7, -0.05, 0.05, 0.4, 1.3, 2.9] {
                let numeric = (act.apply(z + h) - act.apply(z - h)) / (2.0 * h);
                let analytic = act.derivative(z, act.apply(z));
                assert!(
                    (numeric - analytic).abs() < 1e-8,
                    "{act:?} at {z}: {numeric} vs {analytic}"
                );
            }
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(Activation::Sigmoid.apply(0.0), 0.5);
        assert_eq!(Activation::Relu.apply(-2.0), 0.0);
        assert_eq!(Activation::Relu.apply(2.5), 2.5);
        assert_eq!(Activation::Linear.apply(-1.5), -1.5);
        assert!((Activation::Tanh.apply(1.0) - 0.761_594_155_955_764_9).abs() < 1e-15);
    }
}
