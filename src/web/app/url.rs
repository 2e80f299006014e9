//! The URL hash and the share link: the config written into them after every change,
//! and read from them at start and when a link is pasted into an open page.

use super::State;
use crate::web::dom;
use wasm_bindgen::JsValue;

impl State {
    /// Writes the config into the URL hash (replacing the history entry: dragging a slider
    /// does not fill the back button) and into the classroom's share link.
    pub(super) fn sync_url(&mut self) {
        let hash = self.session.link();
        let Ok(window) = dom::window() else {
            return;
        };
        if hash != self.written_hash {
            if let Ok(history) = window.history() {
                let _ =
                    history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{hash}")));
            }
            self.written_hash = hash.clone();
        }
        // The address without its hash (also right for a file opened from disk, whose
        // origin is "null").
        let href = window.location().href().unwrap_or_default();
        let base = href.split('#').next().unwrap_or_default();
        self.controls
            .share_link
            .set_value(&format!("{base}#{hash}"));
    }

    /// The hash changed (a link pasted into this tab, the back button).
    pub(super) fn on_hash_change(&mut self) {
        let hash = dom::window()
            .and_then(|w| w.location().hash().map_err(|_| String::new()))
            .unwrap_or_default();
        let hash = hash.strip_prefix('#').unwrap_or(&hash).to_string();
        if hash != self.written_hash {
            self.session.load_hash(&hash);
            if self.session.lesson().is_some() {
                self.lesson_opened();
            }
        }
    }
}
