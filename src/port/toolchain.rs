//! Standard-library APIs newer than the Rust the legacy branch pins.
//!
//! tikv's release-8.5 pins `nightly-2023-12-28`; a fix that calls
//! `Vec::is_sorted()` (stable in 1.82) does not build there, and its
//! maintainer wrote the check out by hand. The tree search cannot see it:
//! std defines the method, no tree does. The branch's `rust-toolchain.toml`
//! (or `rust-toolchain`) says which Rust it builds with, and a short table
//! says when each recent API became stable. An API counts as lacking only
//! when the pinned toolchain certainly predates it, and no file of the
//! legacy tree defines a function of that name.

use std::collections::HashSet;

use super::tree_check::added_in;
use super::{Located, PortError, Tree};
use crate::place::called_names;
use crate::syntax::Lang;

/// Recent std APIs and the 1.x release that made each stable. Only names
/// no older std item has (`inspect`, `OnceCell` of the once_cell crate are
/// left out).
const STABLE_SINCE: &[(&str, u32)] = &[
    ("abs_diff", 60),
    ("ilog2", 67),
    ("ilog10", 67),
    ("checked_ilog2", 67),
    ("checked_ilog10", 67),
    ("is_some_and", 70),
    ("is_ok_and", 70),
    ("is_err_and", 70),
    ("OnceLock", 70),
    ("div_ceil", 73),
    ("next_multiple_of", 73),
    ("inspect_err", 76),
    ("first_chunk", 77),
    ("last_chunk", 77),
    ("split_first_chunk", 77),
    ("split_last_chunk", 77),
    ("LazyLock", 80),
    ("LazyCell", 80),
    ("split_at_checked", 80),
    ("is_sorted", 82),
    ("is_sorted_by", 82),
    ("is_sorted_by_key", 82),
    ("is_none_or", 82),
    ("repeat_n", 82),
];

/// The std APIs of [`STABLE_SINCE`] the added lines of `files` call that
/// the legacy tree's pinned toolchain predates.
pub(super) fn lacking(
    files: &[&Located<'_>],
    legacy: &dyn Tree,
) -> Result<HashSet<Vec<u8>>, PortError> {
    let mut called: Vec<Vec<u8>> = added_in(files, Lang::Rust)
        .flat_map(called_names)
        .filter(|n| STABLE_SINCE.iter().any(|(api, _)| api.as_bytes() == *n))
        .map(<[u8]>::to_vec)
        .collect();
    if called.is_empty() {
        return Ok(HashSet::new());
    }
    let Some(pinned) = pinned(legacy)? else {
        return Ok(HashSet::new());
    };
    called.retain(|n| {
        STABLE_SINCE
            .iter()
            .any(|(api, since)| api.as_bytes() == n.as_slice() && pinned.predates(*since))
    });
    called.sort();
    called.dedup();
    if called.is_empty() {
        return Ok(HashSet::new());
    }
    // A project's own `is_sorted` is no std API.
    let own = legacy.defined_in(Lang::Rust, &called)?.unwrap_or_default();
    Ok(called.into_iter().filter(|n| !own.contains(n)).collect())
}

/// The Rust a branch pins.
#[derive(Debug, PartialEq)]
enum Pinned {
    /// `1.NN` or `1.NN.P`: the minor release.
    Release(u32),
    /// `nightly-YYYY-MM-DD`: days since 1970-01-01.
    Nightly(i64),
}

impl Pinned {
    /// Whether this toolchain certainly lacks what became stable in
    /// 1.`since`. A release's features land on nightly during the twelve
    /// weeks before it ships, so a nightly lacks them for sure only before
    /// that window opens.
    fn predates(&self, since: u32) -> bool {
        match *self {
            Pinned::Release(minor) => minor < since,
            Pinned::Nightly(day) => day < release_day(since) - 84,
        }
    }
}

/// The day 1.`minor` shipped: 1.60 on 2022-04-07, and one every six weeks.
fn release_day(minor: u32) -> i64 {
    days(2022, 4, 7) + (i64::from(minor) - 60) * 42
}

/// The toolchain `rust-toolchain.toml` or `rust-toolchain` at the root of
/// the tree pins, if it pins a release or a dated nightly.
fn pinned(tree: &dyn Tree) -> Result<Option<Pinned>, PortError> {
    for path in [&b"rust-toolchain.toml"[..], b"rust-toolchain"] {
        if let Some(content) = tree.read(path)? {
            return Ok(channel(&content).and_then(parse_channel));
        }
    }
    Ok(None)
}

/// The channel a toolchain file names: `channel = "…"` in the TOML form,
/// else the file's first word (the legacy one-line form).
fn channel(content: &[u8]) -> Option<&[u8]> {
    let lines = content.split(|&b| b == b'\n').map(<[u8]>::trim_ascii);
    for line in lines.clone() {
        if let Some(rest) = line.strip_prefix(b"channel") {
            let value = rest.trim_ascii_start().strip_prefix(b"=")?.trim_ascii();
            return value.strip_prefix(b"\"")?.split(|&b| b == b'"').next();
        }
    }
    lines
        .into_iter()
        .find(|l| !l.is_empty() && !l.starts_with(b"["))
}

fn parse_channel(channel: &[u8]) -> Option<Pinned> {
    let text = std::str::from_utf8(channel).ok()?;
    if let Some(date) = text.strip_prefix("nightly-") {
        let mut parts = date.splitn(3, '-').map(str::parse::<i64>);
        let (y, m, d) = (
            parts.next()?.ok()?,
            parts.next()?.ok()?,
            parts.next()?.ok()?,
        );
        return Some(Pinned::Nightly(days(y, m, d)));
    }
    let mut parts = text.split('.');
    (parts.next()? == "1")
        .then(|| parts.next()?.parse().ok().map(Pinned::Release))
        .flatten()
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pinned_toolchain() {
        let toml = b"[toolchain]\nchannel = \"nightly-2023-12-28\"\ncomponents = [\"rustfmt\"]\n";
        assert_eq!(
            channel(toml).and_then(parse_channel),
            Some(Pinned::Nightly(days(2023, 12, 28)))
        );
        assert_eq!(
            channel(b"1.70.0\n").and_then(parse_channel),
            Some(Pinned::Release(70))
        );
        assert_eq!(channel(b"stable\n").and_then(parse_channel), None);
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2024, 3, 1) - days(2024, 2, 28), 2);
    }

    #[test]
    fn a_nightly_predates_only_releases_well_after_it() {
        let tikv = Pinned::Nightly(days(2023, 12, 28));
        assert!(tikv.predates(82), "is_sorted came in 1.82 (2024-10-17)");
        assert!(!tikv.predates(75), "1.75 shipped that day");
        assert!(
            !tikv.predates(77),
            "1.77's features were landing on nightly already"
        );
        assert!(Pinned::Release(69).predates(70));
        assert!(!Pinned::Release(70).predates(70));
        assert_eq!(release_day(82), days(2024, 10, 17));
    }
}
