use super::ngram::{baseline, Counts, ALPHAS};
use super::sample::{at_temperature, draw};
use super::*;
use crate::data::Rng;
use crate::nn::{Activation, Init, Network};

const NAMES: &str = "emma\nolivia\nava\nisabella\nsophia\nmia\namelia\nharper\nevelyn\nabigail\n\
                     emily\nella\nelizabeth\ncamila\nluna\nsofia\navery\nmila\naria\nscarlett\n";

fn names() -> Corpus {
    Corpus::pasted(NAMES).unwrap()
}

#[test]
fn a_pasted_text_is_its_lines_every_tenth_in_dev_and_the_next_in_test() {
    let c = Corpus::pasted(&format!("  {NAMES}\n\n")).unwrap();
    assert_eq!(c.count(TextSplit::Train), 16);
    assert_eq!(
        c.items(TextSplit::Dev).collect::<Vec<_>>(),
        ["evelyn", "aria"]
    );
    assert_eq!(
        c.items(TextSplit::Test).collect::<Vec<_>>(),
        ["abigail", "scarlett"]
    );
    assert!(c.is_training_item("emma") && !c.is_training_item("abigail"));
}

#[test]
fn a_pasted_text_is_refused_with_the_reason_and_its_limit() {
    let key = |text: &str| Corpus::pasted(text).unwrap_err().key;
    assert_eq!(key("emma\nava\n"), "err.textTooShort");
    assert_eq!(key(&"a\n".repeat(60_000)), "err.textTooLong");
    assert_eq!(
        key(&format!("{NAMES}{}\n", "x".repeat(101))),
        "err.textLineLong"
    );
    assert_eq!(key(&format!("{NAMES}st. john\n")), "err.textSymbol");
    assert_eq!(key(&format!("{NAMES}a□b\n")), "err.textSymbol");
    assert_eq!(key(&format!("{NAMES}a\u{7}b\n")), "err.textControl");
    let many: String = (0..210u32)
        .map(|i| char::from_u32(0x4E00 + i).unwrap())
        .collect::<Vec<char>>()
        .chunks(10)
        .map(|c| c.iter().collect::<String>() + "\n")
        .collect();
    let e = Corpus::pasted(&many).unwrap_err();
    assert_eq!(e.key, "err.textDistinct");
    // Exactly at the limits is taken.
    let ok: String = many
        .chars()
        .filter(|&c| c == '\n' || (c as u32) < 0x4E00 + 200)
        .collect();
    assert!(Corpus::pasted(&ok).is_ok());
}

#[test]
fn a_corpus_file_is_lines_of_set_tab_item_and_a_bad_line_is_named() {
    let c = Corpus::parse("train\temma\ntrain\tava\ndev\tmia\ntest\tluna\n").unwrap();
    assert_eq!(c.count(TextSplit::Train), 2);
    assert_eq!(c.count(TextSplit::Dev), 1);
    let e = Corpus::parse("train\temma\nvalid\tava\n").unwrap_err();
    assert_eq!(e.key, "err.corpusLine");
    assert_eq!(
        e.render(crate::i18n::Lang::En),
        "line 2 of the corpus is not “set, a tab, then the item”"
    );
    assert!(Corpus::parse("train\temma\ntrain\t\n").is_err());
    assert!(Corpus::parse("train\te.mma\n").is_err());
    assert!(Corpus::parse("").is_err());
}

#[test]
fn the_vocabulary_is_the_boundary_then_the_characters_and_a_cap_keeps_the_most_frequent() {
    let v = Vocabulary::of(&names(), 100);
    assert_eq!(v.symbol(0), BOUNDARY);
    assert!(!v.is_capped());
    let chars: String = v.symbols()[1..].iter().collect();
    assert_eq!(chars, "abcefhilmnoprstuvyz");
    assert_eq!(v.id('a'), Some(1));
    assert_eq!(v.id('q'), None);
    // Capped at 3: a (19 times), i and l (11) are the most frequent; the rest unknown.
    let v = Vocabulary::of(&names(), 3);
    assert!(v.is_capped());
    assert_eq!(v.symbols(), ['.', UNKNOWN, 'a', 'i', 'l']);
    assert_eq!(v.id('q'), Some(1));
    assert_eq!(v.id('l'), Some(4));
}

#[test]
fn examples_are_each_character_and_the_end_after_k_symbols_of_context() {
    let v = Vocabulary::of(&names(), 100);
    let id = |c| v.id(c).unwrap();
    let ex = Examples::of(["emma"], &v, 3);
    assert_eq!(ex.len(), 5);
    let (e, m, a) = (id('e'), id('m'), id('a'));
    assert_eq!(ex.context_of(0), [0, 0, 0]);
    assert_eq!(ex.context_of(3), [e, m, m]);
    assert_eq!(ex.context_of(4), [m, m, a]);
    assert_eq!(ex.next, [e, m, m, a, 0]);
    assert_eq!(context_of("em", &v, 3), Ok(vec![0, e, m]));
    assert_eq!(context_of("emma", &v, 2), Ok(vec![m, a]));
    assert_eq!(context_of("eq", &v, 3), Err('q'));
}

/// The counts two ways: the model's table, and scanning the padded items for the history
/// followed by the symbol; and the loss from them by hand.
#[test]
fn n_gram_counts_and_losses_equal_a_direct_count() {
    let corpus = names();
    let v = Vocabulary::of(&corpus, 100);
    for order in [2, 3] {
        let counts = Counts::of(&corpus, &v, order);
        let pad = BOUNDARY.to_string().repeat(order - 1);
        let padded: Vec<Vec<char>> = corpus
            .items(TextSplit::Train)
            .map(|i| format!("{pad}{i}{BOUNDARY}").chars().collect())
            .collect();
        let direct = |h: &[char], c: char| -> (u64, u64) {
            let mut both = (0, 0);
            for item in &padded {
                for w in item.windows(order) {
                    if &w[..order - 1] == h {
                        both.0 += 1;
                        both.1 += u64::from(w[order - 1] == c);
                    }
                }
            }
            both
        };
        for &h0 in v.symbols() {
            for &c in v.symbols() {
                let h: Vec<char> = std::iter::repeat_n(BOUNDARY, order - 2)
                    .chain([h0])
                    .collect();
                let ids: Vec<usize> = h.iter().map(|&x| v.id(x).unwrap()).collect();
                assert_eq!(
                    counts.count(&ids, v.id(c).unwrap()),
                    direct(&h, c),
                    "{h:?} {c}"
                );
            }
        }
        let b = baseline(&corpus, &v, order);
        assert!(ALPHAS.contains(&b.alpha));
        let dev = Examples::of(corpus.items(TextSplit::Dev), &v, order - 1);
        let mut by_hand = 0.0;
        for e in 0..dev.len() {
            let (total, n) = counts.count(dev.context_of(e), dev.next[e]);
            let p = (n as f64 + b.alpha) / (total as f64 + b.alpha * v.len() as f64);
            by_hand -= p.ln();
        }
        let by_hand = by_hand / dev.len() as f64;
        assert!(
            (b.dev_loss - by_hand).abs() < 1e-12,
            "{} {by_hand}",
            b.dev_loss
        );
        for alpha in ALPHAS {
            assert!(counts.loss(&dev, alpha) >= b.dev_loss);
        }
    }
}

#[test]
fn temperature_zero_takes_the_likeliest_and_one_is_the_softmax() {
    let z = [0.5, 2.0, -1.0, 2.0];
    assert_eq!(at_temperature(&z, 0.0), [0.0, 1.0, 0.0, 0.0]);
    let p = at_temperature(&z, 1.0);
    assert_eq!(p, crate::nn::reference::softmax(&z));
    let cold = at_temperature(&z, 0.5);
    let hot = at_temperature(&z, 2.0);
    assert!(cold[1] > p[1] && p[1] > hot[1]);
    assert!(cold[2] < p[2] && p[2] < hot[2]);
    let mut rng = Rng::new(4);
    let mut seen = [0; 4];
    for _ in 0..10_000 {
        seen[draw(&p, &mut rng)] += 1;
    }
    for j in 0..4 {
        let share = seen[j] as f64 / 10_000.0;
        assert!((share - p[j]).abs() < 0.02, "{j}: {share} vs {}", p[j]);
    }
}

#[test]
fn samples_replay_from_their_seed_and_at_temperature_zero_are_always_the_same() {
    let corpus = names();
    let v = Vocabulary::of(&corpus, 100);
    let mut rng = Rng::new(3);
    let mut net = Network::text(
        v.len(),
        4,
        3,
        &[16],
        Activation::Tanh,
        Init::Random(&mut rng),
    );
    let write = |net: &mut Network, seed, t| -> Vec<Written> {
        let mut rng = Rng::new(seed);
        (0..5)
            .map(|_| sample(net, &v, &corpus, t, &mut rng, 20))
            .collect()
    };
    assert_eq!(write(&mut net, 9, 1.0), write(&mut net, 9, 1.0));
    assert_ne!(write(&mut net, 9, 1.0), write(&mut net, 10, 1.0));
    let greedy = write(&mut net, 9, 0.0);
    assert!(greedy.iter().all(|w| *w == greedy[0]));
    assert_eq!(greedy, write(&mut net, 11, 0.0));
    for w in write(&mut net, 9, 2.0) {
        assert!(w.text.chars().count() <= 20 && !w.text.contains(BOUNDARY));
    }
    // The probabilities are the network's softmax at T = 1.
    let p = next_symbols(&mut net, &[0, 0, 1], 1.0);
    assert_eq!(p, net.output());
}

/// The shipped corpora are the recorded files (SHA-256), with the counts `SOURCES.md`
/// gives, and the page's check refuses a file changed by one byte.
#[test]
fn the_shipped_corpora_are_the_recorded_files_with_their_counts() {
    let cases = [
        (Shipped::Names, [4131, 516, 516], 27),
        (Shipped::Poems, [1024, 128, 128], 402),
    ];
    for (which, counts, symbols) in cases {
        let path = format!("{}/../data/{}", env!("CARGO_MANIFEST_DIR"), which.file());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(shipped::sha256_hex(&bytes), which.sha256(), "{path}");
        let corpus = shipped::corpus(which).unwrap();
        let got: Vec<usize> = TextSplit::ALL.iter().map(|&s| corpus.count(s)).collect();
        assert_eq!(got, counts, "{which:?}");
        let v = Vocabulary::of(corpus, which.cap());
        assert_eq!(v.len(), symbols, "{which:?}");
        let mut changed = bytes.clone();
        changed[10] ^= 1;
        assert_eq!(
            shipped::install(which, &changed).unwrap_err().key,
            "err.corpusHash"
        );
        assert!(shipped::install(which, &bytes).is_ok());
    }
    let names = shipped::corpus(Shipped::Names).unwrap();
    let chars: String = names.characters().into_iter().collect();
    assert_eq!(chars, "abcdefghijklmnopqrstuvwxyz");
    let all: std::collections::BTreeSet<&str> = TextSplit::ALL
        .iter()
        .flat_map(|&s| names.items(s))
        .collect();
    assert_eq!(all.len(), 5163, "unique names");
    let poems = shipped::corpus(Shipped::Poems).unwrap();
    for split in TextSplit::ALL {
        for poem in poems.items(split) {
            let c: Vec<char> = poem.chars().collect();
            assert_eq!(c.len(), 24, "{poem}");
            assert_eq!(
                (c[5], c[11], c[17], c[23]),
                ('，', '。', '，', '。'),
                "{poem}"
            );
        }
    }
}
