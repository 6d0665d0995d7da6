//! Named points where a test can stop ferry to kill it there.
//!
//! When `FERRY_TEST_PAUSE_AT` is `NAME` or `NAME#N`, the N-th time (first by
//! default) the code reaches the point `NAME`, ferry prints
//! `ferry: paused at NAME#N` on standard error and sleeps until it is killed.
//! The crash tests kill it there with SIGKILL and check that the repository
//! and the saved state hold. Without the variable this does nothing; timing
//! alone could not reach every point reliably.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The variable naming the point.
pub const VAR: &str = "FERRY_TEST_PAUSE_AT";

/// The variable naming a point where ferry panics instead (`NAME`, every
/// time): the panic tests check that the terminal comes back and the state
/// is kept.
pub const PANIC_VAR: &str = "FERRY_TEST_PANIC_AT";

static HITS: AtomicUsize = AtomicUsize::new(0);

/// Marks the point `name`; stops here when the variable names it.
pub fn reached(name: &str) {
    if std::env::var(PANIC_VAR).is_ok_and(|p| p == name) {
        #[allow(clippy::panic)] // The point of the test hook.
        {
            panic!("test panic at {name}");
        }
    }
    let Ok(want) = std::env::var(VAR) else {
        return;
    };
    let (point, nth) = match want.split_once('#') {
        Some((p, n)) => (p, n.parse().unwrap_or(1)),
        None => (want.as_str(), 1),
    };
    if point != name {
        return;
    }
    let hit = HITS.fetch_add(1, Ordering::SeqCst) + 1;
    if hit != nth {
        return;
    }
    eprintln!("ferry: paused at {name}#{nth}");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
