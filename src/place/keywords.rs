//! Version-control keywords: `$Id: … $`, `$Header: … $` and their kin,
//! which CVS and RCS fill in when a file is committed. A hunk that changes
//! one carries upstream's stamp (its revision, its date); the branch's
//! version control writes its own (`v 1.130.2.1` where upstream wrote
//! `v 1.131`), so no port can know the line. Ferry keeps legacy's line and
//! leaves the hunk for a person to confirm.

use std::collections::HashMap;

use crate::patch::{Hunk, LineKind};
use crate::place::align::How;

/// The keywords RCS expands, and the ones the BSDs use for their own.
const NAMES: &[&[u8]] = &[
    b"Author",
    b"Date",
    b"Header",
    b"Id",
    b"Locker",
    b"Name",
    b"RCSfile",
    b"Revision",
    b"Source",
    b"State",
    b"NetBSD",
    b"FreeBSD",
    b"OpenBSD",
    b"DragonFly",
];

/// The name of the expanded keyword on `line` (`$Header: … $` gives
/// `Header`), if it has one. An unexpanded `$Id$` is plain text: it reads
/// the same on every branch.
pub fn expanded(line: &[u8]) -> Option<&[u8]> {
    let mut rest = line;
    while let Some(at) = rest.iter().position(|&b| b == b'$') {
        let after = &rest[at + 1..];
        let name_len = after.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let name = &after[..name_len];
        let value = &after[name_len..];
        if NAMES.contains(&name) && value.starts_with(b": ") && value[2..].contains(&b'$') {
            return Some(name);
        }
        rest = after;
    }
    None
}

/// Whether the hunk re-stamps a keyword: it removes a line with one
/// expanded and adds a line with the same one.
pub fn restamps(hunk: &Hunk) -> bool {
    let names = |kind: LineKind| {
        hunk.lines
            .iter()
            .filter(move |l| l.kind == kind)
            .filter_map(|l| expanded(&l.content))
    };
    names(LineKind::Removed).any(|r| names(LineKind::Added).any(|a| a == r))
}

/// Writes legacy's own keyword line for each added keyword line whose
/// removed counterpart (`replaced`) legacy has; returns how many.
pub fn keep_legacy(
    hunk: &Hunk,
    replaced: &[Option<usize>],
    line_of_pre: &HashMap<usize, (usize, How)>,
    legacy: &[Vec<u8>],
    texts: &mut [Option<Vec<u8>>],
) -> usize {
    let mut kept = 0;
    for (pos, line) in hunk.lines.iter().enumerate() {
        if line.kind != LineKind::Added {
            continue;
        }
        let Some(name) = expanded(&line.content) else {
            continue;
        };
        let ours = replaced
            .get(pos)
            .copied()
            .flatten()
            .filter(|&r| hunk.lines.get(r).and_then(|l| expanded(&l.content)) == Some(name))
            .and_then(|r| line_of_pre.get(&r))
            .and_then(|&(l, _)| legacy.get(l))
            .filter(|l| expanded(l) == Some(name));
        if let (Some(ours), Some(text)) = (ours, texts.get_mut(pos)) {
            *text = Some(ours.clone());
            kept += 1;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expanded_keywords_are_found_and_plain_ones_are_not() {
        let header = b"    \"@(#) $Header: /tcpdump/master/tcpdump/print-tcp.c,v 1.131 2007/11/09 guy Exp $ (LBL)\";";
        assert_eq!(expanded(header), Some(&b"Header"[..]));
        assert_eq!(
            expanded(b"__RCSID(\"$NetBSD: print-tcp.c,v 1.8 2007/07/24 drochner Exp $\");"),
            Some(&b"NetBSD"[..])
        );
        assert_eq!(expanded(b"/* $Id$ */"), None);
        assert_eq!(expanded(b"price = \"$Total: 5\""), None);
        assert_eq!(expanded(b"echo $HOME: $PATH"), None);
    }
}
