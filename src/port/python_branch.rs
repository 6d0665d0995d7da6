//! What the legacy tree's packaging and lint settings say of its Python.
//!
//! Whether a branch still runs on Python 2, or on a Python before 3.10, is
//! read from the legacy file when nothing better is at hand (`python2.rs`,
//! `unions.rs`): `class X(object)` and `super(X, self)` are Python 2 habits.
//! OpenStack's branches kept those habits long after they dropped Python 2,
//! and a fix calling `super().__init__()` was held for a person though its
//! patch applied cleanly (glance's zed branch, octavia's 2023.1). The
//! branch's packaging says it outright: `python_requires = >=3.8` in
//! `setup.cfg`, `requires-python = ">=3.9"` in `pyproject.toml`,
//! `python_requires='>=3.6'` in `setup.py`.
//!
//! In the same way, whether the branch's lint wants continuation lines
//! aligned (`visual_indent.rs`) is read from the legacy file's own lines,
//! unless its flake8 settings say: nova ignores E121 to E131, keeps its
//! files aligned anyway, and its maintainers take upstream's lines a
//! column off as they are.

use super::{PortError, Tree};
use crate::place::{ContinuationLint, PythonBranch};

/// The packaging files read, at the root of the tree, in order.
const FILES: [(&[u8], &[u8]); 3] = [
    (b"pyproject.toml", b"requires-python"),
    (b"setup.cfg", b"python_requires"),
    (b"setup.py", b"python_requires"),
];

/// The files flake8 reads its settings from, in the order it prefers them.
const LINT_FILES: [&[u8]; 3] = [b".flake8", b"setup.cfg", b"tox.ini"];

/// What the legacy tree says of its Python.
pub(super) fn read(tree: &dyn Tree) -> Result<PythonBranch, PortError> {
    let mut branch = PythonBranch::default();
    for (path, key) in FILES {
        if let Some(content) = tree.read(path)? {
            if let Some(floor) = requires(&content, key) {
                branch.floor = Some(floor);
                break;
            }
        }
    }
    for path in LINT_FILES {
        if let Some(content) = tree.read(path)? {
            if let Some(settings) = Flake8::read(&content) {
                branch.continuation_lint = Some(settings.checks());
                break;
            }
        }
    }
    Ok(branch)
}

/// The codes flake8 ignores when its settings name none: E126 among
/// them, so a project that says nothing does not check over-indented
/// hanging lines.
const DEFAULT_IGNORE: [&[u8]; 8] = [
    b"E121", b"E123", b"E126", b"E226", b"E24", b"E704", b"W503", b"W504",
];

/// The code lists of a `[flake8]` section.
#[derive(Default)]
struct Flake8 {
    select: Option<Vec<Vec<u8>>>,
    ignore: Option<Vec<Vec<u8>>>,
    extend_select: Vec<Vec<u8>>,
    extend_ignore: Vec<Vec<u8>>,
}

impl Flake8 {
    /// The lists of the file's `[flake8]` section, if it has one.
    fn read(content: &[u8]) -> Option<Flake8> {
        let mut lines = content.split(|&b| b == b'\n').peekable();
        while let Some(line) = lines.next() {
            if line.trim_ascii() != b"[flake8]" {
                continue;
            }
            let mut out = Flake8::default();
            while let Some(line) = lines.next() {
                let t = line.trim_ascii();
                if t.starts_with(b"[") {
                    break;
                }
                let Some(eq) = t.iter().position(|&b| b == b'=') else {
                    continue;
                };
                let list = match t[..eq].trim_ascii() {
                    b"select" => out.select.get_or_insert_with(Vec::new),
                    b"ignore" => out.ignore.get_or_insert_with(Vec::new),
                    b"extend-select" | b"extend_select" => &mut out.extend_select,
                    b"extend-ignore" | b"extend_ignore" => &mut out.extend_ignore,
                    _ => continue,
                };
                let mut value = t[eq + 1..].to_vec();
                // A value goes on over the indented lines after it.
                while let Some(next) = lines.peek() {
                    if next.first().is_some_and(u8::is_ascii_whitespace)
                        && !next.trim_ascii().is_empty()
                    {
                        value.push(b'\n');
                        value.extend_from_slice(next);
                        lines.next();
                    } else {
                        break;
                    }
                }
                list.extend(codes(&value));
            }
            return Some(out);
        }
        None
    }

    /// Whether flake8 runs `code` (a listed code takes in those it
    /// starts: `E12`, `E1`).
    fn runs(&self, code: &[u8]) -> bool {
        let listed = |list: &[Vec<u8>]| list.iter().any(|c| code.starts_with(c));
        let selected = self.select.as_deref().is_none_or(listed) || listed(&self.extend_select);
        let ignored = match &self.ignore {
            Some(list) => listed(list),
            None => DEFAULT_IGNORE.iter().any(|c| code.starts_with(c)),
        };
        selected && !ignored && !listed(&self.extend_ignore)
    }

    /// The continuation-line checks it runs.
    fn checks(&self) -> ContinuationLint {
        ContinuationLint {
            under_visual: self.runs(b"E128"),
            over_visual: self.runs(b"E127"),
            over_hanging: self.runs(b"E126"),
        }
    }
}

/// The codes of a list, split at commas and blanks, comments left out.
fn codes(value: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for line in value.split(|&b| b == b'\n') {
        let line = line.split(|&b| b == b'#').next().unwrap_or_default();
        out.extend(
            line.split(|&b| b == b',' || b.is_ascii_whitespace())
                .filter(|c| !c.is_empty())
                .map(<[u8]>::to_vec),
        );
    }
    out
}

/// The lower bound of the first `key` setting in `content`: the version
/// after `>=`, `~=` or `==` (`>=3.8`, `">=3.9,<4"`). A specifier with none
/// (`!=3.0.*` alone) says nothing.
fn requires(content: &[u8], key: &[u8]) -> Option<(u32, u32)> {
    let at = memchr::memmem::find(content, key)?;
    let rest = &content[at + key.len()..];
    let value = rest.trim_ascii_start().strip_prefix(b"=")?;
    let end = value
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(value.len());
    let value = &value[..end];
    let op = [&b">="[..], b"~=", b"=="]
        .iter()
        .filter_map(|op| memchr::memmem::find(value, op).map(|i| i + op.len()))
        .min()?;
    let version = value[op..].trim_ascii_start();
    let mut parts = version.split(|&b| b == b'.');
    let number = |p: Option<&[u8]>| -> Option<u32> {
        let digits: Vec<u8> = p?.iter().copied().take_while(u8::is_ascii_digit).collect();
        std::str::from_utf8(&digits).ok()?.parse().ok()
    };
    let major = number(parts.next())?;
    Some((major, number(parts.next()).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lower_bound_each_packaging_file_gives() {
        let cfg = b"[options]\npackages = glance\npython_requires = >=3.8\n";
        assert_eq!(requires(cfg, b"python_requires"), Some((3, 8)));
        let toml = b"[project]\nname = \"x\"\nrequires-python = \">=3.9,<4\"\n";
        assert_eq!(requires(toml, b"requires-python"), Some((3, 9)));
        let py = b"setup(\n    name='x',\n    python_requires='~=3.6',\n)\n";
        assert_eq!(requires(py, b"python_requires"), Some((3, 6)));
        let py2 = b"python_requires = >=2.7, !=3.0.*, !=3.1.*\n";
        assert_eq!(requires(py2, b"python_requires"), Some((2, 7)));
        // An exclusion alone, or no setting, says nothing.
        assert_eq!(
            requires(b"python_requires = !=3.0.*\n", b"python_requires"),
            None
        );
        assert_eq!(
            requires(b"[metadata]\nname = x\n", b"python_requires"),
            None
        );
    }

    #[test]
    fn reads_which_continuation_checks_flake8_runs() {
        let read = |content: &[u8]| Flake8::read(content).map(|f| f.checks());
        let none = ContinuationLint {
            under_visual: false,
            over_visual: false,
            over_hanging: false,
        };
        // nova's tox.ini: the value goes on, E126 to E128 are in it.
        let nova = b"[testenv]\ncommands = x\n\n[flake8]\n# E125 is wrong.\nenable-extensions = H106\nignore = E121,E122,E123,E124,E125,E126,E127,\n  E128,E129,E131 # the whitespace rules\nexclude = .venv\n";
        assert_eq!(read(nova), Some(none));
        // neutron's: a line under the visual indent stays, one over moves.
        let neutron =
            b"[flake8]\nignore = E126,E128,E731,I202,H405,N530,W504\nshow-source = true\n";
        let only_over = ContinuationLint {
            over_visual: true,
            ..none
        };
        assert_eq!(read(neutron), Some(only_over));
        // neutron's later branches run only hacking's checks.
        assert_eq!(read(b"[flake8]\nselect = H,N\n"), Some(none));
        let ironic =
            b"[flake8]\nignore = E129,W503\nfilename = *.py\n[hacking]\nimport_exceptions = x\n";
        assert_eq!(read(ironic), Some(ContinuationLint::ALL));
        // Saying nothing leaves flake8's own ignore list, E126 in it.
        let plain = ContinuationLint {
            over_hanging: false,
            ..ContinuationLint::ALL
        };
        assert_eq!(read(b"[flake8]\nmax-line-length = 99\n"), Some(plain));
        assert_eq!(read(b"[tox]\nenvlist = py3\n"), None);
    }
}
