use super::*;
use crate::config::{Classroom, Experiment, Training};
use crate::config::{Problem, Seed, Speed};
use crate::data::Dataset;
use crate::names::Choice;
use crate::nn::{Activation, Regularization};

const TFP_DEFAULT: &str = "#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.59704&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false";

#[test]
fn tfps_default_link_opens_with_exactly_its_settings() {
    let (config, errors) = Config::from_url_hash(TFP_DEFAULT);
    assert!(errors.is_empty(), "{errors:?}");
    let expected = Config {
        experiment: Experiment {
            seed: Seed::new("0.59704"),
            ..Default::default()
        },
        ..Config::default()
    };
    assert_eq!(config, expected);
}

#[test]
fn a_spiral_link_with_every_feature_and_six_layers_opens_as_written() {
    let hash = TFP_DEFAULT
        .replace("dataset=circle", "dataset=spiral")
        .replace("networkShape=4,2", "networkShape=8,8,8,8,8,8")
        .replace("=false&xSquared", "=true&xSquared")
        .replace("xSquared=false", "xSquared=true")
        .replace("ySquared=false", "ySquared=true")
        .replace("sinX=false", "sinX=true")
        .replace("sinY=false", "sinY=true");
    let (config, errors) = Config::from_url_hash(&hash);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.experiment.dataset, Dataset::Spiral);
    assert_eq!(config.experiment.network_shape, vec![8; 6]);
    assert_eq!(config.features().len(), 7);
}

#[test]
fn bad_and_unknown_keys_keep_their_defaults_and_are_named() {
    let (config, errors) = Config::from_url_hash(
        "#learningRate=50&dataset=moons&networkShape=4,99&noise=7&colour=red&batchSize=abc&x=maybe&seed=%3Cimg%3E&speed=max&learningRate_hide=true&bogus_hide=true&cosX=true&%zz=1",
    );
    let fields = errors.fields();
    assert_eq!(
        fields,
        [
            "learningRate",
            "dataset",
            "networkShape",
            "colour",
            "batchSize",
            "x",
            "seed",
            "bogus_hide",
            "cosX",
            "%zz"
        ]
    );
    let defaults = Config::default();
    assert_eq!(
        config.training.learning_rate,
        defaults.training.learning_rate
    );
    assert_eq!(config.experiment.dataset, defaults.experiment.dataset);
    assert_eq!(
        config.experiment.network_shape,
        defaults.experiment.network_shape
    );
    assert_eq!(config.training.batch_size, defaults.training.batch_size);
    assert_eq!(config.experiment.seed, defaults.experiment.seed);
    // The valid keys were applied.
    assert_eq!(config.experiment.noise, 7);
    assert_eq!(config.classroom.speed, Speed::Max);
    assert!(config.classroom.hidden.contains(&Control::LearningRate));
    let errors = &errors.errors;
    assert!(
        errors[0].message.to_string().contains("10"),
        "{}",
        errors[0]
    );
}

#[test]
fn our_own_hash_reads_back_identically() {
    let config = Config {
        experiment: Experiment {
            activation: Activation::Relu,
            problem: Problem::Regression,
            reg_dataset: Dataset::RegGauss,
            network_shape: vec![],
            seed: Seed::new("0.12345"),
            ..Default::default()
        },
        training: Training {
            regularization: Regularization::L1,
            regularization_rate: 0.003,
            ..Default::default()
        },
        classroom: Classroom {
            speed: Speed::EpochsPerFrame(0.25),
            hidden: [Control::Noise, Control::PlayButton].into(),
            ..Default::default()
        },
        ..Config::default()
    };
    let hash = config.to_url_hash();
    // The struct's order: the experiment's keys, then training's, the view's, the
    // classroom's and the screen's (TFP reads a link in any order).
    assert!(
        hash.starts_with("activation=relu&dataset=circle&regDataset=reg-gauss&noise=0"),
        "{hash}"
    );
    assert!(
        hash.contains("&initZero=false&loss=squared&classes=3&context=3&embedding=10&regularization=L1&batchSize=10&"),
        "{hash}"
    );
    assert!(hash.contains("networkShape=&"), "{hash}");
    assert!(hash.contains("&speed=0.25&"), "{hash}");
    assert!(
        Config::default()
            .to_url_hash()
            .contains("regularizationRate=0&"),
        "{}",
        Config::default().to_url_hash()
    );
    assert!(
        hash.ends_with("playButton_hide=true&noise_hide=true"),
        "{hash}"
    );
    assert_eq!(Config::from_url_hash(&hash), (config, Refusals::default()));
}

#[test]
fn the_language_is_kept_in_the_link() {
    use crate::i18n::Lang;
    let (c, errors) = Config::from_url_hash("lang=zh");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c.screen.lang, Some(Lang::Zh));
    assert!(c.to_url_hash().ends_with("&lang=zh"), "{}", c.to_url_hash());
    assert_eq!(
        Config::from_url_hash("lang=en").0.screen.lang,
        Some(Lang::En)
    );
    // Unset: the browser's language, and not written.
    let (c, _) = Config::from_url_hash("");
    assert_eq!(c.screen.lang, None);
    assert!(!c.to_url_hash().contains("lang="));
    let (c, errors) = Config::from_url_hash("lang=fr");
    let errors = errors.errors;
    assert_eq!(c.screen.lang, None);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "lang");
    assert!(errors[0].to_string().contains("en, zh"), "{}", errors[0]);
    assert!(errors[0].text().render(Lang::Zh).starts_with("lang："));
}

#[test]
fn a_link_of_ten_thousand_refused_pairs_reads_in_bounded_work_and_words() {
    let (config, refusals) = Config::from_url_hash(&"x=j&".repeat(10_000));
    assert_eq!(config, Config::default());
    assert_eq!(refusals.total, 10_000);
    assert!(refusals.errors.len() <= Refusals::KEPT);
    let message = refusals.text().unwrap().to_string();
    assert!(
        message.len() < 600,
        "{} characters: {message}",
        message.len()
    );
    assert!(message.contains("x: \"j\" is not allowed"), "{message}");
    assert!(message.contains("given more than once"), "{message}");
    assert!(message.contains("and 9,998 more"), "{message}");

    let unknown: Vec<String> = (0..20_000).map(|i| format!("k{i}=1")).collect();
    let (_, refusals) = Config::from_url_hash(&unknown.join("&"));
    assert_eq!(refusals.total, 20_000);
    let message = refusals.text().unwrap();
    for lang in crate::i18n::Lang::all() {
        let text = message.render(lang);
        assert!(text.chars().count() < 1000, "{text}");
        assert!(text.contains("k0") && text.contains("19,996"), "{text}");
        assert!(text.contains("learningRate"), "the known settings: {text}");
    }
}

#[test]
fn values_echoed_from_a_link_are_cut_short() {
    let seed = "s".repeat(200_000);
    let (config, refusals) = Config::from_url_hash(&format!("seed={seed}&noise={seed}"));
    assert_eq!(config, Config::default());
    let text = refusals.text().unwrap().to_string();
    assert!(text.len() < 400, "{} characters: {text}", text.len());
    assert_eq!(refusals.fields(), ["seed", "noise"]);
}

#[test]
fn a_key_given_twice_keeps_its_first_value_and_is_named() {
    let (config, refusals) = Config::from_url_hash("noise=5&batchSize=3&noise=9");
    assert_eq!(config.experiment.noise, 5);
    assert_eq!(config.training.batch_size, 3);
    assert_eq!(refusals.fields(), ["noise"]);
    assert!(refusals.errors[0].to_string().contains("more than once"));
}
