//! Loading an experiment: a lesson, a link, a saved file, a data file.

use super::*;

impl Session {
    /// Loads lesson `index`: its settings on the defaults (the class's way of running and
    /// this screen's look kept), at epoch 0 even if the settings were already these.
    pub fn load_lesson(&mut self, index: usize) {
        let Some(lesson) = LESSONS.get(index) else {
            return;
        };
        match lesson.config() {
            Ok(mut config) => {
                // How this class runs the page and how this screen looks stay.
                config.classroom = self.config().classroom.clone();
                config.screen = self.config().screen;
                self.running = false;
                self.run_until = None;
                if let Ok(fresh) = Trainer::new(config) {
                    self.compare = Default::default();
                    self.trainer = fresh;
                    self.set_notice(None);
                    self.after_reset();
                    let runs: Vec<String> = lesson.runs.iter().map(|r| r.to_string()).collect();
                    for e in self.add_linked_runs_text(&runs) {
                        self.say(Text::new("msg.lessonFailed").sub("error", e.text()));
                    }
                    self.config_changed();
                }
                self.enter_step(index, 0);
            }
            Err(e) => self.say(Text::new("msg.lessonFailed").sub("error", e.text())),
        }
    }

    /// Opens the experiment a URL hash describes. Keys that cannot be used keep their
    /// defaults and are named in the message.
    pub fn load_hash(&mut self, hash: &str) {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        if let Some((id, step, rest)) = lesson_link(hash) {
            // A lesson link (`#lesson=xor&step=2`): the rest of the link (the language,
            // the classroom's settings) first, then the lesson at that step.
            let Some(index) = Lesson::find(&id) else {
                self.say(crate::text!("msg.noLesson", id = id));
                return;
            };
            if !rest.is_empty() {
                self.load_hash(&rest);
            }
            self.open_lesson(index, step.saturating_sub(1));
            return;
        }
        let (rest, runs) = Session::split_runs(hash);
        let (config, mut refusals) = Config::from_url_hash(&rest);
        self.end_comparison();
        if self.set_config(config).is_err() {
            return;
        }
        for e in self.add_linked_runs(&runs) {
            refusals.push(e);
        }
        if let Some(message) = refusals.text() {
            self.say(message);
        }
    }

    /// A saved experiment: the whole trainer replaced (shown the way this screen shows
    /// things), or the refusal as the message and nothing changed.
    pub fn load_experiment(&mut self, text: &str) -> Result<(), Text> {
        let (mut trainer, runs) = crate::io::import_json_runs(text)
            .map_err(|e| self.refuse("msg.experimentRefused", e.text()))?;
        let mut config = trainer.config().clone();
        config.screen = self.config().screen;
        trainer
            .set_config(config)
            .map_err(|e| self.refuse("msg.experimentRefused", e.text()))?;
        let runs = Session::runs_of_file(&trainer, runs)
            .map_err(|e| self.refuse("msg.experimentRefused", e))?;
        self.compare = Default::default();
        self.trainer = trainer;
        self.adopt_runs(runs);
        self.running = false;
        self.set_notice(None);
        self.after_reset();
        self.config_changed();
        Ok(())
    }

    /// A data file: the points replaced (the network kept), or the refusal as the message
    /// and nothing changed.
    pub fn load_data(&mut self, text: &str) -> Result<(), Text> {
        let read = if self.config().is_digits() {
            crate::io::images::import_csv(&self.trainer, text)
                .map(|(train, test)| self.trainer.replace_images(&train, &test))
        } else {
            crate::io::import_csv(&self.trainer, text)
                .map(|(train, test)| self.trainer.replace_data(train, test))
        };
        match read {
            Ok(()) => {
                self.data_edited();
                self.set_notice(None);
                Ok(())
            }
            Err(e) => Err(self.refuse("msg.dataRefused", e.text())),
        }
    }

    pub(super) fn refuse(&mut self, key: &'static str, error: Text) -> Text {
        let message = Text::new(key).sub("error", error);
        self.say(message.clone());
        message
    }

    /// "Export as Python (NumPy)" of the run shown (`io::python`).
    pub fn export_python(
        &self,
        options: crate::io::python::Options,
        lang: crate::i18n::Lang,
    ) -> Result<crate::io::python::Script, Text> {
        crate::io::python::export_python(&self.trainer, options, lang)
    }
}

/// A lesson link's lesson, step (from 1) and the rest of the link.
fn lesson_link(hash: &str) -> Option<(String, usize, String)> {
    let mut id = None;
    let mut step = 1;
    let mut rest = Vec::new();
    for pair in hash.split('&') {
        match pair.split_once('=') {
            Some(("lesson", value)) => id = Some(value.to_string()),
            Some(("step", value)) => step = value.parse().unwrap_or(1),
            _ => rest.push(pair),
        }
    }
    id.map(|id| (id, step, rest.join("&")))
}
