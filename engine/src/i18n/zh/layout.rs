//! 中文：页面的布局（视图的标签、课程卡片、设置按钮）。

pub const TABLE: &[(&str, &str)] = &[
    ("ui.views", "视图"),
    ("ui.tabExample", "计算过程"),
    ("tip.tabData", "数据：数据集、数据点、用于训练的比例"),
    ("tip.tabNetwork", "网络：层、神经元和权重，以及逐步演示"),
    ("tip.tabOutput", "输出：各轮的损失，以及数据上的决策边界"),
    ("tip.tabHidden", "隐藏空间：隐藏层眼中的数据"),
    ("tip.tabMistakes", "错误：网络分错了哪些点（或数字）"),
    (
        "tip.tabExample",
        "计算过程：一个样本的前向与反向传播，每一个数",
    ),
    ("ui.lessonPlace", "移动"),
    (
        "tip.lessonPlace",
        "把课程卡片放到屏幕的另一边（视图旁边或下方）",
    ),
    ("ui.lessonFold", "收起课程卡片"),
    ("ui.lessonUnfold", "展开课程卡片"),
    ("tip.lessonFold", "把卡片收成一行标题，或再展开"),
    ("ui.lessonClose", "关闭课程"),
    ("tip.lessonClose", "关闭卡片；实验保持原样"),
    ("tip.lessonsButton", "十八节课：先让全班预测，再展示结果"),
    ("ui.settings", "设置"),
    (
        "tip.settings",
        "显示或隐藏较少用的设置：速度、激活函数、正则化、损失、优化器、语言",
    ),
];
