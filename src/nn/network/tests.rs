use super::*;
use crate::names::Choice;
use crate::nn::{loss, reference};

fn loss_at(net: &mut Network, x: &[f64], y: f64) -> f64 {
    loss::squared_error(net.forward(x)[0], y)
}

/// Every activation, several shapes: backprop equals central finite differences.
#[test]
fn gradients_match_finite_differences() {
    let shapes: [&[usize]; 5] = [&[], &[3], &[4, 2], &[5, 3, 4], &[2, 2, 2, 2]];
    let mut rng = Rng::new(7);
    for act in Activation::all() {
        for (s, hidden) in shapes.iter().enumerate() {
            for output in [Activation::Tanh, Activation::Linear, Activation::Sigmoid] {
                let n_in = 2 + s % 3;
                let mut net = Network::new(n_in, hidden, 1, act, output, &mut rng);
                // Larger weights than the default make the test more demanding.
                for p in 0..net.param_count() {
                    let v = net.param(p) * 3.0;
                    net.set_param(p, v);
                }
                let x: Vec<f64> = (0..n_in).map(|_| rng.uniform(-1.5, 1.5)).collect();
                let y = 0.7;
                let out = net.forward(&x)[0];
                net.backward(&[loss::squared_error_derivative(out, y)]);
                let h = 1e-5;
                for p in 0..net.param_count() {
                    let v = net.param(p);
                    net.set_param(p, v + h);
                    let up = loss_at(&mut net, &x, y);
                    net.set_param(p, v - h);
                    let down = loss_at(&mut net, &x, y);
                    net.set_param(p, v);
                    let numeric = (up - down) / (2.0 * h);
                    let analytic = net.grad(p);
                    let scale = numeric.abs().max(analytic.abs()).max(1e-4);
                    let rel = (numeric - analytic).abs() / scale;
                    assert!(
                        rel < 1e-6,
                        "{act:?}/{output:?} shape {hidden:?} param {p}: \
                         numeric {numeric} analytic {analytic} (rel {rel})"
                    );
                }
            }
        }
    }
}

/// The reference pass of one sample (`nn::reference`): its output, and its gradients
/// added to `grads`.
fn reference_sample(net: &Network, x: &[f64], y: f64, grads: &mut [f64]) -> f64 {
    let pass = reference::forward(net, x);
    let out = pass.output()[0];
    let delta = reference::deltas(net, &pass, &[loss::squared_error_derivative(out, y)]);
    reference::add_gradients(net, &pass, &delta, grads);
    out
}

/// The batched passes do each sample's arithmetic exactly as the plain reference does.
#[test]
fn batched_passes_equal_the_one_sample_reference_bit_for_bit() {
    let mut rng = Rng::new(23);
    for act in Activation::all() {
        let mut net = Network::new(3, &[5, 4], 1, act, Activation::Tanh, &mut rng);
        let batch = 7;
        let xs: Vec<f64> = (0..batch * 3).map(|_| rng.uniform(-3.0, 3.0)).collect();
        let ys: Vec<f64> = (0..batch)
            .map(|s| if s % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let mut expected = vec![0.0; net.param_count()];
        let outs: Vec<f64> = (0..batch)
            .map(|s| reference_sample(&net, &xs[s * 3..s * 3 + 3], ys[s], &mut expected))
            .collect();
        net.forward_batch(|i, s| xs[s * 3 + i], batch);
        let got: Vec<u64> = net.output().iter().map(|v| v.to_bits()).collect();
        assert_eq!(got, outs.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
        let d: Vec<f64> = (0..batch)
            .map(|s| loss::squared_error_derivative(outs[s], ys[s]))
            .collect();
        net.backward_batch(|_, s| d[s]);
        for (p, e) in expected.iter().enumerate() {
            assert_eq!(net.grad(p).to_bits(), e.to_bits(), "{act:?} parameter {p}");
        }
    }
}

/// One sample's gradient-descent update is the reference's θ ← θ − η ∂L/∂θ, bit for
/// bit, with and without the fast path's shortcuts.
#[test]
fn a_one_sample_update_equals_the_reference_step_bit_for_bit() {
    let mut rng = Rng::new(41);
    for act in Activation::all() {
        let mut net = Network::new(2, &[3, 2], 1, act, Activation::Sigmoid, &mut rng);
        let mut expected = net.clone();
        let x = [0.8, -1.3];
        let mut grads = vec![0.0; net.param_count()];
        reference_sample(&expected, &x, 1.0, &mut grads);
        reference::step(&mut expected, &grads, 0.3);
        let out = net.forward(&x)[0];
        net.backward(&[loss::squared_error_derivative(out, 1.0)]);
        net.apply_gradients(0.3);
        for p in 0..net.param_count() {
            assert_eq!(
                net.param(p).to_bits(),
                expected.param(p).to_bits(),
                "{act:?} {p}"
            );
        }
    }
}

#[test]
fn an_update_lowers_the_loss_of_its_sample() {
    let mut rng = Rng::new(3);
    let mut net = Network::new(2, &[4, 2], 1, Activation::Tanh, Activation::Tanh, &mut rng);
    let x = [0.5, -1.0];
    let before = loss_at(&mut net, &x, 1.0);
    let out = net.forward(&x)[0];
    net.backward(&[loss::squared_error_derivative(out, 1.0)]);
    net.apply_gradients(0.1);
    assert!(loss_at(&mut net, &x, 1.0) < before);
    assert!((0..net.param_count()).all(|p| net.grad(p) == 0.0));
}

/// The regularised objective J = (1/n)Σ½(a − y)² + λ·ΣR(w): its gradient, data part
/// from backprop plus λ·R'(w) on the weights, equals central finite differences of J,
/// and one update is exactly θ − η·∂J/∂θ (away from L1's stop at zero).
#[test]
fn regularised_gradients_match_finite_differences_including_the_penalty() {
    let mut rng = Rng::new(31);
    let xs: Vec<f64> = (0..4 * 2).map(|_| rng.uniform(-2.0, 2.0)).collect();
    let ys = [1.0, -1.0, 0.5, -0.3];
    let objective = |net: &mut Network, reg: Regularization, rate: f64| {
        let mut sum = 0.0;
        for (s, &y) in ys.iter().enumerate() {
            sum += loss::squared_error(net.forward(&xs[s * 2..s * 2 + 2])[0], y);
        }
        sum / ys.len() as f64 + rate * net.penalty(reg)
    };
    for reg in [Regularization::L1, Regularization::L2] {
        let rate = 0.03;
        let mut net = Network::new(2, &[3, 2], 1, Activation::Tanh, Activation::Tanh, &mut rng);
        net.forward_batch(|i, s| xs[s * 2 + i], ys.len());
        let outs = net.output().to_vec();
        net.backward_batch(|_, s| loss::squared_error_derivative(outs[s], ys[s]));
        let n = ys.len() as f64;
        let analytic: Vec<f64> = (0..net.param_count())
            .map(|p| {
                let penalty = if net.is_weight(p) {
                    rate * reg.derivative(net.param(p))
                } else {
                    0.0
                };
                net.grad(p) / n + penalty
            })
            .collect();
        let h = 1e-6;
        let mut probe = net.clone();
        for (p, &a) in analytic.iter().enumerate() {
            let v = probe.param(p);
            probe.set_param(p, v + h);
            let up = objective(&mut probe, reg, rate);
            probe.set_param(p, v - h);
            let down = objective(&mut probe, reg, rate);
            probe.set_param(p, v);
            let numeric = (up - down) / (2.0 * h);
            let scale = numeric.abs().max(a.abs()).max(1e-4);
            assert!(
                (numeric - a).abs() / scale < 1e-6,
                "{reg:?} parameter {p}: numeric {numeric}, analytic {a}"
            );
        }
        let before: Vec<f64> = (0..net.param_count()).map(|p| net.param(p)).collect();
        let eta = 0.1;
        net.apply_gradients_regularized(eta, reg, rate);
        for (p, (&b, &g)) in before.iter().zip(&analytic).enumerate() {
            let expected = b - eta * g;
            assert!(
                (net.param(p) - expected).abs() < 1e-15,
                "{reg:?} parameter {p}: {} vs {expected}",
                net.param(p)
            );
        }
    }
}

/// Softmax outputs: squared error through the softmax's Jacobian, and cross-entropy
/// from δ = a − t (sigmoid and softmax), against central finite differences.
#[test]
fn softmax_and_cross_entropy_gradients_match_finite_differences() {
    let mut rng = Rng::new(41);
    let x = [0.7, -1.2];
    for case in 0..3 {
        let (n_out, act, softmax) = match case {
            0 | 1 => (3, Activation::Linear, true),
            _ => (1, Activation::Sigmoid, false),
        };
        let mut net = Network::new(2, &[4], n_out, Activation::Tanh, act, &mut rng);
        net.layers[1].softmax = softmax;
        for p in 0..net.param_count() {
            let v = net.param(p) * 3.0;
            net.set_param(p, v);
        }
        let class = 2;
        let t = |j: usize| {
            if n_out == 1 {
                1.0
            } else {
                f64::from(u8::from(j == class))
            }
        };
        let loss_of = |net: &mut Network| -> f64 {
            net.forward(&x);
            let out = &net.layers[1];
            match case {
                0 => (0..n_out)
                    .map(|j| loss::squared_error(out.a[j], t(j)))
                    .sum(),
                1 => loss::softmax_cross_entropy(&out.z, class),
                _ => loss::binary_cross_entropy(out.z[0], 1.0),
            }
        };
        net.forward(&x);
        let a = net.output().to_vec();
        if case == 0 {
            net.backward_batch(|j, _| a[j] - t(j));
        } else {
            net.backward_batch_from_delta(|j, _| a[j] - t(j));
        }
        let h = 1e-6;
        for p in 0..net.param_count() {
            let v = net.param(p);
            let mut probe = net.clone();
            probe.set_param(p, v + h);
            let up = loss_of(&mut probe);
            probe.set_param(p, v - h);
            let down = loss_of(&mut probe);
            let numeric = (up - down) / (2.0 * h);
            let analytic = net.grad(p);
            let scale = numeric.abs().max(analytic.abs()).max(1e-4);
            assert!(
                (numeric - analytic).abs() / scale < 1e-6,
                "case {case} parameter {p}: numeric {numeric} analytic {analytic}"
            );
        }
        // The softmax outputs are probabilities.
        if softmax {
            assert!((a.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        }
    }
}

#[test]
fn weight_and_bias_numbers_match_param() {
    let mut rng = Rng::new(2);
    let net = Network::new(3, &[4, 2], 1, Activation::Tanh, Activation::Tanh, &mut rng);
    assert_eq!(
        net.param(net.weight_index(1, 1, 3).unwrap()),
        net.layers[1].weights[7]
    );
    assert_eq!(
        net.param(net.bias_index(2, 0).unwrap()),
        net.layers[2].bias[0]
    );
    assert!(net.weight_index(0, 4, 0).is_none());
    assert!(net.bias_index(3, 0).is_none());
    assert_eq!(net.bias_index(2, 0).unwrap() + 1, net.param_count());
}

#[test]
fn init_zero_starts_every_weight_at_zero() {
    let net = Network::with_init(2, &[4], 1, Activation::Tanh, Activation::Tanh, Init::Zero);
    assert!(net
        .layers
        .iter()
        .all(|l| l.weights.iter().all(|&w| w == 0.0)));
    assert!(net.layers.iter().all(|l| l.bias.iter().all(|&b| b == 0.1)));
}

#[test]
fn initialisation_follows_tfp() {
    let mut rng = Rng::new(11);
    let net = Network::new(7, &[8, 8], 1, Activation::Tanh, Activation::Tanh, &mut rng);
    for layer in &net.layers {
        assert!(layer.weights.iter().all(|w| (-0.5..0.5).contains(w)));
        assert!(layer.bias.iter().all(|&b| b == 0.1));
    }
    assert_eq!(net.param_count(), 7 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
}
