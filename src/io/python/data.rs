//! The script's data: the points and their features, the textbook's two samples, the
//! digits' pixels, or text mode's contexts and next characters; and the targets.

use super::{row, Writer};
use crate::data::digits;
use crate::train::{Objective, Trainer};
use std::fmt::Write;

impl Writer {
    pub(super) fn data(&mut self, t: &Trainer) {
        let w = self.words;
        let config = t.config();
        self.section(w.data_title);
        let sets = [("TRAIN", t.train_samples()), ("TEST", t.test_samples())];
        if config.is_digits() {
            self.comment(w.digits);
            for (set, (name, samples)) in t.images().iter().zip(sets) {
                let _ = writeln!(self.out, "{name}_PIXELS = np.array([");
                for image in set.iter() {
                    let items: Vec<String> = image.iter().map(|p| p.to_string()).collect();
                    let _ = writeln!(self.out, "    [{}],", items.join(", "));
                }
                let _ = writeln!(self.out, "], dtype=float).reshape(-1, {})", digits::PIXELS);
                let labels = samples.iter().map(|s| s.label);
                let _ = writeln!(self.out, "{name}_LABELS = np.array({})", row(labels));
            }
            let _ = writeln!(
                self.out,
                "X_train, X_test = TRAIN_PIXELS / {0:?}, TEST_PIXELS / {0:?}",
                f64::from(digits::MAX_PIXEL)
            );
        } else if config.is_textbook() {
            self.comment(w.textbook);
            let inputs = crate::data::datasets::TEXTBOOK_INPUTS.iter();
            let rows: Vec<String> = inputs.map(|x| row(x.iter().copied())).collect();
            let _ = writeln!(self.out, "X_train = np.array([{}])", rows.join(", "));
            self.line("X_test = np.zeros((0, 3))");
            let labels = t.train_samples().iter().map(|s| s.label);
            let _ = writeln!(self.out, "TRAIN_LABELS = np.array({})", row(labels));
            self.line("TEST_LABELS = np.zeros(0)");
        } else if let (Some(data), Some(contexts)) = (t.text(), t.contexts()) {
            self.comment(w.text);
            // Each symbol as a Python string literal (JSON's escapes are Python's too).
            let symbols: Vec<String> = data
                .vocabulary
                .symbols()
                .iter()
                .map(|c| serde_json::to_string(&c.to_string()).unwrap_or_default())
                .collect();
            let _ = writeln!(self.out, "SYMBOLS = [{}]", symbols.join(", "));
            let k = config.experiment.context;
            let d = t.network().embedding.as_ref().map_or(0, |e| e.dim);
            let _ = writeln!(self.out, "CONTEXT, EMBEDDING = {k}, {d}");
            for ((name, samples), inputs) in sets.into_iter().zip(contexts) {
                let _ = writeln!(self.out, "{name}_CONTEXTS = np.array([");
                for context in inputs.chunks(k.max(1)) {
                    let ids: Vec<String> =
                        context.iter().map(|&c| (c as usize).to_string()).collect();
                    let _ = writeln!(self.out, "    {},", ids.join(", "));
                }
                let _ = writeln!(self.out, "], dtype=np.int64).reshape(-1, CONTEXT)");
                let next: Vec<String> = samples
                    .iter()
                    .map(|s| (s.label as usize).to_string())
                    .collect();
                let _ = writeln!(self.out, "{name}_LABELS = np.array([{}])", next.join(", "));
            }
            self.line("");
            self.line("def look_up(contexts):");
            let _ = writeln!(self.out, "    # {}", w.look_up);
            self.line("    return C[contexts].reshape(len(contexts), CONTEXT * EMBEDDING)");
            self.line("");
            self.line("X_train, X_test = TRAIN_CONTEXTS, TEST_CONTEXTS");
        } else {
            self.comment(w.points);
            for (name, samples) in sets {
                let _ = writeln!(self.out, "{name} = np.array([");
                for s in samples {
                    let _ = writeln!(self.out, "    {},", row([s.x, s.y, s.label]));
                }
                self.line("]).reshape(-1, 3)");
            }
            self.line("TRAIN_LABELS, TEST_LABELS = TRAIN[:, 2], TEST[:, 2]");
            self.line("");
            self.line("def features(points):");
            let _ = writeln!(self.out, "    # {}", w.features);
            self.line("    x1, x2 = points[:, 0], points[:, 1]");
            let columns: Vec<&str> = t.features().iter().map(|&f| feature_code(f)).collect();
            let _ = writeln!(
                self.out,
                "    return np.column_stack([{}]).reshape(len(points), {})",
                columns.join(", "),
                columns.len()
            );
            self.line("");
            self.line("X_train, X_test = features(TRAIN), features(TEST)");
        }
        self.line("");
        let n_out = t.network().layers.last().map_or(1, |l| l.n_out);
        let objective = t.objective();
        let (comment, code) = if n_out > 1 {
            (
                w.targets_one_hot,
                format!("np.eye({n_out})[labels.astype(int)]"),
            )
        } else if objective == Objective::BinaryCrossEntropy && !config.is_textbook() {
            (
                w.targets_half,
                "((labels + 1) / 2).reshape(-1, 1)".to_string(),
            )
        } else {
            (w.targets_label, "labels.reshape(-1, 1)".to_string())
        };
        self.line("def targets(labels):");
        let _ = writeln!(self.out, "    # {comment}");
        let _ = writeln!(self.out, "    return {code}");
        self.line("");
        self.line("T_train, T_test = targets(TRAIN_LABELS), targets(TEST_LABELS)");
    }
}

/// A feature's column, from `x1` and `x2`.
fn feature_code(feature: crate::data::Feature) -> &'static str {
    use crate::data::Feature::*;
    match feature {
        X1 => "x1",
        X2 => "x2",
        X1Squared => "x1 * x1",
        X2Squared => "x2 * x2",
        X1TimesX2 => "x1 * x2",
        SinX1 => "sin(x1)",
        SinX2 => "sin(x2)",
    }
}
