//! The functions a Rust file defines and how many parameters each takes.
//!
//! A call's argument count says which signature it was written for:
//! `build_resources(shared, EngineType::RaftKv)` needs the two-parameter
//! `build_resources` upstream gained, and does not build on a branch whose
//! only one takes one. Read from the text, not parsed: whole trees are read
//! this way, and a signature needs only its brackets counted.

use crate::text::is_word;

/// Every function `content` defines (`fn name`, trait declarations too)
/// and how many parameters it takes, `self` not counted: a method call
/// passes it before the dot.
pub fn rust_functions(content: &[u8]) -> Vec<(&[u8], usize)> {
    memchr::memmem::find_iter(content, b"fn")
        .filter(|&at| at == 0 || !is_word(content[at - 1]))
        .filter_map(|at| {
            let rest = &content[at + 2..];
            let name = rest.trim_ascii_start();
            if name.len() == rest.len() {
                return None;
            }
            let end = name.iter().position(|&b| !is_word(b))?;
            let name_at = content.len() - name.len();
            let n = parameters(&content[name_at + end..])?;
            (end > 0 && !name[0].is_ascii_digit()).then_some((&name[..end], n))
        })
        .collect()
}

/// The parameter count of a function whose name `rest` follows: optional
/// generics, then the parenthesized list.
fn parameters(rest: &[u8]) -> Option<usize> {
    if rest.first().is_some_and(|&b| is_word(b)) {
        return None;
    }
    let mut at = rest.len() - rest.trim_ascii_start().len();
    if rest.get(at) == Some(&b'<') {
        at += closing(&rest[at..], b'<')?;
        at += rest[at..].len() - rest[at..].trim_ascii_start().len();
    }
    if rest.get(at) != Some(&b'(') {
        return None;
    }
    let list = &rest[at..];
    let end = closing(list, b'(')?;
    let list = &list[1..end - 1];
    let mut params = split_top_level(list);
    params.retain(|p| !p.trim_ascii().is_empty());
    if params.first().is_some_and(|p| is_self(p)) {
        params.remove(0);
    }
    Some(params.len())
}

/// How far past the bracket `open` (`<` or `(`) that starts `text` its
/// closing one ends; `None` if it does not close in a signature's length.
/// `->` closes nothing, and `//` comments are skipped.
fn closing(text: &[u8], open: u8) -> Option<usize> {
    let angles = open == b'<';
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len().min(4096) {
        match text[i] {
            b'/' if text.get(i + 1) == Some(&b'/') => {
                i += memchr::memchr(b'\n', &text[i..])?;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b'<' if angles => depth += 1,
            b'>' if i > 0 && text[i - 1] == b'-' => {}
            b')' | b']' | b'}' => depth = depth.checked_sub(1)?,
            b'>' if angles => depth = depth.checked_sub(1)?,
            _ => {}
        }
        i += 1;
        if depth == 0 {
            return Some(i);
        }
    }
    None
}

/// A parameter list cut at its top-level commas.
fn split_top_level(list: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0, 0);
    while i < list.len() {
        match list[i] {
            b'/' if list.get(i + 1) == Some(&b'/') => {
                i += memchr::memchr(b'\n', &list[i..]).unwrap_or(list.len() - i);
                continue;
            }
            b'(' | b'[' | b'{' | b'<' => depth += 1,
            b'>' if i > 0 && list[i - 1] == b'-' => {}
            b')' | b']' | b'}' | b'>' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                out.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&list[start..]);
    out
}

/// Whether a parameter is the receiver: `self`, `&'a mut self`,
/// `self: Box<Self>`.
fn is_self(param: &[u8]) -> bool {
    let mut t = param.trim_ascii();
    t = t.strip_prefix(b"&").unwrap_or(t).trim_ascii_start();
    if t.starts_with(b"'") {
        let end = t[1..]
            .iter()
            .position(|&b| !is_word(b))
            .map_or(t.len(), |e| e + 1);
        t = t[end..].trim_ascii_start();
    }
    t = t.strip_prefix(b"mut ").unwrap_or(t).trim_ascii_start();
    t.starts_with(b"self") && !t.get(4).is_some_and(|&b| is_word(b))
}

#[cfg(test)]
mod tests {
    use super::rust_functions;

    #[test]
    fn functions_and_their_parameter_counts() {
        let counts = |content: &str, name: &str| -> Vec<usize> {
            rust_functions(content.as_bytes())
                .into_iter()
                .filter(|&(f, _)| f == name.as_bytes())
                .map(|(_, n)| n)
                .collect()
        };
        let source = "impl Config {
    pub fn build_resources(&self, env: Arc<Env>) -> Resources {
        todo()
    }
    fn build_resources_for(&'a mut self) {}
}
// build_resources(a, b) is called below.
pub fn build_resources<K: Into<Vec<u8>>, V>(
    map: HashMap<K, V>,     // one, however many commas
    on_done: impl Fn(u8, u8) -> u8,
    cb: Box<dyn FnOnce(Result<(), Error>) + Send>,
) {}
fn open(self: Box<Self>, how: u8) {}
";
        assert_eq!(counts(source, "build_resources"), [1, 3]);
        assert_eq!(counts(source, "build_resources_for"), [0]);
        assert_eq!(counts(source, "open"), [1]);
        assert!(counts(source, "resources").is_empty());
    }
}
