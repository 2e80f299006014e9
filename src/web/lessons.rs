//! The guided lessons: each sets up an experiment (a config patch on the defaults),
//! explains it in a few sentences and asks the class a question. The words are in the
//! language tables (`lesson.N.title`, `.text`, `.question`).

pub struct Lesson {
    /// Keys of the title, the explanation and the question.
    pub title: &'static str,
    /// Settings on top of the defaults, as JSON (the same path as `setConfig`).
    pub settings: &'static str,
    pub text: &'static str,
    pub question: &'static str,
    /// Open the inspector after loading.
    pub inspect: bool,
}

pub const LESSONS: [Lesson; 6] = [
    Lesson {
        title: "lesson.1.title",
        settings: r#"{"dataset": "gauss", "networkShape": [], "learningRate": 0.03}"#,
        text: "lesson.1.text",
        question: "lesson.1.question",
        inspect: false,
    },
    Lesson {
        title: "lesson.2.title",
        settings: r#"{"dataset": "xor", "networkShape": [], "learningRate": 0.03}"#,
        text: "lesson.2.text",
        question: "lesson.2.question",
        inspect: false,
    },
    Lesson {
        title: "lesson.3.title",
        settings: r#"{"dataset": "circle", "networkShape": [4, 2], "learningRate": 0.0003}"#,
        text: "lesson.3.text",
        question: "lesson.3.question",
        inspect: false,
    },
    Lesson {
        title: "lesson.4.title",
        settings: r#"{"dataset": "circle", "noise": 50, "percTrainData": 10, "networkShape": [8, 8, 8], "xSquared": true, "ySquared": true, "xTimesY": true, "sinX": true, "sinY": true, "showTestData": true, "learningRate": 0.03}"#,
        text: "lesson.4.text",
        question: "lesson.4.question",
        inspect: false,
    },
    Lesson {
        title: "lesson.5.title",
        settings: r#"{"dataset": "circle", "activation": "sigmoid", "networkShape": [8, 8, 8, 8, 8, 8], "learningRate": 0.03}"#,
        text: "lesson.5.text",
        question: "lesson.5.question",
        inspect: false,
    },
    Lesson {
        title: "lesson.6.title",
        settings: r#"{"dataset": "textbook", "activation": "sigmoid", "networkShape": [2], "loss": "squared", "optimizer": "sgd", "learningRate": 0.5, "batchSize": 1, "regularization": "none"}"#,
        text: "lesson.6.text",
        question: "lesson.6.question",
        inspect: true,
    },
];
