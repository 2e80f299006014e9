//! Every read of a control: the setting a bound control asks for (as a patch of its
//! key), the classroom checkboxes, and the teaching panel's inputs.

use super::*;

impl Controls {
    /// The config patch control `index` of `bound` asks for.
    pub fn patch(&self, index: usize) -> Value {
        let b = &self.bound[index];
        let text = b.field.value();
        let value = match b.kind {
            Kind::LogRate => json!(learning_rate_from_slider(text.parse().unwrap_or(0))),
            Kind::Range => json!(text.parse::<u64>().unwrap_or(0)),
            Kind::Check => match &b.field {
                Field::Input(input) => json!(input.checked()),
                Field::Select(_) => json!(false),
            },
            // Whole numbers as integers (counts), others as decimals.
            Kind::Select => match text.parse::<i64>() {
                Ok(n) => json!(n),
                Err(_) => match text.parse::<f64>() {
                    Ok(n) => json!(n),
                    Err(_) => json!(text),
                },
            },
            // Not a number: sent as text, so the core's message names the setting.
            // Whole numbers as integers (a count, as a layer's number, is an integer).
            Kind::Text => json!(text.trim()),
            Kind::Number | Kind::DecimalRange => match text.trim().parse::<f64>() {
                Ok(n) if n.fract() == 0.0 && n.abs() < 1e15 => json!(n as i64),
                Ok(n) if n.is_finite() => json!(n),
                _ => json!(text),
            },
        };
        let mut patch = serde_json::Map::new();
        patch.insert(b.key.to_string(), value);
        Value::Object(patch)
    }

    /// The patch the classroom checkboxes ask for.
    pub fn hidden_patch(&self) -> Value {
        let hidden: Vec<&str> = self
            .classroom
            .iter()
            .filter(|(_, input)| input.checked())
            .map(|(c, _)| c.name())
            .collect();
        json!({ "hidden": hidden })
    }

    /// The epoch typed into "run until".
    pub fn run_until_typed(&self) -> String {
        self.run_until.value()
    }

    /// The neuron the inspector shows in wide layers.
    pub fn inspect_neuron(&self) -> usize {
        self.inspect_neuron.value().parse().unwrap_or(0)
    }

    /// The label a click on the data adds a point with, when adding by clicking is on
    /// (not a number when no label is chosen: the Session refuses it).
    pub fn adding_label(&self) -> Option<f64> {
        self.click_add
            .checked()
            .then(|| self.add_label.value().parse().unwrap_or(f64::NAN))
    }

    /// The eraser is chosen for the data plane.
    pub fn erasing(&self) -> bool {
        self.click_erase.checked()
    }

    /// The share link's text.
    pub fn share_link_text(&self) -> String {
        self.share_link.value()
    }
}
