//! NN Lab's class room (issue 30): the rules of a live class session. A teacher's room
//! has a join code; students join with a random token their browser keeps and an
//! optional nickname; the teacher asks a lesson's step, the class votes (a vote may change
//! until the reveal), the tally fills in, the teacher reveals; the teacher sends the
//! experiment to everyone, sets a challenge, and the students' submissions are ranked.
//!
//! A plain struct, as the Session is (the Rust and WebAssembly book's Game of Life): no
//! network, no clock and no randomness of its own (the time and the random numbers are
//! passed in), serialisable so the server can keep it, tested natively. The server is the
//! thin part around it.
//!
//! Architecture invariant: every change to a room goes through `Room::apply` (or the
//! hub's `create`, `join`, `apply` and `expire`), which checks who asks — only the holder
//! of the teacher's secret may ask, reveal, send, set a challenge or end the room — and
//! what is asked, and refuses anything else with a `Refusal` that changes nothing.

use serde::{Deserialize, Serialize};

mod hub;
mod room;
mod wire;

pub use hub::{Hub, FAILED_PER_MINUTE, JOIN_ATTEMPTS, JOIN_REFILL_MS, MAX_ROOMS, ROOM_IDLE_MS};
pub use room::{
    nickname, Action, Event, Goal, Metric, Question, Room, Sent, Student, Submission, Tally, Who,
    MAX_CHOICES, MAX_EXPERIMENT_BYTES, MAX_NICKNAME_CHARS, MAX_STUDENTS,
};
pub use wire::{BoardRow, ClientMessage, StudentView, TeacherView, MAX_MESSAGE_BYTES};

/// The characters of a join code: no 0 and O, no 1, I and L, so a code read off the
/// projector is typed right.
pub const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a join code: 31⁶, about 887 million codes.
pub const CODE_LEN: usize = 6;

/// A room's join code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Code([u8; CODE_LEN]);

impl Code {
    /// The code numbered `n` (taken modulo 31⁶): the hub draws n at random.
    pub fn from_number(mut n: u64) -> Code {
        let mut code = [b'2'; CODE_LEN];
        for c in code.iter_mut().rev() {
            *c = CODE_ALPHABET[(n % 31) as usize];
            n /= 31;
        }
        Code(code)
    }

    /// A code as a person types it: any case, spaces and dashes ignored; refused unless
    /// it is six of the code's characters.
    pub fn parse(typed: &str) -> Result<Code, Refusal> {
        let mut code = [0u8; CODE_LEN];
        let mut n = 0;
        for c in typed.chars().filter(|c| !matches!(c, ' ' | '-')) {
            let c = c.to_ascii_uppercase();
            if n == CODE_LEN || !c.is_ascii() || !CODE_ALPHABET.contains(&(c as u8)) {
                return Err(Refusal::BadCode);
            }
            code[n] = c as u8;
            n += 1;
        }
        if n != CODE_LEN {
            return Err(Refusal::BadCode);
        }
        Ok(Code(code))
    }

    pub fn as_str(&self) -> &str {
        // Only the alphabet's ASCII characters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??????")
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A student's identity: 32 lowercase hexadecimal digits (128 random bits) their browser
/// made and keeps, so a reconnect keeps their vote. It is never shown to anyone else.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Token(String);

impl Token {
    pub fn parse(s: &str) -> Result<Token, Refusal> {
        let hex = s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if hex {
            Ok(Token(s.to_string()))
        } else {
            Err(Refusal::BadToken)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why an action was refused; nothing changed. `key` names its message in the page's
/// tables (both languages).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "refused", rename_all = "camelCase")]
pub enum Refusal {
    /// Only the teacher's page may do that.
    NotTeacher,
    /// The student has not joined this room.
    NotJoined,
    /// The room has `MAX_STUDENTS` students.
    RoomFull,
    /// A code that is not six of the code's characters.
    BadCode,
    /// No room has that code.
    UnknownCode,
    /// Too many join attempts from this address: try again in `seconds`.
    TooManyAttempts { seconds: u64 },
    /// A student token that is not 32 hexadecimal digits.
    BadToken,
    /// A nickname too long or with control characters.
    BadNickname,
    /// A question with a bad lesson id, step or number of choices.
    BadQuestion,
    /// No question is asked now.
    NoQuestion,
    /// The question is revealed: votes are closed.
    Revealed,
    /// What happened is told only after the reveal.
    NotRevealed,
    /// A choice that is not one of the question's.
    BadChoice { choices: usize },
    /// An experiment or a submission larger than `max` bytes, or not a JSON object.
    BadExperiment { max: usize },
    /// A challenge's goal out of its ranges.
    BadGoal,
    /// No challenge is set.
    NoChallenge,
    /// A submission that does not meet the challenge's rules (too many neurons or epochs,
    /// a value that is not a loss or an accuracy).
    OutsideGoal,
    /// No submission has that rank on the board.
    NoSubmission,
    /// The server holds `MAX_ROOMS` rooms.
    TooManyRooms,
    /// A message larger than `MAX_MESSAGE_BYTES`, not JSON, or none of the messages.
    BadMessage,
}

impl Refusal {
    /// The message's key in the page's tables.
    pub fn key(self) -> &'static str {
        match self {
            Refusal::NotTeacher => "class.notTeacher",
            Refusal::NotJoined => "class.notJoined",
            Refusal::RoomFull => "class.roomFull",
            Refusal::BadCode => "class.badCode",
            Refusal::UnknownCode => "class.unknownCode",
            Refusal::TooManyAttempts { .. } => "class.tooManyAttempts",
            Refusal::BadToken => "class.badToken",
            Refusal::BadNickname => "class.badNickname",
            Refusal::BadQuestion => "class.badQuestion",
            Refusal::NoQuestion => "class.noQuestion",
            Refusal::Revealed => "class.revealed",
            Refusal::NotRevealed => "class.notRevealed",
            Refusal::BadChoice { .. } => "class.badChoice",
            Refusal::BadExperiment { .. } => "class.badExperiment",
            Refusal::BadGoal => "class.badGoal",
            Refusal::NoChallenge => "class.noChallenge",
            Refusal::OutsideGoal => "class.outsideGoal",
            Refusal::NoSubmission => "class.noSubmission",
            Refusal::TooManyRooms => "class.tooManyRooms",
            Refusal::BadMessage => "class.badMessage",
        }
    }
}

/// Whether two secrets are equal, in a time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

#[cfg(test)]
mod tests;
