//! Who wrote a commit, when, and what they said about it.
//!
//! Names, e-mail addresses and messages are bytes in git (a commit may carry
//! an `encoding` header, or none and Latin-1 anyway). Each is kept twice: as
//! the raw bytes, which a backport commit must carry over unchanged, and as a
//! lossily decoded `String` for display and matching. The rejected
//! alternative, keeping only a `git2::Signature`, cannot represent a name
//! that is not UTF-8 at all (its constructor takes `&str`), so
//! [`Person::signature`] is a convenience that is exact only when
//! [`Person::is_utf8`] holds; a writer that must be exact builds the commit
//! object from the bytes.

use git2::Oid;

use super::{GitError, Repo};

/// An author or committer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name, decoded lossily (for display).
    pub name: String,
    /// The e-mail address without angle brackets, decoded lossily.
    pub email: String,
    /// The name exactly as stored in the commit.
    pub name_bytes: Vec<u8>,
    /// The e-mail address exactly as stored in the commit.
    pub email_bytes: Vec<u8>,
    /// Seconds since the Unix epoch.
    pub time: i64,
    /// The writer's time-zone offset from UTC in minutes (`+0100` is 60).
    pub offset_minutes: i32,
}

impl Person {
    fn from_signature(sig: &git2::Signature<'_>) -> Person {
        let when = sig.when();
        Person {
            name: String::from_utf8_lossy(sig.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(sig.email_bytes()).into_owned(),
            name_bytes: sig.name_bytes().to_vec(),
            email_bytes: sig.email_bytes().to_vec(),
            time: when.seconds(),
            offset_minutes: when.offset_minutes(),
        }
    }

    /// Whether name and e-mail are UTF-8, so [`Person::signature`] is exact.
    pub fn is_utf8(&self) -> bool {
        std::str::from_utf8(&self.name_bytes).is_ok()
            && std::str::from_utf8(&self.email_bytes).is_ok()
    }

    /// The same person and time as a `git2::Signature`, for committing.
    pub fn signature(&self) -> Result<git2::Signature<'static>, GitError> {
        let when = git2::Time::new(self.time, self.offset_minutes);
        git2::Signature::new(&self.name, &self.email, &when).map_err(|git| GitError::Signature {
            name: self.name.clone(),
            email: self.email.clone(),
            git,
        })
    }
}

/// What a commit says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The commit id.
    pub oid: Oid,
    /// The full hex id.
    pub id: String,
    /// The shortest unambiguous abbreviation (at least `core.abbrev`, 7 by default).
    pub short: String,
    /// Who wrote the change.
    pub author: Person,
    /// Who made the commit.
    pub committer: Person,
    /// The message, decoded lossily.
    pub message: String,
    /// The message exactly as stored.
    pub message_bytes: Vec<u8>,
    /// The `encoding` header, when the commit has one (e.g. `ISO-8859-1`).
    pub message_encoding: Option<String>,
    /// The first parent; `None` for a root commit.
    pub parent: Option<Oid>,
}

impl CommitInfo {
    /// The subject as git shows it: the first paragraph of the message with
    /// its lines trimmed and joined by spaces.
    pub fn summary(&self) -> String {
        self.message
            .lines()
            .map(str::trim)
            .skip_while(|line| line.is_empty())
            .take_while(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Repo {
    /// Author, committer, message and first parent of a commit.
    pub fn commit_info(&self, oid: Oid) -> Result<CommitInfo, GitError> {
        let commit = self.find_commit(oid)?;
        let message_bytes = commit.message_raw_bytes().to_vec();
        let author = Person::from_signature(&commit.author());
        let committer = Person::from_signature(&commit.committer());
        Ok(CommitInfo {
            oid,
            id: oid.to_string(),
            short: self.short_id(&commit),
            author,
            committer,
            message: String::from_utf8_lossy(&message_bytes).into_owned(),
            message_bytes,
            message_encoding: commit
                .header_field_bytes("encoding")
                .ok()
                .map(|buf| String::from_utf8_lossy(&buf).into_owned()),
            parent: commit.parent_ids().next(),
        })
    }

    /// The shortest unambiguous abbreviation of a commit id; the first seven
    /// hex digits if libgit2 cannot compute it.
    pub(super) fn short_id(&self, commit: &git2::Commit<'_>) -> String {
        commit
            .as_object()
            .short_id()
            .ok()
            .and_then(|buf| buf.as_str().ok().map(str::to_string))
            .unwrap_or_else(|| commit.id().to_string().chars().take(7).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(message: &str) -> CommitInfo {
        let person = Person {
            name: "A".into(),
            email: "a@example.com".into(),
            name_bytes: b"A".to_vec(),
            email_bytes: b"a@example.com".to_vec(),
            time: 0,
            offset_minutes: 0,
        };
        CommitInfo {
            oid: Oid::ZERO_SHA1,
            id: String::new(),
            short: String::new(),
            author: person.clone(),
            committer: person,
            message: message.into(),
            message_bytes: message.as_bytes().to_vec(),
            message_encoding: None,
            parent: None,
        }
    }

    #[test]
    fn summary_is_the_first_paragraph_on_one_line() {
        assert_eq!(info("Fix it\n\nBody.\n").summary(), "Fix it");
        assert_eq!(
            info("\n  Fix the\n parser  \n\nBody\n").summary(),
            "Fix the parser"
        );
        assert_eq!(info("").summary(), "");
        assert_eq!(info("one line").summary(), "one line");
    }

    #[test]
    fn signature_round_trips_a_utf8_person() {
        let person = Person {
            name: "Zoë".into(),
            email: "zoe@example.com".into(),
            name_bytes: "Zoë".as_bytes().to_vec(),
            email_bytes: b"zoe@example.com".to_vec(),
            time: 1_700_000_000,
            offset_minutes: -300,
        };
        assert!(person.is_utf8());
        let sig = person.signature().unwrap();
        assert_eq!(Person::from_signature(&sig), person);
    }

    #[test]
    fn signature_refuses_angle_brackets_with_the_name() {
        let person = Person {
            name: "a <b>".into(),
            email: "c".into(),
            name_bytes: b"a <b>".to_vec(),
            email_bytes: b"c".to_vec(),
            time: 0,
            offset_minutes: 0,
        };
        let err = person.signature().err().map(|e| e.to_string()).unwrap();
        assert!(err.starts_with("cannot use 'a <b> <c>'"), "{err}");
    }
}
