//! `ferry eval --cases DIR` on a folder of mined cases built here: each case
//! is scored against the maintainer's file, next to a 3-way merge of the
//! same change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

use std::path::Path;
use std::process::Command;

use repo::{TestRepo, EPOCH};

const BEFORE: &str = "\
fn parse(line: &str) -> Option<u32> {
    let v = line.trim();
    if v.is_empty() {
        return None;
    }
    v.parse().ok()
}
";

const AFTER: &str = "\
fn parse(line: &str) -> Option<u32> {
    let v = line.trim();
    if v.is_empty() || v.len() > 10 {
        return None;
    }
    v.parse().ok()
}
";

const PATCH: &str = "\
diff --git a/src/parse.rs b/src/parse.rs
--- a/src/parse.rs
+++ b/src/parse.rs
@@ -1,6 +1,6 @@
 fn parse(line: &str) -> Option<u32> {
     let v = line.trim();
-    if v.is_empty() {
+    if v.is_empty() || v.len() > 10 {
         return None;
     }
     v.parse().ok()
";

/// Writes one case the way the benchmark's `mine.py` lays it out: `hard`
/// when strict `git apply` does not give the maintainer's file, `applies`
/// when it takes the patch at all.
fn case(root: &Path, name: &str, legacy: &str, expected: &str, hard: bool, applies: bool) {
    let dir = root.join("demo").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in [
        ("upstream.patch", PATCH),
        ("upstream_before", BEFORE),
        ("upstream_after", AFTER),
        ("legacy_before", legacy),
        ("expected", expected),
    ] {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let meta = format!(
        r#"{{"name": "demo", "strict_apply_exact": {}, "strict_apply_ok": {applies}}}"#,
        !hard
    );
    std::fs::write(dir.join("meta.json"), meta).unwrap();
}

fn eval(root: &Path, json: bool) -> String {
    eval_with(root, json, &[])
}

fn eval_with(root: &Path, json: bool, args: &[&std::ffi::OsStr]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ferry"));
    cmd.arg("eval").arg("--cases").arg(root).args(args);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn scores_ferry_and_a_three_way_merge_against_the_maintainers_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Legacy drifted above the function: both ferry and the merge are right.
    let shifted = format!("use std::str;\n\n{BEFORE}");
    let shifted_after = format!("use std::str;\n\n{AFTER}");
    case(root, "a-offset", &shifted, &shifted_after, true, false);
    // The edited line differs in legacy: the merge conflicts, ferry leaves
    // it to a person.
    let drifted = BEFORE.replace("v.is_empty()", "v.len() == 0");
    let by_hand = AFTER.replace("v.is_empty()", "v.len() == 0");
    case(
        root,
        "b-edited-line-differs",
        &drifted,
        &by_hand,
        true,
        false,
    );
    // The patch applies, and the maintainer also changed the function: both
    // write a wrong file.
    let rewritten = AFTER.replace("10", "9");
    case(root, "c-rewritten", BEFORE, &rewritten, true, true);

    let report: serde_json::Value = serde_json::from_str(&eval(root, true)).unwrap();
    let outcomes: Vec<(String, String, String)> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["case"].as_str().unwrap().to_string(),
                c["outcome"].as_str().unwrap().to_string(),
                c["merge"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |case: &str, ferry: &str, merge: &str| {
        (case.to_string(), ferry.to_string(), merge.to_string())
    };
    assert_eq!(
        outcomes,
        [
            expect("a-offset", "correct", "correct"),
            expect("b-edited-line-differs", "refused", "refused"),
            expect("c-rewritten", "wrong", "wrong"),
        ]
    );

    let text = eval(root, false);
    assert!(text.contains("3-way merge"), "{text}");
    let row = |prefix: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} row in:\n{text}"));
        line.split_whitespace().map(str::to_string).collect()
    };
    // ALL hard: n=3; ferry 1 / 1 / 1, the merge the same.
    assert_eq!(
        row("ALL              hard"),
        ["ALL", "hard", "3", "33.3", "33.3", "33.3", "33.3", "33.3", "33.3"]
    );
    // Split by whether strict `git apply` takes the patch: the wrong files
    // are all where it does.
    assert_eq!(
        row("ALL              h1"),
        ["ALL", "h1", "2", "50.0", "0.0", "50.0", "50.0", "0.0", "50.0"]
    );
    assert_eq!(
        row("ALL              h2"),
        ["ALL", "h2", "1", "0.0", "100.0", "0.0", "0.0", "100.0", "0.0"]
    );
    assert!(text.contains("h2: hard, it applies"), "{text}");
    let applies: Vec<bool> = (report.as_array().unwrap().iter())
        .map(|c| c["applies"].as_bool().unwrap())
        .collect();
    assert_eq!(applies, [false, false, true]);
    assert_eq!(
        row("ALL              all"),
        ["ALL", "all", "3", "33.3", "33.3", "33.3", "33.3", "33.3", "33.3"]
    );
}

#[test]
fn tells_wrong_files_the_maintainer_only_added_to_from_those_written_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // The maintainer applied the patch and added a function of their own.
    let more = format!("{AFTER}\nfn extra() {{}}\n");
    case(root, "a-more", BEFORE, &more, true, true);
    // The maintainer wrote the edited line otherwise.
    let otherwise = AFTER.replace("10", "9");
    case(root, "b-otherwise", BEFORE, &otherwise, true, true);
    case(root, "c-right", BEFORE, AFTER, false, true);

    let report: serde_json::Value = serde_json::from_str(&eval(root, true)).unwrap();
    let within: Vec<(&str, &serde_json::Value, &serde_json::Value)> = (report.as_array().unwrap())
        .iter()
        .map(|c| {
            (
                c["case"].as_str().unwrap(),
                &c["within"],
                &c["merge_within"],
            )
        })
        .collect();
    let (yes, no, none) = (
        serde_json::Value::Bool(true),
        serde_json::Value::Bool(false),
        serde_json::Value::Null,
    );
    assert_eq!(
        within,
        [
            ("a-more", &yes, &yes),
            ("b-otherwise", &no, &no),
            ("c-right", &none, &none),
        ]
    );
    let text = eval(root, false);
    assert!(
        text.contains(
            "(the maintainer changed more than the patch): ferry 1 of 2, 3-way merge 1 of 2"
        ),
        "{text}"
    );
}

#[test]
fn a_reader_that_stops_early_ends_ferry_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    case(tmp.path(), "a", BEFORE, AFTER, true, false);
    // The reading end is closed before ferry starts, as `| head -0` would
    // have it by the time ferry prints (closing it after the start raced
    // with ferry's first write on a busy machine).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .arg("eval")
        .arg("--cases")
        .arg(tmp.path())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}

const IO_C: &str = "src/io.c";

/// `io.c` before upstream's fix; `check` goes before the copy.
fn io_c(check: &str) -> String {
    format!(
        "#include <string.h>\n\nint read_buf(char *buf, const char *src, int len)\n{{\n    \
         if (len < 0)\n        return -1;\n{check}    memcpy(buf, src, len);\n    return len;\n}}\n"
    )
}

/// A case whose fix calls `buf_size()`, which upstream's tree added after
/// the branch forked: the file alone does not show it is missing on the
/// branch, the trees do. Returns the cases' folder and the mirrors' folder.
fn case_with_a_repository(tmp: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let t = TestRepo::new();
    let base = t.commit(
        &[(IO_C, Some(io_c("").as_bytes()))],
        "io: add buffers",
        EPOCH,
    );
    let helper = "int buf_size(const char *buf)\n{\n    return 64;\n}\n";
    t.commit(
        &[("src/size.c", Some(helper.as_bytes()))],
        "size: add buf_size",
        EPOCH + 10,
    );
    let fixed = io_c("    if (len > buf_size(buf))\n        return -1;\n");
    let upstream = t.commit(
        &[(IO_C, Some(fixed.as_bytes()))],
        "io: check the length",
        EPOCH + 20,
    );
    t.branch("legacy", base);
    t.switch("legacy");
    t.commit(
        &[("NEWS", Some(&b"legacy\n"[..]))],
        "legacy: drift",
        EPOCH + 30,
    );
    // The maintainer wrote the check with the size legacy knows.
    let by_hand = io_c("    if (len > 64)\n        return -1;\n");
    let message = format!("io: check the length\n\n(cherry picked from commit {upstream})\n");
    let backport = t.commit(&[(IO_C, Some(by_hand.as_bytes()))], &message, EPOCH + 40);

    let dir = tmp.join("cases/io/io-check");
    std::fs::create_dir_all(&dir).unwrap();
    let range = format!("{upstream}^..{upstream}");
    let patch = t.git_ok(&["diff", &range, "--", IO_C]);
    std::fs::write(dir.join("upstream.patch"), patch).unwrap();
    for (file, text) in [
        ("upstream_before", io_c("")),
        ("upstream_after", fixed),
        ("legacy_before", io_c("")),
        ("expected", by_hand),
    ] {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let meta = serde_json::json!({
        "name": "io",
        "repo": "demo/io",
        "strict_apply_exact": false,
        "upstream_commit": upstream.to_string(),
        "backport_commit": backport.to_string(),
    });
    std::fs::write(dir.join("meta.json"), meta.to_string()).unwrap();
    // regen.sh keeps repositories as <owner>+<name>/repo.
    let mirrors = tmp.join("mirrors");
    std::fs::create_dir_all(mirrors.join("demo+io")).unwrap();
    let from = t.path();
    std::fs::rename(&from, mirrors.join("demo+io/repo")).unwrap();
    (tmp.join("cases"), mirrors)
}

#[test]
fn with_mirrors_the_trees_tell_an_api_the_branch_lacks() {
    let tmp = tempfile::tempdir().unwrap();
    let (cases, mirrors) = case_with_a_repository(tmp.path());
    let outcome = |args: &[&std::ffi::OsStr]| {
        let report: serde_json::Value =
            serde_json::from_str(&eval_with(&cases, true, args)).unwrap();
        let case = &report[0];
        (
            case["outcome"].as_str().unwrap().to_string(),
            case["detail"].as_str().unwrap().to_string(),
        )
    };
    // The file alone: the check places cleanly, and is not what the
    // maintainer wrote.
    let (alone, _) = outcome(&[]);
    assert_eq!(alone, "wrong");
    let (with_trees, detail) = outcome(&["--mirrors".as_ref(), mirrors.as_os_str()]);
    assert_eq!(with_trees, "refused", "{detail}");
    assert!(detail.contains(":missing=buf_size"), "{detail}");
}

/// `ferry eval --cases CASES --mirrors MIRRORS`: it must fail; its stderr.
fn failing_eval(cases: &Path, mirrors: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["eval", "--cases"])
        .arg(cases)
        .arg("--mirrors")
        .arg(mirrors)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{stderr}");
    stderr
}

#[test]
fn a_missing_mirror_or_commit_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (cases, mirrors) = case_with_a_repository(tmp.path());
    let empty = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&empty).unwrap();
    let stderr = failing_eval(&cases, &empty);
    assert!(stderr.contains("no git directory for demo/io"), "{stderr}");
    assert!(stderr.contains("demo+io/repo"), "{stderr}");
    assert!(stderr.contains("io-check"), "{stderr}");

    // A mirror fetched before the upstream commit.
    let meta_path = cases.join("io/io-check/meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    meta["upstream_commit"] = "0123456789abcdef0123456789abcdef01234567".into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let stderr = failing_eval(&cases, &mirrors);
    assert!(
        stderr.contains(
            "upstream_commit 0123456789abcdef0123456789abcdef01234567 is not in the mirror"
        ),
        "{stderr}"
    );
}

/// `ferry port-file` on the case's files, as the benchmark's scorer calls
/// it, with `extra` arguments first: its exit code, stderr and output.
fn port_file(case: &Path, extra: &[&std::ffi::OsStr]) -> (Option<i32>, String, Option<String>) {
    let out_path = case.join("out");
    let _ = std::fs::remove_file(&out_path);
    let out = Command::new(env!("CARGO_BIN_EXE_ferry"))
        .arg("port-file")
        .args(extra)
        .args(
            [
                "upstream.patch",
                "legacy_before",
                "upstream_before",
                "upstream_after",
            ]
            .map(|f| case.join(f)),
        )
        .arg(IO_C)
        .arg(&out_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code(),
        stderr,
        std::fs::read_to_string(&out_path).ok(),
    )
}

#[test]
fn port_file_with_mirrors_reads_the_case_and_its_trees() {
    let tmp = tempfile::tempdir().unwrap();
    let (cases, mirrors) = case_with_a_repository(tmp.path());
    let case = cases.join("io/io-check");
    // The two files alone: the check is written.
    let (code, stderr, written) = port_file(&case, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(written.unwrap().contains("buf_size(buf)"));
    // With the trees, found through the meta.json beside the legacy file,
    // the call to a helper the branch lacks needs a person.
    let (code, stderr, written) = port_file(&case, &["--mirrors".as_ref(), mirrors.as_os_str()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(written, None);
    // A meta.json elsewhere, named.
    let meta = tmp.path().join("meta-elsewhere.json");
    std::fs::rename(case.join("meta.json"), &meta).unwrap();
    let (code, stderr, _) = port_file(&case, &["--mirrors".as_ref(), mirrors.as_os_str()]);
    assert_ne!(code, Some(0));
    assert!(stderr.contains("meta.json"), "{stderr}");
    let args = [
        "--mirrors".as_ref(),
        mirrors.as_os_str(),
        "--meta".as_ref(),
        meta.as_os_str(),
    ];
    let (code, stderr, _) = port_file(&case, &args);
    assert_eq!(code, Some(1), "{stderr}");
}
