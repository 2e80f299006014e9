//! "Step through": one sample's update, walked in stages on the network graph. Forward,
//! layer by layer (each neuron shows the sample's activation a); the loss; backward, from
//! the output (each neuron's δ = ∂L/∂z, each link's ∂L/∂w); the update (the links at their
//! new weights, the neurons at their new biases).
//!
//! What the graph shows at a stage is computed here from the worked example's
//! `Inspection` (`Trainer::inspect`, the code that trains): the walk computes nothing of
//! its own, it only picks which of those numbers each node and link shows.

use crate::i18n::Text;
use crate::text;
use crate::train::Inspection;

/// One stage of the walk through a network of `layers` layers (hidden and output);
/// layers are numbered from 0 (the page says layer 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The sample's inputs: a⁽⁰⁾ = x.
    Inputs,
    /// Layer l's z = W·a + b and a = σ(z).
    Forward(usize),
    /// The loss of the output against the target (the output neurons show t).
    Loss,
    /// Layer l's δ, and the ∂L/∂W, ∂L/∂b of the links into it (the output first).
    Backward(usize),
    /// W ← W − η·∂L/∂W and b ← b − η·∂L/∂b, every layer.
    Update,
}

impl Stage {
    /// How many stages a network of `layers` layers has: the inputs, one forward stage
    /// per layer, the loss, one backward stage per layer, the update.
    pub fn count(layers: usize) -> usize {
        2 * layers + 3
    }

    /// Stage `k` (from 0) of a network of `layers` layers.
    pub fn at(k: usize, layers: usize) -> Option<Stage> {
        let stage = match k {
            0 => Stage::Inputs,
            k if k <= layers => Stage::Forward(k - 1),
            k if k == layers + 1 => Stage::Loss,
            k if k <= 2 * layers + 1 => Stage::Backward(2 * layers + 1 - k),
            k if k == 2 * layers + 2 => Stage::Update,
            _ => return None,
        };
        Some(stage)
    }

    /// This stage's number (from 0) in a network of `layers` layers (`at`'s inverse).
    pub fn index(self, layers: usize) -> usize {
        match self {
            Stage::Inputs => 0,
            Stage::Forward(l) => l + 1,
            Stage::Loss => layers + 1,
            Stage::Backward(l) => 2 * layers + 1 - l,
            Stage::Update => 2 * layers + 2,
        }
    }

    /// The stage's name in the JS API: "inputs", "forward", "loss", "backward", "update".
    pub fn kind(self) -> &'static str {
        match self {
            Stage::Inputs => "inputs",
            Stage::Forward(_) => "forward",
            Stage::Loss => "loss",
            Stage::Backward(_) => "backward",
            Stage::Update => "update",
        }
    }

    /// The layer a forward or backward stage is at.
    pub fn layer(self) -> Option<usize> {
        match self {
            Stage::Forward(l) | Stage::Backward(l) => Some(l),
            _ => None,
        }
    }

    /// What the stage shows, in words with its numbers (`k` of `count`, from 1). A list
    /// of more than `LISTED` numbers is shown by its ends and its length; in text mode the
    /// inputs name the context looked up, the loss the next character's probability.
    pub fn caption(self, ins: &Inspection) -> Text {
        let layers = ins.layers.len();
        let (k, count) = (self.index(layers) + 1, Stage::count(layers));
        let text = ins.text.as_ref();
        let context = text.map(|t| t.context.concat()).unwrap_or_default();
        match self {
            Stage::Inputs if text.is_some() => {
                let caption = text!("walk.inputsText", k = k, count = count, context = context);
                listed(caption, "x", &ins.input)
            }
            Stage::Inputs => listed(text!("walk.inputs", k = k, count = count), "x", &ins.input),
            Stage::Forward(l) => {
                let step = &ins.layers[l];
                let sigma = step.activation.symbol();
                let caption = text!(
                    "walk.forward",
                    k = k,
                    count = count,
                    layer = l + 1,
                    sigma = sigma
                );
                listed(caption, "a", &step.a)
            }
            Stage::Loss => match text {
                Some(t) => {
                    let out = &ins.layers[layers - 1].a;
                    let p = out.get(ins.label as usize).copied().unwrap_or(f64::NAN);
                    text!(
                        "walk.lossText",
                        k = k,
                        count = count,
                        next = t.next.clone(),
                        p = short(p),
                        loss = short(ins.loss)
                    )
                }
                None => {
                    let caption = text!("walk.loss", k = k, count = count, loss = short(ins.loss));
                    listed(
                        listed(caption, "a", &ins.layers[layers - 1].a),
                        "t",
                        &ins.target,
                    )
                }
            },
            Stage::Backward(l) => {
                let caption = text!("walk.backward", k = k, count = count, layer = l + 1);
                listed(caption, "delta", &ins.layers[l].delta)
            }
            Stage::Update if text.is_some() => text!(
                "walk.updateText",
                k = k,
                count = count,
                context = context,
                rate = short(ins.learning_rate)
            ),
            Stage::Update => text!(
                "walk.update",
                k = k,
                count = count,
                rate = short(ins.learning_rate)
            ),
        }
    }
}

/// The most numbers a caption lists one by one.
pub const LISTED: usize = 12;

/// `caption` with `{name}` filled by `values` as nodes show them: all of them, or when
/// there are more than `LISTED`, the first eight, "…", the last two and how many.
fn listed(caption: Text, name: &'static str, values: &[f64]) -> Text {
    let join = |values: &[f64]| {
        values
            .iter()
            .map(|&v| short(v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if values.len() <= LISTED {
        return caption.arg(name, join(values));
    }
    caption.sub(
        name,
        text!(
            "walk.longList",
            first = join(&values[..8]),
            last = join(&values[values.len() - 2..]),
            n = values.len()
        ),
    )
}

/// A number as a node shows it: three significant digits (at most five characters in
/// [0.001, 1000)), scientific beyond.
pub fn short(v: f64) -> String {
    let decimals = match v.abs() {
        m if (100.0..1000.0).contains(&m) => Some(0),
        m if (10.0..100.0).contains(&m) => Some(1),
        m if (1.0..10.0).contains(&m) => Some(2),
        m if (0.001..1.0).contains(&m) => Some(3),
        _ => None,
    };
    match decimals {
        _ if v == 0.0 => "0".to_string(),
        _ if !v.is_finite() => "NaN".to_string(),
        Some(d) => format!("{v:.d$}"),
        None => format!("{v:.1e}"),
    }
}

/// What the graph shows at one stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WalkPicture {
    /// Every node, the inputs then each layer's neurons: the number it shows and its
    /// colour in [−1, 1]; `None` where the walk has not reached it (drawn blank).
    pub nodes: Vec<Option<(f64, f64)>>,
    /// Every link, layer by layer in `weights[j * n_in + i]`'s order: the value drawn as
    /// its colour and width (a weight, or a gradient scaled so the layer's largest is
    /// drawn as 3); `None` where the walk has not reached it (drawn faded).
    pub links: Vec<Option<f64>>,
    /// The column the stage is at (0: the inputs, l + 1: layer l), drawn framed.
    pub column: usize,
}

/// Colours of a column of values: the values themselves where they fit [−1, 1], else
/// divided by the largest size (so the column keeps its signs and proportions).
fn colours_of(values: &[f64], relative: bool) -> impl Iterator<Item = (f64, f64)> + '_ {
    let largest = values.iter().fold(0.0, |m: f64, v| m.max(v.abs()));
    let scale = if relative || largest > 1.0 {
        largest
    } else {
        1.0
    };
    values
        .iter()
        .map(move |&v| (v, if scale > 0.0 { v / scale } else { 0.0 }))
}

impl WalkPicture {
    /// The picture of `stage` of `ins` (refilled: its vectors are reused).
    pub fn fill(&mut self, ins: &Inspection, stage: Stage) {
        let layers = ins.layers.len();
        self.nodes.clear();
        self.links.clear();
        // What each layer's neurons show: (a, or δ, or b after; shown at all).
        let a_up_to = match stage {
            Stage::Inputs => None,
            Stage::Forward(l) => Some(l),
            Stage::Loss => Some(layers - 1),
            // Left of the layer going backward: the forward pass's a, which its links'
            // gradients multiply.
            Stage::Backward(l) => l.checked_sub(1),
            Stage::Update => None,
        };
        // The inputs are a⁽⁰⁾: shown from the start, and while going backward (the links'
        // ∂L/∂w = δ·a of the node they come from).
        let inputs_shown = stage != Stage::Update;
        self.column = match stage {
            Stage::Inputs => 0,
            Stage::Forward(l) | Stage::Backward(l) => l + 1,
            Stage::Loss | Stage::Update => layers,
        };
        if inputs_shown {
            self.nodes.extend(colours_of(&ins.input, false).map(Some));
        } else {
            self.nodes.extend(ins.input.iter().map(|_| None));
        }
        for (l, step) in ins.layers.iter().enumerate() {
            match stage {
                // The loss: the output neurons show the target t they are measured
                // against (they showed a the stage before).
                Stage::Loss if l + 1 == layers => {
                    self.nodes.extend(colours_of(&ins.target, false).map(Some));
                }
                Stage::Backward(b) if l >= b => {
                    self.nodes.extend(colours_of(&step.delta, true).map(Some));
                }
                Stage::Update => {
                    self.nodes
                        .extend(colours_of(&step.bias_after, false).map(Some));
                }
                _ if a_up_to.is_some_and(|up| l <= up) => {
                    self.nodes.extend(colours_of(&step.a, false).map(Some));
                }
                _ => self.nodes.extend(step.a.iter().map(|_| None)),
            }
            let weights = step.weights.iter().flatten().copied();
            match stage {
                Stage::Backward(b) if l >= b => {
                    let grads = step.grad_weights.iter().flatten();
                    let largest = grads.clone().fold(0.0, |m: f64, g| m.max(g.abs()));
                    let scale = if largest > 0.0 { 3.0 / largest } else { 0.0 };
                    self.links.extend(grads.map(|g| Some(g * scale)));
                }
                Stage::Update => {
                    self.links
                        .extend(step.weights_after.iter().flatten().map(|&w| Some(w)));
                }
                Stage::Forward(f) if l <= f => self.links.extend(weights.map(Some)),
                Stage::Loss => self.links.extend(weights.map(Some)),
                _ => self.links.extend(weights.map(|_| None)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
