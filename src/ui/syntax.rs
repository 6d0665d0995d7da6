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
use std::sync::Arc;
use std::time::Duration;

use super::highlight::{DocId, Highlighter, Span};
use super::theme::Theme;
use crate::decide::ItemRef;

/// A document the panes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKey {
    /// A file's legacy text.
    Legacy(usize),
    /// An item's upstream hunk lines.
    Upstream(ItemRef),
    /// The new lines an item's shown place puts in (by candidate; `usize::MAX`
    /// for a person's own lines, which change with every edit).
    New(ItemRef, usize),
}

/// Highlighted spans of a line: byte ranges of the raw line and their styles.
pub type LineSpans = Vec<Span>;

/// The documents opened for highlighting and their spans.
#[derive(Default)]
pub struct Highlights {
    highlighter: Option<Highlighter>,
    docs: RefCell<HashMap<DocKey, (DocId, usize)>>,
}

impl std::fmt::Debug for Highlights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlights")
            .field("on", &self.highlighter.is_some())
            .field("docs", &self.docs.borrow().len())
            .finish()
    }
}

impl Highlights {
    /// No highlighting: every line is drawn plain.
    pub fn off() -> Highlights {
        Highlights::default()
    }

    /// Highlighting in `theme`'s syntax colours, on a worker thread.
    pub fn new(theme: &Theme) -> Highlights {
        Highlights {
            highlighter: Some(Highlighter::new(theme)),
            docs: RefCell::default(),
        }
    }

    /// Opens a document once; `version` tells a changed document (a new
    /// edit of a person's lines) from the one already open.
    pub fn open(
        &self,
        key: DocKey,
        version: usize,
        path: &[u8],
        lines: impl FnOnce() -> Vec<Vec<u8>>,
    ) {
        let Some(h) = &self.highlighter else {
            return;
        };
        let mut docs = self.docs.borrow_mut();
        match docs.get(&key) {
            Some((_, v)) if *v == version => {}
            Some((old, _)) => {
                h.close(*old);
                docs.insert(key, (h.open(path, Arc::new(lines())), version));
            }
            None => {
                docs.insert(key, (h.open(path, Arc::new(lines())), version));
            }
        }
    }

    fn doc(&self, key: DocKey) -> Option<DocId> {
        self.docs.borrow().get(&key).map(|(id, _)| *id)
    }

    /// Asks for spans of `rows` of a document, without waiting.
    pub fn request(&self, key: DocKey, rows: Range<usize>) {
        if let (Some(h), Some(doc)) = (&self.highlighter, self.doc(key)) {
            h.request(doc, rows);
        }
    }

    /// The spans of a line, if they are ready.
    pub fn spans(&self, key: DocKey, line: usize) -> Option<LineSpans> {
        self.highlighter.as_ref()?.spans(self.doc(key)?, line)
    }

    /// Whether new spans arrived since the last call (the screen is stale).
    pub fn take_updated(&self) -> bool {
        self.highlighter
            .as_ref()
            .is_some_and(Highlighter::take_updated)
    }

    /// Waits until the requests so far are served (tests and benchmarks).
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        self.highlighter
            .as_ref()
            .is_none_or(|h| h.wait_idle(timeout))
    }
}
