//! The page's controls, in one place: reading them into config patches and showing the
//! config and the progress on them.

use super::dom::{self, TextSlot};
use crate::config::{learning_rate_from_slider, slider_from_learning_rate, Config, Speed};
use serde_json::{json, Value};
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

pub struct Controls {
    pub play: HtmlButtonElement,
    pub step: HtmlButtonElement,
    pub reset: HtmlButtonElement,
    pub learning_rate: HtmlInputElement,
    pub dataset: HtmlSelectElement,
    pub activation: HtmlSelectElement,
    pub show_test: HtmlInputElement,
    pub speed: HtmlSelectElement,
    pub message_close: HtmlButtonElement,
    learning_rate_value: TextSlot,
    epoch: TextSlot,
    train_loss: TextSlot,
    test_loss: TextSlot,
    message: HtmlElement,
    message_text: Element,
    /// The running state the play button shows (to touch the DOM only on a change).
    shown_running: std::cell::Cell<Option<bool>>,
}

/// A control whose change becomes a config patch.
#[derive(Clone, Copy, Debug)]
pub enum Setting {
    LearningRate,
    Dataset,
    Activation,
    ShowTestData,
    Speed,
}

impl Controls {
    pub fn find() -> Result<Controls, String> {
        Ok(Controls {
            play: dom::by_id("play")?,
            step: dom::by_id("step")?,
            reset: dom::by_id("reset")?,
            learning_rate: dom::by_id("learning-rate")?,
            dataset: dom::by_id("dataset")?,
            activation: dom::by_id("activation")?,
            show_test: dom::by_id("show-test")?,
            speed: dom::by_id("speed")?,
            message_close: dom::by_id("message-close")?,
            learning_rate_value: TextSlot::new("learning-rate-value")?,
            epoch: TextSlot::new("epoch")?,
            train_loss: TextSlot::new("train-loss")?,
            test_loss: TextSlot::new("test-loss")?,
            message: dom::by_id("message")?,
            message_text: dom::by_id("message-text")?,
            shown_running: std::cell::Cell::new(None),
        })
    }

    /// The config patch a control's current state asks for.
    pub fn patch(&self, setting: Setting) -> Value {
        match setting {
            Setting::LearningRate => {
                let position = self.learning_rate.value().parse().unwrap_or(0);
                json!({ "learningRate": learning_rate_from_slider(position) })
            }
            Setting::Dataset => json!({ "dataset": self.dataset.value() }),
            Setting::Activation => json!({ "activation": self.activation.value() }),
            Setting::ShowTestData => json!({ "showTestData": self.show_test.checked() }),
            Setting::Speed => {
                let value = self.speed.value();
                match value.parse::<f64>() {
                    Ok(n) => json!({ "speed": n }),
                    Err(_) => json!({ "speed": value }),
                }
            }
        }
    }

    /// Shows the config on the controls (after a change from any source).
    pub fn show_config(&self, config: &Config) {
        let position = slider_from_learning_rate(config.learning_rate).to_string();
        if self.learning_rate.value() != position {
            self.learning_rate.set_value(&position);
        }
        self.learning_rate_value
            .set(&format_rate(config.learning_rate));
        self.dataset.set_value(config.dataset.name());
        self.activation.set_value(config.activation.name());
        self.show_test.set_checked(config.show_test_data);
        self.speed.set_value(&match config.speed {
            Speed::EpochsPerFrame(n) => n.to_string(),
            Speed::Max => "max".to_string(),
        });
    }

    pub fn show_progress(&self, epoch: u64, train_loss: f64, test_loss: f64, running: bool) {
        self.epoch.set(&format_epoch(epoch));
        self.train_loss.set(&format_loss(train_loss));
        self.test_loss.set(&format_loss(test_loss));
        let (label, pressed) = if running {
            ("Pause", "true")
        } else {
            ("Play", "false")
        };
        if self.shown_running.get() != Some(running) {
            self.shown_running.set(Some(running));
            let _ = self.play.set_attribute("aria-pressed", pressed);
            let _ = self.play.set_attribute("aria-label", label);
            let _ = self.play.set_attribute("title", label);
        }
    }

    /// Shows a message (as text, never HTML), or hides it with `None`.
    pub fn show_message(&self, message: Option<&str>) {
        match message {
            Some(text) => {
                // As text, never HTML.
                self.message_text.set_text_content(Some(text));
                self.message.set_hidden(false);
            }
            None => self.message.set_hidden(true),
        }
    }
}

/// 1234 → "001,234", as TFP shows the epoch.
pub fn format_epoch(epoch: u64) -> String {
    let digits = format!("{epoch:06}");
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

pub fn format_loss(loss: f64) -> String {
    if loss.is_finite() {
        format!("{loss:.3}")
    } else {
        "not a number".to_string()
    }
}

/// Learning rates are shown as plain decimals: 0.00001 … 10.
pub fn format_rate(rate: f64) -> String {
    let text = format!("{rate:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}
