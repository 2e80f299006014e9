//! The network learns: native integration tests of the whole core.

use nnlab::config::{ChangeEffect, Problem, Seed};
use nnlab::config::{Experiment, Training};
use nnlab::data::Dataset;
use nnlab::nn::{Activation, Regularization};
use nnlab::{Config, Trainer};

fn train_until(config: Config, epochs: u64, target: f64) -> (u64, f64) {
    let mut t = Trainer::new(config).expect("valid config");
    while t.epoch() < epochs {
        t.step_epoch();
        if t.train_loss() < target {
            break;
        }
    }
    (t.epoch(), t.train_loss())
}

#[test]
fn circle_and_xor_learn_below_0_05_within_500_epochs_for_five_seeds() {
    for dataset in [Dataset::Circle, Dataset::Xor] {
        for seed in 1..=5 {
            let config = Config {
                experiment: Experiment {
                    dataset,
                    seed: Seed::new(seed.to_string()),
                    ..Default::default()
                },
                ..Config::default()
            };
            let (epoch, loss) = train_until(config, 500, 0.05);
            assert!(
                loss < 0.05,
                "{dataset:?} seed {seed}: training loss {loss} after {epoch} epochs"
            );
        }
    }
}

#[test]
fn the_loss_falls_on_every_dataset() {
    for dataset in Dataset::CLASSIFICATION {
        let mut t = Trainer::new(Config {
            experiment: Experiment {
                dataset,
                x_times_y: true,
                x_squared: true,
                y_squared: true,
                network_shape: vec![6, 4],
                ..Default::default()
            },
            ..Config::default()
        })
        .unwrap();
        let start = t.train_loss();
        for _ in 0..100 {
            t.step_epoch();
        }
        assert!(
            t.train_loss() < start * 0.7,
            "{dataset:?}: {start} -> {}",
            t.train_loss()
        );
    }
}

#[test]
fn same_seed_same_run_bit_for_bit() {
    let config = Config {
        experiment: Experiment {
            dataset: Dataset::Spiral,
            noise: 20,
            network_shape: vec![5, 3],
            ..Default::default()
        },
        ..Config::default()
    };
    let run = |config: Config| {
        let mut t = Trainer::new(config).unwrap();
        (0..50)
            .map(|_| {
                t.step_epoch();
                (t.train_loss().to_bits(), t.test_loss().to_bits())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(config.clone()), run(config.clone()));
    let other = {
        let mut config = config.clone();
        config.experiment.seed = Seed::new("2");
        config
    };
    assert_ne!(run(config), run(other));
}

#[test]
fn reset_restarts_the_same_run() {
    let mut t = Trainer::new(Config::default()).unwrap();
    let first: Vec<u64> = (0..10)
        .map(|_| {
            t.step_epoch();
            t.train_loss().to_bits()
        })
        .collect();
    t.reset();
    assert_eq!(t.epoch(), 0);
    let again: Vec<u64> = (0..10)
        .map(|_| {
            t.step_epoch();
            t.train_loss().to_bits()
        })
        .collect();
    assert_eq!(first, again);
}

#[test]
fn a_weight_that_is_no_longer_a_number_is_reported_as_divergence() {
    // No weight can be set to a number that is not finite (they are refused): weights so
    // large that the next epoch overflows make one, and that is reported.
    let mut t = Trainer::new(Config {
        experiment: Experiment {
            problem: nnlab::config::Problem::Regression,
            activation: Activation::Relu,
            network_shape: vec![4],
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    t.step_epoch();
    assert!(!t.diverged());
    assert!(t.set_param(0, f64::INFINITY).is_err());
    for p in 0..8 {
        t.set_param(p, 1e100).unwrap();
    }
    t.step_epoch();
    assert!(t.diverged(), "loss {}", t.train_loss());
    assert!(t.network().is_finite() && t.train_loss().is_finite());
}

#[test]
fn regression_fits_both_datasets_with_a_linear_output() {
    for (reg_dataset, target) in [(Dataset::RegPlane, 0.002), (Dataset::RegGauss, 0.03)] {
        let config = Config {
            experiment: Experiment {
                problem: Problem::Regression,
                reg_dataset,
                network_shape: vec![8, 8],
                ..Default::default()
            },
            ..Config::default()
        };
        let mut t = Trainer::new(config).unwrap();
        assert_eq!(t.train_samples().len() + t.test_samples().len(), 1200);
        assert_eq!(
            t.network().layers.last().unwrap().activation,
            Activation::Linear
        );
        let start = t.train_loss();
        for _ in 0..400 {
            t.step_epoch();
        }
        assert!(
            t.train_loss() < target && t.train_loss() < start / 3.0,
            "{reg_dataset:?}: {start} -> {}",
            t.train_loss()
        );
    }
}

/// Regularisation applies live (no reset) and shrinks the weights: L2 their size, L1 by
/// stopping some at exactly zero; an L1-zeroed weight can still move again afterwards.
#[test]
fn regularisation_applies_live_and_shrinks_the_weights() {
    let config = Config {
        experiment: Experiment {
            network_shape: vec![8, 8],
            ..Default::default()
        },
        training: Training {
            learning_rate: 0.1,
            ..Default::default()
        },
        ..Config::default()
    };
    let size = |t: &Trainer| {
        t.network()
            .layers
            .iter()
            .flat_map(|l| l.weights.iter())
            .map(|w| w.abs())
            .sum::<f64>()
    };
    let zeros = |t: &Trainer| {
        t.network()
            .layers
            .iter()
            .flat_map(|l| l.weights.iter())
            .filter(|&&w| w == 0.0)
            .count()
    };
    let mut plain = Trainer::new(config.clone()).unwrap();
    plain.step_epochs(200);
    for regularization in [Regularization::L1, Regularization::L2] {
        let mut t = Trainer::new(config.clone()).unwrap();
        t.step_epochs(100);
        let next = {
            let mut config = t.config().clone();
            config.training.regularization = regularization;
            config.training.regularization_rate = 0.03;
            config
        };
        assert_eq!(t.set_config(next).unwrap(), ChangeEffect::Live);
        assert_eq!(t.epoch(), 100);
        t.step_epochs(100);
        assert!(
            size(&t) < size(&plain) * 0.8,
            "{regularization:?}: {} vs {}",
            size(&t),
            size(&plain)
        );
        if regularization == Regularization::L1 {
            assert!(zeros(&t) > 5, "{} weights at zero", zeros(&t));
            // Turn the penalty off: weights at zero are free to move again.
            let off = {
                let mut config = t.config().clone();
                config.training.regularization = Regularization::None;
                config
            };
            let before = zeros(&t);
            t.set_config(off).unwrap();
            t.step_epochs(20);
            assert!(zeros(&t) < before, "{} -> {}", before, zeros(&t));
        }
    }
}

#[test]
fn regenerate_gives_new_data_and_keeps_the_network() {
    let mut t = Trainer::new(Config::default()).unwrap();
    t.step_epochs(30);
    let weights = t.network().layers[0].weights.clone();
    let data = t.train_samples().to_vec();
    let seed = t.seed().clone();
    t.regenerate();
    assert_ne!(*t.seed(), seed);
    assert_ne!(t.train_samples(), &data[..]);
    assert_eq!(t.network().layers[0].weights, weights);
    assert_eq!(t.epoch(), 30);
    // The data is the new seed's: a fresh experiment with that seed has the same points.
    let fresh = Trainer::new(t.config().clone()).unwrap();
    assert_eq!(fresh.train_samples(), t.train_samples());
}

#[test]
fn an_edited_weight_is_used_at_once_and_bad_values_are_refused() {
    let mut t = Trainer::new(Config::default()).unwrap();
    let loss = t.train_loss();
    t.set_param(0, 3.0).unwrap();
    assert_eq!(t.network().param(0), 3.0);
    assert_ne!(t.train_loss(), loss);
    assert!(t.set_param(0, f64::NAN).is_err());
    assert!(t.set_param(10_000, 1.0).is_err());
    assert_eq!(t.network().param(0), 3.0);
    assert_eq!(t.history().points().len(), 1);
}

fn multi_spiral(seed: u32, optimizer: nnlab::nn::Optimizer) -> Trainer {
    Trainer::new(Config {
        experiment: Experiment {
            dataset: Dataset::MultiSpiral,
            classes: 3,
            loss: nnlab::nn::Loss::CrossEntropy,
            network_shape: vec![12, 12],
            seed: Seed::new(seed.to_string()),
            ..Default::default()
        },
        training: Training {
            optimizer,
            learning_rate: 0.01,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap()
}

/// The three-arm spiral from X₁ and X₂ alone: two hidden layers of 12 tanh neurons, a
/// softmax output and cross-entropy, Adam at η = 0.01, batches of 10: at least 90 % of
/// the training points right within 600 epochs (160 to 330 here), for seeds 1 to 5.
#[test]
fn three_arm_spiral_reaches_90_percent_for_five_seeds() {
    for seed in 1..=5 {
        let mut t = multi_spiral(seed, nnlab::nn::Optimizer::Adam);
        assert_eq!(t.network().layers.last().unwrap().n_out, 3);
        let start = t.train_accuracy().unwrap();
        let mut epochs = 0;
        while t.train_accuracy().unwrap() < 0.9 && epochs < 600 {
            t.step_epochs(10);
            epochs += 10;
        }
        let accuracy = t.train_accuracy().unwrap();
        assert!(
            accuracy >= 0.9,
            "seed {seed}: {start} -> {accuracy} after {epochs} epochs"
        );
    }
}

/// Switching optimiser keeps the weights and applies live; momentum and Adam learn.
#[test]
fn optimisers_switch_live_and_learn() {
    use nnlab::nn::Optimizer;
    let mut t = Trainer::new(Config::default()).unwrap();
    t.step_epochs(5);
    let weights = t.network().layers[0].weights.clone();
    for optimizer in [Optimizer::Momentum, Optimizer::Adam, Optimizer::Sgd] {
        let next = {
            let mut config = t.config().clone();
            config.training.optimizer = optimizer;
            config
        };
        assert_eq!(t.set_config(next).unwrap(), ChangeEffect::Live);
        assert_eq!(t.network().layers[0].weights, weights);
        assert_eq!(t.epoch(), 5);
    }
    for optimizer in [Optimizer::Momentum, Optimizer::Adam] {
        let mut t = Trainer::new(Config {
            training: Training {
                optimizer,
                ..Default::default()
            },
            ..Config::default()
        })
        .unwrap();
        let start = t.train_loss();
        t.step_epochs(100);
        assert!(
            t.train_loss() < start / 4.0,
            "{optimizer:?}: {start} -> {}",
            t.train_loss()
        );
    }
}

/// Cross-entropy on two classes: a sigmoid output, and the accuracy is reported.
#[test]
fn cross_entropy_on_two_classes_learns_with_a_sigmoid_output() {
    let mut t = Trainer::new(Config {
        experiment: Experiment {
            loss: nnlab::nn::Loss::CrossEntropy,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    assert_eq!(
        t.network().layers.last().unwrap().activation,
        Activation::Sigmoid
    );
    let start = t.train_loss();
    t.step_epochs(300);
    assert!(
        t.train_loss() < start / 5.0,
        "{start} -> {}",
        t.train_loss()
    );
    assert!(t.train_accuracy().unwrap() > 0.97);
    assert!(t.test_accuracy().unwrap() > 0.9);
    let regression = Trainer::new(Config {
        experiment: Experiment {
            problem: Problem::Regression,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    assert_eq!(regression.train_accuracy(), None);
}

/// A learning rate of 10 on a deep sigmoid network: every number stays finite, but the
/// loss grows far above its start, which is reported; at 0.03 it is not.
#[test]
fn a_learning_rate_far_too_high_is_reported() {
    let deep = |learning_rate| {
        Trainer::new(Config {
            training: Training {
                learning_rate,
                ..Default::default()
            },
            experiment: Experiment {
                activation: Activation::Sigmoid,
                network_shape: vec![8; 6],
                ..Default::default()
            },
            ..Config::default()
        })
        .unwrap()
    };
    let mut high = deep(10.0);
    let mut epochs = 0;
    while !high.loss_exploded() && epochs < 100 {
        high.step_epoch();
        epochs += 1;
    }
    assert!(
        high.loss_exploded(),
        "{} -> {}",
        high.start_loss(),
        high.train_loss()
    );
    let mut fine = deep(0.03);
    for _ in 0..300 {
        fine.step_epoch();
        assert!(!fine.loss_exploded());
    }
}

/// Vanishing gradients: in a deep sigmoid network the first layer's mean |∂L/∂W| is a
/// small fraction of the last's; with ReLU much less so.
#[test]
fn gradient_sizes_show_vanishing_gradients_in_deep_sigmoid_networks() {
    let ratio = |activation| {
        let mut t = Trainer::new(Config {
            experiment: Experiment {
                activation,
                network_shape: vec![8; 6],
                ..Default::default()
            },
            ..Config::default()
        })
        .unwrap();
        t.step_epochs(5);
        let sizes = t.gradient_sizes();
        assert_eq!(sizes.len(), 7);
        sizes[0] / sizes[6]
    };
    let sigmoid = ratio(Activation::Sigmoid);
    let relu = ratio(Activation::Relu);
    assert!(sigmoid < 0.01, "sigmoid: first/last {sigmoid}");
    assert!(relu > sigmoid * 10.0, "relu {relu} vs sigmoid {sigmoid}");
}

/// Points placed by hand: added to the training set, the nearest removed, all cleared;
/// the network keeps its weights, and a reset keeps the points.
#[test]
fn points_can_be_added_removed_and_cleared_by_hand() {
    let mut t = Trainer::new(Config::default()).unwrap();
    t.step_epochs(10);
    let weights = t.network().layers[0].weights.clone();
    let (train, test) = (t.train_samples().len(), t.test_samples().len());
    t.add_point(1.0, 2.0, 1.0).unwrap();
    assert_eq!(t.train_samples().len(), train + 1);
    assert_eq!(t.network().layers[0].weights, weights);
    assert!(t.add_point(7.0, 0.0, 1.0).is_err(), "outside the view");
    assert!(t.add_point(0.0, 0.0, 0.5).is_err(), "not a class");
    assert!(t.remove_nearest(1.05, 2.0, 0.3));
    assert_eq!(
        t.train_samples().len() + t.test_samples().len(),
        train + test
    );
    assert!(!t.remove_nearest(5.9, -5.9, 0.01));
    t.clear_points();
    assert_eq!(t.train_samples().len() + t.test_samples().len(), 0);
    t.step_epochs(3);
    assert_eq!(t.train_loss(), 0.0);
    for (x, label) in [(-3.0, -1.0), (3.0, 1.0), (-2.0, -1.0), (2.0, 1.0)] {
        t.add_point(x, 0.0, label).unwrap();
    }
    t.reset();
    assert_eq!(t.epoch(), 0);
    assert_eq!(
        t.train_samples().len(),
        4,
        "a reset keeps hand-placed points"
    );
    let start = t.train_loss();
    t.step_epochs(100);
    assert!(t.train_loss() < start / 2.0);
    // Multi-class labels are class numbers.
    let mut m = Trainer::new(Config {
        experiment: Experiment {
            dataset: Dataset::Blobs,
            classes: 4,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    assert!(m.add_point(0.0, 0.0, 3.0).is_ok());
    assert!(m.add_point(0.0, 0.0, 4.0).is_err());
}
