//! The page's class client, natively: the handshake, calls answered in order, a
//! reconnect that resends what was not answered (after the seat's handshake), the backoff.

use super::*;

fn answer(c: &mut ClassClient, done: bool) -> Option<Happening> {
    let text = if done {
        r#"{"type":"done"}"#.to_string()
    } else {
        r#"{"type":"refused","key":"class.revealed","refusal":{"refused":"revealed"}}"#.into()
    };
    c.received(&text)
}

#[test]
fn a_teacher_starts_and_gets_a_seat() {
    let mut c = ClassClient::default();
    assert!(!c.wants_socket());
    let call = c.start();
    assert!(c.wants_socket());
    assert_eq!(c.opened(), vec![r#"{"type":"start"}"#.to_string()]);
    let started =
        r#"{"type":"started","code":"ABC234","secret":"s3","joinUrl":"http://h/?join=ABC234"}"#;
    assert_eq!(c.received(started), None);
    assert_eq!(c.role(), Some(Role::Teacher));
    assert_eq!(c.join_url.as_deref(), Some("http://h/?join=ABC234"));
    let view = r#"{"type":"teacher","room":{"code":"ABC234"}}"#;
    assert_eq!(c.received(view), Some(Happening::Changed));
    assert_eq!(
        answer(&mut c, true),
        Some(Happening::Answered {
            call,
            refused: None
        })
    );
}

#[test]
fn a_reconnect_sends_the_handshake_then_every_unanswered_call_in_order() {
    let mut c = ClassClient::default();
    let join = c.join("ABC234", "0123", "Ada");
    c.opened();
    answer(&mut c, true);
    assert_eq!(c.role(), Some(Role::Student));
    let first = c.call(json!({ "type": "vote", "choice": 1 }));
    assert_eq!(
        c.to_send(),
        vec![r#"{"choice":1,"type":"vote"}"#.to_string()]
    );
    // The connection drops before the answer; another vote is made offline.
    assert_eq!(c.closed(), Some(FIRST_BACKOFF_MS));
    let second = c.call(json!({ "type": "vote", "choice": 2 }));
    assert!(c.to_send().is_empty(), "nothing is sent while offline");
    let sent = c.opened();
    assert_eq!(sent.len(), 3);
    assert!(sent[0].contains(r#""type":"join""#) && sent[0].contains("Ada"));
    assert!(sent[1].contains(r#""choice":1"#));
    assert!(sent[2].contains(r#""choice":2"#));
    // The handshake's answer is the page's own; then the two votes'.
    assert_eq!(
        answer(&mut c, true),
        Some(Happening::Answered {
            call: 0,
            refused: None
        })
    );
    let answered: Vec<u64> = [answer(&mut c, true), answer(&mut c, false)]
        .into_iter()
        .map(|h| match h {
            Some(Happening::Answered { call, .. }) => call,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(answered, vec![first, second]);
    assert!(join < first);
    assert_eq!(c.waiting().count(), 0);
}

#[test]
fn the_backoff_doubles_to_its_ceiling_and_resets_once_answered() {
    let mut c = ClassClient::default();
    c.join("ABC234", "0123", "");
    let waits: Vec<u32> = (0..7).map(|_| c.closed().unwrap()).collect();
    assert_eq!(waits, vec![500, 1000, 2000, 4000, 8000, 8000, 8000]);
    c.opened();
    answer(&mut c, true);
    assert_eq!(c.closed(), Some(FIRST_BACKOFF_MS));
}

#[test]
fn a_room_ended_or_refused_leaves_the_seat_and_stops_reconnecting() {
    let mut c = ClassClient::default();
    c.join("ABC234", "0123", "");
    c.opened();
    answer(&mut c, true);
    assert_eq!(c.received(r#"{"type":"ended"}"#), Some(Happening::Ended));
    assert_eq!(c.seat, None);
    assert_eq!(c.closed(), None);
    // A join refused gives no seat.
    let mut c = ClassClient::default();
    c.join("ZZZ999", "0123", "");
    c.opened();
    let refused =
        r#"{"type":"refused","key":"class.unknownCode","refusal":{"refused":"unknownCode"}}"#;
    assert!(matches!(
        c.received(refused),
        Some(Happening::Answered { refused: Some((k, _)), .. }) if k == "class.unknownCode"
    ));
    assert_eq!(c.seat, None);
    assert_eq!(c.closed(), None);
    // A seat refused on reconnect (the room ended while offline): out of the room.
    let mut c = ClassClient::default();
    c.join("ABC234", "0123", "");
    c.opened();
    answer(&mut c, true);
    c.closed();
    c.opened();
    c.received(refused);
    assert_eq!(c.seat, None);
}

#[test]
fn each_revision_of_the_sent_experiment_is_loaded_once() {
    let mut c = ClassClient::default();
    let sent = r#"{"type":"experiment","revision":2,"experiment":"{}"}"#;
    assert_eq!(
        c.received(sent),
        Some(Happening::Experiment {
            revision: 2,
            text: "{}".into()
        })
    );
    assert_eq!(c.received(sent), None);
    assert_eq!(c.received("not json"), None);
    assert_eq!(c.received(r#"{"type":"done"}"#), None, "nothing was asked");
}

#[test]
fn a_teacher_page_reloaded_takes_its_room_back_with_its_secret() {
    let mut c = ClassClient::default();
    let call = c.resume_teacher("ABC234", "s3");
    assert_eq!(c.role(), None, "not seated before the server says so");
    let sent = c.opened();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains(r#""type":"teacher""#) && sent[0].contains(r#""secret":"s3""#));
    // The server shows the room first, then says the page is back.
    let view =
        r#"{"type":"teacher","room":{"code":"ABC234","question":{"lesson":"xor","step":0}}}"#;
    assert_eq!(c.received(view), Some(Happening::Changed));
    let back =
        r#"{"type":"started","code":"ABC234","secret":"s3","joinUrl":"http://h/?join=ABC234"}"#;
    c.received(back);
    assert_eq!(c.role(), Some(Role::Teacher));
    assert_eq!(c.room.as_ref().unwrap()["question"]["lesson"], "xor");
    assert_eq!(
        answer(&mut c, true),
        Some(Happening::Answered {
            call,
            refused: None
        })
    );
}
