//! `ferry review` on real pairs: an upstream fix of two hunks and backports
//! of it made by hand in throwaway repositories (clean, moved by lines legacy
//! added above, with legacy's own names, with a hunk left out, with a change
//! upstream never had), each run through the binary and classified in its
//! JSON; plus how the upstream commit is found and the exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

#[path = "support/backport.rs"]
mod backport;

use std::process::Output;

use backport::{before, fixed, scenario, trailer, Scenario, PATH};
use git2::Oid;
use serde_json::Value;

impl Scenario {
    fn ferry(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_ferry"))
            .arg("review")
            .args(args)
            .current_dir(self.t.path())
            .env("HOME", self.t.home())
            .env("XDG_CONFIG_HOME", self.t.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("GIT_DIR")
            .output()
            .unwrap()
    }

    /// `ferry review REV --json ...`, checked to exit 0.
    fn json(&self, rev: Oid, extra: &[&str]) -> Value {
        let rev = rev.to_string();
        let mut args = vec![rev.as_str(), "--json"];
        args.extend_from_slice(extra);
        let out = self.ferry(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// (class, file, hunk) of every pair.
fn classes(v: &Value) -> Vec<(String, String, Option<u64>)> {
    v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["class"].as_str().unwrap().to_string(),
                p["file"].as_str().unwrap().to_string(),
                p["hunk"].as_u64(),
            )
        })
        .collect()
}

fn pair(class: &str, hunk: Option<u64>) -> (String, String, Option<u64>) {
    (class.to_string(), PATH.to_string(), hunk)
}

#[test]
fn a_clean_backport_is_identical() {
    let s = scenario(&before("", "buf"));
    let b = s.backport(&[(PATH, &fixed("", "buf", true, true))], trailer());
    let v = s.json(b, &[]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["command"], "review");
    assert_eq!(v["found_by"], "cherry-picked");
    assert_eq!(v["upstream"]["id"], s.upstream.to_string());
    assert_eq!(v["backport"]["id"], b.to_string());
    assert_eq!(
        classes(&v),
        vec![pair("identical", Some(0)), pair("identical", Some(1))]
    );
    let first = &v["pairs"][0];
    assert_eq!(first["offset"], 0);
    assert_eq!(first["verdict"], Value::Null);
    // Both sides carry their lines for the side-by-side view.
    let added = |side: &Value| -> Vec<String> {
        side["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["role"] == "added")
            .map(|l| l["text"].as_str().unwrap().to_string())
            .collect()
    };
    let want = vec!["    if (len > buf_size(buf))", "        return -1;"];
    assert_eq!(added(&first["upstream"]), want);
    assert_eq!(added(&first["backport"]), want);
    assert_eq!(first["backport"]["lines"][0]["role"], "context");
    assert_eq!(v["summary"]["identical"], 2);
    assert_eq!(v["summary"]["pairs"], 2);
}

#[test]
fn lines_legacy_added_above_make_the_hunks_relocated() {
    let top = "/*\n * Legacy licence header.\n * Three more lines.\n */\n\n";
    let s = scenario(&before(top, "buf"));
    let b = s.backport(&[(PATH, &fixed(top, "buf", true, true))], trailer());
    let v = s.json(b, &[]);
    assert_eq!(
        classes(&v),
        vec![pair("relocated", Some(0)), pair("relocated", Some(1))]
    );
    assert_eq!(v["pairs"][0]["offset"], 5);
    assert!(
        v["pairs"][0]["note"]
            .as_str()
            .unwrap()
            .contains("moved +5 lines"),
        "{}",
        v["pairs"][0]["note"]
    );
}

#[test]
fn legacy_names_make_an_adapted_pair_with_the_rename_recognised() {
    let s = scenario(&before("", "buffer"));
    let b = s.backport(&[(PATH, &fixed("", "buffer", true, true))], trailer());
    let v = s.json(b, &[]);
    assert_eq!(
        classes(&v),
        vec![pair("adapted", Some(0)), pair("adapted", Some(1))]
    );
    for p in v["pairs"].as_array().unwrap() {
        assert_eq!(
            p["renames"],
            serde_json::json!([{"from": "buf", "to": "buffer"}]),
            "{p}"
        );
        let tags: Vec<&str> = p["words"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|w| w["segments"].as_array().unwrap())
            .map(|s| s["tag"].as_str().unwrap())
            .collect();
        assert!(tags.contains(&"renamed"), "{p}");
        assert!(!tags.contains(&"differs"), "{p}");
    }
    let seg = v["pairs"][0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["segments"].as_array().unwrap())
        .find(|s| s["tag"] == "renamed")
        .unwrap()
        .clone();
    assert_eq!(seg["upstream"], "buf");
    assert_eq!(seg["backport"], "buffer");
}

#[test]
fn a_real_difference_is_tagged_apart_from_renames_and_indentation() {
    let legacy = before("", "buffer").replace("    ", "\t");
    let s = scenario(&legacy);
    // Re-indented, renamed, and the bound changed: `>=` instead of `>`.
    let backport = fixed("", "buffer", true, true)
        .replace("    ", "\t")
        .replace("len > buf_size", "len >= buf_size");
    let b = s.backport(&[(PATH, &backport)], trailer());
    let v = s.json(b, &[]);
    assert_eq!(classes(&v)[0].0, "adapted");
    let segs: Vec<(String, String, String)> = v["pairs"][0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["role"] == "added")
        .flat_map(|w| w["segments"].as_array().unwrap())
        .map(|s| {
            (
                s["tag"].as_str().unwrap().to_string(),
                s["upstream"].as_str().unwrap().to_string(),
                s["backport"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has =
        |tag: &str, u: &str, b: &str| segs.iter().any(|(t, x, y)| t == tag && x == u && y == b);
    assert!(has("reindented", "    ", "\t"), "{segs:?}");
    assert!(has("renamed", "buf", "buffer"), "{segs:?}");
    // Tokens are words, whitespace runs and single punctuation bytes.
    assert!(has("differs", "", "="), "{segs:?}");
    let note = v["pairs"][0]["note"].as_str().unwrap();
    assert!(note.contains("1 line differs"), "{note}");
}

#[test]
fn a_hunk_left_out_is_missing_and_strict_fails() {
    let s = scenario(&before("", "buf"));
    let b = s.backport(&[(PATH, &fixed("", "buf", true, false))], trailer());
    let v = s.json(b, &[]);
    assert_eq!(
        classes(&v),
        vec![pair("identical", Some(0)), pair("missing", Some(1))]
    );
    let missing = &v["pairs"][1];
    assert_eq!(missing["backport"], Value::Null);
    assert_eq!(missing["planned"]["legacy_line"], 24);
    assert_eq!(v["summary"]["missing"], 1);

    let rev = b.to_string();
    let out = s.ferry(&[&rev, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("missing"), "{text}");
    assert!(text.contains("not in the backport"), "{text}");
}

#[test]
fn a_change_upstream_never_had_is_extra() {
    let s = scenario(&before("", "buf"));
    let backport = fixed("", "buf", true, true).replace(
        "    return 2;\n",
        "    /* legacy keeps two */\n    return 2;\n",
    );
    let b = s.backport(
        &[(PATH, &backport), ("CHANGES", "note the fix\n")],
        trailer(),
    );
    let v = s.json(b, &[]);
    assert_eq!(
        classes(&v),
        vec![
            pair("identical", Some(0)),
            pair("identical", Some(1)),
            pair("extra", None),
            ("extra".to_string(), "CHANGES".to_string(), None),
        ]
    );
    let extra = &v["pairs"][2];
    assert_eq!(extra["upstream"], Value::Null);
    let added: Vec<&str> = extra["backport"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["role"] == "added")
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert_eq!(added, vec!["    /* legacy keeps two */"]);
    let rev = b.to_string();
    assert_eq!(s.ferry(&[&rev, "--strict"]).status.code(), Some(1));
    assert_eq!(s.ferry(&[&rev]).status.code(), Some(0));
}

#[test]
fn strict_passes_a_complete_backport() {
    let s = scenario(&before("", "buffer"));
    let b = s.backport(&[(PATH, &fixed("", "buffer", true, true))], trailer());
    let rev = b.to_string();
    let out = s.ferry(&[&rev, "--strict"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[~buf=>buffer~]"), "{text}");
    assert!(
        text.contains("2 pairs: 0 identical, 0 relocated, 2 adapted"),
        "{text}"
    );
}

#[test]
fn every_trailer_form_names_the_upstream_commit() {
    for (message, found_by) in [
        ("fix\n\n(cherry picked from commit {U})\n", "cherry-picked"),
        ("fix\n\nBackport of {U} from main.\n", "backport-of"),
        ("fix\n\nUpstream commit {U}\n", "upstream-commit"),
        ("fix\n\n[ Upstream commit {U} ]\n", "upstream-commit"),
    ] {
        let s = scenario(&before("", "buf"));
        let b = s.backport(&[(PATH, &fixed("", "buf", true, true))], message);
        let v = s.json(b, &[]);
        assert_eq!(v["found_by"], found_by, "{message}");
        assert_eq!(v["upstream"]["id"], s.upstream.to_string());
    }
}

#[test]
fn upstream_can_be_named_and_is_needed_without_a_trailer() {
    let s = scenario(&before("", "buf"));
    let b = s.backport(&[(PATH, &fixed("", "buf", true, true))], "fix the length\n");
    let rev = b.to_string();
    let out = s.ferry(&[&rev]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("names no upstream commit"), "{err}");
    assert!(err.contains("--upstream"), "{err}");

    let v = s.json(b, &["--upstream", "main"]);
    assert_eq!(v["found_by"], "option");
    assert_eq!(
        classes(&v),
        vec![pair("identical", Some(0)), pair("identical", Some(1))]
    );

    let out = s.ferry(&[&rev, "--upstream", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_trailer_naming_an_unknown_commit_is_a_usage_error() {
    let s = scenario(&before("", "buf"));
    let b = s.backport(
        &[(PATH, &fixed("", "buf", true, true))],
        "fix\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n",
    );
    let out = s.ferry(&[&b.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not in this repository"), "{err}");
}

#[test]
fn upstream_names_copied_into_legacy_are_flagged() {
    // Legacy calls the buffer `buffer`; the backport pastes upstream's lines
    // with `buf`, which legacy does not have.
    let s = scenario(&before("", "buffer"));
    let backport = before("", "buffer")
        .replace(
            "        return -1;\n    memcpy",
            "        return -1;\n    if (len > buf_size(buf))\n        return -1;\n    memcpy",
        )
        .replace("n = write(fd, buffer, len)", "n = write_all(fd, buf, len)");
    let b = s.backport(&[(PATH, &backport)], trailer());
    let v = s.json(b, &[]);
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    // The first hunk's lines are upstream's byte for byte, yet wrong here.
    assert_eq!(pairs[0]["class"], "identical");
    assert_eq!(pairs[1]["class"], "adapted");
    for p in pairs {
        assert_eq!(
            p["unapplied_renames"],
            serde_json::json!([{"from": "buf", "to": "buffer"}]),
            "{p}"
        );
        assert_eq!(p["renames"], serde_json::json!([]), "{p}");
        let note = p["note"].as_str().unwrap();
        assert!(
            note.contains("still use buf (legacy calls it buffer)"),
            "{note}"
        );
    }
}

#[test]
fn library_review_carries_the_verdict_the_view_sets() {
    use ferry::review::{review, Class, Mark, ReviewOptions, Verdict};
    let s = scenario(&before("", "buf"));
    let b = s.backport(&[(PATH, &fixed("", "buf", false, true))], trailer());
    let repo = s.t.ferry();
    let mut r = review(&repo, b, None, &ReviewOptions::default()).unwrap();
    let got: Vec<Class> = r.pairs.iter().map(|p| p.class).collect();
    assert_eq!(got, vec![Class::Missing, Class::Identical]);
    assert!(r.summary.incomplete());
    assert!(r.set_verdict(
        0,
        Some(Verdict {
            mark: Mark::Questionable,
            note: "the bounds check matters here too".into(),
        })
    ));
    assert!(!r.set_verdict(9, None));
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(
        v["pairs"][0]["verdict"],
        serde_json::json!({"mark": "questionable", "note": "the bounds check matters here too"})
    );
    let text = ferry::review::to_text(&r);
    assert!(
        text.contains("missing         src/io.c hunk 1 legacy -: not in the backport"),
        "{text}"
    );
}
