//! The text mode's network: the embedding's look-up and scatter-add, against the plain
//! one-sample reference (bit for bit) and central finite differences.

use super::*;
use crate::names::Choice;
use crate::nn::{loss, reference, Optimizer};

const V: usize = 7;
const D: usize = 3;
const K: usize = 4;

/// A text network with dropout in both hidden layers, a switched-off neuron and a frozen
/// one, its numbers scaled by `scale`.
fn text_network(rng: &mut Rng, act: Activation, scale: f64) -> Network {
    let mut net = Network::text(V, D, K, &[6, 5], act, Init::Random(rng));
    for p in 0..net.param_count() {
        let v = net.param(p) * scale;
        net.set_param(p, v);
    }
    net.set_neuron(0, 1, true, false);
    net.set_neuron(1, 2, false, true);
    net
}

/// `batch` contexts of K symbols (`ctx[s * K + slot]`), some with a symbol repeated (as
/// the boundary symbol is at a word's start), and their next symbols.
fn contexts(rng: &mut Rng, batch: usize) -> (Vec<usize>, Vec<usize>) {
    let mut ctx: Vec<usize> = (0..batch * K).map(|_| rng.below(V)).collect();
    for s in (0..batch).step_by(2) {
        ctx[s * K + 1] = ctx[s * K];
    }
    (ctx, (0..batch).map(|_| rng.below(V)).collect())
}

fn one_hot(t: usize) -> impl Fn(usize) -> f64 {
    move |j| f64::from(u8::from(j == t))
}

#[test]
fn the_text_network_is_an_embedding_a_context_wide_input_and_a_softmax() {
    let mut rng = Rng::new(1);
    let net = Network::text(27, 10, 3, &[200], Activation::Tanh, Init::Random(&mut rng));
    let e = net.embedding.as_ref().unwrap();
    assert_eq!((e.vocab, e.dim, e.context, e.inputs()), (27, 10, 3, 30));
    assert_eq!(net.layers[0].n_in, 30);
    let out = net.layers.last().unwrap();
    assert!(out.softmax && out.activation == Activation::Linear && out.n_out == 27);
    // makemore's model: 27·10 + (30·200 + 200) + (200·27 + 27) = 11,897 parameters.
    assert_eq!(net.param_count(), 11_897);
    // The table's numbers come first, then each layer's weights and biases.
    assert_eq!(net.param(0), e.table[0]);
    assert_eq!(net.param(269), e.table[269]);
    assert_eq!(net.param(270), net.layers[0].weights[0]);
    assert_eq!(net.weight_index(0, 0, 0), Some(270));
    assert!(net.is_weight(5) && !net.is_held(5));
}

/// With dropout, a switched-off and a frozen neuron and repeated symbols, the batched
/// passes do each sample's arithmetic exactly as the reference: the look-up, the
/// softmax, every δ, and the scatter-add into C.
#[test]
fn batched_text_passes_equal_the_one_sample_reference_bit_for_bit() {
    let mut rng = Rng::new(53);
    for act in Activation::all() {
        let mut net = text_network(&mut rng, act, 2.0);
        net.set_dropout(0, 0.4);
        net.set_dropout(1, 0.2);
        let batch = 11;
        let (ctx, next) = contexts(&mut rng, batch);
        let mut drops = Rng::new(8);
        net.forward_context(|slot, s| ctx[s * K + slot], batch, Some(&mut drops));
        let p: Vec<f64> = net.output().to_vec();
        let delta: Vec<f64> = (0..V * batch)
            .map(|k| p[k] - one_hot(next[k % batch])(k / batch))
            .collect();
        net.backward_batch_from_delta(|j, s| delta[j * batch + s]);
        let mut expected = vec![0.0; net.param_count()];
        let hidden = &net.layers[..2];
        for s in 0..batch {
            let keep: Vec<Vec<f64>> = hidden
                .iter()
                .map(|l| (0..l.n_out).map(|j| l.keep[j * batch + s]).collect())
                .collect();
            let context = &ctx[s * K..(s + 1) * K];
            let x = reference::embed(&net, context);
            let pass = reference::forward_dropped(&net, &x, &keep);
            let probs = reference::softmax(&pass.z[2]);
            for (j, q) in probs.iter().enumerate() {
                assert_eq!(q.to_bits(), p[j * batch + s].to_bits(), "{act:?} {s} {j}");
            }
            let t = one_hot(next[s]);
            let out: Vec<f64> = probs.iter().enumerate().map(|(j, q)| q - t(j)).collect();
            let delta = reference::deltas_from_output(&net, &pass, &out, &keep);
            reference::add_gradients(&net, &pass, &delta, &mut expected);
            reference::add_embedding_gradients(&net, context, &delta, &mut expected);
        }
        for (k, e) in expected.iter().enumerate() {
            assert_eq!(net.grad(k).to_bits(), e.to_bits(), "{act:?} parameter {k}");
        }
        // Only the rows looked up have a gradient.
        let seen: Vec<bool> = (0..V).map(|c| ctx.contains(&c)).collect();
        let e = net.embedding.as_ref().unwrap();
        for (c, &seen) in seen.iter().enumerate() {
            let any = e.grad[c * D..(c + 1) * D].iter().any(|&g| g != 0.0);
            assert_eq!(any, seen, "{act:?} row {c}");
        }
    }
}

/// −ln p_t through the softmax, every layer and the embedding: backprop equals central
/// finite differences for every number of C, W and b (a repeated symbol's row gets both
/// slots' gradients).
#[test]
fn text_gradients_match_finite_differences() {
    let mut rng = Rng::new(59);
    for act in Activation::all() {
        let mut net = text_network(&mut rng, act, 2.0);
        let (ctx, next) = contexts(&mut rng, 1);
        let loss_of = |net: &mut Network| {
            net.forward_context(|slot, _| ctx[slot], 1, None);
            loss::softmax_cross_entropy(&net.layers[2].z, next[0])
        };
        loss_of(&mut net);
        let p = net.output().to_vec();
        let t = one_hot(next[0]);
        net.backward_batch_from_delta(|j, _| p[j] - t(j));
        // The loss is a few nats: differences of 1e-5 leave ~1e-11 of rounding and of
        // truncation, so gradients below 1e-3 are compared absolutely.
        let h = 1e-5;
        for k in 0..net.param_count() {
            let v = net.param(k);
            let mut probe = net.clone();
            probe.set_param(k, v + h);
            let up = loss_of(&mut probe);
            probe.set_param(k, v - h);
            let down = loss_of(&mut probe);
            let numeric = (up - down) / (2.0 * h);
            let analytic = net.grad(k);
            let scale = numeric.abs().max(analytic.abs()).max(1e-3);
            assert!(
                (numeric - analytic).abs() / scale < 1e-6,
                "{act:?} parameter {k}: numeric {numeric} analytic {analytic}"
            );
        }
    }
}

/// One sample's plain gradient step is the reference's θ ← θ − η ∂L/∂θ, bit for bit,
/// the table's rows not looked up untouched; every optimiser and the penalty move the
/// table as they move the weights, and undoing an epoch puts the table back.
#[test]
fn updates_move_the_table_as_the_weights_and_undoing_restores_it() {
    let mut rng = Rng::new(61);
    let mut net = text_network(&mut rng, Activation::Tanh, 1.0);
    let mut expected = net.clone();
    let context = [3, 3, 0, 5];
    net.forward_context(|slot, _| context[slot], 1, None);
    let p = net.output().to_vec();
    let t = one_hot(2);
    net.backward_batch_from_delta(|j, _| p[j] - t(j));
    let x = reference::embed(&expected, &context);
    let pass = reference::forward(&expected, &x);
    let out: Vec<f64> = reference::softmax(&pass.z[2])
        .iter()
        .enumerate()
        .map(|(j, q)| q - t(j))
        .collect();
    let delta = reference::deltas_from_output(&expected, &pass, &out, &[]);
    let mut grads = vec![0.0; expected.param_count()];
    reference::add_gradients(&expected, &pass, &delta, &mut grads);
    reference::add_embedding_gradients(&expected, &context, &delta, &mut grads);
    reference::step(&mut expected, &grads, 0.3);
    let before = net.clone();
    net.update(&Training::sgd(0.3));
    for k in 0..net.param_count() {
        assert_eq!(net.param(k).to_bits(), expected.param(k).to_bits(), "{k}");
    }
    let rows_moved: Vec<usize> = (0..V)
        .filter(|&c| (0..D).any(|e| net.param(c * D + e) != before.param(c * D + e)))
        .collect();
    assert_eq!(rows_moved, [0, 3, 5]);

    for optimizer in [Optimizer::Sgd, Optimizer::Momentum, Optimizer::Adam] {
        let settings = Training {
            optimizer,
            regularization: Regularization::L2,
            regularization_rate: 0.01,
            ..Training::sgd(0.1)
        };
        let mut saved = NetworkState::default();
        net.save_state(&mut saved);
        let start = net.clone();
        for step in 0..3 {
            net.forward_context(|slot, _| (context[slot] + step) % V, 1, None);
            let p = net.output().to_vec();
            net.backward_batch_from_delta(|j, _| p[j] - t(j));
            net.update(&settings);
        }
        // The penalty moves even the rows never looked up.
        let e = net.embedding.as_ref().unwrap();
        let e0 = start.embedding.as_ref().unwrap();
        assert!(
            e.table.iter().zip(&e0.table).all(|(a, b)| a != b),
            "{optimizer:?}"
        );
        if optimizer != Optimizer::Sgd {
            assert!(e.m.iter().any(|&m| m != 0.0), "{optimizer:?} keeps a state");
        }
        net.restore_state(&saved);
        for k in 0..net.param_count() {
            assert_eq!(net.param(k).to_bits(), start.param(k).to_bits(), "{k}");
        }
        let e = net.embedding.as_ref().unwrap();
        assert_eq!(e.m, e0.m);
        assert_eq!(e.v, e0.v);
    }
}
