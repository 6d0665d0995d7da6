//! Random legacy text against random hunks through `port_bytes`: the
//! placement engine must never panic, whatever it is handed. The input is
//! `legacy NUL hunks`; hunk lines start with ` `, `-` or `+` (anything else
//! is context), and a line starting with `@` opens the next hunk, its next
//! byte giving the hunk's claimed old start. A port that comes out certain is
//! ported again onto its own result, which must not panic either.
#![no_main]

use ferry::port::{port_bytes, PortOptions};
use libfuzzer_sys::fuzz_target;

/// Renders the hunk description as a one-file unified diff with headers
/// whose counts match the bodies, so the parser always accepts it.
fn patch_text(spec: &[u8]) -> Vec<u8> {
    let mut out = b"--- a/f.c\n+++ b/f.c\n".to_vec();
    let mut hunks: Vec<(usize, Vec<(u8, &[u8])>)> = Vec::new();
    let mut start = 1usize;
    for line in spec.split(|&b| b == b'\n') {
        match line.first() {
            Some(b'@') => {
                start = start.saturating_add(usize::from(line.get(1).copied().unwrap_or(0)));
                hunks.push((start, Vec::new()));
            }
            first => {
                if hunks.is_empty() {
                    hunks.push((start, Vec::new()));
                }
                let (kind, body) = match first {
                    Some(&k @ (b' ' | b'-' | b'+')) => (k, &line[1..]),
                    _ => (b' ', line),
                };
                if let Some(h) = hunks.last_mut() {
                    h.1.push((kind, body));
                }
            }
        }
    }
    let mut shift: isize = 0;
    for (start, lines) in &hunks {
        let old = lines.iter().filter(|l| l.0 != b'+').count();
        let new = lines.iter().filter(|l| l.0 != b'-').count();
        let new_start = (*start as isize + shift).max(1);
        out.extend_from_slice(format!("@@ -{start},{old} +{new_start},{new} @@\n").as_bytes());
        for (kind, body) in lines {
            out.push(*kind);
            out.extend_from_slice(body);
            out.push(b'\n');
        }
        shift += new as isize - old as isize;
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0);
    let (Some(legacy), Some(spec)) = (parts.next(), parts.next()) else {
        return;
    };
    let Ok(mut patch) = ferry::patch::parse(&patch_text(spec)) else {
        return;
    };
    let Some(commit) = patch.commits.pop() else {
        return;
    };
    let opts = PortOptions::default();
    for file in &commit.files {
        if let Ok((_, Some(written))) = port_bytes(file, legacy, None, &opts) {
            let _ = port_bytes(file, &written, Some(legacy), &opts);
        }
    }
});
