//! The loss curve: one point per kept epoch, in bounded memory, and the chart's axis steps.

/// One point of the loss curve.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LossPoint {
    pub epoch: u64,
    pub train: f64,
    pub test: f64,
}

/// Something kept at one epoch (a loss point, a timeline state).
pub trait AtEpoch {
    fn epoch(&self) -> u64;
}

impl AtEpoch for LossPoint {
    fn epoch(&self) -> u64 {
        self.epoch
    }
}

/// Where `Thinned::place` puts the item of an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Over the last item (it is of the same epoch).
    Replace,
    /// After the last item.
    Append,
    /// Nowhere: the epoch is not a multiple of the stride.
    Skip,
}

/// Items at every `stride`-th epoch, at most `capacity` of them: when full, every other
/// item is dropped and the stride doubles. The loss history and the timeline are kept
/// this way, so they cost the same at epoch 100 and at epoch 100,000.
#[derive(Clone, Debug)]
pub struct Thinned<T> {
    items: Vec<T>,
    capacity: usize,
    stride: u64,
}

impl<T: AtEpoch> Thinned<T> {
    pub fn new(capacity: usize) -> Thinned<T> {
        let capacity = capacity.max(2) & !1;
        Thinned {
            items: Vec::with_capacity(capacity),
            capacity,
            stride: 1,
        }
    }

    /// Makes room for the item of `epoch` (an epoch after the last item's, or the same):
    /// thins the items when full, handing each one dropped to `dropped`.
    pub fn place(&mut self, epoch: u64, mut dropped: impl FnMut(T)) -> Place {
        if self.items.last().is_some_and(|last| last.epoch() == epoch) {
            return Place::Replace;
        }
        if !self.keeps(epoch) {
            return Place::Skip;
        }
        if self.items.len() >= self.capacity {
            // Keep the items at even multiples of the doubled stride.
            self.stride *= 2;
            let stride = self.stride;
            for item in self
                .items
                .extract_if(.., |item| !item.epoch().is_multiple_of(stride))
            {
                dropped(item);
            }
            if !self.keeps(epoch) {
                return Place::Skip;
            }
        }
        Place::Append
    }

    /// Puts an item where `place` said (`Replace` or `Append`).
    pub fn put(&mut self, place: Place, item: T) {
        match place {
            Place::Replace => {
                if let Some(last) = self.items.last_mut() {
                    *last = item;
                }
            }
            Place::Append => self.items.push(item),
            Place::Skip => {}
        }
    }

    /// Drops the items after `epoch`, handing each to `dropped`.
    pub fn truncate_after(&mut self, epoch: u64, mut dropped: impl FnMut(T)) {
        let keep = self.items.partition_point(|item| item.epoch() <= epoch);
        for item in self.items.drain(keep..) {
            dropped(item);
        }
    }

    /// Drops every item, handing each to `dropped`; the stride starts again at 1.
    pub fn clear(&mut self, dropped: impl FnMut(T)) {
        self.items.drain(..).for_each(dropped);
        self.stride = 1;
    }

    /// Whether an item of this epoch would be kept.
    pub fn keeps(&self, epoch: u64) -> bool {
        epoch.is_multiple_of(self.stride)
    }

    /// Takes the last item out.
    pub fn pop(&mut self) -> Option<T> {
        self.items.pop()
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }
}

/// The loss history: a point at every kept epoch, in bounded memory (`Thinned`).
#[derive(Clone, Debug)]
pub struct LossHistory {
    points: Thinned<LossPoint>,
}

impl LossHistory {
    pub fn new(capacity: usize) -> LossHistory {
        LossHistory {
            points: Thinned::new(capacity.max(4)),
        }
    }

    /// Adds the point of a new epoch; a point of the last epoch again (the losses changed
    /// without training: an edited weight, new data) replaces it. Returns whether the
    /// point was kept.
    pub fn push(&mut self, point: LossPoint) -> bool {
        let place = self.points.place(point.epoch, drop);
        self.points.put(place, point);
        place != Place::Skip
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
        history.points.stride = stride;
        for &point in points {
            history.push(point);
        }
        history
    }

    /// Drops the points after `epoch`, and returns them (training goes on from there).
    pub fn truncate_after(&mut self, epoch: u64, dropped: &mut Vec<LossPoint>) {
        dropped.clear();
        self.points.truncate_after(epoch, |p| dropped.push(p));
    }

    /// Whether a point at this epoch would be kept.
    pub fn keeps(&self, epoch: u64) -> bool {
        self.points.keeps(epoch)
    }

    pub fn points(&self) -> &[LossPoint] {
        self.points.items()
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
