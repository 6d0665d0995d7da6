//! Columns an added line no longer lines up with.
//!
//! Tables of enum values, struct fields and option arrays line a column up
//! (`= 1 << 5`, a trailing comment) with runs of spaces. When the branch
//! aligns such a table at another column than upstream does, an added line
//! written as upstream has it stands out of legacy's table. systemd's
//! `ExecFlags` is the example: upstream's new name was longer than any the
//! branch's enum held, and the maintainer re-aligned the whole enum to fit
//! it; the port put the one line at upstream's column.

use crate::patch::{Hunk, LineKind};
use crate::text::squash_whitespace;

/// The words a line aligns: for each run of two or more spaces after its
/// indentation, the column of the word that follows and how many
/// non-whitespace bytes come before it. Lines with tabs are left out: their
/// columns depend on the tab width.
fn aligned(line: &[u8]) -> Vec<(usize, usize)> {
    if line.contains(&b'\t') {
        return Vec::new();
    }
    let mut out = Vec::new();
    let (mut before, mut run) = (0, 0);
    for (col, &b) in line.iter().enumerate() {
        if b == b' ' {
            run += 1;
            continue;
        }
        if b.is_ascii_whitespace() {
            run = 0;
            continue;
        }
        if run >= 2 && before > 0 {
            out.push((col, before));
        }
        run = 0;
        before += 1;
    }
    out
}

/// The column of the non-whitespace byte with `before` such bytes before it.
fn column_of(line: &[u8], before: usize) -> Option<usize> {
    line.iter()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii_whitespace())
        .nth(before)
        .map(|(col, _)| col)
}

/// The nearest context lines before and after the run of changes holding
/// hunk line `pos`.
fn neighbours(hunk: &Hunk, pos: usize) -> impl Iterator<Item = &[u8]> {
    let context = |k: &usize| hunk.lines[*k].kind == LineKind::Context;
    let before = (0..pos).rev().find(context);
    let after = (pos + 1..hunk.lines.len()).find(context);
    [before, after]
        .into_iter()
        .flatten()
        .map(|k| hunk.lines[k].content.as_slice())
}

/// Whether an added line, aligned upstream with a context line next to its
/// change, is written at another column than legacy's version of that line
/// (which differs from upstream's only in its spacing) aligns. `written` is
/// the replacement: legacy's lines and the added ones as the port wrote
/// them, each found by its words.
pub fn breaks_columns(hunk: &Hunk, written: &[Vec<u8>]) -> bool {
    // The written line with `line`'s words, other than `line` itself.
    let respaced = |line: &[u8]| {
        let squashed = squash_whitespace(line);
        written
            .iter()
            .find(|l| l.as_slice() != line && squash_whitespace(l) == squashed)
    };
    hunk.lines.iter().enumerate().any(|(pos, line)| {
        let columns = aligned(&line.content);
        if line.kind != LineKind::Added || columns.is_empty() {
            return false;
        }
        neighbours(hunk, pos).any(|theirs| {
            // Words the neighbour aligns at a column the added line aligns
            // a word at: how many non-whitespace bytes precede each word,
            // in the neighbour and in the added line.
            let shared: Vec<(usize, usize)> = aligned(theirs)
                .into_iter()
                .filter_map(|(col, before)| {
                    let &(_, own) = columns.iter().find(|&&(c, _)| c == col)?;
                    Some((before, own))
                })
                .collect();
            if shared.is_empty() {
                return false;
            }
            let Some(legacy) = respaced(theirs) else {
                return false;
            };
            // The added line as written: upstream's, or respaced.
            let words = squash_whitespace(&line.content);
            let ours = written.iter().find(|l| squash_whitespace(l) == words);
            ours.is_some_and(|ours| {
                shared.iter().any(|&(before, own)| {
                    match (column_of(legacy, before), column_of(ours, own)) {
                        (Some(want), Some(have)) => want != have,
                        _ => false,
                    }
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_hunk;

    #[test]
    fn aligned_words_are_those_after_two_spaces_past_the_indentation() {
        assert_eq!(aligned(b"    A_B    = 1, /* x */"), vec![(11, 3)]);
        assert_eq!(aligned(b"    a = 1;"), vec![]);
        assert_eq!(aligned(b"\tA  = 1,"), vec![]);
    }

    #[test]
    fn a_line_at_upstreams_column_in_legacys_table_breaks_it() {
        use LineKind::*;
        let h = test_hunk(
            1,
            &[
                (Context, "        EXEC_CHOWN_DIRECTORIES     = 1 << 4,"),
                (Removed, "        EXEC_NSS_BYPASS_BUS        = 1 << 5,"),
                (Added, "        EXEC_NSS_DYNAMIC_BYPASS    = 1 << 5,"),
                (Context, "        EXEC_CGROUP_DELEGATE       = 1 << 6,"),
            ],
        );
        let added = b"        EXEC_NSS_DYNAMIC_BYPASS    = 1 << 5,".to_vec();
        let legacy = |new: &[u8]| {
            vec![
                b"        EXEC_CHOWN_DIRECTORIES = 1 << 4,".to_vec(),
                new.to_vec(),
                b"        EXEC_CGROUP_DELEGATE   = 1 << 6,".to_vec(),
            ]
        };
        assert!(breaks_columns(&h, &legacy(&added)));
        // Written at legacy's column, the table holds.
        let fitted = b"        EXEC_NSS_DYNAMIC_BYP   = 1 << 5,".to_vec();
        let h2 = test_hunk(
            1,
            &[
                (Context, "        EXEC_CHOWN_DIRECTORIES     = 1 << 4,"),
                (Added, "        EXEC_NSS_DYNAMIC_BYP       = 1 << 5,"),
                (Context, "        EXEC_CGROUP_DELEGATE       = 1 << 6,"),
            ],
        );
        assert!(!breaks_columns(&h2, &legacy(&fitted)));
        // Legacy aligned as upstream: nothing to break.
        let same = vec![
            b"        EXEC_CHOWN_DIRECTORIES     = 1 << 4,".to_vec(),
            added.clone(),
            b"        EXEC_CGROUP_DELEGATE       = 1 << 6,".to_vec(),
        ];
        assert!(!breaks_columns(&h, &same));
    }
}
