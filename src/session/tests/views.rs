//! The snapshot's mistakes, and the lessons of the hidden space and the mistakes: that
//! they show what their words say.

use super::*;

#[test]
fn the_snapshot_carries_the_confusion_counts_or_the_regression_errors() {
    let mut s = session(json!({"dataset": "xor", "networkShape": [4]}));
    s.step(30);
    let snap = serde_json::to_value(s.snapshot()).unwrap();
    assert_eq!(snap["metrics"], serde_json::Value::Null);
    for (set, count, accuracy) in [
        ("train", "trainCount", "trainAccuracy"),
        ("test", "testCount", "testAccuracy"),
    ] {
        let rows: Vec<Vec<u64>> = serde_json::from_value(snap["confusion"][set].clone()).unwrap();
        let total: u64 = rows.iter().flatten().sum();
        assert_eq!(json!(total), snap[count]);
        let right = rows[0][0] + rows[1][1];
        assert_eq!(json!(right as f64 / total as f64), snap[accuracy]);
    }
    let mut r = session(json!({"problem": "regression"}));
    r.step(10);
    let snap = serde_json::to_value(r.snapshot()).unwrap();
    assert_eq!(snap["confusion"], serde_json::Value::Null);
    let rmse = snap["metrics"]["train"]["rmse"].as_f64().unwrap();
    let loss = snap["trainLoss"].as_f64().unwrap();
    assert!((rmse - (2.0 * loss).sqrt()).abs() < 1e-12);
    assert!(snap["metrics"]["test"]["r2"].as_f64().is_some());
}

#[test]
fn in_the_folding_lesson_a_straight_line_comes_to_separate_the_classes_in_the_hidden_space() {
    use crate::hidden::{Axes, HiddenSpace};
    let index = LESSONS
        .iter()
        .position(|l| l.title == "lesson.7.title")
        .unwrap();
    let mut s = session(json!({}));
    s.load_lesson(index);
    assert!(s.config().view.hidden_space);
    // The share of training points on their class's side of the output's line w·h + b = 0.
    let separated = |s: &Session| {
        let t = s.trainer();
        let v = &t.config().view;
        let axes = Axes::nearest(t.network(), v.hidden_layer, 1, 2).unwrap();
        assert!(
            axes.output_reads(t.network()),
            "the lesson shows the last hidden layer"
        );
        let mut space = HiddenSpace::default();
        space.compute(t.network(), t.features(), axes, t.train_samples(), &[]);
        let b = space.boundary.unwrap();
        let right = space
            .points
            .iter()
            .zip(t.train_samples())
            .filter(|(h, p)| (b.w[0] * h[0] + b.w[1] * h[1] + b.b >= 0.0) == (p.label > 0.0))
            .count();
        right as f64 / t.train_samples().len() as f64
    };
    let before = separated(&s);
    s.step(400);
    let after = separated(&s);
    assert!(after >= 0.97, "{before} -> {after}");
    assert!(
        before < 0.8,
        "untrained, the line does not separate them yet ({before})"
    );
}

#[test]
fn the_mistakes_lesson_marks_the_wrong_test_points() {
    let index = LESSONS
        .iter()
        .position(|l| l.title == "lesson.8.title")
        .unwrap();
    let mut s = session(json!({}));
    s.load_lesson(index);
    s.step(300);
    let t = s.trainer();
    let v = &t.config().view;
    assert!(v.mark_mistakes && v.show_test_data);
    assert_eq!(v.mistakes_set, crate::config::Split::Test);
    let test = t.scores()[1];
    let wrong = t
        .test_samples()
        .iter()
        .enumerate()
        .filter(|(k, p)| test.wrong(*k, p.label))
        .count();
    // Noise 25: some test points stay wrong, most are right.
    let accuracy = t.test_accuracy().unwrap();
    assert!(
        wrong > 0 && accuracy > 0.7,
        "{wrong} wrong, accuracy {accuracy}"
    );
}

#[test]
fn every_step_of_every_lesson_opens_the_view_it_talks_about() {
    use crate::config::Pane;
    use crate::names::Choice;
    let mut s = session(json!({}));
    let mut seen = std::collections::BTreeSet::new();
    for (index, lesson) in LESSONS.iter().enumerate() {
        for (k, step) in lesson.steps.iter().enumerate() {
            // Opened from a link at that step, and reached by Next from the step before.
            s.show_view(Pane::Data);
            s.open_lesson(index, k);
            assert_eq!(
                s.config().view.pane,
                step.view,
                "{} step {}",
                lesson.id,
                k + 1
            );
            if k > 0 {
                s.open_lesson(index, k - 1);
                s.show_view(Pane::Data);
                s.move_lesson(1);
                assert_eq!(
                    s.config().view.pane,
                    step.view,
                    "{} next to {}",
                    lesson.id,
                    k + 1
                );
            }
            // The view is one this experiment has: the hidden space needs a hidden layer
            // of the plane, the mistakes a classification.
            let c = s.config();
            match step.view {
                Pane::Hidden => assert!(c.has_plane() && !c.experiment.network_shape.is_empty()),
                Pane::Mistakes => {
                    assert_eq!(c.experiment.problem, crate::config::Problem::Classification)
                }
                _ => {}
            }
            seen.insert(step.view.name());
        }
    }
    // The lessons between them open every view a wide screen shows beside the network.
    for pane in ["output", "hidden", "mistakes", "example", "network"] {
        assert!(seen.contains(pane), "no step opens {pane}");
    }
}

#[test]
fn opening_a_view_changes_nothing_in_training_and_the_hidden_space_switches_itself_on() {
    use crate::config::Pane;
    use crate::names::Choice;
    let mut s = session(json!({"networkShape": [4, 2]}));
    s.step(20);
    let weights = format!("{:?}", s.trainer().network());
    let epoch = s.trainer().epoch();
    assert!(!s.config().view.hidden_space);
    for pane in Pane::all() {
        s.show_view(pane);
        assert_eq!(s.config().view.pane, pane);
    }
    s.show_view(Pane::Hidden);
    assert!(
        s.config().view.hidden_space,
        "the hidden space's view computes it"
    );
    assert_eq!(s.trainer().epoch(), epoch);
    assert_eq!(
        format!("{:?}", s.trainer().network()),
        weights,
        "a view changes no weight"
    );
    // The open view is the link's `view`, both ways; a wrong one is refused by name.
    assert!(s.config().to_url_hash().contains("view=hidden"));
    // So does a link's or the API's `view`.
    assert!(Config::from_url_hash("#view=hidden").0.view.hidden_space);
    let (c, refusals) = Config::from_url_hash("#view=mistakes");
    assert_eq!(c.view.pane, Pane::Mistakes);
    assert!(refusals.is_empty());
    // A link from before the tabs that showed the hidden space opens on its view.
    assert_eq!(
        Config::from_url_hash("#hiddenSpace=true").0.view.pane,
        Pane::Hidden
    );
    let (c, refusals) = Config::from_url_hash("#view=everything");
    assert_eq!(c.view.pane, Pane::Output);
    assert!(!refusals.is_empty());
}

#[test]
fn closing_a_lesson_keeps_the_experiment_as_it_is() {
    let mut s = session(json!({}));
    s.open_lesson(1, 1);
    let config = s.config().clone();
    s.step(3);
    s.close_lesson();
    assert!(s.lesson().is_none());
    assert!(!s.awaiting_prediction());
    assert_eq!(*s.config(), config);
    assert_eq!(s.trainer().epoch(), 3);
}
