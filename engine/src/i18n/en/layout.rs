//! English: the page's layout (the views' tabs, the lesson's card, the settings button).

pub const TABLE: &[(&str, &str)] = &[
    ("ui.views", "Views"),
    ("ui.tabExample", "Worked example"),
    ("tip.tabData", "The data: the datasets, the points, the share used for training"),
    ("tip.tabNetwork", "The network: its layers, neurons and weights, and Step through"),
    ("tip.tabOutput", "The output: the loss over the epochs and the decision boundary over the data"),
    ("tip.tabHidden", "The hidden space: the data as a hidden layer sees them"),
    ("tip.tabMistakes", "The mistakes: which points (or digits) the network gets wrong"),
    ("tip.tabExample", "The worked example: one sample through the forward and backward pass, every number"),
    ("ui.lessonPlace", "Move"),
    ("tip.lessonPlace", "Put the lesson's card at the other side of the screen (beside the views, or under them)"),
    ("ui.lessonFold", "Fold the lesson's card"),
    ("ui.lessonUnfold", "Unfold the lesson's card"),
    ("tip.lessonFold", "Fold the card to its title line, or unfold it"),
    ("ui.lessonClose", "Close the lessons"),
    ("tip.lessonClose", "Close the card; the experiment stays as it is"),
    ("tip.lessonsButton", "Eighteen lessons that ask the class to predict before they show"),
    ("ui.settings", "Settings"),
    ("tip.settings", "Show or hide the less used settings: speed, activation, regularisation, loss, optimiser, language"),
];
