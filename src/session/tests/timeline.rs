//! The timeline as the page uses it: showing a kept epoch pauses and every reader sees
//! that epoch; play goes back to the live network; "continue from here" plays on from the
//! shown epoch.

use super::*;

#[test]
fn showing_an_epoch_pauses_and_the_snapshot_describes_it() {
    let clock = FakeClock::new(0.0);
    let mut s = session(json!({"dataset": "spiral", "networkShape": [6, 4]}));
    s.step(40);
    let at_40 = (s.trainer().train_loss(), s.inspect(3).unwrap().loss);
    s.step(60);
    s.set_running(true);
    clock.frame(&mut s, 16.0);
    assert_eq!(s.trainer().epoch(), 101);
    let revision = s.revision();
    assert_eq!(s.show_epoch(Some(40)), Some(40));
    assert!(!s.running());
    assert!(s.revision() > revision);
    // Paused on the shown epoch: frames train nothing.
    assert_eq!(clock.frame(&mut s, 16.0).epochs, 0);
    let snap = serde_json::to_value(s.snapshot()).unwrap();
    assert_eq!(snap["shownEpoch"], json!(40.0));
    assert_eq!(snap["epoch"], json!(40.0));
    assert_eq!(snap["latestEpoch"], json!(101.0));
    assert_eq!(snap["trainLoss"], json!(at_40.0));
    // The worked example is of that network: the same numbers as at epoch 40.
    assert_eq!(s.inspect(3).unwrap().loss.to_bits(), at_40.1.to_bits());
    // Play is the live network's again, from where it was.
    s.set_running(true);
    assert_eq!(s.trainer().shown_epoch(), None);
    clock.frame(&mut s, 16.0);
    assert_eq!(s.trainer().epoch(), 102);
    let snap = serde_json::to_value(s.snapshot()).unwrap();
    assert_eq!(snap["shownEpoch"], serde_json::Value::Null);
}

#[test]
fn continue_from_here_plays_on_from_the_shown_epoch_after_a_live_change() {
    let clock = FakeClock::new(0.0);
    let mut s = session(json!({"dataset": "xor", "learningRate": 0.3}));
    s.step(300);
    assert!(!s.continue_from_shown(), "nothing is shown");
    s.show_epoch(Some(200));
    // The class lowers the rate at epoch 200, then goes on from there.
    s.change(&json!({"learningRate": 0.01})).unwrap();
    assert_eq!(s.trainer().shown_epoch(), Some(200));
    assert!(s.continue_from_shown());
    assert!(s.running());
    clock.frame(&mut s, 16.0);
    let t = s.trainer();
    assert_eq!(t.epoch(), 201);
    assert_eq!(t.road_not_taken().first().unwrap().epoch, 201);
    assert_eq!(t.road_not_taken().last().unwrap().epoch, 300);
    assert_eq!(t.history().points().last().unwrap().epoch, 201);
    assert_eq!(t.config().training.learning_rate, 0.01);
}

#[test]
fn a_saved_shown_epoch_is_the_experiment_as_it_was_then() {
    let mut s = session(json!({"dataset": "circle"}));
    s.step(120);
    s.show_epoch(Some(50));
    let saved = crate::io::export(s.trainer());
    assert_eq!(saved.epoch, 50);
    assert_eq!(saved.history.last().unwrap().epoch, 50);
    let mut fresh = session(json!({"dataset": "circle"}));
    fresh.step(50);
    let params: Vec<f64> = (0..fresh.trainer().network().param_count())
        .map(|p| fresh.trainer().network().param(p))
        .collect();
    let shown: Vec<f64> = (0..s.trainer().network().param_count())
        .map(|p| s.trainer().network().param(p))
        .collect();
    assert_eq!(params, shown);
}

#[test]
fn the_timeline_keys_step_through_the_kept_epochs_and_end_at_the_live_network() {
    let mut s = session(json!({}));
    // Every 2nd epoch kept after 500 epochs.
    s.step(501);
    assert_eq!(s.step_shown(-1), Some(500));
    assert_eq!(s.step_shown(-1), Some(498));
    assert_eq!(s.step_shown(-10), Some(478));
    assert_eq!(s.step_shown(i64::MIN), Some(0));
    assert_eq!(s.step_shown(-1), Some(0));
    assert_eq!(s.step_shown(3), Some(6));
    assert_eq!(s.step_shown(i64::MAX), None);
    assert_eq!(s.trainer().epoch(), 501);
    // When the latest epoch is kept, one step back is the one before it.
    s.step(1);
    assert_eq!(s.step_shown(-1), Some(500));
}
