use super::*;
use serde_json::json;

fn base() -> Config {
    Config::default()
        .with_patch(&json!({"dataset": "xor", "noise": 10, "networkShape": [4, 3], "batchSize": 5}))
        .unwrap()
}

/// Everything training changed, bit for bit.
fn state(t: &Trainer) -> (u64, Vec<u64>, u64, u64, Vec<crate::train::LossPoint>) {
    let net = t.network();
    (
        t.epoch(),
        (0..net.param_count())
            .map(|p| net.param(p).to_bits())
            .collect(),
        t.train_loss().to_bits(),
        t.test_loss().to_bits(),
        t.history().points().to_vec(),
    )
}

fn alone(patch: serde_json::Value, epochs: u64) -> Trainer {
    let mut t = Trainer::new(base().with_patch(&patch).unwrap()).unwrap();
    t.step_epochs(epochs);
    t
}

#[test]
fn each_run_of_a_comparison_is_the_run_of_its_settings_alone_bit_for_bit() {
    let mut s = Session::new(base()).unwrap();
    s.step(7);
    let patches = [
        json!({"learningRate": 0.3}),
        json!({"activation": "relu", "optimizer": "adam", "learningRate": 0.01}),
        json!({"networkShape": [6], "dropout": [0.3], "x": false, "xSquared": true}),
    ];
    for (k, p) in patches.iter().enumerate() {
        assert_eq!(s.add_run(p).unwrap(), k + 1);
    }
    assert_eq!(s.trainer().epoch(), 0, "a new run starts every run again");
    assert!(s.add_run(&json!({})).is_err(), "four runs at most");
    s.step(60);
    let runs = s.runs();
    assert_eq!(runs.len(), 4);
    assert_eq!(state(runs[0].trainer), state(&alone(json!({}), 60)));
    for (k, p) in patches.iter().enumerate() {
        assert_eq!(
            state(runs[k + 1].trainer),
            state(&alone(p.clone(), 60)),
            "run {}",
            k + 1
        );
    }
    assert_eq!(runs[1].label, "B: η = 0.3");
    assert_eq!(runs[3].label, "D: dropout = 0.3, shape = 6, −X₁, +X₁²");
    // Where the shapes match, the same seed starts from the same weights.
    let fresh = [
        Trainer::new(base()).unwrap(),
        Trainer::new(base().with_patch(&patches[0]).unwrap()).unwrap(),
    ];
    assert_eq!(state(&fresh[0]).1, state(&fresh[1]).1);
}

#[test]
fn runs_train_in_lockstep_frame_by_frame_and_a_viewed_run_is_shown_everywhere() {
    let mut s = Session::new(base()).unwrap();
    s.add_run(&json!({"learningRate": 1.0})).unwrap();
    s.add_run(&json!({"learningRate": 0.001})).unwrap();
    s.set_running(true);
    for _ in 0..25 {
        s.frame(&|| 0.0);
    }
    let epochs: Vec<u64> = s.runs().iter().map(|r| r.trainer.epoch()).collect();
    assert_eq!(epochs, [25, 25, 25]);
    // Viewing run C: the session's trainer (every view, the controls) is C's.
    s.view_run(2);
    assert_eq!(s.viewed_run(), 2);
    assert_eq!(s.config().training.learning_rate, 0.001);
    for _ in 0..5 {
        s.frame(&|| 0.0);
    }
    let epochs: Vec<u64> = s.runs().iter().map(|r| r.trainer.epoch()).collect();
    assert_eq!(epochs, [30, 30, 30]);
    assert_eq!(s.runs()[0].trainer.config().training.learning_rate, 0.03);
    assert_eq!(
        state(s.runs()[2].trainer),
        state(&alone(json!({"learningRate": 0.001}), 30))
    );
}

#[test]
fn a_control_changes_the_run_on_view_and_the_data_are_everyones() {
    let mut s = Session::new(base()).unwrap();
    s.add_run(&json!({"learningRate": 0.3})).unwrap();
    s.step(10);
    // On run B: the learning rate is B's own, live.
    s.view_run(1);
    s.change(&json!({"learningRate": 0.5})).unwrap();
    assert_eq!(s.runs()[1].patch.get("learningRate"), Some(&json!(0.5)));
    assert_eq!(s.runs()[0].trainer.config().training.learning_rate, 0.03);
    assert_eq!(s.trainer().epoch(), 10, "live");
    // Back to B's learning rate being A's: no difference left.
    s.change(&json!({"learningRate": 0.03})).unwrap();
    assert!(s.runs()[1].patch.is_empty());
    // On run A: a setting B does not change is B's too.
    s.view_run(0);
    s.change(&json!({"learningRate": 0.1, "regularization": "L2"}))
        .unwrap();
    assert_eq!(s.runs()[1].trainer.config().training.learning_rate, 0.1);
    // The data: any run's change is every run's, and every run starts again.
    s.view_run(1);
    s.change(&json!({"dataset": "circle"})).unwrap();
    for run in s.runs() {
        assert_eq!(
            run.trainer.config().experiment.dataset,
            crate::data::Dataset::Circle
        );
        assert_eq!(run.trainer.epoch(), 0);
    }
    assert_eq!(
        s.runs()[0].trainer.train_samples(),
        s.runs()[1].trainer.train_samples()
    );
    // A point placed by hand joins every run's data.
    s.add_point(0.5, 0.5, 1.0);
    assert_eq!(
        s.runs()[0].trainer.train_samples(),
        s.runs()[1].trainer.train_samples()
    );
    // A new shape on one run starts every run again (lockstep).
    s.step(5);
    s.change(&json!({"networkShape": [2]})).unwrap();
    assert!(s.runs().iter().all(|r| r.trainer.epoch() == 0));
    assert_eq!(s.runs()[1].patch.get("networkShape"), Some(&json!([2])));
    assert_eq!(
        s.runs()[0].trainer.config().experiment.network_shape,
        [4, 3]
    );
}

#[test]
fn what_a_run_cannot_change_is_refused_and_run_a_stays() {
    let mut s = Session::new(base()).unwrap();
    for bad in [
        json!({"dataset": "circle"}),
        json!({"theme": "dark"}),
        json!({"seed": "2"}),
        json!(3),
    ] {
        assert!(s.add_run(&bad).is_err(), "{bad}");
    }
    let e = s.add_run(&json!({"learningRate": 99})).unwrap_err();
    assert_eq!(e.field, "learningRate");
    assert_eq!(s.runs().len(), 1);
    assert!(s.remove_run(0).is_err());
    s.add_run(&json!({"batchSize": 30})).unwrap();
    s.view_run(1);
    assert!(s.remove_run(1).is_ok());
    assert_eq!(s.runs().len(), 1, "the comparison ends");
    assert_eq!(s.viewed_run(), 0);
    assert_eq!(s.config().training.batch_size, 5, "run A is on view again");
}

#[test]
fn a_comparison_goes_through_the_link_and_the_file() {
    let mut s = Session::new(base()).unwrap();
    s.add_run(&json!({"learningRate": 0.3, "activations": ["relu", "tanh"]}))
        .unwrap();
    s.add_run(&json!({"dropout": [], "neuronsOff": ["1:2"], "optimizer": "adam"}))
        .unwrap();
    s.step(12);
    let link = s.link();
    assert!(
        link.contains("&run2=activations%3Drelu,tanh%26learningRate%3D0.3"),
        "{link}"
    );
    assert!(link.contains("&run3="), "{link}");
    // A fresh page opens the same comparison, and trains the same.
    let mut fresh = Session::new(Config::default()).unwrap();
    fresh.load_hash(&format!("#{link}"));
    assert!(fresh.notice().is_none(), "{:?}", fresh.notice());
    fresh.step(12);
    let (a, b) = (s.runs(), fresh.runs());
    assert_eq!(a.len(), 3);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.patch, y.patch);
        assert_eq!(state(x.trainer), state(y.trainer));
    }
    // A link of a bad run: the others open, the bad one is named.
    let mut bad = Session::new(Config::default()).unwrap();
    bad.load_hash("dataset=xor&run2=learningRate%3D99&run3=batchSize%3D20");
    assert_eq!(bad.runs().len(), 2);
    let message = bad.notice().unwrap().text.render(crate::i18n::Lang::En);
    assert!(
        message.contains("run2") && message.contains("learningRate"),
        "{message}"
    );
    // A link without runs ends the comparison.
    fresh.load_hash("dataset=circle");
    assert_eq!(fresh.runs().len(), 1);
    // The file: every run with its weights and progress.
    s.view_run(2);
    let file = s.export_json();
    let mut loaded = Session::new(Config::default()).unwrap();
    loaded.load_experiment(&file).unwrap();
    assert_eq!(loaded.viewed_run(), 0);
    for (x, y) in s.runs().iter().zip(&loaded.runs()) {
        assert_eq!(x.patch, y.patch);
        assert_eq!(state(x.trainer), state(y.trainer));
    }
    // A file whose run has other data is refused, and changes nothing.
    let mut edited: serde_json::Value = serde_json::from_str(&file).unwrap();
    edited["runs"][0]["config"]["noise"] = json!(30);
    let before = loaded.export_json();
    assert!(loaded.load_experiment(&edited.to_string()).is_err());
    assert_eq!(loaded.export_json(), before);
}

#[test]
fn the_three_rates_lesson_is_three_runs_of_the_learning_rate() {
    let mut s = Session::new(Config::default()).unwrap();
    s.add_run(&json!({"batchSize": 3})).unwrap();
    s.load_lesson(crate::session::Lesson::find("three-rates").unwrap());
    assert!(s.notice().is_none());
    let rates: Vec<f64> = s
        .runs()
        .iter()
        .map(|r| r.trainer.config().training.learning_rate)
        .collect();
    assert_eq!(rates, [0.0003, 0.03, 3.0]);
    let labels: Vec<String> = s.runs().iter().map(|r| r.label.clone()).collect();
    assert_eq!(labels, ["A", "B: η = 0.03", "C: η = 3"]);
    s.step(30);
    let losses: Vec<f64> = s.runs().iter().map(|r| r.trainer.train_loss()).collect();
    assert!(
        losses[1] < losses[0],
        "0.03 learns faster than 0.0003: {losses:?}"
    );
    // Another lesson ends the comparison.
    s.load_lesson(0);
    assert_eq!(s.runs().len(), 1);
}

#[test]
fn a_run_key_given_twice_keeps_its_first_value_inside_and_out() {
    let message = |s: &Session| s.notice().unwrap().text.render(crate::i18n::Lang::En);
    // Two run2 keys: one run, the first; the second named.
    let mut s = Session::new(Config::default()).unwrap();
    s.load_hash("dataset=xor&run2=learningRate%3D0.3&run2=learningRate%3D0.1");
    assert_eq!(s.runs().len(), 2);
    assert_eq!(s.runs()[1].trainer.config().training.learning_rate, 0.3);
    assert!(
        message(&s).contains("run2: is given more than once"),
        "{}",
        message(&s)
    );
    // Five run2 keys: the message names run2, never a run the link did not have.
    let mut s = Session::new(Config::default()).unwrap();
    let five: Vec<String> = (1..=5)
        .map(|k| format!("run2=learningRate%3D0.{k}"))
        .collect();
    s.load_hash(&format!("dataset=xor&{}", five.join("&")));
    assert_eq!(s.runs().len(), 2);
    let said = message(&s);
    assert!(
        !said.contains("run5") && !said.contains("run6") && !said.contains("run3"),
        "{said}"
    );
    // Inside a run's patch: the first value is kept, the other named.
    let mut s = Session::new(Config::default()).unwrap();
    s.load_hash("dataset=xor&run2=learningRate%3D0.3%26learningRate%3D0.1");
    assert_eq!(s.runs()[1].trainer.config().training.learning_rate, 0.3);
    let said = message(&s);
    assert!(
        said.contains("run2: learningRate: is given more than once"),
        "{said}"
    );
    // A key percent-encoded is read decoded, as every key of a link.
    let mut s = Session::new(Config::default()).unwrap();
    s.load_hash("dataset=xor&run%32=learningRate%3D0.3");
    assert_eq!(s.runs().len(), 2);
    // run3 without run2: the link's keys name the runs in the message.
    let mut s = Session::new(Config::default()).unwrap();
    s.load_hash("dataset=xor&run3=learningRate%3D99");
    assert!(message(&s).contains("run3"), "{}", message(&s));
}

#[test]
fn removing_a_run_states_the_runs_that_can_be_removed() {
    let mut s = Session::new(Config::default()).unwrap();
    let e = s.remove_run(1).unwrap_err();
    assert_eq!(e.key, "err.noRuns", "no 'runs 1 to 0'");
    s.add_run(&json!({"learningRate": 0.3})).unwrap();
    s.add_run(&json!({"learningRate": 0.1})).unwrap();
    let e = s.remove_run(3).unwrap_err();
    assert!(e.to_string().contains("runs 1 to 2"), "{e}");
    assert!(s.remove_run(0).is_err());
    s.remove_run(2).unwrap();
    s.remove_run(1).unwrap();
    assert_eq!(s.runs().len(), 1);
}

/// A pasted text is every run's data: runs that differ in their context train on the
/// class's text, each as it would alone.
#[test]
fn runs_side_by_side_train_on_a_pasted_text() {
    let lines: Vec<String> = (0..40)
        .map(|i| ["ana", "bo", "cleo", "dan", "eve"][i % 5].repeat(1 + i % 3))
        .collect();
    let pasted = lines.join("\n");
    let mut config = Config::default();
    config.set_up_text(crate::data::Dataset::Names);
    config.experiment.network_shape = vec![8];
    let mut s = Session::new(config).unwrap();
    s.set_text(&pasted).unwrap();
    assert_eq!(s.add_run(&json!({"context": 1})).unwrap(), 1);
    assert_eq!(s.add_run(&json!({"context": 5})).unwrap(), 2);
    s.step(3);
    let runs = s.runs();
    let alone = |context: usize| {
        let mut config = s.trainer().config().clone();
        config.experiment.context = context;
        let corpus = crate::data::text::Corpus::pasted(&pasted).unwrap();
        let mut t = Trainer::with_text(config, Some(std::sync::Arc::new(corpus))).unwrap();
        t.step_epochs(3);
        t
    };
    for (run, context) in runs.iter().zip([3, 1, 5]) {
        assert_eq!(
            run.trainer.config().experiment.dataset,
            crate::data::Dataset::Text
        );
        assert_eq!(
            run.trainer.text().unwrap().vocabulary.len(),
            10,
            "the pasted text's symbols"
        );
        assert_eq!(
            state(run.trainer),
            state(&alone(context)),
            "context {context}"
        );
    }
}
