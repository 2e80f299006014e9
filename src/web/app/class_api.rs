//! The class session's JS API (`classStart`, `classJoin`, `classState`, `classReveal`,
//! `classSend`, `classChallenge`, `classSubmit`, `classEnd`, `classOpen`) and the class
//! panel's buttons. Calls that wait for the server return a Promise, rejected with the
//! server's refusal in the page's language; a call that cannot be made here throws.

use super::api::{fail, App};
use super::wiring::Wiring;
use super::State;
use crate::class::Role;
use crate::i18n::Text;
use crate::web::{dom, js};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub(super) fn to_js(value: &Value) -> Result<JsValue, JsError> {
    let plain = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(value, &plain).map_err(|e| fail(e.to_string()))
}

impl State {
    /// `classState()`: the page's seat and the room as the server last showed it.
    pub(super) fn class_state(&self) -> Value {
        let c = &self.class.client;
        let room = c.room.clone().unwrap_or(Value::Null);
        let teacher = c.role() == Some(Role::Teacher);
        let tally = &room["tally"];
        json!({
            "available": self.class.available == super::class::Availability::Here,
            "role": c.role(),
            "code": c.code(),
            "joinUrl": c.join_url,
            "connected": c.connected,
            "students": if teacher { tally["connected"].clone() } else { Value::Null },
            "question": room["question"],
            "vote": room["vote"],
            "tally": if teacher || room["revealed"] == true { tally.clone() } else { Value::Null },
            "revealed": room["revealed"] == true,
            "happened": room["happened"],
            "challenge": room["challenge"],
            "board": room.get("board").cloned().unwrap_or(json!([])),
        })
    }

    /// A Promise for call `call`, answered when the server answers it.
    fn class_wait(&mut self, call: u64, starts: bool) -> js_sys::Promise {
        let mut slot = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| slot = Some((resolve, reject)));
        if let Some((resolve, reject)) = slot {
            self.class.waiting.push(super::class::Waiting {
                call,
                resolve,
                reject,
                starts,
            });
        }
        promise
    }

    /// The teacher's page makes a room.
    pub(super) fn class_start(&mut self) -> Result<u64, Text> {
        self.class_usable()?;
        if self.class.client.seat.is_some() {
            return Err(Text::new("class.alreadyIn"));
        }
        let call = self.class.client.start();
        self.class.open = true;
        self.class_flush();
        Ok(call)
    }

    /// A call of the teacher's (`teacher`) or a student's, in the room this page is in.
    fn class_act(&mut self, teacher: bool, message: Value) -> Result<u64, Text> {
        self.class_usable()?;
        let wanted = if teacher {
            Role::Teacher
        } else {
            Role::Student
        };
        match self.class.client.role() {
            None => return Err(Text::new("class.notJoined")),
            Some(role) if role != wanted => {
                return Err(Text::new(if teacher {
                    "class.notTeacher"
                } else {
                    "class.onlyStudents"
                }))
            }
            _ => {}
        }
        let call = self.class.client.call(message);
        self.class_flush();
        Ok(call)
    }

    fn class_send(&mut self) -> Result<u64, Text> {
        let experiment = self.session.export_json();
        self.class_act(true, json!({ "type": "send", "experiment": experiment }))
    }

    fn class_challenge_typed(&mut self) -> Result<u64, Text> {
        let e = &self.class.e;
        let neurons = e.neurons.value().trim().parse::<u32>().ok();
        let epochs = e.epochs.value().trim().parse::<u64>().unwrap_or(0);
        let goal = json!({ "metric": e.metric.value(), "maxNeurons": neurons, "epochs": epochs });
        self.class_act(true, json!({ "type": "challenge", "goal": goal }))
    }

    fn class_submit(&mut self) -> Result<u64, Text> {
        let submission = self.class_submission()?;
        self.class_act(false, submission)
    }

    fn class_end(&mut self) -> Result<u64, Text> {
        self.class_act(true, json!({ "type": "end" }))
    }

    /// A button's call: a refusal is shown in the panel.
    fn class_button(&mut self, call: impl FnOnce(&mut State) -> Result<u64, Text>) {
        if let Err(text) = call(self) {
            self.class_refused(text);
        }
    }
}

impl Wiring {
    /// The class panel's buttons and fields.
    pub(super) fn class(&mut self, s: &State) -> Result<(), String> {
        let e = &s.class.e;
        self.click(&e.button, |s| {
            s.class.open = !s.class.open;
        });
        let by_id = |id: &str| dom::by_id::<web_sys::EventTarget>(id);
        self.click(&by_id("class-close")?, |s| s.class.open = false);
        self.click(&by_id("class-start")?, |s| {
            s.class_button(State::class_start)
        });
        self.click(&by_id("class-join")?, |s| {
            let code = s.class.e.code_input.value();
            let name = s.class.e.nickname.value();
            s.class_button(|s| s.class_join(&code, &name));
        });
        self.on(&e.code_input, "keydown", |s, event| {
            let enter = event
                .dyn_ref::<web_sys::KeyboardEvent>()
                .is_some_and(|k| k.key() == "Enter");
            if enter {
                let code = s.class.e.code_input.value();
                let name = s.class.e.nickname.value();
                s.class_button(|s| s.class_join(&code, &name));
            }
        });
        self.click(&by_id("class-send")?, |s| s.class_button(State::class_send));
        self.click(&by_id("class-end")?, |s| s.class_button(State::class_end));
        self.click(&by_id("class-set-challenge")?, |s| {
            s.class_button(State::class_challenge_typed)
        });
        self.click(&by_id("class-submit")?, |s| {
            s.class_button(State::class_submit)
        });
        self.click(&e.reveal, |s| {
            s.class_reveal();
        });
        // The board's Open buttons (made with each drawing): one listener for all.
        self.on(&by_id("class-board")?, "click", |s, event| {
            let rank = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.get_attribute("data-rank"))
                .and_then(|r| r.parse::<usize>().ok());
            if let Some(rank) = rank {
                s.class_button(|s| s.class_act(true, json!({ "type": "open", "rank": rank })));
            }
        });
        Ok(())
    }
}

#[wasm_bindgen]
impl App {
    /// Starts a class (the teacher's page): resolves with `{ code, joinUrl }`.
    #[wasm_bindgen(js_name = classStart)]
    pub fn class_start(&self) -> Result<js_sys::Promise, JsError> {
        self.class_promise(true, State::class_start)
    }

    /// Joins the class with `code` (a student's page), optionally as `nickname`: resolves
    /// with `classState()`.
    #[wasm_bindgen(js_name = classJoin)]
    pub fn class_join(&self, code: JsValue, nickname: JsValue) -> Result<js_sys::Promise, JsError> {
        let code = js::text_arg("classJoin", &code, 100).map_err(fail)?;
        let nickname = if nickname.is_undefined() || nickname.is_null() {
            String::new()
        } else {
            js::text_arg("classJoin", &nickname, 200).map_err(fail)?
        };
        self.class_promise(false, move |s| s.class_join(&code, &nickname))
    }

    /// `{ available, role, code, joinUrl, connected, students, question, vote, tally,
    /// revealed, happened, challenge, board }`: the tally's counts and shares (no names)
    /// for the teacher, and for students once revealed.
    #[wasm_bindgen(js_name = classState)]
    pub fn class_state(&self) -> Result<JsValue, JsError> {
        let state = self.read(State::class_state)?;
        to_js(&state)
    }

    /// The teacher reveals the class's answers (the most chosen is the class's prediction).
    #[wasm_bindgen(js_name = classReveal)]
    pub fn class_reveal(&self) -> Result<js_sys::Promise, JsError> {
        self.class_promise(false, |s| {
            s.class_usable()?;
            if s.class.client.role() != Some(Role::Teacher) {
                return Err(Text::new("class.notTeacher"));
            }
            Ok(s.class_reveal())
        })
    }

    /// The teacher puts this experiment (settings, weights, data, epoch) on every
    /// student's page.
    #[wasm_bindgen(js_name = classSend)]
    pub fn class_send(&self) -> Result<js_sys::Promise, JsError> {
        self.class_promise(false, State::class_send)
    }

    /// The teacher sets a challenge: `{ metric: "testLoss" | "testAccuracy", maxNeurons?,
    /// epochs }`.
    #[wasm_bindgen(js_name = classChallenge)]
    pub fn class_challenge(&self, goal: JsValue) -> Result<js_sys::Promise, JsError> {
        let limits = js::Limits {
            depth: 2,
            chars: 100,
            items: 10,
        };
        let goal = js::to_json("classChallenge", &goal, limits).map_err(fail)?;
        self.class_promise(false, move |s| {
            s.class_act(true, json!({ "type": "challenge", "goal": goal }))
        })
    }

    /// A student submits this run to the challenge.
    #[wasm_bindgen(js_name = classSubmit)]
    pub fn class_submit(&self) -> Result<js_sys::Promise, JsError> {
        self.class_promise(false, State::class_submit)
    }

    /// The teacher opens the submission ranked `rank` (from 1) on this page.
    #[wasm_bindgen(js_name = classOpen)]
    pub fn class_open(&self, rank: JsValue) -> Result<js_sys::Promise, JsError> {
        let rank = js::whole_arg("classOpen", &rank, (1, 1000), None).map_err(fail)?;
        self.class_promise(false, move |s| {
            s.class_act(true, json!({ "type": "open", "rank": rank }))
        })
    }

    /// The teacher ends the class: the room and everything in it are deleted.
    #[wasm_bindgen(js_name = classEnd)]
    pub fn class_end(&self) -> Result<js_sys::Promise, JsError> {
        self.class_promise(false, State::class_end)
    }

    fn class_promise(
        &self,
        starts: bool,
        call: impl FnOnce(&mut State) -> Result<u64, Text>,
    ) -> Result<js_sys::Promise, JsError> {
        self.with(|s| {
            let call = call(s).map_err(|t| fail(t.render(s.lang())))?;
            Ok(s.class_wait(call, starts))
        })?
    }
}

/// The messages of the server's refusals (`class/src/lib.rs`, `Refusal::key`), in the
/// page's tables.
const REFUSALS: [&str; 20] = [
    "class.notTeacher",
    "class.notJoined",
    "class.roomFull",
    "class.badCode",
    "class.unknownCode",
    "class.tooManyAttempts",
    "class.badToken",
    "class.badNickname",
    "class.badQuestion",
    "class.noQuestion",
    "class.revealed",
    "class.notRevealed",
    "class.badChoice",
    "class.badExperiment",
    "class.badGoal",
    "class.noChallenge",
    "class.outsideGoal",
    "class.noSubmission",
    "class.tooManyRooms",
    "class.badMessage",
];

/// A refusal's message in the page's tables, with its values.
pub(super) fn refusal_text(key: &str, values: &Value) -> Text {
    let Some(&key) = REFUSALS.iter().find(|k| **k == key) else {
        return Text::new("class.badMessage");
    };
    let mut text = Text::new(key);
    for name in ["seconds", "choices", "max"] {
        if let Some(n) = values[name].as_u64() {
            text = text.arg(name, n);
        }
    }
    text
}

/// A join code as typed (any case, spaces and dashes dropped), if it is six characters of
/// the codes' alphabet.
pub(super) fn nnlab_code(typed: &str) -> Option<String> {
    const ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.chars().count() == 6 && code.chars().all(|c| ALPHABET.contains(c))).then_some(code)
}

/// The code of a join link (`?join=ABC234`).
pub(super) fn join_code_in_link() -> Option<String> {
    let search = dom::window().ok()?.location().search().ok()?;
    let code = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("join="))?;
    nnlab_code(code)
}
