//! Fast f32 activations, used only to draw (the boundary and neuron heatmaps), never to
//! train: training, losses and the inspector use the exact f64 functions of
//! `activation.rs`. Written branch-free so that loops over many cells vectorise (wasm
//! simd128, SSE natively). Accuracy: within 1e-6 of the exact values (tested below), and
//! the whole drawing path is tested against the exact forward pass to within 1e-4.

use super::Activation;

/// 2^y for y in about [−126, 126] (clamped outside): 2^y = 2^n · 2^f with n = round(y)
/// and f in [−½, ½]; 2^f = e^(f ln 2) from its Taylor series to degree 6 (truncation
/// error below 2e-7), with the powers of ln 2 folded into the coefficients; 2^n built from
/// the exponent bits.
#[inline(always)]
fn pow2(y: f32) -> f32 {
    use std::f32::consts::LN_2;
    const C1: f32 = LN_2;
    const C2: f32 = C1 * LN_2 / 2.0;
    const C3: f32 = C2 * LN_2 / 3.0;
    const C4: f32 = C3 * LN_2 / 4.0;
    const C5: f32 = C4 * LN_2 / 5.0;
    const C6: f32 = C5 * LN_2 / 6.0;
    // 1.5·2^23: adding it rounds to a whole number, which lands in the low mantissa bits.
    const ROUNDER: f32 = 12_582_912.0;
    let y = y.clamp(-126.0, 126.0);
    let t = y + ROUNDER;
    let n = t - ROUNDER;
    let f = y - n;
    let p = 1.0 + f * (C1 + f * (C2 + f * (C3 + f * (C4 + f * (C5 + f * C6)))));
    let n_bits = t.to_bits().wrapping_sub(ROUNDER.to_bits());
    let scale = f32::from_bits(n_bits.wrapping_add(127) << 23);
    p * scale
}

/// e^x for x in about [−87, 87], relative error below 1e-5 (f32 rounding of x·log2 e
/// dominates for large |x|).
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    pow2(x * std::f32::consts::LOG2_E)
}

/// tanh x = 1 − 2 / (e^(2x) + 1)
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / (pow2(x * (2.0 * std::f32::consts::LOG2_E)) + 1.0)
}

/// σ(x) = 1 / (1 + e^(−x))
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + pow2(x * -std::f32::consts::LOG2_E))
}

/// Applies the activation to every value in place.
pub fn activate(activation: Activation, values: &mut [f32]) {
    match activation {
        Activation::Linear => {}
        // `if` rather than f32::max, whose NaN rule costs a libm call in wasm.
        Activation::Relu => values
            .iter_mut()
            .for_each(|v| *v = if *v > 0.0 { *v } else { 0.0 }),
        Activation::Tanh => values.iter_mut().for_each(|v| *v = tanh(*v)),
        Activation::Sigmoid => values.iter_mut().for_each(|v| *v = sigmoid(*v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_activations_match_the_exact_ones() {
        let mut worst: [f64; 3] = [0.0; 3];
        let mut x = -60.0f64;
        while x <= 60.0 {
            let xf = x as f32;
            let exact_tanh = f64::from(xf).tanh();
            let exact_sigmoid = 1.0 / (1.0 + (-f64::from(xf)).exp());
            worst[0] = worst[0].max((f64::from(tanh(xf)) - exact_tanh).abs());
            worst[1] = worst[1].max((f64::from(sigmoid(xf)) - exact_sigmoid).abs());
            if x.abs() < 80.0 {
                let e = f64::from(xf).exp();
                worst[2] = worst[2].max(((f64::from(exp(xf)) - e) / e).abs());
            }
            x += 0.000_37;
        }
        assert!(worst[0] < 1e-6, "tanh off by {}", worst[0]);
        assert!(worst[1] < 1e-6, "sigmoid off by {}", worst[1]);
        assert!(worst[2] < 1e-5, "exp off by a relative {}", worst[2]);
        assert_eq!(tanh(1000.0), 1.0);
        assert_eq!(tanh(-1000.0), -1.0);
        assert!(sigmoid(-1000.0) < 1e-30);
    }
}
