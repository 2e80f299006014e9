//! One room: its students, the question asked and the votes, the reveal, the experiment
//! sent, the challenge and its board.

use crate::{same_secret, Code, Refusal, Token};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most students a room takes (the target is 40 and a teacher).
pub const MAX_STUDENTS: usize = 60;
/// The most characters of a nickname.
pub const MAX_NICKNAME_CHARS: usize = 24;
/// The most choices a lesson's question has.
pub const MAX_CHOICES: usize = 4;
/// The largest experiment (a saved experiment's JSON) the teacher may send or a student
/// submit: the digits' network and data fit.
pub const MAX_EXPERIMENT_BYTES: usize = 4 << 20;
/// The most characters of a lesson's id, and the most steps a lesson has.
const MAX_LESSON_ID_CHARS: usize = 40;
const MAX_STEPS: usize = 100;

/// A nickname as typed: its ends trimmed; refused when longer than `MAX_NICKNAME_CHARS`
/// or with a control character. Empty is allowed (the student stays unnamed). It is text,
/// never markup: the page inserts it as text.
pub fn nickname(typed: &str) -> Result<String, Refusal> {
    let name = typed.trim();
    if name.chars().count() > MAX_NICKNAME_CHARS || name.chars().any(char::is_control) {
        return Err(Refusal::BadNickname);
    }
    Ok(name.to_string())
}

/// A student of the room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Student {
    pub nickname: String,
    /// Whether their page is connected now (a vote stays when it is not).
    pub connected: bool,
    /// When they first joined (ms).
    pub joined: u64,
}

/// The lesson step the teacher asks: the class votes among its `choices`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Question {
    pub lesson: String,
    pub step: usize,
    pub choices: usize,
}

impl Question {
    fn check(&self) -> Result<(), Refusal> {
        let id = !self.lesson.is_empty()
            && self.lesson.len() <= MAX_LESSON_ID_CHARS
            && self
                .lesson
                .bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'));
        if id && self.step < MAX_STEPS && (2..=MAX_CHOICES).contains(&self.choices) {
            Ok(())
        } else {
            Err(Refusal::BadQuestion)
        }
    }
}

/// What a challenge ranks by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    /// The test loss: lower is better.
    TestLoss,
    /// The test accuracy (0 to 1): higher is better.
    TestAccuracy,
}

/// A challenge's goal on the current data: the best `metric` with at most `max_neurons`
/// hidden neurons (if set) in at most `epochs` epochs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Goal {
    pub metric: Metric,
    pub max_neurons: Option<u32>,
    pub epochs: u64,
}

impl Goal {
    fn check(&self) -> Result<(), Refusal> {
        let neurons = self.max_neurons.is_none_or(|n| (1..=1000).contains(&n));
        if neurons && (1..=1_000_000).contains(&self.epochs) {
            Ok(())
        } else {
            Err(Refusal::BadGoal)
        }
    }

    /// Whether `a` ranks above `b` (ties: the earlier submission).
    fn better(&self, a: &Submission, b: &Submission) -> bool {
        match self.metric {
            Metric::TestLoss if a.value != b.value => a.value < b.value,
            Metric::TestAccuracy if a.value != b.value => a.value > b.value,
            _ => a.at < b.at,
        }
    }
}

/// A student's run submitted to the challenge: its value, its size and epoch, and the
/// experiment file that opens it exactly as trained.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub nickname: String,
    pub value: f64,
    pub neurons: u32,
    pub epoch: u64,
    pub experiment: String,
    /// When it was submitted (ms).
    pub at: u64,
}

/// The experiment the teacher sent to everyone, and its revision (a page loads each
/// revision once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub revision: u64,
    pub experiment: String,
}

/// Who asks: the teacher (with the room's secret) or a student (with their token).
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Teacher(&'a str),
    Student(&'a Token),
}

/// What may be asked of a room.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A student joins, or comes back (the same token: their vote is kept).
    Join { nickname: String },
    /// A student's page is gone (asleep, offline): their vote stays.
    Leave,
    /// A student votes, or changes their vote, until the reveal.
    Vote { choice: usize },
    /// The teacher asks a lesson's step: the votes start again.
    Ask { question: Question },
    /// The teacher shows the class the class's answers (then runs the step).
    Reveal,
    /// The teacher's page ran the step: choice `choice` is what happened.
    Outcome { choice: usize },
    /// The teacher puts an experiment on every student's page.
    Send { experiment: String },
    /// The teacher sets a challenge: the board starts again.
    Challenge { goal: Goal },
    /// A student submits a run (their best is kept).
    Submit {
        value: f64,
        neurons: u32,
        epoch: u64,
        experiment: String,
    },
    /// The teacher ends the room: it and everything in it are deleted.
    End,
}

/// What an action changed, for the server to tell the pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Event {
    Students,
    Tally,
    Asked,
    Revealed,
    Outcome,
    Sent,
    Challenge,
    Board,
    Ended,
}

/// The class's votes: how many chose each choice, of how many votes and students (no
/// names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub counts: Vec<u32>,
    pub votes: u32,
    pub students: u32,
    pub connected: u32,
}

/// A room. Its fields are public to read; changes go through `apply`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub code: Code,
    secret: String,
    pub students: BTreeMap<Token, Student>,
    pub question: Option<Question>,
    pub votes: BTreeMap<Token, usize>,
    pub revealed: bool,
    /// The choice that happened when the teacher's page ran the step (after the reveal).
    #[serde(default)]
    pub happened: Option<usize>,
    pub sent: Option<Sent>,
    pub challenge: Option<Goal>,
    pub submissions: BTreeMap<Token, Submission>,
    /// When it was made and last used (ms): a room unused for a day is deleted.
    pub created: u64,
    pub last_used: u64,
}

impl Room {
    /// A room with its code and the teacher's secret (which only the teacher's page
    /// holds).
    pub fn new(code: Code, secret: String, now: u64) -> Room {
        Room {
            code,
            secret,
            students: BTreeMap::new(),
            question: None,
            votes: BTreeMap::new(),
            revealed: false,
            happened: None,
            sent: None,
            challenge: None,
            submissions: BTreeMap::new(),
            created: now,
            last_used: now,
        }
    }

    /// The teacher's secret, for the server's store only (never shown to a page but the
    /// teacher's, which made it).
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The submission ranked `rank` (1 is the best) on the board, for the teacher to open
    /// on the projector; refused to anyone else.
    pub fn submission(&self, secret: &str, rank: usize) -> Result<&Submission, Refusal> {
        if !self.is_teacher(secret) {
            return Err(Refusal::NotTeacher);
        }
        let board = self.board();
        let (_, submission) = rank
            .checked_sub(1)
            .and_then(|k| board.get(k))
            .ok_or(Refusal::NoSubmission)?;
        Ok(submission)
    }

    /// Whether `secret` is the teacher's.
    pub fn is_teacher(&self, secret: &str) -> bool {
        same_secret(&self.secret, secret)
    }

    /// Does `action` for `who` at `now` (ms), or refuses it and changes nothing.
    pub fn apply(&mut self, who: Who, action: Action, now: u64) -> Result<Vec<Event>, Refusal> {
        let events = match who {
            Who::Teacher(secret) if self.is_teacher(secret) => self.teacher(action)?,
            Who::Teacher(_) => return Err(Refusal::NotTeacher),
            Who::Student(token) => self.student(token, action, now)?,
        };
        self.last_used = now;
        Ok(events)
    }

    fn teacher(&mut self, action: Action) -> Result<Vec<Event>, Refusal> {
        use Event::*;
        Ok(match action {
            Action::Ask { question } => {
                question.check()?;
                self.question = Some(question);
                self.votes.clear();
                self.revealed = false;
                self.happened = None;
                vec![Asked, Tally]
            }
            Action::Reveal => {
                self.question.as_ref().ok_or(Refusal::NoQuestion)?;
                self.revealed = true;
                vec![Revealed]
            }
            Action::Outcome { choice } => {
                let choices = self.question.as_ref().ok_or(Refusal::NoQuestion)?.choices;
                if !self.revealed {
                    return Err(Refusal::NotRevealed);
                }
                if choice >= choices {
                    return Err(Refusal::BadChoice { choices });
                }
                self.happened = Some(choice);
                vec![Outcome]
            }
            Action::Send { experiment } => {
                check_experiment(&experiment)?;
                let revision = self.sent.as_ref().map_or(1, |s| s.revision + 1);
                self.sent = Some(crate::Sent {
                    revision,
                    experiment,
                });
                vec![Event::Sent]
            }
            Action::Challenge { goal } => {
                goal.check()?;
                self.challenge = Some(goal);
                self.submissions.clear();
                vec![Challenge, Board]
            }
            Action::End => vec![Ended],
            // What only a student does.
            Action::Join { .. } | Action::Leave | Action::Vote { .. } | Action::Submit { .. } => {
                return Err(Refusal::NotJoined)
            }
        })
    }

    fn student(&mut self, token: &Token, action: Action, now: u64) -> Result<Vec<Event>, Refusal> {
        use Event::*;
        if let Action::Join { nickname } = action {
            let name = crate::nickname(&nickname)?;
            let full = self.students.len() >= MAX_STUDENTS;
            match self.students.get_mut(token) {
                Some(student) => {
                    student.connected = true;
                    if !name.is_empty() {
                        student.nickname = name;
                    }
                }
                None if full => return Err(Refusal::RoomFull),
                None => {
                    let student = Student {
                        nickname: name,
                        connected: true,
                        joined: now,
                    };
                    self.students.insert(token.clone(), student);
                }
            }
            return Ok(vec![Students, Tally]);
        }
        let student = self.students.get_mut(token).ok_or(Refusal::NotJoined)?;
        Ok(match action {
            Action::Leave => {
                student.connected = false;
                vec![Students, Tally]
            }
            Action::Vote { choice } => {
                let question = self.question.as_ref().ok_or(Refusal::NoQuestion)?;
                if self.revealed {
                    return Err(Refusal::Revealed);
                }
                if choice >= question.choices {
                    return Err(Refusal::BadChoice {
                        choices: question.choices,
                    });
                }
                self.votes.insert(token.clone(), choice);
                vec![Tally]
            }
            Action::Submit {
                value,
                neurons,
                epoch,
                experiment,
            } => {
                let goal = self.challenge.ok_or(Refusal::NoChallenge)?;
                let value_fits = match goal.metric {
                    Metric::TestLoss => value.is_finite() && value >= 0.0,
                    Metric::TestAccuracy => (0.0..=1.0).contains(&value),
                };
                let size_fits = goal.max_neurons.is_none_or(|max| neurons <= max);
                if !value_fits || !size_fits || epoch > goal.epochs {
                    return Err(Refusal::OutsideGoal);
                }
                check_experiment(&experiment)?;
                let submission = Submission {
                    nickname: student.nickname.clone(),
                    value,
                    neurons,
                    epoch,
                    experiment,
                    at: now,
                };
                // Each student's best run stands.
                let keep = self
                    .submissions
                    .get(token)
                    .is_none_or(|old| goal.better(&submission, old));
                if keep {
                    self.submissions.insert(token.clone(), submission);
                }
                vec![Board]
            }
            Action::Ask { .. }
            | Action::Reveal
            | Action::Outcome { .. }
            | Action::Send { .. }
            | Action::Challenge { .. }
            | Action::End => return Err(Refusal::NotTeacher),
            Action::Join { .. } => unreachable!("handled above"),
        })
    }

    /// The class's votes on the question asked (empty without one).
    pub fn tally(&self) -> Tally {
        let choices = self.question.as_ref().map_or(0, |q| q.choices);
        let mut counts = vec![0u32; choices];
        for &choice in self.votes.values() {
            if let Some(count) = counts.get_mut(choice) {
                *count += 1;
            }
        }
        Tally {
            votes: counts.iter().sum(),
            counts,
            students: self.students.len() as u32,
            connected: self.students.values().filter(|s| s.connected).count() as u32,
        }
    }

    /// The challenge's board: each student's best submission, the best first.
    pub fn board(&self) -> Vec<(&Token, &Submission)> {
        let Some(goal) = self.challenge else {
            return Vec::new();
        };
        let mut board: Vec<(&Token, &Submission)> = self.submissions.iter().collect();
        board.sort_by(|a, b| {
            if goal.better(a.1, b.1) {
                std::cmp::Ordering::Less
            } else if goal.better(b.1, a.1) {
                std::cmp::Ordering::Greater
            } else {
                a.0.cmp(b.0)
            }
        });
        board
    }
}

/// An experiment file: a JSON object of at most `MAX_EXPERIMENT_BYTES` (the page checks
/// the rest strictly when it loads it, as it does a file).
fn check_experiment(experiment: &str) -> Result<(), Refusal> {
    let refused = Refusal::BadExperiment {
        max: MAX_EXPERIMENT_BYTES,
    };
    if experiment.len() > MAX_EXPERIMENT_BYTES {
        return Err(refused);
    }
    match serde_json::from_str::<serde_json::Value>(experiment) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(refused),
    }
}
