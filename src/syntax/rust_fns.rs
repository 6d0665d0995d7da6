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
    let mut rest = rest.trim_ascii_start();
    if rest.starts_with(b"<") {
        let (end, _) = bracketed(rest)?;
        rest = rest[end..].trim_ascii_start();
    }
    if !rest.starts_with(b"(") {
        return None;
    }
    let (_, mut params) = bracketed(rest)?;
    params.retain(|p| !p.trim_ascii().is_empty());
    if params.first().is_some_and(|p| is_self(p)) {
        params.remove(0);
    }
    Some(params.len())
}

/// The bracketed list `text` starts with (`<…>` or `(…)`): how far past its
/// closing bracket `text` goes, and its items cut at the list's own commas
/// (not those of `HashMap<K, V>` or `Fn(u8, u8)` inside). `->` closes
/// nothing and `//` comments are skipped; `None` if the list does not close
/// within a signature's length.
fn bracketed(text: &[u8]) -> Option<(usize, Vec<&[u8]>)> {
    let (mut depth, mut start, mut i) = (0usize, 1, 0);
    let mut items = Vec::new();
    while i < text.len().min(4096) {
        match text[i] {
            b'/' if text.get(i + 1) == Some(&b'/') => {
                i += memchr::memchr(b'\n', &text[i..])?;
            }
            b'(' | b'[' | b'{' | b'<' => depth += 1,
            b'>' if i > 0 && text[i - 1] == b'-' => {}
            b')' | b']' | b'}' | b'>' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    items.push(&text[start..i]);
                    return Some((i + 1, items));
                }
            }
            b',' if depth == 1 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
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
