//! Text mode as the Session runs it: what the network writes (at the temperature, from
//! the seed's writing stream, so a reset writes the same again), the probability of each
//! next symbol after a beginning the class types, the embedding's vectors, a pasted
//! text, and the figures the loss chart compares with (the counted bigram's and
//! trigram's dev losses).

use super::*;
use crate::data::text::{context_of, Corpus, Written};

/// A symbol and the probability the network gives it next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextSymbol {
    /// The character ("." is the end of the item).
    pub character: String,
    pub probability: f64,
}

/// A symbol and its row of the embedding table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmbeddedSymbol {
    pub character: String,
    pub vector: Vec<f64>,
}

/// The text mode's figures (`snapshot().text`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextFigures {
    /// V: the symbols (the boundary, the unknown one if the characters were capped, the
    /// characters).
    pub symbols: usize,
    /// The loss on the dev set, in nats per symbol, and its perplexity e^loss.
    pub dev_loss: f64,
    pub perplexity: f64,
    /// The counted models' dev losses and the α each was smoothed with.
    pub bigram_loss: f64,
    pub bigram_alpha: f64,
    pub trigram_loss: f64,
    pub trigram_alpha: f64,
}

impl Session {
    /// The text mode's figures, or `None` out of text mode.
    pub fn text_figures(&self) -> Option<TextFigures> {
        let t = &self.trainer;
        let data = t.text()?;
        Some(TextFigures {
            symbols: data.vocabulary.len(),
            dev_loss: t.test_loss(),
            perplexity: crate::nn::math::exp(t.test_loss()),
            bigram_loss: data.bigram.dev_loss,
            bigram_alpha: data.bigram.alpha,
            trigram_loss: data.trigram.dev_loss,
            trigram_alpha: data.trigram.alpha,
        })
    }

    /// Text mode: the training and dev losses' perplexities e^L (`None` out of it).
    pub fn perplexities(&self) -> Option<[f64; 2]> {
        let t = &self.trainer;
        t.text()?;
        Some([t.train_loss(), t.test_loss()].map(crate::nn::math::exp))
    }

    /// `n` items written by the network at the config's temperature.
    pub fn write(&mut self, n: usize) -> Result<Vec<Written>, Text> {
        if self.trainer.text().is_none() {
            return Err(text!("err.notText"));
        }
        let temperature = self.config().view.temperature;
        Ok(self.trainer.write(n, temperature))
    }

    /// The probability of each symbol after `prefix` (its last k characters, after the
    /// boundary), at the config's temperature, the likeliest first (equals in the
    /// vocabulary's order). Refused for a character the network does not know.
    pub fn next_symbols(&mut self, prefix: &str) -> Result<Vec<NextSymbol>, Text> {
        let data = self.trainer.text().ok_or_else(|| text!("err.notText"))?;
        let k = self.config().experiment.context;
        let context = context_of(prefix, &data.vocabulary, k)
            .map_err(|c| text!("err.unknownCharacter", c = c.to_string()))?;
        let symbols: Vec<char> = data.vocabulary.symbols().to_vec();
        let temperature = self.config().view.temperature;
        let p = self.trainer.next_symbols(&context, temperature);
        let mut next: Vec<NextSymbol> = symbols
            .iter()
            .zip(p)
            .map(|(c, probability)| NextSymbol {
                character: c.to_string(),
                probability,
            })
            .collect();
        next.sort_by(|a, b| b.probability.total_cmp(&a.probability));
        Ok(next)
    }

    /// Every symbol's row of the embedding table, in the vocabulary's order.
    pub fn embedding(&self) -> Result<Vec<EmbeddedSymbol>, Text> {
        let t = &self.trainer;
        let data = t.text().ok_or_else(|| text!("err.notText"))?;
        let e = t
            .network()
            .embedding
            .as_ref()
            .ok_or_else(|| text!("err.notText"))?;
        Ok(data
            .vocabulary
            .symbols()
            .iter()
            .enumerate()
            .map(|(i, c)| EmbeddedSymbol {
                character: c.to_string(),
                vector: e.row(i).to_vec(),
            })
            .collect())
    }

    /// The graph's node values in text mode: the inspected example's input (its
    /// context's rows of the embedding) and every layer's output.
    /// The graph's labels (refilled; empty outside text mode): the inspected example's
    /// context and the vocabulary.
    pub fn text_graph(&self, into: &mut crate::scene::TextGraph) {
        into.context.clear();
        into.symbols.clear();
        let t = &self.trainer;
        let Some(data) = t.text().filter(|_| self.config().is_text()) else {
            return;
        };
        into.symbols.extend_from_slice(data.vocabulary.symbols());
        if let Some(ids) = t.context_of(self.inspected) {
            into.context
                .extend(ids.iter().map(|&c| data.vocabulary.symbol(c as usize)));
        }
    }

    pub fn text_node_values(&mut self) -> Vec<f64> {
        let sample = self.inspected;
        self.trainer.node_values(sample).unwrap_or_default()
    }

    /// A text the teacher pasted becomes the data (a line an item); refused with the
    /// reason, nothing changed.
    pub fn set_text(&mut self, text: &str) -> Result<(), Text> {
        let corpus = Corpus::pasted(text).map_err(|e| self.refuse("msg.textRefused", e))?;
        let before = self.config().clone();
        self.trainer
            .set_text(corpus)
            .map_err(|e| self.refuse("msg.textRefused", e.text()))?;
        self.runs_follow_config(&before, ChangeEffect::Reset);
        self.config_changed();
        self.set_notice(None);
        self.after_reset();
        Ok(())
    }
}
