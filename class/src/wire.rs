//! The messages between a page and the server: what a page may send (one JSON object a
//! WebSocket text message, read strictly, with a size limit, as experiment files are
//! read) and what each side is shown of its room (the teacher: the tally and the board;
//! a student: the question, their own vote, and the class's answers only after the
//! reveal).

use crate::{Action, Goal, Question, Refusal, Room, Tally, Token};
use serde::{Deserialize, Serialize};

/// The largest message a page may send: an experiment file and a little more.
pub const MAX_MESSAGE_BYTES: usize = crate::MAX_EXPERIMENT_BYTES + 4096;

/// No fields: a message that is its type alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nothing {}

/// What a page sends.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum ClientMessage {
    /// The teacher's page makes a room. (The bodiless messages hold `Nothing`, so that a
    /// field sent with them is refused as any unknown field is.)
    Start(Nothing),
    /// The teacher's page comes back to its room (after a reload or a lost connection).
    Teacher {
        code: String,
        secret: String,
    },
    /// A student's page joins (or comes back).
    Join {
        code: String,
        token: String,
        #[serde(default)]
        nickname: String,
    },
    Vote {
        choice: usize,
    },
    Ask {
        lesson: String,
        step: usize,
        choices: usize,
    },
    Reveal(Nothing),
    Outcome {
        choice: usize,
    },
    Send {
        experiment: String,
    },
    Challenge {
        goal: Goal,
    },
    #[serde(rename_all = "camelCase")]
    Submit {
        value: f64,
        neurons: u32,
        epoch: u64,
        experiment: String,
    },
    End(Nothing),
    /// The teacher opens the submission ranked `rank` on the projector.
    Open {
        rank: usize,
    },
}

impl ClientMessage {
    /// A message as a page sent it; refused (and nothing done) when it is larger than
    /// `MAX_MESSAGE_BYTES`, not JSON, or not exactly one of the messages above.
    pub fn parse(text: &str) -> Result<ClientMessage, Refusal> {
        if text.len() > MAX_MESSAGE_BYTES {
            return Err(Refusal::BadMessage);
        }
        serde_json::from_str(text).map_err(|_| Refusal::BadMessage)
    }

    /// The room's action this message asks for, once the connection knows its room
    /// (`Start`, `Teacher` and `Join` are the hub's; `Open` only reads).
    pub fn action(self) -> Option<Action> {
        Some(match self {
            ClientMessage::Vote { choice } => Action::Vote { choice },
            ClientMessage::Ask {
                lesson,
                step,
                choices,
            } => Action::Ask {
                question: Question {
                    lesson,
                    step,
                    choices,
                },
            },
            ClientMessage::Reveal(_) => Action::Reveal,
            ClientMessage::Outcome { choice } => Action::Outcome { choice },
            ClientMessage::Send { experiment } => Action::Send { experiment },
            ClientMessage::Challenge { goal } => Action::Challenge { goal },
            ClientMessage::Submit {
                value,
                neurons,
                epoch,
                experiment,
            } => Action::Submit {
                value,
                neurons,
                epoch,
                experiment,
            },
            ClientMessage::End(_) => Action::End,
            ClientMessage::Start(_)
            | ClientMessage::Teacher { .. }
            | ClientMessage::Join { .. }
            | ClientMessage::Open { .. } => return None,
        })
    }
}

/// A row of the challenge's board as every page shows it (nicknames are text).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardRow {
    pub rank: usize,
    pub nickname: String,
    pub value: f64,
    pub neurons: u32,
    pub epoch: u64,
}

/// What the teacher's page is shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeacherView {
    pub code: String,
    pub question: Option<Question>,
    pub tally: Tally,
    pub revealed: bool,
    pub happened: Option<usize>,
    pub sent: Option<u64>,
    pub challenge: Option<Goal>,
    pub board: Vec<BoardRow>,
}

/// What a student's page is shown: their own vote, and the class's answers only once
/// the teacher reveals (so nobody follows the crowd).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StudentView {
    pub code: String,
    pub nickname: String,
    pub question: Option<Question>,
    pub vote: Option<usize>,
    pub revealed: bool,
    pub tally: Option<Tally>,
    pub happened: Option<usize>,
    /// The revision of the experiment sent (the page fetches each revision once).
    pub sent: Option<u64>,
    pub challenge: Option<Goal>,
    pub board: Vec<BoardRow>,
}

impl Room {
    fn board_rows(&self) -> Vec<BoardRow> {
        self.board()
            .into_iter()
            .enumerate()
            .map(|(k, (_, s))| BoardRow {
                rank: k + 1,
                nickname: s.nickname.clone(),
                value: s.value,
                neurons: s.neurons,
                epoch: s.epoch,
            })
            .collect()
    }

    /// The teacher's view of the room.
    pub fn teacher_view(&self) -> TeacherView {
        TeacherView {
            code: self.code.to_string(),
            question: self.question.clone(),
            tally: self.tally(),
            revealed: self.revealed,
            happened: self.happened,
            sent: self.sent.as_ref().map(|s| s.revision),
            challenge: self.challenge,
            board: self.board_rows(),
        }
    }

    /// Student `token`'s view of the room (`None` if they have not joined).
    pub fn student_view(&self, token: &Token) -> Option<StudentView> {
        let student = self.students.get(token)?;
        Some(StudentView {
            code: self.code.to_string(),
            nickname: student.nickname.clone(),
            question: self.question.clone(),
            vote: self.votes.get(token).copied(),
            revealed: self.revealed,
            tally: self.revealed.then(|| self.tally()),
            happened: self.happened,
            sent: self.sent.as_ref().map(|s| s.revision),
            challenge: self.challenge,
            board: self.board_rows(),
        })
    }
}

#[cfg(test)]
mod tests;
