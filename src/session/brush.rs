//! Data made by hand: a point clicked in, a brush stroke that paints points of one class
//! along the pointer's path (`brushDensity` points per unit of the plane), an eraser that
//! removes every point under it, "Clear all points", and undo of each of them (a stroke
//! is one step).

use super::Session;
use crate::data::Sample;
use crate::i18n::Text;

/// Edits undone at most.
pub const UNDO_STEPS: usize = 20;

/// The most points one pointer event of the brush paints (a stroke across the whole plane
/// at the highest density paints about 170).
pub const MAX_POINTS_PER_EVENT: usize = 400;

/// The eraser's radius, in units of the plane.
pub const ERASER_RADIUS: f64 = 0.6;

#[derive(Debug, Default)]
pub(super) struct Brush {
    /// The data before each edit (training, test), the latest last.
    undo: Vec<(Vec<Sample>, Vec<Sample>)>,
    /// A stroke under way: where its last point was painted (or erased), and whether it
    /// changed anything yet (its undo step is saved at its first change).
    stroke: Option<Stroke>,
}

#[derive(Debug, Clone, Copy)]
struct Stroke {
    last: Option<(f64, f64)>,
    saved: bool,
}

impl Session {
    /// How many edits "Undo" can take back.
    pub fn undo_steps(&self) -> usize {
        self.brush.undo.len()
    }

    /// Keeps the data as they are, to undo the edit about to be made (once per stroke).
    fn save_for_undo(&mut self) {
        if let Some(stroke) = &mut self.brush.stroke {
            if stroke.saved {
                return;
            }
            stroke.saved = true;
        }
        let t = &self.trainer;
        let data = (t.train_samples().to_vec(), t.test_samples().to_vec());
        if self.brush.undo.len() == UNDO_STEPS {
            self.brush.undo.remove(0);
        }
        self.brush.undo.push(data);
    }

    /// The last edit taken back: the data as they were before it (the network keeps its
    /// weights, as after any edit of the data).
    pub fn undo_data(&mut self) {
        if let Some((train, test)) = self.brush.undo.pop() {
            self.trainer.replace_data(train, test);
            self.data_edited();
        }
    }

    /// Adds a point with this label, or says why not.
    pub fn add_point(&mut self, x: f64, y: f64, label: f64) {
        let t = &self.trainer;
        let before = (t.train_samples().len(), t.test_samples().len());
        self.save_for_undo();
        match self.trainer.add_point(x, y, label) {
            Ok(()) => self.data_edited(),
            Err(e) => {
                self.drop_unused_undo(before);
                self.say(Text::new("msg.noPointAdded").sub("error", e));
            }
        }
    }

    /// Removes the point nearest (x, y), if one is close.
    pub fn remove_point_at(&mut self, x: f64, y: f64) {
        let t = &self.trainer;
        let before = (t.train_samples().len(), t.test_samples().len());
        self.save_for_undo();
        if self.trainer.remove_nearest(x, y, 0.6) {
            self.data_edited();
        } else {
            self.drop_unused_undo(before);
        }
    }

    pub fn clear_points(&mut self) {
        self.save_for_undo();
        self.trainer.clear_points();
        self.data_edited();
    }

    /// An edit that changed nothing leaves nothing to undo (outside a stroke: a stroke's
    /// step stays for the stroke's later points).
    fn drop_unused_undo(&mut self, before: (usize, usize)) {
        let t = &self.trainer;
        let unchanged = (t.train_samples().len(), t.test_samples().len()) == before;
        if unchanged && self.brush.stroke.is_none() {
            self.brush.undo.pop();
        }
    }

    /// A press on the plane with the brush or the eraser: a stroke begins.
    pub fn begin_stroke(&mut self) {
        self.brush.stroke = Some(Stroke {
            last: None,
            saved: false,
        });
    }

    /// The pointer at (x, y) in a stroke of the brush: points of `label` along the path
    /// from the stroke's last point to here, 1 / `brushDensity` apart (the first point of
    /// a stroke where it begins). A fast stroke's pointer events land far apart: the
    /// segment between them is painted all the same; what is left of it, shorter than
    /// the spacing, waits for the next event.
    pub fn brush_at(&mut self, x: f64, y: f64, label: f64) {
        let Some(stroke) = self.brush.stroke else {
            return;
        };
        let spacing = 1.0 / self.config().view.brush_density;
        let points: Vec<(f64, f64)> = match stroke.last {
            None => vec![(x, y)],
            Some((lx, ly)) => {
                let length = (x - lx).hypot(y - ly);
                // Never more than a screenful of points from one event.
                let n = ((length / spacing).floor() as usize).min(MAX_POINTS_PER_EVENT);
                (1..=n)
                    .map(|k| {
                        let t = k as f64 * spacing / length;
                        (lx + t * (x - lx), ly + t * (y - ly))
                    })
                    .collect()
            }
        };
        let Some(&last) = points.last() else {
            return;
        };
        self.save_for_undo();
        let (added, refused) = self.trainer.add_points(&points, label);
        if added > 0 {
            self.data_edited();
        }
        if let Some(e) = refused {
            self.say(Text::new("msg.noPointAdded").sub("error", e));
        }
        if let Some(stroke) = &mut self.brush.stroke {
            stroke.last = Some(last);
        }
    }

    /// The pointer at (x, y) in a stroke of the eraser: every point within
    /// `ERASER_RADIUS` of the path from the stroke's last position to here goes (a fast
    /// stroke erases the whole way, not only where its events land).
    pub fn erase_at(&mut self, x: f64, y: f64) {
        let Some(stroke) = self.brush.stroke else {
            return;
        };
        let (lx, ly) = stroke.last.unwrap_or((x, y));
        if let Some(stroke) = &mut self.brush.stroke {
            stroke.last = Some((x, y));
        }
        let (dx, dy) = (x - lx, y - ly);
        let length2 = dx * dx + dy * dy;
        // The distance from p to the segment: to its nearest point.
        let near = |p: &Sample| {
            let t = if length2 > 0.0 {
                (((p.x - lx) * dx + (p.y - ly) * dy) / length2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            (p.x - (lx + t * dx)).hypot(p.y - (ly + t * dy)) <= ERASER_RADIUS
        };
        let t = &self.trainer;
        if !t.train_samples().iter().chain(t.test_samples()).any(near) {
            return;
        }
        self.save_for_undo();
        let t = &self.trainer;
        let keep = |points: &[Sample]| points.iter().filter(|p| !near(p)).copied().collect();
        let (train, test) = (keep(t.train_samples()), keep(t.test_samples()));
        self.trainer.replace_data(train, test);
        self.data_edited();
    }

    /// The press is released: the stroke ends (a stroke that changed nothing, every point
    /// of it refused, leaves nothing to undo).
    pub fn end_stroke(&mut self) {
        let saved = self.brush.stroke.take().is_some_and(|s| s.saved);
        let t = &self.trainer;
        let unchanged = self.brush.undo.last().is_some_and(|(train, test)| {
            train.as_slice() == t.train_samples() && test.as_slice() == t.test_samples()
        });
        if saved && unchanged {
            self.brush.undo.pop();
        }
    }
}
