//! The text mode's data in the Trainer: the corpus's training examples (k symbols of
//! context → the next), its dev examples as the test set, the vocabulary, and the counted
//! bigram and trigram the network is measured against. Each example is a sample whose
//! label is the next symbol's number and whose k inputs are its context's symbols (the
//! network looks them up in its embedding).

use super::*;
use crate::data::text::{ngram, shipped, Corpus, Examples, Shipped, TextSplit, Vocabulary};
use std::sync::Arc;

/// What the text mode adds to an experiment.
#[derive(Clone, Debug)]
pub struct TextData {
    pub corpus: Arc<Corpus>,
    pub vocabulary: Vocabulary,
    /// The counted bigram's and trigram's dev losses (nats per symbol), α chosen on dev.
    pub bigram: ngram::Baseline,
    pub trigram: ngram::Baseline,
}

impl TextData {
    fn of(corpus: Arc<Corpus>, cap: usize) -> TextData {
        let vocabulary = Vocabulary::of(&corpus, cap);
        TextData {
            bigram: ngram::baseline(&corpus, &vocabulary, 2),
            trigram: ngram::baseline(&corpus, &vocabulary, 3),
            corpus,
            vocabulary,
        }
    }
}

impl Trainer {
    /// The corpus the config names: a shipped one once loaded, or the pasted text.
    pub(super) fn text_data(
        config: &Config,
        pasted: Option<&Arc<Corpus>>,
    ) -> Result<TextData, crate::config::ConfigError> {
        let dataset = config.active_dataset();
        match Shipped::of(dataset) {
            Some(which) => {
                // Counted once per corpus (its vocabulary and baselines do not depend on
                // the settings): a reset of the poems would count 25,000 examples again.
                static MADE: [std::sync::OnceLock<TextData>; 2] =
                    [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
                let corpus = shipped::corpus(which).ok_or_else(|| {
                    crate::config::ConfigError::new("dataset", shipped::not_loaded(which))
                })?;
                let made = MADE[usize::from(which == Shipped::Poems)]
                    .get_or_init(|| TextData::of(Arc::new(corpus.clone()), which.cap()));
                Ok(made.clone())
            }
            None => {
                let corpus = pasted.ok_or_else(|| {
                    crate::config::ConfigError::new("dataset", text!("err.noText"))
                })?;
                Ok(TextData::of(
                    corpus.clone(),
                    crate::data::text::corpus::MAX_DISTINCT,
                ))
            }
        }
    }

    /// The examples of the training items (the training set) and of the dev items (the
    /// test set: the loss chart's second line is the dev loss).
    pub(super) fn generate_text(&mut self) {
        let Some(data) = &self.text else {
            return;
        };
        let k = self.config.experiment.context;
        let of = |split| Examples::of(data.corpus.items(split), &data.vocabulary, k);
        let as_samples = |examples: &Examples| -> (Vec<Sample>, Vec<f64>) {
            let samples = examples
                .next
                .iter()
                .map(|&next| Sample {
                    x: 0.0,
                    y: 0.0,
                    label: next as f64,
                })
                .collect();
            let inputs = examples.contexts.iter().map(|&c| c as f64).collect();
            (samples, inputs)
        };
        let (train, train_inputs) = as_samples(&of(TextSplit::Train));
        let (test, test_inputs) = as_samples(&of(TextSplit::Dev));
        (self.train, self.train_inputs) = (train, train_inputs);
        (self.test, self.test_inputs) = (test, test_inputs);
        // The targets are the labels themselves (one-hot over V would be V times larger).
        self.train_targets.clear();
        self.test_targets.clear();
        self.order = (0..self.train.len()).collect();
        self.batch_cursor = 0;
    }

    /// A pasted text instead of the data: the experiment starts again on it (the dataset
    /// `text`, the text mode's settings if it was not in text mode).
    pub fn set_text(&mut self, corpus: Corpus) -> Result<(), crate::config::ConfigError> {
        let mut config = self.config.clone();
        if config.is_text() {
            config.experiment.dataset = Dataset::Text;
        } else {
            config.set_up_text(Dataset::Text);
        }
        *self = Trainer::with_text(config, Some(Arc::new(corpus)))?;
        Ok(())
    }

    /// The text the teacher pasted, kept through a reset or a new setting.
    pub fn pasted(&self) -> Option<Arc<Corpus>> {
        let data = self.text.as_ref()?;
        (self.config.active_dataset() == Dataset::Text).then(|| data.corpus.clone())
    }

    /// The text mode's data: `None` for points and images.
    pub fn text(&self) -> Option<&TextData> {
        self.text.as_ref()
    }

    /// Training example `sample`'s context: its k symbols (as numbers), the oldest first.
    pub fn context_of(&self, sample: usize) -> Option<&[f64]> {
        self.text.as_ref()?;
        let k = self.config.experiment.context;
        self.train_inputs.get(sample * k..(sample + 1) * k)
    }

    /// Every example's context (k symbols as numbers, the oldest first), of the training
    /// set and of the test (dev) set; `None` out of text mode.
    pub fn contexts(&self) -> Option<[&[f64]; 2]> {
        self.text.as_ref()?;
        Some([&self.train_inputs, &self.test_inputs])
    }

    /// The probability of each next symbol after `context` at `temperature`.
    pub fn next_symbols(&mut self, context: &[usize], temperature: f64) -> Vec<f64> {
        crate::data::text::next_symbols(&mut self.network, context, temperature)
    }

    /// Writes `n` items at `temperature`, drawn from a stream of the seed and of how far
    /// training is: the same network at the same point (after a reset, say) writes the
    /// same items again, however often the page asked in between.
    pub fn write(&mut self, n: usize, temperature: f64) -> Vec<crate::data::text::Written> {
        let point = (self.epoch << 20) ^ self.batch_cursor as u64;
        let mut rng = Rng::stream(self.config.experiment.seed.value() ^ point, STREAM_WRITING);
        let Some(data) = &self.text else {
            return Vec::new();
        };
        let max = if self.config.active_dataset() == Dataset::Poems {
            MAX_POEM_CHARS
        } else {
            MAX_WRITTEN_CHARS
        };
        (0..n)
            .map(|_| {
                crate::data::text::sample(
                    &mut self.network,
                    &data.vocabulary,
                    &data.corpus,
                    temperature,
                    &mut rng,
                    max,
                )
            })
            .collect()
    }
}

/// The most characters a written item has: a name (the longest census name has 11),
/// a pasted line; and a quatrain (24 with its marks).
pub const MAX_WRITTEN_CHARS: usize = 30;
pub const MAX_POEM_CHARS: usize = 48;

#[cfg(test)]
mod tests;
