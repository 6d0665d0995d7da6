//! An upstream patch, a backport's zero-context patch and a legacy file,
//! from arbitrary bytes (split at NUL bytes), through planning, pairing and
//! classification: nothing may panic, every upstream hunk gets exactly one
//! pair, and every word-diff line gives back both sides' lines from its
//! segments.
#![no_main]

use ferry::port::{port_bytes, PortOptions};
use ferry::review::{review_pairs, BackportFile, Class};
use ferry::text::Text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let (Some(up), Some(bp), Some(legacy)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let (Ok(mut up), Ok(mut bp)) = (ferry::patch::parse(up), ferry::patch::parse(bp)) else {
        return;
    };
    let (Some(commit), Some(backport)) = (up.commits.pop(), bp.commits.pop()) else {
        return;
    };
    let opts = PortOptions::default();
    let mut plans = Vec::new();
    for file in &commit.files {
        let Ok((plan, _)) = port_bytes(file, legacy, None, &opts) else {
            return;
        };
        plans.push(plan);
    }
    let files: Vec<BackportFile> = backport
        .files
        .iter()
        .map(|f| BackportFile::from_patch(f, 1, Text::parse(legacy), Text::default()))
        .collect();
    let pairs = review_pairs(&commit, &plans, &files);

    let hunks: usize = commit.files.iter().map(|f| f.hunks.len()).sum();
    let paired = pairs.iter().filter(|p| p.class != Class::Extra).count();
    assert_eq!(paired, hunks, "one pair per upstream hunk");

    for p in &pairs {
        for w in &p.words {
            if let (Some(i), Some(up)) = (w.upstream_line, &p.upstream) {
                let want = up.lines_with(w.role).nth(i).unwrap_or_default();
                let got: Vec<u8> = w.segments.iter().flat_map(|s| s.upstream.clone()).collect();
                assert_eq!(got, want, "segments give back upstream's line");
            }
            if let (Some(_), Some(bp)) = (w.backport_line, &p.backport) {
                let got: Vec<u8> = w.segments.iter().flat_map(|s| s.backport.clone()).collect();
                assert!(
                    bp.lines_with(w.role).any(|l| l == got.as_slice()),
                    "segments give back a backport line"
                );
            }
        }
    }
});
