//! The network learns: native integration tests of the whole core.

use nnlab::data::Dataset;
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
                dataset,
                seed,
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
    for dataset in Dataset::ALL {
        let mut t = Trainer::new(Config {
            dataset,
            x_times_y: true,
            x_squared: true,
            y_squared: true,
            network_shape: vec![6, 4],
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
        dataset: Dataset::Spiral,
        noise: 20,
        network_shape: vec![5, 3],
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
    let other = Config {
        seed: 2,
        ..config.clone()
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
    let mut t = Trainer::new(Config::default()).unwrap();
    t.step_epoch();
    assert!(!t.diverged());
    t.network_mut().layers[0].weights[0] = f64::INFINITY;
    t.step_epoch();
    assert!(t.diverged(), "loss {}", t.train_loss());
}
