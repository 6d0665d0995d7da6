//! The terminal: raw mode, the alternate screen and mouse capture on the way
//! in, all undone on every way out (a normal return, an error through the
//! guard's `Drop`, a panic through a hook), and the event loop that feeds
//! keys, the mouse and resizes to the [`App`] and carries out its effects.

use std::io::Write;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;

use super::app::{App, Effect, MouseKind};
use super::external;
use super::keys::Key;
use super::view;
use crate::decide::{Decisions, Outcome, SaveError};

/// Whether the terminal is in the TUI's state (for the panic hook).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

fn restore_terminal() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        if MOUSE.load(Ordering::SeqCst) {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, LeaveAlternateScreen, ratatui::crossterm::cursor::Show);
        let _ = disable_raw_mode();
    }
}

fn enter_terminal(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// The terminal in the TUI's state; dropping it restores the terminal.
pub struct Screen {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    mouse: bool,
    /// The SIGTERM or SIGHUP received, 0 if none: the event loop saves,
    /// restores the terminal and exits.
    signal: Arc<AtomicUsize>,
    handlers: Vec<signal_hook::SigId>,
}

/// Catches SIGTERM and SIGHUP (a closed terminal) into `flag`, so they stop
/// the TUI the way quitting does instead of killing it mid-screen.
fn catch_signals(flag: &Arc<AtomicUsize>) -> Vec<signal_hook::SigId> {
    SIGNALS
        .iter()
        .filter_map(|&(sig, _)| {
            signal_hook::flag::register_usize(sig, Arc::clone(flag), sig as usize).ok()
        })
        .collect()
}

/// The signals that stop the view, with their names (no SIGHUP on Windows).
#[cfg(unix)]
const SIGNALS: &[(i32, &str)] = &[
    (signal_hook::consts::SIGTERM, "SIGTERM"),
    (signal_hook::consts::SIGHUP, "SIGHUP"),
];
#[cfg(not(unix))]
const SIGNALS: &[(i32, &str)] = &[(signal_hook::consts::SIGTERM, "SIGTERM")];

impl Screen {
    /// Takes over the terminal.
    pub fn start(mouse: bool) -> io::Result<Screen> {
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore_terminal();
                previous(info);
            }));
        });
        if let Err(e) = enter_terminal(mouse) {
            restore_terminal();
            return Err(e);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(t) => t,
            Err(e) => {
                restore_terminal();
                return Err(e);
            }
        };
        let signal = Arc::new(AtomicUsize::new(0));
        let handlers = catch_signals(&signal);
        Ok(Screen {
            terminal,
            mouse,
            signal,
            handlers,
        })
    }

    /// Draws one frame with `draw`.
    fn draw(&mut self, draw: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        self.terminal
            .draw(|frame| {
                draw(frame);
                view::scrub(frame.buffer_mut());
            })
            .map(|_| ())
    }

    /// Gives the terminal back for a while (to run an editor).
    fn suspend(&mut self) {
        restore_terminal();
    }

    /// Takes the terminal again after [`Screen::suspend`].
    fn resume(&mut self) -> io::Result<()> {
        enter_terminal(self.mouse)?;
        // A resize clears the screen and makes the next frame a full one;
        // `Terminal::clear` would also ask the terminal where its cursor is,
        // which not every terminal answers.
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        for id in self.handlers.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        restore_terminal();
    }
}

/// After SIGTERM or SIGHUP: `last_words` runs (the pick view saves its
/// decisions once more and says so), the terminal is restored, and ferry
/// exits as a process killed by the signal would.
fn exit_on_signal(screen: &mut Screen, last_words: impl FnOnce() -> &'static str) {
    let sig = screen.signal.load(Ordering::SeqCst);
    if sig == 0 {
        return;
    }
    let words = last_words();
    for id in screen.handlers.drain(..) {
        signal_hook::low_level::unregister(id);
    }
    restore_terminal();
    let name = SIGNALS
        .iter()
        .find(|&&(s, _)| s as usize == sig)
        .map_or("a signal", |&(_, n)| n);
    // The terminal may be gone (SIGHUP): a failed write is no reason to panic.
    let _ = writeln!(io::stderr(), "ferry: stopped by {name}{words}");
    std::process::exit(128 + i32::try_from(sig).unwrap_or(0));
}

impl Screen {
    /// The loop of the screens that only take keys (review, replay, the
    /// missing list): a frame after each key or resize, until `key` gives a
    /// result. SIGTERM and SIGHUP end it as they end the pick view.
    pub fn keys<S, T>(
        &mut self,
        state: &mut S,
        draw: impl Fn(&mut ratatui::Frame, &mut S),
        mut key: impl FnMut(&mut S, Key) -> Option<T>,
    ) -> io::Result<T> {
        let mut dirty = true;
        loop {
            exit_on_signal(self, || "");
            if dirty {
                self.draw(|f| draw(f, state))?;
            }
            dirty = event::poll(Duration::from_millis(200))?;
            if !dirty {
                continue;
            }
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if let Some(done) = key(state, Key::from_event(&k)) {
                        return Ok(done);
                    }
                }
                Event::Resize(..) => self.terminal.autoresize()?,
                _ => dirty = false,
            }
        }
    }
}

/// The editor and the save and message callbacks the loop needs.
pub struct Hooks<'a> {
    /// The user's editor command.
    pub editor: Option<&'a str>,
    /// Saves the decisions after every change.
    pub save: &'a mut dyn FnMut(&Decisions) -> Result<(), SaveError>,
    /// The commit message the decisions make.
    pub message: &'a dyn Fn(&Decisions) -> String,
}

/// Runs the event loop until the person commits or quits.
pub fn run(screen: &mut Screen, app: &mut App, mut hooks: Hooks) -> Result<Outcome, SaveError> {
    let mut dirty = true;
    loop {
        exit_on_signal(screen, || match (hooks.save)(&app.decisions) {
            // Saved after every change already; once more in case the last failed.
            Ok(()) => "; the decisions are saved (ferry pick --continue resumes)",
            Err(_) => "; the decisions could not be saved",
        });
        if dirty {
            let mut areas = app.areas;
            screen.terminal.draw(|f| areas = view::draw(f, app))?;
            app.areas = areas;
        }
        if !event::poll(Duration::from_millis(40))? {
            dirty = app.highlights.take_updated();
            continue;
        }
        dirty = true;
        let effect = match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => app.key(Key::from_event(&k)),
            Event::Mouse(m) => {
                let kind = match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(MouseKind::Click),
                    MouseEventKind::ScrollDown => Some(MouseKind::ScrollDown),
                    MouseEventKind::ScrollUp => Some(MouseKind::ScrollUp),
                    _ => None,
                };
                match kind {
                    Some(kind) => app.mouse(kind, m.column, m.row),
                    None => dirty = false,
                }
                Effect::None
            }
            Event::Resize(..) => {
                screen.terminal.autoresize()?;
                Effect::None
            }
            _ => Effect::None,
        };
        if let Some(outcome) = carry_out(screen, app, effect, &mut hooks)? {
            return Ok(outcome);
        }
    }
}

/// Does what a key asked for; `Some` when the loop ends.
fn carry_out(
    screen: &mut Screen,
    app: &mut App,
    effect: Effect,
    hooks: &mut Hooks,
) -> Result<Option<Outcome>, SaveError> {
    match effect {
        Effect::None => {}
        Effect::Changed => save(app, hooks),
        Effect::External(lines) => {
            let like = app
                .plan()
                .map(|p| p.legacy_path.clone().unwrap_or_else(|| p.path.clone()))
                .unwrap_or_default();
            screen.suspend();
            let edited = external::edit_lines(hooks.editor, &lines, &like);
            screen.resume()?;
            match edited {
                Ok(lines) => {
                    if app.finish_external(lines) == Effect::Changed {
                        save(app, hooks);
                    }
                }
                Err(e) => app.warn(e.to_string()),
            }
        }
        Effect::ComposeMessage => {
            let message = (hooks.message)(&app.decisions);
            app.open_message(&message);
        }
        Effect::Commit(message) => return Ok(Some(Outcome::Commit { message })),
        Effect::Quit => return Ok(Some(Outcome::Pause)),
    }
    Ok(None)
}

/// Saves, turning a failure into a warning on the status line: the
/// decisions stay in memory and the next change tries again.
fn save(app: &mut App, hooks: &mut Hooks) {
    if let Err(e) = (hooks.save)(&app.decisions) {
        app.warn(format!("could not save the decisions: {e}"));
    }
    crate::killpoint::reached("tui-saved");
}
