//! How well the network does on a set, from the pass that computes its loss: for classes,
//! every point's predicted class and the confusion counts (the share right is their
//! diagonal); for regression, the errors.

use serde::Serialize;

/// The errors of a regression on a set.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Errors {
    /// √(mean (a − y)²).
    pub rmse: f64,
    /// mean |a − y|.
    pub mae: f64,
    /// 1 − Σ(a − y)² / Σ(y − ȳ)²; `None` when every label is the same (no spread to
    /// explain).
    pub r2: Option<f64>,
}

/// One set's score, refilled after every epoch (its vectors reused).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Classes (2 for the two-class datasets: class 0 is −1, class 1 is +1); 0 for
    /// regression.
    pub classes: usize,
    /// Points of true class t given class p: `confusion[t * classes + p]`.
    pub confusion: Vec<u64>,
    /// Each point's predicted class, in the set's order (classification).
    pub predicted: Vec<u8>,
    /// Each point's output, in the set's order (regression).
    pub outputs: Vec<f64>,
    /// Regression's errors (`None` for classes, or an empty set).
    pub errors: Option<Errors>,
    /// Σ(a − y)², Σ|a − y|, Σy, Σy² while a pass adds points.
    sums: [f64; 4],
}

impl Score {
    /// Starts a pass over `points` points of `classes` classes (0: regression).
    pub(super) fn begin(&mut self, classes: usize, points: usize) {
        self.classes = classes;
        self.confusion.clear();
        self.confusion.resize(classes * classes, 0);
        self.predicted.clear();
        self.predicted.reserve(points);
        self.outputs.clear();
        self.errors = None;
        self.sums = [0.0; 4];
    }

    /// A classified point: its true and its predicted class.
    pub(super) fn add_class(&mut self, truth: usize, predicted: usize) {
        let k = self.classes;
        if truth < k && predicted < k {
            self.confusion[truth * k + predicted] += 1;
        }
        self.predicted.push(predicted as u8);
    }

    /// A regression point: the output and the label.
    pub(super) fn add_value(&mut self, output: f64, label: f64) {
        self.outputs.push(output);
        let e = output - label;
        let [se, ae, y, yy] = &mut self.sums;
        *se += e * e;
        *ae += e.abs();
        *y += label;
        *yy += label * label;
    }

    /// Ends a pass over `points` points.
    pub(super) fn end(&mut self, points: usize) {
        if self.classes > 0 || points == 0 {
            return;
        }
        let n = points as f64;
        let [se, ae, y, yy] = self.sums;
        let spread = yy - y * y / n;
        self.errors = Some(Errors {
            rmse: (se / n).sqrt(),
            mae: ae / n,
            r2: (spread > 1e-12 * yy.max(1.0)).then(|| 1.0 - se / spread),
        });
    }

    /// The share of points classified right: the diagonal over the total (`None` for
    /// regression or an empty set).
    pub fn accuracy(&self) -> Option<f64> {
        let total: u64 = self.confusion.iter().sum();
        let right: u64 = (0..self.classes)
            .map(|k| self.confusion[k * self.classes + k])
            .sum();
        (self.classes > 0 && total > 0).then(|| right as f64 / total as f64)
    }

    /// Whether point `k` of the set (label `label`) is classified wrong.
    pub fn wrong(&self, k: usize, label: f64) -> bool {
        self.truth(label) != self.predicted.get(k).map(|&p| usize::from(p))
    }

    /// A label's class (`None` for regression): with two classes −1 is 0 and +1 is 1.
    pub fn truth(&self, label: f64) -> Option<usize> {
        match self.classes {
            0 => None,
            2 => Some(usize::from(label > 0.0)),
            _ => Some(label.max(0.0) as usize),
        }
    }

    /// The confusion counts row by row (rows: the true class; columns: the predicted).
    pub fn rows(&self) -> Vec<Vec<u64>> {
        self.confusion
            .chunks(self.classes.max(1))
            .map(<[u64]>::to_vec)
            .collect()
    }
}

#[cfg(test)]
mod tests;
