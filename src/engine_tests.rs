//! The engine's tests that need the rest of NN Lab (a trainer, the settings, every
//! source file): the engine crate cannot see them.

use crate::config::{Control, PaletteChoice, Problem, Split, Theme};
use crate::data::Dataset;
use crate::grid::Grid;
use crate::i18n::Lang;
use crate::names::Choice;
use crate::nn::{Activation, Loss, Optimizer, Regularization};
use std::collections::BTreeSet;
use std::fmt;

/// Networks trained on the benchmark configurations, every activation: within 1e-4
/// (absolute for every value in [−1, 1], where the colours are) on every cell of the
/// 100×100 grid and every neuron.
#[test]
fn the_fast_grid_matches_trained_networks_within_1e_4() {
    // (The digits have no plane to draw a grid over.)
    let planes = crate::bench::configs()
        .into_iter()
        .filter(|(_, c)| c.has_plane());
    for (name, config) in planes {
        for act in Activation::all() {
            let config = {
                let mut config = config.clone();
                config.experiment.activation = act;
                config
            };
            let mut trainer = crate::Trainer::new(config).unwrap();
            for _ in 0..150 {
                trainer.step_epoch();
            }
            let feats = trainer.features().to_vec();
            let mut grid = Grid::new(100, 1);
            let err = grid.worst_error(&mut trainer.network().clone(), &feats);
            assert!(err < 1e-4, "config {name}, {act:?}: off by {err}");
        }
    }
}

/// Every choice reads back from its name, which is what serde writes, and the lists
/// hold every variant once.
fn round_trips<T: Choice + serde::de::DeserializeOwned + fmt::Debug>() {
    let mut seen = std::collections::BTreeSet::new();
    for &v in T::VARIANTS {
        let name = v.name();
        assert!(!name.is_empty());
        assert!(seen.insert(name), "{name} twice");
        assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(name));
        assert_eq!(
            serde_json::from_value::<T>(serde_json::json!(name)).unwrap(),
            v
        );
        assert_eq!(T::from_name(name), Some(v));
    }
    assert_eq!(T::from_name("no such choice"), None);
}

#[test]
fn names_are_serdes_and_lists_are_complete() {
    round_trips::<Activation>();
    round_trips::<Regularization>();
    round_trips::<Optimizer>();
    round_trips::<Loss>();
    round_trips::<Dataset>();
    round_trips::<Problem>();
    round_trips::<Theme>();
    round_trips::<PaletteChoice>();
    round_trips::<Lang>();
    round_trips::<Control>();
    round_trips::<Split>();
    assert_eq!(Activation::names(), "relu, tanh, sigmoid, linear");
    assert_eq!(Regularization::names(), "none, L1, L2");
    assert_eq!(Dataset::Circle.name(), "circle");
    assert_eq!(Dataset::RegPlane.name(), "reg-plane");
    assert_eq!(Control::PlayButton.name(), "playButton");
}

/// Every key written in the code or in index.html is in the tables, and every key in
/// the tables is used somewhere (no forgotten strings either way).
#[test]
fn every_key_used_exists_and_every_key_is_used() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![std::fs::read_to_string(root.join("index.html")).unwrap()];
    let mut dirs = vec![root.join("src"), root.join("engine").join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("i18n/en.rs")
                && !path.ends_with("i18n/zh.rs")
                && !path
                    .parent()
                    .is_some_and(|d| d.ends_with("i18n/en") || d.ends_with("i18n/zh"))
            {
                sources.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    let known: BTreeSet<&str> = Lang::En.table().iter().map(|(k, _)| *k).collect();
    let namespaces: BTreeSet<&str> = known.iter().map(|k| k.split('.').next().unwrap()).collect();
    let mut used = BTreeSet::new();
    for source in &sources {
        // Every quoted word with a dot whose first part is one of the tables' namespaces.
        let source = source.replace("\\\"", "").replace("'\"'", "");
        for quoted in source.split('"').skip(1).step_by(2) {
            let looks_like_key = quoted.contains('.')
                && quoted
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-')
                && namespaces.contains(quoted.split('.').next().unwrap());
            if looks_like_key {
                used.insert(quoted.to_string());
            }
        }
    }
    // Keys made from a name: every hideable control's label.
    for control in Control::all() {
        used.insert(control.label());
    }
    let unknown: Vec<_> = used
        .iter()
        .filter(|k| !known.contains(k.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "keys used but not in the tables: {unknown:?}"
    );
    let unused: Vec<_> = known.iter().filter(|k| !used.contains(**k)).collect();
    assert!(
        unused.is_empty(),
        "keys in the tables but used nowhere: {unused:?}"
    );
}
