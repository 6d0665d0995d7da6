//! What the branch lacks of the API a hunk's added lines use: names
//! upstream's file (or tree) has and legacy's lacks (a `Type::f` call
//! counting as one), and calls with an argument count only upstream's file
//! passes. Such a hunk places cleanly and does not build; its confidence
//! is cut so a person looks. Only code counts: comments (after code
//! too), docstrings and `#include` lines name no API. A marker of the release
//! that brings an API (`versions.rs`) counts in comments too.

use std::borrow::Cow;
use std::cell::RefCell;

use super::adapt::{import_bindings, is_include};
use super::calls::{
    changed_signatures, counts, named_calls, type_calls, with_arguments, BothCounts,
};
use super::candidates::FileInput;
use super::lines::{
    api_names, called_names, constant_names, field_names, is_comment, python_string_after,
    uses_identifier, without_trailing_comment, FastMap,
};
use super::member_only::{bound_by, declared_in_c, member_of_imported, used_alone};
use super::python2::{python3_only, runs_on_python2};
use super::stdnames::{is_errno_member, is_standard, is_standard_method, is_sys_member};
use super::typing_names::{shimmed_since, too_new};
use super::unions::{spelled_the_old_way, union_annotation};
use super::versions::{latest, newer_than_branch, Release};
use crate::patch::{Hunk, HunkLine, LineKind};
use crate::syntax::{added_from_imports, from_imports, Lang};
use crate::text::{contains, has_word, is_word, Text};

/// What one file's candidates have asked so far.
#[derive(Default)]
pub struct MissingApi {
    /// Names added lines use, and whether upstream has each and legacy
    /// lacks it.
    names: RefCell<FastMap<Vec<u8>, bool>>,
    /// Per callee of added lines, the argument counts legacy's and
    /// upstream's files pass it.
    counts: RefCell<FastMap<Vec<u8>, BothCounts>>,
    /// `Type::f` paths added lines call, and whether upstream's file has
    /// each and legacy's lacks it.
    paths: RefCell<FastMap<Vec<u8>, bool>>,
    /// Per line of upstream's Python file, the triple-quoted string open
    /// at its start.
    strings: RefCell<Option<Vec<Option<u8>>>>,
    /// Whether the legacy Python file spells type unions as a Python
    /// before 3.10 must (`unions.rs`).
    old_unions: RefCell<Option<bool>>,
    /// Whether the legacy Python file runs on Python 2 too (`python2.rs`).
    python2: RefCell<Option<bool>>,
    /// The oldest newer `typing` name the legacy Python file takes from a
    /// shim (`typing_names.rs`).
    typing_floor: RefCell<Option<Option<u8>>>,
    /// The latest release each kind of availability marker in the legacy
    /// file names (`versions.rs`).
    releases: RefCell<Option<FastMap<Vec<u8>, Release>>>,
    /// What the commit's added lines, and the legacy Python file, import
    /// from outside the project.
    libraries: RefCell<Option<Vec<Vec<u8>>>>,
}

impl MissingApi {
    /// What the adapted `added` lines of `hunk` use that the branch lacks,
    /// sorted: names, `Type::f` paths, then `f with N arguments`.
    pub fn of(&self, input: &FileInput<'_>, hunk: &Hunk, added: &[Vec<u8>]) -> Vec<String> {
        let docstrings = self.docstring_lines(input, hunk);
        let code: Vec<Cow<'_, [u8]>> = (added.iter().map(Vec::as_slice))
            .filter(|l| is_code(input.path, l) && !docstrings.contains(&l.trim_ascii()))
            .map(|l| code_part(input.path, l))
            .collect();
        let code: Vec<&[u8]> = code.iter().map(AsRef::as_ref).collect();
        let mut out = self.names(input, &code);
        out.extend(self.type_calls(input, hunk, &code));
        out.extend(self.signatures(input, hunk, &code));
        out.extend(self.unions(input, &code));
        out.extend(self.python3(input, &code));
        out.extend(self.typing(input, hunk, &code));
        out.extend(self.releases(input, added));
        out
    }

    /// Availability markers the added lines (comments too) give a later
    /// release than legacy's file marks anything of their kind with
    /// (`versions.rs`).
    fn releases(&self, input: &FileInput<'_>, added: &[Vec<u8>]) -> Vec<String> {
        let mut releases = self.releases.borrow_mut();
        let branch = releases.get_or_insert_with(|| latest(&input.legacy.lines));
        newer_than_branch(added, branch)
    }

    /// The `typing` names the hunk's added lines take that the branch's
    /// Python predates (`typing_names.rs`).
    fn typing(&self, input: &FileInput<'_>, hunk: &Hunk, code: &[&[u8]]) -> Vec<String> {
        let names_typing =
            |l: &HunkLine| l.kind == LineKind::Added && contains(&l.content, b"typing");
        if !is_python(input.path) || !hunk.lines.iter().any(names_typing) {
            return Vec::new();
        }
        let floor = *self
            .typing_floor
            .borrow_mut()
            .get_or_insert_with(|| shimmed_since(input.legacy));
        floor.map_or_else(Vec::new, |floor| {
            too_new(&added_from_imports(std::slice::from_ref(hunk)), code, floor)
        })
    }

    /// The Python 3 constructs of the added lines, when the legacy file
    /// runs on Python 2 too (`python2.rs`).
    fn python3(&self, input: &FileInput<'_>, code: &[&[u8]]) -> Vec<String> {
        if !is_python(input.path) {
            return Vec::new();
        }
        if input.python.floor.is_some_and(|(major, _)| major >= 3) {
            return Vec::new();
        }
        let mut found: Vec<&str> = code.iter().filter_map(|l| python3_only(l)).collect();
        if found.is_empty()
            || !*self
                .python2
                .borrow_mut()
                .get_or_insert_with(|| runs_on_python2(input.legacy))
        {
            return Vec::new();
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(str::to_string).collect()
    }

    /// `A | None` in the added lines' annotations, when the legacy file
    /// spells unions as a Python before 3.10 must (`unions.rs`).
    fn unions(&self, input: &FileInput<'_>, code: &[&[u8]]) -> Option<String> {
        if !is_python(input.path)
            || input.python.floor.is_some_and(|floor| floor >= (3, 10))
            || !code.iter().any(|l| union_annotation(l))
        {
            return None;
        }
        let old = *self
            .old_unions
            .borrow_mut()
            .get_or_insert_with(|| spelled_the_old_way(input.legacy));
        old.then(|| "`A | B` annotations (Python 3.10)".to_string())
    }

    /// The hunk's added lines (trimmed) that are inside a Python
    /// docstring, or open one: prose, like comments, however much a
    /// `:class:`.Session`` reads like code.
    fn docstring_lines<'h>(&self, input: &FileInput<'_>, hunk: &'h Hunk) -> Vec<&'h [u8]> {
        let (true, Some(before)) = (is_python(input.path), input.upstream_before) else {
            return Vec::new();
        };
        let mut strings = self.strings.borrow_mut();
        let open_at = strings.get_or_insert_with(|| {
            let mut open = None;
            (before.lines.iter())
                .map(|l| {
                    let at_start = open;
                    open = python_string_after(l, open);
                    at_start
                })
                .collect()
        });
        let start = hunk.old_start.saturating_sub(1);
        let mut open = open_at.get(start).copied().flatten();
        let mut out = Vec::new();
        for l in hunk.lines.iter().filter(|l| l.kind != LineKind::Removed) {
            let t = l.content.trim_ascii();
            let prose = open.is_some() || t.starts_with(b"\"\"\"") || t.starts_with(b"'''");
            open = python_string_after(&l.content, open);
            if l.kind == LineKind::Added && prose {
                out.push(t);
            }
        }
        out
    }

    /// `Type::f` calls of the added lines that upstream's file makes and
    /// legacy's never does, though legacy's uses `Type::` for other things
    /// (`ConcurrencyManager::new_for_test` where legacy calls
    /// `ConcurrencyManager::new`): the branch's `Type` may well lack `f`.
    /// The hunk's own removed lines making the call say nothing.
    fn type_calls(&self, input: &FileInput<'_>, hunk: &Hunk, code: &[&[u8]]) -> Vec<String> {
        let Some(upstream) = input.upstream_before else {
            return Vec::new();
        };
        let removed: Vec<&[u8]> = (hunk.lines.iter())
            .filter(|l| l.kind == LineKind::Removed)
            .flat_map(|l| type_calls(&l.content))
            .collect();
        let paths = code.iter().flat_map(|l| type_calls(l));
        let mut known = self.paths.borrow_mut();
        let mut out: Vec<String> = paths
            .filter(|p| !removed.contains(p))
            .filter(|p| {
                *known.entry(p.to_vec()).or_insert_with(|| {
                    let ty = p
                        .iter()
                        .position(|&b| b == b':')
                        .map_or(*p, |i| &p[..i + 2]);
                    calls_path(&upstream.lines, p)
                        && !calls_path(&input.legacy.lines, p)
                        && mentions(&input.legacy.lines, ty)
                })
            })
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Names the added lines use that upstream has and legacy lacks.
    /// Upstream's and legacy's files tell, and the whole trees when they
    /// are at hand.
    fn names(&self, input: &FileInput<'_>, code: &[&[u8]]) -> Vec<String> {
        let base = input.upstream_before;
        if base.is_none() && input.tree_lacks.is_none() {
            return Vec::new();
        }
        let mut known = self.names.borrow_mut();
        let lang = Lang::from_path(input.path);
        let python = lang == Some(Lang::Python);
        let mut modules = self.libraries.borrow_mut();
        let modules = modules.get_or_insert_with(|| {
            let mut modules = commit_modules(input.hunks);
            if python {
                modules.extend(library_modules(input.path, &input.legacy.lines));
            }
            modules
        });
        let mut names: Vec<String> = (code.iter().flat_map(|l| api_names(l)))
            // `data.get(…)`: a method of Python's built-in types, on a
            // value. Not Rust's: there the cut still tells of a trait or
            // type the branch lacks (without it, 3 wrong HARD files).
            .filter(|n| {
                !(python && is_standard_method(lang, n) && !used_alone(n, code.iter().copied()))
            })
            .filter(|n| {
                let code = || code.iter().copied();
                !(python && (is_errno_member(n, code()) || is_sys_member(n, code())))
            })
            // `st.integers(…)` where the commit imports `st` from a library:
            // the library's name (scipy's new hypothesis test).
            .filter(|n| !member_of_imported(n, modules, code.iter().copied()))
            // A name the added lines bind themselves (ovs's new function's
            // parameter `r_conn`) is the port's own; in C only a declarator
            // binds (`const T *x` names a type `T`). Not in Python, where an
            // assignment is no declaration: 1 refused HARD file right and 3
            // wrong there.
            .filter(|n| match lang {
                Some(Lang::Python) => true,
                Some(Lang::C) => !declared_in_c(n, code.iter().copied()),
                _ => !bound_by(n, code.iter().copied()),
            })
            .filter(|n| {
                *known.entry(n.to_vec()).or_insert_with(|| {
                    !is_standard(lang, n)
                        && (input.tree_lacks.is_some_and(|t| t.contains(*n))
                            || base.is_some_and(|b| {
                                uses_identifier(&b.lines, n) && !legacy_has(lang, input, n)
                            }))
                })
            })
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Calls of the added lines with an argument count only upstream's
    /// file passes (see `calls.rs`), or that the legacy tree's signature
    /// does not take (`port/signatures.rs` names them as `with_arguments`
    /// does).
    fn signatures(&self, input: &FileInput<'_>, hunk: &Hunk, code: &[&[u8]]) -> Vec<String> {
        // Asked of every candidate: with the trees lacking nothing (the
        // usual port), no call is read.
        let lacks = input.tree_lacks.filter(|lacks| !lacks.is_empty());
        let mut out: Vec<String> = lacks.map_or_else(Vec::new, |lacks| {
            (code.iter().flat_map(|l| named_calls(l)))
                .map(|(callee, n)| with_arguments(callee, n))
                .filter(|call| lacks.contains(call.as_bytes()))
                .collect()
        });
        if let Some(upstream) = input.upstream_before {
            out.extend(self.file_signatures(input, upstream, hunk, code));
        }
        out.sort();
        out.dedup();
        out
    }

    /// Calls of the added lines with an argument count only upstream's
    /// file passes.
    fn file_signatures(
        &self,
        input: &FileInput<'_>,
        upstream: &Text,
        hunk: &Hunk,
        code: &[&[u8]],
    ) -> Vec<String> {
        let python = is_python(input.path);
        let mut known = self.counts.borrow_mut();
        let known = |callee: &[u8]| {
            known
                .entry(callee.to_vec())
                .or_insert_with(|| {
                    (
                        counts(&input.legacy.lines, callee, python),
                        counts(&upstream.lines, callee, python),
                    )
                })
                .clone()
        };
        let removed = (hunk.lines.iter())
            .filter(|l| l.kind == LineKind::Removed)
            .map(|l| l.content.as_slice())
            .filter(|l| is_code(input.path, l));
        changed_signatures(known, removed, code.iter().copied())
    }
}

/// The names a file's added lines call that are worth looking up in whole
/// trees: those the legacy file itself never uses. Also the constants
/// they use (`constant_names`), and in Rust the fields they reach
/// (`cfg.old_value_cache_memory_quota`): a flag or a config field the
/// branch lacks does not build either.
pub fn used_names(path: &[u8], hunks: &[Hunk], legacy: &Text) -> Vec<Vec<u8>> {
    let added = hunks
        .iter()
        .flat_map(Hunk::added)
        .map(|l| l.content.as_slice());
    let rust = Lang::from_path(path) == Some(Lang::Rust);
    let code: Vec<Cow<'_, [u8]>> = (added.filter(|l| is_code(path, l)))
        .map(|l| code_part(path, l))
        .collect();
    let mut names: Vec<Vec<u8>> = (code.iter().map(AsRef::as_ref))
        .flat_map(|l| {
            let fields = if rust { field_names(l) } else { Vec::new() };
            (called_names(l).into_iter().chain(fields)).chain(constant_names(l))
        })
        .filter(|n| !uses_identifier(&legacy.lines, n))
        .map(<[u8]>::to_vec)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether legacy's file has `name`. A module upstream's file imports and
/// the added lines reach into (`web.Response`) must appear in legacy's
/// other than after a dot (`from aiohttp.web import Response` names `web`
/// in a path and binds no `web`).
fn legacy_has(lang: Option<Lang>, input: &FileInput<'_>, name: &[u8]) -> bool {
    let legacy = &input.legacy.lines;
    let added = || (input.hunks.iter().flat_map(Hunk::added)).map(|l| l.content.as_slice());
    let python = lang == Some(Lang::Python);
    // The port's own imports bind it (scrapy's `import asyncio`, added in
    // another hunk, for `asyncio.exceptions` in this one).
    if python
        && (imports(name, added())
            || (added_from_imports(input.hunks).iter()).any(|f| f.name == name))
    {
        return true;
    }
    let module = python
        && added().any(|l| starts_path(l, name, Some(true)))
        && input.upstream_before.is_some_and(|b| {
            imports(name, b.lines.iter().map(Vec::as_slice))
                || from_imports(b.lines.iter().map(Vec::as_slice))
                    .iter()
                    .any(|f| f.name == name)
        });
    if !module {
        // Used on its own where legacy's file has it only as a member or
        // a path's tail (`member_only.rs`): not in the branch's scope.
        let out_of_scope = lang.is_some()
            && input.upstream_before.is_some_and(|b| {
                let upstream = b.lines.iter().map(Vec::as_slice);
                let legacy = legacy.iter().map(Vec::as_slice);
                used_alone(name, added().filter(|l| is_code(input.path, l)))
                    && used_alone(name, upstream)
                    && !used_alone(name, legacy)
                    && !bound_by(name, added())
            });
        return !out_of_scope && uses_identifier(legacy, name);
    }
    legacy.iter().any(|l| starts_path(l, name, None))
}

/// Whether an `import` statement among `lines` binds `name` (`import
/// stat`, `import a.b as name`); `from … import` lists are `from_imports`'.
fn imports<'l>(name: &[u8], lines: impl IntoIterator<Item = &'l [u8]>) -> bool {
    (lines.into_iter())
        .filter(|l| l.trim_ascii_start().starts_with(b"import "))
        .any(|l| starts_path(l, name, Some(false)))
}

/// Whether `name` stands in `line` not right after a dot, and followed by
/// one (`Some(true)`: `web.Response`), by none (`Some(false)`: `import
/// stat`) or either (`None`).
fn starts_path(line: &[u8], name: &[u8], dot_after: Option<bool>) -> bool {
    memchr::memmem::find_iter(line, name).any(|at| {
        let end = at + name.len();
        crate::text::stands_alone(line, at..end)
            && (at == 0 || line[at - 1] != b'.')
            && dot_after.is_none_or(|dot| (line.get(end) == Some(&b'.')) == dot)
    })
}

/// Whether some line has `path` (`Type::f`) as a whole.
fn calls_path(lines: &[Vec<u8>], path: &[u8]) -> bool {
    let finder = memchr::memmem::Finder::new(path);
    lines.iter().any(|l| has_word(l, &finder))
}

/// Whether some line has `prefix` (`Type::`) starting a word.
fn mentions(lines: &[Vec<u8>], prefix: &[u8]) -> bool {
    let finder = memchr::memmem::Finder::new(prefix);
    lines.iter().any(|l| {
        finder
            .find_iter(l)
            .any(|at| at == 0 || !crate::text::is_word(l[at - 1]))
    })
}

/// A code line of the file at `path` without the comment after its code:
/// `This` in `if (!c->query) /* This candidate has been abandoned */`, or
/// `typing` in meson's `depth_option = []  # type: typing.List[str]`, is
/// prose, and no API the branch lacks. Only in a language ferry reads,
/// whose comments it knows.
fn code_part<'l>(path: &[u8], line: &'l [u8]) -> Cow<'l, [u8]> {
    match Lang::from_path(path) {
        Some(lang) => without_trailing_comment(line, lang == Lang::Python),
        None => Cow::Borrowed(line),
    }
}

/// Whether a line of the file at `path` is code whose words may be API:
/// not only a comment, no `#include` (its `<sys/file.h>` names a header)
/// and no Rust lint attribute (`#[allow(dead_code)]` names a lint).
pub(super) fn is_code(path: &[u8], line: &[u8]) -> bool {
    !is_comment(line, is_python(path)) && !is_include(line) && !is_lint_attribute(line)
}

/// The names the hunks' added import lines bind from outside the project
/// (not `from .`, `use crate::`): a new module of the project itself may
/// lack a member the commit uses.
fn commit_modules(hunks: &[Hunk]) -> Vec<Vec<u8>> {
    (hunks.iter())
        .flat_map(|h| h.lines.iter().filter(|l| l.kind == LineKind::Added))
        .filter(|l| !imports_locally(&l.content))
        .flat_map(|l| import_bindings(&l.content).into_iter().map(<[u8]>::to_vec))
        .collect()
}

/// The names legacy's Python file binds by importing a module from outside
/// the project: neither relative nor from the package the file's path
/// starts with (`from oslo_config import cfg` in `ironic/conf/agent.py`).
/// Members of such a module are the library's (`cfg.ListOpt`), as are
/// those of one the commit imports. Outside the package (its tests,
/// examples, docs) the path does not name the project, and nothing is.
fn library_modules(path: &[u8], legacy: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut parts = path.split(|&b| b == b'/').filter(|p| !p.is_empty());
    let mut own = parts.next().unwrap_or_default();
    if matches!(own, b"src" | b"lib") {
        own = parts.next().unwrap_or_default();
    }
    let outside = [
        &b"tests"[..],
        b"test",
        b"testing",
        b"examples",
        b"docs",
        b"doc",
        b"benchmarks",
        b"scripts",
        b"tools",
    ];
    if own.is_empty() || own.ends_with(b".py") || outside.contains(&own) {
        return Vec::new();
    }
    let library = |line: &&Vec<u8>| {
        let rest = (line.strip_prefix(b"from ")).or_else(|| line.strip_prefix(b"import "));
        rest.is_some_and(|r| {
            let root = &r[..r.iter().position(|&b| !is_word(b)).unwrap_or(r.len())];
            !root.is_empty() && root != own
        })
    };
    (legacy.iter())
        .filter(library)
        .flat_map(|l| import_bindings(l).into_iter().map(<[u8]>::to_vec))
        .collect()
}

/// Whether an import line takes from the project itself: a relative
/// Python import, a Rust path from `crate`, `super` or `self`.
fn imports_locally(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    let t = t.strip_prefix(b"pub ").unwrap_or(t);
    t.starts_with(b"from .")
        || [&b"use crate::"[..], b"use super::", b"use self::"]
            .iter()
            .any(|p| t.starts_with(p))
}

/// `#[allow(…)]`, `#![deny(…)]` and the like.
fn is_lint_attribute(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    let Some(rest) = t.strip_prefix(b"#![").or_else(|| t.strip_prefix(b"#[")) else {
        return false;
    };
    [&b"allow("[..], b"warn(", b"deny(", b"forbid(", b"expect("]
        .iter()
        .any(|lint| rest.trim_ascii_start().starts_with(lint))
}

fn is_python(path: &[u8]) -> bool {
    Lang::from_path(path) == Some(Lang::Python)
}

#[cfg(test)]
mod tests {
    use super::library_modules;

    fn lines(text: &str) -> Vec<Vec<u8>> {
        text.lines().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn library_modules_are_those_from_outside_the_files_package() {
        let legacy = lines(
            "import os\nfrom oslo_config import cfg\nfrom ironic.common import exception\nfrom . import utils\n    import json\n",
        );
        let got = library_modules(b"ironic/conf/agent.py", &legacy);
        assert_eq!(got, [b"os".to_vec(), b"cfg".to_vec()]);
        // A test's path does not name the project: nothing is the library's.
        assert!(library_modules(b"tests/test_agent.py", &legacy).is_empty());
    }
}
