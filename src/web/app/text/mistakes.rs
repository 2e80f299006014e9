//! Text mode's mistakes view: the characters the network predicts worst on the chosen
//! set, in place of a confusion matrix of V × V (402 × 402 for the quatrains).

use super::{percent, shown, DRAW_EVERY_MS};
use crate::data::text::BOUNDARY;
use crate::text;
use crate::web::app::State;
use crate::web::dom;

impl State {
    /// Text mode's mistakes: the characters the network predicts worst on the chosen
    /// set (how often each came next, how often it was the likeliest, and what the
    /// network gave most often instead), in place of a confusion matrix of V × V.
    pub(in crate::web::app) fn show_text_mistakes(&mut self, text_mode: bool) {
        let panel = &mut self.text;
        if panel.mistakes_shown != text_mode {
            panel.mistakes_shown = text_mode;
            panel.mistakes_box.set_hidden(!text_mode);
            if text_mode {
                self.mistakes.hide_all();
            }
            // The set chosen: the dev set is text mode's second set.
            let key = if text_mode { "ui.devSet" } else { "ui.testSet" };
            let option = dom::document().ok().and_then(|d| {
                d.query_selector("#mistakes-set option[value=test]")
                    .ok()
                    .flatten()
            });
            if let Some(option) = option {
                let _ = option.set_attribute("data-i18n", key);
                option.set_text_content(Some(self.lang().t(key)));
            }
        }
        if !text_mode {
            self.text.mistakes_for = None;
            return;
        }
        let now = self.now();
        let t = self.session.trainer();
        let set = t.config().view.mistakes_set;
        let score = t.scores()[usize::from(set == crate::config::Split::Test)];
        let lang = self.lang();
        let key = (
            t.epoch(),
            t.epoch_progress().0,
            self.session.config_revision(),
            lang,
        );
        let running = self.session.running();
        if self.text.mistakes_for == Some(key)
            || (running && now - self.text.mistakes_at < DRAW_EVERY_MS * 2.0)
        {
            return;
        }
        self.text.mistakes_for = Some(key);
        self.text.mistakes_at = now;
        let symbols = t.text().map_or(&[][..], |d| d.vocabulary.symbols());
        let rows = score.rows();
        // (symbol, times it came next, times it was the likeliest, the likeliest instead).
        let mut worst: Vec<(usize, u64, u64, usize)> = rows
            .iter()
            .enumerate()
            .filter_map(|(t, row)| {
                let times: u64 = row.iter().sum();
                let instead = (0..row.len())
                    .filter(|&p| p != t)
                    .max_by_key(|&p| (row[p], std::cmp::Reverse(p)))?;
                (times >= 5).then_some((t, times, row.get(t).copied().unwrap_or(0), instead))
            })
            .collect();
        worst.sort_unstable_by(|a, b| {
            let share = |x: &(usize, u64, u64, usize)| x.2 as f64 / x.1 as f64;
            share(a)
                .total_cmp(&share(b))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        let name = |k: usize| match symbols.get(k).copied().unwrap_or(BOUNDARY) {
            BOUNDARY => format!(". ({})", lang.t("text.boundaryName")),
            c => shown(c),
        };
        let body = &self.text.mistakes_body;
        body.set_text_content(None);
        let Ok(document) = dom::document() else {
            return;
        };
        for &(k, times, right, instead) in worst.iter().take(12) {
            let Ok(row) = document.create_element("tr") else {
                continue;
            };
            let cells = [
                name(k),
                times.to_string(),
                percent(right as f64 / times as f64),
                name(instead),
            ];
            for (c, cell) in cells.iter().enumerate() {
                if let Ok(td) = document.create_element(if c == 0 { "th" } else { "td" }) {
                    td.set_text_content(Some(cell));
                    let _ = row.append_child(&td);
                }
            }
            let _ = body.append_child(&row);
        }
        let set_name = lang.t(match set {
            crate::config::Split::Train => "ui.trainingSet",
            crate::config::Split::Test => "ui.devSet",
        });
        let right: u64 = (0..rows.len()).map(|k| rows[k][k]).sum();
        let total: u64 = rows.iter().flatten().sum();
        let caption = text!(
            "mistakes.textCaption",
            set = set_name,
            right = right,
            total = total,
            percent = percent(right as f64 / total.max(1) as f64)
        );
        self.text.mistakes_caption.set(&caption.render(lang));
    }
}
