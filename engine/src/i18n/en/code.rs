//! English: the export to Python and the lessons' steps.

pub const TABLE: &[(&str, &str)] = &[
    ("tip.pythonStart", "The weights the script starts from: the network now, or as it was at epoch 0"),
    ("tip.pythonEpochs", "How many epochs the script trains and prints (1 to 1000)"),
    ("ui.python", "Export as Python (NumPy)"),
    ("tip.python", "A Python script with these data, weights and settings and the training written out: run it with python3 and NumPy and it prints the same losses as the page"),
    ("ui.pythonFrom", "from"),
    ("opt.pythonNow", "the network now"),
    ("opt.pythonEpoch0", "epoch 0"),
    ("ui.pythonEpochs", "epochs"),
    ("err.pythonOptions", "exportPython takes { start: \"now\" or \"epoch0\", epochs: a whole number of epochs }"),
    ("msg.pythonEpochs", "the script can train 1 to {max} epochs of this network on these data (the page trains them before the download, so the work is bounded)"),
    ("msg.pythonNoData", "there are no training samples to train on"),
    ("msg.pythonNoEpoch0", "epoch 0 is no longer kept: reset the network, or export from now"),
    ("msg.pythonOverflow", "the next epoch overflows, so there is nothing to export: lower the learning rate"),
    ("msg.pythonSaved", "Saved {file}: run it with python3 and NumPy; it prints the losses of the next {epochs} epochs"),
];
