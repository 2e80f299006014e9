//! The page's controls, in one place: reading them into config patches and showing the
//! config and the progress on them. Every plain control is one `Binding` row: its config
//! key, its element and how its value reads.

mod progress;
mod reading;

use super::dom::{self, TextSlot};
use crate::config::{
    learning_rate_from_slider, slider_from_learning_rate, Config, Control, Problem,
    LEARNING_RATE_SLIDER_STEPS,
};
use crate::data::Dataset;
use crate::i18n::{Lang, Text};
use crate::names::Choice;
use crate::session::{Notice, Offers};
use crate::text;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// How a control's value becomes a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A drop-down: a number when the option's value is one, else the text.
    Select,
    /// A slider of whole numbers.
    Range,
    /// The learning-rate slider: positions on a log scale.
    LogRate,
    /// A checkbox.
    Check,
    /// A number field (any decimal).
    Number,
    /// A slider of decimals.
    DecimalRange,
    /// A text field (applied on Enter or when it loses focus).
    Text,
}

/// The plain controls: (config key, element id, kind, id of the element showing the value).
pub const BINDINGS: [(&str, &str, Kind, Option<&str>); 35] = [
    (
        "learningRate",
        "learning-rate",
        Kind::LogRate,
        Some("learning-rate-value"),
    ),
    ("speed", "speed", Kind::Select, None),
    ("activation", "activation", Kind::Select, None),
    ("regularization", "regularization", Kind::Select, None),
    (
        "regularizationRate",
        "regularization-rate",
        Kind::Select,
        None,
    ),
    ("problem", "problem", Kind::Select, None),
    (
        "percTrainData",
        "perc-train",
        Kind::Range,
        Some("perc-train-value"),
    ),
    ("noise", "noise", Kind::Range, Some("noise-value")),
    (
        "batchSize",
        "batch-size",
        Kind::Range,
        Some("batch-size-value"),
    ),
    ("showTestData", "show-test", Kind::Check, None),
    ("discretize", "discretize", Kind::Check, None),
    ("hiddenSpace", "hidden-space", Kind::Check, None),
    ("hiddenLayer", "hidden-layer", Kind::Number, None),
    ("hiddenNeuronX", "hidden-x", Kind::Number, None),
    ("hiddenNeuronY", "hidden-y", Kind::Number, None),
    ("mistakesSet", "mistakes-set", Kind::Select, None),
    ("markMistakes", "mark-mistakes", Kind::Check, None),
    ("walkPace", "walk-pace", Kind::Number, None),
    ("formula", "formula", Kind::Text, None),
    ("brushDensity", "brush-density", Kind::Number, None),
    ("loss", "loss", Kind::Select, None),
    ("optimizer", "optimizer", Kind::Select, None),
    (
        "momentum",
        "momentum",
        Kind::DecimalRange,
        Some("momentum-value"),
    ),
    ("beta1", "beta1", Kind::Number, None),
    ("beta2", "beta2", Kind::Number, None),
    ("epsilon", "epsilon", Kind::Number, None),
    ("classes", "classes", Kind::Select, None),
    (
        "numSamples",
        "num-samples",
        Kind::Range,
        Some("num-samples-value"),
    ),
    ("theme", "theme", Kind::Select, None),
    ("presentation", "presentation", Kind::Check, None),
    ("palette", "palette", Kind::Select, None),
    ("lang", "lang", Kind::Select, None),
    ("context", "context", Kind::Range, Some("context-value")),
    (
        "embedding",
        "embedding",
        Kind::Range,
        Some("embedding-value"),
    ),
    (
        "temperature",
        "temperature",
        Kind::DecimalRange,
        Some("temperature-value"),
    ),
];

pub enum Field {
    Select(HtmlSelectElement),
    Input(HtmlInputElement),
}

impl Field {
    pub fn element(&self) -> &Element {
        match self {
            Field::Select(e) => e,
            Field::Input(e) => e,
        }
    }

    fn value(&self) -> String {
        match self {
            Field::Select(e) => e.value(),
            Field::Input(e) => e.value(),
        }
    }

    fn set_value(&self, value: &str) {
        if self.value() != value {
            match self {
                Field::Select(e) => e.set_value(value),
                Field::Input(e) => e.set_value(value),
            }
        }
    }
}

pub struct Bound {
    pub key: &'static str,
    pub kind: Kind,
    pub field: Field,
    shown: Option<TextSlot>,
}

pub struct Controls {
    pub play: HtmlButtonElement,
    pub step: HtmlButtonElement,
    pub reset: HtmlButtonElement,
    pub regenerate: HtmlButtonElement,
    pub add_layer: HtmlButtonElement,
    pub remove_layer: HtmlButtonElement,
    pub message_close: HtmlButtonElement,
    /// The divergence message's offers: lower the learning rate, reset.
    pub message_lower: HtmlButtonElement,
    pub message_reset: HtmlButtonElement,
    pub bound: Vec<Bound>,
    /// The dataset tiles, with the dataset each picks.
    pub tiles: Vec<(Dataset, HtmlButtonElement)>,
    /// Everything hideable, by its `data-control` name.
    hideable: Vec<(String, HtmlElement)>,
    /// Elements shown only in some settings, by their `data-when`: "multiclass",
    /// "momentum", "adam", "twoclass".
    conditional: Vec<(String, HtmlElement)>,
    /// The class legend (multi-class) and the −1…1 legend.
    class_legend: HtmlElement,
    value_legend: HtmlElement,
    train_accuracy: TextSlot,
    test_accuracy: TextSlot,
    /// The classroom panel's checkboxes, and their labels' text.
    pub classroom: Vec<(Control, HtmlInputElement)>,
    classroom_labels: Vec<(Control, web_sys::Text)>,
    pub share_link: HtmlInputElement,
    pub copy_link: HtmlButtonElement,
    /// The teaching panel's inputs: "run until", the inspector's neuron, adding points
    /// by clicking and their label.
    run_until: HtmlInputElement,
    pub inspect_neuron: HtmlSelectElement,
    click_add: HtmlInputElement,
    click_erase: HtmlInputElement,
    add_label: HtmlSelectElement,
    layer_count: TextSlot,
    epoch: TextSlot,
    train_loss: TextSlot,
    test_loss: TextSlot,
    message: HtmlElement,
    message_text: Element,
    /// The running state the play button shows (to touch the DOM only on a change).
    shown_running: Cell<Option<bool>>,
    /// The language of the page, the message shown (and whether it offers the two
    /// divergence buttons), and the classes and language the class legend was built for.
    lang: Cell<Lang>,
    message_shown: RefCell<Option<(Text, Offers)>>,
    legend_for: Cell<Option<(usize, Lang)>>,
}

impl Controls {
    pub fn find() -> Result<Controls, String> {
        let document = dom::document()?;
        let mut bound = Vec::with_capacity(BINDINGS.len());
        for (key, id, kind, shown) in BINDINGS {
            let element: Element = dom::by_id(id)?;
            let field = match element.dyn_into::<HtmlSelectElement>() {
                Ok(select) => Field::Select(select),
                Err(element) => Field::Input(
                    element
                        .dyn_into::<HtmlInputElement>()
                        .map_err(|_| format!("#{id} is not an input or a select"))?,
                ),
            };
            // The control's range is the setting's (one table, `config::LIMITS`).
            if let Field::Input(input) = &field {
                let range = match kind {
                    Kind::LogRate => Some((0.0, f64::from(LEARNING_RATE_SLIDER_STEPS))),
                    Kind::Range | Kind::DecimalRange | Kind::Number => {
                        crate::config::limit(key).map(|l| (l.min, l.max))
                    }
                    Kind::Select | Kind::Check | Kind::Text => None,
                };
                if let Some((min, max)) = range {
                    let _ = input.set_attribute("min", &min.to_string());
                    let _ = input.set_attribute("max", &max.to_string());
                }
            }
            bound.push(Bound {
                key,
                kind,
                field,
                shown: shown.map(TextSlot::new).transpose()?,
            });
        }
        let all = |selector: &str| -> Result<Vec<Element>, String> {
            let list = document
                .query_selector_all(selector)
                .map_err(|_| format!("bad selector {selector}"))?;
            Ok((0..list.length())
                .filter_map(|i| list.get(i))
                .filter_map(|n| n.dyn_into::<Element>().ok())
                .collect())
        };
        let mut tiles = Vec::new();
        for element in all("#datasets [data-dataset]")? {
            let name = element.get_attribute("data-dataset").unwrap_or_default();
            let dataset: Dataset = serde_json::from_value(json!(name))
                .map_err(|_| format!("unknown dataset tile {name}"))?;
            if let Ok(button) = element.dyn_into::<HtmlButtonElement>() {
                tiles.push((dataset, button));
            }
        }
        let conditional = all("[data-when]")?
            .into_iter()
            .filter_map(|e| {
                let when = e.get_attribute("data-when")?;
                Some((when, e.dyn_into::<HtmlElement>().ok()?))
            })
            .collect();
        let hideable = all("[data-control]")?
            .into_iter()
            .filter_map(|e| {
                let name = e.get_attribute("data-control")?;
                Some((name, e.dyn_into::<HtmlElement>().ok()?))
            })
            .collect();

        // The classroom panel's checkboxes, one per hideable control.
        let list: Element = dom::by_id("classroom-controls")?;
        let mut classroom = Vec::new();
        let mut classroom_labels = Vec::new();
        for control in Control::all() {
            let label = document.create_element("label").map_err(|_| "no label")?;
            label.set_class_name("check");
            let input: HtmlInputElement = document
                .create_element("input")
                .map_err(|_| "no input")?
                .dyn_into()
                .map_err(|_| "no input")?;
            input.set_type("checkbox");
            input.set_id(&format!("hide-{}", control.name()));
            let _ = label.append_child(&input);
            let text = document.create_text_node("");
            let _ = label.append_child(&text);
            let _ = list.append_child(&label);
            classroom.push((control, input));
            classroom_labels.push((control, text));
        }

        Ok(Controls {
            play: dom::by_id("play")?,
            step: dom::by_id("step")?,
            reset: dom::by_id("reset")?,
            regenerate: dom::by_id("regenerate")?,
            add_layer: dom::by_id("add-layer")?,
            remove_layer: dom::by_id("remove-layer")?,
            message_close: dom::by_id("message-close")?,
            message_lower: dom::by_id("message-lower")?,
            message_reset: dom::by_id("message-reset")?,
            bound,
            tiles,
            hideable,
            conditional,
            class_legend: dom::by_id("class-legend")?,
            value_legend: dom::by_id("value-legend")?,
            train_accuracy: TextSlot::new("train-accuracy")?,
            test_accuracy: TextSlot::new("test-accuracy")?,
            classroom,
            classroom_labels,
            share_link: dom::by_id("share-link")?,
            copy_link: dom::by_id("copy-link")?,
            run_until: dom::by_id("run-until")?,
            inspect_neuron: dom::by_id("inspect-neuron")?,
            click_add: dom::by_id("click-add")?,
            click_erase: dom::by_id("click-erase")?,
            add_label: dom::by_id("add-label")?,
            layer_count: TextSlot::new("layer-count")?,
            epoch: TextSlot::new("epoch")?,
            train_loss: TextSlot::new("train-loss")?,
            test_loss: TextSlot::new("test-loss")?,
            message: dom::by_id("message")?,
            message_text: dom::by_id("message-text")?,
            shown_running: Cell::new(None),
            lang: Cell::new(Lang::En),
            message_shown: RefCell::new(None),
            legend_for: Cell::new(None),
        })
    }

    /// Shows everything this owns in `lang` (the caller shows the config again).
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        for (control, text) in &self.classroom_labels {
            text.set_data(&format!(
                " {}",
                text!("ui.hide")
                    .arg(
                        "control",
                        lang.lookup(&control.label()).unwrap_or(control.name())
                    )
                    .render(lang)
            ));
        }
        self.shown_running.set(None);
        let shown = self.message_shown.borrow().clone();
        if let Some((message, offers)) = shown {
            self.show(Some(message), offers);
        }
    }

    /// Shows the config on the controls (after a change from any source).
    pub fn show_config(&self, config: &Config) {
        let Ok(Value::Object(values)) = serde_json::to_value(config) else {
            return;
        };
        for b in &self.bound {
            let value = match values.get(b.key) {
                // Unset: the dataset's own count.
                Some(Value::Null) if b.key == "numSamples" => json!(config.sample_count()),
                // Unset: the language the page is in (the browser's).
                Some(Value::Null) if b.key == "lang" => json!(self.lang.get()),
                Some(v) => v.clone(),
                None => Value::Null,
            };
            let text = match (&value, b.kind) {
                (_, Kind::LogRate) => {
                    let rate = config.training.learning_rate;
                    b.field
                        .set_value(&slider_from_learning_rate(rate).to_string());
                    format_rate(rate)
                }
                (Value::Bool(on), Kind::Check) => {
                    if let Field::Input(input) = &b.field {
                        input.set_checked(*on);
                    }
                    String::new()
                }
                (Value::Number(n), _) => {
                    // Rust's shortest form: 1 for 1.0, as the options are written; tiny
                    // numbers (ε) as 1e-8.
                    let text = n
                        .as_f64()
                        .map(|f| {
                            if f != 0.0 && f.abs() < 1e-4 {
                                format!("{f:e}")
                            } else {
                                f.to_string()
                            }
                        })
                        .unwrap_or_default();
                    b.field.set_value(&text);
                    text
                }
                // A text field the user is typing in keeps what they typed (a refused
                // formula stays there, to be mended where the message says).
                (Value::String(_), Kind::Text)
                    if b.field.element().matches(":focus").unwrap_or(false) =>
                {
                    String::new()
                }
                (Value::String(s), _) => {
                    b.field.set_value(s);
                    s.clone()
                }
                _ => String::new(),
            };
            if let Some(slot) = &b.shown {
                slot.set(&text);
            }
        }
        let active = config.active_dataset();
        let regression = config.experiment.problem == Problem::Regression;
        for (when, element) in &self.conditional {
            let shown = match when.as_str() {
                "multiclass" => config.class_count() > 2,
                "momentum" => config.training.optimizer == crate::nn::Optimizer::Momentum,
                "adam" => config.training.optimizer == crate::nn::Optimizer::Adam,
                "classification" => !regression,
                _ => true,
            };
            element.set_hidden(!shown);
        }
        self.show_class_legend(config.class_count());
        for (dataset, tile) in &self.tiles {
            tile.set_hidden(dataset.is_regression() != regression);
            let _ = tile.set_attribute(
                "aria-pressed",
                // A formula's data: no tile is the data in use.
                if *dataset == active && config.experiment.formula.is_empty() {
                    "true"
                } else {
                    "false"
                },
            );
        }
        for (name, element) in &self.hideable {
            let hidden =
                Control::from_name(name).is_some_and(|c| config.classroom.hidden.contains(&c));
            element.set_hidden(hidden);
        }
        for (control, input) in &self.classroom {
            input.set_checked(config.classroom.hidden.contains(control));
        }
        let layers = config.experiment.network_shape.len();
        let lang = self.lang.get();
        self.layer_count.set(&match layers {
            1 => lang.t("ui.oneLayer").to_string(),
            n => text!("ui.layers", n = n).render(lang),
        });
        self.add_layer
            .set_disabled(layers >= crate::config::MAX_HIDDEN_LAYERS);
        self.remove_layer.set_disabled(layers == 0);
        if let Some(body) = dom::document().ok().and_then(|d| d.body()) {
            let classes = body.class_list();
            let _ = classes.toggle_with_force("hide-text", config.classroom.hide_text);
            let _ = classes.toggle_with_force("presentation", config.screen.presentation);
            let _ = classes.toggle_with_force(
                "theme-dark",
                config.screen.theme == crate::config::Theme::Dark,
            );
            let _ = classes.toggle_with_force(
                "theme-light",
                config.screen.theme == crate::config::Theme::Light,
            );
            let _ = classes.toggle_with_force(
                "palette-cb",
                config.screen.palette == crate::config::PaletteChoice::ColorBlind,
            );
        }
    }
}

/// 1234 → "001,234", as TFP shows the epoch.
pub fn format_epoch(epoch: u64) -> String {
    crate::i18n::group_digits(&format!("{epoch:06}"))
}

/// "accuracy 97.2 %", or nothing for regression.
pub fn format_accuracy(lang: Lang, accuracy: Option<f64>) -> String {
    accuracy.map_or(String::new(), |a| {
        text!("ui.accuracy", percent = format!("{:.1}", a * 100.0)).render(lang)
    })
}

pub fn format_loss(lang: Lang, loss: f64) -> String {
    if loss.is_finite() {
        format!("{loss:.3}")
    } else {
        lang.t("ui.notANumber").to_string()
    }
}

/// Learning rates are shown as plain decimals: 0.00001 … 10.
pub fn format_rate(rate: f64) -> String {
    let text = format!("{rate:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}
