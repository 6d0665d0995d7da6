//! Outlines of recently seen file contents, so asking again is free.
//!
//! Parsing dominates the cost of an outline (tens of milliseconds for a
//! 5,000-line file, against well under one for hashing it), and placement
//! meets the same file version once per hunk. Callers could thread outlines
//! through every strategy by hand; a small per-thread memo keyed by the
//! content makes the obvious code fast instead. Keys are a keyed SipHash of
//! the bytes plus their length and language: a random per-thread key means
//! crafted input cannot aim for a collision.

use std::cell::RefCell;
use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::sync::Arc;

use super::{outline, Lang, Outline, SyntaxError};

/// How many outlines each thread keeps: more than the files one commit
/// usually touches, twice over (pre-image and legacy).
const CAPACITY: usize = 32;

/// One remembered outline.
struct Entry {
    /// The language it was parsed as.
    lang: Lang,
    /// The source length.
    len: usize,
    /// The keyed hash of the source.
    hash: u64,
    /// The outline.
    outline: Arc<Outline>,
}

thread_local! {
    /// This thread's hash key.
    static KEY: RandomState = RandomState::new();
    /// This thread's outlines, most recently used last.
    static MEMO: RefCell<VecDeque<Entry>> = const { RefCell::new(VecDeque::new()) };
}

/// [`outline`], remembered: the same bytes in the same language on the same
/// thread are parsed once while they stay among the last few asked for.
pub fn cached_outline(lang: Lang, source: &[u8]) -> Result<Arc<Outline>, SyntaxError> {
    let hash = KEY.with(|key| key.hash_one(source));
    let matches = |e: &Entry| e.lang == lang && e.len == source.len() && e.hash == hash;
    let found = MEMO.with(|cell| {
        let mut memo = cell.try_borrow_mut().ok()?;
        let at = memo.iter().position(matches)?;
        let entry = memo.remove(at)?;
        let outline = Arc::clone(&entry.outline);
        memo.push_back(entry);
        Some(outline)
    });
    if let Some(outline) = found {
        return Ok(outline);
    }
    let parsed = Arc::new(outline(lang, source)?);
    MEMO.with(|cell| {
        if let Ok(mut memo) = cell.try_borrow_mut() {
            if memo.len() >= CAPACITY {
                memo.pop_front();
            }
            memo.push_back(Entry {
                lang,
                len: source.len(),
                hash,
                outline: Arc::clone(&parsed),
            });
        }
    });
    Ok(parsed)
}
