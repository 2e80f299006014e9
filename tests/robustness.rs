//! Nothing a link or a file can do breaks the core or loses work (issue 12): what the page
//! saves it loads, bit for bit; a diverged run stays at its last finite state; refusals
//! name their place in both languages and change nothing.
#![cfg(not(target_arch = "wasm32"))]

use nnlab::config::{Config, Problem};
use nnlab::config::{Experiment, Training};
use nnlab::data::Dataset;
use nnlab::i18n::Lang;
use nnlab::io::{export_csv, export_json, import_csv, import_json};
use nnlab::names::Choice;
use nnlab::nn::Activation;
use nnlab::Trainer;

fn bits(t: &Trainer) -> Vec<u64> {
    (0..t.network().param_count())
        .map(|p| t.network().param(p).to_bits())
        .collect()
}

/// Save → load → save is the same text and the same weights, and the CSV loads back.
fn round_trips(t: &Trainer, what: &str) {
    let text = export_json(t);
    let back = import_json(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(export_json(&back), text, "{what}");
    assert_eq!(bits(&back), bits(t), "{what}");
    assert_eq!(back.epoch(), t.epoch(), "{what}");
    let csv = export_csv(t);
    let (train, test) = import_csv(t, &csv).unwrap_or_else(|e| panic!("{what} (CSV): {e}"));
    let mut loaded = import_json(&text).unwrap();
    loaded.replace_data(train, test);
    assert_eq!(export_csv(&loaded), csv, "{what} (CSV)");
    assert_eq!(loaded.train_samples(), t.train_samples(), "{what} (CSV)");
}

/// Every dataset the page generates, with its problem type.
const DATASETS: [(Problem, Dataset); 8] = [
    (Problem::Classification, Dataset::Circle),
    (Problem::Classification, Dataset::Xor),
    (Problem::Classification, Dataset::Gauss),
    (Problem::Classification, Dataset::Spiral),
    (Problem::Classification, Dataset::MultiSpiral),
    (Problem::Classification, Dataset::Blobs),
    (Problem::Regression, Dataset::RegPlane),
    (Problem::Regression, Dataset::RegGauss),
];

/// A small experiment (`points` points) on a dataset at a noise and a seed.
fn experiment(
    (problem, dataset): (Problem, Dataset),
    noise: u32,
    seed: &str,
    points: usize,
) -> Config {
    let mut config = Config {
        experiment: Experiment {
            problem,
            noise,
            seed: nnlab::config::Seed::new(seed),
            classes: 4,
            num_samples: Some(points),
            ..Default::default()
        },
        ..Config::default()
    };
    match problem {
        Problem::Classification => config.experiment.dataset = dataset,
        Problem::Regression => config.experiment.reg_dataset = dataset,
    }
    config
}

#[test]
fn every_dataset_at_every_noise_saves_and_loads_back_bit_for_bit() {
    for (problem, dataset) in DATASETS {
        for noise in (0..=50).step_by(5) {
            for seed in ["1", "2", "0.59704"] {
                let config = experiment((problem, dataset), noise, seed, 120);
                let mut t = Trainer::new(config).unwrap();
                t.step_epochs(u64::from(noise) + 3);
                round_trips(&t, &format!("{dataset:?} noise {noise} seed {seed}"));
            }
        }
    }
}

#[test]
fn any_number_of_epochs_saves_and_loads_back_to_the_same_text() {
    let mut t = Trainer::new(Config::default()).unwrap();
    for n in [1, 2, 3, 317, 579, 902, 2048, 3001] {
        t.step_epochs(n);
        round_trips(&t, &format!("epoch {}", t.epoch()));
        // And training goes on as it would have: the loaded history keeps the same points.
        let mut back = import_json(&export_json(&t)).unwrap();
        let mut again = import_json(&export_json(&t)).unwrap();
        back.step_epochs(77);
        again.step_epochs(77);
        assert_eq!(back.history().points(), again.history().points());
    }
}

/// The issue's own link: regression, linear, η = 10, three layers of 16, batch 1.
fn diverging() -> Trainer {
    Trainer::new(Config {
        experiment: Experiment {
            problem: Problem::Regression,
            activation: Activation::Linear,
            network_shape: vec![16, 16, 16],
            ..Default::default()
        },
        training: Training {
            learning_rate: 10.0,
            batch_size: 1,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap()
}

#[test]
fn a_diverged_run_stays_at_its_last_finite_epoch_and_saves_that() {
    let mut t = diverging();
    t.add_point(1.5, -2.0, 0.25).unwrap();
    let done = t.step_epochs(100);
    assert!(t.diverged());
    let d = t.divergence().expect("an epoch overflowed");
    assert_eq!(
        d.epoch,
        t.epoch() + 1,
        "back at the epoch before the one that failed"
    );
    assert_eq!(done, t.epoch());
    assert!(!d.even_at_lowest_rate, "a smaller rate would not overflow");
    assert!(t.network().is_finite());
    assert!(t.train_loss().is_finite() && t.test_loss().is_finite());
    assert!(t
        .history()
        .points()
        .iter()
        .all(|p| p.train.is_finite() && p.test.is_finite()));
    // The state is that of a fresh run stepped to the same epoch, bit for bit.
    let mut fresh = diverging();
    fresh.add_point(1.5, -2.0, 0.25).unwrap();
    fresh.step_epochs(t.epoch());
    assert_eq!(bits(&fresh), bits(&t));
    // Nothing trains until something changes; the file holds the last finite state.
    assert_eq!(t.step_epochs(5), 0);
    let text = export_json(&t);
    let saved: serde_json::Value = serde_json::from_str(&text).unwrap();
    for part in ["layers", "history", "data"] {
        let shown = saved[part].to_string();
        assert!(!shown.contains("null"), "{part} holds a non-finite number");
    }
    round_trips(&t, "diverged");
    let back = import_json(&text).unwrap();
    assert_eq!(
        back.train_samples(),
        t.train_samples(),
        "hand-placed points kept"
    );
    // Lowering the rate (a live change) lets training go on from there.
    let slower = {
        let mut config = t.config().clone();
        config.training.learning_rate = 0.0001;
        config
    };
    t.set_config(slower).unwrap();
    assert!(!t.diverged());
    assert!(t.step_epochs(3) > 0);
}

#[test]
fn huge_weights_that_overflow_at_any_rate_are_told_apart_from_a_rate_too_high() {
    let mut t = Trainer::new(Config {
        experiment: Experiment {
            problem: Problem::Regression,
            activation: Activation::Relu,
            network_shape: vec![4],
            ..Default::default()
        },
        training: Training {
            learning_rate: nnlab::config::MIN_LEARNING_RATE,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    for p in 0..8 {
        t.set_param(p, 1e100).unwrap();
    }
    t.step_epochs(10);
    let d = t.divergence().expect("diverged");
    assert!(d.even_at_lowest_rate);
    assert!(t.network().is_finite());
}

#[test]
fn typed_weights_and_files_the_network_cannot_compute_with_are_refused() {
    let mut t = Trainer::new(Config {
        experiment: Experiment {
            problem: Problem::Regression,
            activation: Activation::Linear,
            ..Default::default()
        },
        ..Config::default()
    })
    .unwrap();
    let before = bits(&t);
    for p in 0..t.network().param_count() {
        let _ = t.set_param(p, 1e100);
    }
    assert!(t.train_loss().is_finite(), "no edit left the loss infinite");
    assert_ne!(bits(&t), before);
    let mut file: serde_json::Value = serde_json::from_str(&export_json(&t)).unwrap();
    for layer in file["layers"].as_array_mut().unwrap() {
        for row in layer["weights"].as_array_mut().unwrap() {
            for w in row.as_array_mut().unwrap() {
                *w = 1e300.into();
            }
        }
    }
    let e = import_json(&file.to_string()).err().expect("refused");
    assert_eq!(e.place.to_string(), "layers");
    assert!(e.message.to_string().contains("overflow"), "{e}");
}

#[test]
fn file_errors_name_their_json_path_in_both_languages() {
    let t = Trainer::new(Config::default()).unwrap();
    let good: serde_json::Value = serde_json::from_str(&export_json(&t)).unwrap();
    let refusal = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        edit(&mut v);
        import_json(&v.to_string()).err().expect("refused")
    };
    let e = refusal(&|v| v["layers"][1]["weights"][0][0] = "NaN".into());
    assert_eq!(e.place.to_string(), "layers[1].weights[0][0]");
    assert_eq!(
        e.message.to_string(),
        "\"NaN\" is not allowed here: expected a number"
    );
    assert_eq!(
        e.text().render(Lang::Zh),
        "layers[1].weights[0][0]：这里不允许 \"NaN\"：这里需要一个数"
    );
    let e = refusal(&|v| v["data"]["train"][3]["x"] = serde_json::Value::Null);
    assert_eq!(e.place.to_string(), "data.train[3].x");
    let e = refusal(&|v| v["epoch"] = (-1).into());
    assert_eq!(e.place.to_string(), "epoch");
    let e = refusal(&|v| v["epoch"] = 2.5.into());
    assert_eq!(e.place.to_string(), "epoch");
    let e = refusal(&|v| v["epoch"] = u64::MAX.into());
    assert_eq!(e.place.to_string(), "epoch");
    assert!(e.message.to_string().contains("9007199254740992"), "{e}");
    let e = refusal(&|v| {
        v.as_object_mut().unwrap().remove("layers");
    });
    assert!(e.message.to_string().contains("layers"), "{e}");
    // 2^53 itself loads, and training stops there rather than counting inexactly.
    let mut v = good.clone();
    v["epoch"] = (1u64 << 53).into();
    let mut at_the_end = import_json(&v.to_string()).unwrap();
    assert_eq!(at_the_end.epoch(), 1 << 53);
    assert_eq!(at_the_end.step_epochs(5), 0);
    assert_eq!(at_the_end.epoch(), 1 << 53);
}

#[test]
fn a_key_given_twice_in_a_file_is_refused_by_name() {
    let t = Trainer::new(Config::default()).unwrap();
    let text = export_json(&t);
    let twice = text.replacen("\"epoch\": 0", "\"epoch\": 0, \"epoch\": 7", 1);
    let e = import_json(&twice).err().expect("refused");
    assert!(
        e.to_string().contains("\"epoch\" is given more than once"),
        "{e}"
    );
    let in_config = text.replacen("\"noise\": 0", "\"noise\": 0, \"noise\": 5", 1);
    let e = import_json(&in_config).err().expect("refused");
    assert_eq!(e.place.to_string(), "config");
    assert!(e.to_string().contains("\"noise\""), "{e}");
    for lang in Lang::all() {
        assert!(!e.text().render(lang).contains("err."));
    }
    // Trailing text after the object is not an experiment either.
    assert!(import_json(&format!("{text} x")).is_err());
}

#[test]
fn nesting_far_deeper_than_a_file_has_is_refused_without_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(import_json(&deep).is_err());
    let deep_config = format!(
        "{{\"format\": \"nnlab-experiment\", \"config\": {}1{}}}",
        "{\"a\":".repeat(50_000),
        "}".repeat(50_000)
    );
    assert!(import_json(&deep_config).is_err());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn cases(default: u32) -> ProptestConfig {
        ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(default),
        )
    }

    fn dataset() -> impl Strategy<Value = (Problem, Dataset)> {
        prop::sample::select(DATASETS.to_vec())
    }

    proptest! {
        #![proptest_config(cases(300))]

        /// Any dataset, any noise from 0 to 50, any seed, any epoch count, any learning
        /// rate (diverged runs included): save → load → save is the same text and the
        /// same weights, as JSON and as CSV.
        #[test]
        fn whatever_the_page_saves_it_loads_back_identically(
            (problem, ds) in dataset(),
            noise in 0u32..=50,
            seed in any::<u32>(),
            classes in 3usize..=5,
            epochs in 0u64..40,
            rate in prop::sample::select(vec![0.03, 1.0, 10.0]),
        ) {
            let mut config = experiment((problem, ds), noise, &seed.to_string(), 80);
            config.experiment.classes = classes;
            config.training.learning_rate = rate;
            config.experiment.activation =
                if rate > 1.0 { Activation::Linear } else { Activation::Tanh };
            let mut t = Trainer::new(config).unwrap();
            t.step_epochs(epochs);
            prop_assert!(t.network().is_finite() && t.train_loss().is_finite());
            round_trips(&t, &format!("{ds:?} noise {noise} seed {seed}"));
        }
    }

    proptest! {
        #![proptest_config(cases(10_000))]

        /// What a student can do to the trainer from the page without training (type a
        /// weight, click points on or off, inspect or apply a sample's step), with any
        /// numbers: nothing panics, refusals change nothing, and what is shown stays
        /// finite.
        #[test]
        fn edits_with_any_numbers_keep_the_trainer_finite(
            value in prop::num::f64::ANY,
            (x, y) in (prop::num::f64::ANY, prop::num::f64::ANY),
            label in prop::sample::select(vec![-1.0, 1.0, 0.0, 2.0, 0.5, f64::NAN]),
            index in 0usize..60,
            action in 0usize..5,
        ) {
            let mut t = Trainer::new(Config {
                experiment: Experiment { num_samples: Some(50), ..Default::default() },
                ..Config::default()
            })
            .unwrap();
            let before = export_json(&t);
            let result = match action {
                0 => t.set_param(index, value).map_err(|e| e.to_string()),
                1 => t.add_point(x, y, label).map_err(|e| e.to_string()),
                2 => {
                    t.remove_nearest(x, y, value.abs());
                    Ok(())
                }
                3 => t.inspect(index).map(|_| ()).ok_or_else(|| "no sample".to_string()),
                _ => t.apply_inspected(index).map_err(|e| e.to_string()),
            };
            if let Err(message) = result {
                prop_assert!(!message.is_empty());
                prop_assert_eq!(export_json(&t), before, "a refusal changed something");
            }
            prop_assert!(t.network().is_finite());
            prop_assert!(t.train_loss().is_finite() && t.test_loss().is_finite());
        }
    }
}
