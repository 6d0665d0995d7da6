//! An upstream fix of two hunks in a C file and a legacy branch to backport
//! it to by hand: what `ferry review` is tested on, as JSON and on screen.
//!
//! Include it after `support/repo.rs`:
//! `#[path = "support/repo.rs"] mod repo;` then
//! `#[path = "support/backport.rs"] mod backport;`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use git2::Oid;

use super::repo::{TestRepo, EPOCH};

pub const PATH: &str = "src/io.c";

/// The upstream file before the fix; `name` is the buffer's name, `top`
/// goes first.
pub fn before(top: &str, name: &str) -> String {
    format!(
        "{top}#include <string.h>\n\
         \n\
         int read_buf(char *{name}, const char *src, int len)\n\
         {{\n\
         \x20   if (len < 0)\n\
         \x20       return -1;\n\
         \x20   memcpy({name}, src, len);\n\
         \x20   return len;\n\
         }}\n\
         \n\
         static int unrelated_one(void)\n\
         {{\n\
         \x20   return 1;\n\
         }}\n\
         \n\
         static int unrelated_two(void)\n\
         {{\n\
         \x20   return 2;\n\
         }}\n\
         \n\
         int write_buf(int fd, char *{name}, int len)\n\
         {{\n\
         \x20   int n = 0;\n\
         \x20   n = write(fd, {name}, len);\n\
         \x20   return n;\n\
         }}\n"
    )
}

/// The fix: a bounds check in `read_buf` (hunk 1), `write_all` in
/// `write_buf` (hunk 2); `first`/`second` choose which parts to make.
pub fn fixed(top: &str, name: &str, first: bool, second: bool) -> String {
    let mut s = before(top, name);
    if first {
        s = s.replace(
            "        return -1;\n    memcpy",
            &format!(
                "        return -1;\n    if (len > buf_size({name}))\n        return -1;\n    memcpy"
            ),
        );
    }
    if second {
        s = s.replace("n = write(", "n = write_all(");
    }
    s
}

/// A repository with upstream's fix on `main` and the legacy file `legacy`
/// on branch `legacy` (checked out).
pub struct Scenario {
    /// The repository.
    pub t: TestRepo,
    /// Upstream's fix.
    pub upstream: Oid,
}

pub fn scenario(legacy: &str) -> Scenario {
    let t = TestRepo::new();
    let base = t.commit(
        &[(PATH, Some(before("", "buf").as_bytes()))],
        "io: add buffers",
        EPOCH,
    );
    let upstream = t.commit(
        &[(PATH, Some(fixed("", "buf", true, true).as_bytes()))],
        "io: check the length and write everything",
        EPOCH + 60,
    );
    t.branch("legacy", base);
    t.switch("legacy");
    t.commit(
        &[
            (PATH, Some(legacy.as_bytes())),
            ("NEWS", Some(&b"legacy\n"[..])),
        ],
        "legacy: drift",
        EPOCH + 120,
    );
    Scenario { t, upstream }
}

impl Scenario {
    /// Commits the backport with `message` (`{U}` becomes the upstream id).
    pub fn backport(&self, files: &[(&str, &str)], message: &str) -> Oid {
        let message = message.replace("{U}", &self.upstream.to_string());
        let files: Vec<(&str, Option<&[u8]>)> = files
            .iter()
            .map(|(p, c)| (*p, Some(c.as_bytes())))
            .collect();
        self.t.commit(&files, &message, EPOCH + 180)
    }
}

/// The message of a backport naming the fix (`{U}`).
pub fn trailer() -> &'static str {
    "io: check the length\n\n(cherry picked from commit {U})\n"
}
