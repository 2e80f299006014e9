//! "Step through" on the page: the bar under the graph (start, previous, play, next, the
//! pace, done), the stage's caption (a polite live region), the worked example's block of
//! the stage highlighted, and the keys while walking (← → P Escape). The stages and their
//! numbers are the Session's and `crate::walk`'s; the graph draws the picture the scene
//! carries.

use super::State;
use crate::i18n::Lang;
use crate::web::dom::{self, TextSlot};
use crate::web::inspector;

pub(super) struct WalkView {
    start: web_sys::HtmlElement,
    controls: web_sys::HtmlElement,
    play: web_sys::HtmlElement,
    caption: TextSlot,
    caption_element: web_sys::HtmlElement,
    /// What the graph shows at the stage (refilled when the scene is built).
    pub(super) picture: crate::walk::WalkPicture,
    /// What the bar and the caption were written for: the stage, playing, the revision,
    /// the language.
    written: Option<(Option<usize>, bool, u64, Lang)>,
    /// The stage the worked example was last highlighted for.
    pub(super) marked: Option<usize>,
}

impl WalkView {
    pub(super) fn find() -> Result<WalkView, String> {
        Ok(WalkView {
            start: dom::by_id("walk-start")?,
            controls: dom::by_id("walk-controls")?,
            play: dom::by_id("walk-play")?,
            caption: TextSlot::new("walk-caption")?,
            caption_element: dom::by_id("walk-caption")?,
            picture: Default::default(),
            written: None,
            marked: None,
        })
    }
}

impl State {
    /// The keys while walking: ← → the stages, P plays or pauses, Escape ends; true when
    /// the key was the walk's.
    pub(super) fn on_walk_key(&mut self, key: &str) -> bool {
        let Some(walk) = self.session.walk() else {
            return false;
        };
        match key {
            "ArrowRight" => self.session.step_walk(1),
            "ArrowLeft" => self.session.step_walk(-1),
            "p" | "P" => self.session.play_walk(!walk.playing),
            "Escape" => self.session.end_walk(),
            _ => return false,
        }
        true
    }

    /// The bar, the caption and the worked example's highlight, as the walk is.
    pub(super) fn show_walk(&mut self) {
        let lang = self.lang();
        let walk = self.session.walk();
        let stage = self.session.walk_stage();
        let written = Some((
            walk.map(|w| w.stage),
            walk.is_some_and(|w| w.playing),
            self.session.revision(),
            lang,
        ));
        if written != self.walk.written {
            self.walk.written = written;
            self.walk.start.set_hidden(walk.is_some());
            self.walk.controls.set_hidden(walk.is_none());
            self.walk.caption_element.set_hidden(walk.is_none());
            let key = if walk.is_some_and(|w| w.playing) {
                "walk.pause"
            } else {
                "walk.play"
            };
            self.walk.play.set_text_content(Some(lang.t(key)));
            let index = self.session.inspected();
            let caption = stage
                .zip(self.session.inspect(index))
                .map(|(stage, ins)| stage.caption(&ins).render(lang));
            self.walk.caption.set(caption.as_deref().unwrap_or(""));
        }
        self.mark_walk_stage();
    }

    /// Highlights the worked example's blocks of the walk's stage (again after the
    /// worked example was rebuilt: `marked` is cleared then).
    pub(super) fn mark_walk_stage(&mut self) {
        let layers = self.session.trainer().network().layers.len();
        let stage = self.session.walk_stage().map(|s| s.index(layers));
        if stage != self.walk.marked {
            inspector::mark_stage(&self.page.inspector_math, stage);
            self.walk.marked = stage;
        }
    }
}
