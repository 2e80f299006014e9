//! Property tests: every valid config survives the URL hash unchanged, and no text or
//! JSON, however malformed, makes a parser panic. Case counts: `PROPTEST_CASES` raises
//! them for a longer run.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::config::{Classroom, Experiment, Screen, Training, View};
use nnlab::config::{Control, PaletteChoice, Problem, Seed, Speed, Split, Theme};
use nnlab::config::{NeuronId, NeuronState, Neurons};
use nnlab::data::Dataset;
use nnlab::i18n::Lang;
use nnlab::names::Choice;
use nnlab::nn::{Activation, Loss, Optimizer, Regularization};
use nnlab::Config;
use proptest::prelude::*;

fn activation() -> impl Strategy<Value = Activation> {
    prop::sample::select(Activation::all().collect::<Vec<_>>())
}

fn seed() -> impl Strategy<Value = Seed> {
    prop_oneof![
        any::<u32>().prop_map(|n| Seed::new(n.to_string())),
        (0u32..100_000).prop_map(|n| Seed::new(format!("0.{n:05}"))),
        "[A-Za-z0-9._-]{1,32}".prop_map(Seed::new),
    ]
}

fn speed() -> impl Strategy<Value = Speed> {
    prop_oneof![
        Just(Speed::Max),
        (0.25f64..=100.0).prop_map(Speed::EpochsPerFrame),
        prop::sample::select(vec![0.25, 0.5, 1.0, 2.0, 100.0]).prop_map(Speed::EpochsPerFrame),
    ]
}

prop_compose! {
    fn valid_config()(
        activation in activation(),
        regularization in prop::sample::select(Regularization::all().collect::<Vec<_>>()),
        batch_size in 1usize..=100,
        // Not the texts: a text mode experiment (tens of thousands of examples, a
        // pasted text) has its own tests (src/train/text/tests.rs, text.test.mjs).
        dataset in prop::sample::select(
            Dataset::ALL_CLASSIFICATION.into_iter().filter(|d| !d.is_text()).collect::<Vec<_>>()
        ),
        reg_dataset in prop::sample::select(Dataset::REGRESSION.to_vec()),
        learning_rate in 0.00001f64..=10.0,
        regularization_rate in prop_oneof![Just(0.0), 0.0f64..=10.0],
        noise in 0u32..=50,
        network_shape in prop::collection::vec(1usize..=16, 0..=8),
        seed in seed(),
        flags in prop::array::uniform7(any::<bool>()),
        features in prop::array::uniform7(any::<bool>()),
        perc_train_data in 10u32..=90,
        problem in prop::sample::select(vec![Problem::Classification, Problem::Regression]),
        speed in speed(),
        hidden in prop::collection::btree_set(prop::sample::select(Control::all().collect::<Vec<_>>()), 0..5),
        hidden_view in (1usize..=8, 1usize..=16, 1usize..=16),
        formula in prop::sample::select(vec!["", "x*y > 0", "sin(x)*cos(y)", "x^2 + y^2 < 9", "y >= 2*sin(x) ", "(x + 1)/y"]),
        per_layer in prop_oneof![Just(None), prop::collection::vec(prop::sample::select(Activation::all().collect::<Vec<_>>()), 8).prop_map(Some)],
        mistakes in (prop::sample::select(vec![Split::Train, Split::Test]), any::<bool>(), 0.25f64..=10.0),
        masks in (
            prop_oneof![Just(None), prop::collection::vec(prop_oneof![Just(0.0), 0.0f64..=0.9], 8).prop_map(Some)],
            prop::collection::vec((1usize..=8, 1usize..=16, any::<bool>()), 0..6),
        ),
        training in (
            prop::sample::select(vec![Loss::Squared, Loss::CrossEntropy]),
            3usize..=5,
            prop_oneof![Just(None), (50usize..=2000).prop_map(Some)],
            prop::sample::select(Optimizer::all().collect::<Vec<_>>()),
            (0.0f64..=0.999, 0.0f64..=0.9999, 0.0f64..=0.9999),
            prop_oneof![Just(1e-8), 1e-12f64..=1.0],
        ),
        view in (
            prop::sample::select(vec![Theme::Auto, Theme::Light, Theme::Dark]),
            any::<bool>(),
            prop::sample::select(vec![PaletteChoice::Standard, PaletteChoice::ColorBlind]),
            prop::sample::select(vec![None, Some(Lang::En), Some(Lang::Zh)]),
            prop::sample::select(nnlab::config::Pane::all().collect::<Vec<_>>()),
        ),
    ) -> Config {
        let (theme, presentation, palette, lang, pane) = view;
        let (loss, classes, num_samples, optimizer, (momentum, beta1, beta2), epsilon) = training;
        let [show_test_data, discretize, init_zero, hide_text, hidden_space, ..] = flags;
        let (hidden_layer, hidden_neuron_x, hidden_neuron_y) = hidden_view;
        let (mistakes_set, mark_mistakes, walk_pace) = mistakes;
        let brush_density = walk_pace.min(9.5) + 0.5;
        // None, or one per hidden layer.
        let activations = per_layer.map_or_else(Vec::new, |mut a| {
            a.truncate(network_shape.len());
            a
        });
        // None, or a rate per hidden layer; neurons the network has, off or frozen.
        let (rates, states) = masks;
        let mut neurons = Neurons {
            dropout: rates.map_or_else(Vec::new, |mut r| {
                r.truncate(network_shape.len());
                r
            }),
            ..Neurons::default()
        };
        for (layer, neuron, off) in states {
            let id = NeuronId { layer, neuron };
            if id.exists_in(&network_shape) {
                let state = if off { NeuronState::Off } else { NeuronState::Frozen };
                neurons.set_state(id, state);
            }
        }
        let mut c = Config {
            neurons,
            experiment: Experiment {
                activation, dataset, reg_dataset, noise, network_shape, seed, perc_train_data,
                problem, init_zero, loss, classes, num_samples,
                activations,
                formula: formula.to_string(),
                context: 3, embedding: 10,
                x: features[0], y: features[1], x_squared: features[2], y_squared: features[3],
                x_times_y: features[4], sin_x: features[5], sin_y: features[6],
            },
            training: Training {
                regularization, batch_size, learning_rate, regularization_rate, optimizer,
                momentum, beta1, beta2, epsilon,
            },
            view: View {
                show_test_data, discretize, hidden_space, hidden_layer, hidden_neuron_x,
                hidden_neuron_y, mistakes_set, mark_mistakes, walk_pace,
                brush_density, pane, temperature: 1.0,
            },
            classroom: Classroom { hide_text, speed, hidden },
            screen: Screen { theme, presentation, palette, lang },
        };
        if c.features().is_empty() {
            c.experiment.x = true;
        }
        if c.experiment.problem == Problem::Regression {
            c.experiment.loss = Loss::Squared;
        }
        c
    }
}

/// Arbitrary JSON values, nested a little.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    prop::sample::select(Config::keys()),
                    "[a-zA-Z]{1,10}".prop_map(String::from)
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// URL-hash-like text: known keys, known values, junk, escapes.
fn hash_text() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(Config::keys()),
        prop::sample::select(vec![
            "learningRate_hide".to_string(),
            "cosX".into(),
            "collectStats".into()
        ]),
        ".{0,8}",
    ];
    let value = prop_oneof![
        Just("true".to_string()),
        Just("false".to_string()),
        "-?[0-9]{0,4}(\\.[0-9]{0,4})?",
        "[0-9,]{0,12}",
        ".{0,10}",
        "(%[0-9A-Fa-f]{0,2}){1,3}",
    ];
    prop::collection::vec((key, value), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000)
    ))]

    #[test]
    fn any_valid_config_round_trips_through_the_url_hash(config in valid_config()) {
        prop_assert!(config.validate().is_ok(), "{:?}", config.validate());
        let hash = config.to_url_hash();
        let (back, errors) = Config::from_url_hash(&hash);
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(back, config);
    }

    #[test]
    fn any_valid_config_round_trips_through_json(config in valid_config()) {
        let json = serde_json::to_value(&config).unwrap();
        prop_assert_eq!(Config::default().with_patch(&json).unwrap(), config);
    }

    #[test]
    fn no_url_text_makes_the_hash_reader_panic(text in ".{0,200}") {
        let (config, _) = Config::from_url_hash(&text);
        prop_assert!(config.validate().is_ok());
    }

    #[test]
    fn hash_like_text_yields_a_valid_config_and_one_message_per_bad_key(text in hash_text()) {
        let (config, errors) = Config::from_url_hash(&text);
        prop_assert!(config.validate().is_ok());
        prop_assert!(errors.total <= text.split('&').count());
        prop_assert!(errors.errors.len() <= errors.total);
        // Every refusal has a message in both languages, naming no key of the tables.
        if let Some(message) = errors.text() {
            for lang in nnlab::i18n::Lang::all() {
                let shown = message.render(lang);
                prop_assert!(!shown.contains("err.") && !shown.contains("msg."), "{}", shown);
                prop_assert!(shown.chars().count() < 2000, "{}", shown);
            }
        }
    }

    #[test]
    fn no_file_makes_the_importers_panic(text in ".{0,300}", value in json()) {
        let t = nnlab::Trainer::new(Config::default()).unwrap();
        // Every refusal has its place and message in both languages.
        let readable = |e: nnlab::io::ImportError| {
            for lang in Lang::all() {
                let shown = e.text().render(lang);
                assert!(!shown.contains("err.") && !shown.contains("what.") && !shown.contains("place."), "{}", shown);
                assert!(shown.chars().count() < 1000, "{}", shown);
            }
        };
        let _ = nnlab::io::import_csv(&t, &text).map_err(readable);
        // Arbitrary text, arbitrary JSON, and JSON shaped like an experiment.
        let _ = nnlab::io::import_json(&text).map_err(readable);
        let _ = nnlab::io::import_json(&value.to_string()).map_err(readable);
        let shaped = serde_json::json!({
            "format": "nnlab-experiment", "version": 1, "config": value,
            "layers": [], "data": {"train": [], "test": []}, "epoch": 0, "history": []
        });
        prop_assert!(nnlab::io::import_json(&shaped.to_string()).is_err() || shaped["config"].is_object());
    }

    #[test]
    fn no_json_makes_set_config_panic_and_refusals_change_nothing(patch in json()) {
        let start = Config::default();
        match start.with_patch(&patch) {
            Ok(next) => prop_assert!(next.validate().is_ok()),
            Err(e) => {
                prop_assert!(!e.field.is_empty());
                // The message exists in both languages (a missing key would show itself).
                for lang in Lang::all() {
                    let shown = e.message.render(lang);
                    prop_assert!(!shown.is_empty() && shown != e.message.key, "{}", shown);
                }
            }
        }
    }
}

proptest! {
    // Each case trains a few epochs: fewer cases (the suite's total stays above 100,000).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000)
    ))]

    /// Whatever a student types into a weight or clicks onto the data, nothing panics and
    /// the trainer stays usable: bad values are refused, good ones applied.
    #[test]
    fn arbitrary_edits_never_panic(
        values in prop::collection::vec((any::<f64>(), any::<f64>(), any::<f64>(), any::<u16>()), 1..8),
        kind in 0usize..4,
    ) {
        // The default data, the textbook example, four blobs, regression.
        let config = match kind {
            0 => Config::default(),
            1 => Config {
                experiment: Experiment {
                    dataset: Dataset::Textbook,
                    network_shape: vec![2],
                    ..Default::default()
                },
                ..Config::default()
            },
            2 => Config {
                experiment: Experiment { dataset: Dataset::Blobs, classes: 4, ..Default::default() },
                ..Config::default()
            },
            _ => Config {
                experiment: Experiment { problem: Problem::Regression, ..Default::default() },
                ..Config::default()
            },
        };
        let mut t = nnlab::Trainer::new(config).unwrap();
        let params = t.network().param_count();
        for (a, b, c, index) in values {
            let index = usize::from(index) % 40;
            let before = t.network().param_count();
            let old = (index < before).then(|| t.network().param(index));
            match t.set_param(index, a) {
                Ok(()) => prop_assert!(a.is_finite() && index < before && t.train_loss().is_finite()),
                // Refused: not finite, no such parameter, or a value the network's numbers
                // overflow with (then it is left as it was, and the losses stay finite).
                Err(_) => prop_assert!(
                    !a.is_finite()
                        || index >= before
                        || (old.map(f64::to_bits) == Some(t.network().param(index).to_bits())
                            && t.train_loss().is_finite())
                ),
            }
            let _ = t.add_point(b, c, a);
            let _ = t.remove_nearest(b, c, a.abs());
            let _ = t.inspect(index);
            t.step_epoch();
        }
        prop_assert_eq!(t.network().param_count(), params);
        let _ = nnlab::io::import_csv(&t, "1,1,1\n");
        let saved = nnlab::io::export_json(&t);
        // Whatever was saved loads again, unless the run left numbers that are not finite
        // (a diverged run's history is not a file to load).
        let finite = t.network().is_finite()
            && t.history().points().iter().all(|p| p.train.is_finite() && p.test.is_finite());
        prop_assert!(nnlab::io::import_json(&saved).is_ok() || !finite);
    }
}

proptest! {
    // Each case builds a few trainers: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
    ))]

    /// Any comparison (runs changing the rate, the batch, the activation, the shape,
    /// dropout, the neurons switched off) goes through the link and the experiment file
    /// and comes back the same runs.
    #[test]
    fn any_comparison_round_trips_through_the_link_and_the_file(
        base in valid_config(),
        runs in prop::collection::vec((
            prop_oneof![Just(None), (0.00001f64..=10.0).prop_map(Some)],
            prop_oneof![Just(None), (1usize..=100).prop_map(Some)],
            prop_oneof![Just(None), prop::sample::select(Activation::all().collect::<Vec<_>>()).prop_map(Some)],
            prop_oneof![Just(None), prop::collection::vec(1usize..=6, 1..=3).prop_map(Some)],
            any::<bool>(),
        ), 1..=3),
    ) {
        let mut base = base;
        // Small data and a shape of its own keep each case quick.
        base.experiment.num_samples = Some(50);
        base.experiment.network_shape = vec![3, 2];
        base.experiment.fit_activations();
        base.neurons = Neurons::default();
        let mut session = nnlab::session::Session::new(base).unwrap();
        for (rate, batch, activation, shape, extras) in runs {
            let mut patch = serde_json::Map::new();
            if let Some(r) = rate { patch.insert("learningRate".into(), serde_json::json!(r)); }
            if let Some(b) = batch { patch.insert("batchSize".into(), serde_json::json!(b)); }
            if let Some(a) = activation { patch.insert("activation".into(), serde_json::to_value(a).unwrap()); }
            let layers = shape.as_ref().map_or(2, Vec::len);
            if let Some(s) = shape { patch.insert("networkShape".into(), serde_json::json!(s)); }
            if extras {
                patch.insert("dropout".into(), serde_json::json!(vec![0.25; layers]));
                patch.insert("neuronsOff".into(), serde_json::json!(["1:1"]));
            }
            prop_assert!(session.add_run(&serde_json::Value::Object(patch)).is_ok());
        }
        let link = session.link();
        let mut fresh = nnlab::session::Session::new(Config::default()).unwrap();
        fresh.load_hash(&link);
        prop_assert!(fresh.notice().is_none(), "{:?}", fresh.notice());
        let file = session.export_json();
        let mut loaded = nnlab::session::Session::new(Config::default()).unwrap();
        prop_assert!(loaded.load_experiment(&file).is_ok());
        for other in [&fresh, &loaded] {
            let (a, b) = (session.runs(), other.runs());
            prop_assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                prop_assert_eq!(x.patch, y.patch);
                prop_assert_eq!(&x.trainer.config().training, &y.trainer.config().training);
                prop_assert_eq!(&x.trainer.config().experiment, &y.trainer.config().experiment);
            }
        }
    }
}
