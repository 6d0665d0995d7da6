//! Patch paths that could leave the tree are refused with a clear message
//! by `apply` and `pick`, and nothing is written: absolute paths, `..`,
//! `.git` in any case, NUL and control bytes, and symbolic links on the way
//! (out of the tree or not).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use repo::TestRepo;

/// Every file under `dir` (links not followed) with its bytes or link target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let kind = e.file_type().unwrap();
            let p = e.path();
            if kind.is_dir() {
                stack.push(p.clone());
                out.insert(p, b"<dir>".to_vec());
            } else if kind.is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(p, target.to_string_lossy().as_bytes().to_vec());
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn ferry(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

fn modify(path: &str) -> Vec<u8> {
    format!("--- {path}\n+++ {path}\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n").into_bytes()
}

fn create(path: &str) -> Vec<u8> {
    format!("--- /dev/null\n+++ {path}\n@@ -0,0 +1 @@\n+new\n").into_bytes()
}

#[test]
fn apply_refuses_paths_that_leave_the_tree_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("tree");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(root.join("sub/.git")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    for f in [".git/config", "sub/.git/config", "f.c"] {
        std::fs::write(root.join(f), "one\ntwo\n").unwrap();
    }
    std::fs::write(outside.join("f.c"), "one\ntwo\n").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("out")).unwrap();
    std::fs::create_dir(root.join("real")).unwrap();
    std::fs::write(root.join("real/f.c"), "one\ntwo\n").unwrap();
    std::os::unix::fs::symlink("real", root.join("inner")).unwrap();
    std::os::unix::fs::symlink("../outside/f.c", root.join("link.c")).unwrap();

    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "absolute",
            modify(&format!("{}/f.c", outside.display())),
            "0",
            "absolute",
        ),
        ("dotdot", modify("a/../outside/f.c"), "1", "'..'"),
        ("dotdot-create", create("b/../../x.c"), "1", "'..'"),
        (".git", modify("a/.git/config"), "1", ".git"),
        (".GIT", create("b/.GIT/hooks/post-checkout"), "1", ".git"),
        ("sub .Git", modify("a/sub/.Git/config"), "1", ".git"),
        (
            "control",
            create("b/x\x1b]0;t\x07.c"),
            "1",
            "control characters",
        ),
        ("symlink out", modify("a/out/f.c"), "1", "symbolic link"),
        ("symlink in", modify("a/inner/f.c"), "1", "symbolic link"),
        ("symlink file", modify("a/link.c"), "1", "symbolic link"),
        (
            "create via link",
            create("b/out/new.c"),
            "1",
            "symbolic link",
        ),
    ];
    let before = snapshot(tmp.path());
    for (name, patch, strip, why) in cases {
        let file = tmp.path().join("p.patch");
        std::fs::write(&file, &patch).unwrap();
        let before_patch = {
            let mut b = before.clone();
            b.insert(file.clone(), patch.clone());
            b
        };
        for dry in [false, true] {
            let f = file.to_str().unwrap();
            let mut args = vec!["apply", f, "--auto", "-p", strip];
            if dry {
                args.push("--dry-run");
            }
            let out = ferry(&root, &args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name}: {err}");
            assert!(
                err.contains("refusing path") && err.contains(why),
                "{name}: {err}"
            );
            assert!(!err.contains('\x1b'), "{name}: {err}");
            assert_eq!(
                snapshot(tmp.path()),
                before_patch,
                "{name}: something changed"
            );
        }
    }
}

#[test]
fn a_nul_byte_in_a_path_is_refused() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("p.patch"), create("b/x\0y.c")).unwrap();
    let out = ferry(root.path(), &["apply", "p.patch", "--auto"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("it contains a NUL byte"), "{err}");
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
}

#[test]
fn pick_refuses_to_write_through_a_symlink_out_of_the_repository() {
    let t = TestRepo::new();
    let outside = tempfile::tempdir().unwrap();
    let base = t.commit(&[("a.c", Some(&b"int a;\n"[..]))], "base", 1_000);
    // Upstream adds a file in lib/.
    let fix = t.commit(
        &[("lib/new.c", Some(&b"int fixed;\n"[..]))],
        "Add lib/new.c",
        2_000,
    );
    // Legacy has lib as a link to a folder outside the repository.
    t.branch("old", base);
    t.switch("old");
    std::os::unix::fs::symlink(outside.path(), t.path().join("lib")).unwrap();
    t.git_ok(&["add", "lib"]);
    t.git_ok(&["commit", "-q", "-m", "lib is a link"]);
    let head = t.git_ok(&["rev-parse", "HEAD"]);
    let repo_before = snapshot(&t.path());
    let out = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["pick", "--auto", &fix.to_string()])
        .current_dir(t.path())
        .env("HOME", t.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("FERRY_TEST_PAUSE_AT")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert_eq!(t.git_ok(&["rev-parse", "HEAD"]), head);
    let mut after = snapshot(&t.path());
    let mut before = repo_before;
    // Only ferry's own state under .git may differ.
    after.retain(|p, _| !p.starts_with(t.path().join(".git")));
    before.retain(|p, _| !p.starts_with(t.path().join(".git")));
    assert_eq!(after, before);
}

/// `ferry review` only reads: no file, index or object write anywhere in
/// the code that sees the patch's paths, so no patch path can make it write.
/// (The command writes one file, the one `--comment FILE` names.)
#[test]
fn review_never_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/review.rs")];
    for e in std::fs::read_dir(root.join("src/review"))
        .unwrap()
        .flatten()
    {
        files.push(e.path());
    }
    for f in files.iter().filter(|f| f.exists()) {
        let text = std::fs::read_to_string(f).unwrap();
        for call in [
            "fs::write",
            "write_atomic",
            "Staged::",
            "File::create",
            "OpenOptions",
            "remove_file",
            "create_dir",
            ".blob(",
            ".index(",
            ".commit(",
            "set_head",
        ] {
            assert!(!text.contains(call), "{} calls {call}", f.display());
        }
    }
}
