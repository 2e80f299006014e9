//! Changing the network from the graph: switching features, adding and removing layers
//! and neurons, hovering, and typing a new weight or bias.

use super::State;
use crate::config::{Config, MAX_HIDDEN_LAYERS, MAX_NEURONS};
use crate::data::Feature;
use crate::text;
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
        self.graph.highlight = target;
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
            let text = overlay::describe(
                target,
                value,
                t.features(),
                t.network().layers.len(),
                self.lang(),
            );
            self.overlay
                .show_card(&text, move_card.then_some(self.hover_at));
        }
    }

    /// A touch on the graph (a finger has no hover): the first tap on a link or bias
    /// shows its card, as hovering does, and a second tap on the same one edits it (the
    /// click that follows); a tap on a neuron shows it large; a tap on nothing clears.
    pub(super) fn on_graph_touch(&mut self, x: f64, y: f64) {
        if self.editing.is_some() {
            return;
        }
        let t = &self.trainer;
        let target = self.graph.hit(t.network(), t.features(), x, y);
        self.hover_at = (x, y);
        let second_tap = target.is_some() && target == self.hover;
        if !second_tap {
            self.set_hover(target);
            // The click this tap makes only shows the card.
            self.suppress_graph_click = true;
        }
    }

    /// Keys on the focused graph: the arrows walk through every weight and bias (layer by
    /// layer, each neuron's incoming weights then its bias), showing each one's card;
    /// Enter edits the one shown, Escape leaves. Returns whether the key was used.
    pub(super) fn on_graph_key(&mut self, key: &str) -> bool {
        let targets = self.param_targets();
        if targets.is_empty() {
            return false;
        }
        let now = self
            .hover
            .and_then(|h| targets.iter().position(|&t| t == h));
        let next = match key {
            "ArrowRight" | "ArrowDown" => now.map_or(0, |i| (i + 1) % targets.len()),
            "ArrowLeft" | "ArrowUp" => now.map_or(targets.len() - 1, |i| {
                (i + targets.len() - 1) % targets.len()
            }),
            "Home" => 0,
            "End" => targets.len() - 1,
            "Enter" if now.is_some() => {
                self.on_graph_click();
                self.edit_from_keyboard = self.editing.is_some();
                return true;
            }
            "Escape" if now.is_some() => {
                self.set_hover(None);
                return true;
            }
            _ => return false,
        };
        let target = targets[next];
        let t = &self.trainer;
        if let Some(at) = self.graph.anchor(target, t.features()) {
            self.hover_at = at;
        }
        self.set_hover(Some(target));
        true
    }

    /// Every weight and bias of the network, in the keyboard's order.
    fn param_targets(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        for (layer, l) in self.trainer.network().layers.iter().enumerate() {
            for j in 0..l.n_out {
                targets.extend((0..l.n_in).map(|i| Target::Weight { layer, j, i }));
                targets.push(Target::Bias { layer, j });
            }
        }
        targets
    }

    pub(super) fn on_graph_click(&mut self) {
        if std::mem::take(&mut self.suppress_graph_click) {
            return;
        }
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
                    self.controls.show_message(Some(e));
                } else {
                    self.controls.show_message(None);
                }
            }
            _ => {
                let shown: String = text.chars().take(40).collect();
                self.controls
                    .show_message(Some(text!("msg.notANumber", value = shown)));
            }
        }
        self.editing = None;
        self.overlay.edit.set_hidden(true);
        self.show_hover_card(target, false);
        self.refocus_graph();
        self.dirty = true;
    }

    pub(super) fn cancel_edit(&mut self) {
        if let Some(target) = self.editing.take() {
            self.overlay.edit.set_hidden(true);
            self.show_hover_card(target, false);
        }
        self.refocus_graph();
    }

    /// After an edit begun from the keyboard, the keys go back to the graph.
    fn refocus_graph(&mut self) {
        if std::mem::take(&mut self.edit_from_keyboard) {
            let _ = self.graph.surface.canvas.focus();
        }
    }
}
