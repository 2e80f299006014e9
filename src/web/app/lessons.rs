//! The lesson panel: the step's instruction, the prediction's choices (play waits for one),
//! what the step waits for, then what happened beside what was predicted and the
//! explanation; back, next and a link to the step. What a step is and when it is met are
//! the Session's (`session/lessons.rs`); this only shows them and passes the clicks on.

use super::api::{fail, App};
use super::State;
use crate::i18n::Text;
use crate::session::{Lesson, LESSONS};
use crate::text;
use crate::web::dom;
use wasm_bindgen::prelude::*;

/// The most choices a prediction has.
const CHOICES: usize = 4;

pub(super) struct LessonPanel {
    title: web_sys::Element,
    progress: web_sys::Element,
    text: web_sys::Element,
    predict: web_sys::HtmlElement,
    question: web_sys::Element,
    /// The choices' buttons (made here, hidden when a prediction has fewer).
    pub(super) choices: Vec<web_sys::HtmlElement>,
    waits: web_sys::Element,
    result: web_sys::HtmlElement,
    outcome: web_sys::Element,
    why: web_sys::Element,
    python: web_sys::HtmlElement,
    back: web_sys::HtmlButtonElement,
    next: web_sys::HtmlButtonElement,
    link: web_sys::Element,
}

impl LessonPanel {
    pub(super) fn find() -> Result<LessonPanel, String> {
        let document = dom::document()?;
        let list: web_sys::Element = dom::by_id("lesson-choices")?;
        let mut choices = Vec::with_capacity(CHOICES);
        for k in 0..CHOICES {
            let button: web_sys::HtmlElement = document
                .create_element("button")
                .map_err(|_| "cannot create a button")?
                .dyn_into()
                .map_err(|_| "not a button")?;
            let _ = button.set_attribute("type", "button");
            button.set_class_name("text-button");
            button.set_id(&format!("lesson-choice-{}", k + 1));
            let _ = list.append_child(&button);
            choices.push(button);
        }
        Ok(LessonPanel {
            title: dom::by_id("lesson-title")?,
            progress: dom::by_id("lesson-progress")?,
            text: dom::by_id("lesson-text")?,
            predict: dom::by_id("lesson-predict")?,
            question: dom::by_id("lesson-question")?,
            choices,
            waits: dom::by_id("lesson-waits")?,
            result: dom::by_id("lesson-result")?,
            outcome: dom::by_id("lesson-outcome")?,
            why: dom::by_id("lesson-why")?,
            python: dom::by_id("lesson-python")?,
            back: dom::by_id("lesson-back")?,
            next: dom::by_id("lesson-next")?,
            link: dom::by_id("lesson-link")?,
        })
    }
}

impl State {
    /// A lesson's button: the Session opens it at its first step.
    pub(super) fn load_lesson(&mut self, index: usize) {
        self.session.load_lesson(index);
        self.lesson_opened();
    }

    /// Back (−1) or next (+1).
    pub(super) fn move_lesson(&mut self, delta: i64) {
        self.session.move_lesson(delta);
    }

    /// The class predicts choice `choice` (in a class session: a student's vote, or the
    /// teacher's prediction revealed to the class).
    pub(super) fn predict(&mut self, choice: usize) {
        if !self.class_choice(choice) {
            self.session.predict(choice);
        }
    }

    /// The lesson shown, where the class is in it, in the page's language.
    pub(super) fn show_lesson(&mut self) {
        let p = &self.lessons;
        let (Some(lesson), Some(state), Some(step)) = (
            self.session.lesson(),
            self.session.lesson_state(),
            self.session.lesson_step(),
        ) else {
            self.show_dock();
            return;
        };
        let lang = self.lang();
        let say = |t: Text| t.render(lang);
        p.title.set_text_content(Some(lang.t(lesson.title)));
        p.progress.set_text_content(Some(&say(text!(
            "ui.lessonStep",
            n = state.step + 1,
            total = lesson.steps.len()
        ))));
        p.text.set_text_content(Some(lang.t(step.text)));
        p.predict.set_hidden(step.predict.is_none());
        let choices = step.predict.as_ref().map_or(&[][..], |q| q.choices);
        p.question
            .set_text_content(step.predict.as_ref().map(|q| lang.t(q.question)));
        for (k, button) in p.choices.iter().enumerate() {
            button.set_hidden(k >= choices.len());
            if let Some(choice) = choices.get(k) {
                button.set_text_content(Some(lang.t(choice)));
            }
            let pressed = state.predicted == Some(k);
            let _ = button.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
            let _ = button
                .class_list()
                .toggle_with_force("happened", state.happened == Some(k));
            if let Some(b) = button.dyn_ref::<web_sys::HtmlButtonElement>() {
                b.set_disabled(state.predicted.is_some());
            }
        }
        let waits = if self.session.awaiting_prediction() {
            lang.t("msg.predictFirst").to_string()
        } else if state.met {
            format!("{} {}", lang.t("ui.lessonMet"), say(step.until.text()))
        } else {
            say(text!("ui.lessonWaits").sub("what", step.until.text()))
        };
        p.waits.set_text_content(Some(&waits));
        p.result.set_hidden(!state.met);
        let name = |choice: Option<usize>| {
            choice.and_then(|k| choices.get(k)).map_or_else(
                || lang.t("ui.lessonNoPrediction").to_string(),
                |c| lang.t(c).to_string(),
            )
        };
        let outcome = match state.happened {
            Some(_) => format!(
                "{} · {}",
                say(text!("ui.lessonPredicted", choice = name(state.predicted))),
                say(text!("ui.lessonHappened", choice = name(state.happened)))
            ),
            None => String::new(),
        };
        p.outcome.set_text_content(Some(&outcome));
        p.why.set_text_content(Some(lang.t(step.why)));
        p.python.set_hidden(!step.python);
        p.back.set_disabled(state.step == 0);
        p.next.set_disabled(state.step + 1 >= lesson.steps.len());
        // Once the step is met, Next is the way on.
        let _ = p.next.class_list().toggle_with_force("primary", state.met);
        let _ = p.link.set_attribute(
            "href",
            &format!("#lesson={}&step={}", lesson.id, state.step + 1),
        );
        self.show_dock();
    }
}

#[wasm_bindgen]
impl App {
    /// The lessons and their steps, in the page's language: `[{ id, title, steps: [{
    /// text, question, choices, until, why }] }]` (question and choices null and empty
    /// for a step that asks nothing).
    pub fn lessons(&self) -> Result<JsValue, JsError> {
        let list = self.read(|s| {
            let lang = s.lang();
            let t = |key: &'static str| lang.t(key).to_string();
            LESSONS
                .iter()
                .map(|lesson| {
                    let steps: Vec<serde_json::Value> = lesson
                        .steps
                        .iter()
                        .map(|step| {
                            serde_json::json!({
                                "text": t(step.text),
                                "question": step.predict.as_ref().map(|p| t(p.question)),
                                "choices": step.predict.as_ref().map_or(vec![], |p| p.choices.iter().map(|c| t(c)).collect()),
                                "until": step.until.text().render(lang),
                                "why": t(step.why),
                            })
                        })
                        .collect();
                    serde_json::json!({ "id": lesson.id, "title": t(lesson.title), "steps": steps })
                })
                .collect::<Vec<_>>()
        })?;
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&list, &serializer).map_err(|e| fail(e.to_string()))
    }

    /// Opens lesson `id` at step `step` (from 1; the first when left out), as a lesson
    /// link does. An unknown lesson or a step that is not one throws an Error and changes
    /// nothing.
    #[wasm_bindgen(js_name = openLesson)]
    pub fn open_lesson(&self, id: JsValue, step: JsValue) -> Result<(), JsError> {
        let id = crate::web::js::text_arg("openLesson", &id, 100).map_err(fail)?;
        let index = Lesson::find(&id)
            .ok_or_else(|| fail(crate::text!("msg.noLesson", id = crate::i18n::quote(&id))))?;
        let steps = LESSONS[index].steps.len() as u64;
        let step =
            crate::web::js::whole_arg("openLesson", &step, (1, steps), Some(1)).map_err(fail)?;
        self.with(|s| {
            s.session.open_lesson(index, step as usize - 1);
            s.lesson_opened();
        })
    }

    /// The class predicts choice `choice` (from 0) of the step's prediction, as its
    /// button does; false when the step asks nothing or a prediction was made. On a
    /// student's page in a class session it is that student's vote (true once sent).
    pub fn predict(&self, choice: JsValue) -> Result<bool, JsError> {
        // The range said is the step's choices (0 to 3 when the step asks nothing).
        let choices = self.read(|s| {
            let step = s.session.lesson_step();
            step.and_then(|st| st.predict.as_ref())
                .map_or(4, |p| p.choices.len())
        })?;
        let last = choices.max(1) as u64 - 1;
        let choice =
            crate::web::js::whole_arg("predict", &choice, (0, last), None).map_err(fail)?;
        self.with(|s| s.class_choice(choice as usize) || s.session.predict(choice as usize))
    }
}
