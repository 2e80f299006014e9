//! Changing the network from the graph: switching features, adding and removing layers
//! and neurons, hovering, and typing a new weight or bias.

use super::State;
use crate::config::{Config, MAX_HIDDEN_LAYERS, MAX_NEURONS};
use crate::data::Feature;
use crate::web::overlay;
use crate::web::views::graph::Target;

impl State {
    /// Switches a feature on or off (refused with a message if it is the last one on).
    pub(super) fn toggle_feature(&mut self, feature: Feature) {
        let on = self.trainer.config().feature_on(feature);
        let mut patch = serde_json::Map::new();
        patch.insert(Config::feature_key(feature).into(), (!on).into());
        self.patch_or_explain(serde_json::Value::Object(patch));
    }

    /// Changes the hidden layers' shape: with `layer` `None`, adds a layer of two neurons
    /// (`grow`) or removes the last layer; with `Some(l)`, adds or removes a neuron of
    /// layer l (keeping 1 to 16).
    pub(super) fn reshape(&mut self, layer: Option<usize>, grow: bool) {
        let mut shape = self.trainer.config().network_shape.clone();
        match layer {
            None if grow && shape.len() < MAX_HIDDEN_LAYERS => shape.push(2),
            None if !grow => {
                shape.pop();
            }
            Some(l) if l < shape.len() => {
                shape[l] = if grow {
                    (shape[l] + 1).min(MAX_NEURONS)
                } else {
                    shape[l].saturating_sub(1).max(1)
                };
            }
            _ => return,
        }
        self.patch_or_explain(serde_json::json!({ "networkShape": shape }));
    }

    pub(super) fn on_graph_pointer(&mut self, x: f64, y: f64) {
        if self.editing.is_some() {
            return;
        }
        let t = &self.trainer;
        let target = self.graph.hit(t.network(), t.features(), x, y);
        self.hover_at = (x, y);
        if target != self.hover {
            self.set_hover(target);
        } else if let Some(target) = target {
            self.show_hover_card(target, true);
        }
    }

    pub(super) fn set_hover(&mut self, target: Option<Target>) {
        self.hover = target;
        self.graph.highlight = match target {
            Some(Target::Input(_) | Target::Neuron { .. }) => target,
            _ => None,
        };
        let focus = match target {
            Some(Target::Neuron { layer, j }) => Some(
                self.trainer.network().layers[..layer]
                    .iter()
                    .map(|l| l.n_out)
                    .sum::<usize>()
                    + j,
            ),
            _ => None,
        };
        self.grid.set_focus(focus);
        match target {
            Some(t @ (Target::Weight { .. } | Target::Bias { .. })) => {
                self.show_hover_card(t, true)
            }
            _ => self.overlay.hide_card(),
        }
        self.dirty = true;
    }

    pub(super) fn end_hover(&mut self) {
        self.editing = None;
        self.set_hover(None);
    }

    /// The parameter number and value of a weight or bias target.
    pub(super) fn param_of(&self, target: Target) -> Option<(usize, f64)> {
        let net = self.trainer.network();
        let index = match target {
            Target::Weight { layer, j, i } => net.weight_index(layer, j, i),
            Target::Bias { layer, j } => net.bias_index(layer, j),
            _ => None,
        }?;
        Some((index, net.param(index)))
    }

    pub(super) fn show_hover_card(&self, target: Target, move_card: bool) {
        if let Some((_, value)) = self.param_of(target) {
            let t = &self.trainer;
            let text = overlay::describe(target, value, t.features(), t.network().layers.len());
            self.overlay
                .show_card(&text, move_card.then_some(self.hover_at));
        }
    }

    pub(super) fn on_graph_click(&mut self) {
        if let Some(target @ (Target::Weight { .. } | Target::Bias { .. })) = self.hover {
            if let Some((_, value)) = self.param_of(target) {
                self.editing = Some(target);
                self.overlay.start_edit(value);
            }
        }
    }

    /// Enter in the edit field: the typed value becomes the parameter, used at once.
    pub(super) fn commit_edit(&mut self) {
        let Some(target) = self.editing else {
            return;
        };
        let text = self.overlay.edit.value();
        let parsed = text.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        match (parsed, self.param_of(target)) {
            (Some(value), Some((index, _))) => {
                if let Err(e) = self.trainer.set_param(index, value) {
                    self.controls.show_message(Some(&e));
                } else {
                    self.controls.show_message(None);
                }
            }
            _ => {
                let shown: String = text.chars().take(40).collect();
                self.controls.show_message(Some(&format!(
                    "\u{201c}{shown}\u{201d} is not a number: type a value such as -0.25 or 1.5. \
                     Nothing was changed."
                )));
            }
        }
        self.editing = None;
        self.overlay.edit.set_hidden(true);
        self.show_hover_card(target, false);
        self.dirty = true;
    }

    pub(super) fn cancel_edit(&mut self) {
        if let Some(target) = self.editing.take() {
            self.overlay.edit.set_hidden(true);
            self.show_hover_card(target, false);
        }
    }
}
