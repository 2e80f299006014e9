use super::*;
use crate::config::Experiment;
use crate::nn::Optimizer;

/// Spiral with noise, Adam, mini-batches of 10, dropout: every part of the state matters
/// (the moments, the step count, the shuffle and dropout streams and the epoch order).
fn config() -> Config {
    Config {
        experiment: Experiment {
            dataset: crate::data::Dataset::Spiral,
            noise: 20,
            network_shape: vec![5, 3],
            ..Default::default()
        },
        training: Training {
            optimizer: Optimizer::Adam,
            batch_size: 10,
            learning_rate: 0.01,
            ..Default::default()
        },
        neurons: crate::config::Neurons {
            dropout: vec![0.3, 0.0],
            ..Default::default()
        },
        ..Config::default()
    }
}

/// Everything training changes, bit for bit: the network's state (weights, biases, the
/// optimiser's), the epoch and the losses.
fn state_of(t: &Trainer) -> (Vec<u64>, u64, u64, u64) {
    let mut saved = NetworkState::default();
    t.network().save_state(&mut saved);
    (
        saved.values().iter().map(|v| v.to_bits()).collect(),
        t.epoch(),
        t.train_loss().to_bits(),
        t.test_loss().to_bits(),
    )
}

fn stepped(epochs: u64) -> Trainer {
    let mut t = Trainer::new(config()).unwrap();
    t.step_epochs(epochs);
    t
}

#[test]
fn a_kept_epoch_shows_the_network_of_a_fresh_run_stepped_to_it() {
    let mut t = stepped(300);
    for k in [0, 1, 37, 150, 299] {
        assert_eq!(t.show_epoch(Some(k)), Some(k));
        assert_eq!(t.shown_epoch(), Some(k));
        assert_eq!(t.latest_epoch(), 300);
        assert_eq!(state_of(&t), state_of(&stepped(k)), "epoch {k}");
        // What the scores say is of that network too.
        assert_eq!(
            t.train_accuracy().map(f64::to_bits),
            stepped(k).train_accuracy().map(f64::to_bits)
        );
    }
    // The history stays whole while the past is shown.
    assert_eq!(t.history().points().last().unwrap().epoch, 300);
}

#[test]
fn showing_the_present_again_changes_nothing_about_the_run() {
    let mut t = stepped(200);
    let live = state_of(&t);
    t.show_epoch(Some(50));
    assert_ne!(state_of(&t), live);
    t.show_epoch(None);
    assert_eq!(t.shown_epoch(), None);
    assert_eq!(state_of(&t), live);
    // Training on after a look at the past is training on: as a run never shown.
    t.show_epoch(Some(120));
    t.step_epochs(100);
    assert_eq!(state_of(&t), state_of(&stepped(300)));
    assert_eq!(t.history().points(), stepped(300).history().points());
}

#[test]
fn the_nearest_kept_epoch_is_shown_and_the_latest_is_the_live_network() {
    // After 900 epochs the history keeps every 4th epoch.
    let mut t = stepped(900);
    let kept: Vec<u64> = t.kept_epochs().collect();
    assert!(kept.windows(2).all(|w| w[1] - w[0] == 4), "{kept:?}");
    assert_eq!(t.show_epoch(Some(201)), Some(200));
    assert_eq!(t.show_epoch(Some(203)), Some(204));
    // Two as near: the earlier.
    assert_eq!(t.show_epoch(Some(202)), Some(200));
    assert_eq!(t.show_epoch(Some(900)), None);
    assert_eq!(t.show_epoch(Some(5_000)), None);
    assert_eq!(t.epoch(), 900);
}

#[test]
fn continuing_from_a_kept_epoch_reproduces_the_later_losses_bit_for_bit() {
    let original = stepped(900);
    let mut t = stepped(900);
    assert_eq!(t.show_epoch(Some(200)), Some(200));
    assert!(t.continue_from_shown());
    assert_eq!(t.shown_epoch(), None);
    assert_eq!(t.epoch(), 200);
    assert_eq!(t.history().points().last().unwrap().epoch, 200);
    // The road not taken is the original history after epoch 200.
    let later: Vec<LossPoint> = original
        .history()
        .points()
        .iter()
        .filter(|p| p.epoch > 200)
        .copied()
        .collect();
    assert_eq!(t.road_not_taken(), later.as_slice());
    t.step_epochs(700);
    assert_eq!(t.history().points(), original.history().points());
    assert_eq!(state_of(&t), state_of(&original));
    // With nothing shown there is nothing to continue from.
    assert!(!t.continue_from_shown());
}

#[test]
fn a_lower_rate_from_a_kept_epoch_takes_another_road() {
    let mut t = stepped(400);
    t.show_epoch(Some(200));
    let mut slower = t.config().clone();
    slower.training.learning_rate = 0.001;
    assert_eq!(
        t.set_config(slower).unwrap(),
        crate::config::ChangeEffect::Live
    );
    // A live change does not leave the shown epoch.
    assert_eq!(t.shown_epoch(), Some(200));
    assert!(t.continue_from_shown());
    t.step_epochs(200);
    let road = t.road_not_taken();
    assert_eq!(road.last().unwrap().epoch, 400);
    let now = t.history().points().last().unwrap();
    assert_eq!(now.epoch, 400);
    assert_ne!(now.train.to_bits(), road.last().unwrap().train.to_bits());
}

#[test]
fn what_changes_the_network_or_the_data_shows_the_present_first() {
    let mut t = stepped(100);
    let live = state_of(&t);
    t.show_epoch(Some(10));
    t.set_param(0, 0.25).unwrap();
    assert_eq!(t.shown_epoch(), None);
    assert_eq!(t.epoch(), 100);
    assert_eq!(t.network().param(0), 0.25);
    // The edit is the kept state of epoch 100 now.
    t.show_epoch(Some(99));
    t.show_epoch(Some(100));
    assert_eq!(t.network().param(0), 0.25);
    assert_ne!(state_of(&t), live);

    // New points: the states before belong to other data, so the timeline starts again.
    t.show_epoch(Some(10));
    t.add_point(1.0, 1.0, 1.0).unwrap();
    assert_eq!(t.shown_epoch(), None);
    assert_eq!(t.epoch(), 100);
    assert_eq!(t.kept_epochs().collect::<Vec<_>>(), vec![100]);
    assert_eq!(t.show_epoch(Some(10)), None);
    t.step_epochs(5);
    assert_eq!(t.show_epoch(Some(102)), Some(102));
}

#[test]
fn the_timeline_of_b_after_100000_epochs_stays_within_its_bound() {
    let (_, b) = crate::bench::configs().remove(1);
    let mut t = Trainer::new(b).unwrap();
    t.step_epochs(100_000);
    let kept: Vec<u64> = t.kept_epochs().collect();
    assert!(kept.len() <= HISTORY_CAPACITY, "{}", kept.len());
    assert!(kept.len() >= HISTORY_CAPACITY / 2, "{}", kept.len());
    assert_eq!(kept[0], 0);
    assert!(*kept.last().unwrap() > 99_000, "{kept:?}");
    // A look at the past puts the live state aside: still within the bound.
    t.show_epoch(Some(50_000));
    let bytes = t.timeline_bytes();
    assert!(bytes <= TIMELINE_BYTES, "{bytes}");
    // The states are what they say: each a network's state and an order of the points.
    let per_state = bytes / (kept.len() + 1);
    let params = t.network().param_count();
    assert!(
        per_state >= 8 * 3 * params,
        "{per_state} for {params} parameters"
    );
    assert!(
        per_state < 4 * 8 * 3 * params,
        "{per_state} for {params} parameters"
    );
}
