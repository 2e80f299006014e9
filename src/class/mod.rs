//! The page's side of a live class session (issue 30), as a plain struct: what the page
//! sends (its seat's handshake, then the calls in order), what the server said (the room's
//! view, the answers, the experiment sent), and when to try again after the connection
//! drops. No socket and no clock of its own: the web layer (`web::app::class`) opens the
//! WebSocket, passes in what arrives, sends what this says, and waits the delay it gives.
//!
//! Architecture invariant: nothing a student or the teacher did is lost to a dropped
//! connection. A call stays in the outbox until the server answers it; after a reconnect
//! the seat's handshake goes first, then every unanswered call again, in order.

use serde_json::{json, Value};
use std::collections::VecDeque;

/// The first wait before a reconnect (ms), doubled each failure up to `MAX_BACKOFF_MS`.
pub const FIRST_BACKOFF_MS: u32 = 500;
pub const MAX_BACKOFF_MS: u32 = 8_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Teacher,
    Student,
}

/// Where this page sits in a room: the teacher (with the room's secret) or a student
/// (with the token the browser keeps).
#[derive(Clone, Debug, PartialEq)]
pub enum Seat {
    Teacher {
        code: String,
        secret: String,
    },
    Student {
        code: String,
        token: String,
        nickname: String,
    },
}

impl Seat {
    pub fn code(&self) -> &str {
        match self {
            Seat::Teacher { code, .. } | Seat::Student { code, .. } => code,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Seat::Teacher { .. } => Role::Teacher,
            Seat::Student { .. } => Role::Student,
        }
    }

    /// The message that takes this seat again after a reconnect.
    fn handshake(&self) -> Value {
        match self {
            Seat::Teacher { code, secret } => {
                json!({ "type": "teacher", "code": code, "secret": secret })
            }
            Seat::Student {
                code,
                token,
                nickname,
            } => json!({ "type": "join", "code": code, "token": token, "nickname": nickname }),
        }
    }
}

/// A message on its way, until the server answers it. `call` numbers it for the page
/// (0: the page's own, which nobody waits for).
#[derive(Clone, Debug, PartialEq)]
struct Outgoing {
    text: String,
    call: u64,
    /// A join: the seat it takes once the server says done.
    joins: Option<Seat>,
}

/// What a message from the server meant for the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Happening {
    /// Call `call` was done, or refused (`key`: its message's key; `refusal`: its values).
    Answered {
        call: u64,
        refused: Option<(String, Value)>,
    },
    /// The teacher sent an experiment (each revision once).
    Experiment { revision: u64, text: String },
    /// A submission the teacher opens.
    Submission { text: String },
    /// The room was ended.
    Ended,
    /// The room's view changed.
    Changed,
}

#[derive(Debug, Default)]
pub struct ClassClient {
    pub seat: Option<Seat>,
    /// The link students open (the teacher's page).
    pub join_url: Option<String>,
    /// The room as the server last showed it to this page.
    pub room: Option<Value>,
    /// The socket is open.
    pub connected: bool,
    outbox: VecDeque<Outgoing>,
    /// How many of the outbox are on the wire now.
    on_wire: usize,
    next_call: u64,
    /// Connections failed in a row (the backoff).
    failures: u32,
    /// The experiment's revision this page loaded.
    pub loaded_revision: Option<u64>,
}

impl ClassClient {
    pub fn role(&self) -> Option<Role> {
        self.seat.as_ref().map(Seat::role)
    }

    pub fn code(&self) -> Option<&str> {
        self.seat.as_ref().map(Seat::code)
    }

    /// Whether the page wants a socket: it has a seat or something to send.
    pub fn wants_socket(&self) -> bool {
        self.seat.is_some() || !self.outbox.is_empty()
    }

    fn push(&mut self, message: Value, joins: Option<Seat>) -> u64 {
        self.next_call += 1;
        self.outbox.push_back(Outgoing {
            text: message.to_string(),
            call: self.next_call,
            joins,
        });
        self.next_call
    }

    /// The teacher's page makes a room.
    pub fn start(&mut self) -> u64 {
        self.push(json!({ "type": "start" }), None)
    }

    /// A student's page joins room `code` as `token` (kept by the browser), `nickname`.
    pub fn join(&mut self, code: &str, token: &str, nickname: &str) -> u64 {
        let seat = Seat::Student {
            code: code.to_string(),
            token: token.to_string(),
            nickname: nickname.to_string(),
        };
        self.push(seat.handshake(), Some(seat))
    }

    /// The teacher's page comes back to its room (after a reload).
    pub fn resume_teacher(&mut self, code: &str, secret: &str) -> u64 {
        let seat = Seat::Teacher {
            code: code.to_string(),
            secret: secret.to_string(),
        };
        self.push(seat.handshake(), Some(seat))
    }

    /// Any other message of the room (a vote, an ask, a reveal, …).
    pub fn call(&mut self, message: Value) -> u64 {
        self.push(message, None)
    }

    /// The socket is open: what to send, in order (the seat's handshake first, then
    /// every call not answered yet).
    pub fn opened(&mut self) -> Vec<String> {
        self.connected = true;
        if let Some(seat) = &self.seat {
            let handshake = Outgoing {
                text: seat.handshake().to_string(),
                call: 0,
                joins: None,
            };
            self.outbox.push_front(handshake);
        }
        self.on_wire = self.outbox.len();
        self.outbox.iter().map(|o| o.text.clone()).collect()
    }

    /// What to send now that a call was added (the socket open): the calls not on the wire.
    pub fn to_send(&mut self) -> Vec<String> {
        if !self.connected {
            return Vec::new();
        }
        let texts = self
            .outbox
            .iter()
            .skip(self.on_wire)
            .map(|o| o.text.clone())
            .collect();
        self.on_wire = self.outbox.len();
        texts
    }

    /// The socket closed (or could not open): how long to wait before the next try (ms),
    /// or `None` when the page needs no socket. Unanswered calls go again on reconnect;
    /// the page's own handshakes are dropped (a new one is made from the seat).
    pub fn closed(&mut self) -> Option<u32> {
        self.connected = false;
        self.on_wire = 0;
        self.outbox.retain(|o| o.call != 0);
        if !self.wants_socket() {
            return None;
        }
        let wait = FIRST_BACKOFF_MS.saturating_mul(1 << self.failures.min(4));
        self.failures += 1;
        Some(wait.min(MAX_BACKOFF_MS))
    }

    /// A message from the server.
    pub fn received(&mut self, text: &str) -> Option<Happening> {
        let message: Value = serde_json::from_str(text).ok()?;
        let string = |name: &str| message[name].as_str().map(str::to_string);
        match message["type"].as_str()? {
            "started" => {
                self.seat = Some(Seat::Teacher {
                    code: string("code")?,
                    secret: string("secret")?,
                });
                self.join_url = string("joinUrl");
                None
            }
            "teacher" | "student" => {
                self.room = Some(message["room"].clone());
                Some(Happening::Changed)
            }
            "done" | "refused" => {
                let answered = self.outbox.pop_front()?;
                self.on_wire = self.on_wire.saturating_sub(1);
                let refused = (message["type"] == "refused").then(|| {
                    let key = string("key").unwrap_or_default();
                    (key, message["refusal"].clone())
                });
                match (&refused, answered.joins) {
                    (None, Some(seat)) => self.seat = Some(seat),
                    // A handshake refused (the room is gone): no seat, no reconnecting.
                    (Some(_), Some(_)) => {}
                    (Some(_), None) if answered.call == 0 => self.leave(),
                    _ => {}
                }
                if refused.is_none() {
                    self.failures = 0;
                }
                Some(Happening::Answered {
                    call: answered.call,
                    refused,
                })
            }
            "experiment" => {
                let revision = message["revision"].as_u64()?;
                if self.loaded_revision == Some(revision) {
                    return None;
                }
                self.loaded_revision = Some(revision);
                Some(Happening::Experiment {
                    revision,
                    text: string("experiment")?,
                })
            }
            "submission" => Some(Happening::Submission {
                text: string("experiment")?,
            }),
            "ended" => {
                self.leave();
                Some(Happening::Ended)
            }
            _ => None,
        }
    }

    /// Out of the room: no seat, no view.
    pub fn leave(&mut self) {
        self.seat = None;
        self.room = None;
        self.join_url = None;
    }

    /// The numbers of the calls still waiting for an answer.
    pub fn waiting(&self) -> impl Iterator<Item = u64> + '_ {
        self.outbox.iter().map(|o| o.call).filter(|&c| c != 0)
    }
}

#[cfg(test)]
mod tests;
