//! HTML controls laid over the network graph: a button on each input neuron (switching
//! its feature on or off), + and − buttons above each hidden layer, an activation picker
//! and a dropout rate under each hidden layer, the hover card that shows a weight or bias
//! (live) and lets the user type a new one, and a hidden neuron's menu (on, off, frozen). Form controls, not canvas hit-testing, so they work with a
//! keyboard and a screen reader too.

use super::dom::{self, TextSlot};
use super::views::graph::{Geometry, Target};
use crate::config::{NeuronState, MAX_HIDDEN_LAYERS};
use crate::data::Feature;
use crate::i18n::{Lang, Text};
use crate::names::Choice;
use crate::nn::Activation;
use crate::text;
use strum::VariantArray;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

pub struct Overlay {
    /// One per feature, in `Feature::ALL`'s order.
    pub inputs: Vec<HtmlButtonElement>,
    /// Per hidden layer: (add a neuron, remove a neuron).
    pub neurons: Vec<(HtmlButtonElement, HtmlButtonElement)>,
    /// Per hidden layer: its activation (in the row under the graph).
    pub activations: Vec<HtmlSelectElement>,
    /// Per hidden layer: its dropout rate (in the row under the activations).
    pub dropouts: Vec<HtmlInputElement>,
    pub card: HtmlElement,
    /// A hidden neuron's menu: its title, and on, off, frozen (`NeuronState`'s order).
    pub menu: HtmlElement,
    menu_title: TextSlot,
    pub menu_buttons: [HtmlButtonElement; 3],
    card_text: TextSlot,
    pub edit: HtmlInputElement,
    /// What the buttons were last placed for (graph size, shape, what is hidden).
    placed: Vec<usize>,
    lang: Lang,
}

fn button(class: &str, text: &str) -> Result<HtmlButtonElement, String> {
    let b: HtmlButtonElement = dom::document()?
        .create_element("button")
        .map_err(|_| "cannot create a button")?
        .dyn_into()
        .map_err(|_| "cannot create a button")?;
    b.set_type("button");
    b.set_class_name(class);
    b.set_text_content(Some(text));
    Ok(b)
}

fn place(element: &HtmlElement, left: f64, top: f64, size: Option<f64>) {
    let style = element.style();
    let _ = style.set_property("left", &format!("{left:.1}px"));
    let _ = style.set_property("top", &format!("{top:.1}px"));
    if let Some(size) = size {
        let _ = style.set_property("width", &format!("{size:.1}px"));
        let _ = style.set_property("height", &format!("{size:.1}px"));
    }
}

impl Overlay {
    pub fn new(container_id: &str) -> Result<Overlay, String> {
        let container: HtmlElement = dom::by_id(container_id)?;
        let mut inputs = Vec::new();
        for f in Feature::ALL {
            let b = button("input-toggle", "")?;
            b.set_id(&format!("input-{}", crate::config::Config::feature_key(f)));
            let _ = container.append_child(&b);
            inputs.push(b);
        }
        let mut neurons = Vec::new();
        for l in 0..MAX_HIDDEN_LAYERS {
            let add = button("round small", "+")?;
            let remove = button("round small", "−")?;
            add.set_id(&format!("add-neuron-{}", l + 1));
            remove.set_id(&format!("remove-neuron-{}", l + 1));
            let _ = container.append_child(&add);
            let _ = container.append_child(&remove);
            neurons.push((add, remove));
        }
        let row: HtmlElement = dom::by_id("layer-activations")?;
        let mut activations = Vec::new();
        for l in 0..MAX_HIDDEN_LAYERS {
            let select: HtmlSelectElement = dom::document()?
                .create_element("select")
                .map_err(|_| "cannot create a select")?
                .dyn_into()
                .map_err(|_| "cannot create a select")?;
            select.set_id(&format!("activation-{}", l + 1));
            for a in Activation::VARIANTS {
                let option = dom::document()?
                    .create_element("option")
                    .map_err(|_| "cannot create an option")?;
                let _ = option.set_attribute("value", a.name());
                let _ = select.append_child(&option);
            }
            let _ = row.append_child(&select);
            activations.push(select);
        }
        let row: HtmlElement = dom::by_id("layer-dropouts")?;
        let mut dropouts = Vec::new();
        for l in 0..MAX_HIDDEN_LAYERS {
            let input: HtmlInputElement = dom::document()?
                .create_element("input")
                .map_err(|_| "cannot create an input")?
                .dyn_into()
                .map_err(|_| "cannot create an input")?;
            input.set_type("number");
            input.set_id(&format!("dropout-{}", l + 1));
            input.set_min("0");
            input.set_max(&crate::config::MAX_DROPOUT.to_string());
            input.set_step("0.05");
            let _ = row.append_child(&input);
            dropouts.push(input);
        }
        Ok(Overlay {
            inputs,
            neurons,
            activations,
            dropouts,
            menu: dom::by_id("neuron-menu")?,
            menu_title: TextSlot::new("neuron-menu-title")?,
            menu_buttons: [
                dom::by_id("neuron-on")?,
                dom::by_id("neuron-off")?,
                dom::by_id("neuron-freeze")?,
            ],
            card: dom::by_id("hover-card")?,
            card_text: TextSlot::new("hover-text")?,
            edit: dom::by_id("hover-edit")?,
            placed: Vec::new(),
            lang: Lang::En,
        })
    }

    /// Labels the buttons in `lang` (the inputs' at the next placing).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        self.placed.clear();
        for (l, select) in self.activations.iter().enumerate() {
            let label = text!("tip.layerActivation", layer = l + 1).render(lang);
            let _ = select.set_attribute("aria-label", &label);
            let _ = select.set_attribute("title", &label);
            for (k, &a) in Activation::VARIANTS.iter().enumerate() {
                if let Some(option) = select.item(k as u32) {
                    option.set_text_content(Some(&activation_label(a, lang)));
                }
            }
        }
        for (l, input) in self.dropouts.iter().enumerate() {
            let label = text!("tip.layerDropout", layer = l + 1).render(lang);
            let _ = input.set_attribute("aria-label", &label);
            let _ = input.set_attribute("title", &label);
        }
        for (l, (add, remove)) in self.neurons.iter().enumerate() {
            for (b, key) in [(add, "tip.addNeuron"), (remove, "tip.removeNeuron")] {
                let label = text!(key, layer = l + 1).render(lang);
                let _ = b.set_attribute("aria-label", &label);
                let _ = b.set_attribute("title", &label);
            }
        }
    }

    /// Places the buttons over the graph of `size` CSS pixels as `graph` arranges it;
    /// touches the page only when the layout changed.
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        &mut self,
        graph: &Geometry,
        size: (f64, f64),
        (shape, max_neurons): (&[usize], usize),
        active: &[Feature],
        features_hidden: bool,
        layers_hidden: bool,
        (activations, activation_hidden): (&[Activation], bool),
        (dropouts, dropout_hidden): (&[f64], bool),
    ) {
        let key = [
            size.0 as usize,
            size.1 as usize,
            usize::from(features_hidden),
            usize::from(layers_hidden),
            usize::from(activation_hidden),
            usize::from(dropout_hidden),
            max_neurons,
        ]
        .into_iter()
        .chain(shape.iter().copied())
        .chain(activations.iter().map(|&a| a as usize))
        .chain(dropouts.iter().map(|&p| p.to_bits() as usize))
        .chain([usize::MAX])
        .chain(active.iter().map(|&f| f as usize));
        // Compared without collecting: nothing is allocated in a frame where nothing moved.
        if key.clone().eq(self.placed.iter().copied()) {
            return;
        }
        self.placed.clear();
        self.placed.extend(key);
        for (f, b) in Feature::ALL.iter().zip(&self.inputs) {
            let on = active.contains(f);
            let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
            let label = text!(
                if on { "ui.inputOn" } else { "ui.inputOff" },
                feature = f.label()
            )
            .render(self.lang);
            let _ = b.set_attribute("aria-label", &label);
            let _ = b.set_attribute("title", &label);
            b.set_hidden(features_hidden);
            if let Some((x, y, size)) = graph.input_box(*f) {
                place(b, x, y, Some(size));
            }
        }
        for (l, (add, remove)) in self.neurons.iter().enumerate() {
            let exists = l < shape.len();
            add.set_hidden(!exists || layers_hidden);
            remove.set_hidden(!exists || layers_hidden);
            if !exists {
                continue;
            }
            add.set_disabled(shape[l] >= max_neurons);
            remove.set_disabled(shape[l] <= 1);
            if let Some((centre, _)) = graph.column_centre(l + 1) {
                place(add, centre - 22.0, 20.0, None);
                place(remove, centre + 2.0, 20.0, None);
            }
        }
        for (l, select) in self.activations.iter().enumerate() {
            let shown = activations.get(l).filter(|_| !activation_hidden);
            select.set_hidden(shown.is_none());
            let (Some(&a), Some((centre, _))) = (shown, graph.column_centre(l + 1)) else {
                continue;
            };
            select.set_value(a.name());
            // Centred under its column (the row is as wide as the graph).
            place(select.unchecked_ref(), centre - 38.0, 0.0, None);
        }
        for (l, input) in self.dropouts.iter().enumerate() {
            let shown = dropouts.get(l).filter(|_| !dropout_hidden);
            input.set_hidden(shown.is_none());
            let (Some(&p), Some((centre, _))) = (shown, graph.column_centre(l + 1)) else {
                continue;
            };
            // Not while the class types in it.
            if dom::document()
                .ok()
                .and_then(|d| d.active_element())
                .as_ref()
                != Some(input.unchecked_ref())
            {
                input.set_value(&crate::i18n::number(p));
            }
            place(input.unchecked_ref(), centre - 38.0, 0.0, None);
        }
    }

    /// Places and fills every control again at the next `place`.
    pub fn replace(&mut self) {
        self.placed.clear();
    }

    /// Opens hidden layer `l`'s neuron `j`'s menu (both from 0) at (x, y) on the graph,
    /// its present state pressed; `focus`: the first button takes the keys.
    pub fn open_menu(
        &self,
        (l, j): (usize, usize),
        state: NeuronState,
        at: (f64, f64),
        focus: bool,
    ) {
        self.menu_title
            .set(&text!("ui.neuronMenu", neuron = j + 1, layer = l + 1).render(self.lang));
        let states = [NeuronState::On, NeuronState::Off, NeuronState::Frozen];
        for (b, s) in self.menu_buttons.iter().zip(states) {
            let _ = b.set_attribute("aria-pressed", if s == state { "true" } else { "false" });
        }
        place(&self.menu, at.0, at.1, None);
        self.menu.set_hidden(false);
        if focus {
            let pressed = states.iter().position(|&s| s == state).unwrap_or(0);
            let _ = self.menu_buttons[pressed].focus();
        }
    }

    pub fn close_menu(&self) {
        self.menu.set_hidden(true);
    }

    /// Shows the card near (x, y) with `text` (as text, never HTML).
    pub fn show_card(&self, text: &str, at: Option<(f64, f64)>) {
        self.card_text.set(text);
        if let Some((x, y)) = at {
            place(&self.card, x + 14.0, y + 14.0, None);
        }
        self.card.set_hidden(false);
    }

    pub fn hide_card(&self) {
        self.card.set_hidden(true);
        self.edit.set_hidden(true);
    }

    /// Turns the card into a text field holding `value`, focused and selected.
    pub fn start_edit(&self, value: f64) {
        self.edit.set_value(&value.to_string());
        self.edit.set_hidden(false);
        self.card.set_hidden(false);
        let _ = self.edit.focus();
        self.edit.select();
    }
}

/// An activation's name as the pickers show it.
fn activation_label(a: Activation, lang: Lang) -> String {
    match a {
        Activation::Relu => "ReLU".into(),
        Activation::Tanh => "Tanh".into(),
        Activation::Sigmoid => "Sigmoid".into(),
        Activation::Linear => lang.t("opt.linear").into(),
    }
}

/// What the card says about a weight or a bias, given its value (nothing for others).
pub fn describe(
    target: Target,
    value: f64,
    features: &[Feature],
    layers: usize,
    lang: Lang,
) -> String {
    let neuron = |layer: usize, j: usize| {
        if layer + 1 == layers {
            Text::new("ui.theOutput")
        } else {
            text!("ui.neuronOfLayer", neuron = j + 1, layer = layer + 1)
        }
    };
    let value = format!("{value:.4}");
    match target {
        Target::Weight { layer, j, i } => {
            let from = if layer == 0 {
                features.get(i).map_or_else(
                    || text!("ui.input", n = i + 1),
                    |f| text!("ui.feature", feature = f.label()),
                )
            } else {
                text!("ui.neuronOfLayer", neuron = i + 1, layer = layer)
            };
            text!("ui.weightCard", value = value)
                .sub("from", from)
                .sub("to", neuron(layer, j))
                .render(lang)
        }
        Target::Bias { layer, j } => text!("ui.biasCard", value = value)
            .sub("of", neuron(layer, j))
            .render(lang),
        // Neurons and inputs have no card: hovering them fills the large heatmap instead.
        Target::Input(_) | Target::Neuron { .. } => String::new(),
    }
}
