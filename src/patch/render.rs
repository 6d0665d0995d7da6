//! Writing a patch back out: the exact bytes it was read from.
//!
//! Every part of the model keeps the raw bytes the parser sliced for it, and
//! hunk lines are written as marker, content, `\n` and the `\ No newline`
//! line they carried, so rendering is concatenation. Regenerating headers from
//! the fields (paths, modes, counts) was rejected: it would normalise what the
//! input wrote (timestamps, quoting, index lines) and break the round trip
//! that the tests and the fuzz target check.

use super::{CommitPatch, FilePatch, Hunk, HunkLine, Patch};

impl Patch {
    /// The patch's bytes; `parse(b)?.to_bytes() == b` for every input it reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_to(&mut out);
        out
    }

    /// Appends the patch's bytes to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        for commit in &self.commits {
            commit.write_to(out);
        }
    }
}

impl CommitPatch {
    /// Appends the commit's bytes to `out`: preamble, file diffs, epilogue.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.preamble);
        for file in &self.files {
            file.write_to(out);
        }
        out.extend_from_slice(&self.epilogue);
    }
}

impl FilePatch {
    /// Appends the file diff's bytes to `out`: header, then its hunks.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.header);
        for hunk in &self.hunks {
            hunk.write_to(out);
        }
    }
}

impl Hunk {
    /// Appends the hunk's bytes to `out`: its `@@` line, then its lines.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.header);
        for line in &self.lines {
            line.write_to(out);
        }
    }
}

impl HunkLine {
    /// Appends the line as a hunk writes it, with any `\ No newline` line.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        if !self.marker_missing {
            out.push(self.kind.marker());
        }
        out.extend_from_slice(&self.content);
        out.push(b'\n');
        if let Some(marker) = &self.no_newline {
            out.extend_from_slice(marker);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::patch::{HunkLine, LineKind};

    #[test]
    fn writes_lines_with_their_markers() {
        let mut out = Vec::new();
        let mut line = HunkLine::new(LineKind::Removed, b"x\r".to_vec());
        line.no_newline = Some(b"\\ No newline at end of file\n".to_vec());
        line.write_to(&mut out);
        let mut bare = HunkLine::new(LineKind::Context, Vec::new());
        bare.marker_missing = true;
        bare.write_to(&mut out);
        assert_eq!(out, b"-x\r\n\\ No newline at end of file\n\n");
    }
}
