//! The oldest Python the legacy tree says it supports.
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

use super::{PortError, Tree};

/// The packaging files read, at the root of the tree, in order.
const FILES: [(&[u8], &[u8]); 3] = [
    (b"pyproject.toml", b"requires-python"),
    (b"setup.cfg", b"python_requires"),
    (b"setup.py", b"python_requires"),
];

/// The oldest `(major, minor)` the tree's packaging requires, if it says.
pub(super) fn declared(tree: &dyn Tree) -> Result<Option<(u32, u32)>, PortError> {
    for (path, key) in FILES {
        if let Some(content) = tree.read(path)? {
            if let Some(floor) = requires(&content, key) {
                return Ok(Some(floor));
            }
        }
    }
    Ok(None)
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
}
