//! The lessons: the first eight are the page's original ones, reworked into steps; the
//! next use the hidden space, the timeline, runs side by side, dropout, the digits and
//! "Step through"; the last five are text mode's, from a network that writes names to
//! the large language models.

use super::{Condition, Lesson, Outcome, Prediction, Step};
use crate::config::{Config, Pane, Split};
use crate::data::{Dataset, Feature};
use crate::nn::{Activation, Loss, Optimizer, Regularization};

const fn step(text: &'static str, until: Condition, why: &'static str) -> Step {
    Step {
        text,
        predict: None,
        until,
        why,
        done: "",
        view: Pane::Output,
        python: false,
    }
}

/// A step about `view` (rather than the output).
const fn about(view: Pane, step: Step) -> Step {
    Step { view, ..step }
}

const fn ask(
    question: &'static str,
    choices: &'static [&'static str],
    outcome: Outcome,
) -> Option<Prediction> {
    Some(Prediction {
        question,
        choices,
        outcome,
    })
}

mod text;

const TRAIN: bool = false;
const TEST: bool = true;

fn circle_two_layers(c: &mut Config) {
    c.experiment.dataset = Dataset::Circle;
    c.experiment.network_shape = vec![4, 2];
}

fn overfitting(c: &mut Config) {
    c.experiment.dataset = Dataset::Circle;
    c.experiment.noise = 50;
    c.experiment.perc_train_data = 10;
    c.experiment.network_shape = vec![8, 8, 8];
    c.experiment.x_squared = true;
    c.experiment.y_squared = true;
    c.experiment.x_times_y = true;
    c.experiment.sin_x = true;
    c.experiment.sin_y = true;
    c.view.show_test_data = true;
    c.training.learning_rate = 0.03;
}

fn textbook(c: &mut Config) {
    c.experiment.dataset = Dataset::Textbook;
    c.experiment.activation = Activation::Sigmoid;
    c.experiment.network_shape = vec![2];
    c.experiment.loss = Loss::Squared;
    c.training.optimizer = Optimizer::Sgd;
    c.training.learning_rate = 0.5;
    c.training.batch_size = 1;
    c.training.regularization = Regularization::None;
}

pub const LESSONS: [Lesson; 18] = [
    Lesson {
        id: "one-neuron",
        title: "lesson.1.title",
        settings: |c| {
            c.experiment.dataset = Dataset::Gauss;
            c.experiment.network_shape = vec![];
            c.training.learning_rate = 0.03;
        },
        runs: &[],
        steps: &[
            Step {
                predict: ask(
                    "lesson.1.1.q",
                    &["lesson.1.1.a", "lesson.1.1.b"],
                    Outcome::Known(0),
                ),
                ..step("lesson.1.1", Condition::Epochs(50), "lesson.1.1.why")
            },
            Step {
                view: Pane::Network,
                done: "xSquared=true",
                ..step(
                    "lesson.1.2",
                    Condition::Feature(Feature::X1Squared),
                    "lesson.1.2.why",
                )
            },
        ],
    },
    Lesson {
        id: "xor",
        title: "lesson.2.title",
        settings: |c| {
            c.experiment.dataset = Dataset::Xor;
            c.experiment.network_shape = vec![];
            c.training.learning_rate = 0.03;
        },
        runs: &[],
        steps: &[
            Step {
                predict: ask(
                    "lesson.2.1.q",
                    &["lesson.2.1.a", "lesson.2.1.b"],
                    Outcome::Holds(Condition::LossBelow {
                        test: TRAIN,
                        value: 0.1,
                    }),
                ),
                ..step("lesson.2.1", Condition::Epochs(300), "lesson.2.1.why")
            },
            Step {
                view: Pane::Network,
                done: "xTimesY=true",
                ..step(
                    "lesson.2.2",
                    Condition::Any(&[
                        Condition::Feature(Feature::X1TimesX2),
                        Condition::HiddenLayers(1),
                    ]),
                    "lesson.2.2.why",
                )
            },
            step(
                "lesson.2.3",
                Condition::LossBelow {
                    test: TRAIN,
                    value: 0.05,
                },
                "lesson.2.3.why",
            ),
        ],
    },
    Lesson {
        id: "learning-rate",
        title: "lesson.3.title",
        settings: |c| {
            circle_two_layers(c);
            c.training.learning_rate = 0.0003;
        },
        runs: &[],
        steps: &[
            Step {
                predict: ask(
                    "lesson.3.1.q",
                    &["lesson.3.1.a", "lesson.3.1.b"],
                    Outcome::Holds(Condition::LossBelow {
                        test: TRAIN,
                        value: 0.25,
                    }),
                ),
                ..step("lesson.3.1", Condition::Epochs(100), "lesson.3.1.why")
            },
            Step {
                done: "learningRate=0.03",
                ..step(
                    "lesson.3.2",
                    Condition::All(&[
                        Condition::RateAtLeast(0.03),
                        Condition::LossBelow {
                            test: TRAIN,
                            value: 0.1,
                        },
                    ]),
                    "lesson.3.2.why",
                )
            },
            Step {
                predict: ask(
                    "lesson.3.3.q",
                    &["lesson.3.3.a", "lesson.3.3.b"],
                    Outcome::Holds(Condition::LossBelow {
                        test: TRAIN,
                        value: 0.05,
                    }),
                ),
                done: "learningRate=3",
                ..step(
                    "lesson.3.3",
                    Condition::All(&[Condition::RateAtLeast(3.0), Condition::Epochs(50)]),
                    "lesson.3.3.why",
                )
            },
        ],
    },
    Lesson {
        id: "overfitting",
        title: "lesson.4.title",
        settings: overfitting,
        runs: &[],
        steps: &[
            Step {
                predict: ask(
                    "lesson.4.1.q",
                    &["lesson.4.1.a", "lesson.4.1.b"],
                    Outcome::Holds(Condition::TestLossRose),
                ),
                ..step("lesson.4.1", Condition::Epochs(500), "lesson.4.1.why")
            },
            Step {
                done: "regularization=L2&regularizationRate=0.01",
                ..step(
                    "lesson.4.2",
                    Condition::All(&[Condition::Regularized, Condition::Epochs(300)]),
                    "lesson.4.2.why",
                )
            },
        ],
    },
    Lesson {
        id: "vanishing-gradients",
        title: "lesson.5.title",
        settings: |c| {
            c.experiment.dataset = Dataset::Circle;
            c.experiment.activation = Activation::Sigmoid;
            c.experiment.network_shape = vec![8; 6];
            c.training.learning_rate = 0.03;
        },
        runs: &[],
        steps: &[
            Step {
                view: Pane::Network,
                predict: ask(
                    "lesson.5.1.q",
                    &["lesson.5.1.a", "lesson.5.1.b"],
                    Outcome::Holds(Condition::GradientsShrink),
                ),
                ..step("lesson.5.1", Condition::Epochs(20), "lesson.5.1.why")
            },
            Step {
                view: Pane::Network,
                done: "activation=relu",
                ..step(
                    "lesson.5.2",
                    Condition::All(&[
                        Condition::Activation(Activation::Relu),
                        Condition::Epochs(20),
                    ]),
                    "lesson.5.2.why",
                )
            },
        ],
    },
    Lesson {
        id: "textbook",
        title: "lesson.6.title",
        settings: textbook,
        runs: &[],
        steps: &[
            about(
                Pane::Example,
                step("lesson.6.1", Condition::Epochs(1), "lesson.6.1.why"),
            ),
            Step {
                python: true,
                ..about(
                    Pane::Example,
                    step("lesson.6.2", Condition::Read, "lesson.6.2.why"),
                )
            },
        ],
    },
    Lesson {
        id: "fold",
        title: "lesson.7.title",
        settings: |c| {
            circle_two_layers(c);
            c.training.learning_rate = 0.03;
            c.view.hidden_space = true;
            c.view.hidden_layer = 2;
        },
        runs: &[],
        steps: &[
            Step {
                view: Pane::Hidden,
                predict: ask(
                    "lesson.7.1.q",
                    &["lesson.7.1.a", "lesson.7.1.b"],
                    Outcome::Holds(Condition::AccuracyAbove {
                        test: TRAIN,
                        value: 0.97,
                    }),
                ),
                ..step("lesson.7.1", Condition::Epochs(300), "lesson.7.1.why")
            },
            Step {
                view: Pane::Hidden,
                done: "hiddenLayer=1",
                ..step(
                    "lesson.7.2",
                    Condition::HiddenLayerShown(1),
                    "lesson.7.2.why",
                )
            },
        ],
    },
    Lesson {
        id: "mistakes",
        title: "lesson.8.title",
        settings: |c| {
            c.experiment.dataset = Dataset::Spiral;
            c.experiment.noise = 25;
            c.experiment.network_shape = vec![6, 4];
            c.experiment.x_squared = true;
            c.experiment.y_squared = true;
            c.experiment.sin_x = true;
            c.experiment.sin_y = true;
            c.training.learning_rate = 0.03;
            c.view.show_test_data = true;
            c.view.mistakes_set = Split::Test;
            c.view.mark_mistakes = true;
        },
        runs: &[],
        steps: &[
            Step {
                view: Pane::Mistakes,
                predict: ask(
                    "lesson.8.1.q",
                    &["lesson.8.1.a", "lesson.8.1.b"],
                    Outcome::Holds(Condition::TestWorse),
                ),
                ..step("lesson.8.1", Condition::Epochs(300), "lesson.8.1.why")
            },
            step("lesson.8.2", Condition::Read, "lesson.8.2.why"),
        ],
    },
    Lesson {
        id: "timeline",
        title: "lesson.9.title",
        settings: |c| {
            c.experiment.dataset = Dataset::Spiral;
            c.experiment.network_shape = vec![8, 6];
            c.experiment.x_squared = true;
            c.experiment.y_squared = true;
            c.experiment.sin_x = true;
            c.experiment.sin_y = true;
            c.training.learning_rate = 0.1;
        },
        runs: &[],
        steps: &[
            step("lesson.9.1", Condition::Epoch(400), "lesson.9.1.why"),
            Step {
                predict: ask(
                    "lesson.9.2.q",
                    &["lesson.9.2.a", "lesson.9.2.b"],
                    Outcome::Holds(Condition::BranchLower),
                ),
                done: "learningRate=0.01",
                ..step(
                    "lesson.9.2",
                    Condition::All(&[
                        Condition::Continued,
                        Condition::RateAtMost(0.01),
                        Condition::Epoch(400),
                    ]),
                    "lesson.9.2.why",
                )
            },
        ],
    },
    Lesson {
        id: "three-rates",
        title: "lesson.10.title",
        settings: |c| {
            circle_two_layers(c);
            c.training.learning_rate = 0.0003;
        },
        runs: &["learningRate=0.03", "learningRate=3"],
        steps: &[
            Step {
                predict: ask(
                    "lesson.10.1.q",
                    &["lesson.10.1.a", "lesson.10.1.b", "lesson.10.1.c"],
                    Outcome::LowestRun { test: TRAIN },
                ),
                ..step("lesson.10.1", Condition::Epochs(200), "lesson.10.1.why")
            },
            step("lesson.10.2", Condition::Runs(4), "lesson.10.2.why"),
        ],
    },
    Lesson {
        id: "dropout",
        title: "lesson.11.title",
        settings: overfitting,
        runs: &["dropout=0.5,0.5,0.5"],
        steps: &[
            Step {
                predict: ask(
                    "lesson.11.1.q",
                    &["lesson.11.1.a", "lesson.11.1.b"],
                    Outcome::LowestRun { test: TEST },
                ),
                ..step("lesson.11.1", Condition::Epochs(500), "lesson.11.1.why")
            },
            step("lesson.11.2", Condition::Read, "lesson.11.2.why"),
        ],
    },
    Lesson {
        id: "digit-neuron",
        title: "lesson.12.title",
        settings: |c| {
            c.experiment.dataset = Dataset::Digits;
            c.set_up_digits();
        },
        runs: &[],
        steps: &[
            Step {
                predict: ask(
                    "lesson.12.1.q",
                    &["lesson.12.1.a", "lesson.12.1.b", "lesson.12.1.c"],
                    Outcome::EpochAtMost(&[3, 30]),
                ),
                ..step(
                    "lesson.12.1",
                    Condition::AccuracyAbove {
                        test: TEST,
                        value: 0.9,
                    },
                    "lesson.12.1.why",
                )
            },
            step("lesson.12.2", Condition::Drawn, "lesson.12.2.why"),
        ],
    },
    Lesson {
        id: "backprop",
        title: "lesson.13.title",
        settings: textbook,
        runs: &[],
        steps: &[
            Step {
                view: Pane::Network,
                predict: ask(
                    "lesson.13.1.q",
                    &["lesson.13.1.a", "lesson.13.1.b"],
                    Outcome::Known(0),
                ),
                ..step("lesson.13.1", Condition::WalkEnd, "lesson.13.1.why")
            },
            about(
                Pane::Example,
                step("lesson.13.2", Condition::Epochs(1), "lesson.13.2.why"),
            ),
        ],
    },
    text::NAMES,
    text::TEMPERATURE,
    text::CONTEXT,
    text::POEMS,
    text::LANGUAGE_MODELS,
];
