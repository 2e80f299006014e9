//! English: the text mode's words (the corpora, a pasted text, writing with the network).

pub const TABLE: &[(&str, &str)] = &[
    ("err.corpusLine", "line {line} of the corpus is not “set, a tab, then the item”"),
    ("err.textTooShort", "{n} lines: a text needs at least {min} lines (one name, or one verse, a line)"),
    ("err.textTooLong", "{n} characters: a text may have at most {max}"),
    ("err.textLineLong", "line {line} is longer than {max} characters: a line is one item (a name, a verse)"),
    ("err.textSymbol", "“{c}” is one of the network's own symbols (“.” starts and ends every line, “□” is a rare character): write the lines without it"),
    ("err.textControl", "line {line} has a control character ({code}): paste plain text"),
    ("err.textDistinct", "{n} different characters: at most {max}, so that the output layer stays readable"),
];
