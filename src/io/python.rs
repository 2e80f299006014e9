//! "Export as Python (NumPy)": one self-contained script that holds an experiment's data,
//! weights, settings and the order of the training samples in each coming epoch, and
//! trains as the page does, written plainly with the worked example's names (`z`, `a`,
//! `delta`, `dW`, `db`). Run, it prints `epoch <n> train <loss> test <loss>` for each
//! epoch, equal to the page's (`Script::losses`, from a copy of the run trained here).
//!
//! Only what the experiment uses is written: its features, its activations, its loss and
//! its optimiser's update. The comments are in the page's language (`words.rs`).

use crate::i18n::{Lang, Text};
use crate::nn::{Activation, Optimizer, Regularization};
use crate::text;
use crate::train::Trainer;
use std::fmt::Write;

mod words;
use words::Words;

/// Which weights the script starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Start {
    /// The network the page shows now (a kept epoch, if one is shown).
    Now,
    /// The network at epoch 0.
    Epoch0,
}

/// What `exportPython` and the page's export ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    pub start: Start,
    pub epochs: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            start: Start::Now,
            epochs: DEFAULT_EPOCHS,
        }
    }
}

impl Options {
    /// `{ start: "now" | "epoch0", epochs: N }`, each optional; anything else is refused.
    pub fn from_json(value: &serde_json::Value) -> Result<Options, Text> {
        // The range of epochs is this experiment's: `export_python` states it.
        let refused = || text!("err.pythonOptions");
        if !value.is_object() {
            return Err(refused());
        }
        serde_json::from_value(value.clone()).map_err(|_| refused())
    }
}

/// The epochs a script trains unless asked otherwise.
pub const DEFAULT_EPOCHS: u64 = 20;
/// The most epochs a script trains.
pub const MAX_EPOCHS: u64 = 1000;
/// The most sample indices the epochs' orders may hold (epochs × training samples):
/// about 5 MB of script.
pub const MAX_ORDER_ENTRIES: u64 = 1_000_000;
/// An exported script and what it must print.
#[derive(Clone, Debug)]
pub struct Script {
    pub text: String,
    /// The epoch the script starts from.
    pub start_epoch: u64,
    /// The page's training and test loss after each of the script's epochs.
    pub losses: Vec<[f64; 2]>,
}

/// The script for `epochs` epochs from `start`, with comments in `lang`. Refused (and why)
/// when there is nothing to train, or too much to write.
pub fn export_python(trainer: &Trainer, options: Options, lang: Lang) -> Result<Script, Text> {
    let Options { start, epochs } = options;
    if trainer.train_samples().is_empty() {
        return Err(text!("msg.pythonNoData"));
    }
    // The range said is the range taken; bounded by the work, so the page keeps answering.
    let max = max_epochs(trainer);
    if !(1..=max).contains(&epochs) {
        return Err(text!("msg.pythonEpochs", max = max));
    }
    // A copy of the run, at the script's start, trains the epochs the script will.
    let mut run = trainer.clone();
    match start {
        Start::Now => {
            run.continue_from_shown();
        }
        Start::Epoch0 => {
            if run.show_epoch(Some(0)) != Some(0) && run.latest_epoch() != 0 {
                return Err(text!("msg.pythonNoEpoch0"));
            }
            run.continue_from_shown();
        }
    }
    // An epoch trained in part (the digits' large networks) ends first: the script
    // starts at an epoch's boundary.
    run.finish_epoch();
    run.drop_timeline();
    let mut script = Writer {
        out: String::with_capacity(64 * 1024),
        words: Words::of(lang),
    };
    let start_epoch = run.epoch();
    let before = run.clone();
    let mut orders = Vec::new();
    let mut losses = Vec::new();
    for _ in 0..epochs {
        if run.step_epochs(1) == 0 {
            break;
        }
        orders.push(run.order().to_vec());
        losses.push([run.train_loss(), run.test_loss()]);
    }
    if losses.is_empty() {
        return Err(text!("msg.pythonOverflow"));
    }
    script.write(&before, &orders, &losses);
    Ok(Script {
        text: script.out,
        start_epoch,
        losses,
    })
}

/// A suggested file name: `nnlab-<dataset>-epoch-<n>.py`, n the script's start.
pub fn file_name(trainer: &Trainer, script: &Script) -> String {
    let epoch = script.start_epoch;
    let dataset = serde_json::to_value(trainer.config().active_dataset())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("nnlab-{dataset}-epoch-{epoch}.py")
}

struct Writer {
    out: String,
    words: &'static Words,
}

/// A number as Python reads it back exactly (Rust's shortest round-trip form).
fn num(v: f64) -> String {
    format!("{v:?}")
}

fn row(values: impl IntoIterator<Item = f64>) -> String {
    let items: Vec<String> = values.into_iter().map(num).collect();
    format!("[{}]", items.join(", "))
}

fn name(activation: Activation) -> &'static str {
    match activation {
        Activation::Relu => "relu",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "sigmoid",
        Activation::Linear => "linear",
    }
}

impl Writer {
    #[inline(never)]
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comment(&mut self, text: &str) {
        for line in text.lines() {
            let _ = writeln!(self.out, "# {line}");
        }
    }

    fn section(&mut self, title: &str) {
        let _ = writeln!(self.out, "\n# ── {title} ──");
    }

    fn write(&mut self, t: &Trainer, orders: &[Vec<usize>], losses: &[[f64; 2]]) {
        let w = self.words;
        let config = t.config();
        self.line("#!/usr/bin/env python3");
        self.comment(&crate::i18n::fill(
            w.header,
            &[
                ("epoch", t.epoch().to_string()),
                ("epochs", orders.len().to_string()),
            ],
        ));
        let _ = writeln!(self.out, "#   #{}", config.to_url_hash());
        self.line("import numpy as np");
        self.arithmetic(t);
        self.settings(t);
        self.data(t);
        self.network(t);
        self.neurons(t);
        self.section(w.orders_title);
        self.comment(w.orders);
        self.line("ORDERS = [");
        for order in orders {
            let items: Vec<String> = order.iter().map(|i| i.to_string()).collect();
            let _ = writeln!(self.out, "    [{}],", items.join(", "));
        }
        self.line("]");
        self.functions(t);
        self.training(t, losses, t.epoch());
    }

    fn settings(&mut self, t: &Trainer) {
        let w = self.words;
        let training = &t.config().training;
        self.section(w.settings_title);
        let _ = writeln!(self.out, "LEARNING_RATE = {}", num(training.learning_rate));
        let _ = writeln!(self.out, "BATCH_SIZE = {}", training.batch_size.max(1));
        if penalised(t) {
            let _ = writeln!(
                self.out,
                "REGULARIZATION_RATE = {}  # {}",
                num(training.regularization_rate),
                match training.regularization {
                    Regularization::L1 => w.l1,
                    _ => w.l2,
                }
            );
        }
        match training.optimizer {
            Optimizer::Sgd => {}
            Optimizer::Momentum => {
                let _ = writeln!(self.out, "MOMENTUM = {}", num(training.momentum));
            }
            Optimizer::Adam => {
                let _ = writeln!(
                    self.out,
                    "BETA1, BETA2, EPSILON = {}, {}, {}",
                    num(training.beta1),
                    num(training.beta2),
                    num(training.epsilon)
                );
            }
        }
        let _ = writeln!(self.out, "START_EPOCH = {}", t.epoch());
    }

    /// Dropout's rates and random stream, and the neurons switched off or frozen, when the
    /// experiment has them.
    fn neurons(&mut self, t: &Trainer) {
        let w = self.words;
        let net = t.network();
        let hidden = &net.layers[..net.layers.len() - 1];
        if has_dropout(t) {
            self.comment(w.dropout);
            let rates = hidden.iter().map(|l| l.dropout);
            let _ = writeln!(self.out, "DROPOUT = {}", row(rates));
            let _ = writeln!(self.out, "random_state = 0x{:016X}", t.dropout_state());
            self.line("MASK64 = (1 << 64) - 1");
        }
        if has_held(t) {
            self.comment(w.held);
            let on: Vec<String> = hidden
                .iter()
                .map(|l| {
                    format!(
                        "np.array({})",
                        row(l.off.iter().map(|&o| if o { 0.0 } else { 1.0 }))
                    )
                })
                .collect();
            let _ = writeln!(self.out, "ON = [{}]", on.join(", "));
            let mut held_w = Vec::new();
            let mut held_b = Vec::new();
            for (k, l) in net.layers.iter().enumerate() {
                let before: &[bool] = if k == 0 { &[] } else { &net.layers[k - 1].off };
                let held = |j: usize, i: Option<usize>| {
                    l.off[j] || l.frozen[j] || i.is_some_and(|i| before.get(i) == Some(&true))
                };
                let rows: Vec<String> = (0..l.n_out)
                    .map(|j| {
                        let cells: Vec<&str> = (0..l.n_in)
                            .map(|i| if held(j, Some(i)) { "True" } else { "False" })
                            .collect();
                        format!("[{}]", cells.join(", "))
                    })
                    .collect();
                held_w.push(format!(
                    "np.array([{}]).reshape({}, {})",
                    rows.join(", "),
                    l.n_out,
                    l.n_in
                ));
                let cells: Vec<&str> = (0..l.n_out)
                    .map(|j| if held(j, None) { "True" } else { "False" })
                    .collect();
                held_b.push(format!("np.array([{}], dtype=bool)", cells.join(", ")));
            }
            let _ = writeln!(self.out, "HELD_W = [{}]", held_w.join(", "));
            let _ = writeln!(self.out, "HELD_b = [{}]", held_b.join(", "));
        }
    }

    fn network(&mut self, t: &Trainer) {
        let w = self.words;
        let net = t.network();
        self.section(&crate::i18n::fill(
            w.network_title,
            &[("epoch", t.epoch().to_string())],
        ));
        self.comment(w.weights);
        let matrices = |pick: fn(&crate::nn::Layer) -> &Vec<f64>, bias: bool| {
            let mut out = String::from("[\n");
            for l in &net.layers {
                let values = pick(l);
                if bias {
                    let _ = writeln!(out, "    np.array({}),", row(values.iter().copied()));
                } else {
                    let rows: Vec<String> = values
                        .chunks(l.n_in.max(1))
                        .map(|r| row(r.iter().copied()))
                        .collect();
                    let _ = writeln!(
                        out,
                        "    np.array([{}]).reshape({}, {}),",
                        rows.join(", "),
                        l.n_out,
                        l.n_in
                    );
                }
            }
            out.push(']');
            out
        };
        if let Some(e) = &net.embedding {
            self.comment(w.embedding);
            let rows: Vec<String> = e
                .table
                .chunks(e.dim.max(1))
                .map(|r| row(r.iter().copied()))
                .collect();
            let _ = writeln!(
                self.out,
                "C = np.array([\n    {},\n]).reshape({}, {})",
                rows.join(",\n    "),
                e.vocab,
                e.dim
            );
        }
        let _ = writeln!(self.out, "W = {}", matrices(|l| &l.weights, false));
        let _ = writeln!(self.out, "b = {}", matrices(|l| &l.bias, true));
        let activations: Vec<String> = net
            .layers
            .iter()
            .map(|l| {
                format!(
                    "\"{}\"",
                    if l.softmax {
                        "softmax"
                    } else {
                        name(l.activation)
                    }
                )
            })
            .collect();
        let _ = writeln!(self.out, "ACTIVATIONS = [{}]", activations.join(", "));
        let optimizer = t.config().training.optimizer;
        let zero = |pick: fn(&crate::nn::Layer) -> &Vec<f64>| {
            net.layers.iter().all(|l| pick(l).iter().all(|&v| v == 0.0))
        };
        let state = |name: &str, like: &str, pick, bias| {
            if zero(pick) {
                format!("{name} = [np.zeros_like(p) for p in {like}]")
            } else {
                format!("{name} = {}", matrices(pick, bias))
            }
        };
        // The embedding's state, as C's shape.
        let table_state = |name: &str, values: &[f64]| {
            if values.iter().all(|&v| v == 0.0) {
                format!("{name} = np.zeros_like(C)")
            } else {
                format!(
                    "{name} = np.array({}).reshape(C.shape)",
                    row(values.iter().copied())
                )
            }
        };
        let mut lines = match optimizer {
            Optimizer::Sgd => vec![],
            Optimizer::Momentum => vec![
                format!("# {}", w.velocity),
                state("velocity_W", "W", |l| &l.m_weights, false),
                state("velocity_b", "b", |l| &l.m_bias, true),
            ],
            Optimizer::Adam => vec![
                format!("# {}", w.moments),
                state("m_W", "W", |l| &l.m_weights, false),
                state("v_W", "W", |l| &l.v_weights, false),
                state("m_b", "b", |l| &l.m_bias, true),
                state("v_b", "b", |l| &l.v_bias, true),
                format!("t = {}", net.steps()),
            ],
        };
        if let Some(e) = &net.embedding {
            match optimizer {
                Optimizer::Sgd => {}
                Optimizer::Momentum => lines.push(table_state("velocity_C", &e.m)),
                Optimizer::Adam => {
                    lines.push(table_state("m_C", &e.m));
                    lines.push(table_state("v_C", &e.v));
                }
            }
        }
        for line in lines {
            self.line(&line);
        }
    }
}

/// A hidden layer drops neurons in training.
fn has_dropout(t: &Trainer) -> bool {
    let layers = &t.network().layers;
    layers[..layers.len() - 1].iter().any(|l| l.dropout > 0.0)
}

/// A neuron is switched off or frozen.
fn has_held(t: &Trainer) -> bool {
    t.network()
        .layers
        .iter()
        .any(|l| l.off.iter().chain(&l.frozen).any(|&b| b))
}

/// The update adds a penalty on the weights.
fn penalised(t: &Trainer) -> bool {
    let training = &t.config().training;
    training.regularization != Regularization::None && training.regularization_rate != 0.0
}

mod arithmetic;
mod code;
mod data;
mod work;
pub use work::{epoch_work, max_epochs, MAX_WORK};
