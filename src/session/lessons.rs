//! The guided lessons: each sets up an experiment (settings on the defaults), explains it
//! in a few sentences and asks the class a question. The words are in the language tables
//! (`lesson.N.title`, `.text`, `.question`).

use crate::config::Config;
use crate::data::Dataset;
use crate::nn::{Activation, Loss, Optimizer, Regularization};

pub struct Lesson {
    /// Keys of the title, the explanation and the question.
    pub title: &'static str,
    pub text: &'static str,
    pub question: &'static str,
    /// The lesson's settings, on the defaults.
    pub settings: fn(&mut Config),
    /// Open the inspector after loading.
    pub inspect: bool,
    /// Runs compared with the lesson's experiment, each as a link writes it
    /// (`learningRate=0.03`): what it changes.
    pub runs: &'static [&'static str],
}

impl Lesson {
    /// The defaults with the lesson's settings, validated.
    pub fn config(&self) -> Result<Config, crate::config::ConfigError> {
        let mut config = Config::default();
        (self.settings)(&mut config);
        config.validate()?;
        Ok(config)
    }
}

pub const LESSONS: [Lesson; 8] = [
    Lesson {
        title: "lesson.1.title",
        text: "lesson.1.text",
        question: "lesson.1.question",
        settings: |c| {
            c.experiment.dataset = Dataset::Gauss;
            c.experiment.network_shape = vec![];
            c.training.learning_rate = 0.03;
        },
        inspect: false,
        runs: &[],
    },
    Lesson {
        title: "lesson.2.title",
        text: "lesson.2.text",
        question: "lesson.2.question",
        settings: |c| {
            c.experiment.dataset = Dataset::Xor;
            c.experiment.network_shape = vec![];
            c.training.learning_rate = 0.03;
        },
        inspect: false,
        runs: &[],
    },
    Lesson {
        title: "lesson.3.title",
        text: "lesson.3.text",
        question: "lesson.3.question",
        settings: |c| {
            c.experiment.dataset = Dataset::Circle;
            c.experiment.network_shape = vec![4, 2];
            c.training.learning_rate = 0.0003;
        },
        inspect: false,
        runs: &["learningRate=0.03", "learningRate=3"],
    },
    Lesson {
        title: "lesson.4.title",
        text: "lesson.4.text",
        question: "lesson.4.question",
        settings: |c| {
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
        },
        inspect: false,
        runs: &[],
    },
    Lesson {
        title: "lesson.5.title",
        text: "lesson.5.text",
        question: "lesson.5.question",
        settings: |c| {
            c.experiment.dataset = Dataset::Circle;
            c.experiment.activation = Activation::Sigmoid;
            c.experiment.network_shape = vec![8; 6];
            c.training.learning_rate = 0.03;
        },
        inspect: false,
        runs: &[],
    },
    Lesson {
        title: "lesson.6.title",
        text: "lesson.6.text",
        question: "lesson.6.question",
        settings: |c| {
            c.experiment.dataset = Dataset::Textbook;
            c.experiment.activation = Activation::Sigmoid;
            c.experiment.network_shape = vec![2];
            c.experiment.loss = Loss::Squared;
            c.training.optimizer = Optimizer::Sgd;
            c.training.learning_rate = 0.5;
            c.training.batch_size = 1;
            c.training.regularization = Regularization::None;
        },
        inspect: true,
        runs: &[],
    },
    Lesson {
        title: "lesson.7.title",
        text: "lesson.7.text",
        question: "lesson.7.question",
        settings: |c| {
            c.experiment.dataset = Dataset::Circle;
            c.experiment.network_shape = vec![4, 2];
            c.training.learning_rate = 0.03;
            c.view.hidden_space = true;
            c.view.hidden_layer = 2;
        },
        inspect: false,
        runs: &[],
    },
    Lesson {
        title: "lesson.8.title",
        text: "lesson.8.text",
        question: "lesson.8.question",
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
            c.view.mistakes_set = crate::config::Split::Test;
            c.view.mark_mistakes = true;
        },
        inspect: false,
        runs: &[],
    },
];
