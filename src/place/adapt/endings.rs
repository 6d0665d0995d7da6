//! Line endings: a port into a CRLF file (or an LF file from a CRLF patch)
//! writes its lines with the file's endings, not the patch's.

use std::collections::HashSet;

use super::matched_lines;
use crate::patch::Hunk;
use crate::place::align::Alignment;

/// Whether the matched legacy lines end in `\r` where upstream's do not
/// (`Some(true)`), the other way round (`Some(false)`), or agree (`None`).
///
/// Only pairs that differ count: in a file of mixed endings where upstream
/// and legacy agree line by line, the added lines keep upstream's endings.
pub(super) fn legacy_crlf(
    hunk: &Hunk,
    pre_pos: &[usize],
    alignment: &Alignment,
    legacy: &[Vec<u8>],
) -> Option<bool> {
    let total = alignment.pairs.len();
    let (mut gained, mut lost) = (0, 0);
    for p in &alignment.pairs {
        if let Some((up, leg)) = matched_lines(hunk, pre_pos, p, legacy) {
            match (up.content.ends_with(b"\r"), leg.ends_with(b"\r")) {
                (false, true) => gained += 1,
                (true, false) => lost += 1,
                _ => {}
            }
        }
    }
    if gained * 2 > total {
        Some(true)
    } else if lost * 2 > total {
        Some(false)
    } else {
        None
    }
}

/// Gives `crlf` endings to the lines of `out` that are none of legacy's
/// lines it replaces (`kept`): those came from upstream. Whether any changed.
pub(in crate::place) fn give_endings(out: &mut [Vec<u8>], crlf: bool, kept: &[Vec<u8>]) -> bool {
    let kept: HashSet<&[u8]> = kept.iter().map(Vec::as_slice).collect();
    let mut changed = false;
    for line in out.iter_mut().filter(|l| !kept.contains(l.as_slice())) {
        match (crlf, line.ends_with(b"\r")) {
            (true, false) => line.push(b'\r'),
            (false, true) => {
                line.pop();
            }
            _ => continue,
        }
        changed = true;
    }
    changed
}

/// The endings lines placed with no legacy line matched must take (CRLF:
/// `Some(true)`) when most of legacy's lines end otherwise than most of
/// theirs: with nothing matched to compare, the whole file says how it ends
/// its lines (a CRLF file, a patch made where the file was LF).
pub(in crate::place) fn endings_to_give(legacy: &[Vec<u8>], lines: &[Vec<u8>]) -> Option<bool> {
    let mostly_crlf =
        |ls: &[Vec<u8>]| ls.iter().filter(|l| l.ends_with(b"\r")).count() * 2 > ls.len();
    let legacy_crlf = mostly_crlf(legacy);
    (!legacy.is_empty() && !lines.is_empty() && legacy_crlf != mostly_crlf(lines))
        .then_some(legacy_crlf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_legacy_did_not_have_take_the_endings() {
        let kept = vec![b"mixed".to_vec()];
        let mut out = vec![b"a\r".to_vec(), b"mixed".to_vec(), b"up".to_vec()];
        assert!(give_endings(&mut out, true, &kept));
        assert_eq!(out, [&b"a\r"[..], b"mixed", b"up\r"]);
        assert!(!give_endings(&mut out, true, &kept));
        assert!(give_endings(&mut out, false, &kept));
        assert_eq!(out, [&b"a"[..], b"mixed", b"up"]);
    }
}
