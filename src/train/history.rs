//! The loss curve: one point per kept epoch, in bounded memory, and the chart's axis steps.

/// One point of the loss curve.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LossPoint {
    pub epoch: u64,
    pub train: f64,
    pub test: f64,
}

/// A loss history of bounded size: it keeps every `stride`-th epoch and, when full,
/// drops every other point and doubles the stride. Drawing it costs the same at epoch
/// 100 and at epoch 100,000.
#[derive(Clone, Debug)]
pub struct LossHistory {
    points: Vec<LossPoint>,
    capacity: usize,
    stride: u64,
}

impl LossHistory {
    pub fn new(capacity: usize) -> LossHistory {
        let capacity = capacity.max(4) & !1;
        LossHistory {
            points: Vec::with_capacity(capacity),
            capacity,
            stride: 1,
        }
    }

    /// Adds the point of a new epoch; a point of the last epoch again (the losses changed
    /// without training: an edited weight, new data) replaces it.
    pub fn push(&mut self, point: LossPoint) {
        if let Some(last) = self.points.last_mut() {
            if last.epoch == point.epoch {
                *last = point;
                return;
            }
        }
        if !point.epoch.is_multiple_of(self.stride) {
            return;
        }
        if self.points.len() == self.capacity {
            // Keep the points at even multiples of the doubled stride.
            let stride = self.stride * 2;
            self.points.retain(|p| p.epoch.is_multiple_of(stride));
            self.stride = stride;
            if !point.epoch.is_multiple_of(self.stride) {
                return;
            }
        }
        self.points.push(point);
    }

    /// The history a saved experiment holds, with the stride it was kept at: the largest
    /// power of two that divides every point's epoch and is at most the smallest gap
    /// between two points (a history the page kept has its points at consecutive
    /// multiples of its stride). So a loaded history goes on exactly as the saved one.
    pub fn restored(capacity: usize, points: &[LossPoint]) -> LossHistory {
        let mut history = LossHistory::new(capacity);
        let gap = points
            .windows(2)
            .map(|w| w[1].epoch.saturating_sub(w[0].epoch))
            .min()
            .unwrap_or(1)
            .max(1);
        let mut stride = 1u64 << (63 - gap.leading_zeros());
        while stride > 1 && !points.iter().all(|p| p.epoch.is_multiple_of(stride)) {
            stride /= 2;
        }
        history.stride = stride;
        for &point in points {
            history.push(point);
        }
        history
    }

    /// Whether a point at this epoch would be kept.
    pub fn keeps(&self, epoch: u64) -> bool {
        epoch.is_multiple_of(self.stride)
    }

    pub fn points(&self) -> &[LossPoint] {
        &self.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_stays_bounded_and_spans_the_run() {
        let mut h = LossHistory::new(16);
        for epoch in 0..=10_000 {
            h.push(LossPoint {
                epoch,
                train: 1.0,
                test: 1.0,
            });
            assert!(h.points().len() <= 16);
        }
        let pts = h.points();
        assert_eq!(pts[0].epoch, 0);
        assert!(pts.last().unwrap().epoch > 9_000, "{pts:?}");
        assert!(pts.windows(2).all(|w| w[0].epoch < w[1].epoch));
        // Evenly spaced.
        let gap = pts[1].epoch - pts[0].epoch;
        assert!(pts.windows(2).all(|w| w[1].epoch - w[0].epoch == gap));
    }
}
