//! A hidden neuron's menu (on, switched off, frozen), opened from the graph with a click,
//! a second tap or Enter; and the dropout rate under each hidden layer. Both are Session
//! commands: the change applies at once, the weights kept.

use super::wiring::Wiring;
use super::State;
use crate::config::{Control, NeuronState};
use crate::web::views::graph::Target;
use wasm_bindgen::JsCast;

/// The menu's buttons, in their order.
const STATES: [NeuronState; 3] = [NeuronState::On, NeuronState::Off, NeuronState::Frozen];

impl State {
    /// Opens the menu of `target` if it is a hidden neuron (and the class may use it);
    /// `keys`: opened from the keyboard, the menu takes the focus. Returns whether it
    /// opened.
    pub(super) fn open_neuron_menu(&mut self, target: Target, keys: bool) -> bool {
        let t = self.session.trainer();
        let hidden = t.network().layers.len() - 1;
        let Target::Neuron { layer, j } = target else {
            return false;
        };
        let config = t.config();
        if layer >= hidden || config.classroom.hidden.contains(&Control::NeuronStates) {
            return false;
        }
        let Some((x, y)) = self.geometry.anchor(target, t.features()) else {
            return false;
        };
        let state = config.neurons.state_of(layer, j);
        self.overlay
            .open_menu((layer, j), state, (x + 18.0, y - 12.0), keys);
        self.neuron_menu = Some((layer, j, keys));
        true
    }

    pub(super) fn close_neuron_menu(&mut self) {
        if let Some((_, _, keys)) = self.neuron_menu.take() {
            self.overlay.close_menu();
            if keys {
                let _ = self.graph_place.canvas.focus();
            }
        }
    }

    /// A button of the menu: the neuron's new state, at once.
    fn pick_neuron_state(&mut self, state: NeuronState) {
        if let Some((l, j, _)) = self.neuron_menu {
            self.session.set_neuron_state(l, j, state);
            self.dirty = true;
        }
        self.close_neuron_menu();
    }
}

impl Wiring {
    /// The menu's buttons and keys, and the dropout rates' fields.
    pub(super) fn neurons(&mut self, s: &State) -> Result<(), String> {
        let o = &s.overlay;
        for (button, state) in o.menu_buttons.iter().zip(STATES) {
            self.click(button, move |s| s.pick_neuron_state(state));
        }
        let buttons = o.menu_buttons.clone();
        self.on(&o.menu, "keydown", move |s, e| {
            let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else {
                return;
            };
            let focused = crate::web::dom::document()
                .ok()
                .and_then(|d| d.active_element());
            let now = buttons
                .iter()
                .position(|b| focused.as_ref() == Some(b.unchecked_ref()));
            let next = match key.as_str() {
                "Escape" => {
                    s.close_neuron_menu();
                    e.prevent_default();
                    e.stop_propagation();
                    return;
                }
                "ArrowDown" | "ArrowRight" => now.map_or(0, |k| (k + 1) % 3),
                "ArrowUp" | "ArrowLeft" => now.map_or(2, |k| (k + 2) % 3),
                _ => return,
            };
            let _ = buttons[next].focus();
            e.prevent_default();
            e.stop_propagation();
        });
        for (l, input) in o.dropouts.iter().enumerate() {
            let field = input.clone();
            self.on(input, "change", move |s, _| {
                match field.value().trim().parse::<f64>() {
                    Ok(rate) if rate.is_finite() => s.session.set_layer_dropout(l, rate),
                    _ => {
                        let shown: String = field.value().chars().take(40).collect();
                        s.session.say(crate::text!("msg.notANumber", value = shown));
                    }
                }
                // The field shows the rate that stays (a refused one goes back).
                let rate = s.session.config().neurons.dropout_of(l);
                field.set_value(&crate::i18n::number(rate));
                s.overlay.replace();
                s.dirty = true;
            });
        }
        Ok(())
    }
}
