//! Porting one commit's patch onto a legacy tree: find each file's legacy
//! counterpart, plan its hunks, and compute the files to write.
//!
//! The tree and the upstream pre-image come through the [`Tree`] trait so the
//! same code serves `ferry pick` (git blobs and the worktree), `ferry apply`
//! (a plain directory, no upstream file) and `ferry eval` (blobs only).

mod crates;
mod git_tree;
mod imported;
mod locate;
mod overlay;
mod python_branch;
mod signatures;
mod toolchain;
mod tree_check;

use std::collections::{HashMap, HashSet};

pub use git_tree::{plan_upstream, upstream_commit, upstream_texts, CommitTree};
pub use overlay::Overlay;

use crate::git::Definitions;
use crate::patch::{ChangeKind, CommitPatch, FilePatch, Hunk};
use crate::place::{self, HunkPlan, PythonBranch, Status};
use crate::syntax::Lang;
use crate::text::{looks_binary, Text};

/// Files by path: the legacy tree, or upstream's tree before the commit.
pub trait Tree {
    /// The file's bytes, `None` if there is no such file.
    fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError>;

    /// Every file path in the tree (for finding a file by what it defines);
    /// empty when the tree cannot list itself.
    fn files(&self) -> Result<Vec<Vec<u8>>, PortError> {
        Ok(Vec::new())
    }

    /// A path the file had on this tree when upstream calls it `path`
    /// (renamed between the branches), if the tree can tell.
    fn renamed_from(&self, _path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        Ok(None)
    }

    /// Which of `names` some file of language `lang` in the tree uses as a
    /// word; `None` when the tree cannot search itself.
    fn names_in(
        &self,
        _lang: Lang,
        _names: &[Vec<u8>],
    ) -> Result<Option<HashSet<Vec<u8>>>, PortError> {
        Ok(None)
    }

    /// Which of `names` some file of language `lang` in the tree defines
    /// (`place::defines`); `None` when the tree cannot search itself.
    fn defined_in(
        &self,
        _lang: Lang,
        _names: &[Vec<u8>],
    ) -> Result<Option<HashSet<Vec<u8>>>, PortError> {
        Ok(None)
    }

    /// Every Rust function named one of `names` in the tree: its file and
    /// parameter count (`syntax::rust_functions`); `None` when the tree
    /// cannot search itself.
    fn rust_functions(&self, _names: &[Vec<u8>]) -> Result<Option<Definitions>, PortError> {
        Ok(None)
    }
}

/// A tree of one file: benchmark cases, fixtures, `ferry port-file`.
pub struct OneFile<'a> {
    /// The file's path.
    pub path: &'a [u8],
    /// Its content.
    pub bytes: &'a [u8],
}

impl Tree for OneFile<'_> {
    fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        Ok((path == self.path).then(|| self.bytes.to_vec()))
    }
}

/// Reading a tree or fitting the results together failed.
#[derive(Debug, thiserror::Error)]
pub enum PortError {
    /// A file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The chosen candidates could not be applied together.
    #[error(transparent)]
    Apply(#[from] place::ApplyError),
    /// An upstream commit could not be read.
    #[error("cannot read commit {id}: {reason}")]
    Commit {
        /// The commit.
        id: String,
        /// Why.
        reason: String,
    },
}

/// Ports one file's patch onto `legacy` (with the upstream file before the
/// change when known): the plan, and the file ferry would write, or `None`
/// when a hunk is not certain. This is what benchmark cases, fixtures and
/// `ferry port-file` run.
pub fn port_bytes(
    file: &FilePatch,
    legacy: &[u8],
    upstream_before: Option<&[u8]>,
    opts: &PortOptions,
) -> Result<(FilePlan, Option<Vec<u8>>), PortError> {
    port_bytes_in(file, legacy, upstream_before, None, opts)
}

/// The trees a file's versions came from, and the commit's files: what
/// the tree check needs besides the file.
pub struct Origin<'a> {
    /// The upstream commit's file patches.
    pub commit: &'a [FilePatch],
    /// The legacy tree the port starts from.
    pub legacy: &'a dyn Tree,
    /// Upstream's tree before the commit.
    pub upstream: &'a dyn Tree,
}

/// [`port_bytes`], with the names the added lines call also looked up in
/// the trees of `origin`, as `ferry pick` does.
pub fn port_bytes_in(
    file: &FilePatch,
    legacy: &[u8],
    upstream_before: Option<&[u8]>,
    origin: Option<&Origin<'_>>,
    opts: &PortOptions,
) -> Result<(FilePlan, Option<Vec<u8>>), PortError> {
    let path = file
        .old_path_stripped(opts.strip)
        .or_else(|| file.new_path_stripped(opts.strip))
        .unwrap_or_default();
    let one = |bytes| OneFile { path: &path, bytes };
    let plan = match (origin, upstream_before) {
        (Some(o), Some(before)) => {
            let file_of = |bytes: &[u8]| HashMap::from([(path.clone(), Some(bytes.to_vec()))]);
            let (legacy_file, before_file) = (file_of(legacy), file_of(before));
            let over = |base, changed| Overlay { base, changed };
            plan_file(
                o.commit,
                file,
                &over(o.legacy, &legacy_file),
                Some(&over(o.upstream, &before_file)),
                opts,
            )?
        }
        _ => plan_file(
            std::slice::from_ref(file),
            file,
            &one(legacy),
            upstream_before.map(one).as_ref().map(|t| t as &dyn Tree),
            opts,
        )?,
    };
    if !plan.is_certain() {
        return Ok((plan, None));
    }
    let written = plan.result()?.unwrap_or_else(|| legacy.to_vec());
    Ok((plan, Some(written)))
}

/// What ferry will do with one file of the patch.
#[derive(Debug, Clone, PartialEq)]
pub enum FileOutcome {
    /// Hunks to place in an existing legacy file.
    Modify,
    /// A new file to create with the given content.
    Create(Vec<u8>),
    /// The legacy file to delete.
    Delete,
    /// Nothing to do: the file is created upstream and legacy already has it identical.
    Unchanged,
    /// A person must act; the reason.
    Blocked(String),
}

/// The plan for one file of a commit.
#[derive(Debug, Clone)]
pub struct FilePlan {
    /// The path upstream gives the file (after the change).
    pub path: Vec<u8>,
    /// The legacy file the hunks go to, if one was found.
    pub legacy_path: Option<Vec<u8>>,
    /// How the legacy file was found.
    pub found_by: &'static str,
    /// What will happen to the file.
    pub outcome: FileOutcome,
    /// The legacy file as read.
    pub legacy: Text,
    /// One plan per hunk.
    pub hunks: Vec<HunkPlan>,
}

impl FilePlan {
    /// Whether every hunk is placed, applied already or the file needs no hunks.
    pub fn is_certain(&self) -> bool {
        match &self.outcome {
            FileOutcome::Blocked(_) => false,
            FileOutcome::Modify => self
                .hunks
                .iter()
                .all(|h| matches!(h.status, Status::Placed | Status::AlreadyApplied)),
            _ => true,
        }
    }

    /// The content the file gets with every placed hunk's best candidate,
    /// or `None` if nothing changes.
    pub fn result(&self) -> Result<Option<Vec<u8>>, place::ApplyError> {
        match &self.outcome {
            FileOutcome::Create(bytes) => Ok(Some(bytes.clone())),
            FileOutcome::Modify => {
                let chosen: Vec<(usize, &place::Candidate)> = self
                    .hunks
                    .iter()
                    .filter(|h| h.status == Status::Placed)
                    .filter_map(|h| h.best().map(|c| (h.index, c)))
                    .collect();
                if chosen.is_empty() {
                    return Ok(None);
                }
                Ok(Some(place::apply(&self.legacy, &chosen)?.to_bytes()))
            }
            _ => Ok(None),
        }
    }
}

/// Options of a port.
#[derive(Debug, Clone, Copy)]
pub struct PortOptions {
    /// Path components to strip from patch paths (`-p`).
    pub strip: usize,
    /// Confidence a hunk needs to count as placed.
    pub min_confidence: f32,
}

impl Default for PortOptions {
    fn default() -> Self {
        PortOptions {
            strip: 1,
            min_confidence: place::DEFAULT_MIN_CONFIDENCE,
        }
    }
}

/// Plans every file of a commit.
///
/// The trees are asked once for the names of all its files: a tree search
/// reads every file of a language, and asking file by file would read them
/// once per file.
pub fn plan_commit(
    commit: &CommitPatch,
    legacy: &dyn Tree,
    upstream: Option<&dyn Tree>,
    opts: &PortOptions,
) -> Result<Vec<FilePlan>, PortError> {
    let found = commit
        .files
        .iter()
        .map(|f| locate(f, legacy, upstream, opts))
        .collect::<Result<Vec<_>, _>>()?;
    let located: Vec<&Located<'_>> = found
        .iter()
        .filter_map(|f| match f {
            Lookup::Located(l) => Some(l),
            Lookup::Settled(_) => None,
        })
        .collect();
    let (lacking, known) = lacking(&commit.files, &located, legacy, upstream)?;
    let python = python_branch(&located, legacy)?;
    Ok(found
        .into_iter()
        .map(|f| match f {
            Lookup::Settled(plan) => plan,
            Lookup::Located(l) => plan_located(l, &lacking, &known, python, opts),
        })
        .collect())
}

fn blocked(path: Vec<u8>, why: impl Into<String>) -> FilePlan {
    FilePlan {
        path,
        legacy_path: None,
        found_by: "",
        outcome: FileOutcome::Blocked(why.into()),
        legacy: Text::default(),
        hunks: Vec::new(),
    }
}

/// Plans one file of `commit`'s files (the names their added lines define
/// are new with the commit, not missing on the branch).
pub fn plan_file(
    commit: &[FilePatch],
    file: &FilePatch,
    legacy: &dyn Tree,
    upstream: Option<&dyn Tree>,
    opts: &PortOptions,
) -> Result<FilePlan, PortError> {
    match locate(file, legacy, upstream, opts)? {
        Lookup::Settled(plan) => Ok(plan),
        Lookup::Located(l) => {
            let (lacking, known) = lacking(commit, &[&l], legacy, upstream)?;
            let python = python_branch(&[&l], legacy)?;
            Ok(plan_located(l, &lacking, &known, python, opts))
        }
    }
}

/// A file of the patch whose legacy counterpart was found and read: what
/// planning its hunks needs.
struct Located<'f> {
    file: &'f FilePatch,
    path: Vec<u8>,
    legacy_path: Vec<u8>,
    found_by: &'static str,
    text: Text,
    before: Option<Text>,
}

impl Located<'_> {
    fn lang(&self) -> Option<Lang> {
        Lang::from_path(&self.legacy_path)
    }
}

/// A file's plan settled without placing hunks (blocked, created, deleted),
/// or its legacy counterpart, found.
enum Lookup<'f> {
    Settled(FilePlan),
    Located(Located<'f>),
}

/// Finds the legacy counterpart of one file of the patch.
fn locate<'f>(
    file: &'f FilePatch,
    legacy: &dyn Tree,
    upstream: Option<&dyn Tree>,
    opts: &PortOptions,
) -> Result<Lookup<'f>, PortError> {
    let new_path = file.new_path_stripped(opts.strip);
    let old_path = file.old_path_stripped(opts.strip);
    let path = new_path
        .clone()
        .or_else(|| old_path.clone())
        .unwrap_or_default();
    if file.binary {
        return Ok(Lookup::Settled(blocked(
            path,
            "binary patch: port it by hand",
        )));
    }
    if file.kind == ChangeKind::Added {
        let content = added_content(&file.hunks);
        return Ok(Lookup::Settled(match legacy.read(&path)? {
            None => FilePlan {
                legacy_path: Some(path.clone()),
                found_by: "new file",
                outcome: FileOutcome::Create(content),
                ..blocked(path, "")
            },
            Some(existing) if existing == content => FilePlan {
                legacy_path: Some(path.clone()),
                found_by: "new file",
                outcome: FileOutcome::Unchanged,
                ..blocked(path, "")
            },
            Some(_) => blocked(
                path,
                "upstream creates this file but legacy already has a different one",
            ),
        }));
    }
    let source = old_path.clone().unwrap_or_else(|| path.clone());
    let upstream_bytes = match upstream {
        Some(tree) => tree.read(&source)?,
        None => None,
    };
    let found = match find_legacy(&source, &path, legacy)? {
        Some(found) => Some(found),
        None => locate::by_functions(&path, &file.hunks, upstream_bytes.as_deref(), legacy)?
            .map(|(p, b)| (p, "defines the changed functions", b)),
    };
    let Some((legacy_path, found_by, bytes)) = found else {
        return Ok(Lookup::Settled(blocked(
            path,
            "no legacy file at this path, under a name it was renamed from, or defining the changed functions",
        )));
    };
    if looks_binary(&bytes) {
        return Ok(Lookup::Settled(blocked(path, "the legacy file is binary")));
    }
    if let Some(why) = crate::limits::over_limit(bytes.len()) {
        return Ok(Lookup::Settled(blocked(
            path,
            format!("the legacy file is {why}"),
        )));
    }
    let text = Text::parse(&bytes);
    if file.kind == ChangeKind::Deleted {
        let pre = removed_content(&file.hunks);
        let outcome = if bytes == pre {
            FileOutcome::Delete
        } else {
            FileOutcome::Blocked("upstream deletes this file but legacy's differs".into())
        };
        return Ok(Lookup::Settled(FilePlan {
            path,
            legacy_path: Some(legacy_path),
            found_by,
            outcome,
            legacy: text,
            hunks: Vec::new(),
        }));
    }
    Ok(Lookup::Located(Located {
        file,
        path,
        legacy_path,
        found_by,
        text,
        before: upstream_bytes.map(|b| Text::parse(&b)),
    }))
}

/// The names `files` use that the legacy tree lacks: called nowhere in it
/// (`tree_check.rs`), imported from a module of it that lacks them
/// (`imported.rs`), crates the legacy crate does not depend on
/// (`crates.rs`), or functions called with an argument count the branch's
/// signature does not take (`signatures.rs`); and the names looked up
/// that the legacy tree has. Nothing without upstream's tree to compare
/// with.
fn lacking(
    commit: &[FilePatch],
    files: &[&Located<'_>],
    legacy: &dyn Tree,
    upstream: Option<&dyn Tree>,
) -> Result<(tree_check::Lacking, tree_check::Known), PortError> {
    let Some(upstream) = upstream else {
        return Ok(Default::default());
    };
    let (mut lacking, known) = tree_check::lacking(commit, files, legacy, upstream)?;
    let imported = imported::lacking(files, legacy, upstream)?;
    if !imported.is_empty() {
        lacking.entry(Lang::Python).or_default().extend(imported);
    }
    let crates = crates::lacking(files, legacy, upstream)?;
    let signatures = signatures::lacking(commit, files, legacy, upstream)?;
    let toolchain = toolchain::lacking(files, legacy)?;
    for rust in [crates, signatures, toolchain] {
        if !rust.is_empty() {
            lacking.entry(Lang::Rust).or_default().extend(rust);
        }
    }
    Ok((lacking, known))
}

/// What the legacy tree's packaging and lint settings say of its Python,
/// read only for a commit that changes Python files.
fn python_branch(files: &[&Located<'_>], legacy: &dyn Tree) -> Result<PythonBranch, PortError> {
    if !files.iter().any(|l| l.lang() == Some(Lang::Python)) {
        return Ok(PythonBranch::default());
    }
    python_branch::read(legacy)
}

/// Plans the hunks of a located file, with the names of its language the
/// legacy tree lacks and those looked up that it has, when the trees could
/// tell.
fn plan_located(
    l: Located<'_>,
    lacking: &tree_check::Lacking,
    known: &tree_check::Known,
    python: PythonBranch,
    opts: &PortOptions,
) -> FilePlan {
    let lang = l.lang();
    let input = place::FileInput {
        path: &l.legacy_path,
        legacy: &l.text,
        upstream_before: l.before.as_ref(),
        hunks: &l.file.hunks,
        tree_lacks: lang.and_then(|lang| lacking.get(&lang)),
        tree_has: lang.and_then(|lang| known.get(&lang)),
        python,
    };
    let hunks = place::plan_file(&input, opts.min_confidence);
    FilePlan {
        path: l.path,
        legacy_path: Some(l.legacy_path),
        found_by: l.found_by,
        outcome: FileOutcome::Modify,
        legacy: l.text,
        hunks,
    }
}

type Found = (Vec<u8>, &'static str, Vec<u8>);

/// The legacy counterpart of an upstream file: the same path, the path before
/// an upstream rename, or the path legacy had for it.
fn find_legacy(old: &[u8], new: &[u8], legacy: &dyn Tree) -> Result<Option<Found>, PortError> {
    if let Some(b) = legacy.read(old)? {
        return Ok(Some((old.to_vec(), "same path", b)));
    }
    if old != new {
        if let Some(b) = legacy.read(new)? {
            return Ok(Some((new.to_vec(), "renamed path", b)));
        }
    }
    if let Some(p) = legacy.renamed_from(old)? {
        if let Some(b) = legacy.read(&p)? {
            return Ok(Some((p, "rename history", b)));
        }
    }
    Ok(None)
}

/// The content of a created file: its added lines.
fn added_content(hunks: &[Hunk]) -> Vec<u8> {
    side_content(hunks, crate::patch::LineKind::Removed)
}

/// The content of a deleted file: its removed lines.
fn removed_content(hunks: &[Hunk]) -> Vec<u8> {
    side_content(hunks, crate::patch::LineKind::Added)
}

fn side_content(hunks: &[Hunk], skip: crate::patch::LineKind) -> Vec<u8> {
    let mut out = Vec::new();
    for l in hunks.iter().flat_map(|h| &h.lines) {
        if l.kind == skip {
            continue;
        }
        out.extend_from_slice(&l.content);
        if l.no_newline.is_none() {
            out.push(b'\n');
        }
    }
    out
}

/// `dir/file`, or `file` at the root.
fn join(dir: &[u8], file: &[u8]) -> Vec<u8> {
    if dir.is_empty() {
        file.to_vec()
    } else {
        [dir, b"/", file].concat()
    }
}

/// The folder of `path` (empty at the root).
fn parent(path: &[u8]) -> &[u8] {
    path.iter()
        .rposition(|&b| b == b'/')
        .map_or(&path[..0], |i| &path[..i])
}
