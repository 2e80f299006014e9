use super::*;
use crate::data::Rng;
use crate::i18n::Lang;

fn value(source: &str, x: f64, y: f64) -> f64 {
    Formula::parse(source).unwrap().value(x, y)
}

#[test]
fn formulas_compute_what_they_say() {
    let points = [(0.5, -1.25), (-3.0, 2.0), (5.5, 4.0), (0.0, 0.0)];
    for (x, y) in points {
        assert_eq!(value("x*y", x, y), x * y);
        assert_eq!(value("sin(x)*cos(y)", x, y), x.sin() * y.cos());
        assert_eq!(value("x^2 + y^2", x, y), x.powf(2.0) + y.powf(2.0));
        assert_eq!(value("-x^2", x, y), -(x.powf(2.0)));
        assert_eq!(value("2^3^2", x, y), 2f64.powf(9.0));
        assert_eq!(value("1 - 2 - 3", x, y), -4.0);
        assert_eq!(value("8 / 4 / 2", x, y), 1.0);
        assert_eq!(value("2*(x + 1)", x, y), 2.0 * (x + 1.0));
        assert_eq!(
            value("max(x, y) - min(x, abs(y))", x, y),
            x.max(y) - x.min(y.abs())
        );
        assert_eq!(
            value("exp(-x) + sqrt(abs(y)) + tan(pi/8)", x, y),
            (-x).exp() + y.abs().sqrt() + (std::f64::consts::PI / 8.0).tan()
        );
        assert_eq!(value("1.5e-1 * X1 + x2", x, y), 0.15 * x + y);
        assert_eq!(
            value("x^2 + y^2 < 9", x, y),
            f64::from(u8::from(x * x + y * y < 9.0))
        );
    }
}

#[test]
fn a_condition_or_a_sign_gives_the_class() {
    let inside = Formula::parse("x^2 + y^2 < 9").unwrap();
    assert!(inside.condition);
    assert_eq!(inside.class(1.0, 1.0), Some(1.0));
    assert_eq!(inside.class(4.0, 0.0), Some(-1.0));
    let sign = Formula::parse("x*y").unwrap();
    assert!(!sign.condition);
    assert_eq!(sign.class(1.0, 2.0), Some(1.0));
    assert_eq!(sign.class(-1.0, 2.0), Some(-1.0));
    let wave = Formula::parse("y > 2*sin(x)").unwrap();
    assert_eq!(wave.class(0.0, 1.0), Some(1.0));
    // No value, no class: the point is not used.
    assert_eq!(Formula::parse("log(x)").unwrap().class(-1.0, 0.0), None);
    assert_eq!(
        Formula::parse("sqrt(x) > 1").unwrap().class(-4.0, 0.0),
        None
    );
}

#[test]
fn a_bad_formula_is_refused_with_where_and_what_was_expected() {
    let refused = |source: &str| Formula::parse(source).unwrap_err();
    for (source, at, words) in [
        (
            "x*",
            3,
            "expected a number, x, y, pi, a function such as sin( or (, found the end",
        ),
        ("x + * y", 5, "found \"*\""),
        ("sin x", 5, "expected ( after the function's name"),
        ("foo(x)", 1, "expected x, y, pi or a function"),
        ("(x + y", 7, "expected )"),
        ("max(x)", 6, "expected , and the function's second argument"),
        ("x y", 3, "expected the end of the formula or an operator"),
        ("x < y < 1", 7, "found \"<\""),
        ("", 1, "found the end"),
        ("1.2.3", 1, "expected a number"),
    ] {
        let e = refused(source);
        assert_eq!(e.at, at, "{source}");
        let en = e.text.render(Lang::En);
        assert!(
            en.starts_with(&format!("at character {at}: ")),
            "{source}: {en}"
        );
        assert!(en.contains(words), "{source}: {en}");
        let zh = e.text.render(Lang::Zh);
        assert!(zh.contains(&format!("第 {at} 个字符")), "{source}: {zh}");
    }
    let long = "x+".repeat(150);
    assert_eq!(refused(&long).at, MAX_FORMULA_CHARS + 1);
}

#[test]
fn a_number_too_large_for_a_double_is_named_as_such() {
    let e = Formula::parse("1e309 > x").unwrap_err();
    let said = e.text.render(crate::i18n::Lang::En);
    assert_eq!(
        said,
        "at 1: the number \"1e309\" is too large (a number can be at most about 1.8e308)"
    );
    assert!(e.text.render(crate::i18n::Lang::Zh).contains("太大"));
    let long = format!("x < 1{}e200", "0".repeat(190));
    let said = Formula::parse(&long)
        .unwrap_err()
        .text
        .render(crate::i18n::Lang::En);
    assert!(
        said.starts_with("at 5: the number") && said.len() < 140,
        "{said}"
    );
}

#[test]
fn the_points_labels_are_the_formulas_at_every_point() {
    let mut rng = Rng::new(5);
    let f = Formula::parse("y > 2*sin(x)").unwrap();
    let points = f.points(400, 0.0, false, &mut rng);
    assert_eq!(points.len(), 400);
    for p in &points {
        assert!(p.x.abs() <= 6.0 && p.y.abs() <= 6.0);
        assert_eq!(Some(p.label), f.class(p.x, p.y));
    }
    assert!(points.iter().any(|p| p.label == 1.0) && points.iter().any(|p| p.label == -1.0));
    // Regression: the value, clamped to the labels' range.
    let v = Formula::parse("sin(x)*cos(y)*3").unwrap();
    for p in v.points(200, 0.0, true, &mut rng) {
        assert_eq!(p.label, v.value(p.x, p.y).clamp(-1.0, 1.0));
    }
    // Where the formula has no value there are no points; noise moves some labels.
    let half = Formula::parse("sqrt(x) < 2").unwrap();
    assert!(half
        .points(300, 0.0, false, &mut rng)
        .iter()
        .all(|p| p.x >= 0.0));
    let noisy = f.points(400, 0.5, false, &mut rng);
    let flipped = noisy
        .iter()
        .filter(|p| Some(p.label) != f.class(p.x, p.y))
        .count();
    assert!(flipped > 20, "{flipped} labels moved by noise");
    assert!(!Formula::parse("log(-1 - x^2)").unwrap().has_values());
}
