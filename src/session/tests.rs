//! The run's rules, driven frame by frame with a fake clock.

use super::*;
use crate::config::{PaletteChoice, Speed, Theme, MAX_SPEED_FRAME_MS, MAX_SPEED_SLICE_MS};
use crate::i18n::Lang;
use serde_json::json;
use std::cell::Cell;

/// A clock that moves `step` ms every time it is read: a frame's epochs "cost" time.
struct FakeClock {
    now: Cell<f64>,
    step: f64,
}

impl FakeClock {
    fn new(step: f64) -> FakeClock {
        FakeClock {
            now: Cell::new(1000.0),
            step,
        }
    }

    fn read(&self) -> f64 {
        let t = self.now.get();
        self.now.set(t + self.step);
        t
    }

    /// The page's idle time between two frames (drawing, the browser).
    fn wait(&self, ms: f64) {
        self.now.set(self.now.get() + ms);
    }

    /// One frame of the session, then `idle` ms until the next.
    fn frame(&self, session: &mut Session, idle: f64) -> Outcome {
        let outcome = session.frame(&|| self.read());
        self.wait(idle);
        outcome
    }
}

fn session(patch: serde_json::Value) -> Session {
    let config = Config::default().with_patch(&patch).unwrap();
    Session::new(config).unwrap()
}

#[test]
fn a_paused_session_trains_nothing_and_play_trains_one_epoch_a_frame() {
    let clock = FakeClock::new(0.0);
    let mut s = session(json!({}));
    for _ in 0..5 {
        assert_eq!(clock.frame(&mut s, 16.0).epochs, 0);
    }
    assert_eq!(s.trainer().epoch(), 0);
    s.set_running(true);
    for frame in 1..=10 {
        let outcome = clock.frame(&mut s, 16.0);
        assert_eq!(outcome.epochs, 1);
        assert!(outcome.changed);
        assert_eq!(s.trainer().epoch(), frame);
    }
}

#[test]
fn a_quarter_epoch_a_frame_trains_one_epoch_every_fourth_frame() {
    let clock = FakeClock::new(0.0);
    let mut s = session(json!({"speed": 0.25}));
    s.set_running(true);
    let trained: Vec<u64> = (0..16).map(|_| clock.frame(&mut s, 16.0).epochs).collect();
    assert_eq!(trained, [0, 0, 0, 1].repeat(4));
    assert_eq!(s.trainer().epoch(), 4);
}

#[test]
fn run_until_stops_exactly_at_its_epoch_whatever_the_speed() {
    for speed in [json!(1), json!(7), json!(100), json!("max")] {
        let clock = FakeClock::new(0.001);
        let mut s = session(json!({ "speed": speed }));
        s.run_until_typed(" 45 ");
        assert!(s.running(), "{speed}");
        assert_eq!(s.run_until(), Some(45));
        for _ in 0..200 {
            clock.frame(&mut s, 16.0);
        }
        assert_eq!(s.trainer().epoch(), 45, "{speed}");
        assert!(!s.running());
        assert_eq!(s.run_until(), None);
    }
    // A target behind the epoch, or not a number: a message, nothing runs.
    let mut s = session(json!({}));
    s.step(10);
    s.run_until_typed("5");
    assert!(!s.running());
    assert_eq!(s.notice().unwrap().text.key, "msg.runUntilPast");
    s.run_until_typed("soon");
    assert_eq!(s.notice().unwrap().text.key, "msg.runUntilNumber");
}

#[test]
fn maximum_speed_trains_in_slices_short_enough_for_input() {
    // Every epoch costs 2 ms on this clock; the page spends 10 ms a frame drawing.
    let clock = FakeClock::new(2.0);
    let mut s = session(json!({"speed": "max"}));
    s.set_running(true);
    let mut total = 0;
    for _ in 0..30 {
        // A frame trains one slice: within one epoch of it (and this clock's reading of
        // the end, which costs 2 ms too).
        let outcome = clock.frame(&mut s, 10.0);
        assert!(
            outcome.training_ms <= MAX_SPEED_SLICE_MS + 2.0 + 2.0,
            "{}",
            outcome.training_ms
        );
        assert!(outcome.epochs >= 1);
        total += outcome.epochs;
        // Then slices until the next frame: each as short, each at least one epoch.
        for _ in 0..3 {
            let (epoch, start) = (s.trainer().epoch(), clock.read());
            assert!(s.slice(&|| clock.read()), "more slices are wanted");
            let took = clock.read() - start;
            assert!(
                took <= MAX_SPEED_SLICE_MS + 2.0 + 2.0 * clock.step,
                "{took}"
            );
            let trained = s.trainer().epoch() - epoch;
            assert!((1..=5).contains(&trained), "{trained}");
            total += trained;
        }
    }
    assert_eq!(s.trainer().epoch(), total);
    // A frame's own slice is shorter than a frame.
    const { assert!(MAX_SPEED_SLICE_MS < MAX_SPEED_FRAME_MS) };
    // Paused, or at a fixed speed: a slice trains nothing and asks for no more.
    s.set_running(false);
    let epoch = s.trainer().epoch();
    assert!(!s.slice(&|| clock.read()));
    s.set_running(true);
    s.change(&json!({"speed": 1})).unwrap();
    assert!(!s.slice(&|| clock.read()));
    assert_eq!(s.trainer().epoch(), epoch);
}

#[test]
fn slices_stop_at_run_until_and_at_divergence() {
    let clock = FakeClock::new(0.5);
    let mut s = session(json!({"speed": "max"}));
    s.run_until_typed("30");
    let mut slices = 0;
    while s.slice(&|| clock.read()) {
        slices += 1;
        assert!(slices < 100, "slices never stopped");
    }
    assert_eq!(s.trainer().epoch(), 30);
    assert!(!s.running());
    // The diverging link, trained only by slices: it pauses with the message.
    let mut s = session(json!({
        "speed": "max", "problem": "regression", "activation": "linear",
        "learningRate": 10, "networkShape": [16, 16, 16], "batchSize": 1
    }));
    s.set_running(true);
    while s.slice(&|| clock.read()) {}
    assert!(!s.running());
    assert!(s.trainer().train_loss().is_finite());
    assert_eq!(s.notice().unwrap().text.key, "msg.diverged");
}

#[test]
fn a_fixed_speed_that_does_not_fit_trains_what_fits_and_says_so() {
    let clock = FakeClock::new(3.0);
    let mut s = session(json!({"speed": 100}));
    s.set_running(true);
    assert_eq!(s.speed_reading(), None);
    let outcome = clock.frame(&mut s, 10.0);
    assert!(outcome.epochs < 100 && outcome.epochs >= 1, "{outcome:?}");
    let (per_frame, chosen) = s.speed_reading().expect("a note");
    assert_eq!(chosen, 100.0);
    assert_eq!(per_frame, outcome.epochs);
    // A speed that fits: no note once the hold is over.
    s.change(&json!({"speed": 1})).unwrap();
    for _ in 0..=SpeedNote::HOLD {
        clock.frame(&mut s, 10.0);
    }
    assert_eq!(s.speed_reading(), None);
}

#[test]
fn divergence_pauses_in_the_same_frame_with_its_message_and_offers() {
    // The link: regression, linear, η = 10, three layers of 16, batch 1.
    let clock = FakeClock::new(0.0);
    let mut s = session(
        json!({"problem": "regression", "activation": "linear", "learningRate": 10, "networkShape": [16, 16, 16], "batchSize": 1}),
    );
    s.set_running(true);
    let mut frames = 0;
    while !s.trainer().diverged() {
        frames += 1;
        assert!(frames < 200, "never diverged");
        let outcome = clock.frame(&mut s, 10.0);
        // Not paused before the frame that overflowed (the warning of a loss that
        // explodes does not come first here)…
        assert_eq!(s.running(), !s.trainer().diverged(), "frame {frames}");
        assert!(outcome.changed);
    }
    // …and paused in that same frame, at its last finite epoch, with the message.
    let t = s.trainer();
    assert!(t.train_loss().is_finite() && t.network().is_finite());
    let notice = s.notice().expect("a message").clone();
    assert_eq!(notice.text.key, "msg.diverged");
    assert_eq!(
        notice.offers,
        Offers {
            lower_rate: true,
            reset: true
        }
    );
    // Play does not start a diverged run; nothing trains.
    s.set_running(true);
    assert!(!s.running());
    assert_eq!(clock.frame(&mut s, 10.0).epochs, 0);
    // "Lower the rate": a tenth, the message gone, and it plays again.
    s.lower_rate();
    assert_eq!(s.config().training.learning_rate, 1.0);
    assert!(s.notice().is_none());
    s.set_running(true);
    assert!(s.running());
}

#[test]
fn a_loss_that_explodes_pauses_once_with_its_offers_and_play_carries_on() {
    let clock = FakeClock::new(0.0);
    let mut s = session(json!({"learningRate": 3, "dataset": "spiral"}));
    s.set_running(true);
    let mut frames = 0;
    while s.running() {
        frames += 1;
        assert!(frames < 400, "the loss never exploded at η = 3");
        clock.frame(&mut s, 10.0);
    }
    assert!(!s.trainer().diverged());
    assert!(s.trainer().loss_exploded());
    let notice = s.notice().unwrap().clone();
    assert_eq!(notice.text.key, "msg.exploded");
    assert_eq!(
        notice.offers,
        Offers {
            lower_rate: true,
            reset: true
        }
    );
    // Play again: the warning is not repeated in this run.
    let revision = s.notice_revision();
    s.set_running(true);
    for _ in 0..20 {
        clock.frame(&mut s, 10.0);
    }
    assert!(s.running());
    assert_eq!(s.notice_revision(), revision);
    // A reset starts a new run, which may warn again.
    s.reset();
    assert!(s.notice().is_none());
}

#[test]
fn at_the_smallest_rate_the_message_blames_the_weights_and_offers_no_lower_rate() {
    let mut s = session(
        json!({"problem": "regression", "activation": "relu", "networkShape": [4], "learningRate": 0.00001}),
    );
    for p in 0..8 {
        s.set_param(p, 1e100).unwrap();
    }
    s.set_running(true);
    s.frame(&|| 0.0);
    assert!(!s.running());
    let notice = s.notice().unwrap();
    assert_eq!(notice.text.key, "msg.divergedWeights");
    assert_eq!(
        notice.offers,
        Offers {
            lower_rate: false,
            reset: true
        }
    );
}

#[test]
fn every_lesson_validates_and_loads_at_epoch_0_keeping_the_class_and_the_screen() {
    for (index, lesson) in LESSONS.iter().enumerate() {
        let config = lesson
            .config()
            .unwrap_or_else(|e| panic!("lesson {index}: {e}"));
        let mut s = session(json!({
            "lang": "zh", "theme": "dark", "presentation": true, "palette": "colorBlind",
            "speed": "max", "hideText": true, "hidden": ["dataset"], "learningRate": 1
        }));
        s.step(3);
        s.set_running(true);
        s.load_lesson(index);
        assert_eq!(s.lesson().map(|l| l.title), Some(lesson.title));
        assert_eq!(s.trainer().epoch(), 0, "lesson {index}");
        assert!(!s.running());
        let c = s.config();
        // The lesson's experiment…
        assert_eq!(
            c.experiment.dataset, config.experiment.dataset,
            "lesson {index}"
        );
        assert_eq!(c.experiment.network_shape, config.experiment.network_shape);
        assert_eq!(c.training.learning_rate, config.training.learning_rate);
        assert_eq!(c.view.show_test_data, config.view.show_test_data);
        // …shown and run the way this class and screen do.
        assert_eq!(c.screen.lang, Some(Lang::Zh));
        assert_eq!(c.screen.theme, Theme::Dark);
        assert!(c.screen.presentation && c.classroom.hide_text);
        assert_eq!(c.screen.palette, PaletteChoice::ColorBlind);
        assert_eq!(c.classroom.speed, Speed::Max);
        assert_eq!(c.classroom.hidden.len(), 1);
        // Loading it again starts again, even with the same settings.
        s.step(2);
        s.load_lesson(index);
        assert_eq!(s.trainer().epoch(), 0);
    }
}

#[test]
fn a_loaded_file_keeps_the_screens_language_and_display() {
    let saved = session(
        json!({"lang": "en", "theme": "light", "learningRate": 0.3, "dataset": "xor", "speed": 5}),
    );
    let file = crate::io::export_json(saved.trainer());
    let mut s = session(
        json!({"lang": "zh", "theme": "dark", "presentation": true, "palette": "colorBlind"}),
    );
    s.set_running(true);
    s.load_experiment(&file).unwrap();
    let c = s.config();
    assert_eq!(
        (
            c.screen.lang,
            c.screen.theme,
            c.screen.presentation,
            c.screen.palette
        ),
        (Some(Lang::Zh), Theme::Dark, true, PaletteChoice::ColorBlind)
    );
    // The file's experiment.
    assert_eq!(c.training.learning_rate, 0.3);
    assert_eq!(c.experiment.dataset, crate::data::Dataset::Xor);
    assert_eq!(c.classroom.speed, Speed::EpochsPerFrame(5.0));
    assert!(!s.running());
    // A broken file: the message, and nothing else changes.
    let before = s.config().clone();
    let revision = s.config_revision();
    let error = s.load_experiment("{ not json").unwrap_err();
    assert_eq!(error.key, "msg.experimentRefused");
    assert_eq!(s.notice().unwrap().text, error);
    assert_eq!(*s.config(), before);
    assert_eq!(s.config_revision(), revision);
}

#[test]
fn the_heatmap_caption_and_the_snapshot_agree_for_every_hover_target() {
    for patch in [
        json!({}),
        json!({"dataset": "multi-spiral", "classes": 3, "loss": "crossEntropy"}),
        json!({"problem": "regression"}),
    ] {
        let mut s = session(patch.clone());
        let network = s.trainer().network();
        let mut targets = vec![None];
        for &f in s.trainer().features() {
            targets.push(Some(Target::Input(f)));
        }
        for (layer, l) in network.layers.iter().enumerate() {
            for j in 0..l.n_out {
                targets.push(Some(Target::Neuron { layer, j }));
                targets.push(Some(Target::Bias { layer, j }));
                targets.push(Some(Target::Weight { layer, j, i: 0 }));
            }
        }
        let outputs = network.layers.last().unwrap().n_out;
        let last = network.layers.len() - 1;
        for target in targets {
            s.set_hover(target);
            let shown = s.heatmap();
            let named = s.snapshot().boundary_shows;
            assert_eq!(named, shown.name(), "{patch} {target:?}");
            let caption = shown.caption().to_string();
            match shown {
                Heatmap::Output => assert_eq!(named, "output"),
                Heatmap::Feature(f) => assert!(caption.contains(f.label()), "{caption}"),
                Heatmap::Neuron { layer, j } => {
                    assert!(layer < last);
                    assert_eq!(named, format!("layer {}, neuron {}", layer + 1, j + 1));
                }
                Heatmap::Class(j) => {
                    assert!(outputs > 1);
                    assert_eq!(named, format!("class {}", j + 1));
                    assert!(caption.contains(&(j + 1).to_string()), "{caption}");
                }
            }
            // An output neuron of several classes shows its class, not the output.
            if let Some(Target::Neuron { layer, j }) = target {
                if layer == last && outputs > 1 {
                    assert_eq!(shown, Heatmap::Class(j));
                }
                if layer == last && outputs == 1 {
                    assert_eq!(shown, Heatmap::Output);
                }
            }
        }
    }
}

#[test]
fn a_refused_change_says_why_and_changes_nothing() {
    let mut s = session(json!({}));
    let before = s.config().clone();
    s.change_or_explain(&json!({"learningRate": 11}));
    assert_eq!(*s.config(), before);
    assert_eq!(s.notice().unwrap().text.key, "err.field");
    // The last feature cannot be switched off.
    s.toggle_feature(Feature::X1);
    s.toggle_feature(Feature::X2);
    assert!(s.config().experiment.y);
    assert_eq!(s.config().features().len(), 1);
}

#[test]
fn a_reset_change_starts_again_and_a_live_one_keeps_training() {
    let mut s = session(json!({}));
    s.step(20);
    s.set_hover(Some(Target::Neuron { layer: 0, j: 0 }));
    assert_eq!(
        s.change(&json!({"learningRate": 0.1})).unwrap(),
        ChangeEffect::Live
    );
    assert_eq!(s.trainer().epoch(), 20);
    assert!(s.hover().is_some());
    s.reshape(Some(0), true);
    assert_eq!(s.config().experiment.network_shape, vec![5, 2]);
    assert_eq!(s.trainer().epoch(), 0);
    assert_eq!(s.hover(), None);
    s.pick_dataset(crate::data::Dataset::Xor);
    assert_eq!(s.config().experiment.dataset, crate::data::Dataset::Xor);
}

#[test]
fn the_inspected_sample_stays_one_of_the_data_after_a_lesson() {
    let mut s = session(json!({}));
    s.step_sample(40);
    assert_eq!(s.inspected(), 40);
    // The textbook example has two samples: the worked example's step applies to one.
    s.load_lesson(5);
    assert!(s.inspected() < 2, "{}", s.inspected());
    s.apply_inspected();
    assert!(s.notice().is_none(), "{:?}", s.notice());
    assert_eq!(s.snapshot().inspected_sample, s.inspected());
}

#[test]
fn the_same_commands_give_the_same_run_bit_for_bit() {
    let run = || {
        let clock = FakeClock::new(0.0);
        let mut s = session(json!({"speed": 3, "dataset": "spiral"}));
        s.set_running(true);
        for _ in 0..30 {
            clock.frame(&mut s, 16.0);
        }
        s.add_point(1.0, 1.0, 1.0);
        s.step_sample(5);
        s.apply_inspected();
        crate::io::export_json(s.trainer())
    };
    assert_eq!(run(), run());
}

/// What the page shows of the mistakes, and the lessons that use the new views.
mod brush;
mod lessons;
mod parts;
mod timeline;
mod views;
mod walk;
