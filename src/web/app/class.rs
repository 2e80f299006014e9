//! The class session on the page: the class panel (the teacher's code, QR code, students
//! and challenge; a student's join form and submit), the class's answers in the lesson
//! card, and the WebSocket to NN Lab's server. The rules of the room are the server's
//! (`class/`); what to send and what arrived mean are `crate::class::ClassClient`'s; this
//! opens the socket, shows the room and turns the page's lesson into the room's question.

use super::State;
use crate::class::{ClassClient, Happening, Role};
use crate::i18n::Text;
use crate::web::dom;
use gloo_events::EventListener;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Weak;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// What the class session was last drawn for: the language, the session's revision, the
/// lesson shown, the panel open.
pub(super) type Shown = (
    crate::i18n::Lang,
    u64,
    Option<crate::session::LessonState>,
    bool,
);

/// Whether this page can hold a class: served by NN Lab's server, or why not.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Availability {
    Here,
    /// The key of the one line that says why the class controls are absent.
    Absent(&'static str),
}

/// A JS call waiting for the server's answer.
pub(super) struct Waiting {
    pub(super) call: u64,
    pub(super) resolve: js_sys::Function,
    pub(super) reject: js_sys::Function,
    /// What it resolves with: the join code and link (classStart), else the room's state.
    pub(super) starts: bool,
}

pub(super) struct ClassPanel {
    pub(super) client: ClassClient,
    pub(super) available: Availability,
    pub(super) me: Weak<RefCell<State>>,
    socket: Option<web_sys::WebSocket>,
    socket_events: Vec<EventListener>,
    retry: Option<Closure<dyn FnMut()>>,
    pub(super) waiting: Vec<Waiting>,
    /// The lesson step last put to the class (lesson, step), and whether its outcome was
    /// told.
    pub(super) asked: Option<(usize, usize)>,
    pub(super) told: bool,
    /// The last message to show in the panel (a refusal, the experiment loaded).
    pub(super) note: Option<Text>,
    /// What the panel and the tally were last drawn for.
    shown: Option<Shown>,
    /// Counts the changes of what the class session shows (its seat, room, connection,
    /// note): the panel is drawn again only when this, the language, the lesson or the
    /// panel's being open changed.
    revision: u64,
    pub(super) open: bool,
    pub(super) e: Elements,
}

pub(super) struct Elements {
    pub(super) button: HtmlElement,
    pub(super) panel: HtmlElement,
    pub(super) absent: HtmlElement,
    pub(super) status: Element,
    pub(super) choose: HtmlElement,
    pub(super) code_input: HtmlInputElement,
    pub(super) nickname: HtmlInputElement,
    pub(super) teacher: HtmlElement,
    pub(super) link: Element,
    pub(super) code: Element,
    pub(super) qr: Element,
    pub(super) students: Element,
    pub(super) student: HtmlElement,
    pub(super) you: Element,
    pub(super) board_box: HtmlElement,
    pub(super) goal: Element,
    pub(super) board: Element,
    pub(super) metric: web_sys::HtmlSelectElement,
    pub(super) neurons: HtmlInputElement,
    pub(super) epochs: HtmlInputElement,
    pub(super) lesson_class: HtmlElement,
    pub(super) tally: Element,
    pub(super) lesson_note: Element,
    pub(super) reveal: HtmlElement,
}

impl ClassPanel {
    pub(super) fn find() -> Result<ClassPanel, String> {
        let e = Elements {
            button: dom::by_id("class-button")?,
            panel: dom::by_id("class")?,
            absent: dom::by_id("class-absent")?,
            status: dom::by_id("class-status")?,
            choose: dom::by_id("class-choose")?,
            code_input: dom::by_id("class-code-input")?,
            nickname: dom::by_id("class-nickname")?,
            teacher: dom::by_id("class-teacher")?,
            link: dom::by_id("class-link")?,
            code: dom::by_id("class-code")?,
            qr: dom::by_id("class-qr")?,
            students: dom::by_id("class-students")?,
            student: dom::by_id("class-student")?,
            you: dom::by_id("class-you")?,
            board_box: dom::by_id("class-board-box")?,
            goal: dom::by_id("class-goal")?,
            board: dom::by_id("class-board")?,
            metric: dom::by_id("class-metric")?,
            neurons: dom::by_id("class-neurons")?,
            epochs: dom::by_id("class-epochs")?,
            lesson_class: dom::by_id("lesson-class")?,
            tally: dom::by_id("lesson-tally")?,
            lesson_note: dom::by_id("lesson-class-note")?,
            reveal: dom::by_id("class-reveal")?,
        };
        Ok(ClassPanel {
            client: ClassClient::default(),
            available: Availability::Absent("class.absentStatic"),
            me: Weak::new(),
            socket: None,
            socket_events: Vec::new(),
            retry: None,
            waiting: Vec::new(),
            asked: None,
            told: false,
            note: None,
            shown: None,
            revision: 0,
            open: false,
            e,
        })
    }
}

/// Runs `f` on the state behind `weak` (if it is free), then syncs the page.
fn with_state(weak: &Weak<RefCell<State>>, f: impl FnOnce(&mut State)) {
    if let Some(state) = weak.upgrade() {
        if let Ok(mut state) = state.try_borrow_mut() {
            f(&mut state);
            state.sync();
        }
    }
}

fn storage(session: bool) -> Option<web_sys::Storage> {
    let window = dom::window().ok()?;
    let storage = if session {
        window.session_storage()
    } else {
        window.local_storage()
    };
    storage.ok().flatten()
}

/// This browser's student token: 128 random bits kept in the browser (made once).
fn student_token() -> Option<String> {
    let kept = storage(false).and_then(|s| s.get_item("nnlab-class-token").ok().flatten());
    if let Some(token) = kept.filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Some(token);
    }
    let mut bytes = [0u8; 16];
    let crypto = dom::window().ok()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if let Some(s) = storage(false) {
        let _ = s.set_item("nnlab-class-token", &token);
    }
    Some(token)
}

impl State {
    /// Whether this page was served by NN Lab's server, which runs classes (a static host
    /// or the offline file does not), and back to the room this tab was in (a reload).
    pub(super) fn class_begin(&mut self, me: Weak<RefCell<State>>) {
        self.class.me = me;
        // The page may have been drawn before this is known.
        self.class.revision += 1;
        let Ok(window) = dom::window() else { return };
        let location = window.location();
        let protocol = location.protocol().unwrap_or_default();
        if protocol != "http:" && protocol != "https:" {
            self.class.available = Availability::Absent("class.absentOffline");
            return;
        }
        // NN Lab's server marks the page it serves; a static host's copy has no mark.
        let here = dom::document()
            .ok()
            .and_then(|d| d.query_selector("meta[name=nnlab-class]").ok().flatten())
            .is_some();
        self.class_available(here);
    }

    fn class_available(&mut self, here: bool) {
        self.class.available = if here {
            Availability::Here
        } else {
            Availability::Absent("class.absentStatic")
        };
        if !here {
            return;
        }
        // Back to this tab's room after a reload, else a join link's code.
        let kept = |k: &str| storage(true).and_then(|s| s.get_item(k).ok().flatten());
        if let (Some(code), Some(secret)) = (kept("nnlab-class-code"), kept("nnlab-class-secret")) {
            self.class.client.resume_teacher(&code, &secret);
            self.class_connect();
        } else if let (Some(code), Some(name)) =
            (kept("nnlab-class-joined"), kept("nnlab-class-name"))
        {
            let _ = self.class_join(&code, &name);
        } else if let Some(code) = super::class_api::join_code_in_link() {
            self.class.e.code_input.set_value(&code);
            self.class.open = true;
        }
        self.class.revision += 1;
    }

    /// A student joins room `code` as `nickname`.
    pub(super) fn class_join(&mut self, code: &str, nickname: &str) -> Result<u64, Text> {
        self.class_usable()?;
        if self.class.client.seat.is_some() {
            return Err(Text::new("class.alreadyIn"));
        }
        let token = student_token().ok_or_else(|| Text::new("class.noToken"))?;
        let code = super::class_api::nnlab_code(code).ok_or_else(|| Text::new("class.badCode"))?;
        let call = self.class.client.join(&code, &token, nickname.trim());
        self.class_flush();
        Ok(call)
    }

    /// Why the class cannot be used here, if it cannot.
    pub(super) fn class_usable(&self) -> Result<(), Text> {
        match self.class.available {
            Availability::Here => Ok(()),
            Availability::Absent(key) => Err(Text::new(key)),
        }
    }

    /// Sends what the client has to send, opening the socket first when there is none.
    pub(super) fn class_flush(&mut self) {
        if self.class.socket.is_none() {
            self.class_connect();
            return;
        }
        let texts = self.class.client.to_send();
        if let Some(socket) = &self.class.socket {
            for text in texts {
                let _ = socket.send_with_str(&text);
            }
        }
    }

    fn class_connect(&mut self) {
        self.class.retry = None;
        let Ok(window) = dom::window() else { return };
        let location = window.location();
        let secure = location.protocol().unwrap_or_default() == "https:";
        let host = location.host().unwrap_or_default();
        let url = format!(
            "{}://{host}/class/socket",
            if secure { "wss" } else { "ws" }
        );
        let Ok(socket) = web_sys::WebSocket::new(&url) else {
            self.class_closed();
            return;
        };
        let me = self.class.me.clone();
        let (m1, m2, m3) = (me.clone(), me.clone(), me);
        self.class.socket_events = vec![
            EventListener::new(&socket, "open", move |_| {
                with_state(&m1, State::class_opened)
            }),
            EventListener::new(&socket, "message", move |event| {
                let text = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|m| m.data().as_string());
                if let Some(text) = text {
                    with_state(&m2, |s| s.class_message(&text));
                }
            }),
            EventListener::new(&socket, "close", move |_| {
                with_state(&m3, State::class_closed)
            }),
        ];
        self.class.socket = Some(socket);
    }

    fn class_opened(&mut self) {
        let texts = self.class.client.opened();
        if let Some(socket) = &self.class.socket {
            for text in texts {
                let _ = socket.send_with_str(&text);
            }
        }
        self.class.revision += 1;
    }

    fn class_closed(&mut self) {
        self.class.socket_events.clear();
        if let Some(socket) = self.class.socket.take() {
            let _ = socket.close();
        }
        self.class.revision += 1;
        let Some(wait) = self.class.client.closed() else {
            return;
        };
        let me = self.class.me.clone();
        let retry = Closure::new(move || with_state(&me, State::class_connect));
        if let Ok(window) = dom::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                retry.as_ref().unchecked_ref(),
                wait as i32,
            );
        }
        self.class.retry = Some(retry);
    }

    fn class_message(&mut self, text: &str) {
        let before = self.class.client.role();
        let happening = self.class.client.received(text);
        // A student who joined sees the lesson's question, not the panel.
        if before.is_none() && self.class.client.role() == Some(Role::Student) {
            self.class.open = false;
            self.class.note = None;
        }
        self.class.revision += 1;
        match happening {
            Some(Happening::Answered { call, refused }) => {
                if let Some((key, values)) = &refused {
                    let text = super::class_api::refusal_text(key, values);
                    self.session.say(text.clone());
                    self.class.note = Some(text);
                }
                self.class_answered(call, refused);
            }
            Some(Happening::Experiment { text, .. }) => {
                if self.class.client.role() == Some(Role::Student) {
                    self.class.note = Some(match self.session.load_experiment(&text) {
                        Ok(()) => crate::text!(
                            "class.experimentLoaded",
                            epoch = self.session.trainer().epoch()
                        ),
                        Err(e) => e,
                    });
                }
            }
            Some(Happening::Submission { text }) => {
                if let Err(e) = self.session.load_experiment(&text) {
                    self.class.note = Some(e);
                }
            }
            Some(Happening::Ended) => {
                self.session.say(Text::new("class.ended"));
                self.class.note = Some(Text::new("class.ended"));
                self.class_forget();
            }
            Some(Happening::Changed) | None => {}
        }
        self.class_keep();
    }

    /// Keeps this tab's seat, so a reload comes back to the room.
    fn class_keep(&self) {
        let Some(s) = storage(true) else { return };
        match &self.class.client.seat {
            Some(crate::class::Seat::Teacher { code, secret }) => {
                let _ = s.set_item("nnlab-class-code", code);
                let _ = s.set_item("nnlab-class-secret", secret);
            }
            Some(crate::class::Seat::Student { code, nickname, .. }) => {
                let _ = s.set_item("nnlab-class-joined", code);
                let _ = s.set_item("nnlab-class-name", nickname);
            }
            None => {}
        }
    }

    fn class_forget(&mut self) {
        if let Some(s) = storage(true) {
            for key in [
                "nnlab-class-code",
                "nnlab-class-secret",
                "nnlab-class-joined",
                "nnlab-class-name",
            ] {
                let _ = s.remove_item(key);
            }
        }
        self.class.asked = None;
    }

    /// Answers the JS call `call` (if one waits for it).
    fn class_answered(&mut self, call: u64, refused: Option<(String, Value)>) {
        let Some(k) = self.class.waiting.iter().position(|w| w.call == call) else {
            return;
        };
        let waiting = self.class.waiting.remove(k);
        match refused {
            Some((key, values)) => {
                let message = super::class_api::refusal_text(&key, &values).render(self.lang());
                let _ = waiting
                    .reject
                    .call1(&JsValue::NULL, &js_sys::Error::new(&message));
            }
            None => {
                let value = if waiting.starts {
                    json!({ "code": self.class.client.code(), "joinUrl": self.class.client.join_url })
                } else {
                    self.class_state()
                };
                let value = super::class_api::to_js(&value).unwrap_or(JsValue::NULL);
                let _ = waiting.resolve.call1(&JsValue::NULL, &value);
            }
        }
    }

    /// A call the page refused (or the server did): said in the panel, which opens.
    pub(super) fn class_refused(&mut self, text: Text) {
        self.class.revision += 1;
        self.class.note = Some(text);
        self.class.open = true;
    }

    pub(super) fn class_revision(&self) -> u64 {
        self.class.revision
    }

    pub(super) fn class_note(&self) -> Option<&Text> {
        self.class.note.as_ref()
    }

    /// Whether the class session shows `now` already; if not, it is what will be shown.
    pub(super) fn class_shown(&mut self, now: Shown) -> bool {
        let same = self.class.shown == Some(now);
        self.class.shown = Some(now);
        same
    }
}
