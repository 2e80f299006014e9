//! The worked-example inspector on the textbook example: a 3-2-1 sigmoid network, squared
//! error, plain gradient descent, X = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], y = [0, 1].

use nnlab::config::Problem;
use nnlab::config::{Experiment, Training};
use nnlab::data::Dataset;
use nnlab::nn::{Activation, Loss, Optimizer};
use nnlab::{Config, Trainer};

fn textbook() -> Trainer {
    let mut t = Trainer::new(Config {
        experiment: Experiment {
            dataset: Dataset::Textbook,
            problem: Problem::Classification,
            activation: Activation::Sigmoid,
            network_shape: vec![2],
            loss: Loss::Squared,
            ..Default::default()
        },
        training: Training {
            optimizer: Optimizer::Sgd,
            learning_rate: 0.5,
            batch_size: 1,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    // The weights of the worked example, set by hand: W¹ (2×3), b¹, W² (1×2), b².
    let params = [
        0.15, 0.20, 0.25, 0.30, 0.35, 0.40, // W¹, row by row
        0.35, 0.35, // b¹
        0.40, 0.45, // W²
        0.60, // b²
    ];
    for (p, v) in params.into_iter().enumerate() {
        t.set_param(p, v).unwrap();
    }
    t
}

fn sigma(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 1e-12, "{what}: {a} vs {b}");
}

#[test]
fn the_inspector_shows_the_hand_derived_numbers() {
    let mut t = textbook();
    assert_eq!(t.network().layers[1].activation, Activation::Sigmoid);
    assert_eq!(t.train_samples().len(), 2);
    let ins = t.inspect(1).expect("sample 1 exists");
    // Forward, by hand: x = (0.4, 0.5, 0.6), y = 1.
    let x = [0.4, 0.5, 0.6];
    let z1 = [
        0.15 * 0.4 + 0.20 * 0.5 + 0.25 * 0.6 + 0.35, // 0.66
        0.30 * 0.4 + 0.35 * 0.5 + 0.40 * 0.6 + 0.35, // 0.885
    ];
    close(z1[0], 0.66, "z¹₁ written out");
    let a1 = [sigma(z1[0]), sigma(z1[1])];
    let z2 = 0.40 * a1[0] + 0.45 * a1[1] + 0.60;
    let a2 = sigma(z2);
    let loss = 0.5 * (a2 - 1.0) * (a2 - 1.0);
    // Backward: δ² = (a² − y)·a²(1 − a²); δ¹_j = W²_j·δ²·a¹_j(1 − a¹_j).
    let d2 = (a2 - 1.0) * a2 * (1.0 - a2);
    let d1 = [
        0.40 * d2 * a1[0] * (1.0 - a1[0]),
        0.45 * d2 * a1[1] * (1.0 - a1[1]),
    ];
    assert_eq!(ins.input, x.to_vec());
    assert_eq!(ins.label, 1.0);
    assert_eq!(ins.target, vec![1.0]);
    close(ins.loss, loss, "L");
    let (h, o) = (&ins.layers[0], &ins.layers[1]);
    assert_eq!(
        h.activation,
        nnlab::train::Squash::Activation(Activation::Sigmoid)
    );
    assert_eq!(serde_json::to_value(h.activation).unwrap(), "sigmoid");
    for j in 0..2 {
        close(h.z[j], z1[j], "z¹");
        close(h.a[j], a1[j], "a¹");
        close(h.delta[j], d1[j], "δ¹");
        close(h.grad_bias[j], d1[j], "∂L/∂b¹");
        for (i, &x_i) in x.iter().enumerate() {
            close(h.grad_weights[j][i], d1[j] * x_i, "∂L/∂W¹");
            close(
                h.weights_after[j][i],
                h.weights[j][i] - 0.5 * d1[j] * x_i,
                "W¹ after",
            );
        }
        close(o.grad_weights[0][j], d2 * a1[j], "∂L/∂W²");
    }
    close(o.z[0], z2, "z²");
    close(o.a[0], a2, "a²");
    close(o.delta[0], d2, "δ²");
    close(o.bias_after[0], 0.60 - 0.5 * d2, "b² after");
    assert_eq!(ins.learning_rate, 0.5);
}

#[test]
fn the_inspectors_gradients_equal_finite_differences() {
    let mut t = textbook();
    for sample in 0..2 {
        let ins = t.inspect(sample).unwrap();
        let grads: Vec<f64> = ins
            .layers
            .iter()
            .flat_map(|l| l.grad_weights.iter().flatten().chain(&l.grad_bias))
            .copied()
            .collect();
        let h = 1e-6;
        for (p, &g) in grads.iter().enumerate() {
            let v = t.network().param(p);
            t.set_param(p, v + h).unwrap();
            let up = t.inspect(sample).unwrap().loss;
            t.set_param(p, v - h).unwrap();
            let down = t.inspect(sample).unwrap().loss;
            t.set_param(p, v).unwrap();
            let numeric = (up - down) / (2.0 * h);
            assert!(
                (numeric - g).abs() < 1e-9,
                "sample {sample} parameter {p}: numeric {numeric}, inspector {g}"
            );
        }
    }
}

#[test]
fn applying_the_inspected_step_equals_one_batch_of_one_training_step() {
    let mut t = textbook();
    let ins = t.inspect(0).unwrap();
    // The same step by the network's own training calls on a copy.
    let mut copy = t.network().clone();
    copy.forward(&[0.1, 0.2, 0.3]);
    let a = copy.output()[0];
    copy.backward(&[a - 0.0]);
    copy.apply_gradients(0.5);
    assert!(t.apply_inspected(0).is_ok());
    let after: Vec<f64> = ins
        .layers
        .iter()
        .flat_map(|l| l.weights_after.iter().flatten().chain(&l.bias_after))
        .copied()
        .collect();
    for (p, &expected) in after.iter().enumerate() {
        assert_eq!(
            t.network().param(p).to_bits(),
            expected.to_bits(),
            "parameter {p}"
        );
        assert_eq!(copy.param(p).to_bits(), expected.to_bits(), "parameter {p}");
    }
    assert_eq!(t.epoch(), 0);
    assert!(
        t.inspect(0).unwrap().loss < ins.loss,
        "the step lowers this sample's loss"
    );
    assert!(t.inspect(2).is_none());
    assert!(t.apply_inspected(2).is_err());
}

#[test]
fn the_textbook_example_learns_both_samples() {
    let mut t = textbook();
    let start = t.train_loss();
    t.step_epochs(2000);
    assert!(
        t.train_loss() < start / 10.0,
        "{start} -> {}",
        t.train_loss()
    );
    assert_eq!(t.train_accuracy(), Some(1.0));
    assert!(t.test_samples().is_empty());
}

/// With cross-entropy, the textbook's labels 0 and 1 are the targets as they are: the
/// reported loss is −[y ln a + (1 − y) ln(1 − a)] of each sample, averaged.
#[test]
fn the_textbook_example_with_cross_entropy_takes_its_labels_as_they_are() {
    let mut t = Trainer::new(Config {
        experiment: Experiment {
            dataset: Dataset::Textbook,
            activation: Activation::Sigmoid,
            network_shape: vec![2],
            loss: Loss::CrossEntropy,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    let mut total = 0.0;
    for (sample, y) in [(0, 0.0), (1, 1.0)] {
        let ins = t.inspect(sample).unwrap();
        assert_eq!(ins.target, vec![y]);
        let a = ins.layers[1].a[0];
        let by_hand = -(y * f64::ln(a) + (1.0 - y) * f64::ln(1.0 - a));
        close(ins.loss, by_hand, "L of one sample");
        total += by_hand;
    }
    close(t.train_loss(), total / 2.0, "mean L");
}

/// With dropout, a switched-off neuron and a frozen one, every number the worked example
/// shows follows its formulas: a = σ(z)·k, a switched-off neuron's a and δ are 0,
/// δ = (Wᵀδ)·k·σ'(z), and the step W ← W − η·(M ⊙ ∂L/∂W) leaves the held weights; the
/// step applied is the one shown; the same sample at the same epoch has the same mask.
#[test]
fn the_worked_example_shows_dropout_and_the_held_neurons_exactly() {
    let config = Config::default()
        .with_patch(&serde_json::json!({
            "networkShape": [5, 4],
            "dropout": [0.5, 0.5],
            "neuronsOff": ["1:2"],
            "neuronsFrozen": ["2:3"],
            "learningRate": 0.3
        }))
        .unwrap();
    let mut t = Trainer::new(config).unwrap();
    t.step_epochs(3);
    let (mut dropped, mut moved) = (0, 0);
    for sample in 0..12 {
        let ins = t.inspect(sample).unwrap();
        assert_eq!(
            format!("{:?}", t.inspect(sample).unwrap()),
            format!("{ins:?}"),
            "the same mask"
        );
        let (l1, l2, out) = (&ins.layers[0], &ins.layers[1], &ins.layers[2]);
        assert!(out.keep.is_empty(), "the output layer drops nothing");
        for step in [l1, l2] {
            assert_eq!(step.keep.len(), step.z.len());
            for j in 0..step.z.len() {
                let k = step.keep[j];
                assert!(k == 0.0 || k == 2.0, "k = 0 or 1/(1 − 0.5)");
                dropped += usize::from(k == 0.0);
                let sigma = if step.off[j] { 0.0 } else { step.z[j].tanh() };
                assert!((step.activated[j] - sigma).abs() < 1e-14);
                assert_eq!(step.a[j], step.activated[j] * k);
            }
        }
        assert_eq!((l1.a[1], l1.delta[1]), (0.0, 0.0), "switched off");
        assert!(l1.off[1] && l2.frozen[2]);
        for i in 0..l2.z.len() {
            let back: f64 = (0..out.z.len())
                .map(|j| out.weights[j][i] * out.delta[j])
                .sum();
            let a = l2.activated[i];
            let want = back * l2.keep[i] * (1.0 - a * a);
            assert!((l2.delta[i] - want).abs() < 1e-14, "δ of 2:{}", i + 1);
        }
        for step in &ins.layers {
            for (j, row) in step.weights.iter().enumerate() {
                for (i, &w) in row.iter().enumerate() {
                    let after = w - ins.learning_rate * step.step_weights[j][i];
                    assert_eq!(step.weights_after[j][i], after);
                }
            }
        }
        assert_eq!(l1.step_bias[1], 0.0);
        assert_eq!(
            l2.weights_after[2], l2.weights[2],
            "the frozen neuron's row"
        );
        assert_eq!(l2.step_weights[0][1], 0.0, "the switched-off neuron's link");
        assert!(l1.holds && l2.holds && !out.holds);
        let before = t.network().clone();
        t.apply_inspected(sample).unwrap();
        let net = t.network();
        for (l, step) in ins.layers.iter().enumerate() {
            let n_in = net.layers[l].n_in;
            for (j, row) in step.weights_after.iter().enumerate() {
                assert_eq!(&net.layers[l].weights[j * n_in..(j + 1) * n_in], &row[..]);
            }
        }
        moved += usize::from(before.layers[0].weights != net.layers[0].weights);
    }
    assert!(dropped > 20, "{dropped} of 108 dropped");
    // (A sample whose every path is dropped moves nothing: most move the first layer.)
    assert!(
        moved > 6,
        "the first layer learnt from {moved} of 12 samples"
    );
}
