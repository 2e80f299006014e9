use super::*;
use crate::config::ChangeEffect;
use crate::i18n::Lang;
use serde_json::json;

fn with(patch: serde_json::Value) -> Result<Config, ConfigError> {
    Config::default().with_patch(&patch)
}

#[test]
fn neurons_are_named_layer_colon_neuron_from_one() {
    assert_eq!(NeuronId::parse("1:2"), Some(NeuronId::of(0, 1)));
    assert_eq!(NeuronId::parse(" 3 : 16 "), Some(NeuronId::of(2, 15)));
    for bad in ["", "1", "0:1", "1:0", "a:b", "1:2:3", "-1:2", "1.5:2"] {
        assert_eq!(NeuronId::parse(bad), None, "{bad}");
    }
    assert_eq!(NeuronId::of(1, 3).to_string(), "2:4");
}

#[test]
fn states_and_rates_are_set_one_neuron_and_one_layer_at_a_time() {
    let mut n = Neurons::default();
    n.set_state(NeuronId::of(0, 2), NeuronState::Off);
    n.set_state(NeuronId::of(0, 0), NeuronState::Frozen);
    n.set_state(NeuronId::of(1, 1), NeuronState::Off);
    assert_eq!(n.state_of(0, 2), NeuronState::Off);
    assert_eq!(n.state_of(0, 0), NeuronState::Frozen);
    assert_eq!(n.state_of(0, 1), NeuronState::On);
    // A neuron is in one list at most; the lists stay sorted.
    n.set_state(NeuronId::of(0, 2), NeuronState::Frozen);
    assert_eq!(n.neurons_off, [NeuronId::of(1, 1)]);
    assert_eq!(n.neurons_frozen, [NeuronId::of(0, 0), NeuronId::of(0, 2)]);
    n.set_dropout_of(1, 0.4, 2);
    assert_eq!(n.dropout, [0.0, 0.4]);
    assert_eq!(n.dropout_of(1), 0.4);
    n.set_dropout_of(1, 0.0, 2);
    assert!(n.dropout.is_empty(), "all zero is no dropout");
}

#[test]
fn a_new_shape_keeps_the_layers_and_neurons_that_remain() {
    let c = with(json!({
        "networkShape": [4, 3],
        "dropout": [0.2, 0.5],
        "neuronsOff": ["1:4", "2:1"],
        "neuronsFrozen": ["2:3"]
    }))
    .unwrap();
    let fewer = c.with_patch(&json!({"networkShape": [3, 2]})).unwrap();
    assert_eq!(fewer.neurons.dropout, [0.2, 0.5]);
    assert_eq!(fewer.neurons.neurons_off, [NeuronId::of(1, 0)]);
    assert!(fewer.neurons.neurons_frozen.is_empty());
    let one = c.with_patch(&json!({"networkShape": [4]})).unwrap();
    assert_eq!(one.neurons.dropout, [0.2]);
    assert_eq!(one.neurons.neurons_off, [NeuronId::of(0, 3)]);
    let more = c.with_patch(&json!({"networkShape": [4, 3, 2]})).unwrap();
    assert_eq!(more.neurons.dropout, [0.2, 0.5, 0.0]);
    let none = c.with_patch(&json!({"networkShape": []})).unwrap();
    assert!(!none.neurons.any());
}

#[test]
fn wrong_rates_and_neurons_are_refused_in_both_languages() {
    let cases = [
        (
            json!({"dropout": [0.5]}),
            "dropout",
            "1 dropout rates for 2 hidden layers",
        ),
        (json!({"dropout": [0.5, 0.95]}), "dropout", "from 0 to 0.9"),
        (json!({"dropout": [-0.1, 0.0]}), "dropout", "from 0 to 0.9"),
        (
            json!({"neuronsOff": ["3:1"]}),
            "neuronsOff",
            "no neuron \"3:1\"",
        ),
        (
            json!({"neuronsOff": ["1:5"]}),
            "neuronsOff",
            "have 4, 2 neurons",
        ),
        (
            json!({"neuronsFrozen": ["one"]}),
            "neuronsFrozen",
            "\"layer:neuron\"",
        ),
        (
            json!({"neuronsOff": "1:1"}),
            "neuronsOff",
            "\"layer:neuron\"",
        ),
        (
            json!({"neuronsOff": ["1:1"], "neuronsFrozen": ["1:1"]}),
            "neuronsFrozen",
            "named twice",
        ),
        (
            json!({"neuronsOff": ["1:1", "1:1"]}),
            "neuronsOff",
            "named twice",
        ),
    ];
    for (patch, field, says) in cases {
        let e = with(patch.clone()).unwrap_err();
        assert_eq!(e.field, field, "{patch}");
        let en = e.text().render(Lang::En);
        assert!(en.contains(says), "{patch}: {en}");
        let zh = e.text().render(Lang::Zh);
        assert!(zh != en && !zh.contains("{"), "{patch}: {zh}");
    }
}

#[test]
fn masks_and_rates_go_through_the_link_and_tfp_links_have_none() {
    let c = with(json!({
        "networkShape": [4, 3],
        "dropout": [0.25, 0.0],
        "neuronsOff": ["1:2"],
        "neuronsFrozen": ["1:1", "2:3"]
    }))
    .unwrap();
    let hash = c.to_url_hash();
    for part in [
        "dropout=0.25,0",
        "neuronsOff=1%3A2",
        "neuronsFrozen=1%3A1,2%3A3",
    ] {
        assert!(hash.contains(part), "{part} in {hash}");
    }
    let (back, refusals) = Config::from_url_hash(&hash);
    assert!(refusals.is_empty(), "{refusals:?}");
    assert_eq!(back, c);
    // Unset, none of the keys is written: a TFP link and ours say the same.
    let plain = Config::default().to_url_hash();
    assert!(
        !plain.contains("dropout") && !plain.contains("neurons"),
        "{plain}"
    );
    let (tfp, _) = Config::from_url_hash("networkShape=3,3&learningRate=0.1");
    assert!(!tfp.neurons.any());
    // A change of them applies live.
    assert_eq!(
        Config::default().change_effect(&c.clone()),
        ChangeEffect::Reset
    );
    let live = c.with_patch(&json!({"neuronsOff": []})).unwrap();
    assert_eq!(c.change_effect(&live), ChangeEffect::Live);
}
