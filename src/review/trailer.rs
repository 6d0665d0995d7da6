//! The upstream commit a backport names in its message.
//!
//! Four forms are recognised, case-insensitively, anywhere in the message:
//! git's `-x` trailer `(cherry picked from commit X)`, `Backport of X`,
//! `Upstream commit X` and the Linux stable tree's `[ Upstream commit X ]`
//! (the last is the third inside brackets). `X` is 7 to 40 hex digits not
//! followed by a letter or digit.
//!
//! `eval` reads the same forms (plus `commit X upstream.`) in
//! `eval/find.rs`; this copy keeps `review` independent of it until the two
//! move to one place.

/// How a backport's message names its upstream commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrailerForm {
    /// `(cherry picked from commit X)`.
    CherryPicked,
    /// `Backport of X`.
    BackportOf,
    /// `Upstream commit X` or `[ Upstream commit X ]`.
    UpstreamCommit,
}

impl TrailerForm {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            TrailerForm::CherryPicked => "cherry-picked",
            TrailerForm::BackportOf => "backport-of",
            TrailerForm::UpstreamCommit => "upstream-commit",
        }
    }
}

/// The commit ids `message` names, in the order they appear, with the form
/// of each (lower-case hex).
pub fn upstream_refs(message: &[u8]) -> Vec<(TrailerForm, String)> {
    const PATTERNS: [(&[u8], TrailerForm); 3] = [
        (b"(cherry picked from commit ", TrailerForm::CherryPicked),
        (b"backport of ", TrailerForm::BackportOf),
        (b"upstream commit ", TrailerForm::UpstreamCommit),
    ];
    let lower = message.to_ascii_lowercase();
    let mut found: Vec<(usize, TrailerForm, String)> = Vec::new();
    for (pattern, form) in PATTERNS {
        for at in memchr::memmem::find_iter(&lower, pattern) {
            let rest = lower.get(at + pattern.len()..).unwrap_or_default();
            if let Some(hex) = hex_id(rest) {
                found.push((at, form, hex));
            }
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    found.into_iter().map(|(_, f, hex)| (f, hex)).collect()
}

/// A run of 7 to 40 hex digits at the start of `bytes`, not followed by a
/// letter or digit.
fn hex_id(bytes: &[u8]) -> Option<String> {
    let n = bytes.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if !(7..=40).contains(&n) || bytes.get(n).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some(String::from_utf8_lossy(bytes.get(..n)?).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_four_forms_in_order() {
        let msg = b"fix: x\n\n[ Upstream commit ABCDEF0123 ]\n\
                    Backport of 0123456789abcdef from main\n\
                    Upstream commit 1111111222222\n\
                    (cherry picked from commit deadbeefcafe)\n";
        assert_eq!(
            upstream_refs(msg),
            vec![
                (TrailerForm::UpstreamCommit, "abcdef0123".to_string()),
                (TrailerForm::BackportOf, "0123456789abcdef".to_string()),
                (TrailerForm::UpstreamCommit, "1111111222222".to_string()),
                (TrailerForm::CherryPicked, "deadbeefcafe".to_string()),
            ]
        );
    }

    #[test]
    fn ignores_what_is_not_a_commit_id() {
        for msg in [
            &b"(cherry picked from commit 123abc)"[..],
            b"Backport of deadbeefx",
            b"backport of the fix",
            b"see upstream commit message",
            b"",
        ] {
            assert_eq!(upstream_refs(msg), vec![], "{msg:?}");
        }
    }
}
