//! Regularisation of the weights (never the biases, as in TFP): a penalty λ·R(w) added to
//! the loss the network descends. The loss shown to students is the data loss alone.

use serde::{Deserialize, Serialize};

/// TFP's URL values: `none`, `L1`, `L2`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
pub enum Regularization {
    #[default]
    #[serde(rename = "none")]
    None,
    L1,
    L2,
}

impl Regularization {
    /// R(w): 0, |w| or ½w².
    pub fn penalty(self, w: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => w.abs(),
            Regularization::L2 => 0.5 * w * w,
        }
    }

    /// R'(w): 0, sign(w) (0 at w = 0) or w.
    pub fn derivative(self, w: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => {
                if w > 0.0 {
                    1.0
                } else if w < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
            Regularization::L2 => w,
        }
    }

    /// The penalty's part of a plain gradient-descent step on weight `w`, after the data's
    /// part took it to `after_loss`: −η·λ·R'(w). With L1, a weight the penalty would carry
    /// across zero stops at zero; it is not frozen there: from 0, R'(0) = 0 and the next
    /// data gradient moves it again. (Momentum and Adam take λ·R'(w) into the gradient
    /// instead: `Training::update`.)
    #[inline]
    pub fn penalize(self, w: f64, after_loss: f64, learning_rate: f64, rate: f64) -> f64 {
        if self == Regularization::None || rate == 0.0 {
            return after_loss;
        }
        let next = after_loss - learning_rate * rate * self.derivative(w);
        if self == Regularization::L1 && after_loss * next < 0.0 {
            0.0
        } else {
            next
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Choice;
    use crate::nn::Training;

    /// One weight's plain gradient-descent step with this penalty (mean data gradient `g`).
    fn sgd_step(reg: Regularization, w: f64, g: f64, learning_rate: f64, rate: f64) -> f64 {
        let training = Training {
            regularization: reg,
            regularization_rate: rate,
            ..Training::sgd(learning_rate)
        };
        let (mut w, mut g) = ([w], [g]);
        training.update(&mut w, &mut g, &mut [0.0], &mut [0.0], 1.0, 1, true);
        w[0]
    }

    #[test]
    fn penalties_and_their_derivatives() {
        let h = 1e-6;
        for reg in Regularization::all() {
            for w in [-1.3, -0.2, 0.4, 2.0] {
                let numeric = (reg.penalty(w + h) - reg.penalty(w - h)) / (2.0 * h);
                assert!((numeric - reg.derivative(w)).abs() < 1e-8, "{reg:?} at {w}");
            }
        }
        assert_eq!(Regularization::L1.derivative(0.0), 0.0);
        assert_eq!(Regularization::L2.penalty(3.0), 4.5);
    }

    #[test]
    fn l1_stops_a_weight_at_zero_without_killing_it() {
        let l1 = Regularization::L1;
        // The penalty step (0.1 · 1 · sign) would carry 0.05 to −0.05: it stops at 0.
        assert_eq!(sgd_step(l1, 0.05, 0.0, 0.1, 1.0), 0.0);
        // At zero the penalty pulls no more, and a data gradient moves it again.
        assert_eq!(sgd_step(l1, 0.0, 0.0, 0.1, 1.0), 0.0);
        assert_eq!(sgd_step(l1, 0.0, -2.0, 0.1, 1.0), 0.2);
        // Away from zero, plain gradient descent on loss + λ|w|.
        assert!((sgd_step(l1, 1.0, 0.5, 0.1, 0.3) - (1.0 - 0.1 * (0.5 + 0.3))).abs() < 1e-15);
        // L2 is plain gradient descent on loss + λ·½w², across zero too.
        let l2 = Regularization::L2;
        assert!((sgd_step(l2, 0.05, 0.0, 0.1, 30.0) - (0.05 - 0.1 * 30.0 * 0.05)).abs() < 1e-15);
    }
}
