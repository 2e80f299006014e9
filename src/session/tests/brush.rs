//! Data made by hand: brush strokes at their density, the eraser, and undo of each edit.

use super::*;

fn points(s: &Session) -> usize {
    s.trainer().train_samples().len() + s.trainer().test_samples().len()
}

#[test]
fn a_stroke_paints_points_at_its_density_and_undo_takes_it_back_at_once() {
    let mut s = session(json!({"brushDensity": 2}));
    let start = points(&s);
    s.begin_stroke();
    // Along x from −2 to 2 in steps of 0.1: a point every 0.5 (density 2), the first at −2.
    for k in 0..=40 {
        s.brush_at(-2.0 + 0.1 * f64::from(k), 1.0, 1.0);
    }
    s.end_stroke();
    assert_eq!(points(&s), start + 9);
    let painted: Vec<f64> = s.trainer().train_samples()[start / 2..]
        .iter()
        .filter(|p| p.y == 1.0 && p.label == 1.0)
        .map(|p| p.x)
        .collect();
    assert_eq!(painted.len(), 9);
    assert!(painted.windows(2).all(|w| w[1] - w[0] >= 0.5 - 1e-9));
    assert_eq!(s.undo_steps(), 1, "a stroke is one step");
    // A denser brush paints more: every 0.125 of the path is past its spacing of 0.1.
    s.change(&json!({"brushDensity": 10})).unwrap();
    s.begin_stroke();
    for k in 0..=32 {
        s.brush_at(-2.0 + 0.125 * f64::from(k), -1.0, -1.0);
    }
    s.end_stroke();
    assert_eq!(points(&s), start + 9 + 33);
    s.undo_data();
    assert_eq!(points(&s), start + 9);
    s.undo_data();
    assert_eq!(points(&s), start);
    assert_eq!(s.undo_steps(), 0);
    s.undo_data();
    assert_eq!(points(&s), start, "nothing left to undo");
}

#[test]
fn the_eraser_removes_every_point_under_it_and_undo_gives_them_back() {
    let mut s = session(json!({}));
    let before = (
        s.trainer().train_samples().to_vec(),
        s.trainer().test_samples().to_vec(),
    );
    let near = |p: &crate::data::Sample, x: f64, y: f64| (p.x - x).hypot(p.y - y) <= 0.6;
    let under: usize = before
        .0
        .iter()
        .chain(&before.1)
        .filter(|p| near(p, 0.0, 0.0) || near(p, 1.0, 0.0))
        .count();
    assert!(under > 0);
    s.begin_stroke();
    s.erase_at(0.0, 0.0);
    s.erase_at(1.0, 0.0);
    s.end_stroke();
    assert_eq!(points(&s), 500 - under);
    let t = s.trainer();
    assert!(t
        .train_samples()
        .iter()
        .chain(t.test_samples())
        .all(|p| !near(p, 0.0, 0.0) && !near(p, 1.0, 0.0)));
    s.undo_data();
    assert_eq!(s.trainer().train_samples(), &before.0[..]);
    assert_eq!(s.trainer().test_samples(), &before.1[..]);
}

#[test]
fn clicks_and_clear_are_undone_one_by_one_and_a_refused_point_leaves_no_step() {
    let mut s = session(json!({}));
    let start = points(&s);
    s.add_point(1.0, 1.0, 1.0);
    s.add_point(2.0, 2.0, -1.0);
    s.add_point(100.0, 0.0, 1.0);
    assert_eq!(s.undo_steps(), 2, "the point outside the view was refused");
    s.clear_points();
    assert_eq!(points(&s), 0);
    s.undo_data();
    assert_eq!(points(&s), start + 2);
    s.undo_data();
    assert_eq!(points(&s), start + 1);
    // At most UNDO_STEPS are kept; a new experiment starts with none.
    for k in 0..30 {
        s.add_point(f64::from(k) / 10.0, -3.0, 1.0);
    }
    assert_eq!(s.undo_steps(), super::super::brush::UNDO_STEPS);
    s.change(&json!({"networkShape": [3]})).unwrap();
    assert_eq!(s.undo_steps(), 0);
    // A stroke outside the view paints nothing and leaves nothing to undo.
    s.begin_stroke();
    s.brush_at(50.0, 50.0, 1.0);
    s.brush_at(60.0, 50.0, 1.0);
    s.end_stroke();
    assert_eq!(s.undo_steps(), 0);
}
