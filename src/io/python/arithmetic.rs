//! The script's elementary functions: the page's own (`nn::math`), written with NumPy's
//! basic arithmetic and bit operations, from the same constants, so that the script
//! computes the page's bits on every machine; and only the ones the experiment uses.
//!
//! Architecture invariant: each function here is `nn::math`'s formula operation for
//! operation (the same constants, the same order) over the values training gives it: `ln`
//! numbers ≥ 1 (a softmax's sum, 1 + e^(−|z|)), `sin` coordinates within the view (±6);
//! `nn::math`'s branches for 0, ∞, NaN, subnormals and |x| > 1e15 are left out.
//! `tests/python.rs` compares whole runs bit for bit.

use super::Writer;
use crate::data::Feature;
use crate::nn::math;
use crate::nn::{Activation, Optimizer};
use crate::train::{Objective, Trainer};
use std::fmt::Write;

/// Which of the page's functions the script needs.
struct Needs {
    exp: bool,
    expm1: bool,
    sigmoid: bool,
    tanh: bool,
    ln: bool,
    ln_1p: bool,
    sin: bool,
    powi: bool,
}

impl Needs {
    fn of(t: &Trainer) -> Needs {
        let net = t.network();
        let uses = |a: Activation| net.layers.iter().any(|l| !l.softmax && l.activation == a);
        let softmax = net.layers.last().is_some_and(|l| l.softmax);
        let objective = t.objective();
        let binary = objective == Objective::BinaryCrossEntropy;
        let ln = binary || objective == Objective::SoftmaxCrossEntropy;
        let sigmoid = uses(Activation::Sigmoid);
        let tanh = uses(Activation::Tanh);
        Needs {
            exp: sigmoid || softmax || ln,
            expm1: tanh,
            sigmoid,
            tanh,
            ln,
            ln_1p: binary,
            sin: t
                .features()
                .iter()
                .any(|f| matches!(f, Feature::SinX1 | Feature::SinX2)),
            powi: t.config().training.optimizer == Optimizer::Adam,
        }
    }
}

/// A list of doubles as Python's literal (each shortest round trip: the same double).
fn list(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("[{}]", items.join(", "))
}

impl Writer {
    pub(super) fn arithmetic(&mut self, t: &Trainer) {
        let w = self.words;
        let needs = Needs::of(t);
        self.section(w.arithmetic_title);
        self.comment(w.arithmetic);
        self.line("");
        self.line("def dense(a, W, b):");
        let _ = writeln!(self.out, "    # {}", w.dense);
        self.line("    z = np.tile(b, (len(a), 1))");
        self.line("    for i in range(W.shape[1]):");
        self.line("        z = z + a[:, i:i + 1] * W[:, i]");
        self.line("    return z");
        self.line("");
        self.line("def back(delta, W):");
        let _ = writeln!(self.out, "    # {}", w.back);
        self.line("    s = np.zeros((len(delta), W.shape[1]))");
        self.line("    for j in range(W.shape[0]):");
        self.line("        s = s + delta[:, j:j + 1] * W[j]");
        self.line("    return s");
        self.line("");
        self.line("def row_sums(x):");
        let _ = writeln!(self.out, "    # {}", w.row_sums);
        self.line("    s = np.zeros(len(x))");
        self.line("    for j in range(x.shape[1]):");
        self.line("        s = s + x[:, j]");
        self.line("    return s");
        if needs.exp || needs.expm1 || needs.sin {
            self.line("");
            let _ = writeln!(self.out, "ROUNDER = {:?}  # {}", math::ROUNDER, w.rounder);
            self.line("ROUNDER_BITS = int(np.float64(ROUNDER).view(np.int64))");
        }
        if needs.exp || needs.expm1 {
            self.exponential(&needs);
        }
        if needs.ln {
            self.logarithm(&needs);
        }
        if needs.sin {
            self.sine();
        }
        if needs.powi {
            self.line("");
            self.line("def powi(x, n):");
            let _ = writeln!(self.out, "    # {}", w.powi);
            self.line("    r = 1.0");
            self.line("    while True:");
            self.line("        if n & 1:");
            self.line("            r = r * x");
            self.line("        n >>= 1");
            self.line("        if n == 0:");
            self.line("            return r");
            self.line("        x = x * x");
        }
    }

    fn exponential(&mut self, needs: &Needs) {
        let w = self.words;
        let _ = writeln!(
            self.out,
            "LOG2_E, LN2_HI, LN2_LO = {:?}, {:?}, {:?}",
            std::f64::consts::LOG2_E,
            math::LN2_HI,
            math::LN2_LO
        );
        let _ = writeln!(
            self.out,
            "EXPM1_SERIES = {}  # 1/2!, 1/3!, … 1/13!",
            list(&math::EXPM1_SERIES)
        );
        self.line("");
        self.line("def split(x):");
        let _ = writeln!(self.out, "    # {}", w.split);
        self.line("    t = np.asarray(x * LOG2_E + ROUNDER, dtype=np.float64)");
        self.line("    k = t - ROUNDER");
        self.line("    k_bits = t.view(np.int64) - ROUNDER_BITS");
        self.line("    return k, ((k_bits + 1023) << 52).view(np.float64)");
        self.line("");
        self.line("def expm1_reduced(r):");
        let _ = writeln!(self.out, "    # {}", w.expm1_reduced);
        self.line("    A = EXPM1_SERIES");
        self.line("    r2 = r * r");
        self.line("    r4 = r2 * r2");
        self.line("    r8 = r4 * r4");
        self.line("    b0, b1, b2 = A[0] + A[1] * r, A[2] + A[3] * r, A[4] + A[5] * r");
        self.line("    b3, b4, b5 = A[6] + A[7] * r, A[8] + A[9] * r, A[10] + A[11] * r");
        self.line("    d0, d1, d2 = b0 + b1 * r2, b2 + b3 * r2, b4 + b5 * r2");
        self.line("    q = (d0 + d1 * r4) + d2 * r8");
        self.line("    return r + r2 * q");
        if needs.exp {
            self.line("");
            self.line("def exp(x):");
            let _ = writeln!(self.out, "    # {}", w.exp);
            self.line("    k, two_k = split(x)");
            self.line("    r = (x - k * LN2_HI) - k * LN2_LO");
            self.line("    return two_k * (1.0 + expm1_reduced(r))");
        }
        if needs.expm1 {
            self.line("");
            self.line("def expm1(x):");
            let _ = writeln!(self.out, "    # {}", w.expm1);
            self.line("    k, two_k = split(x)");
            self.line("    r = (x - k * LN2_HI) - k * LN2_LO");
            self.line("    return two_k * expm1_reduced(r) + (two_k - 1.0)");
        }
        if needs.tanh {
            self.line("");
            self.line("def tanh(x):");
            let _ = writeln!(self.out, "    # {}", w.tanh);
            self.line("    a = np.minimum(np.abs(x), 20.0)");
            self.line("    em = expm1(2.0 * a)");
            self.line("    return np.copysign(em / (em + 2.0), x)");
        }
        if needs.sigmoid {
            self.line("");
            self.line("def sigmoid(x):");
            let _ = writeln!(self.out, "    # {}", w.sigmoid);
            self.line("    e = exp(-np.minimum(np.abs(x), 708.0))");
            self.line("    return np.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))");
        }
    }

    fn logarithm(&mut self, needs: &Needs) {
        let w = self.words;
        self.line("");
        let _ = writeln!(
            self.out,
            "LN_SERIES = {}  # 2/3, 2/5, … 2/23",
            list(&math::LN_SERIES)
        );
        self.line("");
        self.line("def ln(x):");
        let _ = writeln!(self.out, "    # {}", w.ln);
        self.line("    bits = np.asarray(x, dtype=np.float64).view(np.int64)");
        self.line("    k = ((bits >> 52) - 1023).astype(np.float64)");
        self.line("    m = ((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000).view(np.float64)");
        let _ = writeln!(
            self.out,
            "    big = m > {:?}  # √2",
            std::f64::consts::SQRT_2
        );
        self.line("    m, k = np.where(big, m * 0.5, m), np.where(big, k + 1.0, k)");
        self.line("    f = m - 1.0");
        self.line("    s = f / (2.0 + f)");
        self.line("    s2 = s * s");
        self.line("    r = LN_SERIES[10]");
        self.line("    for c in reversed(LN_SERIES[:10]):");
        self.line("        r = c + s2 * r");
        self.line("    r = s2 * r");
        self.line("    return (k * LN2_HI + f) - (s * (f - r) - k * LN2_LO)");
        if needs.ln_1p {
            self.line("");
            self.line("def ln_1p(x):");
            let _ = writeln!(self.out, "    # {}", w.ln_1p);
            self.line("    u = 1.0 + x");
            self.line("    return np.where(u == 1.0, x, ln(u) + (x - (u - 1.0)) / u)");
        }
    }

    fn sine(&mut self) {
        let w = self.words;
        self.line("");
        let _ = writeln!(
            self.out,
            "FRAC_2_PI = {:?}  # 2/π",
            std::f64::consts::FRAC_2_PI
        );
        let _ = writeln!(
            self.out,
            "PIO2_1, PIO2_2, PIO2_3 = {:?}, {:?}, {:?}  # {}",
            math::PIO2_1,
            math::PIO2_2,
            math::PIO2_3,
            w.pio2
        );
        let _ = writeln!(
            self.out,
            "SIN_SERIES = {}  # −1/3!, 1/5!, … −1/19!",
            list(&math::SIN_SERIES)
        );
        let _ = writeln!(
            self.out,
            "COS_SERIES = {}  # 1/4!, −1/6!, … 1/20!",
            list(&math::COS_SERIES)
        );
        self.line("");
        self.line("def sin(x):");
        let _ = writeln!(self.out, "    # {}", w.sin);
        self.line("    t = np.asarray(x * FRAC_2_PI + ROUNDER, dtype=np.float64)");
        self.line("    k = t - ROUNDER");
        self.line("    quadrant = (t.view(np.int64) - ROUNDER_BITS) & 3");
        self.line("    r = ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3");
        self.line("    r2 = r * r");
        self.line("    p = SIN_SERIES[8]");
        self.line("    for c in reversed(SIN_SERIES[:8]):");
        self.line("        p = c + r2 * p");
        self.line("    sine = r + r * r2 * p");
        self.line("    p = COS_SERIES[8]");
        self.line("    for c in reversed(COS_SERIES[:8]):");
        self.line("        p = c + r2 * p");
        self.line("    cosine = 1.0 - (0.5 * r2 - r2 * r2 * p)");
        self.line("    value = np.where(quadrant % 2 == 0, sine, cosine)");
        self.line("    return np.where(quadrant >= 2, -value, value)");
    }
}
