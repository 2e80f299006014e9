//! Losses. The squared error follows TFP: L = ½(output − label)², reported as a mean.
//! Cross-entropy pairs with a sigmoid output (two classes) or a softmax output (more).

use serde::{Deserialize, Serialize};

/// The loss a config chooses (`loss`): `squared` (TFP's, the default) or `crossEntropy`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
#[serde(rename_all = "camelCase")]
pub enum Loss {
    #[default]
    Squared,
    CrossEntropy,
}

/// L = ½(a − y)²
#[inline]
pub fn squared_error(output: f64, label: f64) -> f64 {
    let e = output - label;
    0.5 * e * e
}

/// ∂L/∂a = a − y
#[inline]
pub fn squared_error_derivative(output: f64, label: f64) -> f64 {
    output - label
}

/// ln(1 + e^z), exactly and without overflow: max(z, 0) + ln(1 + e^(−|z|)).
#[inline]
pub fn softplus(z: f64) -> f64 {
    let positive = if z > 0.0 { z } else { 0.0 };
    // e^(−708) ≈ 3e-308: beyond that the term is below any f64 step of the result.
    let a = z.abs();
    let a = if a > 708.0 { 708.0 } else { a };
    positive + super::math::ln_1p(super::math::exp(-a))
}

/// Binary cross-entropy of a sigmoid output a = σ(z) for a target t ∈ {0, 1}:
/// L = −[t·ln a + (1 − t)·ln(1 − a)] = ln(1 + e^z) − t·z, written in z so that it stays
/// exact where a rounds to 0 or 1. Its δ = ∂L/∂z = a − t.
#[inline]
pub fn binary_cross_entropy(z: f64, target: f64) -> f64 {
    softplus(z) - target * z
}

/// Cross-entropy of a softmax output for the true class `class`:
/// L = −ln a_class = ln Σ_k e^(z_k) − z_class (the log-sum-exp shifted by the largest z).
/// Its δ_k = ∂L/∂z_k = a_k − [k = class].
pub fn softmax_cross_entropy(z: &[f64], class: usize) -> f64 {
    let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = z
        .iter()
        .map(|&v| super::math::exp((v - top).max(-708.0)))
        .sum();
    top + super::math::ln(sum) - z.get(class).copied().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squared_error_and_its_derivative() {
        assert_eq!(squared_error(0.5, -1.0), 1.125);
        let h = 1e-6;
        let numeric = (squared_error(0.3 + h, 1.0) - squared_error(0.3 - h, 1.0)) / (2.0 * h);
        assert!((numeric - squared_error_derivative(0.3, 1.0)).abs() < 1e-9);
    }

    #[test]
    fn cross_entropies_equal_their_textbook_forms_and_stay_finite() {
        for (z, t) in [(0.3f64, 1.0f64), (-2.0, 0.0), (4.0, 0.0)] {
            let a = 1.0 / (1.0 + (-z).exp());
            let textbook = -(t * a.ln() + (1.0 - t) * (1.0 - a).ln());
            assert!((binary_cross_entropy(z, t) - textbook).abs() < 1e-12);
        }
        // Saturated: a rounds to 1, the textbook form gives ln 0; ours the exact value.
        assert!((binary_cross_entropy(800.0, 0.0) - 800.0).abs() < 1e-9);
        assert!(binary_cross_entropy(-800.0, 0.0) >= 0.0);
        let z = [1.0, 2.0, 0.5];
        let sum: f64 = z.iter().map(|v: &f64| v.exp()).sum();
        assert!((softmax_cross_entropy(&z, 1) + (2f64.exp() / sum).ln()).abs() < 1e-12);
        assert!(softmax_cross_entropy(&[1000.0, 0.0], 1).is_finite());
    }
}
