//! Placement fixtures: every folder under `tests/fixtures/place/<lang>/`
//! `working/<case>/` or `failing/<case>/` is one port of one file.
//!
//! A case holds `upstream.patch` (one file's diff), `legacy` (the file before
//! the port), optionally `upstream_before` (the whole upstream file, which
//! enables the line map), and `expected` (what a maintainer would commit; the
//! word `refuse` alone when ferry must not write anything). An optional
//! `proposal` is what ferry must offer a person when every placement is
//! taken (confidence 0), for cases `--auto` refuses. `failing/` cases
//! are known gaps: they also hold `current`, what ferry does today (`refuse`
//! or the file it writes), and optionally `proposal`, what it offers a
//! person; the test fails loudly when either changes, so a closed gap gets
//! moved to `working/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use ferry::port::{port_bytes, PortOptions};

/// ferry's output on a case: the written file, or `None` for a refusal.
fn port(dir: &Path) -> Option<Vec<u8>> {
    port_at(dir, PortOptions::default())
}

fn port_at(dir: &Path, opts: PortOptions) -> Option<Vec<u8>> {
    let patch = ferry::patch::parse(&std::fs::read(dir.join("upstream.patch")).unwrap()).unwrap();
    let file = &patch.commits[0].files[0];
    let legacy = std::fs::read(dir.join("legacy")).unwrap();
    let before = std::fs::read(dir.join("upstream_before")).ok();
    port_bytes(file, &legacy, before.as_deref(), &opts)
        .unwrap()
        .1
}

fn expectation(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).unwrap();
    (bytes.trim_ascii() != b"refuse").then_some(bytes)
}

fn cases(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/place");
    let mut out = Vec::new();
    for lang in std::fs::read_dir(&root).unwrap() {
        let dir = lang.unwrap().path().join(kind);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            out.extend(entries.map(|e| e.unwrap().path()));
        }
    }
    out.sort();
    out
}

fn show(b: &Option<Vec<u8>>) -> String {
    match b {
        None => "<refused>".into(),
        Some(b) => String::from_utf8_lossy(b).into_owned(),
    }
}

#[test]
fn working_cases_port_as_expected() {
    let cases = cases("working");
    assert!(cases.len() >= 10, "fixtures missing: {}", cases.len());
    let mut failures = Vec::new();
    for dir in &cases {
        let got = port(dir);
        let want = expectation(&dir.join("expected"));
        if got != want {
            failures.push(format!(
                "{}\n--- expected\n{}\n--- got\n{}",
                dir.display(),
                show(&want),
                show(&got)
            ));
        }
        let Ok(proposal) = std::fs::read(dir.join("proposal")) else {
            continue;
        };
        let all = PortOptions {
            min_confidence: 0.0,
            ..PortOptions::default()
        };
        let offered = port_at(dir, all);
        if offered.as_deref() != Some(proposal.as_slice()) {
            failures.push(format!(
                "{}\n--- proposal\n{}\n--- offered\n{}",
                dir.display(),
                String::from_utf8_lossy(&proposal),
                show(&offered)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn failing_cases_still_fail_the_same_way() {
    let mut changed = Vec::new();
    for dir in cases("failing") {
        let got = port(&dir);
        let ideal = expectation(&dir.join("expected"));
        let current = expectation(&dir.join("current"));
        if got == ideal {
            changed.push(format!(
                "{}: gap closed, move it to working/",
                dir.display()
            ));
        } else if got != current {
            changed.push(format!(
                "{}: output changed; update `current` if this is progress\n--- got\n{}",
                dir.display(),
                show(&got)
            ));
        }
        // What a person is offered, when the gap is in that too.
        let Ok(proposal) = std::fs::read(dir.join("proposal")) else {
            continue;
        };
        let all = PortOptions {
            min_confidence: 0.0,
            ..PortOptions::default()
        };
        let offered = port_at(&dir, all);
        if offered.as_deref() != Some(proposal.as_slice()) {
            changed.push(format!(
                "{}: proposal changed; update `proposal` if this is progress\n--- offered\n{}",
                dir.display(),
                show(&offered)
            ));
        }
    }
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}

/// The plan of a case with its upstream file, at the default threshold.
fn plan_with_upstream(dir: &Path) -> ferry::port::FilePlan {
    let patch = ferry::patch::parse(&std::fs::read(dir.join("upstream.patch")).unwrap()).unwrap();
    let legacy = std::fs::read(dir.join("legacy")).unwrap();
    let before = std::fs::read(dir.join("upstream_before")).unwrap();
    port_bytes(
        &patch.commits[0].files[0],
        &legacy,
        Some(&before),
        &PortOptions::default(),
    )
    .unwrap()
    .0
}

/// Lines put after legacy's own items, or after legacy's own last lines,
/// say so in the plan, with how many lines they follow.
#[test]
fn appending_after_legacy_lines_is_reported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/place/rust/working");
    for (case, after) in [
        ("field-appended-to-a-longer-legacy-list", 2),
        ("appended-at-end-where-legacy-file-goes-on", 5),
    ] {
        let plan = plan_with_upstream(&root.join(case));
        let best = plan.hunks[0].best().expect("a candidate");
        assert!(
            best.adaptations
                .contains(&ferry::place::Adaptation::AppendedAfterLegacy { count: after }),
            "{case}: {:?}",
            best.adaptations
        );
    }
}

/// What ferry's first two candidates write for the fixture `case`, where
/// the order of the added lines is a guess, and the second's adaptations.
/// The second is never surer than the first, and the first is `proposal`.
fn both_orders(case: &str) -> (PathBuf, Vec<u8>, Vec<ferry::place::Adaptation>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/place")
        .join(case);
    let plan = plan_with_upstream(&dir);
    let legacy = std::fs::read(dir.join("legacy")).unwrap();
    let candidates = &plan.hunks[0].candidates;
    let (first, second) = (&candidates[0], &candidates[1]);
    assert!(second.confidence <= first.confidence);
    let text = ferry::text::Text::parse(&legacy);
    let with = |c| ferry::place::apply(&text, &[(0, c)]).unwrap().to_bytes();
    assert_eq!(with(first), std::fs::read(dir.join("proposal")).unwrap());
    let second_file = with(second);
    (dir, second_file, second.adaptations.clone())
}

/// Where the order of added lines among legacy's own is a guess, the person
/// is offered both: ferry's order first, then the added lines after
/// legacy's own, never surer than the first.
#[test]
fn a_guessed_order_offers_the_other_order_second() {
    let (_, second, adaptations) =
        both_orders("c/working/added-declaration-among-legacy-own-offers-both-orders");
    assert!(adaptations.contains(&ferry::place::Adaptation::AppendedAfterLegacy { count: 1 }));
    let after = String::from_utf8(second).unwrap();
    assert!(
        after.contains(
            "int parse_legacy_extension(const char *buf, size_t len);\nint parse_chunk(const char *buf, size_t len);\n"
        ),
        "{after}"
    );
}

/// An import added after upstream's own imports, which legacy lacks, where
/// legacy has blank lines on both sides of the place: between them or
/// after both is a guess (sqlalchemy's maintainer kept both blank lines
/// before it, ansible's one), so the person sees both, and the second is
/// `other_order`.
#[test]
fn an_import_between_blank_lines_offers_both_places() {
    let (dir, second, _) = both_orders(
        "python/working/added-import-after-lines-legacy-lacks-between-blank-lines-offers-both-places",
    );
    assert_eq!(second, std::fs::read(dir.join("other_order")).unwrap());
}
