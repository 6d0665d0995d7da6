//! Numbers upstream raises that the branch has moved on its own.
//!
//! Upstream changes `Copyright (C) 2018-2020` to `2018-2021`, or a pinned
//! version from `1.2.0` to `1.2.1`; the branch's line reads the same but for
//! its numbers (`2018-2022`, `1.1.5`). That drift is no rewrite: the line
//! is the one being edited, and only the numbers say what to write. Where
//! the branch's numbers are already at or past upstream's new ones, its line
//! stays (a port would turn its year back); where they are behind, upstream's
//! line is the bump the fix wants. A list of years upstream appends to
//! (`2013, 2014, 2015`) gains the new years after the branch's own.

use std::cmp::Ordering;

use crate::text::{stands_alone, without_cr};

/// What a removed line the branch has with other numbers becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bump {
    /// The branch's numbers are at or past upstream's new ones: its line stays.
    Past,
    /// They are behind: upstream's new line replaces the branch's.
    Behind,
}

/// Where upstream's `added` line only raises the numbers of its `removed`
/// one, and `legacy`'s version of the removed line differs from it only in
/// its numbers, whether the branch is past the bump or behind it.
pub(super) fn bump(removed: &[u8], legacy: &[u8], added: &[u8]) -> Option<Bump> {
    let (shape, old) = numbers(removed);
    let (legacy_shape, ours) = numbers(legacy);
    let (added_shape, new) = numbers(added);
    if old.is_empty() || shape != legacy_shape || shape != added_shape {
        return None;
    }
    if compare(&new, &old) != Ordering::Greater || ours == old {
        return None;
    }
    // A number the branch changed that upstream keeps is the branch's own
    // difference (`aiohttp 3.x` for `4.x`): a word merge keeps it.
    let mut numbers = ours.iter().zip(&old).zip(&new);
    if numbers.any(|((o, x), n)| o != x && n == x) {
        return None;
    }
    Some(match compare(&ours, &new) {
        Ordering::Less => Bump::Behind,
        _ => Bump::Past,
    })
}

/// Upstream's `added` line appends years to the list of its `removed` one
/// (`2013, 2014` to `2013, 2014, 2015`), and `legacy`'s line is the same
/// with a shorter list (`2012`): legacy's line with the new years after its
/// own, as Open vSwitch's maintainers write it (`2012, 2015`). None where
/// legacy already has a later year, or the lines differ otherwise.
pub(super) fn appended_years<'a>(
    removed: &'a [u8],
    legacy: &'a [u8],
    added: &'a [u8],
) -> Option<Vec<u8>> {
    // Only a copyright notice: a list of years in code is data to merge.
    let notice = |line: &[u8]| {
        line.windows(9)
            .any(|w| w.eq_ignore_ascii_case(b"copyright"))
    };
    if !notice(removed) || !notice(legacy) {
        return None;
    }
    let (old, ours, new) = (years(removed)?, years(legacy)?, years(added)?);
    // Upstream only appends years; what the branch writes around its own
    // list (an older holder, `Nicira Networks`) is not upstream's change.
    let around = |line: &'a [u8], y: &Years| (&line[..y.start], without_cr(&line[y.end..]));
    let same_around = around(removed, &old) == around(added, &new);
    let extra = new.years.strip_prefix(old.years.as_slice())?;
    let (first, last) = (extra.first()?, ours.years.last()?);
    if !same_around || ours.years == old.years || last >= first {
        return None;
    }
    let sep = new.sep.or(old.sep).unwrap_or(b", ");
    let mut line = legacy[..ours.end].to_vec();
    for year in extra {
        line.extend_from_slice(sep);
        line.extend_from_slice(year);
    }
    line.extend_from_slice(&legacy[ours.end..]);
    Some(line)
}

/// The first list of years in a line (`2008, 2009, 2013`): where it starts
/// and ends, its years, and what separates them.
struct Years<'a> {
    start: usize,
    end: usize,
    years: Vec<&'a [u8]>,
    sep: Option<&'a [u8]>,
}

fn years(line: &[u8]) -> Option<Years<'_>> {
    let year_at = |i: usize| {
        let y = line.get(i..i + 4)?;
        (stands_alone(line, i..i + 4)
            && y.iter().all(u8::is_ascii_digit)
            && (y.starts_with(b"19") || y.starts_with(b"20")))
        .then_some(y)
    };
    let start = (0..line.len()).find(|&i| year_at(i).is_some())?;
    let mut found = Years {
        start,
        end: start + 4,
        years: vec![year_at(start)?],
        sep: None,
    };
    loop {
        let rest = &line[found.end..];
        let spaces = rest.iter().skip(1).take_while(|&&b| b == b' ').count();
        if rest.first() != Some(&b',') {
            break;
        }
        let Some(y) = year_at(found.end + 1 + spaces) else {
            break;
        };
        found.sep.get_or_insert(&rest[..1 + spaces]);
        found.years.push(y);
        found.end += 1 + spaces + 4;
    }
    Some(found)
}

/// A number as the line writes it: one digit string, or a dotted version
/// (`1.2.0`), each part without its leading zeros.
type Number<'a> = Vec<&'a [u8]>;

/// The line (trimmed, without `\r`) with each number standing alone written
/// `#`, and those numbers. Digits that go on an identifier (`__pyx_t_2`,
/// `u64`) are part of it, not a number.
fn numbers(line: &[u8]) -> (Vec<u8>, Vec<Number<'_>>) {
    let line = without_cr(line).trim_ascii();
    let (mut shape, mut found) = (Vec::with_capacity(line.len()), Vec::new());
    let digits_at = |i: usize| line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = 0;
    while i < line.len() {
        let glued = i > 0 && (line[i - 1].is_ascii_alphanumeric() || line[i - 1] == b'_');
        if !line[i].is_ascii_digit() || glued {
            shape.push(line[i]);
            i += 1;
            continue;
        }
        let mut number = Vec::new();
        loop {
            let part = &line[i..i + digits_at(i)];
            let zeros = part.iter().take_while(|&&b| b == b'0').count();
            number.push(&part[zeros.min(part.len() - 1)..]);
            i += part.len();
            if line.get(i) != Some(&b'.') || !line.get(i + 1).is_some_and(u8::is_ascii_digit) {
                break;
            }
            i += 1;
        }
        found.push(number);
        shape.push(b'#');
    }
    (shape, found)
}

/// Compares two lists in order, the first difference deciding, a longer
/// list after its own beginning.
fn compare_by<T>(a: &[T], b: &[T], by: impl Fn(&T, &T) -> Ordering) -> Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| by(x, y))
        .find(|o| o.is_ne())
        .unwrap_or_else(|| a.len().cmp(&b.len()))
}

/// Compares two lists of numbers as numbers of any size.
fn compare(a: &[Number<'_>], b: &[Number<'_>]) -> Ordering {
    let digits = |x: &&[u8], y: &&[u8]| x.len().cmp(&y.len()).then_with(|| x.cmp(y));
    compare_by(a, b, |x, y| compare_by(x, y, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_the_branch_moved_past_upstream_s_stays() {
        let up = b" *  Copyright (C) 2018-2020 Authors";
        let new = b" *  Copyright (C) 2018-2021 Authors";
        assert_eq!(
            bump(up, b" *  Copyright (C) 2018-2022 Authors", new),
            Some(Bump::Past)
        );
        assert_eq!(
            bump(up, b" *  Copyright (C) 2018-2021 Authors\r", new),
            Some(Bump::Past)
        );
        assert_eq!(
            bump(up, b" *  Copyright (C) 2018-2019 Authors", new),
            Some(Bump::Behind)
        );
    }

    #[test]
    fn years_upstream_appends_go_after_the_branch_s_own() {
        let up = b" * Copyright (c) 2008, 2013, 2014 Nicira, Inc.";
        let new = b" * Copyright (c) 2008, 2013, 2014, 2015 Nicira, Inc.";
        let ours = b" * Copyright (c) 2008, 2012 Nicira, Inc.\r";
        assert_eq!(
            appended_years(up, ours, new).as_deref(),
            Some(&b" * Copyright (c) 2008, 2012, 2015 Nicira, Inc.\r"[..])
        );
        // The branch's own holder stays.
        let other = b" * Copyright (c) 2008, 2012 Nicira Networks.";
        assert_eq!(
            appended_years(up, other, new).as_deref(),
            Some(&b" * Copyright (c) 2008, 2012, 2015 Nicira Networks."[..])
        );
        // The branch has a later year already, or its list is no notice.
        let later = b" * Copyright (c) 2008, 2016 Nicira, Inc.";
        assert_eq!(appended_years(up, later, new), None);
        assert_eq!(appended_years(up, b"YEARS = (2008, 2012)", new), None);
        // Years in code are data, not a notice.
        let data = (
            b"YEARS = (2013, 2014)",
            b"YEARS = (2012,)",
            b"YEARS = (2013, 2014, 2015)",
        );
        assert_eq!(appended_years(data.0, data.1, data.2), None);
        // Upstream rewrote the list as a range: not an append.
        let range = b" * Copyright (c) 2008-2015 Nicira, Inc.";
        assert_eq!(appended_years(up, ours, range), None);
    }

    #[test]
    fn versions_compare_as_numbers_not_text() {
        let (old, new) = (br#"v = "1.9.0""#, br#"v = "1.10.0""#);
        assert_eq!(bump(old, br#"v = "01.8.0""#, new), Some(Bump::Behind));
        assert_eq!(bump(old, br#"v = "1.11.0""#, new), Some(Bump::Past));
        // A dotted version is one number: the branch's older minor is not a
        // difference of its own beside upstream's new patch level.
        let (old, new) = (br#"{"sphinx": "1.2.0"}"#, br#"{"sphinx": "1.2.1"}"#);
        assert_eq!(
            bump(old, br#"{"sphinx": "1.1.5"}"#, new),
            Some(Bump::Behind)
        );
    }

    #[test]
    fn only_a_raise_of_numbers_alone_counts() {
        // Upstream lowers the number: not a bump.
        assert_eq!(bump(b"retries = 5", b"retries = 9", b"retries = 3"), None);
        // The branch's line has other words too.
        assert_eq!(bump(b"n = 1", b"count = 2", b"n = 3"), None);
        // Digits inside names are names: `t_2` is not `t_1` moved on.
        assert_eq!(bump(b"x = t_1 + 1", b"x = t_2 + 1", b"x = t_1 + 2"), None);
        // The branch's major version is its own; upstream's bump is elsewhere.
        let up = br#"raise RuntimeError("aiohttp 4.x requires Python 3.8+")"#;
        let ours = br#"raise RuntimeError("aiohttp 3.x requires Python 3.8+")"#;
        let new = br#"raise RuntimeError("aiohttp 4.x requires Python 3.9+")"#;
        assert_eq!(bump(up, ours, new), None);
        // Legacy has upstream's old line: no drift to settle here.
        assert_eq!(bump(b"n = 1", b"n = 1", b"n = 2"), None);
    }
}
