use super::*;
use crate::data::Dataset;

#[test]
fn an_exported_experiment_imports_identically() {
    let mut t = Trainer::new(Config {
        experiment: crate::config::Experiment {
            dataset: Dataset::Xor,
            network_shape: vec![3, 2],
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    t.step_epochs(40);
    t.add_point(1.0, 1.0, 1.0).unwrap();
    let text = export_json(&t);
    let back = import_json(&text).unwrap();
    assert_eq!(back.config(), t.config());
    assert_eq!(back.epoch(), 40);
    assert_eq!(back.train_samples(), t.train_samples());
    assert_eq!(back.test_samples(), t.test_samples());
    assert_eq!(back.history().points(), t.history().points());
    for p in 0..t.network().param_count() {
        assert_eq!(
            back.network().param(p).to_bits(),
            t.network().param(p).to_bits()
        );
    }
    assert_eq!(back.train_loss().to_bits(), t.train_loss().to_bits());
    assert_eq!(export_json(&back), text);
}

/// The error of a file that must be refused.
fn refusal(text: &str) -> ImportError {
    match import_json(text) {
        Ok(_) => panic!("the file should be refused"),
        Err(e) => e,
    }
}

#[test]
fn broken_experiments_are_refused_with_the_place_named() {
    let t = Trainer::new(Config::default()).unwrap();
    let good: serde_json::Value = serde_json::from_str(&export_json(&t)).unwrap();
    let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        edit(&mut v);
        refusal(&v.to_string())
    };
    assert_eq!(refusal("{ not json").place.to_string(), "line 1, column 3");
    assert_eq!(refusal("[1, 2]").place.to_string(), "format");
    assert_eq!(
        refused(&|v| v["version"] = 2.into()).place.to_string(),
        "version"
    );
    let e = refused(&|v| v["config"]["learningRate"] = 50.into());
    assert_eq!(e.place.to_string(), "config.learningRate");
    assert_eq!(
        refused(&|v| v["config"]["networkShape"] = serde_json::json!([3]))
            .place
            .to_string(),
        "layers"
    );
    assert_eq!(
        refused(&|v| v["layers"][0]["bias"] = serde_json::json!([1, 2]))
            .place
            .to_string(),
        "layers[0]"
    );
    assert_eq!(
        refused(&|v| v["data"]["train"][3]["label"] = 0.5.into())
            .place
            .to_string(),
        "data.train[3]"
    );
    assert_eq!(
        refused(&|v| v["data"]["test"][0]["x"] = 60.into())
            .place
            .to_string(),
        "data.test[0]"
    );
    let e = refused(&|v| v["extra"] = 1.into());
    assert!(e.message.to_string().contains("extra"), "{e}");
    let e =
        refused(&|v| v["history"] = serde_json::json!([{"epoch": 5, "train": 1.0, "test": 1.0}]));
    assert_eq!(e.place.to_string(), "history[0]");
}

/// The textbook example's fixed data survive saving and loading, and refuse points.
#[test]
fn the_textbook_example_round_trips_and_refuses_new_points() {
    let mut t = Trainer::new(Config {
        experiment: crate::config::Experiment {
            dataset: Dataset::Textbook,
            network_shape: vec![2],
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    t.step_epochs(5);
    let back = match import_json(&export_json(&t)) {
        Ok(back) => back,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(back.train_samples(), t.train_samples());
    assert_eq!(back.train_loss().to_bits(), t.train_loss().to_bits());
    assert_eq!(
        import_csv(&t, "1,2,1\n").unwrap_err().place.to_string(),
        "file"
    );
    assert!(!t.remove_nearest(0.1, 0.2, 1.0));
    t.step_epochs(2);
}

#[test]
fn csv_round_trips_and_errors_name_the_line_and_field() {
    let t = Trainer::new(Config::default()).unwrap();
    let text = export_csv(&t);
    assert!(text.starts_with("x1,x2,label,set\n"));
    // With its sets: the same split, the same order, the same text again.
    let (train, test) = import_csv(&t, &text).unwrap();
    assert_eq!(train, t.train_samples());
    assert_eq!(test, t.test_samples());
    // Without them (x1, x2, label): split by the train share.
    let plain: String = text
        .lines()
        .map(|l| l.rsplit_once(',').map_or(l, |(head, _)| head).to_string() + "\n")
        .collect();
    let (train, test) = import_csv(&t, &plain).unwrap();
    assert_eq!(train.len() + test.len(), 500);
    assert_eq!(train.len(), 250);
    let mut all: Vec<_> = train
        .iter()
        .chain(&test)
        .map(|p| (p.x.to_bits(), p.y.to_bits(), p.label.to_bits()))
        .collect();
    let mut original: Vec<_> = t
        .train_samples()
        .iter()
        .chain(t.test_samples())
        .map(|p| (p.x.to_bits(), p.y.to_bits(), p.label.to_bits()))
        .collect();
    all.sort_unstable();
    original.sort_unstable();
    assert_eq!(all, original);

    let err = |text: &str| import_csv(&t, text).unwrap_err();
    assert_eq!(
        err("x1,x2,label\n1,2,1\n3,abc,1\n").place.to_string(),
        "line 3, x2"
    );
    assert_eq!(err("1,2\n").place.to_string(), "line 1");
    assert_eq!(
        err("1,2,1\n3,abc,1\n").text().render(crate::i18n::Lang::Zh),
        "第 2 行的 x2：\"abc\" 不是数"
    );
    assert!(err("1,2\n").message.to_string().contains("3 fields"));
    assert_eq!(err("1,2,1\n1,2,0.5\n").place.to_string(), "line 2");
    assert_eq!(err("1,2,1\n9,2,1\n").place.to_string(), "line 2");
    assert_eq!(err("\n\n").place.to_string(), "file");
    assert_eq!(err("1,2,NaN\n").place.to_string(), "line 1, label");
    let e = err("<img src=x onerror=alert(1)>,1,1\n");
    assert!(
        e.message
            .to_string()
            .contains("<img src=x onerror=alert(1)>"),
        "{e}"
    );
}
