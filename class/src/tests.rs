//! The class room's rules, natively: a lesson step voted on and revealed, who may do
//! what, reconnecting, the experiment sent, a challenge and its board, join codes and
//! their rate limit, rooms ended and expired, a room kept and read back.

use super::*;

pub(crate) const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

pub(crate) fn token(n: u32) -> Token {
    Token::parse(&format!("{n:032x}")).unwrap()
}

pub(crate) fn room() -> Room {
    Room::new(Code::from_number(12_345), SECRET.to_string(), 0)
}

pub(crate) fn join(r: &mut Room, n: u32, name: &str) {
    let action = Action::Join {
        nickname: name.to_string(),
    };
    r.apply(Who::Student(&token(n)), action, 1).unwrap();
}

pub(crate) fn ask(r: &mut Room, choices: usize) {
    let question = Question {
        lesson: "xor".to_string(),
        step: 1,
        choices,
    };
    r.apply(Who::Teacher(SECRET), Action::Ask { question }, 2)
        .unwrap();
}

pub(crate) fn vote(r: &mut Room, n: u32, choice: usize) -> Result<Vec<Event>, Refusal> {
    r.apply(Who::Student(&token(n)), Action::Vote { choice }, 3)
}

#[test]
fn codes_are_six_unambiguous_characters_typed_in_any_case() {
    for n in [0, 1, 30, 31, 887_503_680, u64::MAX] {
        let code = Code::from_number(n);
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert!(code.as_str().bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_eq!(Code::parse(code.as_str()), Ok(code));
        let typed = format!(" {}-{} ", &code.as_str()[..3], &code.as_str()[3..]);
        assert_eq!(Code::parse(&typed.to_lowercase()), Ok(code), "{typed}");
    }
    assert_ne!(Code::from_number(0), Code::from_number(1));
    for bad in [
        "",
        "ABC",
        "ABCDEFG",
        "ABCDE0",
        "ABCDEO",
        "ABCDE1",
        "ABCDEI",
        "ABCDEL",
        "ABCDÉF",
        "<b>AB</b>",
    ] {
        assert_eq!(Code::parse(bad), Err(Refusal::BadCode), "{bad}");
    }
    assert!(Token::parse(&"a".repeat(32)).is_ok());
    for bad in ["", "abc", &"A".repeat(32), &"g".repeat(32), &"a".repeat(33)] {
        assert_eq!(Token::parse(bad), Err(Refusal::BadToken), "{bad}");
    }
}

#[test]
fn a_step_is_voted_on_the_tally_fills_in_and_the_reveal_closes_the_votes() {
    let mut r = room();
    for n in 0..5 {
        join(&mut r, n, "");
    }
    assert_eq!(vote(&mut r, 0, 0), Err(Refusal::NoQuestion));
    ask(&mut r, 3);
    assert_eq!(r.tally().counts, vec![0, 0, 0]);
    vote(&mut r, 0, 0).unwrap();
    vote(&mut r, 1, 2).unwrap();
    vote(&mut r, 2, 2).unwrap();
    // A vote may change until the reveal.
    assert_eq!(vote(&mut r, 0, 1), Ok(vec![Event::Tally]));
    let tally = r.tally();
    assert_eq!(
        (tally.counts, tally.votes, tally.students),
        (vec![0, 1, 2], 3, 5)
    );
    assert_eq!(vote(&mut r, 3, 3), Err(Refusal::BadChoice { choices: 3 }));
    r.apply(Who::Teacher(SECRET), Action::Reveal, 4).unwrap();
    assert!(r.revealed);
    assert_eq!(vote(&mut r, 3, 0), Err(Refusal::Revealed));
    assert_eq!(vote(&mut r, 0, 2), Err(Refusal::Revealed));
    assert_eq!(r.tally().counts, vec![0, 1, 2]);
    // The next step: the votes start again.
    ask(&mut r, 2);
    assert!(!r.revealed);
    assert_eq!((r.tally().counts, r.tally().votes), (vec![0, 0], 0));
    for bad in [
        Question {
            lesson: "xor".into(),
            step: 1,
            choices: 1,
        },
        Question {
            lesson: "xor".into(),
            step: 1,
            choices: 5,
        },
        Question {
            lesson: "<script>".into(),
            step: 1,
            choices: 2,
        },
        Question {
            lesson: "".into(),
            step: 1,
            choices: 2,
        },
        Question {
            lesson: "xor".into(),
            step: 100,
            choices: 2,
        },
    ] {
        let refused = r.apply(Who::Teacher(SECRET), Action::Ask { question: bad }, 5);
        assert_eq!(refused, Err(Refusal::BadQuestion));
    }
}

#[test]
fn only_the_teachers_secret_asks_reveals_sends_sets_challenges_and_ends() {
    let mut r = room();
    join(&mut r, 1, "Ada");
    ask(&mut r, 2);
    let before = r.clone();
    let goal = Goal {
        metric: Metric::TestLoss,
        max_neurons: Some(12),
        epochs: 500,
    };
    let teacher_only = [
        Action::Ask {
            question: Question {
                lesson: "xor".into(),
                step: 0,
                choices: 2,
            },
        },
        Action::Reveal,
        Action::Send {
            experiment: "{}".into(),
        },
        Action::Challenge { goal },
        Action::End,
    ];
    let wrong = SECRET.replace('0', "1");
    for action in teacher_only {
        for who in [
            Who::Teacher(&wrong),
            Who::Teacher(""),
            Who::Teacher(&SECRET[..63]),
        ] {
            assert_eq!(r.apply(who, action.clone(), 9), Err(Refusal::NotTeacher));
        }
        assert_eq!(
            r.apply(Who::Student(&token(1)), action.clone(), 9),
            Err(Refusal::NotTeacher)
        );
        assert_eq!(
            r.apply(Who::Student(&token(2)), action.clone(), 9),
            Err(Refusal::NotJoined)
        );
    }
    // A student's actions are not the teacher's either; nothing above changed the room.
    assert_eq!(
        r.apply(Who::Teacher(SECRET), Action::Vote { choice: 0 }, 9),
        Err(Refusal::NotJoined)
    );
    assert_eq!(r, before);
    assert!(
        same_secret(SECRET, SECRET) && !same_secret(SECRET, &wrong) && !same_secret(SECRET, "")
    );
}

#[test]
fn a_student_who_comes_back_keeps_their_vote_and_nickname() {
    let mut r = room();
    join(&mut r, 7, "  Grace  ");
    assert_eq!(r.students[&token(7)].nickname, "Grace");
    ask(&mut r, 2);
    vote(&mut r, 7, 1).unwrap();
    r.apply(Who::Student(&token(7)), Action::Leave, 5).unwrap();
    assert_eq!((r.tally().connected, r.tally().votes), (0, 1));
    // The phone wakes: the same token, no nickname typed again.
    join(&mut r, 7, "");
    assert_eq!(r.students[&token(7)].nickname, "Grace");
    assert_eq!((r.tally().connected, r.tally().counts), (1, vec![0, 1]));
    assert_eq!(r.students.len(), 1);
    // Nicknames: text as typed (the page never inserts it as markup), within limits.
    join(&mut r, 8, "<b>Tim</b>");
    assert_eq!(r.students[&token(8)].nickname, "<b>Tim</b>");
    for bad in [
        "x".repeat(25),
        "a\u{0}b".to_string(),
        "line\nbreak".to_string(),
    ] {
        let refused = r.apply(
            Who::Student(&token(9)),
            Action::Join {
                nickname: bad.clone(),
            },
            6,
        );
        assert_eq!(refused, Err(Refusal::BadNickname), "{bad:?}");
    }
    assert_eq!(nickname(&"字".repeat(24)).unwrap().chars().count(), 24);
    // A full room.
    for n in 100..100 + MAX_STUDENTS as u32 - 2 {
        join(&mut r, n, "");
    }
    assert_eq!(r.students.len(), MAX_STUDENTS);
    let full = r.apply(
        Who::Student(&token(5)),
        Action::Join {
            nickname: String::new(),
        },
        7,
    );
    assert_eq!(full, Err(Refusal::RoomFull));
    join(&mut r, 7, "");
}

#[test]
fn the_experiment_sent_has_a_revision_and_a_bounded_size() {
    let mut r = room();
    let send = |r: &mut Room, experiment: String| {
        r.apply(Who::Teacher(SECRET), Action::Send { experiment }, 3)
    };
    send(&mut r, r#"{"version": 5}"#.into()).unwrap();
    send(&mut r, r#"{"version": 5, "epoch": 3}"#.into()).unwrap();
    let sent = r.sent.clone().unwrap();
    assert_eq!(
        (sent.revision, sent.experiment.as_str()),
        (2, r#"{"version": 5, "epoch": 3}"#)
    );
    let big = format!(r#"{{"x": "{}"}}"#, "a".repeat(MAX_EXPERIMENT_BYTES));
    for bad in [big, "[1, 2]".into(), "not json".into(), String::new()] {
        let refused = send(&mut r, bad);
        assert_eq!(
            refused,
            Err(Refusal::BadExperiment {
                max: MAX_EXPERIMENT_BYTES
            })
        );
    }
    assert_eq!(
        r.sent.unwrap().revision,
        2,
        "a refused send changes nothing"
    );
}

#[test]
fn a_challenge_ranks_each_students_best_run_within_its_rules() {
    let mut r = room();
    for (n, name) in [(1, "Ada"), (2, "Alan"), (3, "Grace")] {
        join(&mut r, n, name);
    }
    let submit = |r: &mut Room, n: u32, value: f64, neurons: u32, epoch: u64, at: u64| {
        let action = Action::Submit {
            value,
            neurons,
            epoch,
            experiment: r#"{"version": 5}"#.into(),
        };
        r.apply(Who::Student(&token(n)), action, at)
    };
    assert_eq!(submit(&mut r, 1, 0.1, 4, 10, 1), Err(Refusal::NoChallenge));
    let goal = Goal {
        metric: Metric::TestLoss,
        max_neurons: Some(12),
        epochs: 500,
    };
    r.apply(Who::Teacher(SECRET), Action::Challenge { goal }, 2)
        .unwrap();
    submit(&mut r, 1, 0.30, 12, 500, 10).unwrap();
    submit(&mut r, 2, 0.20, 8, 300, 11).unwrap();
    submit(&mut r, 3, 0.20, 6, 400, 12).unwrap();
    // Ada improves; a worse run later does not replace her best.
    submit(&mut r, 1, 0.05, 10, 450, 13).unwrap();
    submit(&mut r, 1, 0.50, 10, 450, 14).unwrap();
    let board: Vec<(&str, f64)> = r
        .board()
        .iter()
        .map(|(_, s)| (s.nickname.as_str(), s.value))
        .collect();
    // Ties: the earlier submission first.
    assert_eq!(board, [("Ada", 0.05), ("Alan", 0.20), ("Grace", 0.20)]);
    for (value, neurons, epoch) in [
        (0.01, 13, 10),
        (0.01, 4, 501),
        (f64::NAN, 4, 10),
        (-0.1, 4, 10),
        (f64::INFINITY, 4, 10),
    ] {
        assert_eq!(
            submit(&mut r, 2, value, neurons, epoch, 20),
            Err(Refusal::OutsideGoal)
        );
    }
    assert_eq!(submit(&mut r, 9, 0.01, 4, 10, 20), Err(Refusal::NotJoined));
    // Accuracy: higher is better, within 0 and 1; a new challenge starts the board again.
    let goal = Goal {
        metric: Metric::TestAccuracy,
        max_neurons: None,
        epochs: 100,
    };
    r.apply(Who::Teacher(SECRET), Action::Challenge { goal }, 30)
        .unwrap();
    assert!(r.board().is_empty());
    submit(&mut r, 3, 0.9, 100, 100, 31).unwrap();
    submit(&mut r, 2, 0.95, 3, 50, 32).unwrap();
    assert_eq!(
        submit(&mut r, 1, 1.01, 3, 50, 33),
        Err(Refusal::OutsideGoal)
    );
    let first = r.board()[0].1.nickname.clone();
    assert_eq!(first, "Alan");
    for bad in [
        Goal {
            metric: Metric::TestLoss,
            max_neurons: Some(0),
            epochs: 10,
        },
        Goal {
            metric: Metric::TestLoss,
            max_neurons: None,
            epochs: 0,
        },
    ] {
        let refused = r.apply(Who::Teacher(SECRET), Action::Challenge { goal: bad }, 40);
        assert_eq!(refused, Err(Refusal::BadGoal));
    }
}

#[test]
fn a_hub_makes_rooms_joins_them_by_code_and_ends_and_expires_them() {
    let mut hub = Hub::default();
    let a = hub.create(42, SECRET.into(), 0).unwrap();
    // The same random number again: another code.
    let b = hub.create(42, SECRET.into(), 0).unwrap();
    assert_ne!(a, b);
    let typed = a.as_str().to_lowercase();
    let (code, events) = hub.join("10.0.0.2", &typed, &token(1), "Ada", 5).unwrap();
    assert_eq!((code, events), (a, vec![Event::Students, Event::Tally]));
    let ended = hub.apply(a, Who::Teacher(SECRET), Action::End, 6).unwrap();
    assert_eq!(ended, vec![Event::Ended]);
    assert!(
        hub.room(a).is_none(),
        "an ended room is deleted with what it held"
    );
    assert_eq!(
        hub.join("10.0.0.2", &typed, &token(1), "", 7),
        Err(Refusal::UnknownCode)
    );
    // Unused for a day: deleted; used: kept.
    let c = hub.create(7, SECRET.into(), 0).unwrap();
    hub.join("10.0.0.3", c.as_str(), &token(2), "", ROOM_IDLE_MS / 2)
        .unwrap();
    assert_eq!(hub.expire(ROOM_IDLE_MS), vec![b]);
    assert!(hub.room(c).is_some());
    assert_eq!(hub.expire(ROOM_IDLE_MS / 2 + ROOM_IDLE_MS), vec![c]);
    // A full server.
    let mut full = Hub::default();
    for n in 0..MAX_ROOMS as u64 {
        full.create(n * 1_000_003, SECRET.into(), 0).unwrap();
    }
    assert_eq!(full.create(1, SECRET.into(), 0), Err(Refusal::TooManyRooms));
}

#[test]
fn ten_thousand_guessed_codes_get_a_handful_of_answers() {
    let mut hub = Hub::default();
    let code = hub.create(987_654_321, SECRET.into(), 0).unwrap();
    // One address guesses 10,000 codes, one a millisecond.
    let mut answered = 0;
    let mut limited = 0;
    for k in 0..10_000u64 {
        match hub.join(
            "10.0.0.66",
            Code::from_number(k).as_str(),
            &token(66),
            "",
            k,
        ) {
            Err(Refusal::UnknownCode) => answered += 1,
            Err(Refusal::TooManyAttempts { seconds }) => {
                assert!((1..=6).contains(&seconds));
                limited += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    // 10 at once, then one every 6 s of the 10 s the guesses took.
    assert_eq!(answered, JOIN_ATTEMPTS + 1);
    assert_eq!(limited, 10_000 - answered);
    // Meanwhile the class joins with the right code, from its own addresses and from the
    // guesser's (a right code costs nothing, but an address out of attempts waits).
    hub.join("10.0.0.7", code.as_str(), &token(7), "", 10_000)
        .unwrap();
    assert!(matches!(
        hub.join("10.0.0.66", code.as_str(), &token(8), "", 10_001),
        Err(Refusal::TooManyAttempts { .. })
    ));
    hub.join(
        "10.0.0.66",
        code.as_str(),
        &token(8),
        "",
        10_000 + JOIN_REFILL_MS,
    )
    .unwrap();
    // Guessing from many addresses: past the minute's failures only students coming
    // back get in.
    let start = 120_000;
    for k in 0..FAILED_PER_MINUTE as u64 {
        let address = format!("10.1.{}.{}", k / 256, k % 256);
        let refused = hub.join(
            &address,
            Code::from_number(k).as_str(),
            &token(9),
            "",
            start + k,
        );
        assert_eq!(refused, Err(Refusal::UnknownCode));
    }
    let t = start + 1_000;
    assert!(matches!(
        hub.join("10.2.0.1", Code::from_number(1).as_str(), &token(9), "", t),
        Err(Refusal::TooManyAttempts { .. })
    ));
    assert!(matches!(
        hub.join("10.2.0.2", code.as_str(), &token(10), "", t),
        Err(Refusal::TooManyAttempts { .. })
    ));
    hub.join("10.2.0.3", code.as_str(), &token(7), "", t)
        .unwrap();
    // The next minute, joining is open again.
    hub.join("10.2.0.2", code.as_str(), &token(10), "", start + 60_000)
        .unwrap();
}

#[test]
fn a_room_kept_and_read_back_is_the_same_room() {
    let mut hub = Hub::default();
    let code = hub.create(5, SECRET.into(), 0).unwrap();
    hub.join("10.0.0.2", code.as_str(), &token(1), "Ada", 1)
        .unwrap();
    let question = Question {
        lesson: "xor".into(),
        step: 1,
        choices: 2,
    };
    hub.apply(code, Who::Teacher(SECRET), Action::Ask { question }, 2)
        .unwrap();
    hub.apply(code, Who::Student(&token(1)), Action::Vote { choice: 1 }, 3)
        .unwrap();
    let kept = serde_json::to_string(hub.room(code).unwrap()).unwrap();
    let back: Room = serde_json::from_str(&kept).unwrap();
    assert_eq!(&back, hub.room(code).unwrap());
    let mut restarted = Hub::default();
    restarted.restore(back);
    assert_eq!(restarted.room(code).unwrap().tally().counts, vec![0, 1]);
    // A restarted server has no connections yet: the student counts as away until back.
    assert_eq!(restarted.room(code).unwrap().tally().connected, 0);
    assert_eq!(restarted.room(code).unwrap().secret(), SECRET);
    assert!(restarted.room(code).unwrap().is_teacher(SECRET));
}

mod teacher;
