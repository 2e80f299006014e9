//! Drawing the class session: the top bar's button and chip, the class panel, and the
//! class's answers in the lesson card. Everything a user or a server sent is inserted as
//! text, never as markup.

use super::class::Availability;
use super::State;
use crate::class::Role;
use crate::i18n::{Lang, Text};
use crate::session::LESSONS;
use crate::text;
use crate::web::dom;
use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::Element;

fn element(tag: &str) -> Option<Element> {
    dom::document().ok()?.create_element(tag).ok()
}

/// "40 %".
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0 %".into()
    } else {
        format!("{} %", (part as f64 * 100.0 / whole as f64).round())
    }
}

/// The page's class session as it now is (drawn again only when something shown changed).
pub(super) fn show(s: &mut State) {
    let lang = s.lang();
    let now = (
        lang,
        s.class_revision(),
        s.session.lesson_state(),
        s.class.open,
    );
    if s.class_shown(now) {
        return;
    }
    let c = &s.class.client;
    let e = &s.class.e;
    let here = s.class.available == Availability::Here;
    e.button.set_hidden(!here);
    let _ = e
        .button
        .set_attribute("aria-expanded", if s.class.open { "true" } else { "false" });
    e.panel.set_hidden(!(here && s.class.open));
    match &s.class.available {
        Availability::Absent(why) => {
            e.absent.set_hidden(false);
            e.absent.set_text_content(Some(lang.t(why)));
        }
        _ => e.absent.set_hidden(true),
    }
    let role = c.role();
    let _ = s
        .layout
        .stage
        .class_list()
        .toggle_with_force("in-class", role == Some(Role::Student));
    let room = c.room.clone().unwrap_or(Value::Null);
    let tally = &room["tally"];
    let count = |v: &Value| v.as_u64().unwrap_or(0);
    // The room's code and students, or that the page is reconnecting.
    let offline = c.seat.is_some() && !c.connected;
    let chip = match (role, offline) {
        (_, true) => lang.t("class.reconnecting").to_string(),
        (Some(Role::Teacher), _) => text!(
            "class.chipTeacher",
            code = c.code().unwrap_or(""),
            n = count(&tally["connected"])
        )
        .render(lang),
        (Some(Role::Student), _) => {
            text!("class.chipStudent", code = c.code().unwrap_or("")).render(lang)
        }
        (None, _) => String::new(),
    };
    // The top bar's button names the room once the page is in one.
    let label = if chip.is_empty() {
        lang.t("ui.classSession").to_string()
    } else {
        chip
    };
    e.button.set_text_content(Some(&label));
    // Its tip: how many are connected, or what the button does.
    let tip = match role {
        Some(Role::Teacher) => text!(
            "class.students",
            n = count(&tally["connected"]),
            joined = count(&tally["students"])
        )
        .render(lang),
        _ => lang.t("tip.classButton").to_string(),
    };
    let _ = e.button.set_attribute("title", &tip);
    let _ = e
        .button
        .class_list()
        .toggle_with_force("in-room", role.is_some());
    let _ = e.button.class_list().toggle_with_force("offline", offline);
    let status = if offline {
        lang.t("class.reconnecting").to_string()
    } else {
        s.class_note().map(|t| t.render(lang)).unwrap_or_default()
    };
    e.status.set_text_content(Some(&status));
    e.choose.set_hidden(role.is_some());
    e.teacher.set_hidden(role != Some(Role::Teacher));
    e.student.set_hidden(role != Some(Role::Student));
    if let (Some(Role::Teacher), Some(code)) = (role, c.code()) {
        e.link.set_text_content(c.join_url.as_deref());
        e.code.set_text_content(Some(code));
        let _ =
            e.qr.set_attribute("src", &format!("/class/qr.svg?code={code}"));
        let _ =
            e.qr.set_attribute("alt", &text!("class.qrAlt", code = code).render(lang));
        e.students.set_text_content(Some(
            &text!(
                "class.students",
                n = count(&tally["connected"]),
                joined = count(&tally["students"])
            )
            .render(lang),
        ));
    }
    if let (Some(Role::Student), Some(code)) = (role, c.code()) {
        let name = room["nickname"].as_str().filter(|n| !n.is_empty());
        let you = match name {
            Some(name) => text!("class.youNamed", code = code, name = name),
            None => text!("class.you", code = code),
        };
        e.you.set_text_content(Some(&you.render(lang)));
    }
    show_board(s, &room, lang);
    show_answers(s, &room, lang);
}

/// The challenge and its board: rank, nickname (text), value, size, epoch; the teacher
/// can open each run.
fn show_board(s: &State, room: &Value, lang: Lang) {
    let e = &s.class.e;
    let goal = &room["challenge"];
    e.board_box.set_hidden(!goal.is_object());
    if !goal.is_object() {
        return;
    }
    let accuracy = goal["metric"] == "testAccuracy";
    let metric = lang.t(if accuracy {
        "class.metricAccuracy"
    } else {
        "class.metricLoss"
    });
    let epochs = goal["epochs"].as_u64().unwrap_or(0);
    let goal_text = match goal["maxNeurons"].as_u64() {
        Some(n) => text!("class.goalNeurons", metric = metric, n = n, epochs = epochs),
        None => text!("class.goal", metric = metric, epochs = epochs),
    };
    e.goal.set_text_content(Some(&goal_text.render(lang)));
    e.board.set_text_content(None);
    let teacher = s.class.client.role() == Some(Role::Teacher);
    for row in room["board"].as_array().into_iter().flatten() {
        let Some(item) = element("li") else { continue };
        let value = row["value"].as_f64().unwrap_or(f64::NAN);
        let value = if accuracy {
            format!("{:.1} %", value * 100.0)
        } else {
            format!("{value:.4}")
        };
        let name = row["nickname"].as_str().filter(|n| !n.is_empty());
        let line = text!(
            "class.boardRow",
            name = name.map_or_else(|| lang.t("class.unnamed").to_string(), str::to_string),
            value = value,
            n = row["neurons"].as_u64().unwrap_or(0),
            epoch = row["epoch"].as_u64().unwrap_or(0)
        );
        let Some(words) = element("span") else {
            continue;
        };
        words.set_text_content(Some(&line.render(lang)));
        let _ = item.append_child(&words);
        if let (true, Some(open)) = (teacher, element("button")) {
            let _ = open.set_attribute("type", "button");
            open.set_class_name("text-button small");
            let rank = row["rank"].as_u64().unwrap_or(0);
            let _ = open.set_attribute("data-rank", &rank.to_string());
            open.set_text_content(Some(lang.t("ui.classOpen")));
            let _ = open.set_attribute("title", lang.t("tip.classOpen"));
            let _ = item.append_child(&open);
        }
        let _ = e.board.append_child(&item);
    }
}

/// The class's answers in the lesson card: the tally for the teacher (live, counts and
/// shares, no names) and for students after the reveal; a student's own vote; what
/// happened.
fn show_answers(s: &State, room: &Value, lang: Lang) {
    let e = &s.class.e;
    let role = s.class.client.role();
    let question = &room["question"];
    let lesson = s.session.lesson_state();
    let on_step = match (
        lesson,
        question["lesson"].as_str(),
        question["step"].as_u64(),
    ) {
        (Some(l), Some(id), Some(step)) => LESSONS[l.index].id == id && l.step as u64 == step,
        _ => false,
    };
    let shown = role.is_some() && on_step;
    e.lesson_class.set_hidden(!shown);
    let revealed = room["revealed"] == true;
    e.reveal
        .set_hidden(!(shown && role == Some(Role::Teacher) && !revealed));
    if !shown {
        return;
    }
    let step = lesson.and_then(|l| LESSONS[l.index].steps.get(l.step));
    let choices: Vec<&'static str> = step
        .and_then(|st| st.predict.as_ref())
        .map_or(Vec::new(), |p| p.choices.to_vec());
    let name = |k: Option<u64>| {
        k.and_then(|k| choices.get(k as usize))
            .map_or(String::new(), |c| lang.t(c).to_string())
    };
    // A student's own vote is the pressed choice; votes close at the reveal.
    if role == Some(Role::Student) {
        for (k, button) in s.lessons.choices.iter().enumerate() {
            let mine = room["vote"].as_u64() == Some(k as u64);
            let _ = button.set_attribute("aria-pressed", if mine { "true" } else { "false" });
            let happened = room["happened"].as_u64() == Some(k as u64);
            let _ = button.class_list().toggle_with_force("happened", happened);
            if let Some(b) = button.dyn_ref::<web_sys::HtmlButtonElement>() {
                b.set_disabled(revealed);
            }
        }
    }
    let tally = &room["tally"];
    e.tally.set_text_content(None);
    let show_tally = tally.is_object() && (role == Some(Role::Teacher) || revealed);
    if show_tally {
        let votes = tally["votes"].as_u64().unwrap_or(0);
        for (k, n) in tally["counts"].as_array().into_iter().flatten().enumerate() {
            let n = n.as_u64().unwrap_or(0);
            let (Some(item), Some(bar)) = (element("li"), element("progress")) else {
                continue;
            };
            let _ = bar.set_attribute("max", &votes.max(1).to_string());
            let _ = bar.set_attribute("value", &n.to_string());
            let line = text!(
                "class.tallyRow",
                choice = name(Some(k as u64)),
                n = n,
                share = share(n, votes)
            );
            let Some(words) = element("span") else {
                continue;
            };
            words.set_text_content(Some(&line.render(lang)));
            let _ = item.append_child(&words);
            let _ = item.append_child(&bar);
            let _ = e.tally.append_child(&item);
        }
    }
    let count = |v: &Value| v.as_u64().unwrap_or(0);
    let mut notes: Vec<Text> = Vec::new();
    match role {
        Some(Role::Teacher) => notes.push(text!(
            "class.answered",
            n = count(&tally["votes"]),
            students = count(&tally["connected"]).max(count(&tally["votes"]))
        )),
        _ => match (room["vote"].as_u64(), revealed) {
            (Some(v), false) => notes.push(text!("class.yourVote", choice = name(Some(v)))),
            (None, false) => notes.push(Text::new("class.voteNow")),
            (Some(v), true) => notes.push(text!("class.yourVoteClosed", choice = name(Some(v)))),
            (None, true) => notes.push(Text::new("class.noVote")),
        },
    }
    if revealed && room["happened"].is_null() {
        notes.push(Text::new("class.running"));
    }
    if let Some(h) = room["happened"].as_u64() {
        notes.push(text!("class.happened", choice = name(Some(h))));
        // A student's page did not run the step: the lesson's explanation comes with it.
        if let (Some(Role::Student), Some(step)) = (role, step) {
            notes.push(Text::new(step.why));
        }
    }
    let note: Vec<String> = notes.iter().map(|t| t.render(lang)).collect();
    e.lesson_note.set_text_content(Some(&note.join(" ")));
}
