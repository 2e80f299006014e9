//! The lessons as a class goes through them: every step reachable in order, a scripted
//! run through the Session meeting each step's condition; predictions asked before play.

use super::*;
use crate::session::lessons::{Condition, LESSONS};
use serde_json::Value;

/// What the class does for a step: its `done` settings, and the actions no setting
/// describes (the walk, the timeline, the pad).
fn act(s: &mut Session, step: &crate::session::Step) {
    if !step.done.is_empty()
        && !matches!(step.until, Condition::All(c) if c.contains(&Condition::Continued))
    {
        let (patch, repeated) = Config::patch_from_url(step.done).unwrap();
        assert!(repeated.is_empty(), "{}", step.done);
        s.change(&Value::Object(patch)).unwrap();
    }
    match step.until {
        Condition::WalkEnd => s.walk_to(usize::MAX),
        Condition::Runs(n) => {
            while s.runs().len() < n {
                s.add_run(&json!({"learningRate": 0.3})).unwrap();
            }
        }
        Condition::Drawn => {
            s.pad_begin(0.4, 0.2);
            s.pad_extend(0.5, 0.8);
        }
        Condition::All(all) if all.contains(&Condition::Continued) => {
            // Back to epoch 200 on the timeline, the lower rate, and on from there.
            assert_eq!(s.show_epoch(Some(200)), Some(200));
            assert!(s.continue_from_shown());
            let (patch, _) = Config::patch_from_url(step.done).unwrap();
            s.change(&Value::Object(patch)).unwrap();
        }
        _ => {}
    }
}

#[test]
fn every_lessons_steps_are_met_in_order_by_a_scripted_class() {
    let clock = FakeClock::new(0.0);
    for (index, lesson) in LESSONS.iter().enumerate() {
        let mut s = session(json!({}));
        s.open_lesson(index, 0);
        for (k, step) in lesson.steps.iter().enumerate() {
            let at = |s: &Session| s.lesson_state().unwrap();
            assert_eq!((at(&s).index, at(&s).step), (index, k), "{}", lesson.id);
            if let Some(p) = &step.predict {
                assert!((2..=4).contains(&p.choices.len()), "{} step {k}", lesson.id);
                // Play waits for the prediction, and says so.
                assert!(s.awaiting_prediction());
                s.set_running(true);
                assert!(
                    !s.running(),
                    "{} step {k} played before the prediction",
                    lesson.id
                );
                assert_eq!(s.notice().map(|n| n.text.key), Some("msg.predictFirst"));
                assert!(!s.predict(p.choices.len()), "not a choice");
                assert!(s.predict(0));
                assert!(!s.predict(1), "one prediction a step");
            }
            act(&mut s, step);
            clock.frame(&mut s, 16.0);
            let mut epochs = 0;
            while !at(&s).met && epochs < 3000 {
                s.step(1);
                epochs += 1;
            }
            assert!(
                at(&s).met,
                "{} step {} not met after {epochs} epochs",
                lesson.id,
                k + 1
            );
            println!(
                "{} step {}: met after {epochs} epochs (epoch {}), happened {:?}",
                lesson.id,
                k + 1,
                s.trainer().epoch(),
                at(&s).happened
            );
            assert_eq!(at(&s).happened.is_some(), step.predict.is_some());
            if let Some(p) = &step.predict {
                assert!(at(&s).happened.unwrap() < p.choices.len());
            }
            text_lesson_as_explained(&mut s, lesson.id, k);
            s.move_lesson(1);
        }
    }
}

/// What the text lessons' explanations say happened, on the run the scripted class made:
/// the network beats counting; five characters of context predict best; the poems' dev
/// loss rises; at temperature 0 the six names are one, at 2 mostly invented.
fn text_lesson_as_explained(s: &mut Session, id: &str, step: usize) {
    let happened = s.lesson_state().unwrap().happened;
    match (id, step) {
        ("names", 0) | ("poems", 0) => assert_eq!(happened, Some(0), "{id}"),
        ("context", 0) => assert_eq!(happened, Some(2), "five characters are best"),
        ("temperature", 1) => {
            let written = s.write(6).unwrap();
            assert!(
                written.iter().all(|w| w.text == written[0].text),
                "{written:?}"
            );
        }
        ("temperature", 2) => {
            let written = s.write(20).unwrap();
            assert!(
                written.iter().filter(|w| w.copied).count() <= 2,
                "{written:?}"
            );
        }
        ("language-models", 0) => assert_eq!(s.trainer().network().param_count(), 11_897),
        _ => {}
    }
}

#[test]
fn what_happened_is_read_from_the_run() {
    // XOR on one neuron: the loss stays high, so "no" happened; with X₁X₂, "yes".
    let xor = Lesson::find("xor").unwrap();
    let mut s = session(json!({}));
    s.open_lesson(xor, 0);
    s.predict(0);
    s.step(300);
    assert_eq!(s.lesson_state().unwrap().happened, Some(1));
    let mut s = session(json!({}));
    s.open_lesson(xor, 0);
    s.predict(1);
    s.change(&json!({"xTimesY": true})).unwrap();
    s.step(300);
    assert_eq!(s.lesson_state().unwrap().happened, Some(0));
    assert_eq!(s.lesson_state().unwrap().predicted, Some(1));
    // Three rates: the run with the lowest loss is the one the page says happened.
    let rates = Lesson::find("three-rates").unwrap();
    let mut s = session(json!({}));
    s.open_lesson(rates, 0);
    s.predict(2);
    s.step(200);
    let losses: Vec<f64> = s.runs().iter().map(|r| r.trainer.train_loss()).collect();
    let lowest = (0..3)
        .min_by(|&a, &b| losses[a].total_cmp(&losses[b]))
        .unwrap();
    assert_eq!(
        s.lesson_state().unwrap().happened,
        Some(lowest),
        "{losses:?}"
    );
    assert_eq!(lowest, 1, "η = 0.03 is lowest: {losses:?}");
}

#[test]
fn a_link_opens_a_lesson_at_a_step_with_what_the_steps_before_left() {
    let mut s = session(json!({"lang": "zh"}));
    s.load_hash("#lesson=xor&step=3");
    let state = s.lesson_state().unwrap();
    assert_eq!((LESSONS[state.index].id, state.step), ("xor", 2));
    assert!(s.config().experiment.x_times_y, "step 2's X₁X₂");
    assert_eq!(s.config().screen.lang, Some(Lang::Zh));
    assert_eq!(s.trainer().epoch(), 0);
    // Back asks again; a step past the last is the last.
    s.move_lesson(-1);
    assert_eq!(s.lesson_state().unwrap().step, 1);
    s.load_hash("#lesson=three-rates&step=99");
    assert_eq!(s.lesson_state().unwrap().step, 1);
    assert_eq!(s.runs().len(), 3);
    // An unknown lesson is refused with a message; nothing else changes.
    let before = s.config().clone();
    s.load_hash("#lesson=nonsense");
    assert_eq!(s.notice().map(|n| n.text.key), Some("msg.noLesson"));
    assert_eq!(s.config(), &before);
}

#[test]
fn every_lesson_string_is_in_both_languages() {
    for lesson in &LESSONS {
        let mut keys = vec![lesson.title];
        for step in lesson.steps {
            keys.extend([step.text, step.why]);
            if let Some(p) = &step.predict {
                keys.push(p.question);
                keys.extend(p.choices.iter());
            }
            for lang in [Lang::En, Lang::Zh] {
                assert!(!step.until.text().render(lang).is_empty());
            }
        }
        for key in keys {
            for lang in [Lang::En, Lang::Zh] {
                assert_ne!(lang.t(key), key, "{key} in {lang:?}");
            }
            assert_ne!(Lang::En.t(key), Lang::Zh.t(key), "{key}");
        }
    }
}

#[test]
fn play_stops_at_the_steps_epoch_to_show_what_happened() {
    let clock = FakeClock::new(0.01);
    let mut s = session(json!({"speed": "max"}));
    s.open_lesson(Lesson::find("xor").unwrap(), 0);
    s.predict(1);
    s.set_running(true);
    for _ in 0..1000 {
        if !s.running() {
            break;
        }
        clock.frame(&mut s, 16.0);
    }
    let state = s.lesson_state().unwrap();
    assert!(state.met && !s.running());
    assert_eq!(
        s.trainer().epoch(),
        300,
        "the step's 300 epochs, not one more"
    );
    // A step whose other condition does not hold yet does not stop play.
    let mut s = session(json!({}));
    s.open_lesson(Lesson::find("learning-rate").unwrap(), 2);
    s.predict(0);
    // Steps 1 and 2 left η = 0.03; step 3 waits for η ≥ 3 and 50 epochs.
    assert_eq!(s.config().training.learning_rate, 0.03);
    s.set_running(true);
    for _ in 0..80 {
        clock.frame(&mut s, 16.0);
    }
    assert!(
        s.running() && s.trainer().epoch() >= 80,
        "{}",
        s.trainer().epoch()
    );
}

#[test]
fn lesson_links_follow_the_rules_of_every_link() {
    let message = |s: &Session| {
        s.notice()
            .map(|n| n.text.render(Lang::En))
            .unwrap_or_default()
    };
    let xor_steps = LESSONS.iter().find(|l| l.id == "xor").unwrap().steps.len();
    // A step that is not a whole number from 1: step 1, and the message says the range.
    for bad in ["abc", "0", "-1", "1.5", ""] {
        let mut s = session(json!({}));
        s.load_hash(&format!("#lesson=xor&step={bad}"));
        assert_eq!(s.lesson_state().unwrap().step, 0, "step={bad}");
        let said = message(&s);
        assert!(
            said.contains("step") && said.contains(&format!("from 1 to {xor_steps}")),
            "step={bad}: {said}"
        );
    }
    // A step too large to hold is past the end: the last.
    let mut s = session(json!({}));
    s.load_hash("#lesson=xor&step=99999999999999999999");
    assert_eq!(s.lesson_state().unwrap().step, xor_steps - 1);
    // A repeated lesson key: the first is opened, the other named.
    let mut s = session(json!({}));
    s.load_hash("#lesson=xor&lesson=dropout");
    assert_eq!(s.lesson().unwrap().id, "xor");
    assert!(
        message(&s).contains("lesson: is given more than once"),
        "{}",
        message(&s)
    );
    // Keys beside a lesson: a bad value, an unknown key and a setting the lesson sets
    // are each named; the class's and the screen's settings are used.
    let mut s = session(json!({}));
    s.load_hash("#lesson=xor&learningRate=99&foo=1&speed=max&batchSize=20");
    let said = message(&s);
    for named in ["learningRate", "foo", "batchSize"] {
        assert!(said.contains(named), "{named}: {said}");
    }
    assert!(!said.contains("speed:"), "{said}");
    assert_eq!(
        said.matches("learningRate:").count(),
        1,
        "named once: {said}"
    );
    assert_eq!(s.config().classroom.speed, crate::config::Speed::Max);
    assert_eq!(s.lesson().unwrap().id, "xor");
    // The lesson's id is percent-decoded; an unknown one is echoed 40 characters at most.
    let mut s = session(json!({}));
    s.load_hash("#lesson=digit%2Dneuron");
    assert_eq!(s.lesson().map(|l| l.id), Some("digit-neuron"));
    let long = "x".repeat(10_000);
    s.load_hash(&format!("#lesson={long}"));
    let said = message(&s);
    assert!(
        said.chars().count() < 80,
        "{} characters",
        said.chars().count()
    );
    assert_eq!(
        s.lesson().map(|l| l.id),
        Some("digit-neuron"),
        "nothing changed"
    );
}
