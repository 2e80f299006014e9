//! The data's points by hand: the one check for a point (clicked, CSV, JSON), adding,
//! removing and clearing, and data replaced from a file.

use super::*;

/// The largest size of a regression label NN Lab takes (reg-plane's reach 1.2).
pub const MAX_REGRESSION_LABEL: f64 = 10.0;

impl Trainer {
    /// Replaces the data with `train` and `test` (already validated), as hand-edited data:
    /// a reset keeps them. The network keeps its weights.
    pub fn replace_data(&mut self, train: Vec<Sample>, test: Vec<Sample>) {
        if !self.config.has_plane() {
            // The textbook example's data are fixed (three inputs, not points); the
            // digits are images (`replace_images`).
            return;
        }
        self.show_present();
        self.train = train;
        self.test = test;
        self.custom_data = true;
        self.divergence = None;
        self.data_changed();
        self.start_loss = self.train_loss;
    }

    /// Whether a point may join this data (the one check for clicked, CSV and JSON points):
    /// inside the view, with a label of this data.
    pub fn check_point(&self, p: &Sample) -> Result<(), Text> {
        let limit = crate::grid::DOMAIN;
        if !(p.x.is_finite() && p.y.is_finite() && p.x.abs() <= limit && p.y.abs() <= limit) {
            // A few digits, but never so few that the value reads as inside (6.0004).
            let shown = |v: f64| {
                let s = crate::i18n::short(v);
                let inside = s.parse::<f64>().is_ok_and(|r| r.abs() <= limit);
                if v.abs() > limit && inside {
                    crate::i18n::number(v)
                } else {
                    s
                }
            };
            let (x, y) = (shown(p.x), shown(p.y));
            return Err(text!("err.outsideView", x = x, y = y, limit = limit));
        }
        if !self.label_is_valid(p.label) {
            return Err(text!("err.badLabel", label = p.label));
        }
        Ok(())
    }

    /// Whether a label belongs to this data: ±1 for two classes, a class number for
    /// more, a value from −10 to 10 for regression (0 or 1 for the textbook example).
    pub(super) fn label_is_valid(&self, label: f64) -> bool {
        if self.is_textbook() {
            return label == 0.0 || label == 1.0;
        }
        match self.config.class_count() {
            0 => {
                label.is_finite() && (-MAX_REGRESSION_LABEL..=MAX_REGRESSION_LABEL).contains(&label)
            }
            2 => label == 1.0 || label == -1.0,
            k => label.fract() == 0.0 && (0.0..k as f64).contains(&label),
        }
    }

    /// Whether the data were edited by hand (points added, removed or cleared).
    pub fn custom_data(&self) -> bool {
        self.custom_data
    }

    /// Adds a training point at (x, y) of the view with `label`: −1 or +1 for two classes,
    /// a class number for more, a value from −10 to 10 for regression. The network keeps its
    /// weights.
    pub fn add_point(&mut self, x: f64, y: f64, label: f64) -> Result<(), Text> {
        let (_, refused) = self.add_points(&[(x, y)], label);
        refused.map_or(Ok(()), Err)
    }

    /// Adds training points at `points` with `label` (a brush stroke's), the data
    /// recomputed once for all of them: how many were added, and the first refusal.
    pub fn add_points(&mut self, points: &[(f64, f64)], label: f64) -> (usize, Option<Text>) {
        self.show_present();
        if self.is_textbook() {
            return (0, Some(text!("err.textbookFixed")));
        }
        if self.config.is_digits() {
            return (0, Some(text!("err.digitsNoPoints")));
        }
        let (mut added, mut refused) = (0, None);
        for &(x, y) in points {
            let point = Sample { x, y, label };
            let checked = self.check_point(&point).and_then(|()| {
                if self.train.len() + self.test.len() >= crate::config::MAX_SAMPLES {
                    Err(text!("err.full", max = crate::config::MAX_SAMPLES))
                } else {
                    Ok(())
                }
            });
            match checked {
                Ok(()) => {
                    self.train.push(point);
                    added += 1;
                }
                Err(e) => {
                    refused.get_or_insert(e);
                }
            }
        }
        if added > 0 {
            self.custom_data = true;
            self.data_changed();
        }
        (added, refused)
    }

    /// Removes the point (training or test) nearest to (x, y) if one is within `radius`;
    /// returns whether one was.
    pub fn remove_nearest(&mut self, x: f64, y: f64, radius: f64) -> bool {
        self.show_present();
        if !self.config.has_plane() {
            return false;
        }
        let distance = |p: &Sample| (p.x - x).hypot(p.y - y);
        let nearest = |set: &[Sample]| {
            set.iter()
                .enumerate()
                .map(|(i, p)| (distance(p), i))
                .min_by(|a, b| a.0.total_cmp(&b.0))
        };
        let in_train = nearest(&self.train);
        let in_test = nearest(&self.test);
        let removed = match (in_train, in_test) {
            (Some((d, i)), t) if d <= radius && t.is_none_or(|(dt, _)| d <= dt) => {
                self.train.remove(i);
                true
            }
            (_, Some((d, i))) if d <= radius => {
                self.test.remove(i);
                true
            }
            _ => false,
        };
        if removed {
            self.custom_data = true;
            self.data_changed();
        }
        removed
    }

    /// Removes every point, to place new ones by hand.
    pub fn clear_points(&mut self) {
        self.show_present();
        if !self.config.has_plane() {
            return;
        }
        self.train.clear();
        self.test.clear();
        self.custom_data = true;
        self.data_changed();
    }
}
