//! Saving and loading through the page: downloads of the picture, the experiment (JSON)
//! and the data (CSV), and files chosen by the user, read and checked by `crate::io`
//! before anything changes.

use super::State;
use crate::io;
use crate::text;
use crate::web::dom;
use std::cell::RefCell;
use std::rc::Weak;
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

/// What a chosen file is loaded as.
#[derive(Clone, Copy)]
pub(super) enum Load {
    Experiment,
    Data,
}

impl State {
    fn save_text(&mut self, name: &str, text: &str, mime: &str) {
        if let Err(e) = download_text(name, text, mime) {
            self.session.say(text!("msg.downloadFailed", error = e));
        }
    }

    pub(super) fn save_experiment(&mut self) {
        let text = self.session.export_json();
        self.save_text("nnlab-experiment.json", &text, "application/json");
    }

    pub(super) fn save_data(&mut self) {
        if self.session.config().is_text() {
            self.session.say(crate::text!("err.textCsv"));
            return;
        }
        let text = crate::io::export_csv(self.session.trainer());
        self.save_text("nnlab-data.csv", &text, "text/csv");
    }

    /// "Export as Python (NumPy)": the script from the chosen start for the chosen epochs,
    /// downloaded as a `.py` file; a refusal is said and nothing changes.
    pub(super) fn save_python(&mut self) {
        let read = || -> Result<(String, String), String> {
            let start: web_sys::HtmlSelectElement = crate::web::dom::by_id("python-start")?;
            let epochs: web_sys::HtmlInputElement = crate::web::dom::by_id("python-epochs")?;
            Ok((start.value(), epochs.value()))
        };
        let Ok((start, epochs)) = read() else { return };
        let json =
            serde_json::json!({ "start": start, "epochs": epochs.trim().parse::<u64>().ok() });
        let result = crate::io::python::Options::from_json(&json)
            .and_then(|options| self.session.export_python(options, self.lang()));
        match result {
            Ok(script) => {
                let name = crate::io::python::file_name(self.session.trainer(), &script);
                self.save_text(&name, &script.text, "text/x-python");
                self.session.say(text!(
                    "msg.pythonSaved",
                    file = name,
                    epochs = script.losses.len()
                ));
            }
            Err(refusal) => self.session.say(refusal),
        }
    }

    /// The network, the boundary, the loss chart (every run's curves), the runs' pictures
    /// when runs are compared, (when they are shown) the hidden space, and the confusion
    /// matrix of the chosen data or regression's scatter, side by side, as one PNG.
    pub(super) fn save_picture(&mut self) {
        let result = (|| -> Result<(), String> {
            // The worker's canvases are read through their places in the page.
            let text_mode = self.session.config().is_text();
            let mut canvases = vec![&self.links_canvas, &self.graph_place.canvas];
            // Text mode: what the network writes and the embedding instead of the plane,
            // and no V × V matrix.
            let text = if text_mode {
                self.text_pictures()?
            } else {
                Vec::new()
            };
            if !text_mode {
                canvases.push(&self.plane_place.canvas);
            }
            canvases.push(&self.loss_chart.surface.canvas);
            canvases.extend(text.iter());
            canvases.extend(self.runs.pictures());
            if self.hidden_axes().is_some() {
                canvases.push(&self.hidden_place.canvas);
            }
            canvases.extend(self.mistakes.scatter_canvas());
            let t = self.session.trainer();
            let set = t.config().view.mistakes_set;
            let chosen = t.scores()[usize::from(set == crate::config::Split::Test)];
            let matrix = match text_mode {
                true => None,
                false => crate::web::mistakes::matrix_picture(
                    chosen,
                    set,
                    self.lang(),
                    self.plane_place.dpr,
                )?,
            };
            canvases.extend(matrix.as_ref());
            let (picture, ctx) = crate::web::views::surface::offscreen_canvas()?;
            // Side by side; the links canvas lies under the nodes (no width of its own).
            let width = canvases[1..].iter().map(|c| c.width()).sum();
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
            self.session.say(text!("msg.downloadFailed", error = e));
        }
    }
}

/// Reads the file chosen in `input` and loads it (the Session checks it: a refused file
/// changes nothing and says why).
pub(super) fn on_file_chosen(
    input: &web_sys::HtmlInputElement,
    state: &Weak<RefCell<State>>,
    load: Load,
) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    // Let the same file be chosen again later.
    input.set_value("");
    let with_state = |f: &mut dyn FnMut(&mut State)| {
        if let Some(state) = state.upgrade() {
            if let Ok(mut s) = state.try_borrow_mut() {
                f(&mut s);
                s.sync();
            }
        }
    };
    if file.size() > io::MAX_FILE_BYTES as f64 {
        let name = file.name();
        with_state(&mut |s| s.session.say(text!("msg.fileTooLarge", name = &name)));
        return;
    }
    let weak = state.clone();
    let on_text = Closure::once_into_js(move |text: JsValue| {
        let (Some(state), Some(text)) = (weak.upgrade(), text.as_string()) else {
            return;
        };
        if let Ok(mut s) = state.try_borrow_mut() {
            // A refusal is the message on the page.
            let _ = match load {
                Load::Experiment => s.session.load_experiment(&text),
                Load::Data => s.session.load_data(&text),
            };
            s.sync();
        };
    });
    // `then` with a closure that frees itself once called.
    let promise = file.text();
    if let Some(then) = js_sys::Reflect::get(&promise, &"then".into())
        .ok()
        .and_then(|t| t.dyn_into::<js_sys::Function>().ok())
    {
        let _ = then.call1(&promise, &on_text);
    }
}
