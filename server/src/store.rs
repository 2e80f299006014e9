//! The rooms kept in SQLite, so a server restarted in the middle of a lesson comes back
//! with every room, vote and submission. A room's rows are written in one transaction
//! before any page hears of the change; a room ended or expired is deleted with all it
//! holds (the nicknames with it).
//!
//! What is stored: per room its code, the teacher's secret, the question asked, whether
//! it is revealed, the challenge, when it was made and last used; per student a random
//! token, the nickname (if any) and their vote; the experiment the teacher sent; each
//! student's best submission (its value, size, epoch and experiment file). Nothing else.

use nnlab_class::{Code, Event, Goal, Question, Room, Sent, Student, Submission, Token};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

pub struct Store {
    db: Connection,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    question TEXT,
    revealed INTEGER NOT NULL,
    happened INTEGER,
    challenge TEXT,
    created INTEGER NOT NULL,
    last_used INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS students (
    code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
    token TEXT NOT NULL,
    nickname TEXT NOT NULL,
    joined INTEGER NOT NULL,
    vote INTEGER,
    PRIMARY KEY (code, token)
);
CREATE TABLE IF NOT EXISTS sent (
    code TEXT PRIMARY KEY REFERENCES rooms(code) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    experiment TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
    token TEXT NOT NULL,
    nickname TEXT NOT NULL,
    value REAL NOT NULL,
    neurons INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    experiment TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (code, token)
);
";

type Fallible<T> = Result<T, String>;

fn failed(e: rusqlite::Error) -> String {
    format!("the class store: {e}")
}

impl Store {
    /// Opens (or makes) the store at `path`.
    pub fn open(path: &Path) -> Fallible<Store> {
        let db = Connection::open(path).map_err(failed)?;
        db.execute_batch(SCHEMA).map_err(failed)?;
        Ok(Store { db })
    }

    /// Every room kept.
    pub fn load(&self) -> Fallible<Vec<Room>> {
        let mut rooms = Vec::new();
        let mut query = self
            .db
            .prepare(
                "SELECT code, secret, question, revealed, challenge, created, last_used, happened \
                 FROM rooms",
            )
            .map_err(failed)?;
        let rows = query
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                ))
            })
            .map_err(failed)?;
        for row in rows {
            let (code, secret, question, revealed, challenge, created, last_used, happened) =
                row.map_err(failed)?;
            // A row this server did not write is skipped, not trusted.
            let Ok(code) = Code::parse(&code) else {
                continue;
            };
            let mut room = Room::new(code, secret, created as u64);
            room.question = question.and_then(|q| serde_json::from_str::<Question>(&q).ok());
            room.revealed = revealed;
            room.happened = happened.map(|h| h as usize);
            room.challenge = challenge.and_then(|g| serde_json::from_str::<Goal>(&g).ok());
            room.last_used = last_used as u64;
            self.load_students(&mut room)?;
            self.load_submissions(&mut room)?;
            room.sent = self
                .db
                .query_row(
                    "SELECT revision, experiment FROM sent WHERE code = ?1",
                    [code.as_str()],
                    |r| {
                        Ok(Sent {
                            revision: r.get::<_, i64>(0)? as u64,
                            experiment: r.get(1)?,
                        })
                    },
                )
                .optional()
                .map_err(failed)?;
            rooms.push(room);
        }
        Ok(rooms)
    }

    fn load_students(&self, room: &mut Room) -> Fallible<()> {
        let mut query = self
            .db
            .prepare("SELECT token, nickname, joined, vote FROM students WHERE code = ?1")
            .map_err(failed)?;
        let rows = query
            .query_map([room.code.as_str()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                ))
            })
            .map_err(failed)?;
        for row in rows {
            let (token, nickname, joined, vote) = row.map_err(failed)?;
            let Ok(token) = Token::parse(&token) else {
                continue;
            };
            if let Some(vote) = vote {
                room.votes.insert(token.clone(), vote as usize);
            }
            let student = Student {
                nickname,
                connected: false,
                joined: joined as u64,
            };
            room.students.insert(token, student);
        }
        Ok(())
    }

    fn load_submissions(&self, room: &mut Room) -> Fallible<()> {
        let mut query = self
            .db
            .prepare(
                "SELECT token, nickname, value, neurons, epoch, experiment, at \
                 FROM submissions WHERE code = ?1",
            )
            .map_err(failed)?;
        let rows = query
            .query_map([room.code.as_str()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Submission {
                        nickname: r.get(1)?,
                        value: r.get(2)?,
                        neurons: r.get::<_, i64>(3)? as u32,
                        epoch: r.get::<_, i64>(4)? as u64,
                        experiment: r.get(5)?,
                        at: r.get::<_, i64>(6)? as u64,
                    },
                ))
            })
            .map_err(failed)?;
        for row in rows {
            let (token, submission) = row.map_err(failed)?;
            if let Ok(token) = Token::parse(&token) {
                room.submissions.insert(token, submission);
            }
        }
        Ok(())
    }

    /// Writes what `events` changed in `room` (`who`: the student who acted, whose vote or
    /// submission is new), in one transaction; a room `Ended` is deleted.
    pub fn save(&mut self, room: &Room, events: &[Event], who: Option<&Token>) -> Fallible<()> {
        if events.contains(&Event::Ended) {
            return self.delete(room.code);
        }
        let tx = self.db.transaction().map_err(failed)?;
        let code = room.code.as_str();
        tx.execute(
            "INSERT INTO rooms \
             (code, secret, question, revealed, challenge, created, last_used, happened) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(code) DO UPDATE SET \
             question = ?3, revealed = ?4, challenge = ?5, last_used = ?7, happened = ?8",
            params![
                code,
                room.secret(),
                room.question
                    .as_ref()
                    .and_then(|q| serde_json::to_string(q).ok()),
                room.revealed,
                room.challenge
                    .as_ref()
                    .and_then(|g| serde_json::to_string(g).ok()),
                room.created as i64,
                room.last_used as i64,
                room.happened.map(|h| h as i64),
            ],
        )
        .map_err(failed)?;
        if events.contains(&Event::Students) || events.contains(&Event::Asked) {
            tx.execute("DELETE FROM students WHERE code = ?1", [code])
                .map_err(failed)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO students (code, token, nickname, joined, vote) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(failed)?;
            for (token, student) in &room.students {
                let vote = room.votes.get(token).map(|&v| v as i64);
                insert
                    .execute(params![
                        code,
                        token.as_str(),
                        student.nickname,
                        student.joined as i64,
                        vote
                    ])
                    .map_err(failed)?;
            }
        } else if let (true, Some(token)) = (events.contains(&Event::Tally), who) {
            // One vote: its row alone.
            let vote = room.votes.get(token).map(|&v| v as i64);
            tx.execute(
                "UPDATE students SET vote = ?3 WHERE code = ?1 AND token = ?2",
                params![code, token.as_str(), vote],
            )
            .map_err(failed)?;
        }
        if let (true, Some(sent)) = (events.contains(&Event::Sent), &room.sent) {
            tx.execute(
                "INSERT OR REPLACE INTO sent (code, revision, experiment) VALUES (?1, ?2, ?3)",
                params![code, sent.revision as i64, sent.experiment],
            )
            .map_err(failed)?;
        }
        if events.contains(&Event::Challenge) {
            tx.execute("DELETE FROM submissions WHERE code = ?1", [code])
                .map_err(failed)?;
        }
        let submission = who.and_then(|t| room.submissions.get(t).map(|s| (t, s)));
        if let (true, Some((token, s))) = (events.contains(&Event::Board), submission) {
            tx.execute(
                "INSERT OR REPLACE INTO submissions \
                 (code, token, nickname, value, neurons, epoch, experiment, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    code,
                    token.as_str(),
                    s.nickname,
                    s.value,
                    s.neurons,
                    s.epoch as i64,
                    s.experiment,
                    s.at as i64
                ],
            )
            .map_err(failed)?;
        }
        tx.commit().map_err(failed)
    }

    /// Deletes a room and everything in it.
    pub fn delete(&mut self, code: Code) -> Fallible<()> {
        self.db
            .execute("DELETE FROM rooms WHERE code = ?1", [code.as_str()])
            .map(|_| ())
            .map_err(failed)
    }
}
