use super::*;
use crate::data::text::TextSplit;

fn names_config() -> Config {
    let mut c = Config::default();
    c.set_up_text(Dataset::Names);
    c
}

#[test]
fn the_names_are_examples_of_three_symbols_and_the_dev_names_the_test_set() {
    let t = Trainer::new(names_config()).unwrap();
    let data = t.text().unwrap();
    assert_eq!(data.vocabulary.len(), 27);
    let corpus = &data.corpus;
    let letters: usize = corpus.items(TextSplit::Train).map(|n| n.len() + 1).sum();
    let dev: usize = corpus.items(TextSplit::Dev).map(|n| n.len() + 1).sum();
    assert_eq!(t.train.len(), letters);
    assert_eq!(t.test.len(), dev);
    assert_eq!(t.train_inputs.len(), 3 * letters);
    // makemore's model: 27·10 + 30·200 + 200 + 200·27 + 27 parameters.
    assert_eq!(t.network.param_count(), 11_897);
    // At epoch 0 the network knows nothing: no better than a uniform guess.
    assert!(t.train_loss() > 27f64.ln(), "{}", t.train_loss());
    // The counted models: the trigram beats the bigram, which beats a uniform guess.
    assert!(data.trigram.dev_loss < data.bigram.dev_loss);
    assert!(data.bigram.dev_loss < 27f64.ln());
}

/// A learning test (not a timing): makemore's model on the census names passes the
/// counted trigram's dev loss.
#[test]
fn the_network_learns_to_predict_names_better_than_counting() {
    let mut t = Trainer::new(names_config()).unwrap();
    let trigram = t.text().unwrap().trigram.dev_loss;
    let start = t.test_loss();
    let mut epochs = 0;
    while t.test_loss() >= trigram && epochs < 30 {
        t.step_epoch();
        epochs += 1;
    }
    assert!(
        t.test_loss() < trigram,
        "after {epochs} epochs the dev loss {} (from {start}) is not below the trigram's {trigram}",
        t.test_loss()
    );
    eprintln!(
        "dev loss {} < trigram {trigram} after {epochs} epochs",
        t.test_loss()
    );
    // It writes names: mostly letters, ended by the boundary, some invented.
    let written = t.write(20, 1.0);
    assert!(
        written
            .iter()
            .filter(|w| !w.copied && w.text.len() >= 2)
            .count()
            >= 10
    );
}

/// The worked example in text mode: the rows looked up are C's, ∂L/∂x is (W⁽¹⁾)ᵀδ⁽¹⁾,
/// each changed row's gradient is the sum of its slots' (a repeated symbol's twice),
/// matches finite differences, and the step applied leaves C's rows as shown.
#[test]
fn the_worked_example_shows_the_rows_looked_up_and_the_rows_the_step_changes() {
    let mut t = Trainer::new(names_config()).unwrap();
    for _ in 0..2 {
        t.step_epoch();
    }
    let k = 3;
    let d = t.config.experiment.embedding;
    // Sample 0 reads "..." (one symbol three times); find one of three different symbols.
    let distinct = (0..t.train.len())
        .find(|&s| {
            let ids = &t.train_inputs[s * k..(s + 1) * k];
            ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]
        })
        .unwrap();
    for sample in [0, distinct] {
        let ins = t.inspect(sample).unwrap();
        let text = ins.text.as_ref().unwrap();
        let vocabulary = &t.text().unwrap().vocabulary;
        let ids: Vec<usize> = t.train_inputs[sample * k..(sample + 1) * k]
            .iter()
            .map(|&c| c as usize)
            .collect();
        let table = &t.network.embedding.as_ref().unwrap().table;
        assert_eq!(text.next, vocabulary.symbol(ins.label as usize).to_string());
        for (slot, &c) in ids.iter().enumerate() {
            assert_eq!(text.context[slot], vocabulary.symbol(c).to_string());
            assert_eq!(text.rows[slot], table[c * d..(c + 1) * d]);
        }
        // ∂L/∂x = (W⁽¹⁾)ᵀ δ⁽¹⁾, summed over the first layer's neurons in order.
        let first = &ins.layers[0];
        for i in 0..k * d {
            let mut sum = 0.0;
            for (w, delta) in first.weights.iter().zip(&first.delta) {
                sum += w[i] * delta;
            }
            assert_eq!(text.grad_rows[i / d][i % d].to_bits(), sum.to_bits());
        }
        let expected_rows = if sample == 0 { 1 } else { 3 };
        assert_eq!(text.changed.len(), expected_rows);
        for row in &text.changed {
            for e in 0..d {
                let sum = row
                    .slots
                    .iter()
                    .fold(0.0, |s, &slot| s + text.grad_rows[slot][e]);
                assert_eq!(row.grad[e].to_bits(), sum.to_bits());
                let stepped = row.before[e] - ins.learning_rate * row.grad[e];
                assert!((row.after[e] - stepped).abs() <= 1e-15, "{row:?}");
            }
        }
        // Finite differences of the sample's loss in the first changed row.
        let c = ids[0];
        let h = 1e-6;
        for e in 0..d {
            let at = |t: &mut Trainer, v: f64| {
                t.network.embedding.as_mut().unwrap().table[c * d + e] = v;
                t.inspect(sample).unwrap().loss
            };
            let v = text.changed[0].before[e];
            let numeric = (at(&mut t, v + h) - at(&mut t, v - h)) / (2.0 * h);
            at(&mut t, v);
            let analytic = text.changed[0].grad[e];
            assert!(
                (numeric - analytic).abs() <= 1e-6 * (1.0 + analytic.abs()),
                "∂L/∂C[{c}][{e}]: {numeric} against {analytic}"
            );
        }
        // The step applied: C's rows are the ones shown after it.
        let shown = ins.text.clone().unwrap();
        t.apply_inspected(sample).unwrap();
        let table = &t.network.embedding.as_ref().unwrap().table;
        for (row, &c) in shown.changed.iter().zip(&ids) {
            assert_eq!(row.after, table[c * d..(c + 1) * d]);
        }
    }
}
