//! An epoch too long for a frame, trained in parts (the digits).

use super::*;

fn digits() -> Session {
    let mut s = session(json!({}));
    s.pick_dataset(crate::data::Dataset::Digits);
    assert!(s.config().is_digits());
    s
}

#[test]
fn an_epoch_too_long_for_a_frame_is_trained_in_parts_equal_to_whole_epochs() {
    let mut s = digits();
    let per_epoch = s.trainer().batches_per_epoch();
    assert_eq!(
        per_epoch, 144,
        "1,437 training digits in mini-batches of 10"
    );
    // The first frame trains a whole epoch, which looks 60 ms long: too long for a frame.
    let slow = FakeClock::new(60.0);
    s.set_running(true);
    assert_eq!(slow.frame(&mut s, 16.0).epochs, 1);
    // From then on each mini-batch costs 1 ms: a frame trains what fits in its budget.
    let clock = FakeClock::new(1.0);
    let mut trained = Vec::new();
    for _ in 0..40 {
        let before = s.trainer().epoch_progress().0 + per_epoch * s.trainer().epoch() as usize;
        let outcome = clock.frame(&mut s, 4.0);
        let after = s.trainer().epoch_progress().0 + per_epoch * s.trainer().epoch() as usize;
        trained.push(after - before);
        assert!(
            outcome.training_ms <= MAX_SPEED_FRAME_MS + 2.0,
            "a frame trained {} ms",
            outcome.training_ms
        );
    }
    assert!(
        trained.iter().all(|&n| n > 1 && n < per_epoch),
        "{trained:?}"
    );
    let (n, of) = s.parts_reading().unwrap();
    assert!(n > 1 && n < of && of == 144, "{n} of {of}");
    assert_eq!(s.speed_reading(), None, "the note counts mini-batches");
    assert!(s.trainer().epoch() > 1);
    // Pausing ends the epoch under way; the run equals one trained epoch by epoch.
    s.set_running(false);
    assert_eq!(s.trainer().epoch_progress().0, 0);
    let mut whole = Trainer::new(s.config().clone()).unwrap();
    whole.step_epochs(s.trainer().epoch());
    let bits = |t: &Trainer| -> Vec<u64> {
        (0..t.network().param_count())
            .map(|p| t.network().param(p).to_bits())
            .collect()
    };
    assert_eq!(bits(s.trainer()), bits(&whole));
    assert_eq!(s.trainer().history().points(), whole.history().points());
}

#[test]
fn run_until_stops_at_its_epoch_when_epochs_are_trained_in_parts() {
    let mut s = digits();
    let slow = FakeClock::new(60.0);
    s.set_running(true);
    slow.frame(&mut s, 16.0);
    s.run_until_typed("3");
    let clock = FakeClock::new(1.0);
    for _ in 0..200 {
        clock.frame(&mut s, 4.0);
        if !s.running() {
            break;
        }
    }
    assert!(!s.running());
    assert_eq!(s.trainer().epoch(), 3);
    assert_eq!(s.trainer().epoch_progress().0, 0);
}

#[test]
fn epochs_that_fit_in_a_frame_are_trained_whole() {
    let mut s = digits();
    let clock = FakeClock::new(0.5);
    s.set_running(true);
    for frame in 1..=5 {
        assert_eq!(clock.frame(&mut s, 16.0).epochs, 1);
        assert_eq!(s.trainer().epoch(), frame);
        assert_eq!(s.trainer().epoch_progress().0, 0);
    }
    assert_eq!(s.parts_reading(), None);
}
