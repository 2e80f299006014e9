//! The guided lessons: each sets up an experiment (a config patch on the defaults),
//! explains it in a few sentences and asks the class a question.

pub struct Lesson {
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
        title: "1. One neuron, two clouds",
        settings: r#"{"dataset": "gauss", "networkShape": [], "learningRate": 0.03}"#,
        text: "With no hidden layer the network is a single neuron: it weighs X₁ and X₂, adds a \
               bias and squashes the sum. Press play and watch the boundary settle between the \
               two clouds of points.",
        question: "Why can one neuron separate these two clouds? What shape is its boundary, \
                   and could it ever be curved?",
        inspect: false,
    },
    Lesson {
        title: "2. XOR needs more",
        settings: r#"{"dataset": "xor", "networkShape": [], "learningRate": 0.03}"#,
        text: "Exclusive or: blue where X₁ and X₂ have the same sign, orange where they differ. \
               Train the single neuron for a while. Then either switch on the X₁X₂ input (click \
               it in the graph) or add a hidden layer with the + button, and train again.",
        question: "Why does a single neuron on X₁ and X₂ fail here? Which of the two fixes \
                   would you expect to need fewer neurons, and why?",
        inspect: false,
    },
    Lesson {
        title: "3. The learning rate",
        settings: r#"{"dataset": "circle", "networkShape": [4, 2], "learningRate": 0.0003}"#,
        text: "The learning rate η is the size of each step downhill. It starts far too small \
               (0.0003): train, and watch the loss curve. Reset, set it to about 0.03, and train \
               again. Then try 3, and 10.",
        question: "What does the loss curve look like when η is too small, about right, and too \
                   large? Why can a large step make the loss go up?",
        inspect: false,
    },
    Lesson {
        title: "4. Overfitting and regularisation",
        settings: r#"{"dataset": "circle", "noise": 50, "percTrainData": 10, "networkShape": [8, 8, 8], "xSquared": true, "ySquared": true, "xTimesY": true, "sinX": true, "sinY": true, "showTestData": true, "learningRate": 0.03}"#,
        text: "Few, noisy training points and a big network: the network can learn the noise. \
               Train for a few hundred epochs and compare the training and test loss. Then \
               choose L2 regularisation with a rate of 0.03 (it applies at once) and watch.",
        question: "Why does the test loss rise while the training loss keeps falling? What does \
                   regularisation do to the weights, and to the boundary?",
        inspect: false,
    },
    Lesson {
        title: "5. Vanishing gradients",
        settings: r#"{"dataset": "circle", "activation": "sigmoid", "networkShape": [8, 8, 8, 8, 8, 8], "learningRate": 0.03}"#,
        text: "Six sigmoid layers. Train and watch the gradient size per layer under the graph: \
               the first layers get gradients thousands of times smaller than the last, so they \
               barely learn. Then switch the activation to ReLU and train again.",
        question: "Why does every sigmoid layer shrink the gradient (what is the largest σ′ can \
                   be)? Why does ReLU help?",
        inspect: false,
    },
    Lesson {
        title: "6. The textbook example, step by step",
        settings: r#"{"dataset": "textbook", "activation": "sigmoid", "networkShape": [2], "loss": "squared", "optimizer": "sgd", "learningRate": 0.5, "batchSize": 1, "regularization": "none"}"#,
        text: "The example from the board: inputs X = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], labels \
               y = [0, 1], a 3-2-1 sigmoid network, squared error, plain gradient descent. The \
               worked example below shows every number of one sample: the forward pass, the \
               loss, the chain rule backwards, and the step. Press “Apply this step” and check \
               that the numbers change as the formulas say.",
        question: "Work out δ of the output neuron by hand from a, y and σ′(z) = a(1 − a). Does \
                   it match? Why is every ∂L/∂W a product of a δ and an activation?",
        inspect: true,
    },
];
