//! What the controls show of the run: the epoch, losses and accuracies, the play
//! button, the class legend and the message with its offers.

use super::*;

impl Controls {
    /// The class legend: one swatch per class (multi-class), else the −1…1 scale.
    pub(super) fn show_class_legend(&self, classes: usize) {
        self.value_legend.set_hidden(classes > 2);
        self.class_legend.set_hidden(classes <= 2);
        let lang = self.lang.get();
        if classes <= 2 || self.legend_for.get() == Some((classes, lang)) {
            return;
        }
        self.legend_for.set(Some((classes, lang)));
        self.class_legend.set_text_content(None);
        let Ok(document) = dom::document() else {
            return;
        };
        for k in 0..classes {
            if let (Ok(item), Ok(swatch)) = (
                document.create_element("span"),
                document.create_element("span"),
            ) {
                swatch.set_class_name("swatch");
                if let Some(swatch) = swatch.dyn_ref::<HtmlElement>() {
                    let _ = swatch
                        .style()
                        .set_property("background", &crate::web::views::palette::class_css(k));
                }
                let _ = item.append_child(&swatch);
                let name = crate::web::mistakes::class_name(lang, classes, k);
                let _ = item.append_child(&document.create_text_node(&name));
                let _ = self.class_legend.append_child(&item);
            }
        }
    }

    /// The epoch, the losses and accuracies (a test loss of `None`: there is no test
    /// set), and the play button's state.
    pub fn show_progress(
        &self,
        epoch: u64,
        (train_loss, test_loss): (f64, Option<f64>),
        (train_accuracy, test_accuracy): (Option<f64>, Option<f64>),
        perplexities: Option<[f64; 2]>,
        running: bool,
    ) {
        let lang = self.lang.get();
        self.epoch.set(&format_epoch(epoch));
        self.train_loss.set(&format_loss(lang, train_loss));
        self.test_loss
            .set(&test_loss.map_or_else(|| "—".to_string(), |l| format_loss(lang, l)));
        // Text mode: the perplexity e^L beside the accuracy (the loss is in nats).
        let line = |accuracy: Option<f64>, perplexity: Option<f64>| {
            let mut line = format_accuracy(lang, accuracy);
            if let Some(p) = perplexity.filter(|p| p.is_finite()) {
                line.push_str(" · ");
                let value = format!("{p:.2}");
                line.push_str(&text!("ui.perplexity", value = value).render(lang));
            }
            line
        };
        let [train, dev] = perplexities.map_or([None; 2], |p| p.map(Some));
        self.train_accuracy.set(&line(train_accuracy, train));
        self.test_accuracy
            .set(&line(test_accuracy, dev.filter(|_| test_loss.is_some())));
        let (label, tip, pressed) = if running {
            ("ui.pause", "tip.pause", "true")
        } else {
            ("ui.play", "tip.play", "false")
        };
        if self.shown_running.get() != Some(running) {
            self.shown_running.set(Some(running));
            let _ = self.play.set_attribute("aria-pressed", pressed);
            let _ = self.play.set_attribute("aria-label", lang.t(label));
            let _ = self.play.set_attribute("title", lang.t(tip));
        }
    }

    /// Shows the Session's message (as text, never HTML) in the page's language, with
    /// the offers it makes, or hides it with `None`. It is shown again in the other
    /// language when the language changes.
    pub fn show_notice(&self, notice: Option<&Notice>) {
        match notice {
            Some(n) => self.show(Some(n.text.clone()), n.offers),
            None => self.show(None, Offers::default()),
        }
    }

    /// A message, with or without the divergence offers.
    pub(super) fn show(&self, message: Option<Text>, offers: Offers) {
        self.message_lower.set_hidden(!offers.lower_rate);
        self.message_reset.set_hidden(!offers.reset);
        match &message {
            Some(text) => {
                // As text, never HTML.
                self.message_text
                    .set_text_content(Some(&text.render(self.lang.get())));
                self.message.set_hidden(false);
            }
            None => self.message.set_hidden(true),
        }
        *self.message_shown.borrow_mut() = message.map(|m| (m, offers));
    }
}
