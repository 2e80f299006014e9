//! "Export as Python (NumPy)": the exported scripts run with python3 and NumPy and print
//! the page's losses bit for bit, for experiments chosen to be sensitive (single-sample
//! steps at large rates, where a last-bit difference grows until two runs part) and that cover every activation (per
//! layer too), loss, optimiser, penalty, batch size, feature, the digits, dropout and
//! neurons switched off or frozen. `cargo xtask test` installs NumPy when it is missing (NNLAB_PYTHON names the interpreter).

use nnlab::i18n::Lang;
use nnlab::io::python::{export_python, Options, Start};
use nnlab::{Config, Trainer};
use std::process::Command;

fn python() -> String {
    std::env::var("NNLAB_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Runs a script; its `epoch <n> train <loss> test <loss>` lines.
fn run(script: &str, name: &str) -> Vec<(u64, f64, f64)> {
    let dir = std::env::temp_dir().join(format!("nnlab-python-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, script).unwrap();
    let out = Command::new(python())
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e} (cargo xtask test installs it)",
                python()
            )
        });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named 'numpy'"),
        "NumPy is missing: pip install numpy (cargo xtask test installs it)"
    );
    assert!(out.status.success(), "{name}: the script failed:\n{stderr}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.split(' ').collect();
            assert_eq!(parts.len(), 6, "{name}: {line}");
            assert_eq!(
                (parts[0], parts[2], parts[4]),
                ("epoch", "train", "test"),
                "{line}"
            );
            let number = |s: &str| s.parse::<f64>().unwrap_or_else(|_| panic!("{line}"));
            (
                parts[1].parse().unwrap(),
                number(parts[3]),
                number(parts[5]),
            )
        })
        .collect()
}

/// Trains `before` epochs, exports `epochs` more from `start`, runs the script and checks
/// every printed loss against the page's, bit for bit: the script's own record of them,
/// and the run itself trained on (what the page would show next).
fn check(name: &str, hash: &str, before: u64, start: Start, epochs: u64, lang: Lang) -> String {
    let (config, refusals) = Config::from_url_hash(hash);
    assert!(
        refusals.is_empty(),
        "{name}: {hash} refused {:?}",
        refusals.fields()
    );
    let fresh = || Trainer::new(Config::from_url_hash(hash).0).unwrap();
    check_run(
        name,
        Trainer::new(config).unwrap(),
        fresh,
        before,
        start,
        epochs,
        lang,
    )
}

/// `check` for a run made otherwise (a pasted text): `fresh` makes it again at epoch 0.
fn check_run(
    name: &str,
    mut trainer: Trainer,
    fresh: impl Fn() -> Trainer,
    before: u64,
    start: Start,
    epochs: u64,
    lang: Lang,
) -> String {
    trainer.step_epochs(before);
    let script = export_python(&trainer, Options { start, epochs }, lang)
        .unwrap_or_else(|e| panic!("{name}: refused {}", e.render(Lang::En)));
    assert_eq!(script.losses.len() as u64, epochs, "{name}");
    if start == Start::Now {
        // The copy the export trained is the page's run: train it on and compare bit for bit.
        assert_eq!(script.start_epoch, before);
        for (k, [train, test]) in script.losses.iter().enumerate() {
            trainer.step_epoch();
            assert_eq!(
                (trainer.train_loss(), trainer.test_loss()),
                (*train, *test),
                "{name}: epoch {}",
                before + k as u64 + 1
            );
        }
    } else {
        assert_eq!(script.start_epoch, 0);
        let mut fresh = fresh();
        for [train, test] in &script.losses {
            fresh.step_epoch();
            assert_eq!(
                (fresh.train_loss(), fresh.test_loss()),
                (*train, *test),
                "{name}"
            );
        }
    }
    let printed = run(&script.text, name);
    assert_eq!(printed.len() as u64, epochs, "{name}: {printed:?}");
    for (k, ((epoch, train, test), [page_train, page_test])) in
        printed.iter().zip(&script.losses).enumerate()
    {
        assert_eq!(*epoch, script.start_epoch + k as u64 + 1, "{name}");
        assert!(
            train.to_bits() == page_train.to_bits() && test.to_bits() == page_test.to_bits(),
            "{name}, epoch {epoch}: the script printed {train:?} / {test:?}, the page {page_train:?} / {page_test:?}"
        );
    }
    script.text
}

#[test]
fn exported_scripts_print_the_pages_losses() {
    use Start::*;
    let experiments: [(&str, &str, u64, Start, u64); 24] = [
        // Sensitive: single-sample steps at large rates grow a last-bit difference until
        // the runs part (with np.tanh this one was 0.48 apart at epoch 14).
        (
            "sensitive-blobs-tanh-softmax-momentum-batch1",
            "dataset=blobs&classes=4&activation=tanh&networkShape=5&loss=crossEntropy&optimizer=momentum&learningRate=0.1&batchSize=1&regularization=L2&regularizationRate=0.003",
            0,
            Epoch0,
            100,
        ),
        (
            "sensitive-spiral-relu-sin-adam-batch1",
            "dataset=spiral&activation=relu&networkShape=8,8&xTimesY=true&sinX=true&optimizer=adam&learningRate=0.03&batchSize=1",
            0,
            Epoch0,
            30,
        ),
        (
            "sensitive-xor-sigmoid-momentum-rate1",
            "dataset=xor&activation=sigmoid&networkShape=4,4&optimizer=momentum&learningRate=1&batchSize=1",
            0,
            Epoch0,
            30,
        ),
        (
            "sensitive-dropout-tanh-binary-batch1",
            "dataset=circle&activation=tanh&networkShape=8,8&dropout=0.3,0.3&loss=crossEntropy&learningRate=0.3&batchSize=1&sinY=true",
            5,
            Now,
            15,
        ),
        (
            "sensitive-digits-tanh-batch1",
            "dataset=digits&activation=tanh&networkShape=16&loss=crossEntropy&optimizer=momentum&learningRate=0.1&batchSize=1&percTrainData=80",
            0,
            Now,
            3,
        ),
        ("default", "dataset=circle&seed=1", 30, Now, 20),
        (
            "relu-l1-batch1",
            "dataset=xor&activation=relu&regularization=L1&regularizationRate=0.01&batchSize=1&xTimesY=true&networkShape=4&learningRate=0.01",
            5,
            Now,
            10,
        ),
        (
            "sigmoid-l2-momentum-batch30",
            "dataset=gauss&activation=sigmoid&regularization=L2&regularizationRate=0.003&optimizer=momentum&batchSize=30&networkShape=3,2&learningRate=0.1",
            10,
            Now,
            15,
        ),
        (
            "seven-features-adam",
            "dataset=spiral&x=true&y=true&xTimesY=true&xSquared=true&ySquared=true&sinX=true&sinY=true&optimizer=adam&learningRate=0.01&networkShape=8,6&noise=10",
            20,
            Now,
            10,
        ),
        (
            "regression-linear",
            "problem=regression&regDataset=reg-plane&noise=30&activation=linear&batchSize=5&networkShape=3&learningRate=0.01",
            5,
            Now,
            10,
        ),
        (
            "regression-relu-adam-l2",
            "problem=regression&regDataset=reg-gauss&activation=relu&optimizer=adam&regularization=L2&regularizationRate=0.001&learningRate=0.003&networkShape=6,3",
            5,
            Now,
            10,
        ),
        (
            "binary-cross-entropy-momentum-l1",
            "dataset=circle&loss=crossEntropy&optimizer=momentum&regularization=L1&regularizationRate=0.001&xSquared=true&ySquared=true&networkShape=4",
            10,
            Now,
            10,
        ),
        (
            "softmax-cross-entropy-adam-batch7",
            "dataset=gauss&classes=3&loss=crossEntropy&activation=relu&optimizer=adam&learningRate=0.01&batchSize=7&networkShape=5",
            5,
            Now,
            10,
        ),
        (
            "softmax-squared-sigmoid",
            "dataset=spiral&classes=4&loss=squared&activation=sigmoid&learningRate=0.3&networkShape=6,4",
            5,
            Now,
            10,
        ),
        (
            "per-layer-activations-few-points",
            "dataset=circle&activations=relu,sigmoid&networkShape=4,3&percTrainData=10&batchSize=30",
            10,
            Now,
            10,
        ),
        (
            "textbook-from-epoch-0",
            "dataset=textbook&activation=sigmoid&networkShape=2&loss=squared&optimizer=sgd&learningRate=0.5&batchSize=1&regularization=none",
            12,
            Epoch0,
            15,
        ),
        (
            "adam-from-epoch-0",
            "dataset=xor&optimizer=adam&learningRate=0.03&networkShape=4,2&activation=tanh",
            40,
            Epoch0,
            10,
        ),
        (
            "digits",
            "dataset=digits&loss=crossEntropy&networkShape=16&optimizer=adam&learningRate=0.01&batchSize=10&percTrainData=80",
            1,
            Now,
            2,
        ),
        ("zh-comments", "dataset=circle&networkShape=2", 0, Now, 3),
        (
            "dropout",
            "dataset=spiral&networkShape=8,6&dropout=0.5,0&xSquared=true&ySquared=true&batchSize=5",
            10,
            Now,
            10,
        ),
        (
            "dropout-adam-softmax-from-epoch-0",
            "dataset=blobs&classes=4&loss=crossEntropy&optimizer=adam&learningRate=0.01&networkShape=6,5&dropout=0.2,0.3",
            20,
            Epoch0,
            8,
        ),
        (
            "off-and-frozen-adam",
            "dataset=circle&networkShape=5,3&optimizer=adam&learningRate=0.01&neuronsOff=1:2&neuronsFrozen=2:1,1:4",
            10,
            Now,
            10,
        ),
        (
            "off-momentum-l2-dropout",
            "dataset=xor&networkShape=6,4&optimizer=momentum&regularization=L2&regularizationRate=0.003&neuronsOff=2:3&neuronsFrozen=1:1&dropout=0.25,0.25",
            5,
            Now,
            10,
        ),
        (
            "frozen-sgd-l1",
            "dataset=gauss&networkShape=4&regularization=L1&regularizationRate=0.01&neuronsFrozen=1:2&neuronsOff=1:3",
            5,
            Now,
            10,
        ),
    ];
    for (name, hash, before, start, epochs) in experiments {
        let lang = if name.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        };
        let text = check(name, hash, before, start, epochs, lang);
        println!("{name}: {epochs} epochs, every loss equal bit for bit");
        if lang == Lang::Zh {
            assert!(text.contains("# ── 训练 ──"), "{name}");
        }
    }
}

#[test]
fn an_epoch_trained_in_part_ends_before_the_script_starts() {
    let (config, _) = Config::from_url_hash("dataset=circle&batchSize=1&networkShape=3");
    let mut trainer = Trainer::new(config).unwrap();
    trainer.step_epochs(2);
    // 100 of the epoch's 250 mini-batches, as a frame trains an epoch too long for it.
    trainer.step_batches_while(|done| done < 100);
    assert_eq!(trainer.epoch_progress().0, 100);
    let options = Options {
        start: Start::Now,
        epochs: 3,
    };
    let script = export_python(&trainer, options, Lang::En).unwrap();
    assert_eq!(script.start_epoch, 3, "the epoch under way ends first");
    assert_eq!(
        trainer.epoch_progress().0,
        100,
        "the page's run is untouched"
    );
    trainer.finish_epoch();
    for [train, test] in &script.losses {
        trainer.step_epoch();
        assert_eq!((trainer.train_loss(), trainer.test_loss()), (*train, *test));
    }
    let printed = run(&script.text, "parts");
    assert_eq!(printed.len(), 3);
    for ((epoch, train, _), [page, _]) in printed.iter().zip(&script.losses) {
        assert_eq!(
            train.to_bits(),
            page.to_bits(),
            "epoch {epoch}: {train} vs {page}"
        );
    }
    assert_eq!(printed[0].0, 4);
}

#[test]
fn the_textbook_script_reads_as_the_formulas() {
    let (config, _) = Config::from_url_hash(
        "dataset=textbook&activation=sigmoid&networkShape=2&loss=squared&optimizer=sgd&learningRate=0.5&batchSize=1",
    );
    let trainer = Trainer::new(config).unwrap();
    let script = export_python(
        &trainer,
        Options {
            start: Start::Now,
            epochs: 1,
        },
        Lang::En,
    )
    .unwrap();
    for line in [
        "X_train = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])",
        "        z.append(dense(a[l], W[l], b[l]))",
        "        z = z + a[:, i:i + 1] * W[:, i]",
        "    delta[L - 1] = (a[L] - T) * sigma_prime(ACTIVATIONS[L - 1], z[L - 1], a[L])",
        "        delta[l] = back(delta[l + 1], W[l + 1]) * sigma_prime(ACTIVATIONS[l], z[l], a[l + 1])",
        "            dW[l] = dW[l] + np.outer(delta[l][s], a[l][s])",
        "    return two_k * (1.0 + expm1_reduced(r))",
        "        W[l] = W[l] - LEARNING_RATE * (dW[l] / n)",
        "        b[l] = b[l] - LEARNING_RATE * (db[l] / n)",
        "ACTIVATIONS = [\"sigmoid\", \"sigmoid\"]",
    ] {
        assert!(script.text.lines().any(|l| l == line), "missing: {line}\n{}", script.text);
    }
    // Only what the experiment uses: no Adam, no softmax, no tanh, no logarithm, no sine;
    // and none of NumPy's elementary functions or matrix products.
    for absent in [
        "adam", "softmax", "tanh", "MOMENTUM", "def ln", "def sin", "powi", "np.exp", "np.log",
        "np.tanh", "np.sin", " @ ", ".sum(", "np.mean", "np.dot", "**",
    ] {
        let code = script
            .text
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""));
        assert!(!code.clone().any(|l| l.contains(absent)), "{absent}");
    }
}

#[test]
fn too_many_epochs_and_wrong_options_are_refused_in_both_languages() {
    let trainer = |hash: &str| Trainer::new(Config::from_url_hash(hash).0).unwrap();
    let refused = |t: &Trainer, epochs| {
        export_python(
            t,
            Options {
                start: Start::Now,
                epochs,
            },
            Lang::En,
        )
        .map(|_| panic!("{epochs} epochs: not refused"))
        .unwrap_err()
    };
    let plain = trainer("dataset=circle");
    for (error, key) in [
        (refused(&plain, 0), "msg.pythonEpochs"),
        (refused(&plain, 1001), "msg.pythonEpochs"),
        (
            refused(&trainer("dataset=digits&percTrainData=80"), 800),
            "msg.pythonEpochs",
        ),
    ] {
        assert_eq!(error.key, key);
        assert_ne!(error.render(Lang::En), error.render(Lang::Zh));
    }
    // The hang a hostile class found: 555 epochs of single-sample steps through eight
    // layers of 16 on 1,800 points trained 22 s on the page's thread. The bound is the
    // work, and the range the message states is the range taken.
    let big = trainer("dataset=spiral&numSamples=2000&percTrainData=90&batchSize=1&networkShape=16,16,16,16,16,16,16,16&xTimesY=true&xSquared=true&ySquared=true&sinX=true&sinY=true");
    let max = nnlab::io::python::max_epochs(&big);
    assert!((1..555).contains(&max), "{max}");
    assert!(max * nnlab::io::python::epoch_work(&big) <= nnlab::io::python::MAX_WORK);
    let said = refused(&big, max + 1).render(Lang::En);
    assert!(said.contains(&format!("1 to {max} epochs")), "{said}");
    let options = Options {
        start: Start::Now,
        epochs: max,
    };
    assert_eq!(
        export_python(&big, options, Lang::En).unwrap().losses.len() as u64,
        max
    );
    // A small experiment may have the most: 1,000.
    assert_eq!(nnlab::io::python::max_epochs(&plain), 1000);
    let options = |json: &str| Options::from_json(&serde_json::from_str(json).unwrap());
    assert_eq!(options("{}"), Ok(Options::default()));
    assert_eq!(
        options(r#"{"start": "epoch0", "epochs": 5}"#),
        Ok(Options {
            start: Start::Epoch0,
            epochs: 5
        })
    );
    for wrong in [
        r#"{"start": "later"}"#,
        r#"{"epochs": -1}"#,
        r#"{"epoch": 5}"#,
        "[]",
    ] {
        assert_eq!(
            options(wrong).unwrap_err().key,
            "err.pythonOptions",
            "{wrong}"
        );
    }
}

/// Text mode: the script looks the contexts up in the embedding table C, adds ∂L/∂x into
/// the rows looked up, steps C as the weights, and prints the page's training and dev
/// losses bit for bit: makemore's model on the census names (Adam, mini-batches of 32),
/// and a pasted text under every optimiser, both penalties, dropout and neurons switched
/// off or frozen, one example at a time.
#[test]
fn text_mode_scripts_print_the_pages_losses() {
    // A pasted text: 150 made-up words of two or three syllables.
    let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ya", "el"];
    let words: Vec<String> = (0..150usize)
        .map(|i| {
            let mut word = String::new();
            let mut x = i * 7 + 3;
            for _ in 0..2 + i % 2 {
                word.push_str(syllables[x % syllables.len()]);
                x = x * 31 / 7 + 1;
            }
            word
        })
        .collect();
    let pasted = words.join("\n");
    let experiments: [(&str, &str, bool, u64, u64); 6] = [
        ("text-names-adam", "dataset=names", false, 0, 1),
        (
            "text-pasted-adam-batch1",
            "dataset=names&context=2&embedding=3&networkShape=12&batchSize=1&learningRate=0.03",
            true,
            1,
            3,
        ),
        (
            "zh-text-pasted-momentum-l2-dropout",
            "dataset=names&context=3&embedding=4&networkShape=10,6&optimizer=momentum&learningRate=0.1&regularization=L2&regularizationRate=0.003&dropout=0.2,0.1&batchSize=4",
            true,
            0,
            4,
        ),
        (
            "text-pasted-sgd-l1-off-frozen",
            "dataset=names&context=4&embedding=2&networkShape=8&optimizer=sgd&learningRate=0.5&regularization=L1&regularizationRate=0.001&neuronsOff=1:2&neuronsFrozen=1:5&batchSize=2",
            true,
            2,
            4,
        ),
        (
            "text-pasted-sgd-relu",
            "dataset=names&context=1&embedding=5&networkShape=9&activation=relu&optimizer=sgd&learningRate=0.2&batchSize=3",
            true,
            0,
            3,
        ),
        (
            "text-pasted-adam-l2",
            "dataset=names&networkShape=16&optimizer=adam&learningRate=0.01&regularization=L2&regularizationRate=0.01&batchSize=8",
            true,
            0,
            5,
        ),
    ];
    for (name, hash, paste, before, epochs) in experiments {
        let (config, refusals) = Config::from_url_hash(hash);
        assert!(refusals.is_empty(), "{name}: {:?}", refusals.fields());
        assert!(config.is_text(), "{name}");
        let pasted_text = pasted.clone();
        let make = move || {
            let mut trainer = Trainer::new(config.clone()).unwrap();
            if paste {
                let corpus = nnlab::data::text::Corpus::pasted(&pasted_text).unwrap();
                trainer.set_text(corpus).unwrap();
            }
            trainer
        };
        let lang = if name.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        };
        let script = check_run(name, make(), make, before, Start::Now, epochs, lang);
        assert!(script.contains("def look_up(contexts):"), "{name}");
        println!("{name}: {epochs} epochs, every loss equal bit for bit");
    }
}
