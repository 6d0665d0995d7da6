//! The `ferry` binary end to end: help, errors and exit codes, and the
//! commands that write (`apply --auto`, `pick --auto`) in real folders and
//! repositories.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

use std::path::Path;
use std::process::{Command, Output};

use repo::TestRepo;

fn ferry(dir: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs `ferry apply fix.patch --auto --json` (and `more`) in a new folder
/// holding the legacy file at `path` and the patch: the folder, the exit
/// code and the first file's hunks from the report.
fn apply_json(
    path: &str,
    legacy: &str,
    patch: &str,
    more: &[&str],
) -> (tempfile::TempDir, Option<i32>, Vec<serde_json::Value>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let file = dir.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, legacy).unwrap();
    std::fs::write(dir.join("fix.patch"), patch).unwrap();
    let args = [&["apply", "fix.patch", "--auto", "--json"][..], more].concat();
    let out = ferry(dir, dir, &args);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    let hunks = report["commits"][0]["files"][0]["hunks"]
        .as_array()
        .unwrap_or_else(|| panic!("no hunks: {report}"))
        .clone();
    (tmp, out.status.code(), hunks)
}

#[test]
fn help_lists_the_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ferry(tmp.path(), tmp.path(), &["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for cmd in ["plan", "pick", "apply", "eval", "demo"] {
        assert!(help.contains(cmd), "{cmd} missing from:\n{help}");
    }
    assert!(!help.contains("port-file"), "hidden command shown");
}

#[test]
fn a_malformed_patch_is_exit_2_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let patch = tmp.path().join("bad.patch");
    std::fs::write(
        &patch,
        "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n",
    )
    .unwrap();
    let out = ferry(tmp.path(), tmp.path(), &["apply", "bad.patch", "--auto"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: bad.patch: "), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn apply_auto_writes_only_when_every_hunk_is_certain() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    // Legacy has two extra lines at the top: the hunk lands at an offset.
    std::fs::write(
        dir.join("src/a.c"),
        "#include <x.h>\n\nint a;\nint b;\nint c;\nint d;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("fix.patch"),
        "--- a/src/a.c\n+++ b/src/a.c\n@@ -1,3 +1,3 @@\n int a;\n-int b;\n+long b;\n int c;\n",
    )
    .unwrap();
    let dry = ferry(
        dir,
        dir,
        &["apply", "fix.patch", "--auto", "--dry-run", "--json"],
    );
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry.stderr));
    let report: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(report["result"], "planned");
    let hunk = &report["commits"][0]["files"][0]["hunks"][0];
    assert_eq!(hunk["status"], "placed");
    assert_eq!(hunk["best"]["strategy"], "offset");
    assert_eq!(hunk["best"]["legacy_line"], 4);
    assert!(std::fs::read_to_string(dir.join("src/a.c"))
        .unwrap()
        .contains("int b;"));

    let out = ferry(dir, dir, &["apply", "fix.patch", "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.join("src/a.c")).unwrap(),
        "#include <x.h>\n\nint a;\nlong b;\nint c;\nint d;\n"
    );

    // The same patch again: the change is already there, nothing to do.
    let again = ferry(dir, dir, &["apply", "fix.patch", "--auto", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        report["commits"][0]["files"][0]["hunks"][0]["status"],
        "already-applied"
    );

    // A hunk whose lines exist nowhere: exit 1, nothing written.
    std::fs::write(
        dir.join("other.patch"),
        "--- a/src/a.c\n+++ b/src/a.c\n@@ -1,2 +1,2 @@\n-int nowhere_to_be_found;\n+int z;\n int other_context_line;\n",
    )
    .unwrap();
    let before = std::fs::read(dir.join("src/a.c")).unwrap();
    let refused = ferry(dir, dir, &["apply", "other.patch", "--auto"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.join("src/a.c")).unwrap(), before);
}

#[test]
fn apply_from_a_bare_patch_takes_a_function_whose_context_drifted() {
    // The branch names the tuple's second item `stamp`, upstream
    // `stamped_at`: one context line differs, the rest of `get` is there.
    let legacy = "import time\n\n\nclass Cache:\n    def __init__(self, ttl):\n        self.ttl = ttl\n        self.items = {}\n\n    def get(self, key):\n        entry = self.items.get(key)\n        if entry is None:\n            return None\n        value, stamp = entry\n        return value\n\n    def put(self, key, value):\n        self.items[key] = (value, time.time())\n";
    let patch = "--- a/src/cache.py\n+++ b/src/cache.py\n@@ -9,9 +9,11 @@ class Cache:\n     def get(self, key):\n         entry = self.items.get(key)\n         if entry is None:\n             return None\n         value, stamped_at = entry\n+        if time.time() - stamped_at > self.ttl:\n+            return None\n         return value\n \n     def put(self, key, value):\n         self.items[key] = (value, time.time())\n";
    let (tmp, code, hunks) = apply_json("src/cache.py", legacy, patch, &[]);
    assert_eq!(code, Some(0), "{hunks:?}");
    let best = &hunks[0]["best"];
    assert_eq!(best["strategy"], "fuzzy");
    assert!(best["confidence"].as_f64().unwrap() >= 0.7, "{best}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("src/cache.py")).unwrap(),
        legacy.replace(
            "        return value\n\n",
            "        if time.time() - stamp > self.ttl:\n            return None\n        return value\n\n"
        )
    );
}

#[test]
fn hunks_at_their_own_lines_are_exact_after_the_first() {
    let file: String = (1..=30).map(|i| format!("line {i}\n")).collect();
    // Two hunks, each with three lines of context, both at their lines.
    let patch = "--- a/a.txt\n+++ b/a.txt\n@@ -5,7 +5,7 @@\n line 5\n line 6\n line 7\n-line 8\n+line eight\n line 9\n line 10\n line 11\n@@ -20,7 +20,7 @@\n line 20\n line 21\n line 22\n-line 23\n+line twenty-three\n line 24\n line 25\n line 26\n";
    let (_tmp, code, hunks) = apply_json("a.txt", &file, patch, &["--dry-run"]);
    assert_eq!(code, Some(0), "{hunks:?}");
    assert_eq!(hunks.len(), 2);
    for hunk in &hunks {
        assert_eq!(hunk["best"]["strategy"], "exact", "{hunk}");
    }
}

#[test]
fn apply_reads_a_wide_patch_as_git_cuts_it_with_three_lines_of_context() {
    // Legacy differs from upstream in line 12, far from both changes.
    let legacy: String = (1..=30)
        .map(|i| {
            if i == 12 {
                "line twelve\n".to_string()
            } else {
                format!("line {i}\n")
            }
        })
        .collect();
    // `diff -U10`: one hunk over both changes, line 12 among its context.
    let mut patch = String::from("--- a/a.txt\n+++ b/a.txt\n@@ -1,30 +1,30 @@\n");
    for i in 1..=30 {
        match i {
            5 => patch.push_str("-line 5\n+line five\n"),
            20 => patch.push_str("-line 20\n+line twenty\n"),
            _ => patch.push_str(&format!(" line {i}\n")),
        }
    }
    let (tmp, code, hunks) = apply_json("a.txt", &legacy, &patch, &[]);
    assert_eq!(code, Some(0), "{hunks:?}");
    let headers: Vec<&str> = hunks
        .iter()
        .map(|h| h["header"].as_str().unwrap())
        .collect();
    // As `git diff -U3` writes them, with the line before each as its
    // section (git's default function line: it starts with a letter).
    assert_eq!(
        headers,
        ["@@ -2,7 +2,7 @@ line 1", "@@ -17,7 +17,7 @@ line 16"]
    );
    for hunk in &hunks {
        assert_eq!(hunk["best"]["confidence"], 1.0, "{hunk}");
    }
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("a.txt")).unwrap(),
        legacy
            .replace("line 5\n", "line five\n")
            .replace("line 20\n", "line twenty\n")
    );
}

#[test]
fn apply_refuses_paths_outside_the_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tree");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        tmp.path().join("evil.patch"),
        "--- a/../outside.txt\n+++ b/../outside.txt\n@@ -1 +1 @@\n-x\n+y\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("outside.txt"), "x\n").unwrap();
    let out = ferry(&dir, tmp.path(), &["apply", "../evil.patch", "--auto"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("refusing path"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(tmp.path().join("outside.txt")).unwrap(),
        b"x\n"
    );
}

#[test]
fn demo_setup_only_builds_and_names_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let out = ferry(
        tmp.path(),
        tmp.path(),
        &["demo", "--setup-only", "--dir", dir.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    let sha = said
        .split_whitespace()
        .skip_while(|w| *w != "pick")
        .nth(1)
        .expect("a pick command");
    assert_eq!(sha.len(), 40, "{said}");
    assert!(dir.join(".git").is_dir());
    // A second build into the same folder is refused, with the folder named.
    let again = ferry(
        tmp.path(),
        tmp.path(),
        &["demo", "--setup-only", "--dir", dir.to_str().unwrap()],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("demo"));
}

#[test]
fn plan_on_the_demo_meets_every_kind_of_drift() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = ferry::demo::build(&tmp.path().join("demo")).unwrap();
    let out = ferry(
        &demo.path,
        tmp.path(),
        &["plan", &demo.fix_commit, "--json"],
    );
    // The hunk touching code legacy lacks waits for a person.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["commits"][0]["files"].as_array().unwrap();
    let hunks: Vec<&serde_json::Value> = files
        .iter()
        .flat_map(|f| f["hunks"].as_array().unwrap())
        .collect();
    assert_eq!(hunks.len(), demo.hunks.len());
    for (h, d) in hunks.iter().zip(&demo.hunks) {
        let status = h["status"].as_str().unwrap();
        let want = match d.drift {
            ferry::demo::Drift::AlreadyApplied => "already-applied",
            ferry::demo::Drift::NotInLegacy => "unplaced",
            _ => "placed",
        };
        assert_eq!(status, want, "{:?} hunk: {h}", d.drift);
    }
    let renamed = files
        .iter()
        .find(|f| f["legacy_path"] != f["path"])
        .expect("the renamed file");
    assert_eq!(renamed["found_by"], "rename history");
}

#[test]
fn pick_auto_writes_the_worktree_and_index_and_guards_local_changes() {
    let t = TestRepo::new();
    let base = t.commit(
        &[(
            "lib.py",
            Some(&b"def f(x):\n    y = x + 1\n    return y\n\n\ndef g():\n    pass\n"[..]),
        )],
        "base",
        1_700_000_000,
    );
    t.branch("legacy", base);
    let fix = t.commit(
        &[(
            "lib.py",
            Some(&b"def f(x):\n    y = x + 2\n    return y\n\n\ndef g():\n    pass\n"[..]),
        )],
        "fix f",
        1_700_000_100,
    );
    t.switch("legacy");
    // Legacy drifted: a new function above f.
    t.commit(
        &[("lib.py", Some(&b"import os\n\n\ndef h():\n    return os.sep\n\n\ndef f(x):\n    y = x + 1\n    return y\n\n\ndef g():\n    pass\n"[..]))],
        "add h",
        1_700_000_200,
    );
    let sha = fix.to_string();

    // A local change to the file: refused, named, nothing written.
    t.write("lib.py", b"local edit\n");
    let out = ferry(&t.path(), &t.home(), &["pick", &sha, "--auto"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("lib.py has uncommitted changes"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(t.path().join("lib.py")).unwrap(),
        b"local edit\n"
    );
    t.git_ok(&["checkout", "--", "lib.py"]);

    let out = ferry(
        &t.path(),
        &t.home(),
        &["pick", &sha, "--auto", "--no-commit"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let got = std::fs::read_to_string(t.path().join("lib.py")).unwrap();
    assert!(
        got.contains("def h():") && got.contains("y = x + 2"),
        "{got}"
    );
    let staged = text(&t.git_ok(&["diff", "--cached", "--name-only"]));
    assert_eq!(staged.trim(), "lib.py");

    // Without --auto the view needs a terminal; without one: a usage error.
    let out = ferry(&t.path(), &t.home(), &["pick", &sha]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

#[test]
fn apply_finds_a_moved_file_by_the_functions_it_defines() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(
        dir.join("lib/other.c"),
        "int other(void)\n{\n\treturn 0;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("lib/strings.c"),
        "#include \"s.h\"\n\nint count_dots(const char *s)\n{\n\tint n = 0;\n\tfor (; *s; s++)\n\t\tn += *s == '.';\n\treturn n;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("fix.patch"),
        "--- a/src/util/dots.c\n+++ b/src/util/dots.c\n@@ -4,5 +4,7 @@ int count_dots(const char *s)\n {\n \tint n = 0;\n+\tif (!s)\n+\t\treturn 0;\n \tfor (; *s; s++)\n \t\tn += *s == '.';\n \treturn n;\n",
    )
    .unwrap();
    let out = ferry(dir, dir, &["apply", "fix.patch", "--auto", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &report["commits"][0]["files"][0];
    assert_eq!(file["legacy_path"], "lib/strings.c");
    assert_eq!(file["found_by"], "defines the changed functions");
    let got = std::fs::read_to_string(dir.join("lib/strings.c")).unwrap();
    assert!(got.contains("\tif (!s)\n\t\treturn 0;\n\tfor"), "{got}");
}

/// A repository whose `main` adds `ERRNO_IS_NEG_PRIVILEGE` to a header and
/// then fixes `src/util.c` to call it (with `log_debug_errno`, which both
/// branches have); branch `legacy` lacks the helper and is checked out.
/// Returns the repository, the fix's id and the header with the helper.
fn helper_repo() -> (TestRepo, String, String) {
    let t = TestRepo::new();
    let errno_h = "#pragma once\n#define ERRNO_IS_PRIVILEGE(r) ((r) == EPERM || (r) == EACCES)\n";
    let log_h = "#pragma once\nint log_debug_errno(int r, const char *msg);\n";
    let util = |check: &str, ret: &str| {
        format!(
            "#include \"errno-util.h\"\n#include \"log.h\"\n\nint drop_privileges(uid_t uid) {{\n        int r;\n\n        r = setresuid(uid, uid, uid);\n        {check}\n                {ret}\n        return 0;\n}}\n"
        )
    };
    let base = t.commit(
        &[
            ("src/errno-util.h", Some(errno_h.as_bytes())),
            ("src/log.h", Some(log_h.as_bytes())),
            (
                "src/util.c",
                Some(util("if (r < 0)", "return r;").as_bytes()),
            ),
        ],
        "base",
        1_700_000_000,
    );
    t.branch("legacy", base);
    let helper =
        format!("{errno_h}#define ERRNO_IS_NEG_PRIVILEGE(r) ((r) == -EPERM || (r) == -EACCES)\n");
    t.commit(
        &[("src/errno-util.h", Some(helper.as_bytes()))],
        "errno-util: add ERRNO_IS_NEG_PRIVILEGE",
        1_700_000_100,
    );
    let fixed = util(
        "if (ERRNO_IS_NEG_PRIVILEGE(r))",
        "return log_debug_errno(r, \"Not permitted, ignoring.\");",
    );
    let fix = t
        .commit(
            &[("src/util.c", Some(fixed.as_bytes()))],
            "util: ignore missing privileges",
            1_700_000_200,
        )
        .to_string();
    t.switch("legacy");
    (t, fix, helper)
}

/// `ferry plan FIX --json`'s first hunk.
fn first_hunk(t: &TestRepo, fix: &str) -> serde_json::Value {
    let out = ferry(&t.path(), &t.home(), &["plan", fix, "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    report["commits"][0]["files"][0]["hunks"][0].clone()
}

/// The fix calls a helper upstream's tree had (in a header the fixed file
/// never used) and legacy's tree lacks: the hunk applies cleanly but waits
/// for a person, with the name in its explanation. A helper both trees have
/// (`log_debug_errno`) is no reason; once legacy gains the missing helper,
/// the hunk is placed.
#[test]
fn plan_flags_a_hunk_calling_a_helper_the_legacy_tree_lacks() {
    let (t, fix, helper) = helper_repo();
    let hunk = first_hunk(&t, &fix);
    assert_eq!(hunk["status"], "unplaced", "{hunk}");
    let why = hunk["best"]["explanation"].as_str().unwrap();
    assert!(why.contains("ERRNO_IS_NEG_PRIVILEGE"), "{why}");
    assert!(!why.contains("log_debug_errno"), "{why}");

    t.commit(
        &[("src/errno-util.h", Some(helper.as_bytes()))],
        "errno-util: backport ERRNO_IS_NEG_PRIVILEGE",
        1_700_000_300,
    );
    let hunk = first_hunk(&t, &fix);
    assert_eq!(hunk["status"], "placed", "{hunk}");
}

/// The tree check reads the checked-out branch's files from disk, so a
/// blob missing from the object store (a partial clone lacks it) is no
/// matter there. A blob only upstream's tree has, and the store lacks,
/// leaves the check out; the plan itself goes on and places the hunk.
#[test]
fn plan_goes_on_without_the_tree_check_when_a_blob_is_missing() {
    let (t, fix, _) = helper_repo();
    let remove = |spec: &str| {
        let id = text(&t.git_ok(&["rev-parse", spec])).trim().to_string();
        let object = t.path().join(".git/objects").join(&id[..2]).join(&id[2..]);
        std::fs::remove_file(&object).unwrap();
    };
    remove("legacy:src/log.h");
    // Files older than the index, so git's stat check trusts them however
    // coarse the file system's clock.
    let touched = std::process::Command::new("touch")
        .args([
            "-d",
            "2020-01-01",
            "src/log.h",
            "src/errno-util.h",
            "src/util.c",
        ])
        .current_dir(t.path())
        .status()
        .unwrap();
    assert!(touched.success());
    t.git_ok(&["update-index", "--refresh"]);
    let hunk = first_hunk(&t, &fix);
    assert_eq!(hunk["status"], "unplaced", "{hunk}");
    let why = hunk["best"]["explanation"].as_str().unwrap();
    assert!(why.contains("ERRNO_IS_NEG_PRIVILEGE"), "{why}");

    remove("main:src/errno-util.h");
    let hunk = first_hunk(&t, &fix);
    assert_eq!(hunk["status"], "placed", "{hunk}");
}

/// Upstream's `pkg/util.py` gains `await_`, then a fix imports it with
/// `from .util import await_`; the legacy branch's `util` lacks it, though
/// another legacy file uses the word (`self.await_`), which is all the
/// whole-tree search asks. The module itself tells: the hunk waits for a
/// person, naming `await_`. Once legacy's `util` has it, the hunk is placed.
#[test]
fn plan_flags_a_name_imported_from_a_legacy_module_that_lacks_it() {
    let t = TestRepo::new();
    let util = "def await_only(c):\n    return c\n";
    let conn = "class Conn:\n    def __init__(self, a):\n        self.await_ = a\n";
    let db = |import: &str, call: &str| {
        format!("{import}\n\ndef read(c):\n    data = c.read()\n    {call}\n    return data\n")
    };
    let base = t.commit(
        &[
            ("pkg/util.py", Some(util.as_bytes())),
            ("pkg/conn.py", Some(conn.as_bytes())),
            (
                "pkg/db.py",
                Some(db("from .util import await_only", "log(data)").as_bytes()),
            ),
        ],
        "base",
        1_700_000_000,
    );
    t.branch("legacy", base);
    let with_await = format!("{util}\n\ndef await_(c):\n    return c\n");
    t.commit(
        &[("pkg/util.py", Some(with_await.as_bytes()))],
        "util: add await_",
        1_700_000_100,
    );
    let fixed = db(
        "from .util import await_only\nfrom .util import await_",
        "data = await_(data)",
    );
    let fix = t
        .commit(
            &[("pkg/db.py", Some(fixed.as_bytes()))],
            "db: await the data",
            1_700_000_200,
        )
        .to_string();
    t.switch("legacy");
    let hunks = |t: &TestRepo| -> Vec<serde_json::Value> {
        let out = ferry(&t.path(), &t.home(), &["plan", &fix, "--json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
        report["commits"][0]["files"][0]["hunks"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let before = hunks(&t);
    assert!(
        before.iter().any(|h| h["status"] == "unplaced"
            && h["best"]["explanation"]
                .as_str()
                .is_some_and(|w| w.contains("await_"))),
        "{before:?}"
    );

    t.commit(
        &[("pkg/util.py", Some(with_await.as_bytes()))],
        "util: backport await_",
        1_700_000_300,
    );
    let after = hunks(&t);
    assert!(
        !after.is_empty() && after.iter().all(|h| h["status"] == "placed"),
        "{after:?}"
    );
}

/// What the tests of API the branch lacks share: `base` files on both
/// branches, then upstream's `api` change (a path and its new content) and
/// the `fix`. Planned on the legacy branch, the fix's first hunk waits for a
/// person, its explanation naming `named`; once the legacy branch takes the
/// `api` change too, the hunk is placed.
fn waits_until_the_branch_has(
    base: &[(&str, &str)],
    api: (&str, &str),
    fix: (&str, &str),
    named: &str,
) {
    let t = TestRepo::new();
    let files: Vec<(&str, Option<&[u8]>)> =
        base.iter().map(|(p, c)| (*p, Some(c.as_bytes()))).collect();
    let start = t.commit(&files, "base", 1_700_000_000);
    t.branch("legacy", start);
    let api_change = [(api.0, Some(api.1.as_bytes()))];
    t.commit(&api_change, "upstream's API", 1_700_000_100);
    let fix = t
        .commit(&[(fix.0, Some(fix.1.as_bytes()))], "the fix", 1_700_000_200)
        .to_string();
    t.switch("legacy");
    let hunk = first_hunk(&t, &fix);
    assert_eq!(hunk["status"], "unplaced", "{hunk}");
    let why = hunk["best"]["explanation"].as_str().unwrap_or_default();
    assert!(why.contains(named), "{why}");

    t.commit(&api_change, "backport the API", 1_700_000_300);
    let hunk = first_hunk(&t, &fix);
    assert_eq!(hunk["status"], "placed", "{hunk}");
}

/// Upstream's crate gains a dependency on `pd_client`, then a fix imports
/// from it (`use pd_client::PdClient;`); the legacy crate's `Cargo.toml`
/// lacks it, though a legacy file uses the word (a variable `pd_client`),
/// which is all the whole-tree search asks. The manifest tells: the hunk
/// waits for a person, naming `pd_client`. Once the legacy crate depends on
/// it, the hunk is placed.
#[test]
fn plan_flags_a_crate_the_legacy_crate_does_not_depend_on() {
    let manifest = |deps: &str| {
        format!("[package]\nname = \"tests\"\n\n[dependencies]\nlog = \"0.4\"\n{deps}")
    };
    let test = |uses: &str| {
        format!("{uses}use log::info;\n\n#[test]\nfn test_wake() {{\n    let pd_client = new_client();\n    info!(\"go\");\n    pd_client.wake();\n}}\n")
    };
    waits_until_the_branch_has(
        &[("Cargo.toml", &manifest("")), ("tests/wake.rs", &test(""))],
        ("Cargo.toml", &manifest("pd_client = { path = \"pd\" }\n")),
        ("tests/wake.rs", &test("use pd_client::PdClient;\n")),
        "pd_client",
    );
}

/// Upstream's `build_resources` gains a parameter, then a fix calls it
/// with two arguments; the legacy branch has the name, with one. Its only
/// definition takes one: the hunk waits for a person, naming the call, and
/// is placed once the branch's signature takes two.
#[test]
fn plan_flags_a_call_the_legacy_signature_does_not_take() {
    let config = |params: &str| {
        format!("pub enum Kind {{\n    Raft,\n}}\n\npub struct Config;\n\nimpl Config {{\n    pub fn build_resources(&self, env: u8{params}) -> u8 {{\n        env\n    }}\n}}\n")
    };
    let builder = |call: &str| {
        format!("use crate::config::{{Config, Kind}};\n\npub fn engine(cfg: &Config) -> u8 {{\n    let shared = 0;\n{call}    shared\n}}\n")
    };
    let call =
        "    let resources = cfg.build_resources(shared, Kind::Raft);\n    drop(resources);\n";
    waits_until_the_branch_has(
        &[
            ("src/config.rs", &config("")),
            ("src/builder.rs", &builder("")),
        ],
        ("src/config.rs", &config(", kind: Kind")),
        ("src/builder.rs", &builder(call)),
        "build_resources with 2 arguments",
    );
}

/// Upstream moves to a newer nightly, then a fix calls `Vec::is_sorted()`
/// (stable since Rust 1.82); the legacy branch pins a nightly of 2023: std
/// has no such method there, whatever the trees define. The hunk waits for
/// a person, naming it, and is placed once the branch pins the newer Rust.
#[test]
fn plan_flags_a_std_api_newer_than_the_pinned_toolchain() {
    let toolchain =
        |channel: &str| format!("[toolchain]\nchannel = \"{channel}\"\nprofile = \"minimal\"\n");
    let guard = |check: &str| {
        format!("pub fn split(ranges: &[u32]) -> usize {{\n    let n = ranges.len();\n{check}    n\n}}\n")
    };
    waits_until_the_branch_has(
        &[
            ("rust-toolchain.toml", &toolchain("nightly-2023-12-28")),
            ("src/guard.rs", &guard("")),
        ],
        ("rust-toolchain.toml", &toolchain("nightly-2025-02-28")),
        ("src/guard.rs", &guard("    assert!(ranges.is_sorted());\n")),
        "is_sorted",
    );
}

/// A legacy file with Python 2 habits (`class Cache(object)`,
/// `super(Cache, self)`) suggests a branch that still runs on Python 2, and
/// a fix calling `super()` bare waits for a person; once the branch's
/// `setup.cfg` requires Python 3.8 (upstream's did already), it is placed.
#[test]
fn plan_takes_the_python_the_branch_requires_over_the_files_habits() {
    let cfg = |floor: &str| {
        format!("[metadata]\nname = cache\n\n[options]\npackages = cache\npython_requires = >={floor}\n")
    };
    let cache = |extra: &str| {
        format!("class Base(object):\n    def __init__(self):\n        self.items = {{}}\n\n\nclass Cache(Base):\n    def __init__(self, size):\n        super(Cache, self).__init__()\n        self.size = size\n\n\nclass Store(Base):\n    def __init__(self, path):\n{extra}        self.path = path\n")
    };
    waits_until_the_branch_has(
        &[("setup.cfg", &cfg("2.7")), ("cache/store.py", &cache(""))],
        ("setup.cfg", &cfg("3.8")),
        ("cache/store.py", &cache("        super().__init__()\n")),
        "super()",
    );
    // A file that spells unions `Optional[…]` is read as a Python before
    // 3.10 until the branch requires 3.10.
    let typed = |extra: &str| {
        format!("from typing import Optional\n\n\ndef get(key: str, default: Optional[str] = None) -> Optional[str]:\n    return default\n\n\ndef put(key: str, value: str) -> None:\n    pass\n{extra}")
    };
    waits_until_the_branch_has(
        &[("setup.cfg", &cfg("3.9")), ("cache/api.py", &typed(""))],
        ("setup.cfg", &cfg("3.10")),
        (
            "cache/api.py",
            &typed("\n\ndef drop(key: str | None) -> None:\n    pass\n"),
        ),
        "`A | B` annotations",
    );
}

/// A legacy file whose continuation lines all line up as pycodestyle wants
/// gets upstream's new line, a column off, lined up too; unless the
/// branch's flake8 settings ignore those checks (nova's `tox.ini` ignores
/// E121 to E131), whose maintainers take the line as it is.
#[test]
fn plan_aligns_continuation_lines_only_where_the_branch_lints_them() {
    let module = |extra: &str| {
        let mut s = String::from("import logging\n\n\nLOG = logging.getLogger(__name__)\n");
        for name in ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"] {
            s.push_str(&format!("\n\ndef {name}(api, host):\n    return api.put_service(host,\n                           {{'name': '{name}'}})\n"));
        }
        s.push_str(&format!("\n\ndef disable(api, host):\n    api.put_service(host,\n{extra}                    {{'status': 'disabled'}})\n"));
        s
    };
    for (lint, aligned) in [
        ("ignore = E129,W503", true),
        ("ignore = E121,E126,E127,E128,E129,E131", false),
    ] {
        let t = TestRepo::new();
        let tox = format!("[tox]\nenvlist = py3\n\n[flake8]\n{lint}\n");
        let start = t.commit(
            &[
                ("tox.ini", Some(tox.as_bytes())),
                ("svc.py", Some(module("").as_bytes())),
            ],
            "base",
            1_700_000_000,
        );
        t.branch("legacy", start);
        let fixed = module("").replace(
            "    api.put_service(host,\n",
            "    api.put_service(host,\n                     {'reason': 'maintenance'},\n",
        );
        let fix = t
            .commit(
                &[("svc.py", Some(fixed.as_bytes()))],
                "the fix",
                1_700_000_100,
            )
            .to_string();
        t.switch("legacy");
        let hunk = first_hunk(&t, &fix);
        assert_eq!(hunk["status"], "placed", "{hunk}");
        let kinds: Vec<&str> = (hunk["best"]["adaptations"].as_array())
            .into_iter()
            .flatten()
            .filter_map(|a| a["kind"].as_str())
            .collect();
        assert_eq!(
            kinds.contains(&"aligned-continuation"),
            aligned,
            "{lint}: {hunk}"
        );
    }
}

/// Upstream's config gains `compact_check_step`, then a fix reads it
/// (`cfg.compact_check_step`); the legacy branch's config lacks the field:
/// the hunk waits for a person, naming it, and is placed once the branch's
/// config has it.
#[test]
fn plan_flags_a_field_the_legacy_struct_lacks() {
    let config = |fields: &str| {
        format!("pub struct Config {{\n    pub region_split_size: u64,\n{fields}}}\n")
    };
    let worker = |body: &str| {
        format!("use crate::config::Config;\n\npub fn tick(cfg: &Config) -> u64 {{\n    let size = cfg.region_split_size;\n{body}    size\n}}\n")
    };
    waits_until_the_branch_has(
        &[
            ("src/config.rs", &config("")),
            ("src/worker.rs", &worker("")),
        ],
        (
            "src/config.rs",
            &config("    pub compact_check_step: u64,\n"),
        ),
        (
            "src/worker.rs",
            &worker("    let step = cfg.compact_check_step;\n    log(step);\n"),
        ),
        "compact_check_step",
    );
}

/// Upstream's header gains a flag, `CLIENT_EXECUTING_COMMAND`, then a fix
/// tests it; the legacy branch's header lacks it: a constant the branch
/// does not define does not build any more than a helper it lacks, so the
/// hunk waits for a person, naming it, and is placed once the branch's
/// header has it.
#[test]
fn plan_flags_a_constant_the_legacy_tree_lacks() {
    let header = |flags: &str| format!("#define CLIENT_MULTI (1<<3)\n{flags}");
    let tracking = |body: &str| {
        format!("#include \"server.h\"\n\nint tracking(client *c) {{\n        int r = c->flags & CLIENT_MULTI;\n{body}        return r;\n}}\n")
    };
    waits_until_the_branch_has(
        &[
            ("src/server.h", &header("")),
            ("src/tracking.c", &tracking("")),
        ],
        (
            "src/server.h",
            &header("#define CLIENT_EXECUTING_COMMAND (1<<5)\n"),
        ),
        (
            "src/tracking.c",
            &tracking("        if (c->flags & CLIENT_EXECUTING_COMMAND)\n                r = 0;\n"),
        ),
        "CLIENT_EXECUTING_COMMAND",
    );
}

/// Upstream's tree calls `acl_delete_perm()` (libacl's, defined in no file
/// of the project) before a fix calls it too; the legacy branch never
/// called it. A name upstream only calls is a library's, and the tree
/// cannot tell whether the branch has it: the hunk is placed.
#[test]
fn plan_leaves_library_calls_to_the_branch() {
    let t = TestRepo::new();
    let acl = |body: &str| {
        format!("#include <sys/acl.h>\n\nint acl_drop(acl_t acl) {{\n        int r = 0;\n{body}        return r;\n}}\n")
    };
    let base = t.commit(
        &[("src/acl-util.c", Some(acl("").as_bytes()))],
        "base",
        1_700_000_000,
    );
    t.branch("legacy", base);
    let user = "#include <sys/acl.h>\n\nint mask(acl_permset_t p) {\n        return acl_delete_perm(p, ACL_WRITE);\n}\n";
    t.commit(
        &[("src/acl-mask.c", Some(user.as_bytes()))],
        "acl-mask: drop write permission",
        1_700_000_100,
    );
    let fixed = acl("        r = acl_delete_perm(acl, ACL_EXECUTE);\n");
    let fix = t
        .commit(
            &[("src/acl-util.c", Some(fixed.as_bytes()))],
            "acl-util: drop execute permission",
            1_700_000_200,
        )
        .to_string();
    t.switch("legacy");
    let hunk = first_hunk(&t, &fix);
    assert_eq!(hunk["status"], "placed", "{hunk}");
}
