//! Branch history on a throwaway repository: an upstream `main` and a
//! `legacy` branch cut from it. Legacy carries one upstream fix by a
//! cherry-pick trailer, one adapted by hand (trailer kept, patch id lost)
//! and one copied without a trailer (same patch id). Upstream meanwhile
//! reworked `parse_header` (a real change, then a whitespace-only one)
//! before fixing it, fixed a carried fix, named a CVE, and reverted a
//! carried commit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/libfile.rs"]
mod libfile;
#[path = "support/repo.rs"]
mod repo;

use std::process::Command;

use ferry::git::Oid;
use ferry::history::{
    ledger, missing, prerequisites, CarriedBy, CarriedIndex, FixReason, LedgerOptions,
    MissingOptions, PrereqKind, Sides, Target, VerdictKind,
};
use libfile::{lib_c, HEADER_0, HEADER_1, HEADER_2, HEADER_3};
use repo::{TestRepo, EPOCH};

fn util_c(copy: &str, extra: &str) -> Vec<u8> {
    format!(
        "#include <string.h>\n\
         \n\
         void copy_name(char *dst, const char *src)\n\
         {{\n\
         \t{copy}\n\
         }}\n\
         \n\
         int name_len(const char *s)\n\
         {{\n\
         \treturn strlen(s);\n\
         }}\n\
         {extra}"
    )
    .into_bytes()
}

struct Scenario {
    repo: TestRepo,
    fork: Oid,
    u_refactor: Oid,
    u_space: Oid,
    u_limit: Oid,
    u_flush: Oid,
    u_util: Oid,
    u_header_fix: Oid,
    u_fixes_limit: Oid,
    u_cve: Oid,
    u_feature: Oid,
    u_revert: Oid,
    l_limit: Oid,
    l_flush: Oid,
    l_util: Oid,
}

fn scenario() -> Scenario {
    let repo = TestRepo::new();
    let t = |m: i64| EPOCH + m * 60;
    let lib = |top, header, limit, flush| lib_c(top, header, limit, Some(flush));
    let f0 = "\tif (!b)\n\t\treturn;\n";
    let f1 = "\tif (!b || b->len == 0)\n\t\treturn;\n";
    let copy0 = "strcpy(dst, src);";
    let copy1 = "strncpy(dst, src, 64);";
    let fork = repo.commit(
        &[
            ("lib.c", Some(&lib("", HEADER_0, "100", f0)[..])),
            ("util.c", Some(&util_c(copy0, "")[..])),
        ],
        "base",
        t(0),
    );
    repo.branch("legacy", fork);
    let c = |files: &[(&str, Option<&[u8]>)], msg: &str, m: i64| repo.commit(files, msg, t(m));
    let u_refactor = c(
        &[("lib.c", Some(&lib("", HEADER_1, "100", f0)))],
        "parse_header: use strtol",
        1,
    );
    let u_space = c(
        &[("lib.c", Some(&lib("", HEADER_2, "100", f0)))],
        "parse_header: style",
        2,
    );
    let u_limit = c(
        &[("lib.c", Some(&lib("", HEADER_2, "1000", f0)))],
        "check_limit: raise the limit",
        3,
    );
    let u_flush = c(
        &[("lib.c", Some(&lib("", HEADER_2, "1000", f1)))],
        "flush: skip empty buffers\n\nFixes CVE-2023-1111.\n",
        4,
    );
    let u_util = c(
        &[("util.c", Some(&util_c(copy1, "")))],
        "copy_name: bound the copy",
        5,
    );
    let u_header_fix = c(
        &[("lib.c", Some(&lib("", HEADER_3, "1000", f1)))],
        "parse_header: reject empty numbers",
        6,
    );
    let u_fixes_limit = c(
        &[("lib.c", Some(&lib("", HEADER_3, "999", f1)))],
        &format!(
            "check_limit: off by one\n\nFixes: {} (\"check_limit: raise the limit\")\n",
            &u_limit.to_string()[..12]
        ),
        7,
    );
    let extra = "\nint name_ok(const char *s)\n{\n\treturn s && *s;\n}\n";
    let u_cve = c(
        &[("util.c", Some(&util_c(copy1, extra)))],
        "util: add name_ok (CVE-2024-0001) (#42)",
        8,
    );
    let extra2 = "\nint name_ok(const char *s)\n{\n\treturn s && *s && *s != ' ';\n}\n";
    let u_feature = c(
        &[("util.c", Some(&util_c(copy1, extra2)))],
        "util: name_ok refuses blanks (#42)",
        9,
    );
    let u_revert = c(
        &[("util.c", Some(&util_c(copy0, extra2)))],
        &format!("Revert \"copy_name: bound the copy\"\n\nThis reverts commit {u_util}.\n"),
        10,
    );

    repo.switch("legacy");
    let top = "/* legacy */\n";
    c(
        &[("lib.c", Some(&lib(top, HEADER_0, "100", f0)))],
        "legacy: mark the file",
        11,
    );
    let l_limit = c(
        &[("lib.c", Some(&lib(top, HEADER_0, "1000", f0)))],
        &format!("check_limit: raise the limit\n\n(cherry picked from commit {u_limit})\n"),
        12,
    );
    // Adapted by hand: another condition, so another patch id.
    let f1_legacy = "\tif (!b || !b->len)\n\t\treturn;\n";
    let l_flush = c(
        &[("lib.c", Some(&lib(top, HEADER_0, "1000", f1_legacy)))],
        &format!(
            "flush: skip empty buffers\n\n[ ada: kept legacy's style of test ]\n(cherry picked from commit {u_flush})\n"
        ),
        13,
    );
    let l_util = c(
        &[("util.c", Some(&util_c(copy1, "")))],
        "copy_name: bound the copy",
        14,
    );
    Scenario {
        repo,
        fork,
        u_refactor,
        u_space,
        u_limit,
        u_flush,
        u_util,
        u_header_fix,
        u_fixes_limit,
        u_cve,
        u_feature,
        u_revert,
        l_limit,
        l_flush,
        l_util,
    }
}

fn tips(s: &Scenario) -> (ferry::git::Repo, Oid, Oid) {
    let repo = s.repo.ferry();
    let head = repo.head_oid().unwrap();
    let main = repo.commit_id("main").unwrap();
    (repo, head, main)
}

fn no_progress() -> impl FnMut(&str, usize, usize) {
    |_, _, _| {}
}

#[test]
fn carried_by_trailer_and_by_patch_id_even_when_adapted() {
    let s = scenario();
    let (repo, head, main) = tips(&s);
    let sides = Sides::read(&repo, head, main).unwrap();
    assert_eq!(sides.fork, s.fork);
    assert_eq!(sides.upstream.len(), 10);
    assert_eq!(sides.legacy.len(), 4);
    let index = CarriedIndex::build(&repo, &sides, &mut no_progress()).unwrap();
    let carried = |u: Oid| {
        index
            .carries(u)
            .iter()
            .map(|c| (c.legacy, c.by))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        carried(s.u_limit),
        vec![(s.l_limit, CarriedBy::CherryPicked)]
    );
    // The adapted port has another patch id; the trailer still counts.
    assert_eq!(
        carried(s.u_flush),
        vec![(s.l_flush, CarriedBy::CherryPicked)]
    );
    assert_ne!(
        repo.patch_id(s.u_flush).unwrap(),
        repo.patch_id(s.l_flush).unwrap()
    );
    // No trailer: the same patch id.
    assert_eq!(carried(s.u_util), vec![(s.l_util, CarriedBy::PatchId)]);
    assert_eq!(index.len(), 3);
    for u in [s.u_refactor, s.u_space, s.u_header_fix, s.u_cve, s.u_revert] {
        assert!(!index.is_carried(u), "{u} is not carried");
    }
}

#[test]
fn patch_ids_match_git() {
    let s = scenario();
    let repo = s.repo.ferry();
    for oid in [s.u_util, s.l_util, s.u_flush] {
        let show = s.repo.git_ok(&["show", &oid.to_string()]);
        let out = repo::git_command(&s.repo.path(), &s.repo.home())
            .args(["patch-id", "--stable"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(&show)?;
                child.wait_with_output()
            })
            .unwrap();
        let line = String::from_utf8(out.stdout).unwrap();
        let git_id = line.split_whitespace().next().unwrap().to_string();
        assert_eq!(repo.patch_id(oid).unwrap().unwrap().to_string(), git_id);
    }
}

#[test]
fn missing_lists_what_legacy_lacks_in_order() {
    let s = scenario();
    let (repo, head, main) = tips(&s);
    let report = missing(
        &repo,
        head,
        main,
        &MissingOptions::default(),
        &mut no_progress(),
    )
    .unwrap();
    let ids: Vec<Oid> = report.commits.iter().map(|c| c.oid).collect();
    assert_eq!(
        ids,
        vec![
            s.u_refactor,
            s.u_space,
            s.u_header_fix,
            s.u_fixes_limit,
            s.u_cve,
            s.u_feature,
            s.u_revert
        ]
    );
    assert_eq!(
        (
            report.upstream_commits,
            report.carried_by_trailer,
            report.carried_by_patch_id
        ),
        (10, 2, 1)
    );
    assert_eq!((report.missing, report.matching), (7, 7));
    assert!(report.commits.iter().all(|c| c.verdict.is_none()));

    let limited = MissingOptions {
        limit: Some(2),
        grep: Some("PARSE_HEADER".into()),
        ..MissingOptions::default()
    };
    let report = missing(&repo, head, main, &limited, &mut no_progress()).unwrap();
    let ids: Vec<Oid> = report.commits.iter().map(|c| c.oid).collect();
    assert_eq!(report.matching, 3);
    assert_eq!(
        ids,
        vec![s.u_space, s.u_header_fix],
        "the newest two, oldest first"
    );

    let paths = MissingOptions {
        paths: vec![b"util.c".to_vec()],
        since: Some(s.u_cve),
        ..MissingOptions::default()
    };
    let report = missing(&repo, head, main, &paths, &mut no_progress()).unwrap();
    let ids: Vec<Oid> = report.commits.iter().map(|c| c.oid).collect();
    assert_eq!(ids, vec![s.u_feature, s.u_revert]);
}

#[test]
fn fixes_filter_keeps_fixes_of_carried_commits_cves_and_reverts() {
    let s = scenario();
    let (repo, head, main) = tips(&s);
    let opts = MissingOptions {
        fixes: true,
        ..MissingOptions::default()
    };
    let report = missing(&repo, head, main, &opts, &mut no_progress()).unwrap();
    let got: Vec<(Oid, Vec<FixReason>)> = report
        .commits
        .iter()
        .map(|c| (c.oid, c.fixes.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                s.u_fixes_limit,
                vec![FixReason::Fixes {
                    id: s.u_limit.to_string(),
                    on: "carried"
                }]
            ),
            (
                s.u_cve,
                vec![FixReason::Cve {
                    id: "CVE-2024-0001".into()
                }]
            ),
            (
                s.u_revert,
                vec![FixReason::Reverts {
                    id: s.u_util.to_string(),
                    on: "carried"
                }]
            ),
        ]
    );
}

#[test]
fn prerequisites_of_a_function_reworked_upstream() {
    let s = scenario();
    let repo = s.repo.ferry();
    let symbol = Target::Symbol(vec!["function parse_header".into()]);
    let found = prerequisites(&repo, s.fork, s.u_header_fix, b"lib.c", &symbol).unwrap();
    let got: Vec<(Oid, PrereqKind, &str)> = found
        .iter()
        .map(|p| (p.oid, p.kind, p.why.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (s.u_refactor, PrereqKind::Likely, "changes its code"),
            (s.u_space, PrereqKind::Incidental, "whitespace only"),
        ]
    );
    // Following lines instead of the symbol finds the same commits:
    // parse_header is lines 4-11 at the fix's parent.
    let lines = Target::Lines(3..11);
    let found = prerequisites(&repo, s.fork, s.u_header_fix, b"lib.c", &lines).unwrap();
    let got: Vec<(Oid, PrereqKind)> = found.iter().map(|p| (p.oid, p.kind)).collect();
    assert_eq!(
        got,
        vec![
            (s.u_refactor, PrereqKind::Likely),
            (s.u_space, PrereqKind::Incidental)
        ]
    );
}

#[test]
fn verdicts_series_and_prerequisites_for_listed_commits() {
    let s = scenario();
    let (repo, head, main) = tips(&s);
    let opts = MissingOptions {
        verdicts: true,
        prerequisites: true,
        ..MissingOptions::default()
    };
    let report = missing(&repo, head, main, &opts, &mut no_progress()).unwrap();
    let get = |oid: Oid| report.commits.iter().find(|c| c.oid == oid).unwrap();
    let verdict = |oid: Oid| get(oid).verdict.as_ref().unwrap().verdict;

    // The check_limit fix lands at its line, shifted by legacy's comment.
    assert_eq!(verdict(s.u_fixes_limit), VerdictKind::Clean);
    assert!(get(s.u_fixes_limit).prerequisites.is_empty());
    // name_ok does not exist on legacy.
    assert_eq!(verdict(s.u_feature), VerdictKind::Absent);
    // The parse_header fix meets legacy's atoi: not clean, and the
    // commits that reworked parse_header upstream are named.
    let fix = get(s.u_header_fix);
    assert!(
        matches!(
            verdict(s.u_header_fix),
            VerdictKind::Adapt | VerdictKind::NeedsPerson
        ),
        "{:?}",
        fix.verdict
    );
    let prereqs = &fix.prerequisites;
    assert_eq!(prereqs.len(), 1, "{prereqs:?}");
    assert_eq!(prereqs[0].target, "function parse_header");
    let ids: Vec<(Oid, PrereqKind, bool)> = prereqs[0]
        .commits
        .iter()
        .map(|p| (p.oid, p.kind, p.carried))
        .collect();
    assert_eq!(
        ids,
        vec![
            (s.u_refactor, PrereqKind::Likely, false),
            (s.u_space, PrereqKind::Incidental, false)
        ]
    );
    // Same pull request, both missing.
    let flag = get(s.u_cve).series.as_ref().unwrap();
    assert_eq!(flag.pull_request.as_deref(), Some("42"));
    assert_eq!(flag.with, vec![s.u_feature.to_string()]);
    // parse_header's rework and its style fix are neighbours on the same
    // function.
    let flag = get(s.u_refactor).series.as_ref().unwrap();
    assert_eq!(flag.with, vec![s.u_space.to_string()]);
    assert!(get(s.u_revert).series.is_none());
}

#[test]
fn ledger_lists_ports_adaptations_notes_and_cves() {
    let s = scenario();
    let (repo, head, main) = tips(&s);
    let l = ledger(
        &repo,
        head,
        main,
        &LedgerOptions {
            missing_fixes: true,
        },
        &mut no_progress(),
    )
    .unwrap();
    let rows: Vec<(String, String, CarriedBy, &str)> = l
        .entries
        .iter()
        .map(|e| {
            (
                e.legacy.clone(),
                e.upstream.clone(),
                e.found_by,
                e.adaptation,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                s.l_limit.to_string(),
                s.u_limit.to_string(),
                CarriedBy::CherryPicked,
                "as-is"
            ),
            (
                s.l_flush.to_string(),
                s.u_flush.to_string(),
                CarriedBy::CherryPicked,
                "adapted"
            ),
            (
                s.l_util.to_string(),
                s.u_util.to_string(),
                CarriedBy::PatchId,
                "as-is"
            ),
        ]
    );
    assert_eq!(
        l.entries[1].notes,
        vec!["[ ada: kept legacy's style of test ]"]
    );
    assert_eq!(l.entries[1].cves, vec!["CVE-2023-1111"]);
    assert_eq!(l.cves, vec!["CVE-2023-1111"]);
    let missing: Vec<Oid> = l.missing_fixes.unwrap().iter().map(|c| c.oid).collect();
    assert_eq!(missing, vec![s.u_fixes_limit, s.u_cve, s.u_revert]);
}

fn ferry(s: &Scenario, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .current_dir(s.repo.path())
        .env("HOME", s.repo.home())
        .env("XDG_CONFIG_HOME", s.repo.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

#[test]
fn the_commands_print_text_and_json() {
    let s = scenario();
    let out = ferry(&s, &["missing", "main", "--fixes", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["missing"], 7);
    assert_eq!(json["matching"], 3);
    let first = &json["commits"][0];
    assert_eq!(first["id"], s.u_fixes_limit.to_string());
    assert_eq!(first["verdict"]["verdict"], "clean");
    assert_eq!(first["fixes"][0]["kind"], "fixes");
    assert_eq!(first["fixes"][0]["on"], "carried");

    let out = ferry(&s, &["missing", "main"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("HEAD carries 3 (2 by trailer, 1 by patch id); 7 missing, 7 match, 7 listed"),
        "{text}"
    );
    assert!(text.contains("likely"), "{text}");
    assert!(
        text.contains("parse_header: use strtol (changes its code)"),
        "{text}"
    );

    // The upstream branch from configuration.
    s.repo.git_ok(&["config", "ferry.upstream", "main"]);
    let out = ferry(&s, &["ledger", "--missing"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("3 upstream commits carried; CVE ids named: CVE-2023-1111"),
        "{text}"
    );
    assert!(
        text.contains("cherry-picked   adapted   flush: skip empty buffers"),
        "{text}"
    );
    assert!(text.contains("upstream fixes not carried: 3"), "{text}");
    let out = ferry(&s, &["ledger", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["entries"][2]["found_by"], "patch-id");
    assert_eq!(json["missing_fixes"], serde_json::Value::Null);
}
