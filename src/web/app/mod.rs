//! The page around a `Session`: the views, the controls and the page's own state (what
//! is being edited, the language it is written in, when the screen reader last heard).
//! The Session decides; `State::sync` makes the page show what it decided.
//!
//! Split by job: `api` (the JS API, `window.nnlab`), `wiring` (the DOM events, each a
//! Session command), `render` (drawing a frame), `editing` (the graph's hover and typed
//! weights), `teaching` (the worked example, lessons, the data's clicks), `files`
//! (downloads and chosen files), `url` (the URL hash and share link).

use super::controls::Controls;
use super::dom::TextSlot;
use super::overlay::Overlay;
use super::pictures::Pictures;
use super::views::{
    gradients::GradientView, graph::Geometry, loss_chart::LossChart, palette::Palette,
    surface::Placement, tiles,
};
use crate::config::PaletteChoice;
use crate::i18n::Lang;
use crate::session::{Session, Target};
use wasm_bindgen::JsCast;

mod api;
mod class;
mod class_api;
mod class_lesson;
mod class_view;
mod digits;
mod editing;
mod files;
mod hidden;
mod layout;
mod lessons;
mod neurons;
mod render;
mod runs;
mod teaching;
mod text;
mod timeline;
mod url;
mod walk;
mod wiring;

pub use api::App;

use teaching::Page;

/// The Session's counters the page last showed (see `Session::revision`).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Seen {
    revision: u64,
    config: u64,
    notice: u64,
    lesson: Option<crate::session::LessonState>,
}

/// A press on the data plane: by a finger or not, where and when (the page's clock, ms),
/// and whether it paints (or erases) yet: a mouse at once, a finger once it moves.
#[derive(Clone, Copy)]
struct StrokeStart {
    touch: bool,
    at: (f64, f64),
    since: f64,
    painting: bool,
}

/// What the hidden space's caption was written for: the axes, the shown layer's width and
/// the output's, the layers, the language.
type HiddenCaption = (
    Option<crate::hidden::Axes>,
    Option<(usize, Option<(usize, crate::nn::Activation)>)>,
    usize,
    Lang,
);

pub(super) struct State {
    session: Session,
    /// Something changed since the last drawing.
    dirty: bool,
    seen: Option<Seen>,
    /// The network graph and the input plane: drawn by a worker, or here.
    pictures: Pictures,
    /// The pictures changed since they were last drawn or posted.
    pictures_dirty: bool,
    /// What they show (refilled each time).
    scene: crate::scene::Scene,
    /// The page said the pictures stopped.
    pictures_failure_told: bool,
    /// The graph's canvases and the plane's, where the page shows them; and where the
    /// graph's nodes are on them (for the pointer, the keyboard and the overlay).
    graph_place: Placement,
    links_canvas: web_sys::HtmlCanvasElement,
    plane_place: Placement,
    /// The hidden space: its canvas, the panel around it, its caption (and what the
    /// caption says), the space computed for the pointer, and the point under the pointer
    /// (training then test, in the data's order) in it or in the plane.
    hidden_place: Placement,
    hidden_body: web_sys::HtmlElement,
    hidden_caption: TextSlot,
    hidden_caption_shown: Option<HiddenCaption>,
    hidden_space: crate::hidden::HiddenSpace,
    hovered_point: Option<usize>,
    /// The mistakes panel, and the cell of its matrix (true class, given class) whose
    /// points are marked.
    mistakes: crate::web::mistakes::MistakesView,
    marked_cell: Option<(usize, usize)>,
    geometry: Geometry,
    /// What the graph shows highlighted (the Session's hover, once shown).
    highlight: Option<Target>,
    /// The textbook example's inputs and every node's value for its sample.
    plain_values: Vec<f64>,
    /// Type and line size: 1, or larger in presentation mode.
    scale: f64,
    /// The dataset tiles' colours.
    palette: Palette,
    loss_chart: LossChart,
    /// The loss chart's scrubber: the bar under it, the readout, the pointer.
    timeline: timeline::TimelineView,
    /// "Step through": its bar under the graph and the picture the graph shows.
    walk: walk::WalkView,
    /// The press on the plane that may paint or erase, until it is released.
    stroke: Option<StrokeStart>,
    /// Each hidden layer's activation, as the pickers under the graph show it (reused).
    layer_activations: Vec<crate::nn::Activation>,
    /// The compared runs' cards.
    runs: runs::RunsPanel,
    /// The digits' pad, probabilities and gallery.
    digits: digits::DigitsPanel,
    /// Text mode: what the network writes, the next character's bars, the embedding.
    text: text::TextPanel,
    /// Each hidden layer's dropout rate, as the overlay shows them (reused).
    layer_dropouts: Vec<f64>,
    /// The hidden neuron (layer, neuron, from 0) whose menu is open, and whether it was
    /// opened from the keyboard (closing it gives the graph the keys back).
    neuron_menu: Option<(usize, usize, bool)>,
    controls: Controls,
    overlay: Overlay,
    /// Where the pointer is in the graph (CSS px), and the weight or bias being edited.
    hover_at: (f64, f64),
    editing: Option<Target>,
    caption: TextSlot,
    /// What the caption says, in which language (its text is made only when this changes).
    caption_shown: Option<(crate::session::Heatmap, Lang)>,
    /// The URL hash last written, so the page does not react to its own change.
    written_hash: String,
    gradients: GradientView,
    /// The inspector: the neuron shown in wide layers, whether its numbers are out of
    /// date, and when they were last shown (ms).
    inspect_focus: usize,
    inspector_dirty: bool,
    inspector_shown_at: f64,
    /// Whether any of the inspector is on screen (rebuilding its formulas while training
    /// is skipped when nobody can see them: the layout of a few hundred MathML elements
    /// costs frames).
    inspector_visible: bool,
    page: Page,
    lessons: lessons::LessonPanel,
    /// The live class session: its panel, its socket, the page's seat in the room.
    class: class::ClassPanel,
    /// What is shown where: the open view, the lesson's card.
    layout: layout::Layout,
    /// The browser's language, and the one the page was last written in.
    browser_lang: Lang,
    labelled_for: Option<Lang>,
    /// The presentation mode, palette and language the views were last styled for.
    styled_for: Option<(bool, PaletteChoice, Lang)>,
    /// The live region, when it last spoke and the running state it last reported.
    announcer: TextSlot,
    announced_at: f64,
    announced_running: Option<bool>,
    /// The click that follows a first tap on the graph only shows the card.
    suppress_graph_click: bool,
    /// The weight being edited was chosen with the keyboard (focus returns to the graph).
    edit_from_keyboard: bool,
    /// A touch press on the data (time, position), to tell a long press.
    press: Option<(f64, f64, f64)>,
    suppress_click: bool,
    /// Milliseconds the last frame spent training, then drawing the grid, the boundary,
    /// the graph (the worker's last times when it draws them), the loss chart and the
    /// hidden space (the worker's, or here).
    timings: [f64; 6],
    clock: Option<web_sys::Performance>,
    /// The speed note beside the speed picker, and what it last said (in which language).
    speed_actual: TextSlot,
    speed_note_shown: Option<((u64, f64), Lang)>,
    /// Beside the epoch: how far the epoch trained in parts is ("+40 %").
    epoch_part: TextSlot,
}

impl State {
    /// Finds the page's elements; the session starts with the experiment in the URL.
    /// `pictures`: where the network graph and the input plane are drawn.
    fn new(session: Session, pictures: Pictures) -> Result<State, String> {
        Ok(State {
            session,
            dirty: true,
            seen: None,
            graph_place: Placement::new("network-canvas")?,
            links_canvas: super::dom::by_id("links-canvas")?,
            plane_place: Placement::new("boundary-canvas")?,
            hidden_place: Placement::new("hidden-canvas")?,
            hidden_body: super::dom::by_id("hidden-body")?,
            hidden_caption: TextSlot::new("hidden-caption")?,
            hidden_caption_shown: None,
            hidden_space: crate::hidden::HiddenSpace::default(),
            hovered_point: None,
            mistakes: crate::web::mistakes::MistakesView::find()?,
            marked_cell: None,
            pictures,
            pictures_dirty: true,
            scene: crate::scene::Scene::default(),
            pictures_failure_told: false,
            geometry: Geometry::default(),
            highlight: None,
            plain_values: Vec::new(),
            scale: 1.0,
            palette: Palette::new(),
            loss_chart: LossChart::new("loss-canvas")?,
            timeline: timeline::TimelineView::find()?,
            walk: walk::WalkView::find()?,
            layer_activations: Vec::new(),
            layer_dropouts: Vec::new(),
            runs: runs::RunsPanel::new()?,
            digits: digits::DigitsPanel::find()?,
            text: text::TextPanel::find()?,
            neuron_menu: None,
            stroke: None,
            controls: Controls::find()?,
            overlay: Overlay::new("graph-overlay")?,
            hover_at: (0.0, 0.0),
            editing: None,
            caption: TextSlot::new("boundary-caption")?,
            caption_shown: None,
            written_hash: String::new(),
            gradients: GradientView::new("gradient-canvas")?,
            inspect_focus: 0,
            inspector_dirty: true,
            inspector_shown_at: 0.0,
            inspector_visible: true,
            page: Page::find()?,
            lessons: lessons::LessonPanel::find()?,
            class: class::ClassPanel::find()?,
            layout: layout::Layout::find()?,
            browser_lang: super::lang::browser_lang(),
            labelled_for: None,
            styled_for: None,
            announcer: TextSlot::new("announce")?,
            announced_at: 0.0,
            announced_running: None,
            suppress_graph_click: false,
            edit_from_keyboard: false,
            press: None,
            suppress_click: false,
            timings: [0.0; 6],
            clock: web_sys::window().and_then(|w| w.performance()),
            speed_actual: TextSlot::new("speed-actual")?,
            speed_note_shown: None,
            epoch_part: TextSlot::new("epoch-part")?,
        })
    }

    /// Makes the page show what the Session decided, after any command or frame: the
    /// config on the controls (and the URL, the language, the styles), the message, the
    /// hover, and a drawing when anything visible moved.
    fn sync(&mut self) {
        let seen = self.seen.unwrap_or_default();
        let first = self.seen.is_none();
        if first || self.session.config_revision() != seen.config {
            self.config_changed();
        }
        if self.session.hover() != self.highlight {
            // The Session ended the hover (a new network): the card and the edit go too.
            self.editing = None;
            self.show_hover(self.session.hover());
        }
        if first || self.session.notice_revision() != seen.notice {
            self.controls.show_notice(self.session.notice());
        }
        let lesson = self.session.lesson_state();
        if lesson != seen.lesson {
            self.show_lesson();
        }
        if first || self.session.revision() != seen.revision {
            self.inspector_dirty = true;
            self.dirty = true;
        }
        self.seen = Some(Seen {
            revision: self.session.revision(),
            config: self.session.config_revision(),
            notice: self.session.notice_revision(),
            lesson,
        });
        self.class_sync();
    }

    /// After any change of the config: the controls, the URL and the share link follow.
    fn config_changed(&mut self) {
        self.relabel();
        self.controls.show_config(self.session.config());
        self.restyle();
        self.show_view();
        self.build_data_controls();
        self.show_hidden_space();
        self.sync_url();
        self.inspector_dirty = true;
        self.dirty = true;
    }

    /// The page's language: the config's, else the browser's.
    fn lang(&self) -> Lang {
        self.session
            .config()
            .screen
            .lang
            .unwrap_or(self.browser_lang)
    }

    /// Writes the whole page in the config's language (else the browser's) when it changed:
    /// the fixed text, the text the code writes, the canvases' words.
    fn relabel(&mut self) {
        let lang = self.lang();
        if self.labelled_for == Some(lang) {
            return;
        }
        self.labelled_for = Some(lang);
        for key in super::lang::apply_static(lang) {
            web_sys::console::warn_1(&format!("no text for {key}").into());
        }
        self.controls.set_lang(lang);
        self.overlay.set_lang(lang);
        for (button, lesson) in self
            .page
            .lesson_buttons
            .iter()
            .zip(&crate::session::LESSONS)
        {
            button.set_text_content(Some(lang.t(lesson.title)));
            let _ = button.set_attribute("title", lang.t("tip.lesson"));
        }
        self.show_lesson();
        // The card is written in the old language: it goes.
        self.end_hover();
        self.announced_running = None;
        self.page.built_for = None;
        self.build_data_controls();
        self.inspector_dirty = true;
        self.dirty = true;
    }

    /// Presentation mode (larger type, thicker lines, bigger points), the palette and the
    /// words drawn on the canvases, on every view, when any of them changed.
    fn restyle(&mut self) {
        let config = self.session.config();
        let lang = self.lang();
        let style = (config.screen.presentation, config.screen.palette, lang);
        if self.styled_for == Some(style) {
            return;
        }
        self.styled_for = Some(style);
        let scale = if config.screen.presentation { 1.6 } else { 1.0 };
        self.palette = match config.screen.palette {
            PaletteChoice::Standard => Palette::new(),
            PaletteChoice::ColorBlind => Palette::colour_blind(0.0),
        };
        // The page's own sizes change with presentation mode: canvases are measured again.
        self.fit_canvases();
        // The pictures take the scale, the palette and the language from the scene.
        self.scale = scale;
        self.geometry.scale = scale;
        self.loss_chart.restyle(scale, lang);
        self.gradients.restyle(scale, lang);
        for (dataset, tile) in &self.controls.tiles {
            if let Some(canvas) = tile
                .query_selector("canvas")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into().ok())
            {
                tiles::draw_tile(&canvas, *dataset, &self.palette);
            }
        }
        self.dirty = true;
    }

    fn fit_canvases(&mut self) {
        self.graph_place.fit();
        self.plane_place.fit();
        self.hidden_place.fit();
        self.mistakes.fit();
        self.gradients.fit();
        self.loss_chart.surface.fit();
        self.digits.refit();
        self.text.refit();
        self.dirty = true;
    }

    fn now(&self) -> f64 {
        now(&self.clock)
    }

    /// One animation frame: the Session trains (when playing) with the page's clock, then
    /// the page shows the result, drawing only if something changed.
    fn frame(&mut self) {
        let clock = &self.clock;
        let outcome = self.session.frame(&|| now(clock));
        self.timings[0] = outcome.training_ms;
        self.sync();
        self.show_speed_note();
        if self.pictures.poll() {
            self.pictures_dirty = true;
        }
        // The hidden space's axes still move towards its values: drawn again.
        if self.pictures.hidden_shown().easing && self.pictures.pending() == 0 {
            self.pictures_dirty = true;
        }
        if !self.pictures_failure_told {
            if let Some(error) = self.pictures.error() {
                // The worker failed while it had the canvases (they cannot come back):
                // said once; the rest of the page goes on.
                self.pictures_failure_told = true;
                self.session
                    .say(crate::text!("msg.picturesStopped", error = error));
                self.sync();
            }
        }
        if self.dirty {
            self.render();
            self.dirty = false;
        }
        if self.pictures_dirty {
            self.show_pictures();
        }
    }
}

/// Milliseconds from the page's clock (0 without one).
fn now(clock: &Option<web_sys::Performance>) -> f64 {
    clock.as_ref().map_or(0.0, |p| p.now())
}
