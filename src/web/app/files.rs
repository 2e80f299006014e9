//! Saving and loading through the page: downloads of the picture, the experiment (JSON)
//! and the data (CSV), and files chosen by the user, read and checked by `crate::io`
//! before anything changes.

use super::State;
use crate::i18n::Text;
use crate::io;
use crate::text;
use crate::web::dom;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`.
fn download_text(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot make the file")?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot link the file")?;
    let result = download_url(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}

/// Clicks a temporary `<a download>` for `url`.
fn download_url(name: &str, url: &str) -> Result<(), String> {
    let a: web_sys::HtmlAnchorElement = dom::document()?
        .create_element("a")
        .map_err(|_| "cannot make a link")?
        .dyn_into()
        .map_err(|_| "cannot make a link")?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

impl State {
    pub(super) fn export_json(&self) -> String {
        io::export_json(&self.trainer)
    }

    pub(super) fn export_csv(&self) -> String {
        io::export_csv(&self.trainer)
    }

    pub(super) fn save_experiment(&mut self) {
        let text = self.export_json();
        if let Err(e) = download_text("nnlab-experiment.json", &text, "application/json") {
            self.controls
                .show_message(Some(text!("msg.downloadFailed", error = e)));
        }
    }

    pub(super) fn save_data(&mut self) {
        let text = self.export_csv();
        if let Err(e) = download_text("nnlab-data.csv", &text, "text/csv") {
            self.controls
                .show_message(Some(text!("msg.downloadFailed", error = e)));
        }
    }

    /// The network, the boundary and the loss chart side by side, as one PNG.
    pub(super) fn save_picture(&mut self) {
        let result = (|| -> Result<(), String> {
            let canvases = [
                &self.graph.links_surface.canvas,
                &self.graph.surface.canvas,
                &self.boundary.surface.canvas,
                &self.loss_chart.surface.canvas,
            ];
            let (picture, ctx) = crate::web::views::surface::offscreen_canvas()?;
            let graph_w = self.graph.surface.canvas.width();
            let width = graph_w
                + self.boundary.surface.canvas.width()
                + self.loss_chart.surface.canvas.width();
            let height = canvases.iter().map(|c| c.height()).max().unwrap_or(1);
            picture.set_width(width);
            picture.set_height(height);
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            let mut x = 0.0;
            for (i, canvas) in canvases.iter().enumerate() {
                let _ = ctx.draw_image_with_html_canvas_element(canvas, x, 0.0);
                // The links canvas lies under the nodes: both at the same place.
                if i != 0 {
                    x += f64::from(canvas.width());
                }
            }
            let url = picture
                .to_data_url_with_type("image/png")
                .map_err(|_| "cannot make the picture")?;
            download_url("nnlab.png", &url)
        })();
        if let Err(e) = result {
            self.controls
                .show_message(Some(text!("msg.downloadFailed", error = e)));
        }
    }

    /// A saved experiment: the whole trainer replaced, or a message and nothing changed.
    pub(super) fn load_experiment(&mut self, text: &str) -> Result<(), String> {
        match io::import_json(text) {
            Ok(mut trainer) => {
                // The file's experiment, shown the way this screen shows things.
                let mut config = trainer.config().clone();
                config.keep_display_of(self.trainer.config());
                let _ = trainer.set_config(config);
                self.trainer = trainer;
                self.running = false;
                self.end_hover();
                self.after_reset();
                self.config_changed();
                self.controls.show_message(None);
                Ok(())
            }
            Err(e) => Err(self.refuse("msg.experimentRefused", &e)),
        }
    }

    /// A data file: the points replaced (the network kept), or a message and nothing
    /// changed.
    pub(super) fn load_data(&mut self, text: &str) -> Result<(), String> {
        match io::import_csv(&self.trainer, text) {
            Ok((train, test)) => {
                self.trainer.replace_data(train, test);
                self.data_edited();
                self.controls.show_message(None);
                Ok(())
            }
            Err(e) => Err(self.refuse("msg.dataRefused", &e)),
        }
    }

    /// A refused file: the message on the page, and in English for the JS API's Error.
    fn refuse(&self, key: &'static str, e: &io::ImportError) -> String {
        let message = Text::new(key).sub("error", e.text());
        let english = message.to_string();
        self.controls.show_message(Some(message));
        english
    }
}

/// Reads the file chosen in `input` and hands its text to `load`.
pub(super) fn on_file_chosen(
    input: &web_sys::HtmlInputElement,
    state: &std::rc::Rc<std::cell::RefCell<State>>,
    load: fn(&mut State, &str) -> Result<(), String>,
) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    // Let the same file be chosen again later.
    input.set_value("");
    if file.size() > io::MAX_FILE_BYTES as f64 {
        if let Ok(s) = state.try_borrow() {
            s.controls
                .show_message(Some(text!("msg.fileTooLarge", name = file.name())));
        }
        return;
    }
    let weak = std::rc::Rc::downgrade(state);
    let on_text = Closure::once(move |text: JsValue| {
        if let (Some(state), Some(text)) = (weak.upgrade(), text.as_string()) {
            if let Ok(mut s) = state.try_borrow_mut() {
                let _ = load(&mut s, &text);
            }
        }
    });
    let _ = file.text().then(&on_text);
    on_text.forget();
}
