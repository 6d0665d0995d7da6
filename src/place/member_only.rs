//! A name the branch has only as a member or a path's tail.
//!
//! The word search asks whether legacy's file has a name at all. Upstream's
//! added lines may use on its own a name legacy's file has only after a
//! `.`, `->` or `::`: freerdp's `PubSub_Subscribe…(pubSub, …)` where upstream's
//! function has a local `pubSub` and legacy's reads `xfc->context.pubSub`;
//! tikv's tests calling `rewrite_for(…)`, imported upstream, where the
//! branch calls `util::rewrite_for(…)`; wgpu's `BufferAccessError::…` where
//! the branch writes `resource::BufferAccessError`. Such a line does not
//! build on the branch as written: the name is not in scope there.

use super::adapt::imported_names;
use super::lines::defines;
use crate::text::{stands_alone, words};

/// Whether `name` is used on its own in some of `lines`: not right after
/// `.`, `->` or `::`.
pub fn used_alone<'l>(name: &[u8], lines: impl IntoIterator<Item = &'l [u8]>) -> bool {
    // One searcher for every line: building it is dearer than a line's search.
    let finder = memchr::memmem::Finder::new(name);
    lines.into_iter().any(|l| {
        finder.find_iter(l).any(|at| {
            let before = &l[..at];
            stands_alone(l, at..at + name.len())
                && !before.ends_with(b".")
                && !before.ends_with(b"->")
                && !before.ends_with(b"::")
        })
    })
}

/// Whether `name` is used in `lines` and only as a member of a module the
/// commit itself imports (`st.integers` where the commit adds `from
/// hypothesis import strategies as st`): the library's name, not the
/// branch's.
pub fn member_of_imported<'l>(
    name: &[u8],
    modules: &[Vec<u8>],
    lines: impl IntoIterator<Item = &'l [u8]>,
) -> bool {
    let finder = memchr::memmem::Finder::new(name);
    let mut seen = false;
    let all = lines.into_iter().all(|l| {
        finder
            .find_iter(l)
            .filter(|&at| stands_alone(l, at..at + name.len()))
            .all(|at| {
                seen = true;
                let before = &l[..at];
                let receiver = before.strip_suffix(b".");
                let Some(receiver) = receiver.or_else(|| before.strip_suffix(b"::")) else {
                    return false;
                };
                modules.iter().any(|m| {
                    let Some(head) = receiver.strip_suffix(m.as_slice()) else {
                        return false;
                    };
                    stands_alone(receiver, head.len()..receiver.len())
                        && !head.ends_with(b".")
                        && !head.ends_with(b"::")
                })
            })
    });
    seen && all
}

/// Whether some of `lines` bind `name` themselves: define it, import it,
/// assign it (`let x`, `x =`, `for x in`, `as x`), declare it as a
/// parameter or field (`x: T`) or as a C variable (`struct s *x;`).
pub fn bound_by<'l>(name: &[u8], lines: impl IntoIterator<Item = &'l [u8]>) -> bool {
    lines.into_iter().any(|l| {
        defines(l, name)
            || imported_names(l).contains(&name)
            || words(l).any(|r| {
                if &l[r.clone()] != name {
                    return false;
                }
                let before = l[..r.start].trim_ascii_end();
                let after = l[r.end..].trim_ascii_start();
                let binding_word = [b"let".as_slice(), b"mut", b"for", b"as", b"ref"]
                    .iter()
                    .any(|w| {
                        before.ends_with(w)
                            && stands_alone(before, before.len() - w.len()..before.len())
                    });
                let typed = after.starts_with(b":") && !after.starts_with(b"::");
                binding_word || assigns(after) || typed || c_declarator(before, after)
            })
    })
}

/// Whether some of `lines` declare `name` as C does (`struct s *name;`,
/// `int name = 0`, a parameter): not `const name`, which in C qualifies a
/// type where Rust's `const` defines one.
pub fn declared_in_c<'l>(name: &[u8], lines: impl IntoIterator<Item = &'l [u8]>) -> bool {
    lines.into_iter().any(|l| {
        words(l).any(|r| {
            let (before, after) = (l[..r.start].trim_ascii_end(), l[r.end..].trim_ascii_start());
            &l[r] == name
                && (c_declarator(before, after) || (assigns(after) && type_before(before)))
        })
    })
}

/// `Type name;`, `Type *name,`: the word between `before` and `after` is
/// what a C declaration declares (not `return name;`).
fn c_declarator(before: &[u8], after: &[u8]) -> bool {
    type_before(before)
        && [b";", b",", b"[", b")"]
            .iter()
            .any(|e| after.starts_with(e.as_slice()))
}

/// What follows a name assigns to it (`= …`, not `== …`).
fn assigns(after: &[u8]) -> bool {
    after.starts_with(b"=") && !after.starts_with(b"==")
}

/// What precedes a name ends a type (`struct s *`, `int`), not `return`.
fn type_before(before: &[u8]) -> bool {
    before.ends_with(b"*")
        || (before
            .last()
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
            && !before.ends_with(b"return"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&[u8]> {
        text.lines().map(str::as_bytes).collect()
    }

    #[test]
    fn a_name_after_a_dot_an_arrow_or_a_path_is_not_alone() {
        let legacy = lines("f(xfc->context.pubSub);\ng(util::rewrite_for(x));");
        assert!(!used_alone(b"pubSub", legacy.iter().copied()));
        assert!(!used_alone(b"rewrite_for", legacy.iter().copied()));
        let added = lines("f(pubSub);\nrewrite_for(x);");
        assert!(used_alone(b"pubSub", added.iter().copied()));
        assert!(used_alone(b"rewrite_for", added.iter().copied()));
        // Part of a longer word is not the name.
        assert!(!used_alone(b"pubSub", lines("f(pubSubs);").iter().copied()));
    }

    #[test]
    fn a_member_of_a_module_the_commit_imports() {
        let modules = vec![b"st".to_vec(), b"np".to_vec()];
        let added = lines("@given(size=st.integers(min_value=1),\n  n=st.integers())");
        assert!(member_of_imported(
            b"integers",
            &modules,
            added.iter().copied()
        ));
        // Once alone, or after another receiver, it is the branch's name.
        let alone = lines("x = st.integers()\ny = integers(3)");
        assert!(!member_of_imported(
            b"integers",
            &modules,
            alone.iter().copied()
        ));
        let other = lines("x = rng.integers(3)\ny = mod.st.integers()");
        assert!(!member_of_imported(
            b"integers",
            &modules,
            other.iter().copied()
        ));
        assert!(!member_of_imported(
            b"integers",
            &modules,
            lines("x = 1").iter().copied()
        ));
    }

    #[test]
    fn lines_that_bind_the_name_themselves() {
        for line in [
            "        let config = FileConfig {",
            "    for entry in entries {",
            "    wPubSub* pubSub = NULL;",
            "    int ret;",
            "fn build(config: &Config) {",
            "use crate::resource::BufferAccessError;",
            "from .util import rewrite_for",
            "with open(p) as handle:",
        ] {
            let l = line.as_bytes();
            let name = [
                "config",
                "entry",
                "pubSub",
                "ret",
                "BufferAccessError",
                "rewrite_for",
                "handle",
            ]
            .iter()
            .find(|n| crate::text::has_word(l, &memchr::memmem::Finder::new(n.as_bytes())))
            .unwrap();
            assert!(bound_by(name.as_bytes(), [l]), "{line}");
        }
        for line in ["    f(pubSub);", "    return ret;", "    x == config"] {
            let l = line.as_bytes();
            assert!(
                !bound_by(b"pubSub", [l]) && !bound_by(b"ret", [l]) && !bound_by(b"config", [l]),
                "{line}"
            );
        }
    }

    #[test]
    fn c_binds_a_name_by_its_declarator_only() {
        let declares = |line: &str, name: &str| declared_in_c(name.as_bytes(), [line.as_bytes()]);
        assert!(declares(
            "raft_probe(struct raft *raft, struct raft_conn *r_conn)",
            "r_conn"
        ));
        assert!(declares(
            "    int probe_interval = raft->timer;",
            "probe_interval"
        ));
        assert!(declares("    char buf[16];", "buf"));
        // A qualified type, a use, a comparison: nothing declared.
        assert!(!declares(
            "    const FILEDESCRIPTORW* array,",
            "FILEDESCRIPTORW"
        ));
        assert!(!declares("    return r_conn;", "r_conn"));
        assert!(!declares("    if (x == r_conn)", "r_conn"));
    }
}
