//! The class session through the real server: pages on WebSockets (127.0.0.1 only) go
//! through a lesson step, a sent experiment, a challenge and the end of the room; hostile
//! messages are refused without harm; a restart keeps every room, vote and submission.

mod common;
use common::*;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lesson_step_voted_revealed_sent_challenged_and_ended() {
    let server = start("lesson");
    let url = socket_url(&server);
    let (mut teacher, code, _secret) = teacher(&url).await;
    assert_eq!(code.len(), 6);
    let mut ada = student(&url, &code, 1, "Ada").await;
    let mut bo = student(&url, &code, 2, "<b>Bo</b>").await;
    let mut cy = student(&url, &code, 3, "").await;
    let view = teacher
        .until(|m| m["room"]["tally"]["connected"] == 3)
        .await;
    assert_eq!(view["room"]["tally"]["students"], 3);

    // The teacher asks; the class votes; the tally fills in, no names.
    assert_eq!(teacher.call(ask(2)).await, Ok(()));
    let asked = ada.until(|m| m["type"] == "student").await["room"].clone();
    assert_eq!(asked["question"]["choices"], 2);
    assert_eq!(asked["tally"], json!(null));
    assert_eq!(
        ada.call(json!({ "type": "vote", "choice": 0 })).await,
        Ok(())
    );
    assert_eq!(
        bo.call(json!({ "type": "vote", "choice": 1 })).await,
        Ok(())
    );
    assert_eq!(
        cy.call(json!({ "type": "vote", "choice": 1 })).await,
        Ok(())
    );
    // A vote changed before the reveal.
    assert_eq!(
        ada.call(json!({ "type": "vote", "choice": 1 })).await,
        Ok(())
    );
    let tally = teacher
        .until(|m| m["room"]["tally"]["counts"] == json!([0, 3]))
        .await;
    assert!(!tally.to_string().contains("Ada"), "the tally names nobody");
    // Students do not see the class's answers before the reveal.
    let before = bo.view("student");
    assert_eq!(before["vote"], 1);
    assert_eq!(before["tally"], json!(null));
    assert_eq!(
        bo.call(json!({ "type": "reveal" })).await,
        Err("class.notTeacher".into())
    );
    assert_eq!(teacher.call(json!({ "type": "reveal" })).await, Ok(()));
    let after = bo.until(|m| m["room"]["revealed"] == true).await;
    assert_eq!(after["room"]["tally"]["counts"], json!([0, 3]));
    assert_eq!(
        cy.call(json!({ "type": "vote", "choice": 0 })).await,
        Err("class.revealed".into())
    );
    // The teacher's page runs the step and tells what happened.
    let outcome = json!({ "type": "outcome", "choice": 1 });
    assert_eq!(teacher.call(outcome).await, Ok(()));
    cy.until(|m| m["room"]["happened"] == 1).await;

    // The experiment sent reaches every student.
    let experiment = r#"{"version":3,"epoch":7}"#;
    let send = json!({ "type": "send", "experiment": experiment });
    assert_eq!(teacher.call(send).await, Ok(()));
    for page in [&mut ada, &mut bo, &mut cy] {
        let got = page.until(|m| m["type"] == "experiment").await;
        assert_eq!(got["experiment"], experiment);
        assert_eq!(got["revision"], 1);
    }

    // A challenge; submissions ranked live; the teacher opens one.
    let goal = json!({ "metric": "testLoss", "maxNeurons": 12, "epochs": 500 });
    assert_eq!(
        teacher
            .call(json!({ "type": "challenge", "goal": goal }))
            .await,
        Ok(())
    );
    let submit = |value: f64, neurons: u32, by: &str| {
        json!({ "type": "submit", "value": value, "neurons": neurons, "epoch": 400,
                "experiment": format!("{{\"by\":\"{by}\"}}") })
    };
    assert_eq!(ada.call(submit(0.20, 8, "ada")).await, Ok(()));
    assert_eq!(bo.call(submit(0.10, 12, "bo")).await, Ok(()));
    assert_eq!(
        cy.call(submit(0.01, 13, "cy")).await,
        Err("class.outsideGoal".into())
    );
    let board = teacher
        .until(|m| m["room"]["board"].as_array().is_some_and(|b| b.len() == 2))
        .await;
    assert_eq!(board["room"]["board"][0]["nickname"], "<b>Bo</b>");
    assert_eq!(board["room"]["board"][1]["nickname"], "Ada");
    assert_eq!(
        teacher.call(json!({ "type": "open", "rank": 1 })).await,
        Ok(())
    );
    let opened = teacher.latest["submission"].clone();
    assert_eq!(opened["experiment"], r#"{"by":"bo"}"#);
    assert_eq!(
        ada.call(json!({ "type": "open", "rank": 1 })).await,
        Err("class.badMessage".into())
    );

    // The end: every page is told; the code no longer joins.
    assert_eq!(teacher.call(json!({ "type": "end" })).await, Ok(()));
    ada.until(|m| m["type"] == "ended").await;
    let mut late = Page::open(&url).await;
    let again = json!({ "type": "join", "code": code, "token": token(9), "nickname": "" });
    assert_eq!(late.call(again).await, Err("class.unknownCode".into()));
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_messages_are_refused_and_harm_nobody() {
    let server = start("hostile");
    let url = socket_url(&server);
    let (mut teacher, code, secret) = teacher(&url).await;
    let mut ada = student(&url, &code, 1, "Ada").await;
    assert_eq!(teacher.call(ask(3)).await, Ok(()));

    let mut stranger = Page::open(&url).await;
    // Malformed, unknown, a field too many, the wrong types.
    for bad in [
        "",
        "{",
        "null",
        "[]",
        r#"{"type":"fly"}"#,
        r#"{"type":"vote"}"#,
        r#"{"type":"start","x":1}"#,
        r#"{"type":"vote","choice":-1}"#,
        r#"{"type":"join","code":"ABC234","token":"zz","nickname":""}"#,
    ] {
        stranger.send_text(bad.to_string()).await;
        let answer = stranger.until(|m| m["type"] == "refused").await;
        assert!(
            answer["key"].as_str().unwrap().starts_with("class."),
            "{bad}: {answer}"
        );
    }
    // Out of order: an action before joining, a second start after joining.
    assert_eq!(
        stranger.call(json!({ "type": "vote", "choice": 0 })).await,
        Err("class.notJoined".into())
    );
    assert_eq!(
        ada.call(json!({ "type": "start" })).await,
        Err("class.badMessage".into())
    );
    // A wrong teacher secret.
    let mut thief = Page::open(&url).await;
    let wrong = secret.chars().rev().collect::<String>();
    assert_eq!(
        thief
            .call(json!({ "type": "teacher", "code": code, "secret": wrong }))
            .await,
        Err("class.notTeacher".into())
    );
    // A message over the limit is refused; one over the socket's frame is cut off.
    let big = format!(
        r#"{{"type":"send","experiment":"{}"}}"#,
        "x".repeat(nnlab_class::MAX_MESSAGE_BYTES)
    );
    assert_eq!(
        teacher.call(serde_json::from_str(&big).unwrap()).await,
        Err("class.badMessage".into())
    );
    let mut flood = Page::open(&url).await;
    let huge = "y".repeat(nnlab_class::MAX_MESSAGE_BYTES + (128 << 10));
    let _ = futures_util::SinkExt::send(
        &mut flood.ws,
        tokio_tungstenite::tungstenite::Message::Text(huge.into()),
    )
    .await;
    assert!(flood.next().await.is_none(), "the connection is closed");

    // 10,000 guessed codes from one address: a handful answered, the rest limited, and
    // the class meanwhile votes as fast as ever.
    let mut guesser = Page::open(&url).await;
    let started = Instant::now();
    let mut unknown = 0;
    let mut limited = 0;
    for n in 0..10_000u64 {
        let guess = nnlab_class::Code::from_number(n * 88_751).to_string();
        if guess == code {
            continue;
        }
        let join =
            json!({ "type": "join", "code": guess, "token": token(1000 + n), "nickname": "" });
        match guesser.call(join).await {
            Err(k) if k == "class.unknownCode" => unknown += 1,
            Err(k) if k == "class.tooManyAttempts" => limited += 1,
            other => panic!("a guess answered {other:?}"),
        }
    }
    let guessing = started.elapsed();
    assert!(unknown <= 12, "{unknown} guesses answered");
    assert_eq!(
        unknown + limited,
        10_000 - (unknown + limited == 9_999) as u64
    );
    let voted = Instant::now();
    assert_eq!(
        ada.call(json!({ "type": "vote", "choice": 2 })).await,
        Ok(())
    );
    teacher
        .until(|m| m["room"]["tally"]["counts"] == json!([0, 0, 1]))
        .await;
    println!(
        "hostile: 10,000 guessed joins answered in {:.0} ms ({unknown} 'no such room', {limited} 'too many attempts'); a vote then reached the teacher in {:.1} ms",
        guessing.as_secs_f64() * 1e3,
        voted.elapsed().as_secs_f64() * 1e3
    );
    // The room is as it was.
    assert_eq!(
        ada.call(json!({ "type": "vote", "choice": 1 })).await,
        Ok(())
    );
    server.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_vote_loses_nothing() {
    let dir = scratch("restart");
    let db = dir.join("class.sqlite3");
    let server = nnlab_server::start(config(db.clone(), 0)).unwrap();
    let port = server
        .url()
        .rsplit(':')
        .next()
        .unwrap()
        .parse::<u16>()
        .unwrap();
    let url = socket_url(&server);
    let (mut teacher, code, secret) = teacher(&url).await;
    const CLASS: u64 = 40;
    let mut students = Vec::new();
    for n in 0..CLASS {
        students.push(student(&url, &code, n, &format!("s{n}")).await);
    }
    assert_eq!(teacher.call(ask(4)).await, Ok(()));
    let goal = json!({ "metric": "testAccuracy", "epochs": 100 });
    assert_eq!(
        teacher
            .call(json!({ "type": "challenge", "goal": goal }))
            .await,
        Ok(())
    );
    // Half the class votes, one submits; then the server goes down.
    for (n, page) in students.iter_mut().enumerate().take(CLASS as usize / 2) {
        assert_eq!(
            page.call(json!({ "type": "vote", "choice": n % 4 })).await,
            Ok(())
        );
    }
    let submit = json!({ "type": "submit", "value": 0.9, "neurons": 4, "epoch": 100,
                         "experiment": "{\"kept\":true}" });
    assert_eq!(students[0].call(submit).await, Ok(()));
    server.stop();
    for page in students.iter_mut() {
        // What was sent before is read; then the connection is closed.
        while page.next().await.is_some() {}
    }

    // The server comes back on the same port with the same store; every page comes back.
    let back = Instant::now();
    let server = nnlab_server::start(config(db, port)).unwrap();
    let mut teacher = Page::open(&url).await;
    teacher
        .send(json!({ "type": "teacher", "code": code, "secret": secret }))
        .await;
    // The room's view comes before the page is told it is back (a page seated knows its
    // room: a teacher's page reloaded does not ask again and clear the votes).
    let first = teacher.next().await.unwrap();
    assert_eq!(first["type"], "teacher");
    assert_eq!(first["room"]["question"]["lesson"], "xor");
    assert_eq!(teacher.next().await.unwrap()["type"], "started");
    assert_eq!(teacher.next().await.unwrap()["type"], "done");
    let mut again = Vec::new();
    for n in 0..CLASS {
        again.push(student(&url, &code, n, &format!("s{n}")).await);
    }
    let returned = back.elapsed();
    assert!(returned < Duration::from_secs(5), "back in {returned:?}");
    let view = teacher
        .until(|m| m["room"]["tally"]["connected"] == CLASS)
        .await;
    assert_eq!(view["room"]["tally"]["votes"], CLASS / 2, "no vote lost");
    assert_eq!(view["room"]["board"][0]["nickname"], "s0");
    // Each student's own vote is still theirs; the other half votes now.
    assert_eq!(again[1].view("student")["vote"], 1);
    for (n, page) in again.iter_mut().enumerate().skip(CLASS as usize / 2) {
        assert_eq!(
            page.call(json!({ "type": "vote", "choice": n % 4 })).await,
            Ok(())
        );
    }
    let full = teacher
        .until(|m| m["room"]["tally"]["votes"] == CLASS)
        .await;
    assert_eq!(full["room"]["tally"]["counts"], json!([10, 10, 10, 10]));
    assert_eq!(
        teacher.call(json!({ "type": "open", "rank": 1 })).await,
        Ok(())
    );
    let opened = teacher.latest["submission"].clone();
    assert_eq!(opened["experiment"], "{\"kept\":true}");
    println!(
        "restart: 41 pages back and seated in {:.0} ms",
        returned.as_secs_f64() * 1e3
    );
    // Ended: the store no longer holds it after another restart.
    assert_eq!(teacher.call(json!({ "type": "end" })).await, Ok(()));
    server.stop();
    let server = nnlab_server::start(config(dir.join("class.sqlite3"), 0)).unwrap();
    let mut late = Page::open(&socket_url(&server)).await;
    let join = json!({ "type": "join", "code": code, "token": token(1), "nickname": "" });
    assert_eq!(late.call(join).await, Err("class.unknownCode".into()));
    server.stop();
}
