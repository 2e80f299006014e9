//! Writing with a trained network: the probability of each next symbol at a temperature,
//! and items written symbol by symbol from a seeded stream.
//!
//! At temperature T the network's output logits z give pⱼ = e^((zⱼ − m)/T) / Σₖ e^((zₖ − m)/T)
//! with m = max z: T = 1 is the network's own softmax, T < 1 sharpens it, T > 1 flattens
//! it, and T = 0 puts everything on the likeliest symbol (the first of equals).

use super::{Corpus, Vocabulary, BOUNDARY};
use crate::data::Rng;
use crate::nn::{math, Network};

/// An item the network wrote, and whether it is one of the training items (copied, not
/// invented).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub copied: bool,
}

/// The probability of each symbol after `context` (k symbols) at `temperature`.
pub fn next_symbols(net: &mut Network, context: &[usize], temperature: f64) -> Vec<f64> {
    net.forward_context(|slot, _| context[slot], 1, None);
    let z = &net.layers[net.layers.len() - 1].z;
    at_temperature(z, temperature)
}

/// pⱼ ∝ e^((zⱼ − m)/T), or for T = 0 (or below) 1 on the first largest zⱼ.
pub fn at_temperature(z: &[f64], temperature: f64) -> Vec<f64> {
    let mut top = 0;
    for (j, &v) in z.iter().enumerate() {
        if v > z[top] {
            top = j;
        }
    }
    if temperature <= 0.0 {
        return (0..z.len())
            .map(|j| f64::from(u8::from(j == top)))
            .collect();
    }
    let m = z[top];
    let mut p: Vec<f64> = z
        .iter()
        .map(|&v| math::exp(((v - m) / temperature).max(-708.0)))
        .collect();
    let sum: f64 = p.iter().sum();
    for q in &mut p {
        *q /= sum;
    }
    p
}

/// Draws a symbol from `p`: the first whose running sum passes a uniform draw.
pub fn draw(p: &[f64], rng: &mut Rng) -> usize {
    let u = rng.next_f64();
    let mut sum = 0.0;
    let mut last = 0;
    for (j, &q) in p.iter().enumerate() {
        if q > 0.0 {
            sum += q;
            last = j;
            if u < sum {
                return j;
            }
        }
    }
    last
}

/// Writes one item: from a context of boundaries, symbol after symbol drawn at
/// `temperature` from `rng`, until the boundary or `max_chars` characters.
pub fn sample(
    net: &mut Network,
    vocabulary: &Vocabulary,
    corpus: &Corpus,
    temperature: f64,
    rng: &mut Rng,
    max_chars: usize,
) -> Written {
    let k = net.embedding.as_ref().map_or(0, |e| e.context);
    let mut context = vec![0; k];
    let mut text = String::new();
    for _ in 0..max_chars {
        let p = next_symbols(net, &context, temperature);
        let next = draw(&p, rng);
        if next == 0 {
            break;
        }
        text.push(vocabulary.symbol(next));
        if k > 0 {
            context.rotate_left(1);
            context[k - 1] = next;
        }
    }
    debug_assert!(!text.contains(BOUNDARY));
    let copied = corpus.is_training_item(&text);
    Written { text, copied }
}
