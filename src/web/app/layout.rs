//! Where things are shown, decided in one place: the view open beside the network (the
//! config's `view`, shown as `.columns.view-<name>` and the tabs' `aria-selected`), the
//! lesson's card (a lesson's step, or the lessons to choose from; folded; moved to the
//! other place), the top bar's less used settings on a phone, and the canvases measured
//! again whenever a box of the layout changes size. `www/style.css` places the boxes by
//! these classes; nothing here measures or positions anything itself.

use super::wiring::Wiring;
use super::State;
use crate::config::Pane;
use crate::names::Choice;
use crate::web::dom;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The width that tells a phone (as in `www/style.css`): one view at a time, the data and
/// the output among the tabs.
const PHONE: &str = "(max-width: 760px)";

pub(super) struct Layout {
    pub(super) stage: web_sys::Element,
    columns: web_sys::Element,
    topbar: web_sys::Element,
    settings: web_sys::Element,
    /// Each view's tab, in the page's order.
    tabs: Vec<(Pane, web_sys::HtmlElement)>,
    /// The view the classes were last set for, and whether the screen was a phone's.
    shown: Option<(Pane, bool)>,
    /// The tab selected for it.
    selected: Pane,
    phone: Option<web_sys::MediaQueryList>,
    dock: web_sys::HtmlElement,
    chooser_list: web_sys::HtmlElement,
    lesson: web_sys::HtmlElement,
    lessons_button: web_sys::Element,
    fold: web_sys::Element,
    /// The card shows the lessons to choose from (rather than the lesson's step).
    chooser: bool,
    /// The card is folded to its title line.
    folded: bool,
    /// The card is at the other place than this screen's own (the side or the bottom).
    moved: bool,
    /// The phone's less used settings are shown.
    settings_open: bool,
}

impl Layout {
    pub(super) fn find() -> Result<Layout, String> {
        // In the page's order (the arrow keys follow it), each named by its view.
        let list = dom::document()?
            .query_selector_all("#view-tabs [role=tab]")
            .map_err(|_| "no tabs")?;
        let mut tabs = Vec::new();
        for k in 0..list.length() {
            let tab: web_sys::HtmlElement = list
                .item(k)
                .and_then(|t| t.dyn_into().ok())
                .ok_or("a tab is not an element")?;
            let pane = tab
                .get_attribute("data-view")
                .and_then(|v| Pane::from_name(&v))
                .ok_or("a tab names no view")?;
            tabs.push((pane, tab));
        }
        Ok(Layout {
            stage: dom::by_id("stage")?,
            columns: dom::by_id("columns")?,
            topbar: dom::by_id("topbar")?,
            settings: dom::by_id("settings-button")?,
            tabs,
            shown: None,
            selected: Pane::Network,
            phone: dom::window()?.match_media(PHONE).ok().flatten(),
            dock: dom::by_id("lessons")?,
            chooser_list: dom::by_id("lesson-buttons")?,
            lesson: dom::by_id("lesson")?,
            lessons_button: dom::by_id("lessons-button")?,
            fold: dom::by_id("lesson-fold")?,
            chooser: false,
            folded: false,
            moved: false,
            settings_open: false,
        })
    }
}

impl State {
    /// The view the config opens: its pane shown, its tab selected (on a wide screen the
    /// network's tab stands for the output and the data, which are always shown there).
    /// Called after every change of the config and of the layout's size; the canvases
    /// are then measured again by the resize observer.
    pub(super) fn show_view(&mut self) {
        let pane = self.session.config().view.pane;
        let layout = &mut self.layout;
        let phone = layout.phone.as_ref().is_some_and(|q| q.matches());
        if layout.shown == Some((pane, phone)) {
            return;
        }
        if let Some((old, _)) = layout.shown {
            let _ = layout
                .columns
                .class_list()
                .remove_1(&format!("view-{}", old.name()));
        }
        let _ = layout
            .columns
            .class_list()
            .add_1(&format!("view-{}", pane.name()));
        layout.shown = Some((pane, phone));
        let selected = match pane {
            Pane::Output | Pane::Data if !phone => Pane::Network,
            _ => pane,
        };
        layout.selected = selected;
        for (p, tab) in &layout.tabs {
            let on = *p == selected;
            let _ = tab.set_attribute("aria-selected", if on { "true" } else { "false" });
            // One tab in the page's Tab order; the arrows move between them.
            tab.set_tab_index(if on { 0 } else { -1 });
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
        let _ = l
            .stage
            .class_list()
            .toggle_with_force("dock-moved", l.moved);
        let _ = l
            .topbar
            .class_list()
            .toggle_with_force("open", l.settings_open);
        let _ = l.settings.set_attribute(
            "aria-expanded",
            if l.settings_open { "true" } else { "false" },
        );
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

    fn move_dock(&mut self) {
        self.layout.moved = !self.layout.moved;
        self.show_dock();
    }

    fn toggle_settings(&mut self) {
        self.layout.settings_open = !self.layout.settings_open;
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
        let selected = self.layout.selected;
        let at = shown.iter().position(|(p, _)| *p == selected).unwrap_or(0);
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
        self.click(&dom::by_id("lesson-place")?, State::move_dock);
        self.click(&s.layout.settings, State::toggle_settings);
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
    /// Tells the state whether the inspector is on screen (an IntersectionObserver: no
    /// layout is forced to find out).
    pub(super) fn observe_inspector(&mut self) {
        let weak = self.state.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let visible = entries.iter().any(|e| {
                e.dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if let Some(state) = weak.upgrade() {
                if let Ok(mut state) = state.try_borrow_mut() {
                    state.inspector_visible = visible;
                    if visible {
                        state.dirty = true;
                    }
                }
            }
        });
        if let (Ok(observer), Ok(target)) = (
            web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()),
            dom::by_id::<web_sys::Element>("inspector"),
        ) {
            observer.observe(&target);
            self.observer = Some((observer, callback));
        }
    }

    /// A change of any layout box's size (a view opened, the card folded, moved or grown,
    /// the window resized or zoomed) measures the canvases again, once per change, and
    /// the tabs follow a change between a phone's width and a wider one.
    fn observe_layout(&mut self) -> Result<(), String> {
        let weak = self.state.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| {
            if let Some(state) = weak.upgrade() {
                if let Ok(mut state) = state.try_borrow_mut() {
                    state.show_view();
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
