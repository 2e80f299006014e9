//! The class hub on the wire: each WebSocket is a seat (none yet, the teacher's or a
//! student's) in a room; a page's message is read strictly, done by the room's rules
//! (`nnlab_class`), written to the store, and then every page of the room whose view
//! changed is sent its new view. The sender then gets `done` or `refused`, in order, so
//! a page can answer its calls' Promises one by one.
//!
//! Architecture invariant: the rules live in `nnlab_class`; this module only seats
//! connections, keeps the store in step (before any page hears of a change) and sends
//! views. Nothing a page sends reaches a room but through `Hub::join`/`Hub::apply`.

use crate::store::Store;
use nnlab_class::{ClientMessage, Code, Event, Hub, Refusal, Token, Who};
use serde_json::json;
use std::collections::HashMap;
use tokio::sync::mpsc::UnboundedSender;

/// Where a connection sits.
#[derive(Clone, Debug)]
enum Seat {
    Teacher { code: Code, secret: String },
    Student { code: Code, token: Token },
}

impl Seat {
    fn code(&self) -> Code {
        match self {
            Seat::Teacher { code, .. } | Seat::Student { code, .. } => *code,
        }
    }
}

struct Connection {
    seat: Option<Seat>,
    out: UnboundedSender<String>,
    /// The last view sent (a view is sent again only when it changed).
    last: String,
    /// The revision of the sent experiment this page was given.
    revision: Option<u64>,
}

/// The server's rooms, their store and the pages connected.
pub struct Live {
    hub: Hub,
    store: Store,
    connections: HashMap<u64, Connection>,
    next: u64,
    /// The link a student opens, before `?join=CODE`.
    pub join_base: String,
}

/// Milliseconds since 1970 (the rooms' clock).
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    // Without the system's randomness no room can be made safely: a fixed value is never
    // used (the secret below checks it).
    let _ = getrandom::fill(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// 256 random bits as 64 hexadecimal digits, or `None` without the system's randomness.
fn secret() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn refused(r: Refusal) -> String {
    json!({ "type": "refused", "key": r.key(), "refusal": r }).to_string()
}

impl Live {
    /// The hub with the rooms kept in `store`.
    pub fn new(store: Store, join_base: String) -> Result<Live, String> {
        let mut hub = Hub::default();
        for room in store.load()? {
            hub.restore(room);
        }
        Ok(Live {
            hub,
            store,
            connections: HashMap::new(),
            next: 0,
            join_base,
        })
    }

    pub fn rooms(&self) -> usize {
        self.hub.rooms().count()
    }

    pub fn connect(&mut self, out: UnboundedSender<String>) -> u64 {
        self.next += 1;
        let connection = Connection {
            seat: None,
            out,
            last: String::new(),
            revision: None,
        };
        self.connections.insert(self.next, connection);
        self.next
    }

    /// A page is gone: a student whose last page this was is away (their vote stays).
    pub fn disconnect(&mut self, id: u64) {
        let Some(connection) = self.connections.remove(&id) else {
            return;
        };
        if let Some(Seat::Student { code, token }) = connection.seat {
            let still_here = self.connections.values().any(|c| {
                matches!(&c.seat, Some(Seat::Student { code: k, token: t }) if *k == code && *t == token)
            });
            if !still_here {
                let result = self.hub.apply(
                    code,
                    Who::Student(&token),
                    nnlab_class::Action::Leave,
                    now(),
                );
                self.changed(code, result, None);
            }
        }
    }

    /// Deletes the rooms unused for a day.
    pub fn expire(&mut self) {
        for code in self.hub.expire(now()) {
            if let Err(e) = self.store.delete(code) {
                eprintln!("{e}");
            }
            self.close_room(code);
        }
    }

    fn send(&self, id: u64, text: String) {
        if let Some(c) = self.connections.get(&id) {
            let _ = c.out.send(text);
        }
    }

    /// A page's message, from `address`.
    pub fn message(&mut self, id: u64, address: &str, text: &str) {
        let reply = match ClientMessage::parse(text) {
            Ok(message) => self.handle(id, address, message),
            Err(r) => Err(r),
        };
        let reply = match reply {
            Ok(()) => json!({ "type": "done" }).to_string(),
            Err(r) => refused(r),
        };
        self.send(id, reply);
    }

    fn handle(&mut self, id: u64, address: &str, message: ClientMessage) -> Result<(), Refusal> {
        let seat = self
            .connections
            .get(&id)
            .ok_or(Refusal::BadMessage)?
            .seat
            .clone();
        let now = now();
        match (message, seat) {
            (ClientMessage::Start(_), None) => {
                let secret = secret().ok_or(Refusal::TooManyRooms)?;
                let code = self.hub.create(random_u64(), secret.clone(), now)?;
                if let Some(room) = self.hub.room(code) {
                    // Kept (its row written) as every change is; a store that fails is
                    // said, and the room goes on in memory.
                    if let Err(e) = self.store.save(room, &[Event::Asked], None) {
                        eprintln!("{e}");
                    }
                }
                self.seat_teacher(id, code, secret);
                Ok(())
            }
            (ClientMessage::Teacher { code, secret }, None) => {
                let code = Code::parse(&code)?;
                let room = self.hub.room(code).ok_or(Refusal::UnknownCode)?;
                if !room.is_teacher(&secret) {
                    return Err(Refusal::NotTeacher);
                }
                self.seat_teacher(id, code, secret);
                Ok(())
            }
            (
                ClientMessage::Join {
                    code,
                    token,
                    nickname,
                },
                None,
            ) => {
                let token = Token::parse(&token)?;
                let (code, events) = self.hub.join(address, &code, &token, &nickname, now)?;
                self.connections
                    .get_mut(&id)
                    .ok_or(Refusal::BadMessage)?
                    .seat = Some(Seat::Student {
                    code,
                    token: token.clone(),
                });
                self.changed(code, Ok(events), Some(&token));
                Ok(())
            }
            (ClientMessage::Open { rank }, Some(Seat::Teacher { code, secret })) => {
                let room = self.hub.room(code).ok_or(Refusal::UnknownCode)?;
                let s = room.submission(&secret, rank)?;
                let open = json!({
                    "type": "submission",
                    "rank": rank,
                    "nickname": s.nickname,
                    "value": s.value,
                    "experiment": s.experiment,
                });
                self.send(id, open.to_string());
                Ok(())
            }
            (
                ClientMessage::Start(_)
                | ClientMessage::Teacher { .. }
                | ClientMessage::Join { .. },
                Some(_),
            ) => Err(Refusal::BadMessage),
            (_, None) => Err(Refusal::NotJoined),
            (message, Some(seat)) => {
                let action = message.action().ok_or(Refusal::BadMessage)?;
                let code = seat.code();
                let (who, submitter) = match &seat {
                    Seat::Teacher { secret, .. } => (Who::Teacher(secret), None),
                    Seat::Student { token, .. } => (Who::Student(token), Some(token)),
                };
                let result = self.hub.apply(code, who, action, now);
                let refusal = result.as_ref().err().copied();
                self.changed(code, result, submitter.cloned().as_ref());
                refusal.map_or(Ok(()), Err)
            }
        }
    }

    /// Seats the teacher's page: the room's view first (a page seated knows its room),
    /// then its code, secret and join link.
    fn seat_teacher(&mut self, id: u64, code: Code, secret: String) {
        let started = json!({
            "type": "started",
            "code": code.as_str(),
            "secret": secret,
            "joinUrl": format!("{}/?join={code}", self.join_base),
        });
        self.seat(id, Seat::Teacher { code, secret });
        self.send(id, started.to_string());
    }

    /// Seats a connection and sends it its view.
    fn seat(&mut self, id: u64, seat: Seat) {
        let code = seat.code();
        if let Some(c) = self.connections.get_mut(&id) {
            c.seat = Some(seat);
        }
        self.views(code);
    }

    /// After an action in room `code`: the store written, then the views sent (a room
    /// ended: its pages told, their seats emptied).
    fn changed(&mut self, code: Code, result: Result<Vec<Event>, Refusal>, who: Option<&Token>) {
        let Ok(events) = result else {
            return;
        };
        if events.contains(&Event::Ended) {
            if let Err(e) = self.store.delete(code) {
                eprintln!("{e}");
            }
            self.close_room(code);
            return;
        }
        if let Some(room) = self.hub.room(code) {
            if let Err(e) = self.store.save(room, &events, who) {
                eprintln!("{e}");
            }
        }
        self.views(code);
    }

    fn close_room(&mut self, code: Code) {
        let ended = json!({ "type": "ended" }).to_string();
        for c in self.connections.values_mut() {
            if c.seat.as_ref().is_some_and(|s| s.code() == code) {
                c.seat = None;
                c.last.clear();
                let _ = c.out.send(ended.clone());
            }
        }
    }

    /// Sends every page of room `code` its view if it changed, and the experiment sent
    /// to a student's page that does not have its revision.
    fn views(&mut self, code: Code) {
        let Some(room) = self.hub.room(code) else {
            return;
        };
        for c in self.connections.values_mut() {
            let view = match &c.seat {
                Some(Seat::Teacher { code: k, .. }) if *k == code => {
                    json!({ "type": "teacher", "room": room.teacher_view() })
                }
                Some(Seat::Student { code: k, token }) if *k == code => {
                    let Some(view) = room.student_view(token) else {
                        continue;
                    };
                    json!({ "type": "student", "room": view })
                }
                _ => continue,
            };
            let view = view.to_string();
            if view != c.last {
                c.last.clone_from(&view);
                let _ = c.out.send(view);
            }
            let student = matches!(c.seat, Some(Seat::Student { .. }));
            if let (true, Some(sent)) = (student, &room.sent) {
                if c.revision != Some(sent.revision) {
                    c.revision = Some(sent.revision);
                    let experiment = json!({
                        "type": "experiment",
                        "revision": sent.revision,
                        "experiment": sent.experiment,
                    });
                    let _ = c.out.send(experiment.to_string());
                }
            }
        }
    }
}
