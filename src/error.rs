//! The error that reaches the user: a kind that decides the exit code, one
//! clear message and a hint.
//!
//! Modules keep their own `thiserror` enums; the command layer turns them into
//! a [`Failure`] at the edge, choosing the kind and writing the hint there,
//! where it knows what the user was doing.

use std::fmt;

/// Exit code: the work is done.
pub const EXIT_OK: i32 = 0;
/// Exit code: a person must decide (unplaced hunks, conflicts).
pub const EXIT_NEEDS_PERSON: i32 = 1;
/// Exit code: bad usage or bad input.
pub const EXIT_USAGE: i32 = 2;

/// Who must act on a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The command line was wrong (unknown revision, missing file).
    Usage,
    /// An input was wrong (malformed patch, unreadable file).
    Input,
    /// A person must look at the result (hunks that could not be placed).
    NeedsPerson,
    /// Something ferry did not expect; a bug or an environment problem.
    Internal,
}

/// A failure as shown to the user: `error: <message>` then `hint: <hint>`.
#[derive(Debug)]
pub struct Failure {
    /// Who must act.
    pub kind: FailureKind,
    /// What went wrong, naming the file and line where there is one.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Failure {
    /// A usage error with a hint.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            kind: FailureKind::Usage,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// An input error with a hint.
    pub fn input(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            kind: FailureKind::Input,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// The exit code for this failure.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            FailureKind::NeedsPerson => EXIT_NEEDS_PERSON,
            FailureKind::Usage | FailureKind::Input | FailureKind::Internal => EXIT_USAGE,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Failure {}

/// Finds the [`Failure`] in an error chain, or calls the error internal.
pub fn classify(err: &anyhow::Error) -> Failure {
    if let Some(f) = err.downcast_ref::<Failure>() {
        return Failure {
            kind: f.kind,
            message: f.message.clone(),
            hint: f.hint.clone(),
        };
    }
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        message.push_str(": ");
        message.push_str(&cause.to_string());
    }
    Failure {
        kind: FailureKind::Internal,
        message,
        hint: None,
    }
}
