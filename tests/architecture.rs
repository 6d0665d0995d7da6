//! The engine stays free of terminal code: only the interactive view
//! (`src/ui*`, `src/app*`) may use ratatui or crossterm, so the library can
//! be tested and embedded without a terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

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
fn only_the_view_imports_terminal_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "sources not found under {}",
        src.display()
    );
    let mut offenders = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.starts_with("ui") || rel.starts_with("app") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        if text.contains("ratatui::") || text.contains("crossterm::") {
            offenders.push(rel);
        }
    }
    assert!(
        offenders.is_empty(),
        "terminal code outside the view: {offenders:?}"
    );
}
