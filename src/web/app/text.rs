//! Text mode on the page: what the network writes (a few items every 400 ms while it
//! trains, the copied ones marked), the temperature, the next character's bars after a
//! beginning the class types (a click adds the character), each character's vector of
//! the embedding at two chosen numbers, and a pasted text. `samples`, `nextCharacters`,
//! `embedding` and `setText` of the JS API. The rules are the Session's
//! (`session/text.rs`).

mod api;
mod mistakes;
mod picture;

use super::State;
use crate::data::text::{BOUNDARY, UNKNOWN};
use crate::i18n::Lang;
use crate::text;
use crate::web::dom::{self, TextSlot};
use crate::web::views::graph::{percent, shown};
use crate::web::views::surface::Surface;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// What the network writes is renewed at most this often while it trains (ms): more than
/// twice a second.
const WRITE_EVERY_MS: f64 = 400.0;
/// The bars and the embedding are drawn again at most this often while it trains (ms).
const DRAW_EVERY_MS: f64 = 250.0;
/// Items written at a time: names, or quatrains.
const NAMES_WRITTEN: usize = 6;
const POEMS_WRITTEN: usize = 2;
/// The bars: the likeliest characters shown, the rest summed in one line.
const BARS: usize = 10;

pub(super) struct TextPanel {
    panel: HtmlElement,
    /// The page's main part: its class `text` hides the plane's own parts.
    output: HtmlElement,
    samples: HtmlElement,
    pub(super) prefix: HtmlInputElement,
    pub(super) bars: HtmlElement,
    bars_caption: TextSlot,
    embedding: Surface,
    embedding_caption: TextSlot,
    pub(super) axis_x: HtmlInputElement,
    pub(super) axis_y: HtmlInputElement,
    pub(super) paste: HtmlTextAreaElement,
    pub(super) use_text: HtmlButtonElement,
    /// Whether the page shows text mode, as last set.
    mode: Option<bool>,
    fitted: bool,
    /// (training's progress, config revision) the written items, the bars and the
    /// embedding were made for, and when.
    written_for: Option<(u64, usize, u64)>,
    written_at: f64,
    pub(super) bars_for: Option<(u64, usize, u64, String, Lang)>,
    bars_at: f64,
    pub(super) embedding_for: Option<(u64, usize, u64, Lang)>,
    embedding_at: f64,
    /// The mistakes view's table of the characters predicted worst, whether it is
    /// shown, and the (progress, language) it was written for, and when.
    mistakes_box: HtmlElement,
    mistakes_body: HtmlElement,
    mistakes_caption: TextSlot,
    mistakes_shown: bool,
    mistakes_for: Option<(u64, usize, u64, Lang)>,
    mistakes_at: f64,
}

impl TextPanel {
    pub(super) fn find() -> Result<TextPanel, String> {
        let output: HtmlElement = dom::by_id::<web_sys::Element>("text-panel")?
            .closest("main")
            .ok()
            .flatten()
            .ok_or("the text panel is not in the page's main part")?
            .unchecked_into();
        Ok(TextPanel {
            panel: dom::by_id("text-panel")?,
            output,
            samples: dom::by_id("text-samples")?,
            prefix: dom::by_id("text-prefix")?,
            bars: dom::by_id("text-bars")?,
            bars_caption: TextSlot::new("text-bars-caption")?,
            embedding: Surface::new("embedding-canvas")?,
            embedding_caption: TextSlot::new("embedding-caption")?,
            axis_x: dom::by_id("embedding-x")?,
            axis_y: dom::by_id("embedding-y")?,
            paste: dom::by_id("text-input")?,
            use_text: dom::by_id("text-use")?,
            mode: None,
            fitted: false,
            written_for: None,
            written_at: f64::NEG_INFINITY,
            bars_for: None,
            bars_at: f64::NEG_INFINITY,
            embedding_for: None,
            embedding_at: f64::NEG_INFINITY,
            mistakes_box: dom::by_id("text-mistakes-box")?,
            mistakes_body: dom::by_id("text-mistakes-body")?,
            mistakes_caption: TextSlot::new("text-mistakes-caption")?,
            mistakes_shown: false,
            mistakes_for: None,
            mistakes_at: f64::NEG_INFINITY,
        })
    }

    /// After a resize: measured again when next shown.
    pub(super) fn refit(&mut self) {
        self.fitted = false;
        self.embedding_for = None;
    }
}

impl State {
    /// Shows the text panel (or the plane's parts): what the network writes, the bars and
    /// the embedding, each made again when training moved on (at most every few hundred
    /// ms) or a setting changed.
    pub(super) fn show_text(&mut self) {
        let text_mode = self.session.config().is_text();
        let panel = &mut self.text;
        if panel.mode != Some(text_mode) {
            panel.mode = Some(text_mode);
            panel.panel.set_hidden(!text_mode);
            let _ = panel
                .output
                .class_list()
                .toggle_with_force("text", text_mode);
        }
        if !text_mode {
            panel.fitted = false;
            panel.written_for = None;
            panel.bars_for = None;
            panel.embedding_for = None;
            return;
        }
        if !panel.fitted {
            panel.fitted = true;
            panel.embedding.fit();
            panel.embedding_for = None;
        }
        let now = self.now();
        let t = self.session.trainer();
        let progress = (
            t.epoch(),
            t.epoch_progress().0,
            self.session.config_revision(),
        );
        let running = self.session.running();
        let due = |made: Option<(u64, usize, u64)>, at: f64, every: f64| {
            made != Some(progress) && (!running || now - at >= every || made.is_none())
        };
        if due(self.text.written_for, self.text.written_at, WRITE_EVERY_MS) {
            self.text.written_for = Some(progress);
            self.text.written_at = now;
            self.write_samples();
        }
        let lang = self.lang();
        let prefix = self.text.prefix.value();
        let bars_key = (progress.0, progress.1, progress.2, prefix, lang);
        if self.text.bars_for.as_ref() != Some(&bars_key) {
            // Only training moved on: drawn again at most every DRAW_EVERY_MS.
            let trained_only = self
                .text
                .bars_for
                .as_ref()
                .is_some_and(|k| (k.2, &k.3, k.4) == (bars_key.2, &bars_key.3, bars_key.4));
            if !trained_only || !running || now - self.text.bars_at >= DRAW_EVERY_MS {
                self.text.bars_at = now;
                self.draw_bars(&bars_key.3, lang);
                self.text.bars_for = Some(bars_key);
            }
        }
        let embedding_key = (progress.0, progress.1, progress.2, lang);
        if self.text.embedding_for != Some(embedding_key)
            && (!running || now - self.text.embedding_at >= DRAW_EVERY_MS)
        {
            self.text.embedding_at = now;
            self.text.embedding_for = Some(embedding_key);
            self.draw_embedding(lang);
        }
    }

    /// A few items written at the temperature, each marked copied or invented.
    fn write_samples(&mut self) {
        let poems = self.session.config().active_dataset() == crate::data::Dataset::Poems;
        let n = if poems { POEMS_WRITTEN } else { NAMES_WRITTEN };
        let Ok(written) = self.session.write(n) else {
            return;
        };
        let lang = self.lang();
        let list = &self.text.samples;
        // A quatrain is shown whole (wrapped); a name on one line, a long one cut short.
        let _ = list.class_list().toggle_with_force("whole", poems);
        list.set_text_content(None);
        let Ok(document) = dom::document() else {
            return;
        };
        for w in &written {
            let Ok(item) = document.create_element("li") else {
                continue;
            };
            let shown = if w.text.is_empty() {
                lang.t("text.nothingYet").to_string()
            } else {
                w.text.chars().map(shown).collect()
            };
            item.set_text_content(Some(&shown));
            let mark = if w.copied {
                "text.copied"
            } else {
                "text.invented"
            };
            let _ = item.set_attribute("title", lang.t(mark));
            if w.copied {
                let _ = item.class_list().add_1("copied");
            }
            let _ = list.append_child(&item);
        }
    }

    /// The bars of the likeliest next characters after the beginning typed.
    fn draw_bars(&mut self, prefix: &str, lang: Lang) {
        let bars = &self.text.bars;
        bars.set_text_content(None);
        let next = match self.session.next_symbols(prefix) {
            Ok(next) => next,
            Err(why) => {
                self.text.bars_caption.set(&why.render(lang));
                return;
            }
        };
        let Ok(document) = dom::document() else {
            return;
        };
        let top = next.first().map_or(1.0, |n| n.probability).max(1e-12);
        for n in next.iter().take(BARS) {
            let c = n.character.chars().next().unwrap_or(BOUNDARY);
            let Ok(button) = document.create_element("button") else {
                continue;
            };
            let _ = button.set_attribute("type", "button");
            let _ = button.set_attribute("class", "text-bar");
            let _ = button.set_attribute("data-symbol", &n.character);
            let name = match c {
                BOUNDARY => lang.t("text.boundaryName").to_string(),
                UNKNOWN => lang.t("text.unknownName").to_string(),
                c => shown(c),
            };
            let label = text!("text.barLabel", c = name, p = percent(n.probability));
            let _ = button.set_attribute("aria-label", &label.render(lang));
            for (class, content) in [
                ("symbol", shown(c)),
                ("bar", String::new()),
                ("p", percent(n.probability)),
            ] {
                if let Ok(span) = document.create_element("span") {
                    let _ = span.set_attribute("class", class);
                    span.set_text_content(Some(&content));
                    if class == "bar" {
                        if let Some(span) = span.dyn_ref::<HtmlElement>() {
                            let width = format!("{:.1}%", 100.0 * n.probability / top);
                            let _ = span.style().set_property("width", &width);
                        }
                    }
                    let _ = button.append_child(&span);
                }
            }
            let _ = bars.append_child(&button);
        }
        if next.len() > BARS {
            let rest: f64 = next[BARS..].iter().map(|n| n.probability).sum();
            if let Ok(line) = document.create_element("p") {
                let _ = line.set_attribute("class", "hint text-others");
                let others = text!("text.others", n = next.len() - BARS, p = percent(rest));
                line.set_text_content(Some(&others.render(lang)));
                let _ = bars.append_child(&line);
            }
        }
        let config = self.session.config();
        let k = config.experiment.context;
        let chars: Vec<char> = prefix.chars().collect();
        let context: String = std::iter::repeat_n(BOUNDARY, k.saturating_sub(chars.len()))
            .chain(chars.iter().copied().skip(chars.len().saturating_sub(k)))
            .map(shown)
            .collect();
        let caption = text!(
            "text.barsCaption",
            prefix = prefix.to_string(),
            k = k,
            context = context,
            t = crate::i18n::number(config.view.temperature)
        );
        self.text.bars_caption.set(&caption.render(lang));
    }

    /// A bar clicked: its character added to the beginning (the end starts a new one).
    pub(super) fn pick_next(&mut self, symbol: &str) {
        let mut prefix = self.text.prefix.value();
        if symbol.starts_with(BOUNDARY) {
            prefix.clear();
        } else {
            prefix.push_str(symbol);
        }
        self.text.prefix.set_value(&prefix);
        self.text.bars_for = None;
    }

    /// The two numbers of the embedding drawn, from the axis fields (1 to d).
    fn embedding_axes(&self) -> (usize, usize) {
        let d = self.session.config().experiment.embedding.max(1);
        let read = |input: &HtmlInputElement, default: usize| {
            input
                .value()
                .trim()
                .parse::<usize>()
                .unwrap_or(default)
                .clamp(1, d)
        };
        (
            read(&self.text.axis_x, 1),
            read(&self.text.axis_y, 2.min(d)),
        )
    }

    /// Each character at two numbers of its vector, labelled, the axes through 0.
    fn draw_embedding(&mut self, lang: Lang) {
        let (x, y) = self.embedding_axes();
        let Ok(rows) = self.session.embedding() else {
            return;
        };
        let d = self.session.config().experiment.embedding;
        let s = &self.text.embedding;
        s.begin();
        let ctx = &s.ctx;
        let (w, h) = (s.width, s.height);
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, w, h);
        let reach = rows
            .iter()
            .flat_map(|r| [r.vector[x - 1].abs(), r.vector[y - 1].abs()])
            .fold(1e-9f64, f64::max)
            * 1.1;
        let to_x = |v: f64| w / 2.0 + v / reach * (w / 2.0 - 12.0);
        let to_y = |v: f64| h / 2.0 - v / reach * (h / 2.0 - 12.0);
        ctx.set_stroke_style_str("#ccc");
        ctx.set_line_width(1.0);
        ctx.begin_path();
        ctx.move_to(0.0, h / 2.0);
        ctx.line_to(w, h / 2.0);
        ctx.move_to(w / 2.0, 0.0);
        ctx.line_to(w / 2.0, h);
        ctx.stroke();
        let size = if rows.len() > 60 { 11.0 } else { 15.0 };
        ctx.set_font(&format!("{size}px sans-serif"));
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        for r in &rows {
            let c = r.character.chars().next().unwrap_or(BOUNDARY);
            let vowel = "aeiouy".contains(c);
            ctx.set_fill_style_str(if c == BOUNDARY || c == UNKNOWN {
                "#b5472d"
            } else if vowel {
                "#1d6fa5"
            } else {
                "#222"
            });
            let _ = ctx.fill_text(&shown(c), to_x(r.vector[x - 1]), to_y(r.vector[y - 1]));
        }
        let caption = text!("text.embeddingCaption", x = x, y = y, d = d);
        let caption = caption.render(lang);
        let _ = s.canvas.set_attribute("aria-label", &caption);
        self.text.embedding_caption.set(&caption);
    }

    /// For the graph in text mode: the inspected example's k·d inputs (its context's
    /// vectors), then every neuron's output for it, as plain inputs.
    pub(super) fn text_values(&mut self) {
        let config = self.session.config();
        if !config.is_text() {
            return;
        }
        self.geometry.plain_inputs = config.experiment.context * config.experiment.embedding;
        let values = self.session.text_node_values();
        self.plain_values.clear();
        self.plain_values.extend(values);
    }

    /// "Learn this text": the pasted lines become the data (or the refusal says why).
    pub(super) fn use_pasted_text(&mut self) {
        let text = self.text.paste.value();
        if self.session.set_text(&text).is_ok() {
            self.dirty = true;
        }
    }
}

impl super::wiring::Wiring {
    /// The beginning typed, the bars clicked, the embedding's axes, "Learn this text".
    pub(super) fn text(&mut self, s: &State) {
        let t = &s.text;
        self.on(&t.prefix, "input", |s, _| {
            s.text.bars_for = None;
            s.dirty = true;
        });
        self.on(&t.bars, "click", |s, event| {
            let symbol = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("[data-symbol]").ok().flatten())
                .and_then(|e| e.get_attribute("data-symbol"));
            if let Some(symbol) = symbol {
                s.pick_next(&symbol);
                s.dirty = true;
            }
        });
        for axis in [&t.axis_x, &t.axis_y] {
            self.on(axis, "input", |s, _| {
                s.text.embedding_for = None;
                s.dirty = true;
            });
        }
        self.click(&t.use_text, |s| s.use_pasted_text());
    }
}
