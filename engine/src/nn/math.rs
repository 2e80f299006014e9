//! Double-precision e^x, e^x − 1, tanh, the logistic function, ln, ln(1 + x), sin and
//! whole powers, as exact as the platform's libm (within a few units in the last place,
//! tested against it) but several times faster than the libm that Rust links into
//! WebAssembly: no table look-ups, few branches. Training and its losses use these; the
//! drawing-only f32 approximations are in `approx.rs`.
//!
//! Architecture invariant: only + − × ÷, comparisons and bit operations, no libm and no
//! fused multiply-add, so the page, the native tests and the exported Python script
//! (`io::python::arithmetic`, which writes the same formulas with these constants) compute
//! the same bits on every machine.

/// ln 2 split in two: `LN2_HI` keeps 20 significant bits so that k·LN2_HI is exact for
/// every k used here; `LN2_LO` = ln 2 − LN2_HI (Cody and Waite's range reduction).
pub const LN2_HI: f64 = 0.693_146_705_627_441_4;
pub const LN2_LO: f64 = 4.749_325_039_031_672_6e-7;

/// 1.5·2^52: adding it to a double of magnitude below 2^51 rounds that double to a whole
/// number (ties to even), which then sits in the low bits of the sum's representation.
pub const ROUNDER: f64 = 6_755_399_441_055_744.0;

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

/// 1/(m + 2)! for m = 0 … 11: the series of `expm1_reduced`'s q.
pub const EXPM1_SERIES: [f64; 12] = [
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

/// e^r − 1 for |r| ≤ ½ ln 2: Taylor series to r¹³ (the first term left out is below
/// 3e-17 of the result), r + r²·q(r) with q(r) = Σ r^m/(m+2)!, m ≤ 11, evaluated by
/// Estrin's scheme: pairs, then powers r², r⁴, r⁸. Its chain of dependent operations is
/// a third as long as Horner's, which is what limits the speed here.
#[inline(always)]
fn expm1_reduced(r: f64) -> f64 {
    const A: [f64; 12] = EXPM1_SERIES;
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

/// 2/(2n + 1) for n = 1 … 11: the series of ln's `R`.
pub const LN_SERIES: [f64; 11] = [
    2.0 / 3.0,
    2.0 / 5.0,
    2.0 / 7.0,
    2.0 / 9.0,
    2.0 / 11.0,
    2.0 / 13.0,
    2.0 / 15.0,
    2.0 / 17.0,
    2.0 / 19.0,
    2.0 / 21.0,
    2.0 / 23.0,
];

/// ln x for x > 0: x = 2^k·m with m in [√½, √2), f = m − 1, s = f/(2 + f), and
/// ln m = 2·atanh s = 2s + s·R(s²) with R = Σ 2s^(2n)/(2n + 1), n = 1 … 11 (|s| ≤ 0.172,
/// the first term left out is below 1e-18 of the result); 2s = f − s·f, so
/// ln m = f − s·(f − R). Basic arithmetic only, so it gives the same bits everywhere
/// (the exported Python script computes it with the same operations). 0 gives −∞,
/// a negative number or NaN gives NaN, +∞ gives +∞.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return x;
    }
    // A subnormal x: scale it into the normal range first (2^54 is exact).
    let (x, mut k) = if x < f64::MIN_POSITIVE {
        (x * 18_014_398_509_481_984.0, -54.0)
    } else {
        (x, 0.0)
    };
    let bits = x.to_bits();
    k += ((bits >> 52) as i64 - 1023) as f64;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        k += 1.0;
    }
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let s2 = s * s;
    // Horner's scheme from the last term: R = s²·(2/3 + s²·(2/5 + … + s²·2/23)).
    let mut r = LN_SERIES[10];
    for &c in LN_SERIES[..10].iter().rev() {
        r = c + s2 * r;
    }
    let r = s2 * r;
    (k * LN2_HI + f) - (s * (f - r) - k * LN2_LO)
}

/// ln(1 + x) for x > −1, accurate near 0: u = 1 + x rounded, and the rounding's error
/// x − (u − 1) taken into account by ln(1 + x) ≈ ln u + (x − (u − 1))/u.
pub fn ln_1p(x: f64) -> f64 {
    let u = 1.0 + x;
    if u == 1.0 {
        return x;
    }
    ln(u) + (x - (u - 1.0)) / u
}

/// x^n for a whole n ≥ 0 by repeated squaring (the order of the multiplications is the
/// one the exported script uses too).
pub fn powi(mut x: f64, mut n: u64) -> f64 {
    let mut r = 1.0;
    loop {
        if n & 1 == 1 {
            r *= x;
        }
        n >>= 1;
        if n == 0 {
            return r;
        }
        x *= x;
    }
}

/// π/2 in three parts: the first two of 33 significant bits (k times them is exact for
/// |k| < 2^20), the third the rest, rounded.
pub const PIO2_1: f64 = 1.570_796_326_734_125_6;
pub const PIO2_2: f64 = 6.077_100_506_303_966e-11;
pub const PIO2_3: f64 = 2.022_266_248_795_950_6e-21;

/// (−1)^n/(2n + 1)! for n = 1 … 9 (every factorial here is exact in a double).
pub const SIN_SERIES: [f64; 9] = [
    -1.0 / 6.0,
    1.0 / 120.0,
    -1.0 / 5_040.0,
    1.0 / 362_880.0,
    -1.0 / 39_916_800.0,
    1.0 / 6_227_020_800.0,
    -1.0 / 1_307_674_368_000.0,
    1.0 / 355_687_428_096_000.0,
    -1.0 / 121_645_100_408_832_000.0,
];

/// (−1)^n/(2n)! for n = 2 … 10.
pub const COS_SERIES: [f64; 9] = [
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40_320.0,
    -1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
    -1.0 / 87_178_291_200.0,
    1.0 / 20_922_789_888_000.0,
    -1.0 / 6_402_373_705_728_000.0,
    1.0 / 2_432_902_008_176_640_000.0,
];

/// sin x: x = k·π/2 + r with |r| ≤ π/4 (Cody and Waite's reduction, within a few ulps
/// for |x| < 2^19·π; the data's coordinates stay within ±6), then sin r or cos r by
/// their Taylor series (to r¹⁹ and r²⁰) with the sign k mod 4 asks for. Basic arithmetic
/// only: the same bits everywhere (the page's sin X₁ feature and the exported script's).
#[inline(never)]
pub fn sin(x: f64) -> f64 {
    if !x.is_finite() || x.abs() > 1e15 {
        return f64::NAN;
    }
    let t = x * std::f64::consts::FRAC_2_PI + ROUNDER;
    let k = t - ROUNDER;
    let quadrant = t.to_bits().wrapping_sub(ROUNDER.to_bits()) & 3;
    let r = ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3;
    let r2 = r * r;
    let value = if quadrant & 1 == 0 {
        // sin r = r + r³·(−1/3! + r²·(1/5! − …)), to r¹⁹/19!
        let mut p = SIN_SERIES[8];
        for &c in SIN_SERIES[..8].iter().rev() {
            p = c + r2 * p;
        }
        r + r * r2 * p
    } else {
        // cos r = 1 − (r²/2 − r⁴·(1/4! − r²·(1/6! − …))), to r²⁰/20!
        let mut p = COS_SERIES[8];
        for &c in COS_SERIES[..8].iter().rev() {
            p = c + r2 * p;
        }
        1.0 - (0.5 * r2 - r2 * r2 * p)
    };
    if quadrant >= 2 {
        -value
    } else {
        value
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
    fn ln_ln_1p_sin_and_powi_agree_with_libm() {
        check("sin", sin, f64::sin, 2);
        // ln over many binades, and ln(1 + x) where the losses use it (0 < x ≤ 1) and near 0.
        let mut worst = (0, 0.0);
        let mut x = 1e-310;
        while x < 1e300 {
            for v in [x, x * 1.000_7, x * 1.414, x * 1.415] {
                let d = ulps(ln(v), v.ln());
                if d > worst.0 {
                    worst = (d, v);
                }
            }
            x *= 1.37;
        }
        assert!(worst.0 <= 2, "ln: {} ulps at {}", worst.0, worst.1);
        let mut worst = (0, 0.0);
        let mut x = 1e-300;
        while x <= 1.0 {
            for v in [x, 1.0 - x, x * 3.3e-3] {
                let d = ulps(ln_1p(v), v.ln_1p());
                if d > worst.0 {
                    worst = (d, v);
                }
            }
            x *= 1.011;
        }
        assert!(worst.0 <= 2, "ln_1p: {} ulps at {}", worst.0, worst.1);
        for x in [1e3, -2.5e4, 1e5, 8e5] {
            assert!(ulps(sin(x).abs(), x.sin().abs()) <= 4, "sin {x}");
        }
        for t in [0, 1, 2, 3, 10, 1_000, 123_457] {
            let (ours, libm) = (powi(0.999, t), 0.999f64.powf(t as f64));
            // Each squaring doubles the relative error so far: about t ulps at worst.
            let bound = (t as f64 + 2.0) * f64::EPSILON * libm;
            assert!((ours - libm).abs() <= bound, "0.999^{t}: {ours} {libm}");
        }
        assert_eq!(powi(0.9, 2), 0.9 * 0.9);
        assert_eq!(powi(0.9, 3), 0.9 * (0.9 * 0.9));
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
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan() && ln(f64::NAN).is_nan());
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert_eq!(ln_1p(0.0), 0.0);
        assert_eq!(ln_1p(1e-300), 1e-300);
        assert_eq!(sin(0.0), 0.0);
        assert!(sin(f64::INFINITY).is_nan() && sin(f64::NAN).is_nan());
    }
}
