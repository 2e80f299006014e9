//! The messages, natively: each read strictly within its size, and what each side is
//! shown of its room.

use crate::tests::{ask, join, room, token, vote, SECRET};
use crate::*;

#[test]
fn a_pages_messages_are_read_strictly_and_within_their_size() {
    let ok = |text: &str| ClientMessage::parse(text).unwrap();
    assert_eq!(
        ok(r#"{"type": "start"}"#),
        ClientMessage::Start(super::Nothing {})
    );
    assert_eq!(ok(r#"{"type": "reveal"}"#).action(), Some(Action::Reveal));
    assert_eq!(
        ok(r#"{"type": "join", "code": "ab2-cd3", "token": "00000000000000000000000000000001"}"#),
        ClientMessage::Join {
            code: "ab2-cd3".into(),
            token: format!("{:032x}", 1),
            nickname: String::new(),
        }
    );
    assert_eq!(
        ok(r#"{"type": "vote", "choice": 1}"#).action(),
        Some(Action::Vote { choice: 1 })
    );
    let asked = ok(r#"{"type": "ask", "lesson": "xor", "step": 1, "choices": 3}"#).action();
    let question = Question {
        lesson: "xor".into(),
        step: 1,
        choices: 3,
    };
    assert_eq!(asked, Some(Action::Ask { question }));
    let goal = ok(
        r#"{"type": "challenge", "goal": {"metric": "testLoss", "maxNeurons": 12, "epochs": 500}}"#,
    );
    let expected = Goal {
        metric: Metric::TestLoss,
        max_neurons: Some(12),
        epochs: 500,
    };
    assert_eq!(goal.action(), Some(Action::Challenge { goal: expected }));
    assert_eq!(
        ok(r#"{"type": "teacher", "code": "X", "secret": "y"}"#).action(),
        None
    );
    let refused = [
        "".to_string(),
        "not json".into(),
        "[]".into(),
        r#"{"type": "vote"}"#.into(),
        r#"{"type": "vote", "choice": -1}"#.into(),
        r#"{"type": "vote", "choice": 1.5}"#.into(),
        r#"{"type": "vote", "choice": 1, "extra": true}"#.into(),
        r#"{"type": "promote", "who": "me"}"#.into(),
        r#"{"type": "reveal", "secret": "guess"}"#.into(),
        r#"{"type": "challenge", "goal": {"metric": "fastest", "epochs": 5}}"#.into(),
        r#"{"type": "submit", "value": "0.1", "neurons": 3, "epoch": 5, "experiment": "{}"}"#
            .into(),
        r#"{"choice": 1}"#.into(),
        format!(
            r#"{{"type": "send", "experiment": "{}"}}"#,
            "a".repeat(MAX_MESSAGE_BYTES)
        ),
    ];
    for text in refused {
        let shown: String = text.chars().take(80).collect();
        assert_eq!(
            ClientMessage::parse(&text),
            Err(Refusal::BadMessage),
            "{shown}"
        );
    }
}

#[test]
fn a_student_sees_their_own_vote_and_the_class_only_after_the_reveal() {
    let mut r = room();
    join(&mut r, 1, "<i>Ada</i>");
    join(&mut r, 2, "");
    ask(&mut r, 2);
    vote(&mut r, 1, 1).unwrap();
    vote(&mut r, 2, 1).unwrap();
    let view = r.student_view(&token(1)).unwrap();
    assert_eq!(
        (view.vote, view.revealed, view.tally.clone()),
        (Some(1), false, None)
    );
    assert_eq!(view.nickname, "<i>Ada</i>");
    assert_eq!(r.student_view(&token(2)).unwrap().vote, Some(1));
    assert!(r.student_view(&token(3)).is_none());
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["tally"], serde_json::Value::Null);
    assert_eq!(json["code"], r.code.as_str());
    // The teacher sees the tally fill in.
    let teacher = r.teacher_view();
    assert_eq!((teacher.tally.counts, teacher.tally.votes), (vec![0, 2], 2));
    r.apply(Who::Teacher(SECRET), Action::Reveal, 4).unwrap();
    let view = r.student_view(&token(1)).unwrap();
    assert_eq!(view.tally.map(|t| t.counts), Some(vec![0, 2]));
    // The board, ranked, for everyone.
    let goal = Goal {
        metric: Metric::TestLoss,
        max_neurons: None,
        epochs: 100,
    };
    r.apply(Who::Teacher(SECRET), Action::Challenge { goal }, 5)
        .unwrap();
    for (n, value) in [(1, 0.4), (2, 0.2)] {
        let action = Action::Submit {
            value,
            neurons: 5,
            epoch: 100,
            experiment: "{}".into(),
        };
        r.apply(Who::Student(&token(n)), action, 6).unwrap();
    }
    let board = r.student_view(&token(1)).unwrap().board;
    let rows: Vec<(usize, &str, f64)> = board
        .iter()
        .map(|b| (b.rank, b.nickname.as_str(), b.value))
        .collect();
    assert_eq!(rows, [(1, "", 0.2), (2, "<i>Ada</i>", 0.4)]);
    assert_eq!(r.teacher_view().board, board);
}
