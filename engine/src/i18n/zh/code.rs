//! 中文：导出为 Python，以及课程的步骤。

pub const TABLE: &[(&str, &str)] = &[
    ("tip.pythonStart", "脚本开始时的权重：现在的网络，或第 0 轮时的网络"),
    ("tip.pythonEpochs", "脚本训练并打印的轮数（1 到 1000）"),
    ("ui.python", "导出为 Python（NumPy）"),
    ("tip.python", "一个包含这些数据、权重、设置以及写成代码的训练过程的 Python 脚本：用 python3 和 NumPy 运行，它打印与页面相同的损失"),
    ("ui.pythonFrom", "起点"),
    ("opt.pythonNow", "现在的网络"),
    ("opt.pythonEpoch0", "第 0 轮"),
    ("ui.pythonEpochs", "轮数"),
    ("err.pythonOptions", "exportPython 的参数为 { start: \"now\" 或 \"epoch0\", epochs: 整数轮数 }"),
    ("msg.pythonEpochs", "对这个网络和这些数据，脚本可以训练 1 到 {max} 轮（页面在下载前先训练这些轮，所以工作量有上限）"),
    ("msg.pythonNoData", "没有可以训练的训练样本"),
    ("msg.pythonNoEpoch0", "第 0 轮已不再保留：请重置网络，或从现在导出"),
    ("msg.pythonOverflow", "下一轮会溢出，没有可导出的内容：请降低学习率"),
    ("msg.pythonSaved", "已保存 {file}：用 python3 和 NumPy 运行，它打印接下来 {epochs} 轮的损失"),
];
