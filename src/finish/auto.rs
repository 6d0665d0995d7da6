//! The `--auto` decider: takes what ferry is sure of and stops at the first
//! commit that needs a person.

use crate::decide::{Decider, Decision, Decisions, Outcome, Review, SaveError};
use crate::killpoint;
use crate::place::Status;
use crate::port::FileOutcome;

/// Decides without a person: every item nobody has decided gets what
/// [`Decisions::auto`] gives it (placed hunks and created or deleted files
/// taken, what needs nothing skipped); decisions already made (saved by the
/// TUI before a resume) are kept. It commits when every item is decided and
/// none needs a person, and pauses otherwise.
///
/// A hunk whose lines are not in the legacy file (not applicable) needs a
/// person even though [`Decisions::auto`] skips it: committing the rest
/// without it could be a fix with a piece missing, and `--auto` never takes
/// that risk.
#[derive(Debug, Default, Clone, Copy)]
pub struct AutoDecider;

impl Decider for AutoDecider {
    fn decide(
        &mut self,
        review: &Review,
        decisions: &mut Decisions,
        save: &mut dyn FnMut(&Decisions) -> Result<(), SaveError>,
        message: &dyn Fn(&Decisions) -> String,
    ) -> Result<Outcome, SaveError> {
        let auto = Decisions::auto(&review.plans);
        let mut changed = false;
        for (item, d) in auto.items() {
            if decisions.get(item) == Some(&Decision::Undecided) && *d != Decision::Undecided {
                changed |= decisions.set(item, d.clone())?;
            }
        }
        if changed {
            killpoint::reached("decide");
            save(decisions)?;
        }
        if !decisions.is_complete() || needs_person(review, decisions) {
            return Ok(Outcome::Pause);
        }
        Ok(Outcome::Commit {
            message: message(decisions),
        })
    }
}

/// Whether a not-applicable hunk is left out.
fn needs_person(review: &Review, decisions: &Decisions) -> bool {
    decisions.items().any(|(item, d)| {
        let Some(plan) = review.plans.get(item.file) else {
            return false;
        };
        matches!(plan.outcome, FileOutcome::Modify)
            && *d == Decision::Skip
            && plan
                .hunks
                .get(item.hunk)
                .is_some_and(|h| h.status == Status::NotApplicable)
    })
}
