//! The loss chart's maths, drawn by `web::views::loss_chart`: its axes' steps, and the
//! point a pointer over it reads out.

use crate::train::LossPoint;

/// The point of `points` (sorted by epoch) nearest `epoch`, the earlier of two as near.
pub fn nearest_point(points: &[LossPoint], epoch: f64) -> Option<&LossPoint> {
    let after = points.partition_point(|p| (p.epoch as f64) < epoch);
    let distance = |p: &LossPoint| (p.epoch as f64 - epoch).abs();
    match (after.checked_sub(1).map(|k| &points[k]), points.get(after)) {
        (Some(a), Some(b)) => Some(if distance(b) < distance(a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The smallest of 1, 2, 3, 4, 5, 6, 8 × 10ⁿ that is at least `value`: the loss chart's
/// axes grow in these steps, so they change rarely and stay readable.
pub fn axis_ceiling(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let exponent = value.log10().floor() as i32;
    // m·10ⁿ computed as m / 10⁻ⁿ for n < 0, so 0.6 is 0.6 and not 0.6000000000000001.
    let scaled = |m: f64| {
        if exponent >= 0 {
            m * 10f64.powi(exponent)
        } else {
            m / 10f64.powi(-exponent)
        }
    };
    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(scaled)
        .find(|&c| c >= value * (1.0 - 1e-12))
        .unwrap_or_else(|| scaled(10.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ranges_grow_in_nice_steps() {
        assert_eq!(axis_ceiling(173.0), 200.0);
        assert_eq!(axis_ceiling(200.0), 200.0);
        assert_eq!(axis_ceiling(201.0), 300.0);
        assert_eq!(axis_ceiling(0.52), 0.6);
        assert_eq!(axis_ceiling(7.0), 8.0);
        assert_eq!(axis_ceiling(9.0), 10.0);
        assert_eq!(axis_ceiling(0.0), 1.0);
        assert_eq!(axis_ceiling(f64::NAN), 1.0);
    }

    #[test]
    fn the_pointer_reads_the_nearest_point() {
        let points: Vec<LossPoint> = [0, 4, 8, 12]
            .map(|epoch| LossPoint {
                epoch,
                train: epoch as f64,
                test: 0.0,
            })
            .to_vec();
        let at = |e: f64| nearest_point(&points, e).map(|p| p.epoch);
        assert_eq!(at(-3.0), Some(0));
        assert_eq!(at(5.9), Some(4));
        assert_eq!(at(6.0), Some(4));
        assert_eq!(at(6.1), Some(8));
        assert_eq!(at(100.0), Some(12));
        assert_eq!(nearest_point(&[], 1.0), None);
    }
}
