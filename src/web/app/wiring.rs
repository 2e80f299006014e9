//! The page's events, each turned into a Session command (or a change of what the page
//! shows), then `State::sync`. The listeners are owned here and removed when the App is
//! dropped.

use super::{files, State};
use crate::data::Feature;
use crate::web::controls::Kind;
use crate::web::dom;
use gloo_events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

pub(super) type ObserverCallback = Closure<dyn FnMut(js_sys::Array)>;

/// Everything the App listens to: dropped with it.
pub(super) struct Wiring {
    listeners: Vec<EventListener>,
    /// Tells the state whether the inspector is on screen (disconnected on drop).
    pub(super) observer: Option<(web_sys::IntersectionObserver, ObserverCallback)>,
    /// Measures the canvases again when the layout's boxes change size (`layout`).
    pub(super) resizes: Option<(web_sys::ResizeObserver, ObserverCallback)>,
    pub(super) state: Weak<RefCell<State>>,
}

impl Drop for Wiring {
    fn drop(&mut self) {
        if let Some((observer, _)) = &self.observer {
            observer.disconnect();
        }
        if let Some((observer, _)) = &self.resizes {
            observer.disconnect();
        }
    }
}

impl Wiring {
    /// Calls `handler` on `event` from `target`, with the state, then syncs the page.
    pub(super) fn on(
        &mut self,
        target: &EventTarget,
        event: &'static str,
        handler: impl Fn(&mut State, &Event) + 'static,
    ) {
        let weak = self.state.clone();
        let listener = EventListener::new_with_options(
            target,
            event,
            // Handlers may prevent the browser's own action (space, the context menu).
            EventListenerOptions::enable_prevent_default(),
            move |event| {
                if let Some(state) = weak.upgrade() {
                    if let Ok(mut state) = state.try_borrow_mut() {
                        handler(&mut state, event);
                        state.sync();
                    }
                }
            },
        );
        self.listeners.push(listener);
    }

    /// `on` for handlers that do not need the event.
    pub(super) fn click(&mut self, target: &EventTarget, handler: impl Fn(&mut State) + 'static) {
        self.on(target, "click", move |s, _| handler(s));
    }

    pub(super) fn new(state: &Rc<RefCell<State>>) -> Result<Wiring, String> {
        let mut w = Wiring {
            listeners: Vec::new(),
            observer: None,
            resizes: None,
            state: Rc::downgrade(state),
        };
        let s = state.borrow();
        w.controls(&s)?;
        w.data(&s)?;
        w.hidden_space(&s);
        w.mistakes()?;
        w.timeline(&s)?;
        w.neurons(&s)?;
        w.runs(&s)?;
        w.digits(&s)?;
        w.text(&s);
        w.graph(&s)?;
        w.layout(&s)?;
        w.class(&s)?;
        drop(s);
        w.files()?;
        w.observe_inspector();
        w.keyboard()?;
        let window = dom::window()?;
        w.on(&window, "hashchange", |s, _| s.on_hash_change());
        Ok(w)
    }

    /// The toolbar, the bound controls, the tiles, the classroom panel, the message.
    fn controls(&mut self, s: &State) -> Result<(), String> {
        let c = &s.controls;
        self.click(&c.play, |s| s.session.toggle_running());
        self.click(&c.step, |s| s.session.step_once());
        self.click(&c.reset, |s| s.session.reset());
        self.click(&c.regenerate, |s| s.session.regenerate());
        self.click(&c.add_layer, |s| s.session.reshape(None, true));
        self.click(&c.remove_layer, |s| s.session.reshape(None, false));
        for (index, bound) in c.bound.iter().enumerate() {
            let event = if matches!(
                bound.kind,
                Kind::Select | Kind::Check | Kind::Number | Kind::Text
            ) {
                "change"
            } else {
                "input"
            };
            self.on(bound.field.element(), event, move |s, _| {
                let patch = s.controls.patch(index);
                s.session.change_or_explain(&patch);
            });
        }
        for (dataset, tile) in &c.tiles {
            let dataset = *dataset;
            self.click(tile, move |s| s.session.pick_dataset(dataset));
        }
        for (_, input) in &c.classroom {
            self.on(input, "change", |s, _| {
                let patch = s.controls.hidden_patch();
                s.session.change_or_explain(&patch);
            });
        }
        self.click(&c.copy_link, |s| {
            let link = s.controls.share_link_text();
            s.controls.share_link.select();
            if let Ok(window) = dom::window() {
                let _ = window.navigator().clipboard().write_text(&link);
            }
        });
        self.click(&c.message_close, |s| s.session.set_notice(None));
        self.click(&c.message_lower, |s| s.session.lower_rate());
        self.click(&c.message_reset, |s| s.session.reset());
        let by_id = |id: &str| dom::by_id::<EventTarget>(id);
        self.click(&by_id("run-until-go")?, |s| {
            let typed = s.controls.run_until_typed();
            s.session.run_until_typed(&typed);
        });
        self.click(&by_id("walk-start")?, |s| s.session.walk_to(0));
        self.click(&by_id("walk-prev")?, |s| s.session.step_walk(-1));
        self.click(&by_id("walk-next")?, |s| s.session.step_walk(1));
        self.click(&by_id("walk-play")?, |s| {
            let playing = s.session.walk().is_some_and(|w| w.playing);
            s.session.play_walk(!playing);
        });
        self.click(&by_id("walk-end")?, |s| s.session.end_walk());
        self.click(&by_id("inspect-prev")?, |s| s.session.step_sample(-1));
        self.click(&by_id("inspect-next")?, |s| s.session.step_sample(1));
        self.click(&by_id("inspect-apply")?, |s| s.session.apply_inspected());
        self.on(&c.inspect_neuron, "change", |s, _| {
            s.inspect_focus = s.controls.inspect_neuron();
            s.inspector_dirty = true;
            s.dirty = true;
        });
        self.click(&by_id("clear-points")?, |s| s.session.clear_points());
        self.click(&by_id("undo-points")?, |s| s.session.undo_data());
        for (index, button) in s.page.lesson_buttons.iter().enumerate() {
            self.click(button, move |s| s.load_lesson(index));
        }
        for (index, button) in s.lessons.choices.iter().enumerate() {
            self.click(button, move |s| s.predict(index));
        }
        self.click(&by_id("lesson-back")?, |s| s.move_lesson(-1));
        self.click(&by_id("lesson-next")?, |s| s.move_lesson(1));
        self.click(&by_id("lesson-export-python")?, State::save_python);
        Ok(())
    }

    /// The data plane: click to inspect or add, shift-click, right-click or a long press
    /// to remove.
    fn data(&mut self, s: &State) -> Result<(), String> {
        let data = s.plane_place.canvas.clone();
        self.on(&data, "click", State::on_data_click);
        let canvas = data.clone();
        self.on(&data, "contextmenu", move |s, e| {
            e.prevent_default();
            // A touch long press may arrive as a context menu too: removed once.
            s.press = None;
            if let Some((x, y)) = pointer_in(e, &canvas) {
                let (px, py) = crate::web::views::boundary::to_plane(s.plane_place.size(), x, y);
                s.session.remove_point_at(px, py);
            }
        });
        // Touch: press and hold (half a second, without moving) removes the nearest.
        let canvas = data.clone();
        self.on(&data, "pointerdown", move |s, e| {
            s.suppress_click = false;
            let touch = e
                .dyn_ref::<web_sys::PointerEvent>()
                .is_some_and(|p| p.pointer_type() == "touch");
            s.press = if touch {
                pointer_in(e, &canvas).map(|(x, y)| (s.now(), x, y))
            } else {
                None
            };
        });
        // The brush and the eraser: a stroke from the press to the release (a shift-click
        // removes one point instead). A finger paints once it moves, or with a tap; a
        // press held without moving is the long press that removes a point.
        let canvas = data.clone();
        self.on(&data, "pointerdown", move |s, e| {
            let Some(p) = e.dyn_ref::<web_sys::PointerEvent>() else {
                return;
            };
            if p.button() != 0 || p.shift_key() {
                return;
            }
            if let Some((x, y)) = pointer_in(e, &canvas) {
                let _ = canvas.set_pointer_capture(p.pointer_id());
                let touch = p.pointer_type() == "touch";
                s.stroke = Some(super::StrokeStart {
                    touch,
                    at: (x, y),
                    since: s.now(),
                    painting: !touch,
                });
                if !touch {
                    s.on_stroke(x, y, true);
                }
            }
        });
        let canvas = data.clone();
        self.on(&data, "pointermove", move |s, e| {
            let (Some(mut stroke), Some((x, y))) = (s.stroke, pointer_in(e, &canvas)) else {
                return;
            };
            if !stroke.painting {
                // A finger: the stroke starts where it was pressed, once it has moved.
                if (x - stroke.at.0).hypot(y - stroke.at.1) < 10.0 {
                    return;
                }
                stroke.painting = true;
                s.stroke = Some(stroke);
                s.on_stroke(stroke.at.0, stroke.at.1, true);
            }
            s.on_stroke(x, y, false);
        });
        for event in ["pointerup", "pointercancel"] {
            self.on(&data, event, move |s, e| {
                let Some(stroke) = s.stroke.take() else {
                    return;
                };
                let tap = stroke.touch && !stroke.painting && s.now() - stroke.since < 500.0;
                if tap && e.type_() == "pointerup" {
                    s.on_stroke(stroke.at.0, stroke.at.1, true);
                }
                s.session.end_stroke();
            });
        }
        let canvas = data.clone();
        self.on(&data, "pointerup", move |s, e| {
            if let (Some((t0, x0, y0)), Some((x, y))) = (s.press.take(), pointer_in(e, &canvas)) {
                if s.now() - t0 >= 500.0 && (x - x0).hypot(y - y0) < 10.0 {
                    let (px, py) =
                        crate::web::views::boundary::to_plane(s.plane_place.size(), x, y);
                    s.session.remove_point_at(px, py);
                    s.suppress_click = true;
                }
            }
        });
        Ok(())
    }

    /// A click on a cell of the confusion matrix marks its points (again: unmarks them).
    fn mistakes(&mut self) -> Result<(), String> {
        let table: web_sys::Element = dom::by_id("confusion")?;
        self.on(&table, "click", |s, e| {
            if let Some(cell) = crate::web::mistakes::MistakesView::cell_of(e) {
                s.marked_cell = (s.marked_cell != Some(cell)).then_some(cell);
                s.pictures_dirty = true;
                s.dirty = true;
            }
        });
        Ok(())
    }

    /// The point under the pointer, in the hidden space or the input plane: ringed in both.
    fn hidden_space(&mut self, s: &State) {
        let hidden = s.hidden_place.canvas.clone();
        // (A tap on a touch screen is a press without a move.)
        for event in ["pointermove", "pointerdown"] {
            let canvas = hidden.clone();
            self.on(&hidden, event, move |s, e| {
                let point = pointer_in(e, &canvas).and_then(|(x, y)| s.hidden_point_at(x, y));
                s.hover_point(point);
            });
        }
        let plane = s.plane_place.canvas.clone();
        let canvas = plane.clone();
        self.on(&plane, "pointermove", move |s, e| {
            let point = pointer_in(e, &canvas).and_then(|(x, y)| s.plane_point_at(x, y));
            s.hover_point(point);
        });
        // A finger lifted leaves the canvas too: its ring stays until the next tap.
        for canvas in [hidden, plane] {
            self.on(&canvas, "pointerleave", |s, e| {
                let touch = e
                    .dyn_ref::<web_sys::PointerEvent>()
                    .is_some_and(|p| p.pointer_type() == "touch");
                if !touch {
                    s.hover_point(None);
                }
            });
        }
    }

    /// The graph: hover, touch, keys and clicks on it, and the overlay's buttons.
    fn graph(&mut self, s: &State) -> Result<(), String> {
        let o = &s.overlay;
        for (feature, button) in Feature::ALL.into_iter().zip(&o.inputs) {
            self.click(button, move |s| s.session.toggle_feature(feature));
        }
        for (l, (add, remove)) in o.neurons.iter().enumerate() {
            self.click(add, move |s| s.session.reshape(Some(l), true));
            self.click(remove, move |s| s.session.reshape(Some(l), false));
        }
        for (l, select) in o.activations.iter().enumerate() {
            let picker = select.clone();
            self.on(select, "change", move |s, _| {
                let name = picker.value();
                if let Some(a) = <crate::nn::Activation as crate::names::Choice>::from_name(&name) {
                    s.session.set_layer_activation(l, a);
                }
            });
        }
        let stack: web_sys::Element = dom::by_id("graph-stack")?;
        let canvas = s.graph_place.canvas.clone();
        let touch = |e: &Event| {
            e.dyn_ref::<web_sys::PointerEvent>()
                .is_some_and(|p| p.pointer_type() != "mouse")
        };
        let on_canvas = canvas.clone();
        self.on(&stack, "pointermove", move |s, e| {
            // A finger has no hover: taps are handled on pointerdown.
            if touch(e) {
                return;
            }
            if let Some((x, y)) = pointer_in(e, &on_canvas) {
                s.on_graph_pointer(x, y);
            }
        });
        let on_canvas = canvas.clone();
        self.on(&canvas, "pointerdown", move |s, e| {
            if touch(e) {
                if let Some((x, y)) = pointer_in(e, &on_canvas) {
                    s.on_graph_touch(x, y);
                }
            }
        });
        self.on(&stack, "pointerleave", move |s, e| {
            // A tapped card stays when the finger lifts.
            if s.editing.is_none() && !touch(e) {
                s.set_hover(None);
            }
        });
        self.on(&canvas, "keydown", |s, e| {
            let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if !(key.ctrl_key() || key.meta_key() || key.alt_key()) && s.on_graph_key(&key.key()) {
                // The arrows are the graph's here, not the page's "step".
                e.prevent_default();
                e.stop_propagation();
            }
        });
        self.on(&canvas, "blur", |s, _| {
            if s.editing.is_none() && !s.overlay.card.hidden() {
                s.set_hover(None);
            }
        });
        self.click(&canvas, State::on_graph_click);
        self.on(&o.edit, "keydown", |s, e| {
            if let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) {
                match key.as_str() {
                    "Enter" => s.commit_edit(),
                    "Escape" => s.cancel_edit(),
                    _ => {}
                }
            }
        });
        self.on(&o.edit, "blur", |s, _| s.cancel_edit());
        Ok(())
    }

    /// Save and load buttons, and the file inputs.
    fn files(&mut self) -> Result<(), String> {
        let by_id = |id: &str| dom::by_id::<EventTarget>(id);
        self.click(&by_id("export-png")?, State::save_picture);
        self.click(&by_id("export-json")?, State::save_experiment);
        self.click(&by_id("export-csv")?, State::save_data);
        self.click(&by_id("export-python")?, State::save_python);
        for (id, load) in [
            ("import-json", files::Load::Experiment),
            ("import-csv", files::Load::Data),
        ] {
            let input: web_sys::HtmlInputElement = dom::by_id(id)?;
            let weak = self.state.clone();
            let chosen = input.clone();
            self.listeners
                .push(EventListener::new(&input, "change", move |_| {
                    files::on_file_chosen(&chosen, &weak, load);
                }));
        }
        Ok(())
    }

    /// Keyboard: space plays or pauses, → trains one epoch, r resets; not while typing
    /// in a field or moving a slider (whose own keys those are).
    fn keyboard(&mut self) -> Result<(), String> {
        let document = dom::document()?;
        self.on(&document, "keydown", |s, e| {
            let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let tag = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|t| t.tag_name().to_ascii_lowercase())
                .unwrap_or_default();
            let typing = matches!(tag.as_str(), "input" | "select" | "textarea");
            // On a focused button, space presses that button (the browser's own).
            let pressing = matches!(tag.as_str(), "button" | "summary") && key.key() == " ";
            if typing || pressing {
                return;
            }
            if (key.ctrl_key() || key.meta_key()) && key.key().eq_ignore_ascii_case("z") {
                // Undo the last edit of the data (outside the fields, whose own it is).
                e.prevent_default();
                s.session.undo_data();
                return;
            }
            if key.ctrl_key() || key.meta_key() || key.alt_key() {
                return;
            }
            if s.on_walk_key(&key.key()) {
                // While walking, the arrows step through the update, not through epochs.
                e.prevent_default();
                return;
            }
            match key.key().as_str() {
                " " => {
                    e.prevent_default();
                    s.session.toggle_running();
                }
                "ArrowRight" => {
                    e.prevent_default();
                    s.session.step_once();
                }
                "r" | "R" => s.session.reset(),
                _ => {}
            }
        });
        Ok(())
    }
}

/// The pointer's position relative to the top-left corner of an element's content box
/// (inside its border and padding, where a canvas draws), in CSS pixels.
pub(super) fn pointer_in(event: &Event, element: &web_sys::Element) -> Option<(f64, f64)> {
    event.dyn_ref::<web_sys::MouseEvent>()?;
    // clientX/Y as the fractional numbers browsers give (web-sys reads them as integers).
    let coordinate = |name: &str| js_sys::Reflect::get(event, &name.into()).ok()?.as_f64();
    let rect = element.get_bounding_client_rect();
    let (left, top) = dom::content_offset(element);
    Some((
        coordinate("clientX")? - rect.left() - left,
        coordinate("clientY")? - rect.top() - top,
    ))
}
