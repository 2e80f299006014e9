//! Installs what the build and the tests need when it is missing, or says how.

use crate::{root, run, Result, WASM_TARGET};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Adds the wasm32 target with rustup when the toolchain lacks it.
pub fn ensure_wasm_target() -> Result<()> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    let lib = Path::new(&sysroot)
        .join("lib")
        .join("rustlib")
        .join(WASM_TARGET);
    if lib.is_dir() {
        return Ok(());
    }
    println!("xtask: the {WASM_TARGET} target is missing; adding it with rustup");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        .map_err(|e| format!("{e}\nInstall it by hand with: rustup target add {WASM_TARGET}"))
}

/// Where the browser and its driver are.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn from_env_or(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Finds Chromium and chromedriver (`CHROMIUM` / `CHROMEDRIVER` override the Debian paths);
/// installs Debian's packages when they are missing and we run as root.
pub fn ensure_chromium() -> Result<Browser> {
    let browser = Browser {
        chromium: from_env_or("CHROMIUM", "/usr/bin/chromium"),
        chromedriver: from_env_or("CHROMEDRIVER", "/usr/bin/chromedriver"),
    };
    if browser.chromium.exists() && browser.chromedriver.exists() {
        return Ok(browser);
    }
    let how = "Install them with: sudo apt-get update && sudo apt-get install -y chromium chromium-driver\n\
               (or point CHROMIUM and CHROMEDRIVER at a Chromium and its matching chromedriver)";
    if !is_root() {
        return Err(format!(
            "Chromium or chromedriver is missing ({} / {}).\n{how}",
            browser.chromium.display(),
            browser.chromedriver.display()
        ));
    }
    println!("xtask: Chromium or chromedriver is missing; installing Debian's packages");
    run(Command::new("apt-get").arg("update"))
        .and_then(|_| {
            run(Command::new("apt-get")
                .args(["install", "-y", "chromium", "chromium-driver"])
                .env("DEBIAN_FRONTEND", "noninteractive"))
        })
        .map_err(|e| format!("{e}\n{how}"))?;
    if browser.chromium.exists() && browser.chromedriver.exists() {
        Ok(browser)
    } else {
        Err(format!(
            "apt-get finished but Chromium is still missing.\n{how}"
        ))
    }
}

/// The other engines the end-to-end smoke suite runs in (`tests/e2e/engines.mjs`).
pub struct Engines {
    pub firefox: PathBuf,
    pub webkit_driver: PathBuf,
    pub minibrowser: PathBuf,
    pub xvfb: PathBuf,
}

/// Finds Firefox, WebKitGTK's WebDriver and MiniBrowser, and Xvfb (each overridable:
/// `FIREFOX`, `WEBKIT_DRIVER`, `MINIBROWSER`, `XVFB`); installs Debian's `firefox-esr`,
/// `webkit2gtk-driver` and `xvfb` for what is missing when we run as root.
pub fn ensure_other_engines() -> Result<Engines> {
    let engines = Engines {
        firefox: from_env_or("FIREFOX", "/usr/bin/firefox-esr"),
        webkit_driver: from_env_or("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver"),
        minibrowser: from_env_or(
            "MINIBROWSER",
            "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        ),
        xvfb: from_env_or("XVFB", "/usr/bin/Xvfb"),
    };
    let wanted = [
        (&engines.firefox, "firefox-esr"),
        (&engines.webkit_driver, "webkit2gtk-driver"),
        (&engines.minibrowser, "webkit2gtk-driver"),
        (&engines.xvfb, "xvfb"),
    ];
    let mut missing: Vec<&str> = wanted
        .iter()
        .filter(|(path, _)| !path.exists())
        .map(|(_, package)| *package)
        .collect();
    missing.dedup();
    if missing.is_empty() {
        return Ok(engines);
    }
    let how = format!(
        "Install them with: sudo apt-get update && sudo apt-get install -y {}\n\
         (or point FIREFOX, WEBKIT_DRIVER, MINIBROWSER and XVFB at them)",
        missing.join(" ")
    );
    if !is_root() {
        return Err(format!("the Firefox and WebKit tests need more.\n{how}"));
    }
    println!(
        "xtask: installing Debian's {} for the Firefox and WebKit tests",
        missing.join(" ")
    );
    run(Command::new("apt-get").arg("update"))
        .and_then(|_| {
            run(Command::new("apt-get")
                .args(["install", "-y"])
                .args(&missing)
                .env("DEBIAN_FRONTEND", "noninteractive"))
        })
        .map_err(|e| format!("{e}\n{how}"))?;
    match wanted.iter().find(|(path, _)| !path.exists()) {
        None => Ok(engines),
        Some((path, _)) => Err(format!(
            "apt-get finished but {} is still missing.\n{how}",
            path.display()
        )),
    }
}

/// A font with Chinese characters, so the end-to-end screenshots of the Chinese page show
/// them (the tests compare text, not glyphs, and pass without one). Best effort: Debian's
/// `fonts-noto-cjk` when fontconfig finds none and we run as root; otherwise a note.
pub fn ensure_cjk_font() {
    let has_font = || {
        Command::new("fc-list")
            .arg(":lang=zh")
            .output()
            .map(|o| !o.stdout.is_empty())
            .unwrap_or(true)
    };
    if has_font() {
        return;
    }
    if is_root() {
        println!(
            "xtask: no Chinese font; installing Debian's fonts-noto-cjk (for the screenshots)"
        );
        let install = || {
            run(Command::new("apt-get")
                .args(["install", "-y", "fonts-noto-cjk"])
                .env("DEBIAN_FRONTEND", "noninteractive"))
        };
        // The package lists may be stale on a fresh machine.
        if install().is_err() {
            let _ = run(Command::new("apt-get").arg("update")).and_then(|_| install());
        }
    }
    if !has_font() {
        println!(
            "xtask: note: no Chinese font, so the Chinese screenshots show boxes \
             (sudo apt-get install -y fonts-noto-cjk); the tests do not depend on it"
        );
    }
}

/// Installs the end-to-end tests' npm packages (from package-lock.json) when one is
/// missing.
pub fn ensure_npm_packages(dir: &Path) -> Result<()> {
    for probe in [
        "playwright-core",
        "puppeteer-core",
        "selenium-webdriver",
        "axe-core",
    ] {
        ensure_npm_folder(dir, probe)?;
    }
    Ok(())
}

/// Installs the npm packages of `dir` (from its package-lock.json) unless
/// `node_modules/<probe>` is already there.
pub fn ensure_npm_folder(dir: &Path, probe: &str) -> Result<()> {
    if dir.join("node_modules").join(probe).is_dir() {
        return Ok(());
    }
    if Command::new("npm").arg("--version").output().is_err() {
        return Err("npm is missing: install Node.js 20 or newer with npm \
                    (Debian: apt-get install -y nodejs npm)"
            .into());
    }
    let rel = dir.strip_prefix(root()).unwrap_or(dir);
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(rel)
        // playwright-core downloads no browser; this keeps it that way.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

/// binaryen's `wasm-opt` from npm (`xtask/binaryen`), installed when missing; `None`, with
/// a note, when npm is not there (the page then works, only larger).
pub fn wasm_opt() -> Option<PathBuf> {
    let dir = root().join("xtask").join("binaryen");
    match ensure_npm_folder(&dir, "binaryen") {
        Ok(()) => Some(dir.join("node_modules").join(".bin").join("wasm-opt")),
        Err(e) => {
            println!("xtask: note: the wasm module is not optimised for size ({e})");
            None
        }
    }
}

/// A Python 3 with NumPy, for the exported scripts' test (`tests/python.rs`): `PYTHON`,
/// or `python3`; NumPy installed from PyPI with pip when it is missing.
pub fn ensure_numpy() -> Result<PathBuf> {
    let python = from_env_or("PYTHON", "python3");
    let has_numpy = || {
        Command::new(&python)
            .args(["-c", "import numpy"])
            .output()
            .map(|o| o.status.success())
    };
    let how = "Install it with: python3 -m pip install numpy\n\
               (or point PYTHON at a Python 3 that has NumPy)";
    match has_numpy() {
        Err(e) => {
            return Err(format!(
                "cannot run {}: {e}\nInstall Python 3 (Debian: apt-get install -y python3 python3-pip), then NumPy.\n{how}",
                python.display()
            ))
        }
        Ok(true) => return Ok(python),
        Ok(false) => {}
    }
    println!("xtask: NumPy is missing; installing it from PyPI with pip");
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", "numpy"]))
        .map_err(|e| format!("{e}\n{how}"))?;
    match has_numpy() {
        Ok(true) => Ok(python),
        _ => Err(format!(
            "pip finished but NumPy still does not import.\n{how}"
        )),
    }
}
