//! The rooms of one server: made with a fresh code, joined by code (rate-limited, so a
//! code cannot be found by trying), ended by their teacher, deleted after a day unused.

use crate::{Action, Code, Event, Refusal, Room, Token, Who};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most rooms at once (the target is 50).
pub const MAX_ROOMS: usize = 200;
/// A room unused this long (ms) is deleted with everything in it: a day.
pub const ROOM_IDLE_MS: u64 = 24 * 60 * 60 * 1000;
/// Join attempts with a code that is no room's, per address: this many at once, then one
/// more every `JOIN_REFILL_MS`. A right code costs nothing (a class reconnecting after a
/// restart is never refused); 10,000 guesses from one address get 10 answers in the
/// first minute and one every 6 s after, and a code is one of 887 million.
pub const JOIN_ATTEMPTS: u32 = 10;
pub const JOIN_REFILL_MS: u64 = 6_000;
/// Failed joins from every address together in a minute (guessing from many machines),
/// after which only students coming back to their room get in until the minute ends.
pub const FAILED_PER_MINUTE: u32 = 600;

/// An address's failed join attempts left, and when it was last refilled.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
struct Attempts {
    left: u32,
    at: u64,
}

/// Every room, by code, and the join attempts' limits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hub {
    rooms: BTreeMap<Code, Room>,
    #[serde(skip)]
    attempts: BTreeMap<String, Attempts>,
    /// The minute (ms / 60,000) of the failures counted, and how many.
    #[serde(skip)]
    failed: (u64, u32),
}

impl Hub {
    /// The rooms, to read (the server shows each page its room's state).
    pub fn room(&self, code: Code) -> Option<&Room> {
        self.rooms.get(&code)
    }

    pub fn rooms(&self) -> impl Iterator<Item = &Room> {
        self.rooms.values()
    }

    /// A room kept by the server, put back after a restart: nobody is connected yet
    /// (every page comes back by itself).
    pub fn restore(&mut self, mut room: Room) {
        for student in room.students.values_mut() {
            student.connected = false;
        }
        self.rooms.insert(room.code, room);
    }

    /// Makes a room with the code numbered `random` (another if that one is taken) and
    /// the teacher's `secret`; refused when the server holds `MAX_ROOMS`.
    pub fn create(&mut self, random: u64, secret: String, now: u64) -> Result<Code, Refusal> {
        if self.rooms.len() >= MAX_ROOMS {
            return Err(Refusal::TooManyRooms);
        }
        let mut n = random;
        let code = loop {
            let code = Code::from_number(n);
            if !self.rooms.contains_key(&code) {
                break code;
            }
            // A taken code (one in millions): the next of a linear congruential walk.
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
        };
        self.rooms.insert(code, Room::new(code, secret, now));
        Ok(code)
    }

    /// A student at `address` joins the room with the code `typed`; refused when the code
    /// is no room's (which costs one of the address's attempts), when the address has no
    /// attempts left, or by the room's rules.
    pub fn join(
        &mut self,
        address: &str,
        typed: &str,
        token: &Token,
        nickname: &str,
        now: u64,
    ) -> Result<(Code, Vec<Event>), Refusal> {
        let attempts = self.attempts_of(address, now);
        if attempts.left == 0 {
            let wait = JOIN_REFILL_MS - now.saturating_sub(attempts.at).min(JOIN_REFILL_MS);
            return Err(Refusal::TooManyAttempts {
                seconds: wait.div_ceil(1000).max(1),
            });
        }
        let room = Code::parse(typed)
            .ok()
            .and_then(|code| self.rooms.get_mut(&code));
        // Many failures this minute (guessing from many machines): only a student coming
        // back to their room gets in until the minute ends.
        let minute = now / 60_000;
        let busy = self.failed.0 == minute && self.failed.1 >= FAILED_PER_MINUTE;
        let back = room
            .as_ref()
            .is_some_and(|r| r.students.contains_key(token));
        if busy && !back {
            let seconds = 60 - (now % 60_000) / 1000;
            return Err(Refusal::TooManyAttempts { seconds });
        }
        let Some(room) = room else {
            self.fail(address, now);
            return Err(Refusal::UnknownCode);
        };
        let action = Action::Join {
            nickname: nickname.to_string(),
        };
        let events = room.apply(Who::Student(token), action, now)?;
        Ok((room.code, events))
    }

    /// `action` in room `code`; the room is deleted when its teacher ends it.
    pub fn apply(
        &mut self,
        code: Code,
        who: Who,
        action: Action,
        now: u64,
    ) -> Result<Vec<Event>, Refusal> {
        let room = self.rooms.get_mut(&code).ok_or(Refusal::UnknownCode)?;
        let events = room.apply(who, action, now)?;
        if events.contains(&Event::Ended) {
            self.rooms.remove(&code);
        }
        Ok(events)
    }

    /// Deletes the rooms unused for `ROOM_IDLE_MS` and forgets the addresses whose
    /// attempts are whole again; the codes deleted.
    pub fn expire(&mut self, now: u64) -> Vec<Code> {
        let old: Vec<Code> = self
            .rooms
            .values()
            .filter(|r| now.saturating_sub(r.last_used) >= ROOM_IDLE_MS)
            .map(|r| r.code)
            .collect();
        for code in &old {
            self.rooms.remove(code);
        }
        let whole = JOIN_REFILL_MS * u64::from(JOIN_ATTEMPTS);
        self.attempts
            .retain(|_, a| now.saturating_sub(a.at) < whole);
        old
    }

    /// The address's attempts, refilled for the time since.
    fn attempts_of(&mut self, address: &str, now: u64) -> Attempts {
        let Some(a) = self.attempts.get_mut(address) else {
            return Attempts {
                left: JOIN_ATTEMPTS,
                at: now,
            };
        };
        let refills = now.saturating_sub(a.at) / JOIN_REFILL_MS;
        if refills > 0 {
            a.left = (u64::from(a.left) + refills).min(u64::from(JOIN_ATTEMPTS)) as u32;
            a.at += refills * JOIN_REFILL_MS;
        }
        *a
    }

    /// A failed attempt: one fewer for the address, one more in the minute's count.
    fn fail(&mut self, address: &str, now: u64) {
        let minute = now / 60_000;
        self.failed = match self.failed {
            (m, n) if m == minute => (m, n + 1),
            _ => (minute, 1),
        };
        let entry = self
            .attempts
            .entry(address.to_string())
            .or_insert(Attempts {
                left: JOIN_ATTEMPTS,
                at: now,
            });
        entry.left = entry.left.saturating_sub(1);
    }
}
