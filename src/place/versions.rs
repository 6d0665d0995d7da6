//! Availability markers for a release the branch will not make.
//!
//! C libraries mark new API with the release that brings it:
//! `NM_AVAILABLE_IN_1_42`, `GLIB_AVAILABLE_IN_2_80`, gtk-doc's
//! `Since: 1.52`. Upstream marks its new API with its next
//! release; a stable branch ships it in a point release of its own, and
//! NetworkManager's maintainers rewrote every such marker they backported
//! (`NM_AVAILABLE_IN_1_40_4`, `Since: 1.52, 1.50.4`). A hunk that adds a
//! marker for a later major or minor release than any marker of its kind
//! in legacy's file is ported as upstream wrote it only by mistake; a
//! point release (`1.40.4` where the branch has `1.40.2`) is one the
//! branch can make. Where legacy's file marks nothing of the kind, the
//! file says nothing of the branch's release, and a stable branch rarely
//! makes upstream's next one: NetworkManager's 1.0 branch took the first
//! `Since: 1.2` of `nm-setting-wired.c` as `Since: 1.0.6`.

use super::lines::FastMap;
use crate::text::{contains, words};

/// A release: major and minor, the point release left out.
pub type Release = (u32, u32);

/// The macros' infix: `NM_AVAILABLE_IN_1_42`.
const AVAILABLE: &[u8] = b"_AVAILABLE_IN_";

/// gtk-doc's marker, a dotted release after it. Sphinx's
/// `.. versionadded::` is left out: Python projects document a release
/// series in one tree, and numpy's and sqlalchemy's maintainers kept
/// upstream's directives in backports (2 easy files refused with them).
const SINCE: &[u8] = b"Since:";

/// A marker's kind, release and text.
type Marker = (Vec<u8>, Release, String);

/// The markers in `line`: `FOO_AVAILABLE_IN_1_42` (kind
/// `FOO_AVAILABLE_IN_`), and `Since: 1.52` (`Since: 1.52, 1.50.4` counts
/// its first).
fn markers(line: &[u8]) -> Vec<Marker> {
    let mut out = Vec::new();
    for w in words(line) {
        let word = &line[w];
        let Some(at) = find(word, AVAILABLE) else {
            continue;
        };
        let (kind, rest) = word.split_at(at + AVAILABLE.len());
        if let Some(release) = release(rest, b'_') {
            let text = String::from_utf8_lossy(word).into_owned();
            out.push((kind.to_vec(), release, text));
        }
    }
    if let Some(at) = find(line, SINCE) {
        let rest = line[at + SINCE.len()..].trim_ascii_start();
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_digit() || b == b'.'))
            .unwrap_or(rest.len());
        if let Some(release) = release(&rest[..end], b'.') {
            let text = format!("Since: {}", String::from_utf8_lossy(&rest[..end]));
            out.push((SINCE.to_vec(), release, text));
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The major and minor release `text` starts with, its parts split at
/// `separator` (`1_42_2`, `1.52`); `None` for anything else (`ALL`).
fn release(text: &[u8], separator: u8) -> Option<Release> {
    let mut parts = text.split(|&b| b == separator).map(number);
    Some((parts.next()??, parts.next()??))
}

/// A run of digits as a number; `None` for anything else (`ALL`).
fn number(digits: &[u8]) -> Option<u32> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Whether `line` may hold a marker, cheaply.
fn names_a_release(line: &[u8]) -> bool {
    contains(line, AVAILABLE) || contains(line, SINCE)
}

/// The latest release each kind of marker names in `lines`.
pub fn latest(lines: &[Vec<u8>]) -> FastMap<Vec<u8>, Release> {
    let mut out: FastMap<Vec<u8>, Release> = FastMap::default();
    // Most lines name no release: skip them before reading words.
    for line in lines.iter().filter(|l| names_a_release(l)) {
        for (kind, release, _) in markers(line) {
            let seen = out.entry(kind).or_insert(release);
            *seen = (*seen).max(release);
        }
    }
    out
}

/// The markers of `added` lines for a later release than legacy's file
/// marks anything of their kind with (`branch`, from [`latest`]), or of a
/// kind it does not use, told as a person reads them.
pub fn newer_than_branch(added: &[Vec<u8>], branch: &FastMap<Vec<u8>, Release>) -> Vec<String> {
    let mut out = Vec::new();
    for line in added.iter().filter(|l| names_a_release(l)) {
        for (kind, release, text) in markers(line) {
            let Some(&had) = branch.get(&kind) else {
                out.push(format!("`{text}` (legacy's file marks no release)"));
                continue;
            };
            if release > had {
                out.push(format!(
                    "`{text}` (legacy's file marks nothing past {}.{})",
                    had.0, had.1
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::test_lines;

    fn releases(lines: &[&str]) -> FastMap<Vec<u8>, Release> {
        latest(&test_lines(lines))
    }

    #[test]
    fn reads_macros_and_gtk_doc_markers() {
        let branch = releases(&[
            "NM_AVAILABLE_IN_1_30",
            "NM_AVAILABLE_IN_1_26_4",
            " * Since: 1.28, 1.26.6",
            "GLIB_AVAILABLE_IN_ALL",
            "int x; /* not a release: Since:? */",
        ]);
        assert_eq!(branch.get(&b"NM_AVAILABLE_IN_"[..]), Some(&(1, 30)));
        assert_eq!(branch.get(&b"Since:"[..]), Some(&(1, 28)));
        assert_eq!(branch.len(), 2);
    }

    #[test]
    fn a_later_minor_release_than_the_branch_marks_is_told() {
        let branch = releases(&["NM_AVAILABLE_IN_1_40", " * Since: 1.40"]);
        let added = test_lines(&[
            "NM_AVAILABLE_IN_1_42",
            " * Since: 1.52",
            // A point release of the branch's series is no sign; a kind of
            // marker legacy's file does not use says nothing of the branch.
            "NM_AVAILABLE_IN_1_40_4",
            "GLIB_AVAILABLE_IN_2_80",
        ]);
        assert_eq!(
            newer_than_branch(&added, &branch),
            [
                "`GLIB_AVAILABLE_IN_2_80` (legacy's file marks no release)",
                "`NM_AVAILABLE_IN_1_42` (legacy's file marks nothing past 1.40)",
                "`Since: 1.52` (legacy's file marks nothing past 1.40)",
            ]
        );
        let unmarked = releases(&["int nm_setting_wired_get_mtu (NMSettingWired *setting);"]);
        assert_eq!(
            newer_than_branch(&test_lines(&[" * Since: 1.2", "int x;"]), &unmarked),
            ["`Since: 1.2` (legacy's file marks no release)"]
        );
    }
}
