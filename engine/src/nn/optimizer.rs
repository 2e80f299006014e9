//! Optimisers: how a gradient becomes a step. Each parameter keeps its own state (a
//! velocity for momentum, two moment estimates for Adam); switching optimiser clears it
//! and keeps the weights.

use super::Regularization;
use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
pub enum Optimizer {
    /// θ ← θ − η·g
    #[default]
    Sgd,
    /// v ← β·v − η·g; θ ← θ + v
    Momentum,
    /// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
    /// θ ← θ − η·m̂/(√v̂ + ε)
    Adam,
}

/// How training descends, the settings that apply live (from the next epoch on, the
/// weights kept): the mini-batch, the penalty, the optimiser and its constants. The
/// page's config holds exactly this (flattened: TFP's keys), and every update reads it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Training {
    /// Penalty on the weights: none, L1 or L2.
    pub regularization: Regularization,
    /// Samples per gradient step, 1 to 100.
    pub batch_size: usize,
    /// η, from 0.00001 to 10.
    pub learning_rate: f64,
    /// λ, from 0 to 10.
    pub regularization_rate: f64,
    /// How gradients become steps: sgd, momentum or adam.
    pub optimizer: Optimizer,
    /// β of momentum, 0 to 0.999.
    pub momentum: f64,
    /// Adam's β₁ and β₂ (0 to 0.9999) and ε (0 to 1, not 0).
    pub beta1: f64,
    pub beta2: f64,
    pub epsilon: f64,
}

impl Default for Training {
    /// TFP's (batch 10, η = 0.03, no penalty, plain gradient descent), and the usual
    /// constants of momentum and Adam.
    fn default() -> Training {
        Training {
            regularization: Regularization::None,
            batch_size: 10,
            learning_rate: 0.03,
            regularization_rate: 0.0,
            optimizer: Optimizer::Sgd,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
        }
    }
}

impl Training {
    /// Plain gradient descent at rate η, without a penalty.
    pub fn sgd(learning_rate: f64) -> Training {
        Training {
            learning_rate,
            ..Training::default()
        }
    }

    /// Updates parameters `theta` from their gradients summed over `n` samples (`sums`,
    /// cleared), with the optimiser's state `m`, `v` and the step number `t` (from 1).
    /// `penalized`: these are weights, which the penalty λ·R(w) applies to (in plain
    /// gradient descent as its own step, `Regularization::penalize`, where L1 stops a
    /// weight at zero; with momentum and Adam, λ·R'(w) joins the gradient). Biases are not
    /// penalised. The choice of optimiser is made once per layer, so the loops vectorise.
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &self,
        theta: &mut [f64],
        sums: &mut [f64],
        m: &mut [f64],
        v: &mut [f64],
        n: f64,
        t: u64,
        penalized: bool,
    ) {
        let eta = self.learning_rate;
        let (penalty, rate) = (self.regularization, self.regularization_rate);
        let penalty_step = penalized && penalty != Regularization::None && rate != 0.0;
        let params = theta.iter_mut().zip(sums.iter_mut());
        match self.optimizer {
            Optimizer::Sgd if !penalty_step => {
                for (w, g) in params {
                    *w = sgd(*w, *g / n, eta);
                    *g = 0.0;
                }
            }
            Optimizer::Sgd => {
                for (w, g) in params {
                    *w = penalty.penalize(*w, sgd(*w, *g / n, eta), eta, rate);
                    *g = 0.0;
                }
            }
            _ => {
                // Adam's bias corrections depend on the step only: once per update.
                let corrections = self.corrections(t);
                for ((w, g), (m, v)) in params.zip(m.iter_mut().zip(v.iter_mut())) {
                    let mean = *g / n;
                    let grad = if penalized {
                        mean + rate * penalty.derivative(*w)
                    } else {
                        mean
                    };
                    *w = self.step_corrected(*w, grad, m, v, corrections);
                    *g = 0.0;
                }
            }
        }
    }

    /// One parameter's step for gradient `g` (the mean data gradient plus any penalty
    /// term), given its state `m`, `v` and the step number `t` (from 1). Returns the new
    /// value.
    #[inline]
    pub fn step(&self, theta: f64, g: f64, m: &mut f64, v: &mut f64, t: u64) -> f64 {
        self.step_corrected(theta, g, m, v, self.corrections(t))
    }

    /// Adam's bias corrections at step `t`: (1 − β₁ᵗ, 1 − β₂ᵗ).
    fn corrections(&self, t: u64) -> (f64, f64) {
        match self.optimizer {
            Optimizer::Adam => (
                1.0 - super::math::powi(self.beta1, t),
                1.0 - super::math::powi(self.beta2, t),
            ),
            _ => (1.0, 1.0),
        }
    }

    #[inline(always)]
    fn step_corrected(
        &self,
        theta: f64,
        g: f64,
        m: &mut f64,
        v: &mut f64,
        corrections: (f64, f64),
    ) -> f64 {
        match self.optimizer {
            Optimizer::Sgd => sgd(theta, g, self.learning_rate),
            Optimizer::Momentum => momentum(theta, g, m, self.learning_rate, self.momentum),
            Optimizer::Adam => self.adam(theta, g, m, v, corrections),
        }
    }

    /// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
    /// θ ← θ − η·m̂/(√v̂ + ε), with (1−β₁ᵗ, 1−β₂ᵗ) = `corrections` (`Training::corrections`).
    #[inline(always)]
    fn adam(&self, theta: f64, g: f64, m: &mut f64, v: &mut f64, (c1, c2): (f64, f64)) -> f64 {
        *m = self.beta1 * *m + (1.0 - self.beta1) * g;
        *v = self.beta2 * *v + (1.0 - self.beta2) * g * g;
        let m_hat = *m / c1;
        let v_hat = *v / c2;
        theta - self.learning_rate * m_hat / (v_hat.sqrt() + self.epsilon)
    }
}

/// Plain gradient descent: θ ← θ − η·g. (Each optimiser's formula is written once: here,
/// in `momentum` and in `Training::adam`.)
#[inline(always)]
fn sgd(theta: f64, g: f64, eta: f64) -> f64 {
    theta - eta * g
}

/// Momentum: v ← β·v − η·g; θ ← θ + v.
#[inline(always)]
fn momentum(theta: f64, g: f64, velocity: &mut f64, eta: f64, beta: f64) -> f64 {
    *velocity = beta * *velocity - eta * g;
    theta + *velocity
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Adam's first two steps, worked by hand from the formulas (with bias correction).
    #[test]
    fn adams_first_steps_match_the_formulas_by_hand() {
        let s = Training {
            optimizer: Optimizer::Adam,
            learning_rate: 0.1,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            ..Training::sgd(0.1)
        };
        let (mut m, mut v) = (0.0, 0.0);
        // t = 1, g = 0.5: m = 0.05, v = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
        // θ = 1 − 0.1·0.5/(0.5 + 1e-8)
        let theta = s.step(1.0, 0.5, &mut m, &mut v, 1);
        assert!((m - 0.05).abs() < 1e-15 && (v - 0.00025).abs() < 1e-15);
        let expected = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8);
        assert!((theta - expected).abs() < 1e-15, "{theta} vs {expected}");
        // t = 2, g = −1: m = 0.045 − 0.1 = −0.055, v = 0.00024975 + 0.001 = 0.00124975;
        // m̂ = −0.055/0.19, v̂ = 0.00124975/0.001999
        let theta2 = s.step(theta, -1.0, &mut m, &mut v, 2);
        let m_hat = -0.055 / (1.0 - 0.81);
        let v_hat: f64 = 0.00124975 / (1.0 - 0.998001);
        let expected2 = theta - 0.1 * m_hat / (v_hat.sqrt() + 1e-8);
        assert!((m + 0.055).abs() < 1e-15, "{m}");
        assert!((v - 0.00124975).abs() < 1e-15, "{v}");
        assert!(
            (theta2 - expected2).abs() < 1e-12,
            "{theta2} vs {expected2}"
        );
    }

    #[test]
    fn momentum_accumulates_a_velocity() {
        let s = Training {
            optimizer: Optimizer::Momentum,
            momentum: 0.5,
            ..Training::sgd(0.1)
        };
        let (mut m, mut v) = (0.0, 0.0);
        let a = s.step(0.0, 1.0, &mut m, &mut v, 1); // v = −0.1
        let b = s.step(a, 1.0, &mut m, &mut v, 2); // v = −0.05 − 0.1 = −0.15
        assert!(
            (a + 0.1).abs() < 1e-15 && (b + 0.25).abs() < 1e-15,
            "{a} {b}"
        );
        assert_eq!(
            Training::sgd(0.1).step(1.0, 2.0, &mut 0.0, &mut 0.0, 1),
            0.8
        );
    }
}
