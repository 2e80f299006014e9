//! The project's only build tool: `cargo xtask <command>`.
//!
//! - `build`  adds the wasm32 target when missing, builds the crate for wasm in release and
//!   writes the JS bindings to `www/pkg/`.
//! - `serve [--port N] [--lan]`  builds, then serves the page and the class session on
//!   http://127.0.0.1:N (default 8000); `--lan` on the local network, with the students'
//!   link and its QR code printed.
//! - `test`  runs every test: formatting and clippy, native `cargo test`, the in-browser
//!   wasm-bindgen tests and the end-to-end tests (Chromium, then the smoke suite in
//!   Firefox and WebKit), installing what is missing.
//! - `bench [--runs N]`  the performance benchmark (table + bench-results.json).
//! - `wasm-bindgen-test-runner ARGS`  cargo's runner for wasm tests (set by `test`).

mod bench;
mod dist;
mod server;
mod setup;

use std::path::{Path, PathBuf};
use std::process::Command;

type Result<T> = std::result::Result<T, String>;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("build") => build().map(|_| ()),
        Some("serve") => serve(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("dist") => dist::dist().map(|_| ()),
        Some("wasm-bindgen-test-runner") => {
            let argv = std::iter::once("wasm-bindgen-test-runner".to_string())
                .chain(args[1..].iter().cloned());
            wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(argv)
                .map_err(|e| format!("{e:#}"))
        }
        _ => Err(USAGE.to_string()),
    };
    if let Err(message) = outcome {
        eprintln!("xtask: {message}");
        std::process::exit(1);
    }
}

const USAGE: &str = "usage: cargo xtask <command>
  build               build the wasm module and its JS bindings into www/pkg/
  serve [--port N] [--lan]
                      build, then serve the page and its class session on
                      http://127.0.0.1:N (default 8000); --lan: on the local network, for a
                      class's phones (prints the students' link and a QR code)
  test [--no-lint]    run every test: lint, native, in-browser (wasm), end-to-end
  bench [--runs N]    benchmark the engine and the page (A, B, C); writes bench-results.json
  dist                build dist/ (a static site) and dist/nnlab.html (one file, works offline)";

/// The workspace root (the folder holding index.html).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Runs a command in the workspace root, failing with a readable message.
pub fn run(cmd: &mut Command) -> Result<()> {
    execute(cmd, false).map(|_| ())
}

/// Runs a command in the workspace root and returns what it printed on stdout (its
/// stderr still goes to the terminal).
pub fn output_of(cmd: &mut Command) -> Result<String> {
    execute(cmd, true)
}

fn execute(cmd: &mut Command, capture: bool) -> Result<String> {
    let shown = format!("{cmd:?}");
    println!("xtask: running {shown}");
    cmd.current_dir(root());
    if capture {
        cmd.stdout(std::process::Stdio::piped());
    }
    let out = cmd
        .spawn()
        .and_then(|child| child.wait_with_output())
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{shown} failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The data files in `data/` the page fetches (from `www/data/`) when it first uses them.
pub const DATA_FILES: [&str; 3] = ["digits.csv.gz", "names.txt", "poems.txt"];

/// Builds the wasm module (profile `wasm-release`), generates the bindings and copies the
/// data files into `www/data/`. Returns the `www/pkg` folder.
pub fn build() -> Result<PathBuf> {
    setup::ensure_wasm_target()?;
    run(cargo().args([
        "build",
        "--profile",
        "wasm-release",
        "--lib",
        "-p",
        "nnlab",
        "--target",
        WASM_TARGET,
    ]))?;
    let wasm = root()
        .join("target")
        .join(WASM_TARGET)
        .join("wasm-release")
        .join("nnlab.wasm");
    let out = root().join("www").join("pkg");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .typescript(false)
        // The library defaults this to true; without a default module path the generated
        // init() has no wasm URL and the page cannot start.
        .omit_default_module_path(false)
        // Function names are for debuggers; the page does not need them (150 KiB).
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&out)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    optimise(&out.join("nnlab_bg.wasm"))?;
    let size = std::fs::metadata(out.join("nnlab_bg.wasm"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("xtask: wrote {} ({} KiB wasm)", out.display(), size / 1024);
    // The data the page fetches when first used, as checked in (engine/src/data/digits.rs,
    // engine/src/data/text/shipped.rs).
    for name in DATA_FILES {
        let to = root().join("www").join("data").join(name);
        std::fs::create_dir_all(to.parent().unwrap_or(&root()))
            .and_then(|()| std::fs::copy(root().join("data").join(name), &to))
            .map_err(|e| format!("cannot copy data/{name} to {}: {e}", to.display()))?;
    }
    Ok(out)
}

/// The wasm features rustc's wasm32 target uses and every current browser has; wasm-opt
/// may use these and no others.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

/// Runs binaryen's `wasm-opt -O3` over the module in place (`-O3`, not `-Oz`: `-Oz` made
/// the training loop about 1.7× slower). The result is kept in `target/wasm-opt/`, keyed
/// by the input's hash, so an unchanged module is not optimised again (it takes ~20 s).
fn optimise(wasm: &Path) -> Result<()> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let bytes = std::fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let cache = root().join("target").join("wasm-opt");
    let cached = cache.join(format!("{:016x}.wasm", hasher.finish()));
    if !cached.exists() {
        let Some(wasm_opt) = setup::wasm_opt() else {
            return Ok(());
        };
        std::fs::create_dir_all(&cache)
            .map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
        let partial = cache.join("partial.wasm");
        run(Command::new(wasm_opt)
            .arg("-O3")
            .args(WASM_FEATURES)
            .arg(wasm)
            .arg("-o")
            .arg(&partial))?;
        std::fs::rename(&partial, &cached)
            .map_err(|e| format!("cannot write {}: {e}", cached.display()))?;
    }
    std::fs::copy(&cached, wasm)
        .map(|_| ())
        .map_err(|e| format!("cannot write {}: {e}", wasm.display()))
}

fn serve(args: &[String]) -> Result<()> {
    let mut port: u16 = 8000;
    let mut lan = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--port" | "-p" => {
                port = rest
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a number from 0 to 65535")?;
            }
            "--lan" => lan = true,
            other => return Err(format!("serve: unknown argument {other:?}\n{USAGE}")),
        }
    }
    build()?;
    let server = server::start(port, lan, "serve", false)?;
    server.announce();
    server.join();
    Ok(())
}

fn test(args: &[String]) -> Result<()> {
    let lint = !args.iter().any(|a| a == "--no-lint");
    if lint {
        println!("\n== lint: rustfmt and clippy (native and wasm32) ==");
        run(cargo().args(["fmt", "--all", "--", "--check"]))?;
        run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        setup::ensure_wasm_target()?;
        run(cargo().args([
            "clippy",
            "-p",
            "nnlab",
            "-p",
            "nnlab-engine",
            "--all-targets",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ]))?;
    }

    println!("\n== native tests: cargo test (the crate, its engine, the class room and its server, then xtask itself) ==");
    // The exported Python scripts run in `tests/python.rs`.
    let python = setup::ensure_numpy()?;
    run(cargo()
        .args([
            "test",
            "-p",
            "nnlab",
            "-p",
            "nnlab-engine",
            "-p",
            "nnlab-class",
            "-p",
            "nnlab-server",
        ])
        .env("NNLAB_PYTHON", &python))?;
    run(cargo().args(["test", "-p", "xtask"]))?;
    // The server as its own program, for the end-to-end test that stops and restarts it
    // (built with the tests' profile: the artefacts of its tests above).
    run(cargo().args([
        "build",
        "--profile",
        "test",
        "-p",
        "nnlab-server",
        "--bin",
        "nnlab-server",
    ]))?;
    let server_bin = root().join("target").join("debug").join("nnlab-server");

    println!("\n== in-browser tests: wasm-bindgen-test in headless Chromium ==");
    let browser = setup::ensure_chromium()?;
    setup::ensure_wasm_target()?;
    let me = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    run(cargo()
        // test-hooks: a panic probe, so a test can see the panic banner.
        .args([
            "test",
            "-p",
            "nnlab",
            "--target",
            WASM_TARGET,
            "--features",
            "test-hooks",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            format!("{} wasm-bindgen-test-runner", me.display()),
        )
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "900"))?;

    println!("\n== end-to-end tests: Chromium (Playwright), Firefox and WebKit (smoke suite) ==");
    let e2e = root().join("tests").join("e2e");
    setup::ensure_npm_packages(&e2e)?;
    setup::ensure_cjk_font();
    let engines = setup::ensure_other_engines()?;
    let single = dist::dist()?;
    let server = server::start(0, false, "e2e", true)?;
    let mut files: Vec<String> = std::fs::read_dir(&e2e)
        .map_err(|e| format!("cannot read {}: {e}", e2e.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no end-to-end tests found in tests/e2e".into());
    }
    let mut node = Command::new("node");
    node.arg("--test")
        .arg("--test-concurrency=1")
        .args(files.iter().map(|f| e2e.join(f)))
        .env("NNLAB_URL", server.url())
        .env("NNLAB_SINGLE_FILE", &single)
        .env("NNLAB_SERVER_BIN", &server_bin)
        .env("CHROMIUM", &browser.chromium)
        .env("FIREFOX", &engines.firefox)
        .env("WEBKIT_DRIVER", &engines.webkit_driver)
        .env("MINIBROWSER", &engines.minibrowser)
        .env("XVFB", &engines.xvfb);
    run(&mut node)?;
    println!("\nxtask: every test passed");
    Ok(())
}
