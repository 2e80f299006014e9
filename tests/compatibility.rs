//! Files and links made before the Session and the five-part config (commit d640d90) open
//! the same: the fixtures were written by that commit's code, and are read here by
//! today's.

use nnlab::io::{export_csv, export_json, import_csv, import_json};
use nnlab::{Config, Trainer};

const FILE: &str = include_str!("fixtures/experiment-d640d90.json");
const FILE_LATER: &str = include_str!("fixtures/experiment-d640d90-after-10-epochs.json");
const DATA: &str = include_str!("fixtures/data-d640d90.csv");
const LINK: &str = include_str!("fixtures/link-d640d90.txt");

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// `saved` holds what `old` holds: the same weights, data and progress, and every setting
/// the old file had with its value (a setting added since comes in at its default).
fn same_experiment(saved: &str, old: &str) {
    let (mut saved, mut old) = (json(saved), json(old));
    let saved_config = saved["config"].take();
    let old_config = old["config"].take();
    assert_eq!(saved, old, "weights, data or progress differ");
    for (key, value) in old_config.as_object().unwrap() {
        assert_eq!(&saved_config[key], value, "setting {key}");
    }
}

#[test]
fn an_experiment_saved_before_loads_the_same_and_trains_on_the_same() {
    let mut t = import_json(FILE).expect("the old file loads");
    // Saved again, it holds the same (the key order of the config may differ).
    same_experiment(&export_json(&t), FILE);
    assert_eq!(t.epoch(), 37);
    assert_eq!(t.config().experiment.network_shape, vec![5, 3]);
    assert_eq!(t.config().training.batch_size, 7);
    // Ten more epochs after loading give what the old code gave after loading it, bit for
    // bit.
    t.step_epochs(10);
    same_experiment(&export_json(&t), FILE_LATER);
}

#[test]
fn a_link_made_before_opens_the_same_experiment() {
    let (config, refusals) = Config::from_url_hash(LINK.trim());
    assert!(refusals.is_empty(), "{:?}", refusals.text());
    let file_config: Config = Config::default().with_patch(&json(FILE)["config"]).unwrap();
    assert_eq!(config, file_config);
    // The link written today is in the struct's order, and reads back the same config.
    let (again, _) = Config::from_url_hash(&config.to_url_hash());
    assert_eq!(again, config);
}

#[test]
fn data_saved_before_load_the_same() {
    let t = import_json(FILE).unwrap();
    let mut fresh = Trainer::new(t.config().clone()).unwrap();
    let (train, test) = import_csv(&fresh, DATA).expect("the old CSV loads");
    fresh.replace_data(train, test);
    assert_eq!(fresh.train_samples(), t.train_samples());
    assert_eq!(fresh.test_samples(), t.test_samples());
    assert_eq!(export_csv(&fresh), DATA);
}
