use super::*;
use serde_json::json;

#[test]
fn defaults_are_tfps_and_valid() {
    let c = Config::default();
    assert!(c.validate().is_ok());
    assert_eq!(c.experiment.network_shape, vec![4, 2]);
    assert_eq!(c.training.learning_rate, 0.03);
    assert_eq!(c.features(), vec![Feature::X1, Feature::X2]);
    let keys = Config::keys();
    for k in [
        "learningRate",
        "networkShape",
        "percTrainData",
        "xTimesY",
        "sinX",
    ] {
        assert!(keys.iter().any(|key| key == k), "{k} missing from {keys:?}");
    }
}

#[test]
fn a_patch_changes_only_its_keys() {
    let c = Config::default();
    let next = c
        .with_patch(&json!({"learningRate": 0.1, "dataset": "xor", "networkShape": [3]}))
        .unwrap();
    assert_eq!(next.training.learning_rate, 0.1);
    assert_eq!(next.experiment.dataset, Dataset::Xor);
    assert_eq!(next.experiment.network_shape, vec![3]);
    assert_eq!(next.experiment.activation, c.experiment.activation);
}

fn refused(patch: serde_json::Value) -> ConfigError {
    Config::default()
        .with_patch(&patch)
        .expect_err("the patch should be refused")
}

#[test]
fn the_display_settings_of_the_screen_are_kept_without_a_reset() {
    let screen = Config {
        screen: Screen {
            lang: Some(Lang::Zh),
            theme: Theme::Dark,
            presentation: true,
            palette: PaletteChoice::ColorBlind,
        },
        ..Config::default()
    };
    let mut file = Config {
        training: Training {
            learning_rate: 0.3,
            ..Default::default()
        },
        ..Config::default()
    };
    let before = file.clone();
    file.screen = screen.screen;
    assert_eq!(file.screen.lang, Some(Lang::Zh));
    assert_eq!(file.screen.theme, Theme::Dark);
    assert!(file.screen.presentation);
    assert_eq!(file.screen.palette, PaletteChoice::ColorBlind);
    assert_eq!(file.training.learning_rate, 0.3);
    assert_eq!(before.change_effect(&file), ChangeEffect::None);
}

#[test]
fn type_errors_say_what_the_setting_takes_in_either_language() {
    let e = refused(json!({"noise": "abc"}));
    assert_eq!(
        e.to_string(),
        "noise: \"abc\" is not allowed: expected a number"
    );
    let e = refused(json!({"showTestData": 3}));
    assert_eq!(
        e.to_string(),
        "showTestData: 3 is not allowed: use true or false"
    );
    let e = refused(json!({"networkShape": "big"}));
    assert!(e.to_string().contains("a list of whole numbers"), "{e}");
    assert_eq!(
        e.text().render(Lang::Zh),
        "networkShape：不允许 \"big\"：这里需要一列整数，例如 4,2"
    );
    // Dropout's rates are not whole numbers: its message says what it takes.
    let e = refused(json!({"dropout": 0.5}));
    assert_eq!(
        e.to_string(),
        "dropout: 0.5 is not allowed: expected a list of rates from 0 to 0.9, one per hidden layer, e.g. 0.5,0"
    );
    assert!(e.text().render(Lang::Zh).contains("0 到 0.9 的比率"));
}

#[test]
fn a_number_the_setting_cannot_hold_is_told_the_range() {
    // batchSize is a count: −1 and 1e9 said "expected a number", though they are numbers.
    for (value, said) in [
        (json!(-1), "batchSize: -1 is not allowed: use 1 to 100"),
        (json!(1e20), "batchSize: 1e20 is not allowed: use 1 to 100"),
        (
            json!(2.5),
            "batchSize: 2.5 is not allowed: use a whole number from 1 to 100",
        ),
    ] {
        assert_eq!(refused(json!({ "batchSize": value })).to_string(), said);
    }
}

#[test]
fn an_unknown_setting_names_the_nearest_known_one_not_all_sixty() {
    let e = refused(json!({"learningrate": 0.1}));
    assert_eq!(
        e.to_string(),
        "learningrate: unknown setting; did you mean \"learningRate\"?"
    );
    let e = refused(json!({"netwrkShape": [2]}));
    assert!(
        e.to_string().ends_with("did you mean \"networkShape\"?"),
        "{e}"
    );
    let e = refused(json!({"completelyDifferent": 1}));
    let said = e.to_string();
    assert!(said.len() < 120 && !said.contains("learningRate"), "{said}");
    assert!(e.text().render(Lang::Zh).contains("未知的设置"));
}

#[test]
fn invalid_configs_are_refused_with_readable_messages() {
    let e = refused(json!({"dataset": "moons"}));
    assert_eq!(e.field, "dataset");
    assert!(e.to_string().contains("circle, xor, gauss, spiral"), "{e}");

    let e = refused(json!({"activation": "softplus"}));
    assert!(e.to_string().contains("relu, tanh, sigmoid, linear"), "{e}");

    let e = refused(json!({"learningRate": 11}));
    assert_eq!(e.field, "learningRate");
    assert!(
        e.message.to_string().contains("0.00001") || e.message.to_string().contains("1e-5"),
        "{e}"
    );
    assert!(e.message.to_string().contains("10"), "{e}");
    assert_eq!(refused(json!({"learningRate": 0})).field, "learningRate");
    assert_eq!(
        refused(json!({"learningRate": "fast"})).field,
        "learningRate"
    );

    let e = refused(json!({"networkShape": [4, 4, 4, 4, 4, 4, 4, 4, 4]}));
    assert!(e.message.to_string().contains("0 to 8"), "{e}");
    let e = refused(json!({"networkShape": [4, 17]}));
    assert!(e.message.to_string().contains("1 to 16"), "{e}");
    assert_eq!(refused(json!({"networkShape": [0]})).field, "networkShape");
    assert_eq!(refused(json!({"networkShape": [-1]})).field, "networkShape");

    assert_eq!(refused(json!({"batchSize": 0})).field, "batchSize");
    assert_eq!(refused(json!({"batchSize": 101})).field, "batchSize");
    assert_eq!(refused(json!({"noise": 51})).field, "noise");
    assert_eq!(refused(json!({"percTrainData": 95})).field, "percTrainData");
    assert_eq!(refused(json!({"percTrainData": 5})).field, "percTrainData");
    assert_eq!(refused(json!({"x": false, "y": false})).field, "x");

    let e = refused(json!({"colour": 3}));
    assert_eq!(e.field, "colour");
    assert_eq!(e.message.key, "err.unknownSetting", "{e}");
    assert_eq!(refused(json!({"speed": 0.1})).field, "speed");
    assert_eq!(refused(json!({"speed": 101})).field, "speed");
    assert_eq!(refused(json!({"speed": "fast"})).field, "speed");
    let c = Config::default();
    assert_eq!(
        c.with_patch(&json!({"speed": "max"}))
            .unwrap()
            .classroom
            .speed,
        Speed::Max
    );
    assert_eq!(
        c.with_patch(&json!({"speed": 20})).unwrap().classroom.speed,
        Speed::EpochsPerFrame(20.0)
    );
    assert_eq!(refused(json!(5)).field, "config");
}

#[test]
fn which_changes_reset_and_which_apply_live() {
    let c = Config::default();
    let with = |p| c.with_patch(&p).unwrap();
    assert_eq!(
        c.change_effect(&with(json!({"learningRate": 0.3}))),
        ChangeEffect::Live
    );
    assert_eq!(
        c.change_effect(&with(json!({"batchSize": 30}))),
        ChangeEffect::Live
    );
    assert_eq!(
        c.change_effect(&with(json!({"showTestData": true}))),
        ChangeEffect::None
    );
    for view in [
        json!({"theme": "dark"}),
        json!({"presentation": true}),
        json!({"palette": "colorBlind"}),
    ] {
        assert_eq!(
            c.change_effect(&with(view.clone())),
            ChangeEffect::None,
            "{view}"
        );
    }
    for p in [
        json!({"dataset": "spiral"}),
        json!({"activation": "relu"}),
        json!({"networkShape": [2]}),
        json!({"seed": 9}),
        json!({"noise": 10}),
        json!({"xSquared": true}),
    ] {
        assert_eq!(
            c.change_effect(&with(p.clone())),
            ChangeEffect::Reset,
            "{p}"
        );
    }
}

#[test]
fn the_learning_rate_slider_is_logarithmic_over_the_whole_range() {
    assert_eq!(learning_rate_from_slider(0), 0.00001);
    assert_eq!(learning_rate_from_slider(600), 10.0);
    assert_eq!(learning_rate_from_slider(300), 0.01);
    assert_eq!(learning_rate_from_slider(400), 0.1);
    assert_eq!(learning_rate_from_slider(348), 0.0302);
    assert_eq!(slider_from_learning_rate(0.03), 348);
    for pos in 0..=600 {
        let rate = learning_rate_from_slider(pos);
        assert!((MIN_LEARNING_RATE..=MAX_LEARNING_RATE).contains(&rate));
        assert_eq!(slider_from_learning_rate(rate), pos, "{rate}");
    }
}

#[test]
fn each_hidden_layer_may_have_its_own_activation() {
    let c = Config::default()
        .with_patch(&json!({"networkShape": [4, 3, 2], "activations": ["relu", "tanh", "sigmoid"]}))
        .unwrap();
    assert_eq!(c.experiment.activation_of(0), Activation::Relu);
    assert_eq!(c.experiment.activation_of(2), Activation::Sigmoid);
    // A new shape keeps each remaining layer's; a new layer takes the global one.
    let fewer = c.with_patch(&json!({"networkShape": [4, 3]})).unwrap();
    assert_eq!(
        fewer.experiment.activations,
        [Activation::Relu, Activation::Tanh]
    );
    let more = fewer
        .with_patch(&json!({"networkShape": [4, 3, 5, 5]}))
        .unwrap();
    assert_eq!(more.experiment.activations.len(), 4);
    assert_eq!(more.experiment.activation_of(3), Activation::Tanh);
    // The global activation sets every layer's.
    let all = more.with_patch(&json!({"activation": "linear"})).unwrap();
    assert!(all.experiment.activations.is_empty());
    assert_eq!(all.experiment.activation_of(1), Activation::Linear);
    // One layer's picker: the others keep the global one; all the same is no list at all.
    let mut e = Config::default().experiment;
    e.set_activation_of(1, Activation::Relu);
    assert_eq!(e.activations, [Activation::Tanh, Activation::Relu]);
    e.set_activation_of(1, Activation::Tanh);
    assert!(e.activations.is_empty());
    // Refused: a count that is not one per layer, a name that is not an activation, not a
    // list; in both languages.
    let wrong = Config::default()
        .with_patch(&json!({"activations": ["relu"]}))
        .unwrap_err();
    assert_eq!(wrong.field, "activations");
    assert!(wrong
        .text()
        .render(Lang::En)
        .contains("1 activations for 2 hidden layers"));
    assert!(wrong.text().render(Lang::Zh).contains("2 个隐藏层"));
    let name = Config::default()
        .with_patch(&json!({"activations": ["relu", "swish"]}))
        .unwrap_err();
    assert_eq!(name.field, "activations");
    assert!(
        name.text().render(Lang::En).contains("relu"),
        "{}",
        name.text().render(Lang::En)
    );
    let kind = Config::default()
        .with_patch(&json!({"activations": "relu"}))
        .unwrap_err();
    assert!(kind
        .text()
        .render(Lang::En)
        .contains("one per hidden layer"));
}

#[test]
fn per_layer_activations_go_through_the_link_and_tfp_links_are_unchanged() {
    let c = Config::default()
        .with_patch(&json!({"activations": ["relu", "sigmoid"]}))
        .unwrap();
    let hash = c.to_url_hash();
    assert!(hash.contains("activations=relu,sigmoid"), "{hash}");
    let (back, refusals) = Config::from_url_hash(&hash);
    assert!(refusals.is_empty());
    assert_eq!(back, c);
    // A link without the key (every TFP link): every layer has the global activation.
    let (tfp, _) = Config::from_url_hash("activation=relu&networkShape=3,3");
    assert!(tfp.experiment.activations.is_empty());
    assert_eq!(tfp.experiment.activation_of(1), Activation::Relu);
}

#[test]
fn a_formula_defines_the_data_and_a_bad_one_is_refused_with_its_position() {
    let c = Config::default()
        .with_patch(&json!({"formula": "x^2 + y^2 < 9", "dataset": "blobs", "classes": 4}))
        .unwrap();
    assert_eq!(
        c.class_count(),
        2,
        "a formula's two classes, whatever the dataset"
    );
    let (back, refusals) = Config::from_url_hash(&c.to_url_hash());
    assert!(refusals.is_empty());
    assert_eq!(back.experiment.formula, "x^2 + y^2 < 9");
    assert!(!Config::default().to_url_hash().contains("formula"));
    let e = Config::default()
        .with_patch(&json!({"formula": "x + * y"}))
        .unwrap_err();
    assert_eq!(e.field, "formula");
    assert!(
        e.text().render(Lang::En).contains("at character 5"),
        "{}",
        e.text().render(Lang::En)
    );
    assert!(e.text().render(Lang::Zh).contains("第 5 个字符"));
    let nowhere = Config::default()
        .with_patch(&json!({"formula": "sqrt(-1 - x^2)"}))
        .unwrap_err();
    assert!(nowhere
        .text()
        .render(Lang::En)
        .contains("no value anywhere"));
}
