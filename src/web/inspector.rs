//! The worked-example inspector: one sample's forward pass, loss, backward pass and
//! gradient-descent step, every number as MathML (native in browsers: nothing to load),
//! built element by element (never from HTML text). The numbers are `Trainer::inspect`'s,
//! computed by the code that trains.

use super::dom;
use crate::i18n::Lang;
use crate::text;
use crate::train::{Inspection, LayerStep, Objective, Squash};
use crate::walk::Stage;
use web_sys::Element;

mod embedding;
mod image;
mod math;
mod notes;
use math::Math;
use notes::neuron_notes;

const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

/// Layers of more neurons than this show one neuron's row.
pub const WIDE: usize = 4;

/// Numbers as students read them: four decimals, or scientific beyond.
pub fn number(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else if !v.is_finite() {
        "NaN".to_string()
    } else if v.abs() >= 1e-3 && v.abs() < 1e4 {
        format!("{v:.4}")
    } else {
        format!("{v:.3e}")
    }
}

/// The activation as written in the formulas.
fn sigma(activation: Squash) -> &'static str {
    activation.symbol()
}

/// What one layer shows: all its neurons, or only neuron `focus` when wide.
fn rows_of(step: &LayerStep, focus: usize) -> Vec<usize> {
    if step.z.len() > WIDE {
        vec![focus.min(step.z.len().saturating_sub(1))]
    } else {
        (0..step.z.len()).collect()
    }
}

fn pick(values: &[f64], rows: &[usize]) -> Vec<f64> {
    rows.iter().map(|&j| values[j]).collect()
}

fn pick_rows(values: &[Vec<f64>], rows: &[usize]) -> Vec<Vec<f64>> {
    rows.iter().map(|&j| values[j].clone()).collect()
}

/// Fills `container` with the inspection's formulas. `focus` is the neuron shown in wide
/// layers.
pub fn render(
    container: &Element,
    ins: &Inspection,
    focus: usize,
    lang: Lang,
) -> Result<(), String> {
    let document = dom::document()?;
    let m = Math {
        document: &document,
    };
    container.set_text_content(None);
    let section = |title: &str| -> Element {
        let h = document.create_element("h3").expect("h3");
        h.set_text_content(Some(title));
        let _ = container.append_child(&h);
        h
    };
    let note = |text: &str| {
        let p = document.create_element("p").expect("p");
        p.set_class_name("hint");
        p.set_text_content(Some(text));
        let _ = container.append_child(&p);
    };
    let add = |e: Element| {
        let _ = container.append_child(&e);
    };
    let layers = ins.layers.len();
    // A block of a stage of "Step through": highlighted while the graph shows that stage.
    let staged = |e: Element, stage: Stage| {
        let _ = e.set_attribute("data-stage", &stage.index(layers).to_string());
        add(e);
    };

    section(lang.t("insp.forward"));
    // A digit: its 64 pixels as the image X, the first layer's weights as images too; a
    // text's context: its k rows of C as the matrix X, the weights in the same shape.
    let text = ins.text.as_ref();
    let width = match text {
        Some(t) => Some(t.rows.first().map_or(1, Vec::len)),
        None => {
            (ins.input.len() == crate::data::digits::PIXELS).then_some(crate::data::digits::SIDE)
        }
    };
    let image = width.is_some();
    let width = width.unwrap_or(1);
    // The neurons a layer shows: in text mode the output layer shows the character to
    // predict's.
    let shown = |l: usize, step: &LayerStep| match text {
        Some(_) if l + 1 == layers => {
            vec![(ins.label as usize).min(step.z.len().saturating_sub(1))]
        }
        _ => rows_of(step, focus),
    };
    staged(
        match (text, image) {
            (Some(t), _) => m.text_input(t),
            (None, true) => m.block(&[
                m.layered("a", 0),
                m.mo("="),
                m.mi("x"),
                m.mo("="),
                m.mi("vec"),
                m.paren(&[m.mi("X")]),
                m.mo(","),
                m.mi("X"),
                m.mo("="),
                m.image(&ins.input, width),
            ]),
            (None, false) => m.block(&[
                m.layered("a", 0),
                m.mo("="),
                m.mi("x"),
                m.mo("="),
                m.column(&ins.input),
            ]),
        },
        Stage::Inputs,
    );
    match text {
        Some(t) => note(
            &text!(
                "insp.lookup",
                context = t.context.concat(),
                next = t.next.clone(),
                k = t.rows.len(),
                d = width,
                n = ins.input.len()
            )
            .render(lang),
        ),
        None if image => note(lang.t("insp.image")),
        None => {}
    }
    for (l, step) in ins.layers.iter().enumerate() {
        let n = l + 1;
        let rows = shown(l, step);
        let prev: Vec<f64> = if l == 0 {
            ins.input.clone()
        } else {
            ins.layers[l - 1].a.clone()
        };
        if let (Some(t), true) = (text, l + 1 == layers) {
            note(
                &text!(
                    "insp.wideText",
                    layer = n,
                    count = step.z.len(),
                    next = t.next.clone()
                )
                .render(lang),
            );
        } else if rows.len() < step.z.len() {
            note(
                &text!(
                    "insp.wide",
                    layer = n,
                    count = step.z.len(),
                    neuron = rows[0] + 1
                )
                .render(lang),
            );
        }
        if image && l == 0 {
            for &k in &rows {
                staged(
                    m.image_forward(step, &ins.input, k, width),
                    Stage::Forward(l),
                );
            }
        } else {
            staged(
                m.block(&[
                    m.layered("z", n),
                    m.mo("="),
                    m.layered("W", n),
                    m.layered("a", n - 1),
                    m.mo("+"),
                    m.layered("b", n),
                    m.mo("="),
                    m.matrix(&pick_rows(&step.weights, &rows)),
                    m.column(&prev),
                    m.mo("+"),
                    m.column(&pick(&step.bias, &rows)),
                    m.mo("="),
                    m.column(&pick(&step.z, &rows)),
                ]),
                Stage::Forward(l),
            );
        }
        let mut a = vec![
            m.layered("a", n),
            m.mo("="),
            m.mi(sigma(step.activation)),
            m.paren(&[m.layered("z", n)]),
        ];
        if !step.keep.is_empty() {
            // Dropout's factors: a = σ(z) ⊙ k.
            a.extend([
                m.mo("⊙"),
                m.layered("k", n),
                m.mo("="),
                m.column(&pick(&step.activated, &rows)),
                m.mo("⊙"),
                m.column(&pick(&step.keep, &rows)),
            ]);
        }
        a.extend([m.mo("="), m.column(&pick(&step.a, &rows))]);
        staged(m.block(&a), Stage::Forward(l));
        for note_text in neuron_notes(step, n) {
            note(&note_text.render(lang));
        }
    }

    section(lang.t("insp.loss"));
    let out = &ins.layers[layers - 1];
    let a_last = m.layered("a", layers);
    match ins.objective {
        Objective::Squared => staged(
            m.block(&[
                m.mi("L"),
                m.mo("="),
                m.el("mfrac", &[m.text("mn", "1"), m.text("mn", "2")]),
                m.el(
                    "msup",
                    &[
                        m.row(&[m.norm_bar(), a_last, m.mo("−"), m.mi("t"), m.norm_bar()]),
                        m.text("mn", "2"),
                    ],
                ),
                m.mo("="),
                m.el("mfrac", &[m.text("mn", "1"), m.text("mn", "2")]),
                m.el(
                    "msup",
                    &[
                        m.row(&[
                            m.norm_bar(),
                            m.column(&out.a),
                            m.mo("−"),
                            m.column(&ins.target),
                            m.norm_bar(),
                        ]),
                        m.text("mn", "2"),
                    ],
                ),
                m.mo("="),
                m.mn(ins.loss),
            ]),
            Stage::Loss,
        ),
        Objective::BinaryCrossEntropy => staged(
            m.block(&[
                m.mi("L"),
                m.mo("="),
                m.mo("−"),
                m.row(&[
                    m.mo("["),
                    m.mi("t"),
                    m.mi("ln"),
                    a_last.clone(),
                    m.mo("+"),
                    m.paren(&[m.text("mn", "1"), m.mo("−"), m.mi("t")]),
                    m.mi("ln"),
                    m.paren(&[m.text("mn", "1"), m.mo("−"), a_last]),
                    m.mo("]"),
                ]),
                m.mo("="),
                m.mn(ins.loss),
            ]),
            Stage::Loss,
        ),
        Objective::SoftmaxCrossEntropy => staged(
            m.block(&[
                m.mi("L"),
                m.mo("="),
                m.mo("−"),
                m.mi("ln"),
                m.el("msub", &[m.mi("a"), m.mi("y")]),
                m.mo("="),
                m.mo("−"),
                m.mi("ln"),
                m.paren(&[m.mn(out.a.get(ins.label as usize).copied().unwrap_or(f64::NAN))]),
                m.mo("="),
                m.mn(ins.loss),
            ]),
            Stage::Loss,
        ),
    }
    let target = ins.target.iter().map(|&v| number(v)).collect::<Vec<_>>();
    note(
        &if let Some(t) = text {
            text!(
                "insp.targetText",
                next = t.next.clone(),
                others = ins.target.len().saturating_sub(1)
            )
        } else if ins.target.len() == crate::data::digits::CLASSES {
            text!(
                "insp.targetDigits",
                t = target.join(", "),
                digit = ins.label
            )
        } else if ins.target.len() > 1 {
            text!(
                "insp.targetClasses",
                t = target.join(", "),
                class = ins.label + 1.0
            )
        } else {
            text!("insp.target", t = target.join(", "), label = ins.label)
        }
        .render(lang),
    );

    section(lang.t("insp.backward"));
    for l in (0..layers).rev() {
        let step = &ins.layers[l];
        let n = l + 1;
        let rows = shown(l, step);
        let delta = m.column(&pick(&step.delta, &rows));
        if l + 1 == layers {
            let formula =
                if ins.objective == Objective::Squared && step.activation != Squash::Softmax {
                    vec![
                        m.paren(&[m.layered("a", n), m.mo("−"), m.mi("t")]),
                        m.mo("⊙"),
                        m.sigma_prime(step.activation, n),
                    ]
                } else if ins.objective == Objective::Squared {
                    vec![
                        m.mi("J"),
                        m.paren(&[m.layered("a", n), m.mo("−"), m.mi("t")]),
                    ]
                } else {
                    vec![m.layered("a", n), m.mo("−"), m.mi("t")]
                };
            let mut parts = vec![m.layered("δ", n), m.mo("=")];
            parts.extend(formula);
            parts.extend([m.mo("="), delta]);
            staged(m.block(&parts), Stage::Backward(l));
            if ins.objective == Objective::Squared && step.activation == Squash::Softmax {
                note(lang.t("insp.jacobian"));
            }
        } else {
            let mut parts = vec![
                m.layered("δ", n),
                m.mo("="),
                m.paren(&[
                    m.el("msup", &[m.layered("W", n + 1), m.mi("T")]),
                    m.layered("δ", n + 1),
                ]),
            ];
            if !step.keep.is_empty() {
                parts.extend([m.mo("⊙"), m.layered("k", n)]);
            }
            parts.extend([
                m.mo("⊙"),
                m.sigma_prime(step.activation, n),
                m.mo("="),
                delta,
            ]);
            staged(m.block(&parts), Stage::Backward(l));
        }
        if image && l == 0 {
            for &k in &rows {
                staged(m.image_gradient(step, k, width), Stage::Backward(l));
            }
            if let Some(t) = text {
                staged(m.text_input_gradient(t), Stage::Backward(l));
                for row in &t.changed {
                    staged(m.text_row_gradient(row), Stage::Backward(l));
                }
                note(&text!("insp.embeddingGradient", count = step.z.len()).render(lang));
            }
            continue;
        }
        staged(
            m.block(&[
                m.d_loss("W", n),
                m.mo("="),
                m.layered("δ", n),
                m.el("msup", &[m.layered("a", n - 1), m.mi("T")]),
                m.mo("="),
                m.matrix(&pick_rows(&step.grad_weights, &rows)),
                m.mo(","),
                m.d_loss("b", n),
                m.mo("="),
                m.layered("δ", n),
            ]),
            Stage::Backward(l),
        );
    }

    section(&text!("insp.step", rate = number(ins.learning_rate)).render(lang));
    if let Some(t) = text {
        for row in &t.changed {
            staged(m.text_row_step(row, ins.learning_rate), Stage::Update);
        }
    }
    for (l, step) in ins.layers.iter().enumerate() {
        let n = l + 1;
        let rows = shown(l, step);
        // With held parameters the step applies M ⊙ ∂L/∂W (M = 0 where held).
        let gradient = |name: &str| match step.holds {
            true => m.row(&[m.mi("M"), m.mo("⊙"), m.d_loss(name, n)]),
            false => m.d_loss(name, n),
        };
        if image && l == 0 {
            for &k in &rows {
                staged(
                    m.image_step(step, k, ins.learning_rate, width),
                    Stage::Update,
                );
            }
        } else {
            staged(
                m.block(&[
                    m.layered("W", n),
                    m.mo("←"),
                    m.layered("W", n),
                    m.mo("−"),
                    m.mi("η"),
                    gradient("W"),
                    m.mo("="),
                    m.matrix(&pick_rows(&step.weights, &rows)),
                    m.mo("−"),
                    m.mn(ins.learning_rate),
                    m.mo("·"),
                    m.matrix(&pick_rows(&step.step_weights, &rows)),
                    m.mo("="),
                    m.matrix(&pick_rows(&step.weights_after, &rows)),
                ]),
                Stage::Update,
            );
        }
        staged(
            m.block(&[
                m.layered("b", n),
                m.mo("←"),
                m.column(&pick(&step.bias, &rows)),
                m.mo("−"),
                m.mn(ins.learning_rate),
                m.mo("·"),
                m.column(&pick(&step.step_bias, &rows)),
                m.mo("="),
                m.column(&pick(&step.bias_after, &rows)),
            ]),
            Stage::Update,
        );
        if step.holds {
            note(lang.t("insp.held"));
        }
    }
    Ok(())
}

/// Highlights the worked example's blocks of walk stage `stage` (its number), and no
/// others.
pub fn mark_stage(container: &Element, stage: Option<usize>) {
    let Ok(blocks) = container.query_selector_all("[data-stage]") else {
        return;
    };
    let current = stage.map(|k| k.to_string());
    for k in 0..blocks.length() {
        if let Some(block) = blocks
            .item(k)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
        {
            let on = current.is_some() && block.get_attribute("data-stage") == current;
            let _ = block.class_list().toggle_with_force("walk-current", on);
        }
    }
}
