//! The graph's hover (pointer, touch and keyboard) and typing a new weight or bias. The
//! overlay's buttons (features, + and −) are Session commands (`wiring`).

use super::State;
use crate::text;
use crate::web::overlay;
use crate::web::views::graph::Target;

impl State {
    pub(super) fn on_graph_pointer(&mut self, x: f64, y: f64) {
        if self.editing.is_some() {
            return;
        }
        let t = self.session.trainer();
        let target = self.geometry.hit(t.network(), t.features(), x, y);
        self.hover_at = (x, y);
        if target != self.session.hover() {
            self.set_hover(target);
        } else if let Some(target) = target {
            self.show_hover_card(target, true);
        }
    }

    /// The pointer is over `target` (or nothing): the Session is told, the page shows it.
    pub(super) fn set_hover(&mut self, target: Option<Target>) {
        self.session.set_hover(target);
        self.show_hover(target);
    }

    /// Shows a hover: highlighted in the graph (whose scene then has its neuron's values
    /// kept by the grid), a weight's or bias's card.
    pub(super) fn show_hover(&mut self, target: Option<Target>) {
        self.highlight = target;
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

    pub(super) fn show_hover_card(&self, target: Target, move_card: bool) {
        if let Some((_, value)) = self.session.param_of(target) {
            let t = self.session.trainer();
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
        let t = self.session.trainer();
        let target = self.geometry.hit(t.network(), t.features(), x, y);
        self.hover_at = (x, y);
        let second_tap = target.is_some() && target == self.session.hover();
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
            .session
            .hover()
            .and_then(|h| targets.iter().position(|&t| t == h));
        let next = match key {
            "ArrowRight" | "ArrowDown" => now.map_or(0, |i| (i + 1) % targets.len()),
            "ArrowLeft" | "ArrowUp" => now.map_or(targets.len() - 1, |i| {
                (i + targets.len() - 1) % targets.len()
            }),
            "Home" => 0,
            "End" => targets.len() - 1,
            "Enter" if now.is_some_and(|k| matches!(targets[k], Target::Neuron { .. })) => {
                self.open_neuron_menu(targets[now.unwrap_or(0)], true);
                return true;
            }
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
        let t = self.session.trainer();
        if let Some(at) = self.geometry.anchor(target, t.features()) {
            self.hover_at = at;
        }
        self.set_hover(Some(target));
        true
    }

    /// Every weight and bias of the network, each hidden neuron after its bias (Enter
    /// opens its menu), in the keyboard's order. For the digits, the first layer's
    /// weights are its neurons' images, not links: its neurons and biases only.
    fn param_targets(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        let layers = &self.session.trainer().network().layers;
        let image = self.geometry.image_input();
        for (layer, l) in layers.iter().enumerate() {
            for j in 0..l.n_out {
                let links = if image && layer == 0 { 0 } else { l.n_in };
                targets.extend((0..links).map(|i| Target::Weight { layer, j, i }));
                targets.push(Target::Bias { layer, j });
                if layer + 1 < layers.len() {
                    targets.push(Target::Neuron { layer, j });
                }
            }
        }
        targets
    }

    pub(super) fn on_graph_click(&mut self) {
        if std::mem::take(&mut self.suppress_graph_click) {
            return;
        }
        self.close_neuron_menu();
        if let Some(neuron) = self.session.hover() {
            if self.open_neuron_menu(neuron, false) {
                return;
            }
        }
        if let Some(target) = self.session.hover().filter(|t| t.is_parameter()) {
            if let Some((_, value)) = self.session.param_of(target) {
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
        match (parsed, self.session.param_of(target)) {
            (Some(value), Some((index, _))) => match self.session.set_param(index, value) {
                Ok(()) => self.session.set_notice(None),
                Err(e) => self.session.say(e),
            },
            _ => {
                let shown: String = text.chars().take(40).collect();
                self.session.say(text!("msg.notANumber", value = shown));
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
            let _ = self.graph_place.canvas.focus();
        }
    }
}
