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
use crate::place::PythonBranch;

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
            if let Some(ignored) = flake8_ignores(&content) {
                branch.lints_continuations = Some(!ignores_alignment(&ignored));
                break;
            }
        }
    }
    Ok(branch)
}

/// The codes a `[flake8]` section's `ignore` and `extend-ignore` list,
/// if the file has such a section.
fn flake8_ignores(content: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut lines = content.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim_ascii() != b"[flake8]" {
            continue;
        }
        let mut codes = Vec::new();
        while let Some(line) = lines.next() {
            let t = line.trim_ascii();
            if t.starts_with(b"[") {
                break;
            }
            let Some(eq) = t.iter().position(|&b| b == b'=') else {
                continue;
            };
            let key = t[..eq].trim_ascii();
            if !matches!(key, b"ignore" | b"extend-ignore" | b"extend_ignore") {
                continue;
            }
            let mut value = t[eq + 1..].to_vec();
            // A value goes on over the indented lines after it.
            while let Some(next) = lines.peek() {
                if next.first().is_some_and(u8::is_ascii_whitespace)
                    && !next.trim_ascii().is_empty()
                {
                    value.push(b',');
                    value.extend_from_slice(next);
                    lines.next();
                } else {
                    break;
                }
            }
            for part in value.split(|&b| b == b'\n' || b == b',') {
                let part = part.split(|&b| b == b'#').next().unwrap_or_default();
                codes.extend(
                    part.split(u8::is_ascii_whitespace)
                        .filter(|c| !c.is_empty())
                        .map(<[u8]>::to_vec),
                );
            }
        }
        return Some(codes);
    }
    None
}

/// Whether the codes ignored take in both of pycodestyle's visual-indent
/// checks, E127 and E128 (a code ignores those it starts: `E12`, `E1`).
fn ignores_alignment(ignored: &[Vec<u8>]) -> bool {
    [&b"E127"[..], b"E128"]
        .iter()
        .all(|code| ignored.iter().any(|i| code.starts_with(i)))
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
    fn reads_whether_flake8_checks_continuation_lines() {
        // nova's tox.ini: the value goes on, and E127 and E128 are in it.
        let nova = b"[testenv]\ncommands = x\n\n[flake8]\n# E125 is wrong.\nenable-extensions = H106\nignore = E121,E122,E123,E124,E125,E126,E127,\n  E128,E129,E131 # the whitespace rules\nexclude = .venv\n";
        let codes = flake8_ignores(nova).unwrap_or_default();
        assert!(ignores_alignment(&codes), "{codes:?}");
        let ironic =
            b"[flake8]\nignore = E129,W503\nfilename = *.py\n[hacking]\nimport_exceptions = x\n";
        let codes = flake8_ignores(ironic).unwrap_or_default();
        assert!(!ignores_alignment(&codes), "{codes:?}");
        assert!(ignores_alignment(&[b"E12".to_vec()]));
        assert_eq!(flake8_ignores(b"[tox]\nenvlist = py3\n"), None);
    }
}
