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
    // A denser brush paints more: a point every 0.1 of the path, though the pointer's
    // events come every 0.125: 4 units, 41 points (40 if rounding leaves the last 0.1 short).
    s.change(&json!({"brushDensity": 10})).unwrap();
    s.begin_stroke();
    for k in 0..=32 {
        s.brush_at(-2.0 + 0.125 * f64::from(k), -1.0, -1.0);
    }
    s.end_stroke();
    let dense: Vec<f64> = s
        .trainer()
        .train_samples()
        .iter()
        .chain(s.trainer().test_samples())
        .filter(|p| p.y == -1.0 && p.label == -1.0)
        .map(|p| p.x)
        .collect();
    assert!((40..=41).contains(&dense.len()), "{}", dense.len());
    let mut sorted = dense.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(
        sorted.windows(2).all(|w| (w[1] - w[0] - 0.1).abs() < 1e-9),
        "{sorted:?}"
    );
    assert_eq!(points(&s), start + 9 + dense.len());
    s.undo_data();
    assert_eq!(points(&s), start + 9);
    s.undo_data();
    assert_eq!(points(&s), start);
    assert_eq!(s.undo_steps(), 0);
    s.undo_data();
    assert_eq!(points(&s), start, "nothing left to undo");
}

#[test]
fn a_fast_stroke_paints_the_whole_path_between_two_pointer_events() {
    // One quick drag of 11.7 units at density 10 used to paint 2 points (one per event).
    let mut s = session(json!({"brushDensity": 10}));
    let start = points(&s);
    s.begin_stroke();
    s.brush_at(-5.85, 0.3, 1.0);
    s.brush_at(5.85, 0.3, 1.0);
    s.end_stroke();
    let painted = points(&s) - start;
    assert!((117..=118).contains(&painted), "{painted} points");
    assert_eq!(s.undo_steps(), 1, "one step, however many points");
    // A diagonal stroke: its points lie on the segment, 0.1 apart.
    s.change(&json!({"brushDensity": 10})).unwrap();
    let start = points(&s);
    s.begin_stroke();
    s.brush_at(-3.0, -3.0, -1.0);
    s.brush_at(3.0, 3.0, -1.0);
    s.end_stroke();
    let on_line: Vec<f64> = s
        .trainer()
        .train_samples()
        .iter()
        .chain(s.trainer().test_samples())
        .filter(|p| p.label == -1.0 && (p.x - p.y).abs() < 1e-12 && p.x.abs() <= 3.0)
        .map(|p| p.x)
        .collect();
    assert_eq!(on_line.len(), points(&s) - start);
    assert!((85..=86).contains(&on_line.len()), "{}", on_line.len());
}

#[test]
fn the_eraser_removes_every_point_under_it_and_undo_gives_them_back() {
    let mut s = session(json!({}));
    let before = (
        s.trainer().train_samples().to_vec(),
        s.trainer().test_samples().to_vec(),
    );
    // Within 0.6 of the path from (0, 0) to (2, 0): the two ends' discs and the band
    // between them (the pointer's events landed only at the ends).
    let near = |p: &crate::data::Sample| (p.x - p.x.clamp(0.0, 2.0)).hypot(p.y) <= 0.6;
    let ends = |p: &crate::data::Sample| p.x.hypot(p.y) <= 0.6 || (p.x - 2.0).hypot(p.y) <= 0.6;
    let all = || before.0.iter().chain(&before.1);
    let under = all().filter(|p| near(p)).count();
    assert!(
        under > all().filter(|p| ends(p)).count(),
        "the band holds points too"
    );
    s.begin_stroke();
    s.erase_at(0.0, 0.0);
    s.erase_at(2.0, 0.0);
    s.end_stroke();
    assert_eq!(points(&s), 500 - under);
    let t = s.trainer();
    assert!(t
        .train_samples()
        .iter()
        .chain(t.test_samples())
        .all(|p| !near(p)));
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

#[test]
fn a_point_outside_the_view_is_named_in_a_few_digits() {
    let mut s = session(json!({}));
    s.begin_stroke();
    s.brush_at(12.779661016949152, -0.0074152542372889485, 1.0);
    s.end_stroke();
    let said = s.notice().unwrap().text.render(crate::i18n::Lang::En);
    assert!(
        said.contains("(12.78, -0.007) is outside the view"),
        "{said}"
    );
}
