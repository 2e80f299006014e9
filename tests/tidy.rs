//! Tidy tests: the architecture document and the code stay in step, and files stay small
//! enough to read.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn architecture() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap()
}

/// Every `path` in backquotes that names a file or folder of the project.
fn named_paths(doc: &str) -> Vec<String> {
    doc.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            [
                "src/",
                "engine/",
                "class/",
                "server/",
                "www/",
                "tests/",
                "xtask/",
                "index.html",
            ]
            .iter()
            .any(|p| s.starts_with(p))
        })
        .map(|s| s.trim_end_matches('/').to_string())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_path_the_architecture_names_exists() {
    let doc = architecture();
    let paths = named_paths(&doc);
    assert!(paths.len() > 40, "only {} paths named", paths.len());
    for path in paths {
        assert!(
            root().join(&path).exists(),
            "ARCHITECTURE.md names {path}, which is gone"
        );
    }
}

#[test]
fn every_module_is_on_the_code_map() {
    let doc = architecture();
    let named = named_paths(&doc);
    // Each entry of src/, of the web layer and of its app is named (a folder or a file).
    for dir in [
        "src",
        "engine/src",
        "class/src",
        "server/src",
        "src/web",
        "src/web/app",
        "src/session",
        "src/train",
        "src/config",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if ["lib.rs", "mod.rs", "tests.rs"].contains(&name.as_str()) {
                continue;
            }
            let path = format!("{dir}/{name}");
            let as_module = path.trim_end_matches(".rs").to_string();
            let listed = named.iter().any(|n| {
                *n == path
                    || *n == as_module
                    || *n == format!("{as_module}.rs")
                    || n.starts_with(&format!("{as_module}/"))
            });
            assert!(listed, "{path} is not on ARCHITECTURE.md's code map");
        }
    }
}

#[test]
fn no_source_file_is_much_over_500_lines() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("engine").join("src"), &mut files);
    rust_files(&root().join("class").join("src"), &mut files);
    rust_files(&root().join("server").join("src"), &mut files);
    assert!(files.len() > 50);
    for file in files {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        assert!(
            lines <= 520,
            "{} has {lines} lines: split it by concern",
            file.display()
        );
    }
}
