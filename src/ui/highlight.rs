//! Syntax colours for code panes, computed off the draw path.
//!
//! One [`Highlighter`] per TUI session owns a worker thread. The event loop
//! registers documents ([`Highlighter::open`]), asks for the lines on screen
//! ([`Highlighter::request`], which never blocks) and reads finished spans
//! from a cache ([`Highlighter::spans`], a brief lock). A line not ready yet
//! is drawn plain, and [`Highlighter::take_updated`] tells the loop to
//! redraw once spans arrive. So a key press never waits for syntect, and the
//! slow loading of syntect's syntaxes (tens of milliseconds) happens on the
//! worker, not before the first frame.
//!
//! The worker carries syntect's parse state from line to line and keeps a
//! checkpoint every [`CHECKPOINT_EVERY`] lines, so a jump into the middle of a
//! long file re-parses only from the nearest checkpoint below; the first jump
//! parses from the top once (syntect's state cannot be guessed mid-file).
//! Until that first exact parse reaches a screen far down, the screen is
//! coloured approximately, parsing from a fresh state [`APPROX_LEAD`] lines
//! above it (right unless a comment or string spans those lines), and the
//! exact spans replace those when they arrive.
//! Lines over [`MAX_LINE_BYTES`] are neither parsed nor coloured: the state
//! passes over them unchanged, so one minified line cannot stall the worker.
//! Rejected: highlighting whole files up front (bat's way, fine for a
//! pager, but seconds of work on a 50,000-line file the user may never
//! scroll) and highlighting on the draw path (gitui's small files allow it;
//! ferry's budget of 16 ms per frame on a 50,000-line file does not).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ratatui::style::{Color, Modifier, Style};
use syntect::highlighting::{
    Color as SynColor, FontStyle, HighlightState, Highlighter as SynHighlighter,
    RangedHighlightIterator, Style as SynStyle, Theme as SynTheme, ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};

use super::theme::Theme;

/// Lines between two saved parse states.
pub const CHECKPOINT_EVERY: usize = 64;

/// A screen farther than this below the nearest saved state is first
/// coloured approximately (see [`APPROX_LEAD`]) before the exact pass.
pub const APPROX_AFTER: usize = 1024;

/// Lines above the screen the approximate pass starts parsing, from a fresh
/// state, as editors "sync" highlighting a few hundred lines back.
pub const APPROX_LEAD: usize = 300;

/// Lines longer than this many bytes stay plain and are not parsed.
pub const MAX_LINE_BYTES: usize = 4096;

/// Cached lines kept per document; beyond it, lines far from the last
/// request are dropped.
const CACHE_LINES_PER_DOC: usize = 4096;

/// Documents whose spans stay cached; the least recently requested is
/// emptied first (its parse checkpoints stay, so it comes back quickly).
const CACHE_DOCS: usize = 8;

/// Lines highlighted between two looks at new requests and two cache writes.
const BATCH: usize = 64;

/// A style over a byte range of one line.
pub type Span = (Style, Range<usize>);

/// A document registered with [`Highlighter::open`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocId(u64);

/// Highlights documents on a worker thread; see the module doc.
pub struct Highlighter {
    /// `None` when colour is off or the worker could not start.
    sender: Option<Sender<Job>>,
    shared: Arc<Shared>,
    next_doc: AtomicU64,
    worker: Option<JoinHandle<()>>,
}

/// What the caller's thread and the worker share.
#[derive(Default)]
struct Shared {
    state: Mutex<SharedState>,
    idle: Condvar,
    updated: AtomicBool,
    lines_parsed: AtomicU64,
}

#[derive(Default)]
struct SharedState {
    /// Jobs sent and not yet finished.
    pending: usize,
    docs: HashMap<DocId, DocSpans>,
    /// Counts requests, to find the least recently used document.
    clock: u64,
}

/// The finished spans of one document.
struct DocSpans {
    len: usize,
    lines: HashMap<usize, Line>,
    used: u64,
}

/// The spans of one line, and whether they came from the exact parse.
struct Line {
    spans: Vec<Span>,
    exact: bool,
}

enum Job {
    Open {
        doc: DocId,
        path: Vec<u8>,
        lines: Arc<Vec<Vec<u8>>>,
    },
    Request {
        doc: DocId,
        range: Range<usize>,
    },
    Close {
        doc: DocId,
    },
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, SharedState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Marks `n` jobs finished and wakes [`Highlighter::wait_idle`].
    fn done(&self, n: usize) {
        let mut state = self.lock();
        state.pending = state.pending.saturating_sub(n);
        if state.pending == 0 {
            self.idle.notify_all();
        }
    }
}

impl Highlighter {
    /// Starts a highlighter for the theme's syntect theme; returns at once.
    /// With colour off ([`Theme::has_color`] false) it never produces spans.
    pub fn new(theme: &Theme) -> Highlighter {
        let shared = Arc::new(Shared::default());
        let mut highlighter = Highlighter {
            sender: None,
            shared: Arc::clone(&shared),
            next_doc: AtomicU64::new(0),
            worker: None,
        };
        if !theme.has_color() {
            return highlighter;
        }
        let (sender, receiver) = mpsc::channel();
        let name = theme.syntax_theme().to_owned();
        let spawned = std::thread::Builder::new()
            .name("ferry-highlight".into())
            .spawn(move || Worker::start(receiver, shared, &name).run());
        if let Ok(handle) = spawned {
            highlighter.sender = Some(sender);
            highlighter.worker = Some(handle);
        }
        highlighter
    }

    /// Registers a document; its language comes from the path's extension
    /// (or file name, or a `#!` first line), plain text when unknown.
    pub fn open(&self, path: &[u8], lines: Arc<Vec<Vec<u8>>>) -> DocId {
        let doc = DocId(self.next_doc.fetch_add(1, Ordering::Relaxed));
        if self.sender.is_some() {
            self.shared.lock().docs.insert(
                doc,
                DocSpans {
                    len: lines.len(),
                    lines: HashMap::new(),
                    used: 0,
                },
            );
            self.send(Job::Open {
                doc,
                path: path.to_vec(),
                lines,
            });
        }
        doc
    }

    /// Forgets a document and its cached spans.
    pub fn close(&self, doc: DocId) {
        if self.sender.is_some() && self.shared.lock().docs.remove(&doc).is_some() {
            self.send(Job::Close { doc });
        }
    }

    /// Asks for spans of these lines; never blocks. Cheap to call every
    /// frame: lines already cached are not asked for again.
    pub fn request(&self, doc: DocId, range: Range<usize>) {
        if self.sender.is_none() {
            return;
        }
        {
            let mut state = self.shared.lock();
            state.clock += 1;
            let clock = state.clock;
            let Some(spans) = state.docs.get_mut(&doc) else {
                return;
            };
            spans.used = clock;
            let range = range.start.min(spans.len)..range.end.min(spans.len);
            if range
                .clone()
                .all(|line| spans.lines.get(&line).is_some_and(|l| l.exact))
            {
                return;
            }
        }
        self.send(Job::Request { doc, range });
    }

    /// The spans of one line (byte ranges of that line, in order, not
    /// overlapping; bytes outside every span take the pane's style), or
    /// `None` when not ready: draw the line plain then.
    pub fn spans(&self, doc: DocId, line: usize) -> Option<Vec<Span>> {
        let state = self.shared.lock();
        Some(state.docs.get(&doc)?.lines.get(&line)?.spans.clone())
    }

    /// Whether spans arrived since the last call: the event loop redraws then.
    pub fn take_updated(&self) -> bool {
        self.shared.updated.swap(false, Ordering::AcqRel)
    }

    /// Waits until every request so far is served, at most `timeout`;
    /// returns whether it is. For tests and benchmarks, not the event loop.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.shared.lock();
        while state.pending > 0 {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            state = match self.shared.idle.wait_timeout(state, deadline - now) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        true
    }

    /// How many lines the worker has run through syntect's parser so far;
    /// shows that checkpoints spare re-parsing.
    pub fn lines_parsed(&self) -> u64 {
        self.shared.lines_parsed.load(Ordering::Relaxed)
    }

    fn send(&self, job: Job) {
        let Some(sender) = &self.sender else { return };
        self.shared.lock().pending += 1;
        if sender.send(job).is_err() {
            self.shared.done(1);
        }
    }
}

impl Drop for Highlighter {
    fn drop(&mut self) {
        // Closing the channel stops the worker at its next look at it.
        self.sender = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The worker's view of one document.
struct Doc {
    lines: Arc<Vec<Vec<u8>>>,
    /// The parse state before line 0.
    initial: ParseState,
    /// Parse state and scope stack before line `k`, for `k` a multiple of
    /// [`CHECKPOINT_EVERY`].
    checkpoints: BTreeMap<usize, (ParseState, ScopeStack)>,
    /// The state where the last piece of work stopped, so scrolling on
    /// continues without going back to a checkpoint.
    resume: Option<(usize, ParseState, ScopeStack)>,
}

/// Why serving a request stopped early.
enum Stop {
    /// The highlighter was dropped.
    Disconnected,
    /// A newer request or a close for the same document is waiting.
    Superseded,
}

struct Worker {
    receiver: Receiver<Job>,
    shared: Arc<Shared>,
    syntaxes: SyntaxSet,
    theme: SynTheme,
    docs: HashMap<DocId, Doc>,
    /// Requests to serve, at most one per document.
    queue: VecDeque<(DocId, Range<usize>)>,
    /// Jobs received while serving, applied after it.
    inbox: VecDeque<Job>,
}

impl Worker {
    /// Loads syntect's assets: the slow part, done on the worker thread.
    fn start(receiver: Receiver<Job>, shared: Arc<Shared>, theme: &str) -> Worker {
        let mut themes = ThemeSet::load_defaults();
        let theme = themes
            .themes
            .remove(theme)
            .or_else(|| themes.themes.remove("base16-ocean.dark"))
            .unwrap_or_default();
        Worker {
            receiver,
            shared,
            syntaxes: SyntaxSet::load_defaults_newlines(),
            theme,
            docs: HashMap::new(),
            queue: VecDeque::new(),
            inbox: VecDeque::new(),
        }
    }

    fn run(mut self) {
        loop {
            if self.queue.is_empty() && self.inbox.is_empty() {
                match self.receiver.recv() {
                    Ok(job) => self.inbox.push_back(job),
                    Err(_) => return,
                }
            }
            if drain(&self.receiver, &mut self.inbox).is_err() {
                return;
            }
            while let Some(job) = self.inbox.pop_front() {
                self.accept(job);
            }
            let Some((doc, range)) = self.queue.pop_front() else {
                continue;
            };
            let stopped = self.serve(doc, range);
            self.shared.done(1);
            if let Err(Stop::Disconnected) = stopped {
                return;
            }
        }
    }

    /// Applies a job: opens and closes at once, requests into the queue
    /// (a newer request for a document replaces the queued one).
    fn accept(&mut self, job: Job) {
        match job {
            Job::Open { doc, path, lines } => {
                let initial = ParseState::new(self.syntax_for(&path, &lines));
                self.docs.insert(
                    doc,
                    Doc {
                        lines,
                        initial,
                        checkpoints: BTreeMap::new(),
                        resume: None,
                    },
                );
                self.shared.done(1);
            }
            Job::Close { doc } => {
                self.docs.remove(&doc);
                let before = self.queue.len();
                self.queue.retain(|(d, _)| *d != doc);
                self.shared.done(1 + before - self.queue.len());
            }
            Job::Request { doc, range } => {
                if !self.docs.contains_key(&doc) {
                    self.shared.done(1);
                } else if let Some(queued) = self.queue.iter_mut().find(|(d, _)| *d == doc) {
                    queued.1 = range;
                    self.shared.done(1);
                } else {
                    self.queue.push_back((doc, range));
                }
            }
        }
    }

    fn syntax_for(&self, path: &[u8], lines: &[Vec<u8>]) -> &syntect::parsing::SyntaxReference {
        let path = String::from_utf8_lossy(path);
        let file = path.rsplit('/').next().unwrap_or_default();
        let ext = file.rsplit_once('.').map(|(_, ext)| ext);
        ext.and_then(|ext| self.syntaxes.find_syntax_by_extension(ext))
            .or_else(|| self.syntaxes.find_syntax_by_extension(file))
            .or_else(|| {
                let first = String::from_utf8_lossy(lines.first()?);
                self.syntaxes.find_syntax_by_first_line(&first)
            })
            .unwrap_or_else(|| self.syntaxes.find_syntax_plain_text())
    }

    /// Highlights the uncached lines of `range`, catching up from the
    /// nearest saved state and saving checkpoints on the way.
    fn serve(&mut self, id: DocId, range: Range<usize>) -> Result<(), Stop> {
        let Worker {
            receiver,
            shared,
            syntaxes,
            theme,
            docs,
            inbox,
            ..
        } = self;
        let Some(doc) = docs.get_mut(&id) else {
            return Ok(());
        };
        let Some(todo) = missing(shared, id, range.start..range.end.min(doc.lines.len())) else {
            return Ok(());
        };
        let mut poll = || -> Result<(), Stop> {
            drain(receiver, inbox).map_err(|()| Stop::Disconnected)?;
            let newer = inbox.iter().any(|job| match job {
                Job::Request { doc, range: r } => *doc == id && *r != range,
                Job::Close { doc } => *doc == id,
                Job::Open { .. } => false,
            });
            if newer {
                Err(Stop::Superseded)
            } else {
                Ok(())
            }
        };

        let (mut at, mut parse, mut stack) = doc.start_before(todo.start);
        let highlighter = SynHighlighter::new(theme);
        let plain_fg = theme.settings.foreground;
        if todo.start - at > APPROX_AFTER {
            let mut parse = doc.initial.clone();
            let mut stack = ScopeStack::new();
            let lines = &doc.lines;
            let line = |l: usize| lines.get(l).map(Vec::as_slice).unwrap_or_default();
            for l in todo.start.saturating_sub(APPROX_LEAD)..todo.start {
                catch_up(syntaxes, shared, &mut parse, &mut stack, line(l));
            }
            let mut state = HighlightState::new(&highlighter, stack);
            let batch = todo
                .clone()
                .map(|l| {
                    let spans = colour_line(
                        syntaxes,
                        shared,
                        &mut parse,
                        &mut state,
                        &highlighter,
                        plain_fg,
                        line(l),
                    );
                    (l, spans)
                })
                .collect();
            publish(shared, id, &todo, batch, false);
            poll()?;
        }
        let lines = Arc::clone(&doc.lines);
        let mut highlight: Option<HighlightState> = None;
        let mut batch: Vec<(usize, Vec<Span>)> = Vec::new();
        let result = loop {
            if at >= todo.end {
                break Ok(());
            }
            if at == todo.start {
                highlight = Some(HighlightState::new(&highlighter, stack.clone()));
            }
            let line = lines.get(at).map(Vec::as_slice).unwrap_or_default();
            let spans = match highlight.as_mut() {
                None => {
                    catch_up(syntaxes, shared, &mut parse, &mut stack, line);
                    None
                }
                Some(state) => Some(colour_line(
                    syntaxes,
                    shared,
                    &mut parse,
                    state,
                    &highlighter,
                    plain_fg,
                    line,
                )),
            };
            if let Some(spans) = spans {
                batch.push((at, spans));
            }
            at += 1;
            let stack_now = highlight.as_ref().map_or(&stack, |h| &h.path);
            if at % CHECKPOINT_EVERY == 0 {
                doc.checkpoints
                    .entry(at)
                    .or_insert_with(|| (parse.clone(), stack_now.clone()));
            }
            if batch.len() >= BATCH {
                publish(shared, id, &todo, std::mem::take(&mut batch), true);
            }
            if at % BATCH == 0 {
                if let Err(stop) = poll() {
                    break Err(stop);
                }
            }
        };
        publish(shared, id, &todo, batch, true);
        let stack = highlight.map_or(stack, |h| h.path);
        doc.resume = Some((at, parse, stack));
        result
    }
}

impl Doc {
    /// The latest saved state at or before `line`, and its line.
    fn start_before(&self, line: usize) -> (usize, ParseState, ScopeStack) {
        let checkpoint = self.checkpoints.range(..=line).next_back();
        let resume = self.resume.as_ref().filter(|(at, ..)| *at <= line);
        match (checkpoint, resume) {
            (Some((cp, _)), Some((at, parse, stack))) if at >= cp => {
                (*at, parse.clone(), stack.clone())
            }
            (Some((cp, (parse, stack))), _) => (*cp, parse.clone(), stack.clone()),
            (None, Some((at, parse, stack))) => (*at, parse.clone(), stack.clone()),
            (None, None) => (0, self.initial.clone(), ScopeStack::new()),
        }
    }
}

/// Moves received jobs into the inbox; `Err` when the highlighter is gone.
fn drain(receiver: &Receiver<Job>, inbox: &mut VecDeque<Job>) -> Result<(), ()> {
    loop {
        match receiver.try_recv() {
            Ok(job) => inbox.push_back(job),
            Err(TryRecvError::Empty) => return Ok(()),
            Err(TryRecvError::Disconnected) => return Err(()),
        }
    }
}

/// The smallest range covering the lines of `range` not cached, if any.
fn missing(shared: &Shared, doc: DocId, range: Range<usize>) -> Option<Range<usize>> {
    let state = shared.lock();
    let cached = &state.docs.get(&doc)?.lines;
    let inexact = |l: &usize| !cached.get(l).is_some_and(|line| line.exact);
    let first = range.clone().find(inexact)?;
    let last = range.rev().find(inexact)?;
    Some(first..last + 1)
}

/// Stores finished lines (approximate ones never over exact ones), keeps
/// the cache bounded, and flags a redraw.
fn publish(
    shared: &Shared,
    doc: DocId,
    around: &Range<usize>,
    batch: Vec<(usize, Vec<Span>)>,
    exact: bool,
) {
    if batch.is_empty() {
        return;
    }
    let mut state = shared.lock();
    let Some(spans) = state.docs.get_mut(&doc) else {
        return;
    };
    for (at, line) in batch {
        let line = Line { spans: line, exact };
        if exact {
            spans.lines.insert(at, line);
        } else {
            spans.lines.entry(at).or_insert(line);
        }
    }
    if spans.lines.len() > CACHE_LINES_PER_DOC {
        let keep = around.start.saturating_sub(CACHE_LINES_PER_DOC / 2)
            ..around.end.saturating_add(CACHE_LINES_PER_DOC / 2);
        spans.lines.retain(|line, _| keep.contains(line));
    }
    let filled = state.docs.values().filter(|d| !d.lines.is_empty()).count();
    if filled > CACHE_DOCS {
        let oldest = state
            .docs
            .iter()
            .filter(|(id, d)| **id != doc && !d.lines.is_empty())
            .min_by_key(|(_, d)| d.used)
            .map(|(id, _)| *id);
        if let Some(spans) = oldest.and_then(|id| state.docs.get_mut(&id)) {
            spans.lines.clear();
        }
    }
    shared.updated.store(true, Ordering::Release);
}

/// A line as syntect takes it: lossy UTF-8 ending in `\n`, without a
/// trailing `\r`, and where each of its bytes came from in the original.
struct Decoded {
    text: String,
    /// Original offset of each decoded offset up to the content's end;
    /// `None` when they are equal (valid UTF-8).
    origin: Option<Vec<usize>>,
}

impl Decoded {
    fn new(line: &[u8]) -> Decoded {
        let content = crate::text::without_cr(line);
        if let Ok(text) = std::str::from_utf8(content) {
            return Decoded {
                text: format!("{text}\n"),
                origin: None,
            };
        }
        let mut text = String::with_capacity(content.len() + 4);
        let mut origin = Vec::with_capacity(content.len() + 4);
        let mut at = 0;
        for chunk in content.utf8_chunks() {
            let valid = chunk.valid();
            origin.extend(at..at + valid.len());
            text.push_str(valid);
            at += valid.len();
            if !chunk.invalid().is_empty() {
                text.push(char::REPLACEMENT_CHARACTER);
                origin.extend([at; 3]);
                at += chunk.invalid().len();
            }
        }
        origin.push(at);
        text.push('\n');
        Decoded {
            text,
            origin: Some(origin),
        }
    }

    /// The original byte range of a decoded range, clipped to the content.
    fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        let end_of_content = self.text.len() - 1;
        let start = range.start.min(end_of_content);
        let end = range.end.min(end_of_content);
        if start >= end {
            return None;
        }
        match &self.origin {
            None => Some(start..end),
            Some(origin) => Some(*origin.get(start)?..*origin.get(end)?),
        }
    }
}

/// Runs a line through the parser only, carrying the scope stack.
fn catch_up(
    syntaxes: &SyntaxSet,
    shared: &Shared,
    parse: &mut ParseState,
    stack: &mut ScopeStack,
    line: &[u8],
) {
    if line.len() > MAX_LINE_BYTES {
        return;
    }
    let decoded = Decoded::new(line);
    shared.lines_parsed.fetch_add(1, Ordering::Relaxed);
    if let Ok(ops) = parse.parse_line(&decoded.text, syntaxes) {
        for (_, op) in &ops {
            // A scope error leaves the stack as it was, as syntect does.
            let _ = stack.apply(op);
        }
    }
}

/// Parses and colours one line into spans over its original bytes.
fn colour_line(
    syntaxes: &SyntaxSet,
    shared: &Shared,
    parse: &mut ParseState,
    state: &mut HighlightState,
    highlighter: &SynHighlighter<'_>,
    plain_fg: Option<SynColor>,
    line: &[u8],
) -> Vec<Span> {
    if line.len() > MAX_LINE_BYTES {
        return Vec::new();
    }
    let decoded = Decoded::new(line);
    shared.lines_parsed.fetch_add(1, Ordering::Relaxed);
    let Ok(ops) = parse.parse_line(&decoded.text, syntaxes) else {
        return Vec::new();
    };
    let mut spans: Vec<Span> = Vec::new();
    for (style, _, range) in RangedHighlightIterator::new(state, &ops, &decoded.text, highlighter) {
        let Some(style) = to_style(style, plain_fg) else {
            continue;
        };
        let Some(range) = decoded.original(range) else {
            continue;
        };
        match spans.last_mut() {
            Some((last, prev)) if *last == style && prev.end == range.start => {
                prev.end = range.end;
            }
            _ => spans.push((style, range)),
        }
    }
    spans
}

/// The TUI style for a syntect style: foreground, bold and italic only (the
/// pane keeps its background); `None` when it would change nothing.
fn to_style(style: SynStyle, plain_fg: Option<SynColor>) -> Option<Style> {
    let mut out = Style::default();
    let fg = style.foreground;
    if Some(fg) != plain_fg {
        out = out.fg(Color::Rgb(fg.r, fg.g, fg.b));
    }
    if style.font_style.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if style.font_style.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    (out != Style::default()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_maps_back_to_original_bytes() {
        let line = b"a\xffbc\r";
        let d = Decoded::new(line);
        assert_eq!(d.text, "a\u{FFFD}bc\n");
        // "bc" is decoded bytes 4..6, original bytes 2..4.
        assert_eq!(d.original(4..6), Some(2..4));
        // The replacement character maps to the one invalid byte.
        assert_eq!(d.original(1..4), Some(1..2));
        // The newline syntect needs is not part of the line.
        assert_eq!(d.original(6..7), None);
    }

    #[test]
    fn valid_lines_map_to_themselves_without_cr() {
        let d = Decoded::new(b"fn x()\r");
        assert_eq!(d.text, "fn x()\n");
        assert_eq!(d.original(0..7), Some(0..6));
    }
}
