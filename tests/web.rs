//! In-browser tests of the web layer (wasm-bindgen-test in headless Chromium, run by
//! `cargo xtask test`). They build the App on the real page's markup.
#![cfg(target_arch = "wasm32")]

use nnlab::web::App;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Puts index.html's body into the test page (its scripts do not run) and builds the App,
/// with no URL hash (the App writes its config there: each test starts from defaults).
fn app() -> App {
    app_with_hash("")
}

fn app_with_hash(hash: &str) -> App {
    let page = include_str!("../index.html");
    let start = page.find("<body>").expect("index.html has a body") + "<body>".len();
    let end = page.find("</body>").expect("index.html closes its body");
    let document = web_sys::window().unwrap().document().unwrap();
    // A container of its own: the test runner reports through elements of the body.
    let container = match document.get_element_by_id("nnlab-test-page") {
        Some(c) => c,
        None => {
            let c = document.create_element("div").unwrap();
            c.set_id("nnlab-test-page");
            document.body().unwrap().append_child(&c).unwrap();
            c
        }
    };
    container.set_inner_html(&page[start..end]);
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{hash}")),
        )
        .unwrap();
    // The test page has no stylesheet: give the canvases a size.
    for id in [
        "network-canvas",
        "links-canvas",
        "loss-canvas",
        "boundary-canvas",
    ] {
        let canvas = document.get_element_by_id(id).unwrap();
        canvas
            .set_attribute("style", "width: 400px; height: 300px")
            .unwrap();
    }
    App::new().expect("the App builds on the page")
}

fn snapshot(app: &App) -> Value {
    serde_wasm_bindgen::from_value(app.snapshot().unwrap()).unwrap()
}

/// Distinct colours on a canvas and a checksum of its pixels.
fn pixels(id: &str) -> (usize, u64) {
    let canvas: HtmlCanvasElement = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .get_element_by_id(id)
        .unwrap()
        .dyn_into()
        .unwrap();
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data();
    let mut colours = std::collections::HashSet::new();
    let mut sum: u64 = 0;
    for (i, px) in data.chunks_exact(4).enumerate() {
        colours.insert((px[0], px[1], px[2], px[3]));
        sum = sum.wrapping_add(
            (i as u64 + 1)
                .wrapping_mul(u64::from(px[0]) << 16 | u64::from(px[1]) << 8 | u64::from(px[2])),
        );
    }
    (colours.len(), sum)
}

#[wasm_bindgen_test]
fn the_app_builds_steps_and_reports_a_falling_loss() {
    let app = app();
    let start = snapshot(&app);
    assert_eq!(start["epoch"], 0.0);
    assert_eq!(start["running"], false);
    assert_eq!(start["config"]["dataset"], "circle");
    app.step(JsValue::from(100)).unwrap();
    let after = snapshot(&app);
    assert_eq!(after["epoch"], 100.0);
    let (l0, l1) = (
        start["trainLoss"].as_f64().unwrap(),
        after["trainLoss"].as_f64().unwrap(),
    );
    assert!(l1 < l0 / 2.0, "training loss {l0} -> {l1}");
    app.reset().unwrap();
    assert_eq!(snapshot(&app)["epoch"], 0.0);
}

#[wasm_bindgen_test]
fn every_canvas_is_drawn_and_changes_while_training() {
    let app = app();
    app.frame().unwrap();
    let before: Vec<_> = ["network-canvas", "loss-canvas", "boundary-canvas"]
        .iter()
        .map(|id| pixels(id))
        .collect();
    for (id, (colours, _)) in ["network", "loss", "boundary"].iter().zip(&before) {
        assert!(*colours > 20, "{id} canvas has only {colours} colours");
    }
    app.step(JsValue::from(30)).unwrap();
    app.frame().unwrap();
    for (id, (_, sum)) in ["network-canvas", "loss-canvas", "boundary-canvas"]
        .iter()
        .zip(&before)
    {
        assert_ne!(pixels(id).1, *sum, "{id} did not change after training");
    }
}

#[wasm_bindgen_test]
fn play_trains_one_epoch_per_frame_and_pause_stops() {
    let app = app();
    app.play().unwrap();
    for _ in 0..5 {
        app.frame().unwrap();
    }
    assert_eq!(snapshot(&app)["epoch"], 5.0);
    app.pause().unwrap();
    app.frame().unwrap();
    assert_eq!(snapshot(&app)["epoch"], 5.0);
}

#[wasm_bindgen_test]
fn set_config_applies_valid_settings_and_refuses_others() {
    let app = app();
    let patch =
        serde_wasm_bindgen::to_value(&serde_json::json!({"dataset": "xor", "networkShape": [3]}))
            .unwrap();
    app.set_config(patch).unwrap();
    let s = snapshot(&app);
    assert_eq!(s["config"]["dataset"], "xor");
    assert_eq!(s["config"]["networkShape"], serde_json::json!([3]));

    let bad =
        serde_wasm_bindgen::to_value(&serde_json::json!({"learningRate": 50, "dataset": "spiral"}))
            .unwrap();
    let error = app
        .set_config(bad)
        .expect_err("a learning rate of 50 is refused");
    let error: js_sys::Error = wasm_bindgen::JsValue::from(error).dyn_into().unwrap();
    let message = String::from(error.message());
    assert!(
        message.contains("learningRate") && message.contains("10"),
        "{message}"
    );
    let s = snapshot(&app);
    assert_eq!(s["config"]["dataset"], "xor", "nothing changed");
    assert_eq!(s["config"]["learningRate"], 0.03);
}

#[wasm_bindgen_test]
fn the_learning_rate_slider_changes_the_rate_without_a_reset() {
    let app = app();
    app.step(JsValue::from(10)).unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let slider: HtmlInputElement = document
        .get_element_by_id("learning-rate")
        .unwrap()
        .dyn_into()
        .unwrap();
    slider.set_value("400");
    slider
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let s = snapshot(&app);
    assert_eq!(s["config"]["learningRate"], 0.1);
    assert_eq!(s["epoch"], 10.0, "the slider does not reset training");
    let shown = document
        .get_element_by_id("learning-rate-value")
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(shown, "0.1");
}

#[wasm_bindgen_test]
fn the_url_hash_opens_its_experiment_and_follows_changes() {
    let app = app_with_hash("#dataset=xor&learningRate=50&networkShape=3");
    let s = snapshot(&app);
    assert_eq!(s["config"]["dataset"], "xor");
    assert_eq!(s["config"]["networkShape"], serde_json::json!([3]));
    assert_eq!(
        s["config"]["learningRate"], 0.03,
        "the bad value keeps its default"
    );
    let document = web_sys::window().unwrap().document().unwrap();
    let message = document.get_element_by_id("message").unwrap();
    assert_eq!(
        message.get_attribute("hidden"),
        None,
        "the message is shown"
    );
    let text = document
        .get_element_by_id("message-text")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("learningRate"), "{text}");
    app.set_config(serde_wasm_bindgen::to_value(&serde_json::json!({"noise": 10})).unwrap())
        .unwrap();
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(
        hash.contains("noise=10") && hash.contains("dataset=xor"),
        "{hash}"
    );
    let link: HtmlInputElement = document
        .get_element_by_id("share-link")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(link.value().ends_with(&hash), "{}", link.value());
}

/// A panic shows the readable banner with its reload button and the message (the panic
/// hook), and the call fails instead of freezing the page.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen_test]
fn a_panic_shows_the_banner_with_a_reload_button() {
    let app = app();
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document.get_element_by_id("fatal").unwrap();
    assert!(banner.has_attribute("hidden"));
    let app = wasm_bindgen::JsValue::from(app);
    let probe: js_sys::Function = js_sys::Reflect::get(&app, &"panicProbe".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    // Called through JavaScript, whose try/catch turns the trap into an Err.
    assert!(probe.call0(&app).is_err(), "the probe should fail");
    assert!(!banner.has_attribute("hidden"), "the banner is shown");
    let text = document
        .get_element_by_id("fatal-text")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("the panic probe was called"), "{text}");
    assert!(document.get_element_by_id("fatal-reload").is_some());
}

/// The text of an element of the page.
fn text_of(id: &str) -> String {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .get_element_by_id(id)
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_language_rewrites_every_marked_text_and_the_canvases_words_and_nothing_else() {
    let app = app_with_hash("#lang=en");
    app.step(JsValue::from(3)).unwrap();
    app.frame().unwrap();
    assert_eq!(text_of("data-title"), "Data");
    let canvases = ["links-canvas", "loss-canvas", "gradient-canvas"];
    let before: Vec<_> = canvases.iter().map(|id| pixels(id).1).collect();
    let weights: Value = serde_wasm_bindgen::from_value(app.weights().unwrap()).unwrap();
    let patch = serde_wasm_bindgen::to_value(&serde_json::json!({"lang": "zh"})).unwrap();
    app.set_config(patch).unwrap();
    app.frame().unwrap();
    assert_eq!(text_of("data-title"), "数据");
    assert_eq!(text_of("layer-count"), "2 个隐藏层");
    let document = web_sys::window().unwrap().document().unwrap();
    let play = document.get_element_by_id("play").unwrap();
    assert_eq!(play.get_attribute("aria-label").as_deref(), Some("播放"));
    assert_eq!(
        document
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-Hans")
    );
    // Every marked element has its Chinese text: not blank, not its key.
    let marked = document.query_selector_all("[data-i18n]").unwrap();
    assert!(marked.length() > 80, "{} marked elements", marked.length());
    for i in 0..marked.length() {
        let e: web_sys::Element = marked.get(i).unwrap().dyn_into().unwrap();
        let key = e.get_attribute("data-i18n").unwrap();
        let text = e.text_content().unwrap_or_default();
        assert!(!text.trim().is_empty() && text != key, "{key}: {text:?}");
    }
    // The canvases' words are drawn again; the network and its progress are untouched.
    for (id, sum) in canvases.iter().zip(&before) {
        assert_ne!(pixels(id).1, *sum, "{id} still has the English words");
    }
    let after: Value = serde_wasm_bindgen::from_value(app.weights().unwrap()).unwrap();
    assert_eq!(after, weights);
    assert_eq!(snapshot(&app)["epoch"], 3.0);
}

/// The controls' ranges are the settings' limits (one table): each slider ends where
/// validation does, and the learning-rate slider spans its positions.
#[wasm_bindgen_test]
fn the_sliders_offer_exactly_the_settings_ranges() {
    let _app = app();
    let document = web_sys::window().unwrap().document().unwrap();
    let input = |id: &str| -> HtmlInputElement {
        document.get_element_by_id(id).unwrap().dyn_into().unwrap()
    };
    for (id, key) in [
        ("perc-train", "percTrainData"),
        ("noise", "noise"),
        ("batch-size", "batchSize"),
        ("num-samples", "numSamples"),
        ("momentum", "momentum"),
        ("beta1", "beta1"),
        ("beta2", "beta2"),
    ] {
        let limit = nnlab::config::limit(key).unwrap();
        assert_eq!(input(id).min().parse::<f64>().unwrap(), limit.min, "{id}");
        assert_eq!(input(id).max().parse::<f64>().unwrap(), limit.max, "{id}");
    }
    let rate = input("learning-rate");
    assert_eq!(rate.min(), "0");
    assert_eq!(
        rate.max(),
        nnlab::config::LEARNING_RATE_SLIDER_STEPS.to_string()
    );
    // The top of the percentage slider is the top validation accepts.
    let share = input("perc-train");
    share.set_value("95");
    assert_eq!(
        share.value(),
        "90",
        "the browser keeps the slider within the limit"
    );
}
