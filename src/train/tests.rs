use super::*;
use crate::config::Experiment;
use crate::nn::Activation;

#[test]
fn many_epochs_at_once_show_the_same_losses_as_one_at_a_time() {
    let config = Config {
        experiment: Experiment {
            dataset: crate::data::Dataset::Spiral,
            network_shape: vec![6, 6],
            ..Default::default()
        },
        ..Config::default()
    };
    let mut one = Trainer::new(config.clone()).unwrap();
    let mut many = Trainer::new(config).unwrap();
    for _ in 0..1500 {
        one.step_epoch();
    }
    assert_eq!(many.step_epochs(700), 700);
    assert_eq!(many.step_epochs(800), 800);
    assert_eq!(one.epoch(), many.epoch());
    assert_eq!(one.train_loss().to_bits(), many.train_loss().to_bits());
    assert_eq!(one.test_loss().to_bits(), many.test_loss().to_bits());
    assert_eq!(one.history().points(), many.history().points());
    assert!(one.history().points().len() > 150);
}

#[test]
fn split_follows_the_train_share() {
    let c = Config {
        experiment: Experiment {
            perc_train_data: 30,
            ..Default::default()
        },
        ..Config::default()
    };
    let t = Trainer::new(c).unwrap();
    assert_eq!(t.train_samples().len(), 150);
    assert_eq!(t.test_samples().len(), 350);
}

#[test]
fn every_training_point_is_used_once_per_epoch_with_a_partial_last_batch() {
    // 250 points in batches of 30: 8 full batches and one of 10, all in this epoch.
    let c = Config {
        training: Training {
            batch_size: 30,
            ..Default::default()
        },
        ..Config::default()
    };
    let mut t = Trainer::new(c).unwrap();
    t.step_epoch();
    let mut seen = t.order.clone();
    seen.sort();
    assert_eq!(seen, (0..250).collect::<Vec<_>>());
    // Nothing is left accumulated for the next epoch.
    let net = t.network();
    assert!((0..net.param_count()).all(|p| net.grad(p) == 0.0));
}

#[test]
fn the_order_is_reshuffled_every_epoch() {
    let mut t = Trainer::new(Config::default()).unwrap();
    t.step_epoch();
    let first = t.order.clone();
    t.step_epoch();
    assert_ne!(first, t.order);
}

#[test]
fn live_changes_keep_the_weights_and_others_reset() {
    let mut t = Trainer::new(Config::default()).unwrap();
    for _ in 0..5 {
        t.step_epoch();
    }
    let weights = t.network().layers[0].weights.clone();
    let faster = {
        let mut config = t.config().clone();
        config.training.learning_rate = 0.3;
        config
    };
    assert_eq!(t.set_config(faster).unwrap(), ChangeEffect::Live);
    assert_eq!(t.epoch(), 5);
    assert_eq!(t.network().layers[0].weights, weights);
    let relu = {
        let mut config = t.config().clone();
        config.experiment.activation = Activation::Relu;
        config
    };
    assert_eq!(t.set_config(relu).unwrap(), ChangeEffect::Reset);
    assert_eq!(t.epoch(), 0);
    let bad = {
        let mut config = t.config().clone();
        config.training.batch_size = 0;
        config
    };
    assert!(t.set_config(bad).is_err());
    assert_eq!(t.config().training.batch_size, 10);
}

#[test]
fn each_hidden_layer_computes_with_its_own_activation_from_the_same_weights() {
    let uniform = Config::default()
        .with_patch(&serde_json::json!({"dataset": "xor", "networkShape": [5, 4]}))
        .unwrap();
    let mixed = uniform
        .with_patch(&serde_json::json!({"activations": ["relu", "sigmoid"]}))
        .unwrap();
    let a = Trainer::new(uniform).unwrap();
    let mut b = Trainer::new(mixed).unwrap();
    let acts: Vec<Activation> = b.network().layers.iter().map(|l| l.activation).collect();
    assert_eq!(
        acts,
        [Activation::Relu, Activation::Sigmoid, Activation::Tanh]
    );
    // The same seed starts from the same weights; the activations make other outputs.
    for (la, lb) in a.network().layers.iter().zip(&b.network().layers) {
        assert_eq!(la.weights, lb.weights);
    }
    assert_ne!(a.train_loss(), b.train_loss());
    // Layer 1's a is ReLU(z): never negative, and zero where z < 0.
    let ins = b.inspect(3).unwrap();
    for (z, a) in ins.layers[0].z.iter().zip(&ins.layers[0].a) {
        assert_eq!(*a, z.max(0.0));
    }
    let start = b.train_loss();
    b.step_epochs(200);
    assert!(b.train_loss() < start, "{start} -> {}", b.train_loss());
}

#[test]
fn a_formulas_data_train_like_any_other() {
    let config = Config::default()
        .with_patch(&serde_json::json!({"formula": "x*y > 0", "networkShape": [4]}))
        .unwrap();
    let mut t = Trainer::new(config).unwrap();
    assert_eq!(t.train_samples().len() + t.test_samples().len(), 500);
    for p in t.train_samples().iter().chain(t.test_samples()) {
        assert_eq!(p.label, if p.x * p.y > 0.0 { 1.0 } else { -1.0 });
    }
    let start = t.train_loss();
    t.step_epochs(100);
    assert!(t.train_loss() < start);
}

/// The network's parameters, bit for bit.
fn params_of(t: &Trainer) -> Vec<u64> {
    let net = t.network();
    (0..net.param_count())
        .map(|p| net.param(p).to_bits())
        .collect()
}

fn with_neurons(neurons: serde_json::Value) -> Config {
    let base = Config {
        experiment: Experiment {
            dataset: crate::data::Dataset::Xor,
            noise: 10,
            network_shape: vec![4, 3],
            ..Default::default()
        },
        training: crate::nn::Training {
            optimizer: crate::nn::Optimizer::Momentum,
            regularization: crate::nn::Regularization::L2,
            regularization_rate: 0.001,
            learning_rate: 0.03,
            ..Default::default()
        },
        ..Config::default()
    };
    base.with_patch(&neurons).unwrap()
}

#[test]
fn dropout_zero_trains_exactly_as_no_dropout_and_a_seed_drops_the_same_neurons() {
    let run = |neurons: serde_json::Value| {
        let mut t = Trainer::new(with_neurons(neurons)).unwrap();
        t.step_epochs(60);
        (
            params_of(&t),
            t.train_loss().to_bits(),
            t.dropped().to_vec(),
        )
    };
    let plain = run(serde_json::json!({}));
    assert_eq!(run(serde_json::json!({"dropout": [0.0, 0.0]})), plain);
    let dropped = run(serde_json::json!({"dropout": [0.5, 0.2]}));
    assert_ne!(dropped.0, plain.0, "dropout changes training");
    assert_eq!(run(serde_json::json!({"dropout": [0.5, 0.2]})), dropped);
    assert_eq!(
        dropped.2.len(),
        7,
        "the last sample's mask, one per hidden neuron"
    );
    assert!(plain.2.is_empty());
}

#[test]
fn a_switched_off_neuron_outputs_0_and_learns_nothing_a_frozen_one_keeps_its_weights() {
    let mut t = Trainer::new(with_neurons(
        serde_json::json!({"neuronsOff": ["1:2"], "neuronsFrozen": ["2:1"]}),
    ))
    .unwrap();
    let net = t.network().clone();
    let start = t.train_loss();
    t.step_epochs(150);
    let after = t.network();
    let (l0, l1) = (&after.layers[0], &after.layers[1]);
    // Off: incoming weights, bias and outgoing weights as they started.
    assert_eq!(l0.weights[2..4], net.layers[0].weights[2..4]);
    assert_eq!(l0.bias[1], net.layers[0].bias[1]);
    for j in 0..3 {
        assert_eq!(l1.weights[j * 4 + 1], net.layers[1].weights[j * 4 + 1]);
    }
    // Frozen: incoming weights and bias as they started, its outgoing weight learns.
    assert_eq!(l1.weights[0..4], net.layers[1].weights[0..4]);
    assert_eq!(l1.bias[0], net.layers[1].bias[0]);
    assert_ne!(after.layers[2].weights[0], net.layers[2].weights[0]);
    // Every other neuron learns.
    assert_ne!(l0.weights[0..2], net.layers[0].weights[0..2]);
    assert_ne!(l1.weights[4..8], net.layers[1].weights[4..8]);
    // Its output is 0 everywhere, as every view computes it.
    let inputs = [0.5, -2.0, 3.0, 1.0];
    let mut buffers = Default::default();
    let a = after.layer_activations(0, &inputs, 2, &mut buffers);
    assert_eq!(&a[2..4], &[0.0, 0.0]);
    assert!(
        t.train_loss() < start,
        "the rest of the network still learns"
    );
}

#[test]
fn switching_a_neuron_off_applies_live_and_back_on_it_learns_again() {
    let mut t = Trainer::new(with_neurons(serde_json::json!({}))).unwrap();
    t.step_epochs(20);
    let before = params_of(&t);
    let off = t
        .config()
        .with_patch(&serde_json::json!({"neuronsOff": ["1:1"]}))
        .unwrap();
    assert_eq!(t.set_config(off).unwrap(), ChangeEffect::Live);
    assert_eq!((t.epoch(), params_of(&t)), (20, before));
    let w = t.network().layers[0].weights[0];
    t.step_epochs(10);
    assert_eq!(t.network().layers[0].weights[0], w);
    let on = t
        .config()
        .with_patch(&serde_json::json!({"neuronsOff": []}))
        .unwrap();
    t.set_config(on).unwrap();
    t.step_epochs(10);
    assert_ne!(t.network().layers[0].weights[0], w);
}

#[test]
fn an_epoch_trained_in_parts_equals_the_epoch_bit_for_bit() {
    let config = Config {
        experiment: Experiment {
            dataset: crate::data::Dataset::Digits,
            network_shape: vec![8],
            ..Default::default()
        },
        training: Training {
            batch_size: 7,
            optimizer: crate::nn::Optimizer::Adam,
            learning_rate: 0.01,
            ..Default::default()
        },
        neurons: crate::config::Neurons {
            dropout: vec![0.2],
            ..Default::default()
        },
        ..Config::default()
    };
    let mut whole = Trainer::new(config.clone()).unwrap();
    let mut parts = Trainer::new(config).unwrap();
    let per_epoch = whole.batches_per_epoch();
    assert_eq!(per_epoch, 898_usize.div_ceil(7));
    whole.step_epochs(3);
    // Slices of 50 mini-batches cross the epochs' boundaries.
    let mut epochs = 0;
    while epochs < 3 {
        let (batches, ended) = parts.step_batches_while(|done| done < 50);
        assert_eq!(batches, 50);
        epochs += ended;
        if epochs < 3 {
            assert!(parts.epoch_progress().0 > 0 || ended > 0);
        }
    }
    assert_eq!(parts.epoch(), 3);
    // Finish the fourth epoch in parts; the whole trainer trains it at once.
    parts.finish_epoch();
    whole.step_epoch();
    assert_eq!(parts.epoch_progress().0, 0);
    let bits = |t: &Trainer| -> Vec<u64> {
        (0..t.network().param_count())
            .map(|p| t.network().param(p).to_bits())
            .collect()
    };
    assert_eq!(bits(&parts), bits(&whole));
    assert_eq!(parts.train_loss().to_bits(), whole.train_loss().to_bits());
    assert_eq!(parts.history().points(), whole.history().points());
    assert_eq!(parts.gradient_sizes(), whole.gradient_sizes());
    // Mid-epoch, the epoch shows its progress; a whole epoch asked for ends it first.
    parts.step_batches_while(|done| done < 10);
    assert_eq!(parts.epoch_progress(), (10, per_epoch));
    assert_eq!(parts.epoch(), 4);
    parts.step_epochs(1);
    whole.step_epochs(2);
    assert_eq!(parts.epoch(), 6);
    assert_eq!(bits(&parts), bits(&whole));
}
