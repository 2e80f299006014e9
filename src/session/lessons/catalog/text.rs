//! Text mode's lessons: a network that writes names, the temperature, more context,
//! overfitting a small corpus, and from this network to the large language models.

use super::{about, ask, step, TEST};
use crate::config::{Config, Pane};
use crate::data::Dataset;
use crate::session::lessons::{Condition, Lesson, Outcome, Step};

fn names(c: &mut Config) {
    c.set_up_text(Dataset::Names);
}

pub const NAMES: Lesson = Lesson {
    id: "names",
    title: "lesson.14.title",
    settings: names,
    runs: &[],
    steps: &[
        Step {
            predict: ask(
                "lesson.14.1.q",
                &["lesson.14.1.a", "lesson.14.1.b"],
                Outcome::Holds(Condition::BeatsCounting),
            ),
            ..step(
                "lesson.14.1",
                Condition::Any(&[Condition::BeatsCounting, Condition::Epochs(20)]),
                "lesson.14.1.why",
            )
        },
        step("lesson.14.2", Condition::Read, "lesson.14.2.why"),
    ],
};

pub const TEMPERATURE: Lesson = Lesson {
    id: "temperature",
    title: "lesson.15.title",
    settings: names,
    runs: &[],
    steps: &[
        step("lesson.15.1", Condition::Epoch(12), "lesson.15.1.why"),
        Step {
            predict: ask(
                "lesson.15.2.q",
                &["lesson.15.2.a", "lesson.15.2.b"],
                Outcome::Known(0),
            ),
            done: "temperature=0",
            ..step(
                "lesson.15.2",
                Condition::TemperatureAtMost(0.0),
                "lesson.15.2.why",
            )
        },
        Step {
            predict: ask(
                "lesson.15.3.q",
                &["lesson.15.3.a", "lesson.15.3.b"],
                Outcome::Known(1),
            ),
            done: "temperature=2",
            ..step(
                "lesson.15.3",
                Condition::TemperatureAtLeast(2.0),
                "lesson.15.3.why",
            )
        },
    ],
};

pub const CONTEXT: Lesson = Lesson {
    id: "context",
    title: "lesson.16.title",
    settings: |c| {
        names(c);
        c.experiment.context = 1;
    },
    runs: &["context=3", "context=5"],
    steps: &[
        Step {
            predict: ask(
                "lesson.16.1.q",
                &["lesson.16.1.a", "lesson.16.1.b", "lesson.16.1.c"],
                Outcome::LowestRun { test: TEST },
            ),
            ..step("lesson.16.1", Condition::Epochs(6), "lesson.16.1.why")
        },
        step("lesson.16.2", Condition::Read, "lesson.16.2.why"),
    ],
};

pub const POEMS: Lesson = Lesson {
    id: "poems",
    title: "lesson.17.title",
    settings: |c| c.set_up_text(Dataset::Poems),
    runs: &[],
    steps: &[
        Step {
            predict: ask(
                "lesson.17.1.q",
                &["lesson.17.1.a", "lesson.17.1.b"],
                Outcome::Holds(Condition::TestLossRose),
            ),
            ..step(
                "lesson.17.1",
                Condition::Any(&[Condition::TestLossRose, Condition::Epochs(20)]),
                "lesson.17.1.why",
            )
        },
        step("lesson.17.2", Condition::Read, "lesson.17.2.why"),
    ],
};

pub const LANGUAGE_MODELS: Lesson = Lesson {
    id: "language-models",
    title: "lesson.18.title",
    settings: names,
    runs: &[],
    steps: &[
        Step {
            view: Pane::Network,
            predict: ask(
                "lesson.18.1.q",
                &["lesson.18.1.a", "lesson.18.1.b", "lesson.18.1.c"],
                Outcome::Known(0),
            ),
            ..step("lesson.18.1", Condition::Read, "lesson.18.1.why")
        },
        Step {
            predict: ask(
                "lesson.18.2.q",
                &["lesson.18.2.a", "lesson.18.2.b"],
                Outcome::Known(0),
            ),
            ..step("lesson.18.2", Condition::Epochs(3), "lesson.18.2.why")
        },
        about(
            Pane::Example,
            Step {
                predict: ask(
                    "lesson.18.3.q",
                    &["lesson.18.3.a", "lesson.18.3.b"],
                    Outcome::Known(0),
                ),
                ..step("lesson.18.3", Condition::Read, "lesson.18.3.why")
            },
        ),
    ],
};
