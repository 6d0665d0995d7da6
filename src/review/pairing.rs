//! Which of the backport's changes carry which upstream hunk.
//!
//! First by place: a change that touches the legacy span where the
//! placement engine puts a hunk belongs to that hunk (at a place the engine
//! is unsure of, only if it also resembles the hunk; when two hunks claim
//! it, the one whose changed lines it resembles most wins; a change that
//! shares nothing with its hunk while another change there does is left
//! out). Then by content: a hunk no change touches takes the unpaired
//! change most like it (in its own file first, then anywhere), with that
//! change's unpaired neighbours that also resemble it. What no hunk takes is
//! extra, nearby extra changes grouped.
//!
//! Rejected: pairing by content alone. Short hunks (`-    return 0;`,
//! `+    return -1;`) look like many changes; the place the engine found
//! on the backport's parent is the stronger evidence, and content decides
//! only where place says nothing.

use std::collections::BTreeMap;
use std::ops::Range;

use super::changes::{BackportFile, Change};
use super::words::tokens;
use crate::patch::{Hunk, LineKind};

/// An upstream hunk and where it should be in legacy.
#[derive(Debug, Clone)]
pub struct Wanted<'a> {
    /// The hunk.
    pub hunk: &'a Hunk,
    /// The legacy file it belongs to ([`BackportFile::key`]), when known.
    pub key: Option<&'a [u8]>,
    /// The legacy lines the engine puts it on, when it found a place.
    pub span: Option<Range<usize>>,
    /// Whether the engine is sure of the place. A change at an unsure place
    /// must also resemble the hunk to be paired with it there.
    pub certain: bool,
}

/// A change of the backport: (file index, change index).
pub type ChangeRef = (usize, usize);

/// How a hunk found its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairedBy {
    /// No change carries it.
    Nothing,
    /// They touch the place the engine found.
    Place,
    /// They resemble it, elsewhere.
    Content,
}

/// The result of pairing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    /// For each wanted hunk, its changes in file order and how they were
    /// found.
    pub hunks: Vec<(Vec<ChangeRef>, Option<PairedBy>)>,
    /// Groups of nearby changes no hunk took, in file order.
    pub extra: Vec<Vec<ChangeRef>>,
}

/// A change this alike may carry a hunk it does not touch.
const MIN_CONTENT_SIMILARITY: f32 = 0.5;
/// A neighbour this alike joins a change found by content.
const MIN_NEIGHBOUR_SIMILARITY: f32 = 0.3;
/// A change this unlike its hunk is left out when another one is alike.
const UNRELATED: f32 = 0.1;
/// Extra changes this close (in lines) are shown as one.
const EXTRA_GAP: usize = 3;

/// Pairs every wanted hunk with the backport's changes.
pub fn pair(wanted: &[Wanted<'_>], files: &[BackportFile]) -> Pairing {
    let hunk_tokens: Vec<Bag> = wanted
        .iter()
        .map(|w| {
            Bag::of(
                w.hunk
                    .lines
                    .iter()
                    .filter(|l| l.kind != LineKind::Context)
                    .map(|l| l.content.as_slice()),
            )
        })
        .collect();
    let change_tokens: Vec<Vec<Bag>> = files
        .iter()
        .map(|f| {
            f.changes
                .iter()
                .map(|c| Bag::of(c.removed.iter().chain(&c.added).map(Vec::as_slice)))
                .collect()
        })
        .collect();
    let sim = |h: usize, (f, c): ChangeRef| -> f32 {
        match (
            hunk_tokens.get(h),
            change_tokens.get(f).and_then(|v| v.get(c)),
        ) {
            (Some(a), Some(b)) => a.dice(b),
            _ => 0.0,
        }
    };

    // By place: each change goes to the most alike hunk whose span it touches.
    let mut owner: BTreeMap<ChangeRef, usize> = BTreeMap::new();
    for (fi, file) in files.iter().enumerate() {
        for (ci, change) in file.changes.iter().enumerate() {
            let best = wanted
                .iter()
                .enumerate()
                .filter(|(_, w)| w.key == Some(file.key()))
                .filter(|(_, w)| w.span.as_ref().is_some_and(|s| touches(&change.old, s)))
                .map(|(h, w)| (h, w.certain, sim(h, (fi, ci))))
                .filter(|(_, certain, s)| *certain || *s >= MIN_NEIGHBOUR_SIMILARITY)
                .map(|(h, _, s)| (h, s))
                .fold(None::<(usize, f32)>, |acc, (h, s)| match acc {
                    Some((_, best)) if best >= s => acc,
                    _ => Some((h, s)),
                });
            if let Some((h, _)) = best {
                owner.insert((fi, ci), h);
            }
        }
    }
    let mut hunks: Vec<(Vec<ChangeRef>, Option<PairedBy>)> = vec![(Vec::new(), None); wanted.len()];
    for (&c, &h) in &owner {
        if let Some(slot) = hunks.get_mut(h) {
            slot.0.push(c);
        }
    }
    for (h, (changes, how)) in hunks.iter_mut().enumerate() {
        if changes.iter().any(|&c| sim(h, c) >= MIN_CONTENT_SIMILARITY) {
            changes.retain(|&c| sim(h, c) >= UNRELATED);
        }
        if !changes.is_empty() {
            *how = Some(PairedBy::Place);
        }
    }
    let mut taken: BTreeMap<ChangeRef, usize> = BTreeMap::new();
    for (h, (changes, _)) in hunks.iter().enumerate() {
        for &c in changes {
            taken.insert(c, h);
        }
    }

    // By content: hunks nothing touches take the most alike free change.
    for h in 0..wanted.len() {
        if hunks.get(h).is_some_and(|(c, _)| !c.is_empty()) {
            continue;
        }
        let key = wanted.get(h).and_then(|w| w.key);
        let mut best: Option<(ChangeRef, f32)> = None;
        for (fi, file) in files.iter().enumerate() {
            let bonus = if Some(file.key()) == key { 0.05 } else { 0.0 };
            for ci in 0..file.changes.len() {
                if taken.contains_key(&(fi, ci)) {
                    continue;
                }
                let s = sim(h, (fi, ci));
                if s < MIN_CONTENT_SIMILARITY {
                    continue;
                }
                if best.is_none_or(|(_, b)| s + bonus > b) {
                    best = Some(((fi, ci), s + bonus));
                }
            }
        }
        let Some(((fi, ci), _)) = best else {
            if let Some(slot) = hunks.get_mut(h) {
                slot.1 = Some(PairedBy::Nothing);
            }
            continue;
        };
        let reach = wanted
            .get(h)
            .map_or(0, |w| w.hunk.old_len.max(w.hunk.new_len));
        let mut group = vec![(fi, ci)];
        if let Some(file) = files.get(fi) {
            let first = file.changes.get(ci).map_or(0, |c| c.old.start);
            for (cj, c) in file.changes.iter().enumerate() {
                let near = c.old.start.abs_diff(first) <= reach;
                if cj != ci
                    && near
                    && !taken.contains_key(&(fi, cj))
                    && sim(h, (fi, cj)) >= MIN_NEIGHBOUR_SIMILARITY
                {
                    group.push((fi, cj));
                }
            }
        }
        group.sort_unstable();
        for &c in &group {
            taken.insert(c, h);
        }
        if let Some(slot) = hunks.get_mut(h) {
            *slot = (group, Some(PairedBy::Content));
        }
    }
    for slot in &mut hunks {
        slot.0.sort_unstable();
        if slot.1.is_none() {
            slot.1 = Some(PairedBy::Nothing);
        }
    }

    // What is left is extra.
    let mut extra: Vec<Vec<ChangeRef>> = Vec::new();
    for (fi, file) in files.iter().enumerate() {
        let mut last: Option<&Change> = None;
        for (ci, change) in file.changes.iter().enumerate() {
            if taken.contains_key(&(fi, ci)) {
                last = None;
                continue;
            }
            let joins = last.is_some_and(|l| change.old.start <= l.old.end + EXTRA_GAP);
            match extra.last_mut() {
                Some(group) if joins => group.push((fi, ci)),
                _ => extra.push(vec![(fi, ci)]),
            }
            last = Some(change);
        }
    }
    Pairing { hunks, extra }
}

/// Whether a change of legacy lines `old` touches the span `span` (an
/// insertion touches a span it borders).
pub fn touches(old: &Range<usize>, span: &Range<usize>) -> bool {
    if span.is_empty() {
        old.start <= span.start && span.start <= old.end
    } else if old.is_empty() {
        span.start <= old.start && old.start <= span.end
    } else {
        old.start < span.end && old.end > span.start
    }
}

/// A multiset of tokens: words, and punctuation apart.
///
/// Words decide how alike two changes are; punctuation only when neither
/// has a word (`}` against `};`). Counting `(`, `)` and `;` would make any
/// two calls look alike.
#[derive(Debug, Default)]
struct Bag {
    words: Counts,
    punctuation: Counts,
}

/// Token counts and their total.
#[derive(Debug, Default)]
struct Counts {
    counts: BTreeMap<Vec<u8>, usize>,
    total: usize,
}

impl Counts {
    fn add(&mut self, t: &[u8]) {
        *self.counts.entry(t.to_vec()).or_insert(0) += 1;
        self.total += 1;
    }

    /// Shared tokens over all tokens (Dice); 1 for two empty multisets.
    fn dice(&self, other: &Counts) -> f32 {
        if self.total + other.total == 0 {
            return 1.0;
        }
        let common: usize = self
            .counts
            .iter()
            .map(|(t, n)| (*n).min(other.counts.get(t).copied().unwrap_or(0)))
            .sum();
        2.0 * common as f32 / (self.total + other.total) as f32
    }
}

impl Bag {
    fn of<'a>(lines: impl Iterator<Item = &'a [u8]>) -> Bag {
        let mut bag = Bag::default();
        for line in lines {
            for t in tokens(line) {
                if t.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if t.iter()
                    .any(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80)
                {
                    bag.words.add(t);
                } else {
                    bag.punctuation.add(t);
                }
            }
        }
        bag
    }

    /// How alike two changes are, in [0, 1].
    fn dice(&self, other: &Bag) -> f32 {
        if self.words.total + other.words.total > 0 {
            self.words.dice(&other.words)
        } else {
            self.punctuation.dice(&other.punctuation)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunk(old_start: usize, lines: &[(LineKind, &str)]) -> Hunk {
        crate::patch::test_hunk(old_start, lines)
    }

    fn change(at: usize, removed: &[&str], added: &[&str]) -> Change {
        Change {
            old: at..at + removed.len(),
            new: at..at + added.len(),
            removed: removed.iter().map(|s| s.as_bytes().to_vec()).collect(),
            added: added.iter().map(|s| s.as_bytes().to_vec()).collect(),
        }
    }

    fn file(changes: Vec<Change>) -> BackportFile {
        BackportFile {
            old_path: Some(b"f.c".to_vec()),
            new_path: Some(b"f.c".to_vec()),
            changes,
            ..BackportFile::default()
        }
    }

    use LineKind::{Added as A, Context as C, Removed as R};

    #[test]
    fn pairs_by_place_then_content_and_leaves_extra() {
        let h1 = hunk(
            1,
            &[(C, "a"), (R, "x = old(1);"), (A, "x = new(1);"), (C, "b")],
        );
        let h2 = hunk(20, &[(C, "c"), (A, "check(y, 2);"), (C, "d")]);
        let h3 = hunk(40, &[(C, "e"), (A, "never(z);"), (C, "f")]);
        let files = vec![file(vec![
            change(1, &["x = old(1);"], &["x = new(1);"]),
            change(9, &["unrelated stuff"], &["other things"]),
            change(30, &[], &["check(y, 2);"]),
        ])];
        let key: &[u8] = b"f.c";
        let wanted = vec![
            Wanted {
                hunk: &h1,
                key: Some(key),
                span: Some(0..3),
                certain: true,
            },
            // Planned at 20, but the backport put it at 30.
            Wanted {
                hunk: &h2,
                key: Some(key),
                span: Some(20..22),
                certain: true,
            },
            Wanted {
                hunk: &h3,
                key: Some(key),
                span: Some(40..42),
                certain: true,
            },
        ];
        let p = pair(&wanted, &files);
        assert_eq!(p.hunks[0], (vec![(0, 0)], Some(PairedBy::Place)));
        assert_eq!(p.hunks[1], (vec![(0, 2)], Some(PairedBy::Content)));
        assert_eq!(p.hunks[2], (vec![], Some(PairedBy::Nothing)));
        assert_eq!(p.extra, vec![vec![(0, 1)]]);
    }

    #[test]
    fn an_unsure_place_pairs_only_a_change_like_the_hunk() {
        let h = hunk(1, &[(C, "a"), (A, "guard(len);"), (C, "b")]);
        let files = vec![file(vec![change(1, &[], &["counter = 1"])])];
        let key: &[u8] = b"f.c";
        let mut wanted = vec![Wanted {
            hunk: &h,
            key: Some(key),
            span: Some(0..2),
            certain: false,
        }];
        let p = pair(&wanted, &files);
        assert_eq!(p.hunks[0], (vec![], Some(PairedBy::Nothing)));
        assert_eq!(p.extra, vec![vec![(0, 0)]]);
        wanted[0].certain = true;
        let p = pair(&wanted, &files);
        assert_eq!(p.hunks[0], (vec![(0, 0)], Some(PairedBy::Place)));
    }

    #[test]
    fn punctuation_does_not_make_calls_alike() {
        let a = Bag::of([&b"check(y);"[..]].into_iter());
        let b = Bag::of([&b"log(z);"[..]].into_iter());
        assert_eq!(a.dice(&b), 0.0);
        let c = Bag::of([&b"}"[..]].into_iter());
        assert_eq!(c.dice(&Bag::of([&b"}"[..]].into_iter())), 1.0);
    }

    #[test]
    fn touching_includes_borders_for_insertions() {
        assert!(touches(&(3..3), &(3..6)));
        assert!(touches(&(6..6), &(3..6)));
        assert!(!touches(&(7..7), &(3..6)));
        assert!(touches(&(2..4), &(3..3)));
        assert!(!touches(&(0..3), &(3..6)));
    }
}
