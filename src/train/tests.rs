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
