//! The class session in the lesson: the teacher's step that asks becomes the room's
//! question (and what happened is told after the run); a student's page follows the
//! teacher's step; a choice is a student's vote or the teacher's reveal; a student's run
//! as a challenge's submission.

use super::State;
use crate::class::Role;
use crate::i18n::Text;
use crate::session::LESSONS;
use serde_json::{json, Value};

impl State {
    /// After every change: the lesson's question put to the class, the outcome told, a
    /// student's page on the teacher's step; then the panel and the tally drawn.
    pub(super) fn class_sync(&mut self) {
        if self.class.client.connected {
            match self.class.client.role() {
                Some(Role::Teacher) => self.class_teach(),
                Some(Role::Student) => self.class_follow(),
                None => {}
            }
        }
        super::class_view::show(self);
    }

    /// The lesson step the room asks, if it asks one this page knows: (lesson, step).
    fn room_step(&self) -> Option<(usize, usize)> {
        let question = &self.class.client.room.as_ref()?["question"];
        let lesson = crate::session::Lesson::find(question["lesson"].as_str()?)?;
        Some((lesson, question["step"].as_u64()? as usize))
    }

    /// The teacher's step that asks is the room's question; what happened is told.
    fn class_teach(&mut self) {
        // A teacher's page back in its room (a reload) with no lesson open: the room's.
        if let (None, None, Some((index, step))) = (
            self.class.asked,
            self.session.lesson_state(),
            self.room_step(),
        ) {
            self.session.open_lesson(index, step);
            self.lesson_opened();
            // Shown now (this runs after the sync's own drawing of the lesson).
            self.show_lesson();
        }
        let (Some(state), Some(step)) = (self.session.lesson_state(), self.session.lesson_step())
        else {
            return;
        };
        let Some(predict) = &step.predict else { return };
        let here = (state.index, state.step);
        if self.class.asked != Some(here) {
            self.class.asked = Some(here);
            // The room asks it already (the teacher's page reloaded): its votes stay.
            let room = self.class.client.room.as_ref();
            let question = room.map(|r| &r["question"]);
            let id = LESSONS[state.index].id;
            if question.is_some_and(|q| q["lesson"] == id && q["step"] == state.step) {
                self.class.told = room.is_some_and(|r| !r["happened"].is_null());
                return;
            }
            self.class.told = false;
            self.class.client.call(json!({
                "type": "ask",
                "lesson": LESSONS[state.index].id,
                "step": state.step,
                "choices": predict.choices.len(),
            }));
            self.class_flush();
        }
        let revealed = self
            .class
            .client
            .room
            .as_ref()
            .is_some_and(|r| r["revealed"] == true);
        if let (Some(happened), true, false) = (state.happened, revealed, self.class.told) {
            self.class.told = true;
            self.class
                .client
                .call(json!({ "type": "outcome", "choice": happened }));
            self.class_flush();
        }
    }

    /// A student's page shows the step the teacher asks.
    fn class_follow(&mut self) {
        let Some(room) = self.class.client.room.clone() else {
            return;
        };
        let Some(here) = self.room_step() else {
            return;
        };
        let showing = self.session.lesson_state().map(|s| (s.index, s.step));
        if self.class.asked != Some(here) {
            self.class.asked = Some(here);
            if showing != Some(here) {
                self.session.open_lesson(here.0, here.1);
                self.lesson_opened();
                self.show_lesson();
            }
        }
        // Once revealed, the student's own copy runs on their answer.
        let vote = room["vote"].as_u64();
        let revealed = room["revealed"] == true;
        if let (true, Some(vote), true) = (revealed, vote, self.session.awaiting_prediction()) {
            self.session.predict(vote as usize);
        }
    }

    /// A choice of the lesson's question: on a student's page, their vote (changeable
    /// until the reveal); on the teacher's, the class's prediction, revealed.
    pub(super) fn class_choice(&mut self, choice: usize) -> bool {
        if !self.class.client.connected && self.class.client.seat.is_none() {
            return false;
        }
        match self.class.client.role() {
            Some(Role::Student) => {
                self.class
                    .client
                    .call(json!({ "type": "vote", "choice": choice }));
                self.class_flush();
                true
            }
            Some(Role::Teacher) => {
                self.session.predict(choice);
                self.class.client.call(json!({ "type": "reveal" }));
                self.class_flush();
                true
            }
            None => false,
        }
    }

    /// The teacher's Reveal: the class's most chosen answer is the prediction.
    pub(super) fn class_reveal(&mut self) -> u64 {
        let counts = self
            .class
            .client
            .room
            .as_ref()
            .and_then(|r| r["tally"]["counts"].as_array().cloned())
            .unwrap_or_default();
        let most = counts
            .iter()
            .enumerate()
            .filter_map(|(k, c)| c.as_u64().filter(|&c| c > 0).map(|c| (k, c)))
            .fold(None, |best: Option<(usize, u64)>, (k, c)| match best {
                Some((_, b)) if b >= c => best,
                _ => Some((k, c)),
            });
        if let Some((choice, _)) = most {
            self.session.predict(choice);
        }
        let call = self.class.client.call(json!({ "type": "reveal" }));
        self.class_flush();
        call
    }

    /// A student's run for the challenge: its test loss or accuracy, its hidden neurons,
    /// its epoch and the experiment file that opens it.
    pub(super) fn class_submission(&self) -> Result<Value, Text> {
        let room = self.class.client.room.as_ref();
        let goal = room
            .map(|r| &r["challenge"])
            .filter(|g| g.is_object())
            .ok_or_else(|| Text::new("class.noChallenge"))?;
        let trainer = self.session.trainer();
        let value = if goal["metric"] == "testAccuracy" {
            trainer
                .test_accuracy()
                .ok_or_else(|| Text::new("class.noAccuracy"))?
        } else {
            trainer.test_loss()
        };
        let neurons: usize = self.session.config().experiment.network_shape.iter().sum();
        Ok(json!({
            "type": "submit",
            "value": value,
            "neurons": neurons,
            "epoch": trainer.epoch(),
            "experiment": self.session.export_json(),
        }))
    }
}
