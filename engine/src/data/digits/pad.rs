//! The drawing pad: strokes made into an 8×8 image the way the UCI data were made. The
//! strokes' bounding box is scaled (keeping its shape) and centred into a 32×32 bitmap,
//! the strokes drawn there with a round pen; each pixel is then the count of set bits in
//! its 4×4 block, 0 to 16.

use super::{Image, PIXELS, SIDE};

/// The bitmap's side, in bits.
pub const BITMAP: usize = 32;
/// Bits per block side: 32 / 8.
const BLOCK: usize = BITMAP / SIDE;
/// The pen's radius in bits of the bitmap. The data's digits set 313 of 1,024 bits on
/// average (a thick pen); this pen gives drawn digits about that much ink.
pub const PEN_RADIUS: f64 = 2.5;
/// Points kept per stroke and strokes per drawing (a drawing longer than this keeps its
/// first points: nothing a pointer does grows without bound).
pub const MAX_POINTS: usize = 2000;
pub const MAX_STROKES: usize = 50;

/// A 32×32 bitmap, row by row from the top left.
pub type Bitmap = [bool; BITMAP * BITMAP];

/// What is drawn on the pad: strokes of points in the pad's own units (any scale: the
/// bounding box is what counts), the y axis down as on a screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pad {
    strokes: Vec<Vec<(f64, f64)>>,
}

impl Pad {
    /// Starts a stroke at (x, y). A point that is not finite is ignored.
    pub fn begin(&mut self, x: f64, y: f64) {
        if !(x.is_finite() && y.is_finite()) || self.strokes.len() >= MAX_STROKES {
            return;
        }
        self.strokes.push(vec![(x, y)]);
    }

    /// Carries the last stroke on to (x, y).
    pub fn extend(&mut self, x: f64, y: f64) {
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        if let Some(stroke) = self.strokes.last_mut() {
            if stroke.len() < MAX_POINTS && stroke.last() != Some(&(x, y)) {
                stroke.push((x, y));
            }
        }
    }

    /// Takes back the last stroke; whether there was one.
    pub fn undo(&mut self) -> bool {
        self.strokes.pop().is_some()
    }

    pub fn clear(&mut self) {
        self.strokes.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }

    pub fn strokes(&self) -> &[Vec<(f64, f64)>] {
        &self.strokes
    }

    /// The drawing as the data's 8×8 image (all 0 when nothing is drawn).
    pub fn image(&self) -> Image {
        downsample(&self.bitmap())
    }

    /// The drawing in the 32×32 bitmap: its bounding box scaled so that its longer side
    /// spans the bitmap less the pen's width, centred; a bit is set when its centre lies
    /// within the pen's radius of a stroke.
    pub fn bitmap(&self) -> Bitmap {
        let mut bits = [false; BITMAP * BITMAP];
        let points = || self.strokes.iter().flatten();
        let Some(&(x0, y0)) = points().next() else {
            return bits;
        };
        let (mut min, mut max) = ((x0, y0), (x0, y0));
        for &(x, y) in points() {
            min = (min.0.min(x), min.1.min(y));
            max = (max.0.max(x), max.1.max(y));
        }
        let size = (max.0 - min.0).max(max.1 - min.1);
        let span = BITMAP as f64 - 2.0 * PEN_RADIUS;
        let scale = if size > 0.0 { span / size } else { 0.0 };
        let centre = ((min.0 + max.0) / 2.0, (min.1 + max.1) / 2.0);
        let half = BITMAP as f64 / 2.0;
        let to_bitmap =
            |&(x, y): &(f64, f64)| (half + (x - centre.0) * scale, half + (y - centre.1) * scale);
        let segments: Vec<((f64, f64), (f64, f64))> = self
            .strokes
            .iter()
            .flat_map(|stroke| {
                let mapped: Vec<(f64, f64)> = stroke.iter().map(to_bitmap).collect();
                let pairs: Vec<_> = if mapped.len() == 1 {
                    vec![(mapped[0], mapped[0])]
                } else {
                    mapped.windows(2).map(|w| (w[0], w[1])).collect()
                };
                pairs
            })
            .collect();
        for (i, bit) in bits.iter_mut().enumerate() {
            let p = ((i % BITMAP) as f64 + 0.5, (i / BITMAP) as f64 + 0.5);
            *bit = segments
                .iter()
                .any(|&(a, b)| distance_to_segment(p, a, b) <= PEN_RADIUS);
        }
        bits
    }
}

/// The data's rule: each pixel of the 8×8 image is the count of set bits in its 4×4
/// block of the bitmap.
pub fn downsample(bits: &Bitmap) -> Image {
    let mut image = [0; PIXELS];
    for (i, bit) in bits.iter().enumerate() {
        if *bit {
            let (row, column) = (i / BITMAP / BLOCK, i % BITMAP / BLOCK);
            image[row * SIDE + column] += 1;
        }
    }
    image
}

/// The distance from `p` to the segment from `a` to `b`.
fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - (a.0 + t * dx)).hypot(p.1 - (a.1 + t * dy))
}
