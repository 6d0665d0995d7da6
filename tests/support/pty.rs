//! The real `ferry` binary in a pseudo-terminal: keys in, the screen read
//! back through a terminal emulator (vt100).
//!
//! The child runs under `setsid --ctty` so the pty is its controlling
//! terminal (resizes reach it as SIGWINCH, `/dev/tty` works) without any
//! `unsafe` pre-exec code. A thread reads everything the child writes into
//! the emulator; tests poll the screen until what they wait for appears.
#![allow(dead_code)] // Each test file uses part of it.

use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use rustix::termios::{tcsetwinsize, Winsize};

/// A child process on a pseudo-terminal, and the screen it draws.
pub struct Pty {
    master: File,
    child: Child,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Bytes read from the program so far (to tell when a frame is complete).
    received: Arc<std::sync::atomic::AtomicUsize>,
    reader: Option<JoinHandle<()>>,
}

fn winsize(cols: u16, rows: u16) -> Winsize {
    Winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n.max(1)).unwrap()
}

impl Pty {
    /// Starts `program args` in `dir` on a `cols`x`rows` pty, with exactly
    /// the environment `env` (plus PATH).
    pub fn spawn(
        program: &Path,
        args: &[&str],
        dir: &Path,
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let master: OwnedFd = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        tcsetwinsize(&master, winsize(cols, rows)).unwrap();
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap();
        let mut cmd = Command::new("setsid");
        cmd.arg("--ctty")
            .arg(program)
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap();
        let master = File::from(master);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let mut read = master.try_clone().unwrap();
        let sink = Arc::clone(&parser);
        let received = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = Arc::clone(&received);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // EIO once every slave end is closed: the child has exited.
            while let Ok(n) = read.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                counter.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
            }
        });
        Pty {
            master,
            child,
            parser,
            received,
            reader: Some(reader),
        }
    }

    /// The child's process id (setsid execs ferry in place).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Types `bytes` (keys as the terminal sends them).
    pub fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
        self.master.flush().unwrap();
    }

    /// Types keys one at a time, pausing between them as a person would
    /// (so a lone ESC is not read as the start of a sequence).
    pub fn keys(&mut self, keys: &[&[u8]]) {
        for k in keys {
            self.send(k);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Whether the program has the alternate screen up.
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until `pred` holds for the screen once the program has stopped
    /// writing for a moment (a frame can arrive in pieces); panics with the
    /// screen if it does not within `timeout`.
    pub fn wait_until(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            if pred(&self.screen()) {
                self.settle();
                let screen = self.screen();
                if pred(&screen) {
                    return screen;
                }
            }
            let screen = self.screen();
            if Instant::now() > deadline {
                panic!("waited {timeout:?} for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until nothing new has arrived for 50 ms (at most a second).
    fn settle(&self) {
        use std::sync::atomic::Ordering;
        let until = Instant::now() + Duration::from_secs(1);
        let mut seen = self.received.load(Ordering::SeqCst);
        while Instant::now() < until {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.received.load(Ordering::SeqCst);
            if now == seen {
                return;
            }
            seen = now;
        }
    }

    /// Waits until `text` is on the screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("'{text}'"), timeout, |s| s.contains(text))
    }

    /// Resizes the terminal: the kernel tells the child with SIGWINCH.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
        tcsetwinsize(&self.master, winsize(cols, rows)).unwrap();
    }

    /// Waits for the child to exit (killing it after `timeout`).
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                if let Some(r) = self.reader.take() {
                    let _ = r.join();
                }
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the program did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A throwaway home and config folder (and a place for a demo) to run ferry
/// in, so the user's own git and ferry configuration stay out.
pub struct Sandbox {
    /// The folder holding it all.
    pub tmp: tempfile::TempDir,
}

impl Sandbox {
    /// An empty sandbox.
    pub fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("home")).unwrap();
        Sandbox { tmp }
    }

    /// Where a demo repository goes.
    pub fn demo(&self) -> std::path::PathBuf {
        self.tmp.path().join("demo")
    }

    /// `ferry args` in `dir` on an 80x24 terminal.
    pub fn ferry(&self, dir: &Path, args: &[&str]) -> Pty {
        self.ferry_on(dir, args, (80, 24), &[])
    }

    /// `ferry args` in `dir` on a `cols`x`rows` terminal, with `more`
    /// environment variables.
    pub fn ferry_on(
        &self,
        dir: &Path,
        args: &[&str],
        (cols, rows): (u16, u16),
        more: &[(&str, &str)],
    ) -> Pty {
        let home = self.tmp.path().join("home");
        let config = home.join(".config");
        let (home, config) = (home.display().to_string(), config.display().to_string());
        let mut env = vec![
            ("HOME", home.as_str()),
            ("XDG_CONFIG_HOME", config.as_str()),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("TERM", "xterm-256color"),
            ("LANG", "C.UTF-8"),
        ];
        env.extend_from_slice(more);
        Pty::spawn(
            Path::new(env!("CARGO_BIN_EXE_ferry")),
            args,
            dir,
            &env,
            cols,
            rows,
        )
    }
}
