//! The handwritten digits: 64 pixel inputs, ten classes (native integration tests).

use nnlab::config::{Experiment, Seed, Training};
use nnlab::data::{digits, Dataset};
use nnlab::nn::{Activation, Loss, Optimizer};
use nnlab::{Config, Trainer};

/// The digits with a 64-`hidden`-10 tanh network, softmax and cross-entropy, Adam at
/// 0.01 in mini-batches of 10, 80 % of the images training.
fn digits(seed: u32, hidden: Vec<usize>) -> Config {
    Config {
        experiment: Experiment {
            dataset: Dataset::Digits,
            seed: Seed::new(seed.to_string()),
            network_shape: hidden,
            activation: Activation::Tanh,
            loss: Loss::CrossEntropy,
            perc_train_data: 80,
            ..Default::default()
        },
        training: Training {
            learning_rate: 0.01,
            batch_size: 10,
            optimizer: Optimizer::Adam,
            ..Default::default()
        },
        ..Config::default()
    }
}

/// The epochs the README states: 97 % of the test images right within 10 epochs.
const EPOCHS_TO_97: u64 = 10;

#[test]
fn a_64_32_10_network_reads_97_percent_of_the_test_digits_within_10_epochs() {
    for seed in 1..=3 {
        let mut t = Trainer::new(digits(seed, vec![32])).unwrap();
        assert_eq!(t.network().layers[0].n_in, 64);
        assert_eq!(t.network().layers[1].n_out, 10);
        let [train, test] = t.images();
        assert_eq!((train.len(), test.len()), (1437, 360));
        let start = t.test_accuracy().unwrap();
        assert!(start < 0.3, "seed {seed}: {start} right before training");
        while t.test_accuracy().unwrap() < 0.97 && t.epoch() < EPOCHS_TO_97 {
            t.step_epoch();
        }
        let accuracy = t.test_accuracy().unwrap();
        assert!(
            accuracy >= 0.97,
            "seed {seed}: {accuracy} of the test digits after {} epochs",
            t.epoch()
        );
        // The confusion counts cover every test image, ten classes.
        let score = t.scores()[1];
        assert_eq!(score.classes, 10);
        assert_eq!(score.confusion.iter().sum::<u64>(), 360);
        assert_eq!(score.predicted.len(), 360);
    }
}

#[test]
fn the_split_follows_the_seed_and_the_training_share() {
    let a = Trainer::new(digits(1, vec![8])).unwrap();
    let b = Trainer::new(digits(1, vec![16])).unwrap();
    let c = Trainer::new(digits(2, vec![8])).unwrap();
    assert_eq!(
        a.images(),
        b.images(),
        "the network does not change the data"
    );
    assert_ne!(a.images()[0], c.images()[0]);
    // Every image of the set is used once.
    let mut all: Vec<(digits::Image, f64)> = a.images()[0]
        .iter()
        .zip(a.train_samples())
        .chain(a.images()[1].iter().zip(a.test_samples()))
        .map(|(i, s)| (*i, s.label))
        .collect();
    let mut source: Vec<(digits::Image, f64)> =
        digits::all().map(|(i, l)| (i, f64::from(l))).collect();
    all.sort_by(|p, q| p.partial_cmp(q).unwrap());
    source.sort_by(|p, q| p.partial_cmp(q).unwrap());
    assert_eq!(all, source);
    let mut half = digits(1, vec![8]);
    half.experiment.perc_train_data = 50;
    assert_eq!(Trainer::new(half).unwrap().images()[0].len(), 898);
}

#[test]
fn gradients_of_the_64_input_network_equal_finite_differences() {
    let mut t = Trainer::new(digits(4, vec![6])).unwrap();
    for _ in 0..2 {
        t.step_epoch();
    }
    for sample in [0, 17] {
        let ins = t.inspect(sample).unwrap();
        assert_eq!(ins.input.len(), 64);
        let grads: Vec<f64> = ins
            .layers
            .iter()
            .flat_map(|l| l.grad_weights.iter().flatten().chain(&l.grad_bias))
            .copied()
            .collect();
        assert_eq!(grads.len(), 64 * 6 + 6 + 6 * 10 + 10);
        let h = 1e-6;
        for (p, &g) in grads.iter().enumerate() {
            let v = t.network().param(p);
            t.set_param(p, v + h).unwrap();
            let up = t.inspect(sample).unwrap().loss;
            t.set_param(p, v - h).unwrap();
            let down = t.inspect(sample).unwrap().loss;
            t.set_param(p, v).unwrap();
            let numeric = (up - down) / (2.0 * h);
            assert!(
                (numeric - g).abs() < 1e-8,
                "sample {sample} parameter {p}: numeric {numeric}, backprop {g}"
            );
        }
    }
}

#[test]
fn hidden_layers_take_up_to_64_neurons_for_the_digits_and_16_on_the_plane() {
    assert!(Trainer::new(digits(1, vec![64, 64])).is_ok());
    let too_many = Trainer::new(digits(1, vec![65])).err().unwrap();
    assert_eq!(too_many.field, "networkShape");
    let mut circle = digits(1, vec![17]);
    circle.experiment.dataset = Dataset::Circle;
    assert!(Trainer::new(circle).is_err());
}

#[test]
fn an_image_added_from_the_pad_joins_the_training_data_and_a_reset_keeps_it() {
    let mut t = Trainer::new(digits(1, vec![8])).unwrap();
    let seven: digits::Image =
        std::array::from_fn(|i| if i < 8 || i % 8 == 7 - i / 8 { 16 } else { 0 });
    let before = t.train_samples().len();
    t.add_image(seven, 7).unwrap();
    assert_eq!(t.train_samples().len(), before + 1);
    assert_eq!(t.images()[0].last(), Some(&seven));
    assert_eq!(t.train_samples().last().unwrap().label, 7.0);
    assert!(t.add_image(seven, 10).is_err());
    // Points of the plane are refused: the digits are images.
    assert!(t.add_point(1.0, 1.0, 3.0).is_err());
    t.step_epoch();
    t.reset();
    assert_eq!(t.epoch(), 0);
    assert_eq!(t.images()[0].last(), Some(&seven));
    let mut circle = Trainer::new(Config::default()).unwrap();
    assert!(circle.add_image(seven, 7).is_err());
}

#[test]
fn the_digits_save_and_load_as_csv_and_a_bad_line_is_named() {
    use nnlab::session::Session;
    let mut s = Session::new(digits(1, vec![8])).unwrap();
    let csv = nnlab::io::export_csv(s.trainer());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 1797);
    assert!(lines[0].starts_with("pixel1,pixel2,") && lines[0].ends_with("pixel64,label,set"));
    assert_eq!(lines[1].split(',').count(), 66);
    // Loading it back gives the same split and the same text.
    let mut t = Session::new(digits(2, vec![8])).unwrap();
    t.load_data(&csv).unwrap();
    assert_eq!(t.trainer().images(), s.trainer().images());
    assert_eq!(nnlab::io::export_csv(t.trainer()), csv);
    // A line of 63 pixels and a label is refused, naming the line; nothing changes.
    let mut bad: Vec<String> = lines.iter().take(5).map(|l| l.to_string()).collect();
    bad[3] = bad[3].split_once(',').unwrap().1.to_string();
    let before = nnlab::io::export_csv(s.trainer());
    let refusal = s.load_data(&bad.join("\n")).unwrap_err().to_string();
    assert!(
        refusal.contains("line 4") && refusal.contains("found 64 values"),
        "{refusal}"
    );
    assert_eq!(nnlab::io::export_csv(s.trainer()), before);
    // A pixel out of range and a label that is not a digit name their field.
    let mut pixel = lines[1].split(',').map(str::to_string).collect::<Vec<_>>();
    pixel[9] = "17".into();
    let refusal = s.load_data(&pixel.join(",")).unwrap_err().to_string();
    assert!(refusal.contains("line 1, pixel10"), "{refusal}");
    let mut label = lines[1].split(',').map(str::to_string).collect::<Vec<_>>();
    label[64] = "10".into();
    let refusal = s.load_data(&label.join(",")).unwrap_err().to_string();
    assert!(refusal.contains("line 1, label"), "{refusal}");
    // Points do not load into the digits.
    assert!(s.load_data("1,2,1,train").is_err());
}

#[test]
fn a_saved_digits_experiment_loads_back_exactly_with_an_added_image() {
    use nnlab::session::Session;
    let mut s = Session::new(digits(3, vec![8])).unwrap();
    s.step(1);
    s.pad_begin(10.0, 10.0);
    s.pad_extend(30.0, 80.0);
    s.pad_extend(50.0, 10.0);
    let drawn = s.pad_image();
    s.add_drawing(4).unwrap();
    assert!(s.pad().is_empty());
    assert_eq!(s.trainer().images()[0].last(), Some(&drawn));
    let text = nnlab::io::export_json(s.trainer());
    let mut t = Session::new(Config::default()).unwrap();
    t.load_experiment(&text).unwrap();
    assert!(t.config().is_digits());
    assert_eq!(t.trainer().images(), s.trainer().images());
    assert_eq!(nnlab::io::export_json(t.trainer()), text);
    // An image of 63 pixels is refused, naming it.
    let broken = text.replacen(
        "\"trainImages\": [\n      [\n        0,",
        "\"trainImages\": [\n      [",
        1,
    );
    assert_ne!(broken, text);
    let refusal = t.load_experiment(&broken).unwrap_err().to_string();
    assert!(refusal.contains("data.trainImages[0]"), "{refusal}");
}

#[test]
fn the_pad_is_read_live_and_the_gallery_puts_the_mistakes_first() {
    use nnlab::config::Split;
    use nnlab::session::{Session, Shown};
    let mut s = Session::new(digits(1, vec![16])).unwrap();
    s.step(1);
    assert!(s.add_drawing(3).is_err(), "nothing drawn");
    // A stroke that grows: the image and the ten probabilities change with it.
    s.pad_begin(40.0, 5.0);
    s.pad_extend(40.0, 60.0);
    assert_eq!(s.shown_digit(), Shown::Pad);
    let short = s.pad_image();
    let p_short = s.classify(&short);
    s.pad_extend(80.0, 60.0);
    let long = s.pad_image();
    let p_long = s.classify(&long);
    assert_ne!(short, long);
    assert_eq!(p_short.len(), 10);
    assert!((p_long.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert_ne!(p_short, p_long);
    // classify is the training code's pass: the same numbers as a training digit's outputs.
    let first = s.trainer().images()[0][0];
    let expected = s.outputs(0).unwrap();
    assert_eq!(s.classify(&first), expected);
    s.pad_undo();
    assert!(s.pad().is_empty());
    // The gallery: every test digit once, wrong ones first, agreeing with the score.
    let gallery = s.gallery(Split::Test);
    let score = s.trainer().scores()[1].clone();
    assert_eq!(gallery.len(), 360);
    let wrong = gallery.iter().filter(|d| d.label != d.predicted).count();
    let right_per_score: u64 = (0..10).map(|k| score.confusion[k * 10 + k]).sum();
    assert_eq!(360 - wrong as u64, right_per_score);
    assert!(gallery[..wrong].iter().all(|d| d.label != d.predicted));
    assert!(gallery[wrong..].iter().all(|d| d.label == d.predicted));
    for d in &gallery {
        assert_eq!(d.predicted, score.predicted[d.index]);
        assert_eq!(
            f64::from(d.label),
            s.trainer().test_samples()[d.index].label
        );
    }
    // Picking a digit: a training one is inspected, a test one shown.
    s.pick_digit(Split::Train, 12);
    assert_eq!((s.inspected(), s.shown_digit()), (12, Shown::Inspected));
    s.pick_digit(Split::Test, 5);
    assert_eq!(s.shown_digit(), Shown::Test(5));
    assert_eq!(s.shown_image().unwrap().0, s.trainer().images()[1][5]);
}
