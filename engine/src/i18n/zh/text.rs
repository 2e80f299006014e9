//! 简体中文：文本模式的文字（语料、粘贴的文本、让网络写字）。

pub const TABLE: &[(&str, &str)] = &[
    (
        "err.corpusLine",
        "语料的第 {line} 行不是“集合、制表符、条目”",
    ),
    (
        "err.textTooShort",
        "{n} 行：文本至少要有 {min} 行（每行一个名字或一句诗）",
    ),
    ("err.textTooLong", "{n} 个字符：文本最多 {max} 个字符"),
    (
        "err.textLineLong",
        "第 {line} 行超过 {max} 个字符：一行是一个条目（一个名字、一句诗）",
    ),
    (
        "err.textSymbol",
        "“{c}”是网络自己的符号（“.”标记每行的开始和结束，“□”代表罕见字）：请去掉它",
    ),
    (
        "err.textControl",
        "第 {line} 行有控制字符（{code}）：请粘贴纯文本",
    ),
    (
        "err.textDistinct",
        "{n} 种不同的字符：最多 {max} 种，输出层才看得清",
    ),
];
