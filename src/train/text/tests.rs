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
