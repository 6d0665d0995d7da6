//! The view's side of syntax highlighting: which documents the panes show
//! (legacy files, upstream hunks, a candidate's new lines) and the spans of
//! their lines, from a cache only.
//!
//! Highlighting itself runs elsewhere, off the draw path: the panes ask for
//! the lines they show and draw them plain until the spans are ready, then
//! the event loop redraws. A pane never waits for a highlighter.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use ratatui::style::Style;

use crate::decide::ItemRef;

/// A document the panes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKey {
    /// A file's legacy text.
    Legacy(usize),
    /// An item's upstream hunk lines.
    Upstream(ItemRef),
    /// The new lines an item's shown place puts in (by candidate; `usize::MAX`
    /// for a person's own lines).
    New(ItemRef, usize),
}

/// Highlighted spans of a line: byte ranges of the raw line and their styles.
pub type LineSpans = Vec<(Style, Range<usize>)>;

/// The documents opened for highlighting and their spans.
#[derive(Default)]
pub struct Highlights {
    docs: RefCell<HashMap<DocKey, usize>>,
}

impl std::fmt::Debug for Highlights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlights")
            .field("docs", &self.docs.borrow().len())
            .finish()
    }
}

impl Highlights {
    /// No highlighting: every line is drawn plain.
    pub fn off() -> Highlights {
        Highlights::default()
    }

    /// Opens a document once (cheap when already open).
    pub fn open(&self, key: DocKey, _path: &[u8], lines: impl FnOnce() -> Vec<Vec<u8>>) {
        let mut docs = self.docs.borrow_mut();
        let next = docs.len();
        docs.entry(key).or_insert_with(|| {
            drop(lines);
            next
        });
    }

    /// Asks for spans of `rows` of a document, without waiting.
    pub fn request(&self, _key: DocKey, _rows: Range<usize>) {}

    /// The spans of a line, if they are ready.
    pub fn spans(&self, _key: DocKey, _line: usize) -> Option<LineSpans> {
        None
    }

    /// Whether new spans arrived since the last call (the screen is stale).
    pub fn take_updated(&self) -> bool {
        false
    }
}
