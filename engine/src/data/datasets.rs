//! The 2-D datasets, generated as TensorFlow Playground generates them.
//! `noise` is the control's value divided by 100 (0 to 0.5).

use super::Rng;
use crate::grid::DOMAIN;
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// One labelled point of the input plane. Two-class labels are −1 and +1; multi-class
/// labels are the class number 0, 1, … ; regression labels are numbers in [−1, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub x: f64,
    pub y: f64,
    pub label: f64,
}

/// The datasets. Names are TFP's URL values: four for classification (`dataset`), two
/// for regression (`regDataset`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::VariantArray)]
#[serde(rename_all = "kebab-case")]
pub enum Dataset {
    Circle,
    Xor,
    Gauss,
    Spiral,
    RegPlane,
    RegGauss,
    /// Multi-class: one spiral arm per class.
    MultiSpiral,
    /// Multi-class: one Gaussian blob per class, around a circle.
    Blobs,
    /// The textbook example: two samples of three inputs (not points of the plane),
    /// labels 0 and 1.
    Textbook,
    /// The handwritten digits (`data::digits`): 8×8 images, not points of the plane,
    /// ten classes.
    Digits,
    /// Text (`data::text`): the 1990 US Census first names, read character by character.
    Names,
    /// Text: classical Chinese quatrains (五言绝句), simplified.
    Poems,
    /// Text: a text the teacher pasted, a line an item.
    Text,
}

/// The textbook example's inputs X and labels y.
pub const TEXTBOOK_INPUTS: [[f64; 3]; 2] = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]];
pub const TEXTBOOK_LABELS: [f64; 2] = [0.0, 1.0];

impl Dataset {
    pub const CLASSIFICATION: [Dataset; 4] = [
        Dataset::Circle,
        Dataset::Xor,
        Dataset::Gauss,
        Dataset::Spiral,
    ];
    pub const REGRESSION: [Dataset; 2] = [Dataset::RegPlane, Dataset::RegGauss];
    pub const MULTICLASS: [Dataset; 2] = [Dataset::MultiSpiral, Dataset::Blobs];
    /// The text mode's corpora.
    pub const TEXT: [Dataset; 3] = [Dataset::Names, Dataset::Poems, Dataset::Text];
    /// Every dataset `dataset` may name: two classes, then more, then the textbook example,
    /// the digits and the texts.
    pub const ALL_CLASSIFICATION: [Dataset; 11] = [
        Dataset::Circle,
        Dataset::Xor,
        Dataset::Gauss,
        Dataset::Spiral,
        Dataset::MultiSpiral,
        Dataset::Blobs,
        Dataset::Textbook,
        Dataset::Digits,
        Dataset::Names,
        Dataset::Poems,
        Dataset::Text,
    ];

    /// Whether the data are a text, read symbol by symbol.
    pub fn is_text(self) -> bool {
        matches!(self, Dataset::Names | Dataset::Poems | Dataset::Text)
    }

    /// Whether the points belong to three or more classes.
    pub fn is_multiclass(self) -> bool {
        matches!(self, Dataset::MultiSpiral | Dataset::Blobs)
    }

    /// Whether the labels are numbers to fit rather than classes.
    pub fn is_regression(self) -> bool {
        matches!(self, Dataset::RegPlane | Dataset::RegGauss)
    }

    /// `n` points with the given noise (0 to 0.5), drawn from `rng` (three classes for
    /// the multi-class datasets).
    pub fn generate(self, n: usize, noise: f64, rng: &mut Rng) -> Vec<Sample> {
        self.generate_classes(n, noise, 3, rng)
    }

    /// As `generate`, with `classes` classes for the multi-class datasets.
    pub fn generate_classes(
        self,
        n: usize,
        noise: f64,
        classes: usize,
        rng: &mut Rng,
    ) -> Vec<Sample> {
        let classes = classes.max(1);
        match self {
            Dataset::MultiSpiral => multi_spiral(n, noise, classes, rng),
            Dataset::Blobs => blobs(n, noise, classes, rng),
            // The two samples, placed by their first two inputs.
            Dataset::Textbook => TEXTBOOK_INPUTS
                .iter()
                .zip(TEXTBOOK_LABELS)
                .map(|(x, label)| Sample {
                    x: x[0],
                    y: x[1],
                    label,
                })
                .collect(),
            // Images and texts, not points: the Trainer reads `data::digits` and
            // `data::text` itself.
            Dataset::Digits | Dataset::Names | Dataset::Poems | Dataset::Text => Vec::new(),
            Dataset::Circle => circle(n, noise, rng),
            Dataset::Xor => xor(n, noise, rng),
            Dataset::Gauss => gauss(n, noise, rng),
            Dataset::Spiral => spiral(n, noise, rng),
            Dataset::RegPlane => regression(n, noise, rng, plane_label),
            Dataset::RegGauss => regression(n, noise, rng, gauss_bumps_label),
        }
    }
}

/// One arm per class, as TFP's spiral with the arms turned 2π/K apart: r = 5i/m,
/// t = 1.75·(i/m)·2π + 2πk/K; noise moves points by up to ±noise in each coordinate.
fn multi_spiral(n: usize, noise: f64, classes: usize, rng: &mut Rng) -> Vec<Sample> {
    let mut points = Vec::with_capacity(n);
    for k in 0..classes {
        let m = n / classes + usize::from(k < n % classes);
        for i in 0..m {
            let frac = i as f64 / m as f64;
            let r = frac * 5.0;
            let t = 1.75 * frac * 2.0 * PI + 2.0 * PI * k as f64 / classes as f64;
            let x = r * t.sin() + rng.uniform(-1.0, 1.0) * noise;
            let y = r * t.cos() + rng.uniform(-1.0, 1.0) * noise;
            points.push(Sample {
                x,
                y,
                label: k as f64,
            });
        }
    }
    points
}

/// One Gaussian blob per class, centred 3.5 from the origin at angles 2πk/K; variance 0.5
/// to 4 with noise, as TFP's two Gaussians (kept in the view, as `normal_in_view`).
fn blobs(n: usize, noise: f64, classes: usize, rng: &mut Rng) -> Vec<Sample> {
    let variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
    let mut points = Vec::with_capacity(n);
    for k in 0..classes {
        let m = n / classes + usize::from(k < n % classes);
        let angle = 2.0 * PI * k as f64 / classes as f64 + PI / 2.0;
        let (cx, cy) = (3.5 * angle.cos(), 3.5 * angle.sin());
        for _ in 0..m {
            let (x, y) = normal_in_view(rng, (cx, cy), variance);
            points.push(Sample {
                x,
                y,
                label: k as f64,
            });
        }
    }
    points
}

/// A point of a Gaussian cloud (centre, variance per coordinate) inside the view
/// [−6, 6]²: a point that falls outside is drawn again (a truncated Gaussian). So every
/// point of every dataset can be seen, clicked, and saved and loaded through the one rule
/// for points (`Trainer::check_point`). Below noise 10 a redraw is rarer than one in
/// 10,000 points.
fn normal_in_view(rng: &mut Rng, (cx, cy): (f64, f64), variance: f64) -> (f64, f64) {
    loop {
        let x = rng.normal(cx, variance);
        let y = rng.normal(cy, variance);
        if x.abs() <= DOMAIN && y.abs() <= DOMAIN {
            return (x, y);
        }
    }
}

/// Points uniform over [−6, 6]², each labelled by `label` at a noisy copy of its position
/// (the noise moves the position by up to ±6·noise in each coordinate).
fn regression(n: usize, noise: f64, rng: &mut Rng, label: fn(f64, f64) -> f64) -> Vec<Sample> {
    const RADIUS: f64 = 6.0;
    (0..n)
        .map(|_| {
            let x = rng.uniform(-RADIUS, RADIUS);
            let y = rng.uniform(-RADIUS, RADIUS);
            let noise_x = rng.uniform(-RADIUS, RADIUS) * noise;
            let noise_y = rng.uniform(-RADIUS, RADIUS) * noise;
            Sample {
                x,
                y,
                label: label(x + noise_x, y + noise_y),
            }
        })
        .collect()
}

/// reg-plane: the plane (x + y)/10, scaled as TFP scales it (−10…10 to −1…1).
fn plane_label(x: f64, y: f64) -> f64 {
    (x + y) / 10.0
}

/// reg-gauss: six bumps at (±4, ±2.5) and (0, ±2.5) of alternating sign; each falls
/// linearly from 1 at its centre to 0 at distance 2; the label is the bump largest in size.
fn gauss_bumps_label(x: f64, y: f64) -> f64 {
    const BUMPS: [(f64, f64, f64); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    let mut label: f64 = 0.0;
    for (cx, cy, sign) in BUMPS {
        let height = (1.0 - (x - cx).hypot(y - cy) / 2.0).clamp(0.0, 1.0);
        let value = sign * height;
        if value.abs() > label.abs() {
            label = value;
        }
    }
    label
}

/// Inner disc r ~ U(0, 2.5) labelled +1, ring r ~ U(3.5, 5) labelled −1; the label is
/// that of a noisy copy of the position, so noise flips labels near the gap.
fn circle(n: usize, noise: f64, rng: &mut Rng) -> Vec<Sample> {
    const RADIUS: f64 = 5.0;
    let label_of = |x: f64, y: f64| if x.hypot(y) < RADIUS * 0.5 { 1.0 } else { -1.0 };
    let mut points = Vec::with_capacity(n);
    for (count, (r_lo, r_hi)) in [
        (n / 2, (0.0, RADIUS * 0.5)),
        (n - n / 2, (RADIUS * 0.7, RADIUS)),
    ] {
        for _ in 0..count {
            let r = rng.uniform(r_lo, r_hi);
            let angle = rng.uniform(0.0, 2.0 * PI);
            let (x, y) = (r * angle.sin(), r * angle.cos());
            let noise_x = rng.uniform(-RADIUS, RADIUS) * noise;
            let noise_y = rng.uniform(-RADIUS, RADIUS) * noise;
            let label = label_of(x + noise_x, y + noise_y);
            points.push(Sample { x, y, label });
        }
    }
    points
}

/// x, y ~ U(−5, 5) pushed 0.3 away from the axes; label sign(x·y) at a noisy position.
fn xor(n: usize, noise: f64, rng: &mut Rng) -> Vec<Sample> {
    const PADDING: f64 = 0.3;
    let away = |v: f64| if v > 0.0 { v + PADDING } else { v - PADDING };
    (0..n)
        .map(|_| {
            let x = away(rng.uniform(-5.0, 5.0));
            let y = away(rng.uniform(-5.0, 5.0));
            let noise_x = rng.uniform(-5.0, 5.0) * noise;
            let noise_y = rng.uniform(-5.0, 5.0) * noise;
            let label = if (x + noise_x) * (y + noise_y) >= 0.0 {
                1.0
            } else {
                -1.0
            };
            Sample { x, y, label }
        })
        .collect()
}

/// Two Gaussian clouds at (2, 2) (+1) and (−2, −2) (−1); variance 0.5 to 4 with noise
/// (kept in the view, as `normal_in_view`).
fn gauss(n: usize, noise: f64, rng: &mut Rng) -> Vec<Sample> {
    let variance = 0.5 + (4.0 - 0.5) * (noise / 0.5);
    let mut points = Vec::with_capacity(n);
    for (count, c, label) in [(n / 2, 2.0, 1.0), (n - n / 2, -2.0, -1.0)] {
        for _ in 0..count {
            let (x, y) = normal_in_view(rng, (c, c), variance);
            points.push(Sample { x, y, label });
        }
    }
    points
}

/// Two interleaved arms: r = 5i/m, t = 1.75·(i/m)·2π (+π for the −1 arm); noise moves
/// points by up to ±noise in each coordinate.
fn spiral(n: usize, noise: f64, rng: &mut Rng) -> Vec<Sample> {
    let mut points = Vec::with_capacity(n);
    for (m, delta_t, label) in [(n / 2, 0.0, 1.0), (n - n / 2, PI, -1.0)] {
        for i in 0..m {
            let frac = i as f64 / m as f64;
            let r = frac * 5.0;
            let t = 1.75 * frac * 2.0 * PI + delta_t;
            let x = r * t.sin() + rng.uniform(-1.0, 1.0) * noise;
            let y = r * t.cos() + rng.uniform(-1.0, 1.0) * noise;
            points.push(Sample { x, y, label });
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_has_n_points_balanced_and_in_view() {
        for ds in Dataset::CLASSIFICATION {
            let pts = ds.generate(500, 0.0, &mut Rng::new(5));
            assert_eq!(pts.len(), 500, "{ds:?}");
            let pos = pts.iter().filter(|p| p.label == 1.0).count();
            assert!((200..=300).contains(&pos), "{ds:?}: {pos} positive");
            assert!(pts.iter().all(|p| p.label == 1.0 || p.label == -1.0));
            if ds != Dataset::Gauss {
                assert!(pts.iter().all(|p| p.x.abs() <= 6.0 && p.y.abs() <= 6.0));
            }
        }
    }

    /// Whatever the page generates, it can load again: every point of every dataset, at
    /// every noise and for many seeds, lies in the view (the one rule for points).
    #[test]
    fn every_point_of_every_dataset_at_every_noise_is_in_the_view() {
        let all = Dataset::CLASSIFICATION
            .into_iter()
            .chain([Dataset::MultiSpiral, Dataset::Blobs])
            .chain(Dataset::REGRESSION);
        for ds in all {
            for noise in 0..=50 {
                for seed in 0..12 {
                    let classes = 3 + seed as usize % 3;
                    let pts = ds.generate_classes(
                        500,
                        f64::from(noise) / 100.0,
                        classes,
                        &mut Rng::new(seed),
                    );
                    assert_eq!(pts.len(), 500);
                    assert!(
                        pts.iter()
                            .all(|p| p.x.abs() <= DOMAIN && p.y.abs() <= DOMAIN),
                        "{ds:?} at noise {noise}, seed {seed}"
                    );
                }
            }
        }
    }

    #[test]
    fn circle_without_noise_is_separable_by_radius() {
        for p in Dataset::Circle.generate(500, 0.0, &mut Rng::new(1)) {
            let r = p.x.hypot(p.y);
            if p.label > 0.0 {
                assert!(r < 2.5);
            } else {
                assert!((3.5..=5.0).contains(&r));
            }
        }
    }

    #[test]
    fn xor_labels_follow_the_quadrant_and_noise_flips_some() {
        let clean = Dataset::Xor.generate(500, 0.0, &mut Rng::new(2));
        assert!(clean
            .iter()
            .all(|p| p.label == if p.x * p.y >= 0.0 { 1.0 } else { -1.0 }));
        assert!(clean.iter().all(|p| p.x.abs() >= 0.3 && p.y.abs() >= 0.3));
        let noisy = Dataset::Xor.generate(500, 0.5, &mut Rng::new(2));
        let flipped = noisy
            .iter()
            .filter(|p| p.label != if p.x * p.y >= 0.0 { 1.0 } else { -1.0 })
            .count();
        assert!(flipped > 10, "{flipped} flipped");
    }

    #[test]
    fn gauss_centres_and_noise_widen_the_clouds() {
        let spread = |noise| {
            let pts = Dataset::Gauss.generate(2000, noise, &mut Rng::new(3));
            let pos: Vec<_> = pts.iter().filter(|p| p.label > 0.0).collect();
            let mx = pos.iter().map(|p| p.x).sum::<f64>() / pos.len() as f64;
            let var = pos.iter().map(|p| (p.x - mx).powi(2)).sum::<f64>() / pos.len() as f64;
            (mx, var)
        };
        let (mx, var) = spread(0.0);
        assert!(
            (mx - 2.0).abs() < 0.1 && (var - 0.5).abs() < 0.1,
            "{mx} {var}"
        );
        let (_, var) = spread(0.5);
        assert!((var - 4.0).abs() < 0.5, "{var}");
    }

    #[test]
    fn spiral_arms_start_at_the_centre_and_reach_radius_five() {
        let pts = Dataset::Spiral.generate(500, 0.0, &mut Rng::new(4));
        assert_eq!((pts[0].x, pts[0].y), (0.0, 0.0));
        let r_max = pts.iter().map(|p| p.x.hypot(p.y)).fold(0.0, f64::max);
        assert!(r_max > 4.9 && r_max < 5.0);
    }

    #[test]
    fn reg_plane_labels_are_the_scaled_plane() {
        let pts = Dataset::RegPlane.generate(1200, 0.0, &mut Rng::new(6));
        assert_eq!(pts.len(), 1200);
        for p in &pts {
            assert!(p.x.abs() <= 6.0 && p.y.abs() <= 6.0);
            assert!((p.label - (p.x + p.y) / 10.0).abs() < 1e-15);
        }
        // Noise moves the labelled position, so labels drift off the plane.
        let noisy = Dataset::RegPlane.generate(1200, 0.5, &mut Rng::new(6));
        let off = noisy
            .iter()
            .filter(|p| (p.label - (p.x + p.y) / 10.0).abs() > 0.05)
            .count();
        assert!(off > 600, "{off}");
    }

    #[test]
    fn reg_gauss_has_six_bumps_of_alternating_sign() {
        assert_eq!(gauss_bumps_label(-4.0, 2.5), 1.0);
        assert_eq!(gauss_bumps_label(0.0, 2.5), -1.0);
        assert_eq!(gauss_bumps_label(4.0, -2.5), -1.0);
        assert_eq!(gauss_bumps_label(0.0, -2.5), 1.0);
        // Half-way down a bump, and far from every bump.
        assert!((gauss_bumps_label(-3.0, 2.5) - 0.5).abs() < 1e-12);
        assert_eq!(gauss_bumps_label(0.0, 0.0), 0.0);
        assert_eq!(gauss_bumps_label(6.0, 6.0), 0.0);
        let pts = Dataset::RegGauss.generate(1200, 0.0, &mut Rng::new(7));
        assert!(pts.iter().all(|p| (-1.0..=1.0).contains(&p.label)));
        assert!(pts.iter().any(|p| p.label > 0.5) && pts.iter().any(|p| p.label < -0.5));
        for p in &pts {
            assert_eq!(p.label, gauss_bumps_label(p.x, p.y));
        }
    }

    #[test]
    fn multi_class_datasets_have_every_class_equally() {
        for ds in Dataset::MULTICLASS {
            for classes in 3..=5 {
                let pts = ds.generate_classes(500, 0.1, classes, &mut Rng::new(9));
                assert_eq!(pts.len(), 500);
                for k in 0..classes {
                    let count = pts.iter().filter(|p| p.label == k as f64).count();
                    assert!(
                        count == 500 / classes || count == 500 / classes + 1,
                        "{ds:?} {k}"
                    );
                }
                assert!(pts.iter().all(|p| p.x.abs() < 12.0 && p.y.abs() < 12.0));
            }
        }
        // Blob k is centred at angle 2πk/K + π/2, 3.5 from the origin.
        let pts = Dataset::Blobs.generate_classes(3000, 0.0, 3, &mut Rng::new(1));
        let first: Vec<_> = pts.iter().filter(|p| p.label == 0.0).collect();
        let mx = first.iter().map(|p| p.x).sum::<f64>() / first.len() as f64;
        let my = first.iter().map(|p| p.y).sum::<f64>() / first.len() as f64;
        assert!(mx.abs() < 0.1 && (my - 3.5).abs() < 0.1, "{mx} {my}");
    }
}
