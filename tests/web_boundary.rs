//! Property tests of the JS API's boundary (issue 12), in the browser: arbitrary JS values
//! — numbers (NaN, ±∞, −0, 2^53 + 2 …), strings (short, hostile, a million characters),
//! booleans, null, undefined, lists, objects nested deep and containing themselves,
//! getters that throw or call back into the App, functions, symbols, big integers,
//! revoked proxies — 10,000 per entry point into `setConfig`, `step`, `inspect`,
//! `importJson`, `importCsv` and `strings`. None traps or panics, none leaves the App
//! locked, and every refusal has a message in both languages and changes nothing.
#![cfg(target_arch = "wasm32")]

use nnlab::data::Rng;
use nnlab::i18n::Lang;
use nnlab::names::Choice;
use nnlab::web::{js, App};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CASES: usize = 10_000;

/// index.html's body in the test page, and a small experiment (50 points: cheap to save).
fn app() -> App {
    let page = include_str!("../index.html");
    let start = page.find("<body>").unwrap() + "<body>".len();
    let end = page.find("</body>").unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    container.set_inner_html(&page[start..end]);
    let app = App::new().expect("the App builds");
    app.set_config(patch(&[("numSamples", 50.into())])).unwrap();
    app
}

fn patch(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&object, &(*k).into(), v).unwrap();
    }
    object.into()
}

const KEYS: [&str; 14] = [
    "learningRate",
    "noise",
    "networkShape",
    "seed",
    "dataset",
    "numSamples",
    "lang",
    "speed",
    "hidden",
    "batchSize",
    "x",
    "self",
    "__proto__",
    "toString",
];

const TEXTS: [&str; 14] = [
    "",
    "abc",
    "max",
    "tanh",
    "xor",
    "<img src=x onerror=alert(1)>",
    "NaN",
    "1e5",
    "zh",
    "en",
    "数字",
    "{\"format\":\"nnlab-experiment\"}",
    "1,2,1\n",
    "x1,x2,label\n0,0,1\n",
];

const NUMBERS: [f64; 16] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    -0.0,
    0.0,
    1.0,
    -1.0,
    2147483648.0,
    4294967296.0,
    9007199254740992.0,
    9007199254740994.0,
    1e300,
    -1e300,
    1.5,
    0.1,
    5e-324,
];

/// An arbitrary JS value, `depth` levels of lists and objects at most (deeper ones are
/// made on purpose, as chains).
fn arbitrary(rng: &mut Rng, depth: usize) -> JsValue {
    match rng.below(if depth == 0 { 7 } else { 16 }) {
        0 => NUMBERS[rng.below(NUMBERS.len())].into(),
        1 => rng.uniform(-1e6, 1e6).into(),
        2 => (rng.below(40) as f64 - 3.0).into(),
        3 => TEXTS[rng.below(TEXTS.len())].into(),
        4 => JsValue::from_bool(rng.below(2) == 0),
        5 => JsValue::NULL,
        6 => JsValue::UNDEFINED,
        7 | 8 => {
            let list = js_sys::Array::new();
            for _ in 0..rng.below(5) {
                list.push(&arbitrary(rng, depth - 1));
            }
            list.into()
        }
        9 | 10 => {
            let object = js_sys::Object::new();
            for _ in 0..rng.below(4) {
                let key = KEYS[rng.below(KEYS.len())];
                let _ = js_sys::Reflect::set(&object, &key.into(), &arbitrary(rng, depth - 1));
            }
            object.into()
        }
        11 => {
            // An object (or list) that contains itself.
            let object = js_sys::Object::new();
            let key = KEYS[rng.below(KEYS.len())];
            let _ = js_sys::Reflect::set(&object, &key.into(), &object);
            object.into()
        }
        12 => {
            // A chain nested far deeper than any setting.
            let mut value: JsValue = 1.into();
            for _ in 0..rng.below(3000) + 5 {
                let list = js_sys::Array::new();
                list.push(&value);
                value = list.into();
            }
            patch(&[(KEYS[rng.below(4)], value)])
        }
        13 => {
            // A getter: throws, or calls back into the page's API (which must not lock).
            let object = js_sys::Object::new();
            let body = if rng.below(2) == 0 {
                "throw new Error('no')"
            } else {
                "return 0.1"
            };
            let descriptor = js_sys::Object::new();
            let _ = js_sys::Reflect::set(
                &descriptor,
                &"get".into(),
                &js_sys::Function::new_no_args(body),
            );
            let _ = js_sys::Reflect::set(&descriptor, &"enumerable".into(), &true.into());
            js_sys::Object::define_property(&object, &KEYS[rng.below(3)].into(), &descriptor);
            object.into()
        }
        14 => match rng.below(3) {
            0 => js_sys::Function::new_no_args("return 1").into(),
            1 => js_sys::Symbol::for_("s").into(),
            _ => js_sys::BigInt::from(5u32).into(),
        },
        _ => {
            let revocable =
                js_sys::Proxy::revocable(&js_sys::Object::new(), &js_sys::Object::new());
            let revoke: js_sys::Function = js_sys::Reflect::get(&revocable, &"revoke".into())
                .unwrap()
                .unchecked_into();
            let proxy = js_sys::Reflect::get(&revocable, &"proxy".into()).unwrap();
            let _ = revoke.call0(&JsValue::NULL);
            if rng.below(2) == 0 {
                proxy
            } else {
                patch(&[("noise", proxy)])
            }
        }
    }
}

/// A text argument: arbitrary, a saved experiment or CSV cut or edited, or huge.
fn arbitrary_text(rng: &mut Rng, saved: &str) -> JsValue {
    match rng.below(6) {
        0 => {
            let end = rng.below(saved.len() + 1);
            saved.get(..end).unwrap_or(saved).into()
        }
        1 => saved
            .replacen(
                ": 0",
                &format!(": {}", NUMBERS[rng.below(NUMBERS.len())]),
                1,
            )
            .into(),
        2 => saved.into(),
        3 if rng.below(50) == 0 => "x".repeat(4_100_000).into(),
        _ => arbitrary(rng, 2),
    }
}

/// Lets the browser run its own tasks (the test driver's messages among them): a long test
/// that never yields makes a slow or busy machine's driver give up on the page.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs one entry point on `cases` arbitrary arguments: no panic, never busy afterwards,
/// every refusal has a message and changes nothing.
async fn fuzz(name: &str, seed: u64, call: &dyn Fn(&App, &mut Rng) -> Result<(), String>) {
    let app = app();
    let mut rng = Rng::new(seed);
    let mut refused = 0;
    for case in 0..CASES {
        if case % 250 == 0 {
            yield_to_browser().await;
        }
        let before = app.export_json().expect("not busy");
        match call(&app, &mut rng) {
            Ok(()) => {}
            Err(message) => {
                refused += 1;
                assert!(!message.is_empty(), "{name} case {case}: an empty message");
                for trap in [
                    "unreachable",
                    "memory access",
                    "null pointer",
                    "busy",
                    "RuntimeError",
                ] {
                    assert!(!message.contains(trap), "{name} case {case}: {message}");
                }
                assert_eq!(
                    app.export_json().unwrap(),
                    before,
                    "{name} case {case}: {message}"
                );
            }
        }
        app.snapshot().expect("the App answers after every call");
    }
    assert!(
        refused > CASES / 10,
        "{name}: only {refused} refusals: the values are too tame"
    );
    assert!(refused < CASES, "{name}: nothing was accepted");
}

/// A boundary refusal reads right in both languages: the call first, no key of the tables.
fn in_both_languages(call: &str, refusal: Result<impl Sized, nnlab::i18n::Text>) {
    if let Err(text) = refusal {
        for lang in Lang::all() {
            let shown = text.render(lang);
            assert!(shown.starts_with(call), "{shown}");
            assert!(
                !shown.contains("err.") && !shown.contains("what."),
                "{shown}"
            );
            assert!(shown.chars().count() < 700, "{shown}");
        }
    }
}

fn message(e: wasm_bindgen::JsError) -> String {
    let value: JsValue = e.into();
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn set_config_takes_any_value_without_harm() {
    fuzz("setConfig", 1, &|app, rng| {
        let value = if rng.below(4) == 0 {
            arbitrary(rng, 3)
        } else {
            patch(&[(KEYS[rng.below(KEYS.len())], arbitrary(rng, 2))])
        };
        // The boundary's own refusal, in both languages.
        in_both_languages("setConfig", js::to_json("setConfig", &value, js::CONFIG));
        app.set_config(value).map_err(message)
    })
    .await;
}

#[wasm_bindgen_test]
async fn step_takes_any_value_without_harm() {
    fuzz("step", 2, &|app, rng| {
        let value = match rng.below(3) {
            0 => (rng.below(6) as f64).into(),
            _ => arbitrary(rng, 2),
        };
        // A whole number of 0 to 100,000 trains; keep the test quick.
        if value
            .as_f64()
            .is_some_and(|n| n > 5.0 && n <= 100_000.0 && n.fract() == 0.0)
        {
            return Ok(());
        }
        in_both_languages("step", js::whole_arg("step", &value, (0, 100_000), Some(1)));
        app.step(value).map_err(message)
    })
    .await;
}

#[wasm_bindgen_test]
async fn inspect_takes_any_value_without_harm() {
    fuzz("inspect", 3, &|app, rng| {
        let value = match rng.below(3) {
            0 => (rng.below(40) as f64).into(),
            _ => arbitrary(rng, 2),
        };
        in_both_languages("inspect", js::whole_arg("inspect", &value, (0, 24), None));
        app.inspect(value).map(|_| ()).map_err(message)
    })
    .await;
}

/// A file-reading entry point on arbitrary text and values, starting from a real saved file.
async fn fuzz_file(
    name: &str,
    seed: u64,
    saved: &str,
    load: fn(&App, JsValue) -> Result<(), String>,
) {
    fuzz(name, seed, &|app, rng| {
        let text = arbitrary_text(rng, saved);
        in_both_languages(name, js::text_arg(name, &text, 4_000_000));
        load(app, text)
    })
    .await;
}

#[wasm_bindgen_test]
async fn import_json_takes_any_value_without_harm() {
    let saved = app().export_json().unwrap();
    fuzz_file("importJson", 4, &saved, |app, text| {
        app.import_json(text).map_err(message)
    })
    .await;
}

#[wasm_bindgen_test]
async fn import_csv_takes_any_value_without_harm() {
    let saved = app().export_csv().unwrap();
    fuzz_file("importCsv", 5, &saved, |app, text| {
        app.import_csv(text).map_err(message)
    })
    .await;
}

#[wasm_bindgen_test]
async fn strings_takes_any_value_without_harm() {
    fuzz("strings", 6, &|app, rng| {
        let value = match rng.below(4) {
            0 => ["en", "zh"][rng.below(2)].into(),
            _ => arbitrary(rng, 2),
        };
        in_both_languages("strings", js::text_arg("strings", &value, 16));
        app.strings(value).map(|_| ()).map_err(message)
    })
    .await;
}

#[wasm_bindgen_test]
fn the_boundary_names_the_place_of_a_refused_value() {
    let nested = patch(&[("networkShape", js_sys::Array::of1(&f64::NAN.into()).into())]);
    let e = js::to_json("setConfig", &nested, js::CONFIG).unwrap_err();
    assert_eq!(
        e.to_string(),
        "setConfig: networkShape[0]: NaN is not a finite number"
    );
    assert_eq!(
        e.render(Lang::Zh),
        "setConfig: networkShape[0]：NaN 不是有限数"
    );
    let cyclic = js_sys::Object::new();
    js_sys::Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let e = js::to_json("setConfig", &cyclic.into(), js::CONFIG).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("setConfig: self: contains itself"),
        "{e}"
    );
    let e = js::whole_arg("step", &(-1.0).into(), (0, 100_000), Some(1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "step: -1 is not allowed: use a whole number from 0 to 100,000"
    );
    assert_eq!(
        js::whole_arg("step", &JsValue::UNDEFINED, (0, 9), Some(1)),
        Ok(1)
    );
}

/// The class calls with any value: without NN Lab's server (the test runner serves the
/// page) each is refused with a message that says why, nothing panics, nothing changes;
/// the class controls are absent and one line says why.
#[wasm_bindgen_test]
async fn class_calls_without_a_server_say_why_and_change_nothing() {
    let app = app();
    let document = web_sys::window().unwrap().document().unwrap();
    let absent = document.get_element_by_id("class-absent").unwrap();
    for _ in 0..200 {
        if !absent.has_attribute("hidden") {
            break;
        }
        yield_to_browser().await;
    }
    assert!(!absent.has_attribute("hidden"), "the line that says why");
    let why = absent.text_content().unwrap_or_default();
    assert!(why.contains("server"), "{why}");
    let button = document.get_element_by_id("class-button").unwrap();
    assert!(
        button.has_attribute("hidden"),
        "no class button without a server"
    );
    let state: serde_json::Value =
        serde_wasm_bindgen::from_value(app.class_state().unwrap()).unwrap();
    assert_eq!(state["available"], false);
    assert_eq!(state["role"], serde_json::Value::Null);
    let mut rng = Rng::new(30);
    let before = app.export_json().unwrap();
    for case in 0..300 {
        let refused = match case % 5 {
            0 => app.class_start().map(|_| ()),
            1 => app
                .class_join(arbitrary(&mut rng, 2), arbitrary(&mut rng, 1))
                .map(|_| ()),
            2 => app.class_challenge(arbitrary(&mut rng, 2)).map(|_| ()),
            3 => app.class_open(arbitrary(&mut rng, 1)).map(|_| ()),
            _ => app.class_submit().map(|_| ()),
        };
        let message = message(refused.expect_err("refused without a server"));
        assert!(!message.is_empty(), "case {case}: an empty message");
        assert!(
            !message.contains("class."),
            "case {case}: a key, not words: {message}"
        );
        app.snapshot().expect("the App answers after every call");
    }
    assert_eq!(app.export_json().unwrap(), before);
}
