//! What a commit message says about other commits and about security:
//! `Fixes:` trailers, CVE ids, `This reverts commit X`, pull-request
//! numbers, and the notes a maintainer leaves on a port.
//!
//! Plain byte scanning rather than a regex crate: the forms are few and
//! fixed, and the `regex` crate is not among ferry's dependencies.

use serde::Serialize;

/// Why a missing commit counts as a fix for the legacy branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FixReason {
    /// A `Fixes: X` trailer naming a commit the legacy branch has.
    Fixes {
        /// The full id of the fixed commit.
        id: String,
        /// `carried` (ported onto legacy) or `legacy` (in its own history).
        on: &'static str,
    },
    /// The message names a CVE.
    Cve {
        /// `CVE-YYYY-N`.
        id: String,
    },
    /// It reverts a commit the legacy branch has.
    Reverts {
        /// The full id of the reverted commit.
        id: String,
        /// `carried` or `legacy`, as for `Fixes`.
        on: &'static str,
    },
}

/// The commit ids named by `Fixes:` trailers (the Linux form
/// `Fixes: 123456789abc ("subject")`), in order.
pub fn fixes_ids(message: &str) -> Vec<String> {
    message
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let head = line.get(..6)?;
            head.eq_ignore_ascii_case("fixes:")
                .then(|| hex_id(line.get(6..)?.trim_start()))
                .flatten()
        })
        .collect()
}

/// The commit ids named by `This reverts commit X` (git's revert message).
pub fn reverted_ids(message: &str) -> Vec<String> {
    const PATTERN: &str = "this reverts commit ";
    let lower = message.to_ascii_lowercase();
    lower
        .match_indices(PATTERN)
        .filter_map(|(at, _)| hex_id(lower.get(at + PATTERN.len()..)?))
        .collect()
}

/// The CVE ids a message names (`CVE-2024-1234`), upper-cased, each once,
/// in order.
pub fn cve_ids(message: &str) -> Vec<String> {
    let bytes = message.as_bytes();
    let mut out: Vec<String> = Vec::new();
    for (at, _) in message.to_ascii_uppercase().match_indices("CVE-") {
        let rest = bytes.get(at + 4..).unwrap_or_default();
        let year = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if year != 4 || rest.get(4) != Some(&b'-') {
            continue;
        }
        let tail = rest.get(5..).unwrap_or_default();
        let n = tail.iter().take_while(|b| b.is_ascii_digit()).count();
        let before_ok = at == 0
            || bytes
                .get(at - 1)
                .is_some_and(|b| !b.is_ascii_alphanumeric());
        if n < 4 || !before_ok || tail.get(n).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        let id = format!(
            "CVE-{}-{}",
            String::from_utf8_lossy(rest.get(..4).unwrap_or_default()),
            String::from_utf8_lossy(tail.get(..n).unwrap_or_default())
        );
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The pull-request numbers a subject names: `(#1234)` groups (squash
/// merges, backport bots) and `Merge pull request #1234` (GitHub merges).
pub fn pull_requests(subject: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let lower = subject.to_ascii_lowercase();
    for pattern in ["(#", "pull request #"] {
        for (at, _) in lower.match_indices(pattern) {
            let digits: String = lower
                .get(at + pattern.len()..)
                .unwrap_or_default()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() && !out.contains(&digits) {
                out.push(digits);
            }
        }
    }
    out
}

/// What a maintainer wrote about adapting a port: `[ name: text ]` lines
/// other than `[ Upstream commit X ]` (the stable kernel's form), the
/// `Conflicts:` list git writes after a conflicted cherry-pick, and
/// `Ferry-*:` trailers.
pub fn adaptation_notes(message: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_conflicts = false;
    for line in message.lines() {
        let t = line.trim();
        if in_conflicts {
            if !t.is_empty() && (line.starts_with(char::is_whitespace) || t.starts_with('#')) {
                out.push(format!("conflict: {}", t.trim_start_matches('#').trim()));
                continue;
            }
            in_conflicts = false;
        }
        let lower = t.to_ascii_lowercase();
        if lower.trim_start_matches('#').trim() == "conflicts:" {
            in_conflicts = true;
        } else if (t.starts_with('[')
            && t.ends_with(']')
            && !lower.contains("upstream commit")
            && t.len() > 2)
            || (lower.starts_with("ferry-") && t.contains(':'))
        {
            out.push(t.to_string());
        }
    }
    out
}

/// A run of 7 to 40 hex digits at the start of `s`, not followed by a
/// letter or digit, lower-cased.
fn hex_id(s: &str) -> Option<String> {
    let n = s.bytes().take_while(u8::is_ascii_hexdigit).count();
    let after = s.as_bytes().get(n);
    if !(7..=40).contains(&n) || after.is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    Some(s.get(..n)?.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fixes_trailers() {
        let msg = "net: fix\n\nBody.\n\nFixes: 1234567890ab (\"net: add\")\nfixes: #123\nFixes:DEADBEEF\nFixes: 12345\n";
        assert_eq!(fixes_ids(msg), vec!["1234567890ab", "deadbeef"]);
    }

    #[test]
    fn reads_reverts() {
        let msg = "Revert \"x\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n";
        assert_eq!(
            reverted_ids(msg),
            vec!["0123456789abcdef0123456789abcdef01234567"]
        );
        assert!(reverted_ids("this reverts commit nothing").is_empty());
    }

    #[test]
    fn reads_cve_ids_once_each() {
        let msg = "fix overflow (CVE-2024-12345)\n\ncve-2024-12345, CVE-2023-0001.\nXCVE-2020-1234 CVE-20-1 CVE-2021-123\n";
        assert_eq!(cve_ids(msg), vec!["CVE-2024-12345", "CVE-2023-0001"]);
    }

    #[test]
    fn reads_pull_request_numbers() {
        assert_eq!(pull_requests("fix x (#12) (#345)"), vec!["12", "345"]);
        assert_eq!(
            pull_requests("Merge pull request #999 from a/b"),
            vec!["999"]
        );
        assert!(pull_requests("issue #12 is fixed").is_empty());
    }

    #[test]
    fn reads_adaptation_notes() {
        let msg = "fix\n\n[ Upstream commit abcdef0 ]\n[ ada: dropped the hunk for foo.c ]\n\n(cherry picked from commit abcdef0)\n\nConflicts:\n\tsrc/a.c\n\tsrc/b.c\n\nFerry-Adapted: 2 hunks\n";
        assert_eq!(
            adaptation_notes(msg),
            vec![
                "[ ada: dropped the hunk for foo.c ]",
                "conflict: src/a.c",
                "conflict: src/b.c",
                "Ferry-Adapted: 2 hunks"
            ]
        );
    }
}
