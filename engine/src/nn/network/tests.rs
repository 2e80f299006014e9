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

/// A network with a switched-off neuron, a frozen one and dropout in both hidden layers.
fn masked_network(rng: &mut Rng, act: Activation) -> Network {
    let mut net = Network::new(3, &[5, 4], 1, act, Activation::Tanh, rng);
    net.set_neuron(0, 1, true, false);
    net.set_neuron(1, 2, false, true);
    net.set_dropout(0, 0.5);
    net.set_dropout(1, 0.3);
    net
}

/// Sample s's dropout factors from the layers' masks of the last training pass.
fn masks_of(net: &Network, s: usize, batch: usize) -> Vec<Vec<f64>> {
    let hidden = &net.layers[..net.layers.len() - 1];
    hidden
        .iter()
        .map(|l| (0..l.n_out).map(|j| l.keep[j * batch + s]).collect())
        .collect()
}

/// With dropout and a switched-off neuron, the batched passes still do each sample's
/// arithmetic exactly as the reference does with that sample's masks.
#[test]
fn batched_passes_with_dropout_and_masks_equal_the_reference_bit_for_bit() {
    let mut rng = Rng::new(29);
    for act in Activation::all() {
        let mut net = masked_network(&mut rng, act);
        let batch = 9;
        let xs: Vec<f64> = (0..batch * 3).map(|_| rng.uniform(-3.0, 3.0)).collect();
        let mut drops = Rng::new(5);
        net.forward_batch_training(|i, s| xs[s * 3 + i], batch, &mut drops);
        let outs: Vec<f64> = net.output().to_vec();
        let d: Vec<f64> = (0..batch)
            .map(|s| loss::squared_error_derivative(outs[s], 0.5))
            .collect();
        net.backward_batch(|_, s| d[s]);
        let mut expected = vec![0.0; net.param_count()];
        let mut dropped = 0;
        for s in 0..batch {
            let keep = masks_of(&net, s, batch);
            dropped += keep.iter().flatten().filter(|&&k| k == 0.0).count();
            let x = &xs[s * 3..s * 3 + 3];
            let pass = reference::forward_dropped(&net, x, &keep);
            assert_eq!(pass.output()[0].to_bits(), outs[s].to_bits(), "{act:?} {s}");
            assert_eq!(pass.a[1][1], 0.0, "the switched-off neuron's output");
            let delta = reference::deltas_dropped(&net, &pass, &[d[s]], &keep);
            reference::add_gradients(&net, &pass, &delta, &mut expected);
        }
        assert!(dropped > 10, "dropout dropped {dropped} of {}", batch * 9);
        for (p, e) in expected.iter().enumerate() {
            assert_eq!(net.grad(p).to_bits(), e.to_bits(), "{act:?} parameter {p}");
        }
    }
}

/// Dropout's gradient, its mask held fixed, is the derivative of the loss of that
/// masked network: equal to central finite differences.
#[test]
fn dropout_gradients_with_the_mask_fixed_match_finite_differences() {
    let mut rng = Rng::new(31);
    for act in Activation::all() {
        for trial in 0..4 {
            let mut net = masked_network(&mut rng, act);
            for p in 0..net.param_count() {
                let v = net.param(p) * 2.5;
                net.set_param(p, v);
            }
            let x: Vec<f64> = (0..3).map(|_| rng.uniform(-1.5, 1.5)).collect();
            let mut drops = Rng::new(100 + trial);
            net.forward_batch_training(|i, _| x[i], 1, &mut drops);
            let keep = masks_of(&net, 0, 1);
            let out = net.output()[0];
            net.backward(&[loss::squared_error_derivative(out, 0.7)]);
            let loss_of = |net: &Network| {
                let out = reference::forward_dropped(net, &x, &keep).output()[0];
                loss::squared_error(out, 0.7)
            };
            let h = 1e-5;
            for p in 0..net.param_count() {
                let v = net.param(p);
                net.set_param(p, v + h);
                let up = loss_of(&net);
                net.set_param(p, v - h);
                let down = loss_of(&net);
                net.set_param(p, v);
                let numeric = (up - down) / (2.0 * h);
                let analytic = net.grad(p);
                let scale = numeric.abs().max(analytic.abs()).max(1e-4);
                assert!(
                    (numeric - analytic).abs() / scale < 1e-6,
                    "{act:?} trial {trial} param {p}: numeric {numeric} analytic {analytic}"
                );
            }
        }
    }
}

/// An update leaves a switched-off neuron's incoming weights, bias and outgoing weights,
/// and a frozen neuron's incoming weights and bias, exactly as they were (with momentum
/// and an L2 penalty, which would move a weight whose gradient is 0); every other
/// parameter moves.
#[test]
fn updates_hold_switched_off_and_frozen_neurons_parameters() {
    let mut rng = Rng::new(37);
    let mut net = masked_network(&mut rng, Activation::Tanh);
    let settings = Training {
        optimizer: crate::nn::Optimizer::Momentum,
        regularization: Regularization::L2,
        regularization_rate: 0.1,
        ..Training::sgd(0.2)
    };
    let before = net.clone();
    let mut drops = Rng::new(9);
    for step in 0..20 {
        let x = [0.3 * step as f64 - 2.0, 1.0, -0.5];
        net.forward_batch_training(|i, _| x[i], 1, &mut drops);
        let out = net.output()[0];
        net.backward(&[loss::squared_error_derivative(out, 1.0)]);
        net.update(&settings);
    }
    let mut moved = 0;
    for p in 0..net.param_count() {
        let (l, weight, k) = net.locate(p);
        let layer = &net.layers[l];
        let (j, i) = match weight {
            true => (k / layer.n_in, Some(k % layer.n_in)),
            false => (k, None),
        };
        let held = (l == 0 && j == 1) || (l == 1 && i == Some(1)) || (l == 1 && j == 2);
        assert_eq!(net.is_held(p), held, "parameter {p}");
        if held {
            assert_eq!(net.param(p).to_bits(), before.param(p).to_bits(), "{p}");
        } else {
            moved += usize::from(net.param(p) != before.param(p));
        }
    }
    let free = (0..net.param_count()).filter(|&p| !net.is_held(p)).count();
    assert_eq!(moved, free, "every other parameter moved");
    // The frozen neuron's outgoing weight learns.
    let out = &net.layers[2];
    assert_ne!(out.weights[2], before.layers[2].weights[2]);
}

/// Without dropout nothing is drawn: a training pass is the plain pass, bit for bit.
#[test]
fn a_training_pass_without_dropout_is_the_plain_pass() {
    let mut rng = Rng::new(43);
    let mut a = Network::new(2, &[4, 3], 1, Activation::Relu, Activation::Tanh, &mut rng);
    let mut b = a.clone();
    let xs = [0.4, -0.9, 1.2, 0.1, -0.3, 0.8];
    let mut drops = Rng::new(1);
    let untouched = drops.clone();
    a.forward_batch_training(|i, s| xs[s * 2 + i], 3, &mut drops);
    b.forward_batch(|i, s| xs[s * 2 + i], 3);
    assert_eq!(a.output(), b.output());
    assert_eq!(drops.next_u64(), untouched.clone().next_u64(), "no draw");
}
