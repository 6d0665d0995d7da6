//! The review comment: what a reviewer said in the interactive view, one
//! entry per pair that got a verdict, ready to paste under the backport's
//! merge request. Pairs without a verdict are left out; the counts say how
//! many were not looked at.

use super::model::{BackportReview, Mark, ReviewPair};

/// Where a pair is, for a reader: `src/io.c hunk 2` or `src/io.c (extra)`.
pub fn pair_place(p: &ReviewPair) -> String {
    let file = String::from_utf8_lossy(&p.file);
    match p.hunk {
        Some(h) => format!("{file} hunk {}", h + 1),
        None => format!("{file} (extra)"),
    }
}

/// The comment, or `None` when no pair has a verdict.
pub fn comment(review: &BackportReview) -> Option<String> {
    let judged: Vec<&ReviewPair> = review
        .pairs
        .iter()
        .filter(|p| p.verdict.is_some())
        .collect();
    if judged.is_empty() {
        return None;
    }
    let count = |m: Mark| {
        judged
            .iter()
            .filter(|p| p.verdict.as_ref().is_some_and(|v| v.mark == m))
            .count()
    };
    let mut out = format!(
        "Review of {} {} (upstream {} {}): {} fine, {} questionable, {} not reviewed\n\n",
        review.backport.short,
        review.backport.subject,
        review.upstream.short,
        review.upstream.subject,
        count(Mark::Fine),
        count(Mark::Questionable),
        review.pairs.len() - judged.len()
    );
    for p in judged {
        let Some(v) = &p.verdict else { continue };
        let mark = match v.mark {
            Mark::Fine => "fine",
            Mark::Questionable => "questionable",
        };
        out.push_str(&format!("- {mark}: {} ({})", pair_place(p), p.class.name()));
        let mut note = v.note.trim().lines();
        if let Some(first) = note.next() {
            out.push_str(&format!(": {first}"));
        }
        out.push('\n');
        for more in note {
            out.push_str(&format!("  {more}\n"));
        }
    }
    Some(out)
}
