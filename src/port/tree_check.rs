//! Which names a commit's added lines call (or constants they use) that
//! the legacy branch lacks, and which it has.
//!
//! A name the added lines call, that no legacy file of the language uses
//! and upstream's tree had before the commit, is an API the branch lacks:
//! the hunk places cleanly and does not build. Names the commit itself
//! introduces are no reason: those its added lines define are known at
//! once, and upstream's tree did not have the others either.
//! Each search reads every file of the language, so the names of all the
//! commit's files are asked together.

use std::collections::{HashMap, HashSet};

use super::{Located, PortError, Tree};
use crate::patch::{FilePatch, HunkLine, LineKind};
use crate::place::{self, declared_field, without_visibility};
use crate::syntax::Lang;
use crate::text::{indentation, is_word, Text};

/// Per language, the names the legacy tree lacks and upstream's had (and
/// the calls its signatures do not take, `signatures.rs`). A language is
/// absent when the trees cannot search themselves.
pub(super) type Lacking = HashMap<Lang, HashSet<Vec<u8>>>;

/// Per language, the names looked up that some legacy file has.
pub(super) type Known = HashMap<Lang, HashSet<Vec<u8>>>;

/// The names `files` call that the legacy tree lacks, by language, and
/// those it has; the commit's files are `commit`.
pub(super) fn lacking(
    commit: &[FilePatch],
    files: &[&Located<'_>],
    legacy: &dyn Tree,
    upstream: &dyn Tree,
) -> Result<(Lacking, Known), PortError> {
    // Asking for no names tells whether the tree can search at all, before
    // the names are gathered.
    let mut searchable: HashMap<Lang, bool> = HashMap::new();
    let mut asked: HashMap<Lang, Vec<Vec<u8>>> = HashMap::new();
    for l in files {
        let Some(lang) = l.lang() else { continue };
        let can = match searchable.get(&lang) {
            Some(&can) => can,
            None => {
                let can = legacy.names_in(lang, &[])?.is_some();
                searchable.insert(lang, can);
                can
            }
        };
        if !can {
            continue;
        }
        // The legacy file's own names are known to exist on the branch.
        let names = place::used_names(&l.legacy_path, &l.file.hunks, &l.text);
        asked.entry(lang).or_default().extend(names);
    }
    if asked.is_empty() {
        return Ok(Default::default());
    }
    let mut defined: HashSet<&[u8]> = added_lines(commit).flat_map(place::defined_names).collect();
    for file in commit {
        let before = files
            .iter()
            .find(|l| std::ptr::eq(l.file, file))
            .and_then(|l| l.before.as_ref());
        defined.extend(own_methods(file, before));
    }
    let crate_like: HashSet<&[u8]> = added_lines(commit).flat_map(crates_and_macros).collect();
    let mut out = Lacking::new();
    let mut has = Known::new();
    for (lang, mut names) in asked {
        names.retain(|n| !defined.contains(n.as_slice()));
        names.sort();
        names.dedup();
        let Some(known) = legacy.names_in(lang, &names)? else {
            continue;
        };
        let unknown: Vec<Vec<u8>> = names.into_iter().filter(|n| !known.contains(n)).collect();
        has.insert(lang, known);
        let Some(had) = upstream.names_in(lang, &unknown)? else {
            continue;
        };
        // A name upstream only calls is a library's (or generated code's):
        // the tree cannot tell whether the branch has it. Crates and their
        // macros are the exception: no line defines them, and a branch
        // lacks a dependency as it lacks a helper.
        let had: Vec<Vec<u8>> = had.into_iter().collect();
        let mut lacks = match upstream.defined_in(lang, &had)? {
            Some(defined) => defined,
            None => had.iter().cloned().collect(),
        };
        lacks.extend(
            had.into_iter()
                .filter(|n| crate_like.contains(n.as_slice())),
        );
        out.insert(lang, lacks);
    }
    Ok((out, has))
}

/// Every line the commit's files add.
pub(super) fn added_lines(commit: &[FilePatch]) -> impl Iterator<Item = &[u8]> {
    added(commit.iter())
}

/// Every line the located files of language `lang` add.
pub(super) fn added_in<'a>(
    files: &'a [&Located<'_>],
    lang: Lang,
) -> impl Iterator<Item = &'a [u8]> {
    added(
        files
            .iter()
            .filter(move |l| l.lang() == Some(lang))
            .map(|l| l.file),
    )
}

fn added<'a>(files: impl Iterator<Item = &'a FilePatch>) -> impl Iterator<Item = &'a [u8]> {
    (files.flat_map(|f| &f.hunks))
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind == LineKind::Added)
        .map(|l| l.content.as_slice())
}

/// The names a line uses as a crate or module (`vector_buffers::`, lower
/// case at the root of a path) or calls as a macro (`assert_gt!`).
fn crates_and_macros(line: &[u8]) -> Vec<&[u8]> {
    crate::text::words(line)
        .filter(|r| {
            let before = line[..r.start].trim_ascii_end();
            let after = &line[r.end..];
            let root = after.starts_with(b"::")
                && !before.ends_with(b"::")
                && line[r.start].is_ascii_lowercase();
            root || (after.starts_with(b"!") && !after.starts_with(b"!="))
        })
        .map(|r| &line[r])
        .collect()
}

/// Whether a block's opening line makes a definition in it the commit's.
type BlockTest = fn(&[u8]) -> bool;

/// The name a line defines, and which blocks make it the commit's own.
type Defines = fn(&[u8]) -> Option<(&[u8], BlockTest)>;

/// The Rust functions the commit's added lines define inside an inherent
/// `impl`, a `mod` (tests) or another function, the fields they declare in
/// a struct, and the methods they define in a Python class: new with the
/// commit like those at the top level (psycopg's `def _check_results(self,
/// …)`, called as `self._check_results(…)`, where upstream's tree had a
/// function of that name elsewhere). A function inside `impl Trait for T`
/// or a `trait`, or a Python method the added lines call through
/// `super()`, may be what the branch lacks, and is still looked up. The
/// block a line is in is read from the hunk's lines above it, then from
/// upstream's file before the hunk.
fn own_methods<'f>(file: &'f FilePatch, before: Option<&Text>) -> Vec<&'f [u8]> {
    // The extension is all that is read of the path: no prefix to strip.
    let lang = file
        .new_path_stripped(0)
        .or_else(|| file.old_path_stripped(0))
        .and_then(|p| Lang::from_path(&p));
    let defines: Defines = match lang {
        Some(Lang::Rust) => |line| match fn_name(line) {
            Some(name) => Some((name, own_block)),
            None => Some((declared_field(line)?, struct_block)),
        },
        Some(Lang::Python) => |line| Some((def_name(line)?, class_block)),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for hunk in &file.hunks {
        let post: Vec<&HunkLine> = hunk
            .lines
            .iter()
            .filter(|l| l.kind != LineKind::Removed)
            .collect();
        for (at, line) in post.iter().enumerate() {
            if line.kind != LineKind::Added {
                continue;
            }
            let Some((name, owns)) = defines(&line.content) else {
                continue;
            };
            let depth = indentation(&line.content).len();
            if depth == 0 {
                continue;
            }
            let above_in_hunk = post[..at].iter().rev().map(|l| l.content.as_slice());
            let above_hunk = before
                .map(|b| &b.lines[..hunk.old_start.saturating_sub(1).min(b.lines.len())])
                .unwrap_or_default()
                .iter()
                .rev()
                .map(Vec::as_slice);
            // Python's last resort: a method's class, which git names as
            // the line above the hunk that is not indented. Rust's could
            // as well be a function before the `impl`.
            let section = (lang == Some(Lang::Python)).then_some(hunk.section.as_slice());
            let block = (above_in_hunk.chain(above_hunk))
                .chain(section)
                .find(|l| !l.trim_ascii().is_empty() && indentation(l).len() < depth);
            if block.is_some_and(owns) {
                out.push(name);
            }
        }
    }
    if lang == Some(Lang::Python) {
        out.retain(|name| !added(std::iter::once(file)).any(|l| calls_super(l, name)));
    }
    out
}

/// The name a line of Python defines with `def` or `async def`.
fn def_name(line: &[u8]) -> Option<&[u8]> {
    let t = line.trim_ascii_start();
    let def = t
        .strip_prefix(b"async ")
        .unwrap_or(t)
        .strip_prefix(b"def ")?;
    let end = def.iter().position(|&b| !is_word(b)).unwrap_or(def.len());
    (end > 0).then(|| &def[..end])
}

/// Whether a block's opening line is a Python class.
fn class_block(line: &[u8]) -> bool {
    line.trim_ascii_start().starts_with(b"class ")
}

/// Whether a line calls `name` through `super()`: a base class's method.
fn calls_super(line: &[u8], name: &[u8]) -> bool {
    crate::text::contains(line, b"super(")
        && line
            .windows(name.len() + 2)
            .any(|w| w[0] == b'.' && &w[1..=name.len()] == name && w[name.len() + 1] == b'(')
}

/// The name of the function a line of Rust defines (`pub async fn name(`).
pub(super) fn fn_name(line: &[u8]) -> Option<&[u8]> {
    // Split at whitespace, so the type `fn(u8)` is no `fn` keyword.
    let mut words = line
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty());
    words.find(|w| *w == b"fn")?;
    let word = words.next()?;
    let end = word.iter().position(|&b| !is_word(b)).unwrap_or(word.len());
    let name = &word[..end];
    (!name.is_empty()).then_some(name)
}

/// Whether a block's opening line declares a struct: the fields the
/// commit adds there are new with it, however often upstream's tree used
/// the word.
fn struct_block(line: &[u8]) -> bool {
    let t = without_visibility(line.trim_ascii());
    t.starts_with(b"struct ")
}

/// Whether a block's opening line makes the functions in it the code's
/// own: an inherent `impl`, a `mod`, a function.
fn own_block(line: &[u8]) -> bool {
    let t = without_visibility(line.trim_ascii());
    if t.starts_with(b"impl") {
        return !t.windows(5).any(|w| w == b" for ");
    }
    t.starts_with(b"mod ") || fn_name(t).is_some()
}

#[cfg(test)]
mod tests {
    use super::own_methods;
    use crate::patch::parse_commit_diff;
    use crate::text::Text;

    /// What [`own_methods`] finds in the one file of `diff`.
    fn own(diff: &str, before: Option<&Text>) -> Vec<String> {
        let commit = parse_commit_diff(diff.as_bytes()).expect("diff");
        own_methods(&commit.files[0], before)
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect()
    }

    #[test]
    fn methods_of_inherent_impls_and_test_modules_are_the_commits_own() {
        let before = "// pool\nimpl Pool {\n    fn len(&self) -> usize {\n        self.n\n    }\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n}\n";
        let diff = "diff --git a/src/pool.rs b/src/pool.rs
--- a/src/pool.rs
+++ b/src/pool.rs
@@ -3,5 +3,13 @@ impl Pool {
     fn len(&self) -> usize {
         self.n
     }
+    fn should_log(&mut self) -> bool {
+        true
+    }
 }
+impl HeapSize for Pool {
+    fn approximate_heap_size(&self) -> usize {
+        0
+    }
+}
 
@@ -10,2 +18,5 @@ mod tests {
     use super::*;
 
+    fn test_should_log() {
+        assert!(Pool::new().should_log());
+    }
";
        let before = Text::parse(before.as_bytes());
        assert_eq!(own(diff, Some(&before)), ["should_log", "test_should_log"]);
        // Without upstream's file the blocks above the hunks are unknown,
        // and the methods are looked up.
        assert!(own(diff, None).is_empty());
    }

    #[test]
    fn fields_a_commit_declares_in_a_struct_are_its_own() {
        let diff = "diff --git a/src/store.rs b/src/store.rs
--- a/src/store.rs
+++ b/src/store.rs
@@ -1,7 +1,9 @@
 pub struct Store {
     conf: Config,
+    last_modified: Option<SystemTime>,
 }
 
 fn open(conf: Config) -> Store {
-    Store { conf }
+    let quota = conf.memory_quota;
+    Store { conf, last_modified: None, old_quota: quota }
 }
";
        // A field set in a struct literal is no declaration.
        assert_eq!(own(diff, None), ["last_modified"]);
    }

    #[test]
    fn methods_a_commit_defines_in_a_python_class_are_its_own() {
        let diff = "diff --git a/psycopg/cursor.py b/psycopg/cursor.py
--- a/psycopg/cursor.py
+++ b/psycopg/cursor.py
@@ -398,7 +399,10 @@ class BaseCursor(Generic[ConnectionType, Row]):
         ExecStatus.COPY_BOTH,
     )
 
-    def _set_results(self, results: List[\"PGresult\"]) -> None:
+    def _check_results(self, results: List[\"PGresult\"]) -> None:
         if not results:
             raise e.InternalError(\"got no result from the query\")
 
+    async def close(self) -> None:
+        await super().close()
+
@@ -420,1 +424,3 @@ def _helper():
     return 1
+    def inner():
+        pass
";
        // The class is read from the hunk's header; `close` overrides a base
        // class's, and `inner` is in a function, not a class.
        assert_eq!(own(diff, None), ["_check_results"]);
    }
}
