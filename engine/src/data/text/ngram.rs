//! The counted models the network is measured against: an n-gram model predicts a symbol
//! from the n − 1 before it by counting, in the training items, how often each symbol
//! followed them, with add-α smoothing:
//!
//! P(c | h) = (N(h, c) + α) / (N(h) + α·V)
//!
//! where N(h, c) counts h followed by c, N(h) counts h followed by anything, and V is the
//! number of symbols. α is chosen from `ALPHAS` as the one with the lowest loss on the dev
//! set (the strongest counting baseline; the test set is never looked at). The loss is
//! the mean of −ln P over the dev examples, in nats per symbol, as the network's.

use super::{Corpus, Examples, TextSplit, Vocabulary};
use crate::nn::math;
use std::collections::BTreeMap;

/// The smoothing constants tried.
pub const ALPHAS: [f64; 8] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0];

/// A counted model's loss on the dev set, with the α it was smoothed with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Baseline {
    /// n: 2 for the bigram, 3 for the trigram.
    pub order: usize,
    pub alpha: f64,
    /// Mean −ln P over the dev examples (nats per symbol).
    pub dev_loss: f64,
}

/// The counts of a model of order n: per history h (n − 1 symbols), N(h) and N(h, c).
#[derive(Clone, Debug, Default)]
pub struct Counts {
    order: usize,
    vocab: usize,
    by_history: BTreeMap<Vec<usize>, (u64, BTreeMap<usize, u64>)>,
}

impl Counts {
    /// Counts the training items' examples with a context of n − 1.
    pub fn of(corpus: &Corpus, vocabulary: &Vocabulary, order: usize) -> Counts {
        let examples = Examples::of(corpus.items(TextSplit::Train), vocabulary, order - 1);
        let mut counts = Counts {
            order,
            vocab: vocabulary.len(),
            by_history: BTreeMap::new(),
        };
        for e in 0..examples.len() {
            let (total, next) = counts
                .by_history
                .entry(examples.context_of(e).to_vec())
                .or_default();
            *total += 1;
            *next.entry(examples.next[e]).or_insert(0) += 1;
        }
        counts
    }

    /// N(h) and N(h, c).
    pub fn count(&self, history: &[usize], c: usize) -> (u64, u64) {
        self.by_history
            .get(history)
            .map_or((0, 0), |(total, next)| {
                (*total, next.get(&c).copied().unwrap_or(0))
            })
    }

    /// P(c | h) with add-α smoothing.
    pub fn probability(&self, history: &[usize], c: usize, alpha: f64) -> f64 {
        let (total, n) = self.count(history, c);
        (n as f64 + alpha) / (total as f64 + alpha * self.vocab as f64)
    }

    /// Mean −ln P(c | h) over `examples` (their context n − 1 long), in their order.
    pub fn loss(&self, examples: &Examples, alpha: f64) -> f64 {
        let mut total = 0.0;
        for e in 0..examples.len() {
            total -= math::ln(self.probability(examples.context_of(e), examples.next[e], alpha));
        }
        total / examples.len().max(1) as f64
    }
}

/// The counted model of order n (2 or 3) on the dev set, α chosen there.
pub fn baseline(corpus: &Corpus, vocabulary: &Vocabulary, order: usize) -> Baseline {
    let counts = Counts::of(corpus, vocabulary, order);
    let dev = Examples::of(corpus.items(TextSplit::Dev), vocabulary, order - 1);
    let mut best = Baseline {
        order,
        alpha: ALPHAS[0],
        dev_loss: f64::INFINITY,
    };
    for alpha in ALPHAS {
        let dev_loss = counts.loss(&dev, alpha);
        if dev_loss < best.dev_loss {
            best = Baseline {
                order,
                alpha,
                dev_loss,
            };
        }
    }
    debug_assert_eq!(counts.order, order);
    best
}
