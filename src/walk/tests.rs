use super::*;
use crate::config::Config;
use crate::train::Trainer;
use serde_json::json;

fn inspection(patch: serde_json::Value) -> Inspection {
    let config = Config::default().with_patch(&patch).unwrap();
    let mut t = Trainer::new(config).unwrap();
    t.step_epochs(20);
    t.inspect(7).unwrap()
}

#[test]
fn the_stages_go_forward_layer_by_layer_then_back_from_the_output() {
    let names: Vec<Stage> = (0..Stage::count(3))
        .map(|k| Stage::at(k, 3).unwrap())
        .collect();
    use Stage::*;
    assert_eq!(
        names,
        [
            Inputs,
            Forward(0),
            Forward(1),
            Forward(2),
            Loss,
            Backward(2),
            Backward(1),
            Backward(0),
            Update
        ]
    );
    for (k, stage) in names.iter().enumerate() {
        assert_eq!(stage.index(3), k);
    }
    assert_eq!(Stage::at(Stage::count(3), 3), None);
    assert_eq!(Stage::count(1), 5);
}

#[test]
fn every_number_the_graph_shows_is_the_worked_examples() {
    let ins = inspection(json!({"networkShape": [3, 2], "dataset": "xor"}));
    let layers = ins.layers.len();
    let mut p = WalkPicture::default();
    // The nodes of a column: 0 the inputs, l + 1 layer l.
    let nodes_of = |p: &WalkPicture, column: usize| -> Vec<Option<f64>> {
        let (start, len) = match column {
            0 => (0, ins.input.len()),
            c => (
                ins.input.len() + ins.layers[..c - 1].iter().map(|l| l.a.len()).sum::<usize>(),
                ins.layers[c - 1].a.len(),
            ),
        };
        p.nodes[start..start + len]
            .iter()
            .map(|n| n.map(|(v, _)| v))
            .collect()
    };
    let some = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
    let none = |n: usize| vec![None; n];
    for k in 0..Stage::count(layers) {
        let stage = Stage::at(k, layers).unwrap();
        p.fill(&ins, stage);
        let n_nodes = ins.input.len() + ins.layers.iter().map(|l| l.a.len()).sum::<usize>();
        assert_eq!(p.nodes.len(), n_nodes, "{stage:?}");
        let inputs = nodes_of(&p, 0);
        if stage == Stage::Update {
            assert_eq!(inputs, none(ins.input.len()));
        } else {
            assert_eq!(inputs, some(&ins.input), "{stage:?}");
        }
        let mut link = 0;
        for (l, step) in ins.layers.iter().enumerate() {
            let shown = nodes_of(&p, l + 1);
            let links: Vec<Option<f64>> =
                p.links[link..link + step.weights.len() * step.weights[0].len()].to_vec();
            link += links.len();
            let weights: Vec<f64> = step.weights.iter().flatten().copied().collect();
            let grads: Vec<f64> = step.grad_weights.iter().flatten().copied().collect();
            let after: Vec<f64> = step.weights_after.iter().flatten().copied().collect();
            let (want_nodes, want_links) = match stage {
                Stage::Inputs => (none(step.a.len()), none(weights.len())),
                Stage::Forward(f) if l <= f => (some(&step.a), some(&weights)),
                Stage::Forward(_) => (none(step.a.len()), none(weights.len())),
                Stage::Loss if l + 1 == layers => (some(&ins.target), some(&weights)),
                Stage::Loss => (some(&step.a), some(&weights)),
                Stage::Backward(b) if l >= b => {
                    let largest = grads.iter().fold(0.0, |m: f64, g| m.max(g.abs()));
                    let scaled: Vec<f64> = grads.iter().map(|g| g * (3.0 / largest)).collect();
                    (some(&step.delta), some(&scaled))
                }
                Stage::Backward(_) => (some(&step.a), none(weights.len())),
                Stage::Update => (some(&step.bias_after), some(&after)),
            };
            assert_eq!(shown, want_nodes, "{stage:?} layer {l}");
            assert_eq!(links, want_links, "{stage:?} layer {l}");
        }
        assert_eq!(link, p.links.len());
        // Every colour is within the palette's range and keeps the number's sign.
        for (v, c) in p.nodes.iter().flatten() {
            assert!(
                (-1.0..=1.0).contains(c) && v.signum() == c.signum() || *v == 0.0,
                "{v} {c}"
            );
        }
    }
}

#[test]
fn the_captions_carry_the_stages_numbers() {
    let ins = inspection(json!({"networkShape": [2]}));
    let caption = |stage| Stage::caption(stage, &ins).to_string();
    assert!(caption(Stage::Inputs).contains(&short(ins.input[0])));
    assert!(caption(Stage::Forward(0)).contains("tanh"));
    assert!(caption(Stage::Loss).contains(&short(ins.loss)));
    assert!(caption(Stage::Backward(1)).contains(&short(ins.layers[1].delta[0])));
    assert!(caption(Stage::Update).contains(&short(ins.learning_rate)));
    assert!(caption(Stage::Update).starts_with("Step 7 of 7"));
}

#[test]
fn short_numbers_fit_a_node() {
    for (v, s) in [
        (0.0, "0"),
        (0.12345, "0.123"),
        (-0.0004567, "-4.6e-4"),
        (4.56789, "4.57"),
        (-42.42, "-42.4"),
        (512.3, "512"),
        (12345.0, "1.2e4"),
    ] {
        assert_eq!(short(v), s);
    }
}

/// Text mode: the inputs name the context looked up, a layer of 200 is listed by its ends
/// and its length, the loss is −ln of the next character's probability, and the update
/// names the rows of C; in both languages.
#[test]
fn text_mode_captions_name_the_context_and_the_next_characters_probability() {
    let mut config = Config::default();
    config.set_up_text(crate::data::Dataset::Names);
    let mut t = Trainer::new(config).unwrap();
    t.step_batches_while(|done| done < 20);
    let ins = t.inspect(3).unwrap();
    let text = ins.text.clone().unwrap();
    let caption = |stage: Stage, lang| stage.caption(&ins).render(lang);
    let context = text.context.concat();
    let en = crate::i18n::Lang::En;
    let inputs = caption(Stage::Inputs, en);
    assert!(inputs.contains(&format!("“{context}”")), "{inputs}");
    assert!(inputs.contains("(30 numbers)"), "{inputs}");
    assert!(inputs.contains(&short(ins.input[0])), "{inputs}");
    let hidden = caption(Stage::Forward(0), en);
    assert!(hidden.contains("(200 numbers)"), "{hidden}");
    assert!(hidden.contains(&short(ins.layers[0].a[199])), "{hidden}");
    assert!(hidden.len() < 300, "{hidden}");
    let out = &ins.layers[1].a;
    let p = out[ins.label as usize];
    assert!(
        (-p.ln() - ins.loss).abs() < 1e-12,
        "the loss is −ln p of the next character"
    );
    let loss = caption(Stage::Loss, en);
    assert!(loss.contains(&format!("“{}”", text.next)), "{loss}");
    assert!(
        loss.contains(&format!("−ln {} = {}", short(p), short(ins.loss))),
        "{loss}"
    );
    assert!(caption(Stage::Update, en).contains("C[c] − η·∂L/∂C[c]"));
    let zh = caption(Stage::Forward(0), crate::i18n::Lang::Zh);
    assert!(zh.contains("（共 200 个数）"), "{zh}");
    assert!(caption(Stage::Loss, crate::i18n::Lang::Zh).contains("−ln"));
}
