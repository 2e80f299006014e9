//! `cargo xtask bench`: the engine natively and in the browser, and the page in headless
//! Chromium, for the three benchmark configurations. Prints a table and writes
//! bench-results.json. Not a test: compare figures within one run.

use crate::{build, cargo, output_of, root, server, setup, Result};
use serde_json::{json, Value};
use std::process::Command;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

pub fn bench(args: &[String]) -> Result<()> {
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);

    println!("\n== engine, native ==");
    let native = output_of(cargo().args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "nnlab",
        "--example",
        "bench_engine",
        "--",
        &runs.to_string(),
    ]))?;
    let lines: Vec<Value> = native
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let native_of = |config: &str, key: &str| {
        median(
            lines
                .iter()
                .filter(|l| l["config"] == config)
                .filter_map(|l| l["result"][key].as_f64())
                .collect(),
        )
    };

    println!("\n== page and engine in headless Chromium ==");
    let browser = setup::ensure_chromium()?;
    let e2e = root().join("tests").join("e2e");
    setup::ensure_npm_packages(&e2e)?;
    build()?;
    let server = server::start(0, false, "bench", true)?;
    let page = output_of(
        Command::new("node")
            .arg(e2e.join("bench.mjs"))
            .env("NNLAB_URL", server.url())
            .env("NNLAB_BENCH_RUNS", runs.to_string())
            .env("CHROMIUM", &browser.chromium),
    )?;
    let page: Value = serde_json::from_str(page.trim())
        .map_err(|e| format!("the page benchmark printed no JSON: {e}"))?;

    let configs = ["A", "B", "C"];
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let row = |label: &str, values: Vec<f64>, digits: usize, target: &str| {
        let cells: Vec<String> = values
            .iter()
            .map(|v| format!("{:>10.*}", digits, v))
            .collect();
        println!("{label:<46}{}   {target}", cells.join(""));
    };
    println!(
        "\nNN Lab benchmark: medians of {runs} runs ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("{:<46}{:>10}{:>10}{:>10}   target", "", "A", "B", "C");
    let native_row = |key: &str| configs.iter().map(|c| native_of(c, key)).collect();
    let page_row = |key: &str| {
        configs
            .iter()
            .map(|c| f(&page["configs"][c][key]))
            .collect()
    };
    row(
        "engine native: epochs/s",
        native_row("epochsPerSecond"),
        0,
        "B >= 2,000",
    );
    row(
        "engine native: ms per 100x100 grid",
        native_row("gridMs"),
        2,
        "",
    );
    row(
        "engine native: ms the timeline adds per kept epoch",
        native_row("timelineMsPerEpoch"),
        4,
        "<= 0.2",
    );
    row(
        "engine wasm: epochs/s",
        page_row("wasmEngineEpochsPerSecond"),
        0,
        "B >= 2,000",
    );
    row(
        "engine wasm: ms per 100x100 grid",
        page_row("wasmEngineGridMs"),
        2,
        "",
    );
    row(
        "engine wasm: ms the timeline adds per kept epoch",
        page_row("wasmEngineTimelineMsPerEpoch"),
        4,
        "<= 0.2",
    );
    row(
        "page: frame() ms, median",
        page_row("frameMsMedian"),
        2,
        "A <= 1, B <= 4",
    );
    row("page: frame() ms, mean", page_row("frameMsMean"), 2, "");
    row(
        "page: frame() ms, 95th percentile",
        page_row("frameMsP95"),
        2,
        "",
    );
    row(
        "page: Chromium main-thread ms/frame (task)",
        page_row("taskMsPerFrame"),
        2,
        "",
    );
    row(
        "page: Chromium script ms/frame",
        page_row("scriptMsPerFrame"),
        2,
        "",
    );
    row("page: fps at 1 epoch/frame", page_row("fps"), 1, "B: 60");
    row(
        "page: epochs/s at 1 epoch/frame",
        page_row("epochsPerSecond"),
        1,
        "",
    );
    row(
        "page: epochs/s at maximum speed",
        page_row("maxSpeedEpochsPerSecond"),
        0,
        "B >= 1,500",
    );
    row(
        "page: fps at maximum speed",
        page_row("maxSpeedFps"),
        1,
        "B >= 30",
    );
    row(
        "page: main-thread ms/frame at maximum speed",
        page_row("maxSpeedTaskMsPerFrame"),
        1,
        "",
    );
    row(
        "page: slider key to value shown, max speed",
        page_row("maxSpeedInputMsMedian"),
        1,
        "<= 16 ms",
    );
    row(
        "page: ... the slowest of 24 presses",
        page_row("maxSpeedInputMsMax"),
        1,
        "",
    );
    println!(
        "pictures drawn by: {}",
        page["configs"]["B"]["drawnBy"].as_str().unwrap_or("?")
    );
    println!(
        "B under 4x CPU throttling, 1 epoch/frame: {:.1} fps, frame() {:.2} ms, \
         main-thread {:.2} ms/frame (target >= 30 fps)",
        f(&page["throttledB"]["fps"]),
        f(&page["throttledB"]["frameMsMedian"]),
        f(&page["throttledB"]["taskMsPerFrame"]),
    );
    println!(
        "B with the hidden space (layer 6) shown, 1 epoch/frame: {:.1} fps, frame() {:.2} ms, \
         main-thread {:.2} ms/frame, the worker's hidden space {:.2} ms (target 60 fps)",
        f(&page["hiddenSpaceB"]["fps"]),
        f(&page["hiddenSpaceB"]["frameMsMedian"]),
        f(&page["hiddenSpaceB"]["taskMsPerFrame"]),
        f(&page["hiddenSpaceB"]["workerHiddenMs"]),
    );
    for (name, target) in [("A", 60), ("B", 30)] {
        let runs = &page[format!("fourRuns{name}").as_str()];
        println!(
            "four runs of {name} side by side, 1 epoch/frame: {:.1} fps, frame() {:.2} ms, \
             main-thread {:.2} ms/frame, {:.0} epochs/s per run (target >= {target} fps)",
            f(&runs["fps"]),
            f(&runs["frameMsMedian"]),
            f(&runs["taskMsPerFrame"]),
            f(&runs["epochsPerSecond"]),
        );
    }
    let text = &page["text"];
    println!(
        "text mode (the names' tile, T): engine native {:.0} examples/s, wasm {:.0}; the page at \
         1 epoch/frame {:.1} fps (frame interval {:.1} ms median, target 60), {:.0} examples/s, \
         what it writes renewed {:.1} times a second (target >= 2), the counted trigram passed \
         after {:.1} s of play (target <= 60)",
        native_of("T", "epochsPerSecond") * native_of("T", "samplesPerEpoch"),
        f(&text["wasmEngineExamplesPerSecond"]),
        f(&text["fps"]),
        f(&text["frameIntervalMsMedian"]),
        f(&text["examplesPerSecond"]),
        f(&text["writtenPerSecond"]),
        f(&text["secondsToTrigram"]),
    );
    println!(
        "first frame after navigation: {:.0} ms; first drawn pictures: {:.0} ms (target <= 300)",
        f(&page["firstFrameMs"]),
        f(&page["firstPicturesMs"])
    );
    println!(
        "throttled mobile connection (150 ms round trip, 1.6 Mbit/s down, cache off): first \
         pictures {:.0} ms, first epoch trained {:.0} ms (target <= 2,500), {} KiB over the wire",
        f(&page["throttled"]["firstPicturesMs"]),
        f(&page["throttled"]["firstEpochMs"]),
        f(&page["throttled"]["bytes"]) as u64 / 1024,
    );
    println!(
        "frame() ms on A at epoch 1,000: {:.2}, at epoch 100,000: {:.2} (target within 10 %); \
         Chromium task ms/frame {:.2} -> {:.2}",
        f(&page["longRun"]["frameMsAt1k"]),
        f(&page["longRun"]["frameMsAt100k"]),
        f(&page["longRun"]["taskMsAt1k"]),
        f(&page["longRun"]["taskMsAt100k"]),
    );
    println!(
        "wasm: {} KiB raw, {} KiB gzip; Chromium {}",
        f(&page["wasmBytes"]) as u64 / 1024,
        f(&page["wasmGzipBytes"]) as u64 / 1024,
        page["chromium"].as_str().unwrap_or("?")
    );

    println!("\n== the class server (loopback; the figures of its integration tests) ==");
    let class = output_of(cargo().args([
        "test",
        "-p",
        "nnlab-server",
        "--test",
        "load",
        "--test",
        "class",
        "--",
        "--nocapture",
        "--test-threads=1",
    ]))?;
    // The figures follow their test's name on its line.
    let class: Vec<&str> = class
        .lines()
        .filter_map(|l| {
            ["load:", "hostile:", "restart:"]
                .iter()
                .find_map(|p| l.find(p).map(|k| &l[k..]))
        })
        .collect();
    for line in &class {
        println!("{line}");
    }

    let native_json: serde_json::Map<String, Value> = configs
        .iter()
        .map(|c| {
            (
                c.to_string(),
                json!({
                    "epochsPerSecond": native_of(c, "epochsPerSecond"),
                    "gridMs": native_of(c, "gridMs"),
                }),
            )
        })
        .collect();
    let results =
        json!({ "runs": runs, "native": native_json, "browser": page, "classServer": class });
    let path = root().join("bench-results.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&results).unwrap_or_default(),
    )
    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}
