//! Loading an experiment: a lesson, a link, a saved file, a data file.

use super::*;
use crate::config::Refusals;

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
        if let Some(link) = LessonLink::read(hash) {
            self.open_lesson_link(link);
            return;
        }
        let (rest, runs, repeated) = Session::split_runs(hash);
        let (config, mut refusals) = Config::from_url_hash(&rest);
        self.end_comparison();
        if self.set_config(config).is_err() {
            return;
        }
        for e in repeated.into_iter().chain(self.add_linked_runs(&runs)) {
            refusals.push(e);
        }
        if let Some(message) = refusals.text() {
            self.say(message);
        }
    }

    /// Whether a link opens the digits (directly or by its lesson): the page reads their
    /// file before it opens such a link.
    pub fn link_needs_digits(hash: &str) -> bool {
        Session::link_config(hash).is_some_and(|c| c.is_digits())
    }

    /// The shipped corpus a link opens on (read before the first frame), if it does.
    pub fn link_needs_text(hash: &str) -> Option<crate::data::text::Shipped> {
        let config = Session::link_config(hash)?;
        let which = crate::data::text::Shipped::of(config.active_dataset())?;
        config.is_text().then_some(which)
    }

    /// The settings a link opens with: its lesson's, or its own.
    fn link_config(hash: &str) -> Option<Config> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        if let Some(link) = LessonLink::read(hash) {
            let lesson = Lesson::find(&link.id).and_then(|i| LESSONS.get(i));
            return lesson.and_then(|l| l.config().ok());
        }
        Some(Config::from_url_hash(hash).0)
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

/// A lesson link (`#lesson=xor&step=2`), read by the rules of every link: keys and values
/// percent-decoded, a key given twice keeps its first value and the others are named.
struct LessonLink {
    id: String,
    /// `step`'s value: `Ok(n)` for a whole number n ≥ 1 (`usize::MAX` for one too large
    /// to hold: past the end), `Err(text)` for anything else; `None` when left out.
    step: Option<Result<usize, String>>,
    /// The link's other pairs, as they were.
    rest: String,
    refusals: Refusals,
}

impl LessonLink {
    /// The link's lesson, step and other pairs, if it names a lesson.
    fn read(hash: &str) -> Option<LessonLink> {
        let mut id = None;
        let mut step = None;
        let mut rest = Vec::new();
        let mut refusals = Refusals::default();
        for pair in hash.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = || crate::config::url_decode(raw_value).unwrap_or_else(|| raw_value.into());
            let key = crate::config::url_decode(raw_key);
            let repeated = match key.as_deref() {
                Some("lesson") if id.is_none() => {
                    id = Some(value());
                    false
                }
                Some("step") if step.is_none() => {
                    let text = value();
                    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
                    step = Some(match text.parse::<usize>() {
                        Ok(n) if n >= 1 => Ok(n),
                        // Digits beyond what a number holds: a step past the end.
                        Err(_) if digits => Ok(usize::MAX),
                        _ => Err(text),
                    });
                    false
                }
                Some(k @ ("lesson" | "step")) => {
                    refusals.push(ConfigError::new(k, text!("err.duplicateKey")));
                    true
                }
                _ => false,
            };
            if !repeated && !matches!(key.as_deref(), Some("lesson" | "step")) {
                rest.push(pair);
            }
        }
        Some(LessonLink {
            id: id?,
            step,
            rest: rest.join("&"),
            refusals,
        })
    }
}

impl Session {
    /// Opens a lesson link: the link's other pairs first (only the class's and the screen's
    /// settings: the lesson sets the rest), then the lesson at its step; what the link
    /// asked that cannot be used is named in the message, as for any link.
    fn open_lesson_link(&mut self, link: LessonLink) {
        let Some(index) = Lesson::find(&link.id) else {
            self.say(crate::text!(
                "msg.noLesson",
                id = crate::i18n::quote(&link.id)
            ));
            return;
        };
        let steps = LESSONS.get(index).map_or(1, |l| l.steps.len());
        let mut refusals = link.refusals;
        let step = match link.step {
            None => 1,
            Some(Ok(n)) => n.min(steps),
            Some(Err(text)) => {
                refusals.push(ConfigError::new(
                    "step",
                    text!(
                        "err.wholeRange",
                        value = crate::i18n::quote(&text),
                        min = 1,
                        max = steps
                    ),
                ));
                1
            }
        };
        if !link.rest.is_empty() {
            let (config, beside) = Config::from_url_hash(&link.rest);
            let named: Vec<String> = beside.fields().iter().map(|f| f.to_string()).collect();
            refusals.extend(beside);
            for key in Config::lesson_owned_keys(&link.rest) {
                if !named.contains(&key) {
                    refusals.push(ConfigError::new(&key, text!("err.lessonSets")));
                }
            }
            let mut kept = self.config().clone();
            kept.classroom = config.classroom;
            kept.screen = config.screen;
            let _ = self.set_config(kept);
        }
        self.open_lesson(index, step.saturating_sub(1));
        if let Some(message) = refusals.text() {
            self.say(message);
        }
    }
}
