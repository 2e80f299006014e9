//! Saving and loading: the whole experiment as JSON (config, weights, data, progress) and
//! the data as CSV (x1, x2, label, and the point's set: train or test). Every import goes through the same checks as the rest
//! of NN Lab (the config through `Config::with_patch`, points through the labels and
//! limits of `Trainer::check_point`); a refused file changes nothing, and the message names
//! the problem: the JSON field, or the CSV line and field.

use crate::config::{Config, MAX_SAMPLES};
use crate::data::{Rng, Sample};
use crate::i18n::Text;
use crate::text;
use crate::train::{LossPoint, Trainer, MAX_EPOCH};

pub mod images;
pub mod python;
mod strict;

use serde::{Deserialize, Serialize};
use std::fmt;
use strict::{parse_strict, type_error};

pub const FORMAT: &str = "nnlab-experiment";
pub const VERSION: u32 = 1;
/// Files larger than this are refused before parsing (a saved experiment of 2,000 points
/// and the largest network is well under 1 MB; of the 1,797 digits and four runs of the
/// largest digits' network, about 5 MB).
pub const MAX_FILE_BYTES: usize = 16_000_000;

/// A file that was refused: where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError {
    /// The JSON field (`weights[1].bias`) or the CSV place (`line 7, label`).
    pub place: Text,
    pub message: Text,
}

impl ImportError {
    fn new(place: Text, message: Text) -> ImportError {
        ImportError { place, message }
    }

    /// A JSON field's path, as it is in any language.
    fn at(field: impl fmt::Display, message: Text) -> ImportError {
        ImportError::new(text!("place.field", field = field), message)
    }

    /// "place: message" as one message.
    pub fn text(&self) -> Text {
        Text::new("err.place")
            .sub("place", self.place.clone())
            .sub("message", self.message.clone())
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text())
    }
}

/// One layer's parameters: `weights[j][i]` from neuron i of the layer before to neuron j.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerParams {
    pub weights: Vec<Vec<f64>>,
    pub bias: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct Data {
    pub train: Vec<Sample>,
    pub test: Vec<Sample>,
    /// The digits' images, one per sample of `train` and `test` (each 64 pixels 0 to 16,
    /// row by row); absent for points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub train_images: Vec<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_images: Vec<Vec<u8>>,
    /// Text mode with a pasted text: its lines (an item a line, in order); absent
    /// otherwise (the names and the poems are NN Lab's own files).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// A saved experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Experiment {
    pub format: String,
    pub version: u32,
    pub config: serde_json::Value,
    pub layers: Vec<LayerParams>,
    /// Text mode: the embedding table, a row of numbers per symbol; absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embedding: Vec<Vec<f64>>,
    pub data: Data,
    pub epoch: u64,
    pub history: Vec<LossPoint>,
    /// The runs compared with this one, B, C, D: each a whole experiment of its own
    /// (the same data), in this format without `runs`. Absent when nothing is compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<serde_json::Value>,
}

/// Every layer's parameters, hidden layers first (what `weights()` in the JS API returns
/// and what an experiment file holds).
pub fn layer_params(network: &crate::nn::Network) -> Vec<LayerParams> {
    network
        .layers
        .iter()
        .map(|l| LayerParams {
            weights: l
                .weights
                .chunks(l.n_in.max(1))
                .map(<[f64]>::to_vec)
                .collect(),
            bias: l.bias.clone(),
        })
        .collect()
}

/// The experiment as it is now. In text mode the data are the corpus (a pasted text's
/// lines; the names and the poems are NN Lab's own files), not its examples.
pub fn export(trainer: &Trainer) -> Experiment {
    let text = trainer.text().is_some();
    let samples = |s: &[crate::data::Sample]| if text { Vec::new() } else { s.to_vec() };
    Experiment {
        format: FORMAT.to_string(),
        version: VERSION,
        config: serde_json::to_value(trainer.config()).unwrap_or(serde_json::Value::Null),
        layers: layer_params(trainer.network()),
        embedding: trainer
            .network()
            .embedding
            .as_ref()
            .map_or_else(Vec::new, |e| {
                e.table.chunks(e.dim.max(1)).map(<[f64]>::to_vec).collect()
            }),
        data: Data {
            train: samples(trainer.train_samples()),
            test: samples(trainer.test_samples()),
            train_images: trainer.images()[0].iter().map(|i| i.to_vec()).collect(),
            test_images: trainer.images()[1].iter().map(|i| i.to_vec()).collect(),
            text: trainer
                .pasted()
                .map_or_else(String::new, |c| c.lines().join("\n")),
        },
        runs: Vec::new(),
        epoch: trainer.epoch(),
        // A shown epoch is saved as it was: the history up to it.
        history: trainer
            .history()
            .points()
            .iter()
            .filter(|p| p.epoch <= trainer.epoch())
            .copied()
            .collect(),
    }
}

/// The experiment as JSON text.
pub fn export_json(trainer: &Trainer) -> String {
    export_runs_json(trainer, &[])
}

/// Run A and the runs compared with it as JSON text: A's experiment with `runs`.
pub fn export_runs_json(a: &Trainer, others: &[&Trainer]) -> String {
    let mut file = export(a);
    file.runs = others
        .iter()
        .map(|t| serde_json::to_value(export(t)).unwrap_or_default())
        .collect();
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads a saved experiment and builds its trainer; the current one is untouched.
pub fn import_json(text: &str) -> Result<Trainer, ImportError> {
    import_json_runs(text).map(|(a, _)| a)
}

/// Reads a saved experiment and the runs compared with it (none in most files): their
/// trainers, or the first refusal (a run's named as such).
pub fn import_json_runs(text: &str) -> Result<(Trainer, Vec<Trainer>), ImportError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::new(
            text!("place.file"),
            text!("err.fileTooLarge", bytes = text.len()),
        ));
    }
    let value = parse_strict(text)?;
    let (a, runs) = import_value(&value)?;
    let mut others = Vec::with_capacity(runs.len());
    for (k, run) in runs.iter().enumerate() {
        let in_run = |e: ImportError| ImportError {
            // Run B is the first.
            place: text!("place.run", run = char::from(b'B' + k.min(24) as u8))
                .sub("place", e.place),
            message: e.message,
        };
        let (trainer, nested) = import_value(run).map_err(in_run)?;
        if !nested.is_empty() {
            return Err(in_run(ImportError::at("runs", text!("err.runsInRun"))));
        }
        others.push(trainer);
    }
    Ok((a, others))
}

/// One experiment of a file (its `runs` left as they are).
fn import_value(
    value: &serde_json::Value,
) -> Result<(Trainer, Vec<serde_json::Value>), ImportError> {
    let value = value.clone();
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ImportError::at(
            "format",
            text!("err.notExperiment", format = FORMAT),
        ));
    }
    let experiment: Experiment = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = e.path().clone();
        type_error(&value, &path, &e.into_inner().to_string())
    })?;
    if experiment.epoch > MAX_EPOCH {
        return Err(ImportError::at(
            "epoch",
            text!("err.epochTooLarge", max = MAX_EPOCH),
        ));
    }
    if experiment.version != VERSION {
        return Err(ImportError::at(
            "version",
            text!(
                "err.version",
                found = experiment.version,
                expected = VERSION
            ),
        ));
    }
    let config = Config::default()
        .with_patch(&experiment.config)
        .map_err(|e| ImportError::at(format!("config.{}", e.field), e.message))?;
    let pasted = if config.is_text() && config.active_dataset() == crate::data::Dataset::Text {
        let corpus = crate::data::text::Corpus::pasted(&experiment.data.text)
            .map_err(|message| ImportError::at("data.text", message))?;
        Some(std::sync::Arc::new(corpus))
    } else {
        None
    };
    let mut trainer = Trainer::with_text(config, pasted)
        .map_err(|e| ImportError::at(format!("config.{}", e.field), e.message))?;
    // The weights: the network's shape, finite numbers.
    let network = trainer.network();
    let mut params = Vec::with_capacity(network.param_count());
    match &network.embedding {
        Some(e) => {
            let shape_ok = experiment.embedding.len() == e.vocab
                && experiment.embedding.iter().all(|row| row.len() == e.dim);
            if !shape_ok {
                return Err(ImportError::at(
                    "embedding",
                    text!("err.embeddingShape", rows = e.vocab, columns = e.dim),
                ));
            }
            params.extend(experiment.embedding.iter().flatten().copied());
        }
        None if !experiment.embedding.is_empty() => {
            return Err(ImportError::at("embedding", text!("err.notText")));
        }
        None => {}
    }
    if experiment.layers.len() != network.layers.len() {
        return Err(ImportError::at(
            "layers",
            text!(
                "err.layerCount",
                found = experiment.layers.len(),
                expected = network.layers.len()
            ),
        ));
    }
    for (l, (saved, layer)) in experiment.layers.iter().zip(&network.layers).enumerate() {
        let shape_ok = saved.weights.len() == layer.n_out
            && saved.weights.iter().all(|row| row.len() == layer.n_in)
            && saved.bias.len() == layer.n_out;
        if !shape_ok {
            return Err(ImportError::at(
                format!("layers[{l}]"),
                text!(
                    "err.layerShape",
                    rows = layer.n_out,
                    columns = layer.n_in,
                    biases = layer.n_out
                ),
            ));
        }
        params.extend(saved.weights.iter().flatten().copied());
        params.extend(saved.bias.iter().copied());
    }
    if let Some(bad) = params.iter().position(|v| !v.is_finite()) {
        return Err(ImportError::at(
            "layers",
            text!("err.parameterNotFinite", index = bad),
        ));
    }
    trainer
        .set_params(&params)
        .map_err(|message| ImportError::at("layers", message))?;
    // The data.
    let total = experiment.data.train.len() + experiment.data.test.len();
    if total > MAX_SAMPLES {
        return Err(ImportError::at(
            "data",
            text!("err.tooManyPoints", n = total, max = MAX_SAMPLES),
        ));
    }
    for (set, samples) in [
        ("train", &experiment.data.train),
        ("test", &experiment.data.test),
    ] {
        for (i, p) in samples.iter().enumerate() {
            trainer
                .check_point(p)
                .map_err(|message| ImportError::at(format!("data.{set}[{i}]"), message))?;
        }
    }
    let text = trainer.text().is_some();
    if text && total > 0 {
        return Err(ImportError::at("data.train", text!("err.textData")));
    } else if !text && !experiment.data.text.is_empty() {
        return Err(ImportError::at("data.text", text!("err.notText")));
    }
    if text {
        // The corpus is the data.
    } else if trainer.config().is_digits() {
        let train = images::of_file(
            "trainImages",
            &experiment.data.train_images,
            &experiment.data.train,
        )?;
        let test = images::of_file(
            "testImages",
            &experiment.data.test_images,
            &experiment.data.test,
        )?;
        trainer.replace_images(&train, &test);
    } else if !experiment.data.train_images.is_empty() || !experiment.data.test_images.is_empty() {
        return Err(ImportError::at("data.trainImages", text!("err.notDigits")));
    } else {
        trainer.replace_data(experiment.data.train, experiment.data.test);
    }
    if !(trainer.train_loss().is_finite() && trainer.test_loss().is_finite()) {
        return Err(ImportError::at("layers", text!("err.weightsOverflow")));
    }
    // The progress.
    let mut last = None;
    for (i, p) in experiment.history.iter().enumerate() {
        let ordered = last.is_none_or(|e| p.epoch > e) && p.epoch <= experiment.epoch;
        if !ordered || !p.train.is_finite() || !p.test.is_finite() {
            return Err(ImportError::at(
                format!("history[{i}]"),
                text!("err.history"),
            ));
        }
        last = Some(p.epoch);
    }
    trainer.restore_progress(experiment.epoch, &experiment.history);
    Ok((trainer, experiment.runs))
}

/// The data as CSV: a header `x1,x2,label,set`, then the training and the test points,
/// each with its set (`train` or `test`), so loading it gives the same split back.
pub fn export_csv(trainer: &Trainer) -> String {
    if trainer.config().is_digits() {
        return images::export_csv(trainer);
    }
    let mut out = String::from("x1,x2,label,set\n");
    for (set, samples) in [
        ("train", trainer.train_samples()),
        ("test", trainer.test_samples()),
    ] {
        for p in samples {
            out.push_str(&format!("{},{},{},{set}\n", p.x, p.y, p.label));
        }
    }
    out
}

/// Reads points from CSV (`x1,x2,label` per line, and optionally the point's set, `train`
/// or `test`; a header line is optional; blank lines are skipped) for the trainer's kind
/// of data. Points with a set go to it, in the file's order; the others are split into
/// training and test points by the config's train share (seeded). Errors name the line
/// and the field.
pub fn import_csv(
    trainer: &Trainer,
    text: &str,
) -> Result<(Vec<Sample>, Vec<Sample>), ImportError> {
    if trainer.config().is_textbook() {
        return Err(ImportError::new(
            text!("place.file"),
            text!("err.textbookCsv"),
        ));
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::new(
            text!("place.file"),
            text!("err.fileTooLarge", bytes = text.len()),
        ));
    }
    let mut sets = Sets::default();
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let line = line.trim();
        if line.is_empty() || (n == 0 && line.to_ascii_lowercase().starts_with("x1")) {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if !(3..=4).contains(&fields.len()) {
            return Err(ImportError::new(
                text!("place.line", line = number),
                text!("err.csvFields", n = fields.len()),
            ));
        }
        let mut values = [0.0; 3];
        for (k, (field, name)) in fields.iter().zip(["x1", "x2", "label"]).enumerate() {
            values[k] = field
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    let shown: String = field.chars().take(30).collect();
                    ImportError::new(
                        text!("place.lineField", line = number, field = name),
                        text!("err.notNumber", value = format!("{shown:?}")),
                    )
                })?;
        }
        let sample = Sample {
            x: values[0],
            y: values[1],
            label: values[2],
        };
        trainer
            .check_point(&sample)
            .map_err(|message| ImportError::new(text!("place.line", line = number), message))?;
        sets.add(sample, fields.get(3).copied(), number)?;
    }
    sets.split(trainer.config(), text!("err.noPoints"))
}

/// A CSV file's lines as read: those with their set, and those without one.
struct Sets<T> {
    train: Vec<T>,
    test: Vec<T>,
    unassigned: Vec<T>,
}

impl<T> Default for Sets<T> {
    fn default() -> Self {
        Sets {
            train: Vec::new(),
            test: Vec::new(),
            unassigned: Vec::new(),
        }
    }
}

impl<T> Sets<T> {
    /// Line `number`'s item, into the set its line names (`train`, `test`, or none): a
    /// set of another name, or one line more than `MAX_SAMPLES`, is refused.
    fn add(&mut self, item: T, set: Option<&str>, number: usize) -> Result<(), ImportError> {
        match set {
            None => self.unassigned.push(item),
            Some("train") => self.train.push(item),
            Some("test") => self.test.push(item),
            Some(other) => {
                return Err(ImportError::new(
                    text!("place.lineField", line = number, field = "set"),
                    text!("err.csvSet", value = crate::i18n::quote(other)),
                ))
            }
        }
        if self.train.len() + self.test.len() + self.unassigned.len() > MAX_SAMPLES {
            return Err(ImportError::new(
                text!("place.line", line = number),
                text!("err.csvTooMany", max = MAX_SAMPLES),
            ));
        }
        Ok(())
    }

    /// The training and test sets: the lines without a set split by the config's train
    /// share (seeded, stream 5). `empty` is the refusal of a file with no line.
    fn split(mut self, config: &Config, empty: Text) -> Result<(Vec<T>, Vec<T>), ImportError> {
        if self.train.len() + self.test.len() + self.unassigned.len() == 0 {
            return Err(ImportError::new(text!("place.file"), empty));
        }
        if !self.unassigned.is_empty() {
            let mut rng = Rng::stream(config.experiment.seed.value(), 5);
            rng.shuffle(&mut self.unassigned);
            let share = config.experiment.perc_train_data as usize;
            let split = (self.unassigned.len() * share / 100).max(1);
            let rest = self.unassigned.split_off(split.min(self.unassigned.len()));
            self.train.extend(self.unassigned);
            self.test.extend(rest);
        }
        Ok((self.train, self.test))
    }
}

#[cfg(test)]
mod tests;
