//! The plain-text report of a review: one line per pair (class, file, hunk,
//! legacy lines, note), the word diff under each adapted pair, and the
//! counts.
//!
//! The word diff is written the way `git diff --word-diff=plain` writes
//! one: `[-upstream-]{+backport+}` for a real difference; renames and
//! whitespace are marked apart from it, as `[~buf=>buffer~]` and `[~ws~]`,
//! so a reader sees at a glance which lines only need a look.

use super::model::{BackportReview, Class, LineRole, ReviewPair, Side, Tag, WordLine};

/// The review as text.
pub fn to_text(review: &BackportReview) -> String {
    let mut out = format!(
        "review {} {}\n  upstream {} {} (found by {})\n",
        review.backport.short,
        review.backport.subject,
        review.upstream.short,
        review.upstream.subject,
        review.found_by.name()
    );
    for p in &review.pairs {
        out.push_str(&pair_line(p));
        if p.class == Class::Adapted {
            for w in &p.words {
                out.push_str(&word_line(w));
            }
        }
    }
    let s = &review.summary;
    out.push_str(&format!(
        "{} pairs: {} identical, {} relocated, {} adapted, {} missing, {} already present, {} extra\n",
        s.pairs, s.identical, s.relocated, s.adapted, s.missing, s.already_present, s.extra
    ));
    out
}

/// `1-4`, `7`, or `-` for the legacy lines a side covers.
fn lines_of(side: Option<&Side>) -> String {
    let Some(side) = side else {
        return "-".into();
    };
    let mut changed = side
        .lines
        .iter()
        .filter(|l| l.role != LineRole::Context)
        .filter_map(|l| l.old_line.or(l.new_line));
    match (changed.next(), changed.next_back()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => side.old_start.to_string(),
    }
}

fn pair_line(p: &ReviewPair) -> String {
    let hunk = p
        .hunk
        .map_or("-".to_string(), |h| format!("hunk {}", h + 1));
    format!(
        "{:<15} {} {} legacy {}: {}\n",
        p.class.name(),
        String::from_utf8_lossy(&p.file),
        hunk,
        lines_of(p.backport.as_ref()),
        p.note
    )
}

fn word_line(w: &WordLine) -> String {
    let mark = match w.role {
        LineRole::Removed => '-',
        _ => '+',
    };
    let mut text = String::new();
    for s in &w.segments {
        let (u, b) = (
            String::from_utf8_lossy(&s.upstream),
            String::from_utf8_lossy(&s.backport),
        );
        match s.tag {
            Tag::Same => text.push_str(&u),
            Tag::Renamed => text.push_str(&format!("[~{u}=>{b}~]")),
            Tag::Reindented => text.push_str(&b),
            Tag::Differs => {
                if !u.is_empty() {
                    text.push_str(&format!("[-{u}-]"));
                }
                if !b.is_empty() {
                    text.push_str(&format!("{{+{b}+}}"));
                }
            }
        }
    }
    let ws = if w.segments.iter().any(|s| s.tag == Tag::Reindented) {
        "[~ws~] "
    } else {
        ""
    };
    format!("    {mark} {ws}{}\n", text.trim_end_matches('\r'))
}
