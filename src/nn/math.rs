//! Double-precision e^x, e^x − 1, tanh and the logistic function, as exact as the platform's
//! libm (within a few units in the last place, tested against it) but several times faster
//! than the libm that Rust links into WebAssembly: no table look-ups, few branches.
//! Training uses these; the drawing-only f32 approximations are in `approx.rs`.

/// ln 2 split in two: `LN2_HI` keeps 20 significant bits so that k·LN2_HI is exact for
/// every k used here; `LN2_LO` = ln 2 − LN2_HI (Cody and Waite's range reduction).
const LN2_HI: f64 = 0.693_146_705_627_441_4;
const LN2_LO: f64 = 4.749_325_039_031_672_6e-7;

/// 1.5·2^52: adding it to a double of magnitude below 2^51 rounds that double to a whole
/// number (ties to even), which then sits in the low bits of the sum's representation.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// Splits x·log2(e) into the nearest whole number k and returns (k, 2^k). Integer and
/// floating-point operations only, no branches and no conversions, so loops vectorise.
#[inline(always)]
fn split(x: f64) -> (f64, f64) {
    let t = x * std::f64::consts::LOG2_E + ROUNDER;
    let k = t - ROUNDER;
    // t's bits are ROUNDER's plus k (two's complement): rebuild 2^k's exponent from them.
    let k_bits = t.to_bits().wrapping_sub(ROUNDER.to_bits());
    let two_k = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    (k, two_k)
}

/// e^r − 1 for |r| ≤ ½ ln 2: Taylor series to r¹³ (the first term left out is below
/// 3e-17 of the result), r + r²·q(r) with q(r) = Σ r^m/(m+2)!, m ≤ 11, evaluated by
/// Estrin's scheme: pairs, then powers r², r⁴, r⁸. Its chain of dependent operations is
/// a third as long as Horner's, which is what limits the speed here.
#[inline(always)]
fn expm1_reduced(r: f64) -> f64 {
    const A: [f64; 12] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let b0 = A[0] + A[1] * r;
    let b1 = A[2] + A[3] * r;
    let b2 = A[4] + A[5] * r;
    let b3 = A[6] + A[7] * r;
    let b4 = A[8] + A[9] * r;
    let b5 = A[10] + A[11] * r;
    let d0 = b0 + b1 * r2;
    let d1 = b2 + b3 * r2;
    let d2 = b4 + b5 * r2;
    let q = (d0 + d1 * r4) + d2 * r8;
    r + r2 * q
}

/// e^x − 1 for x in [−708, 709]; accurate near 0 (for k = 0 it is exactly the series).
#[inline(always)]
pub fn expm1(x: f64) -> f64 {
    let (k, two_k) = split(x);
    let r = (x - k * LN2_HI) - k * LN2_LO;
    two_k * expm1_reduced(r) + (two_k - 1.0)
}

/// e^x for x in [−708, 709].
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    let (k, two_k) = split(x);
    let r = (x - k * LN2_HI) - k * LN2_LO;
    two_k * (1.0 + expm1_reduced(r))
}

/// tanh x = (e^(2|x|) − 1) / (e^(2|x|) + 1), with the sign of x. Beyond |x| = 20 the
/// result rounds to ±1 (1 − tanh 20 < 1e-17), so |x| is capped there; NaN stays NaN.
#[inline(always)]
pub fn tanh(x: f64) -> f64 {
    let a = x.abs();
    let a = if a > 20.0 { 20.0 } else { a };
    let em = expm1(2.0 * a);
    (em / (em + 2.0)).copysign(x)
}

/// σ(x) = 1 / (1 + e^(−x)), computed from e^(−|x|) so that nothing overflows. |x| is
/// capped at 708 (where σ is 1 or 3e-308); NaN stays NaN.
#[inline(always)]
pub fn sigmoid(x: f64) -> f64 {
    let a = x.abs();
    let a = if a > 708.0 { 708.0 } else { a };
    let e = exp(-a);
    let positive = 1.0 / (1.0 + e);
    let negative = e / (1.0 + e);
    if x >= 0.0 {
        positive
    } else {
        negative
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units of the last place between two doubles of the same sign.
    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    fn check(name: &str, ours: impl Fn(f64) -> f64, reference: impl Fn(f64) -> f64, max_ulps: u64) {
        let mut x = -40.0;
        let mut worst = (0, 0.0);
        while x <= 40.0 {
            for v in [x, x * 1e-3, x * 1e-9] {
                let d = ulps(ours(v), reference(v));
                if d > worst.0 {
                    worst = (d, v);
                }
            }
            x += 0.000_913;
        }
        assert!(
            worst.0 <= max_ulps,
            "{name}: {} ulps at {}",
            worst.0,
            worst.1
        );
    }

    #[test]
    fn expm1_tanh_and_sigmoid_agree_with_libm_to_a_few_ulps() {
        check("expm1", expm1, f64::exp_m1, 2);
        check("exp", exp, f64::exp, 2);
        check("tanh", tanh, f64::tanh, 3);
        check("sigmoid", sigmoid, |x| 1.0 / (1.0 + (-x).exp()), 3);
    }

    #[test]
    fn limits_and_special_values() {
        assert_eq!(tanh(0.0), 0.0);
        assert_eq!(tanh(1e300), 1.0);
        assert_eq!(tanh(-1e300), -1.0);
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(sigmoid(800.0), 1.0);
        assert!(sigmoid(-800.0) < 1e-307);
        assert!(sigmoid(f64::NAN).is_nan());
        assert_eq!(expm1(0.0), 0.0);
        assert!((expm1(700.0) / 700f64.exp_m1() - 1.0).abs() < 1e-15);
        assert_eq!(tanh(1e-300), 1e-300);
    }
}
