//! Where things are shown, decided in one place: the view open beside the network (the
//! config's `view`, shown as `.columns.view-<name>` and the tabs' `aria-selected`), the
//! lesson's card (a lesson's step, or the lessons to choose from; folded; moved to the
//! other side), the top bar's less used settings on a phone, and the canvases measured
//! again whenever a box of the layout changes size. `www/style.css` places the boxes by
//! these classes; nothing here measures or positions anything itself.

use super::wiring::Wiring;
use super::State;
use crate::config::Pane;
use crate::names::Choice;
use crate::web::dom;
use wasm_bindgen::prelude::*;

pub(super) struct Layout {
    columns: web_sys::Element,
    /// Each view's tab, in the page's order.
    tabs: Vec<(Pane, web_sys::HtmlElement)>,
    /// The view the classes were last set for.
    shown: Option<Pane>,
    dock: web_sys::HtmlElement,
    chooser_list: web_sys::HtmlElement,
    lesson: web_sys::HtmlElement,
    lessons_button: web_sys::Element,
    fold: web_sys::Element,
    /// The card shows the lessons to choose from (rather than the lesson's step).
    chooser: bool,
    /// The card is folded to its title line.
    folded: bool,
}

impl Layout {
    pub(super) fn find() -> Result<Layout, String> {
        let mut tabs = Vec::new();
        for pane in Pane::all() {
            tabs.push((pane, dom::by_id(&format!("tab-{}", pane.name()))?));
        }
        Ok(Layout {
            columns: dom::by_id("columns")?,
            tabs,
            shown: None,
            dock: dom::by_id("lessons")?,
            chooser_list: dom::by_id("lesson-buttons")?,
            lesson: dom::by_id("lesson")?,
            lessons_button: dom::by_id("lessons-button")?,
            fold: dom::by_id("lesson-fold")?,
            chooser: false,
            folded: false,
        })
    }
}

impl State {
    /// The view the config opens: its tab selected, its pane shown (the canvases then
    /// measured again, by the resize observer).
    pub(super) fn show_view(&mut self) {
        let pane = self.session.config().view.pane;
        let layout = &mut self.layout;
        if layout.shown == Some(pane) {
            return;
        }
        if let Some(old) = layout.shown {
            let _ = layout
                .columns
                .class_list()
                .remove_1(&format!("view-{}", old.name()));
        }
        let _ = layout
            .columns
            .class_list()
            .add_1(&format!("view-{}", pane.name()));
        layout.shown = Some(pane);
        for (p, tab) in &layout.tabs {
            let selected = *p == pane;
            let _ = tab.set_attribute("aria-selected", if selected { "true" } else { "false" });
            // One tab in the page's Tab order; the arrows move between them.
            tab.set_tab_index(if selected { 0 } else { -1 });
        }
        self.dirty = true;
    }

    /// The lesson's card: shown with a lesson or the lessons to choose from, folded or
    /// not; the top bar's Lessons button says whether it is open.
    pub(super) fn show_dock(&mut self) {
        let lesson = self.session.lesson().is_some();
        let lang = self.lang();
        let l = &mut self.layout;
        let open = lesson || l.chooser;
        l.dock.set_hidden(!open);
        let _ = l.dock.class_list().toggle_with_force("has-lesson", lesson);
        let _ = l.dock.class_list().toggle_with_force("folded", l.folded);
        l.chooser_list.set_hidden(lesson && !l.chooser);
        l.lesson.set_hidden(!lesson || l.chooser);
        let _ = l
            .lessons_button
            .set_attribute("aria-expanded", if open { "true" } else { "false" });
        let _ = l
            .fold
            .set_attribute("aria-expanded", if l.folded { "false" } else { "true" });
        let (sign, label) = if l.folded {
            ("+", "ui.lessonUnfold")
        } else {
            ("–", "ui.lessonFold")
        };
        l.fold.set_text_content(Some(sign));
        let _ = l.fold.set_attribute("aria-label", lang.t(label));
    }

    /// The top bar's Lessons button: the lessons to choose from, or the card closed
    /// again (the lesson, if one is open, stays).
    fn toggle_chooser(&mut self) {
        let l = &mut self.layout;
        let listed = !l.dock.hidden() && (l.chooser || self.session.lesson().is_none());
        l.chooser = !listed;
        l.folded = false;
        self.show_dock();
    }

    /// A lesson chosen (or opened by a link or the API): its step shows, unfolded, and the
    /// page is at its top, where the card and the view are.
    pub(super) fn lesson_opened(&mut self) {
        self.layout.chooser = false;
        self.layout.folded = false;
        if let Ok(w) = dom::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
        self.show_dock();
    }

    fn fold_dock(&mut self) {
        self.layout.folded = !self.layout.folded;
        self.show_dock();
    }

    fn close_dock(&mut self) {
        self.layout.chooser = false;
        self.session.close_lesson();
        self.show_dock();
    }

    /// The arrow keys, Home and End on the tabs: the tab before or after the selected one
    /// (wrapping), the first or the last, among the tabs this screen shows; opened and
    /// focused. False for any other key.
    fn key_on_tabs(&mut self, key: &str) -> bool {
        let shown: Vec<(Pane, web_sys::HtmlElement)> = self
            .layout
            .tabs
            .iter()
            .filter(|(_, t)| t.offset_parent().is_some())
            .cloned()
            .collect();
        let n = shown.len();
        let pane = self.session.config().view.pane;
        let at = shown.iter().position(|(p, _)| *p == pane).unwrap_or(0);
        let to = match key {
            "ArrowRight" | "ArrowDown" => (at + 1) % n.max(1),
            "ArrowLeft" | "ArrowUp" => (at + n.max(1) - 1) % n.max(1),
            "Home" => 0,
            "End" => n.saturating_sub(1),
            _ => return false,
        };
        if let Some((next, tab)) = shown.get(to) {
            self.session.show_view(*next);
            let _ = tab.focus();
        }
        true
    }
}

fn toggle_class(id: &str, class: &str) -> Option<bool> {
    let e: web_sys::Element = dom::by_id(id).ok()?;
    e.class_list().toggle(class).ok()
}

impl Wiring {
    /// The tabs (click, arrows, Home and End), the Lessons button, the card's fold, move
    /// and close buttons, the phone's settings button; and a resize observer on the
    /// layout's boxes, which measures the canvases again when any of them changes size.
    pub(super) fn layout(&mut self, s: &State) -> Result<(), String> {
        for (pane, tab) in &s.layout.tabs {
            let pane = *pane;
            self.click(tab, move |s| s.session.show_view(pane));
        }
        self.on(&dom::by_id("view-tabs")?, "keydown", |s, e| {
            if let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                if s.key_on_tabs(&key.key()) {
                    // The arrows are the tabs' here, not the page's (a step, the timeline).
                    e.prevent_default();
                    e.stop_propagation();
                }
            }
        });
        self.click(&dom::by_id("lessons-button")?, State::toggle_chooser);
        self.click(&dom::by_id("lesson-fold")?, State::fold_dock);
        self.click(&dom::by_id("lesson-close")?, State::close_dock);
        self.click(&dom::by_id("lesson-place")?, |s| {
            if let Some(body) = dom::document().ok().and_then(|d| d.body()) {
                let _ = body.class_list().toggle("dock-moved");
            }
            s.dirty = true;
        });
        self.click(&dom::by_id("settings-button")?, |_| {
            let open = toggle_class("topbar", "open").unwrap_or(false);
            if let Ok(b) = dom::by_id::<web_sys::Element>("settings-button") {
                let _ = b.set_attribute("aria-expanded", if open { "true" } else { "false" });
            }
        });
        self.observe_layout()
    }
}

/// The boxes whose size decides the canvases' sizes.
const OBSERVED: [&str; 7] = [
    "columns",
    "network-panel",
    "output-panel",
    "plane-row",
    "hidden-space-panel",
    "mistakes-panel",
    "lessons",
];

impl Wiring {
    /// A change of any layout box's size (a view opened, the card folded, moved or grown,
    /// the window resized) measures the canvases again, once per change.
    fn observe_layout(&mut self) -> Result<(), String> {
        let weak = self.state.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| {
            if let Some(state) = weak.upgrade() {
                if let Ok(mut state) = state.try_borrow_mut() {
                    state.fit_canvases();
                }
            }
        });
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref())
            .map_err(|_| "this browser has no ResizeObserver".to_string())?;
        for id in OBSERVED {
            observer.observe(&dom::by_id::<web_sys::Element>(id)?);
        }
        self.resizes = Some((observer, callback));
        Ok(())
    }
}
