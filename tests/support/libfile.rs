//! `lib.c`, the C file the branch-history tests (`ferry missing`,
//! `ferry ledger`, prerequisites, the missing-commit view) build their
//! upstream and legacy histories from, and the versions of its
//! `parse_header` that upstream goes through.
#![allow(dead_code)]

/// `lib.c`: `header` is parse_header's body, `limit` check_limit's, and
/// `flush`, when given, flush's first lines (without it the file has no
/// `flush`).
pub fn lib_c(top: &str, header: &str, limit: &str, flush: Option<&str>) -> Vec<u8> {
    let mut text = format!(
        "#include <stdio.h>\n\
         #include <stdlib.h>\n\
         {top}\n\
         static int parse_header(const char *s)\n\
         {{\n\
         {header}\
         }}\n\
         \n\
         static int check_limit(int n)\n\
         {{\n\
         \tif (n > {limit})\n\
         \t\treturn -1;\n\
         \treturn 0;\n\
         }}\n"
    );
    if let Some(flush) = flush {
        text.push_str(&format!(
            "\n\
             static void flush(struct buf *b)\n\
             {{\n\
             {flush}\
             \twrite(b->fd, b->data, b->len);\n\
             \tb->len = 0;\n\
             }}\n"
        ));
    }
    text.into_bytes()
}

/// `parse_header` at the fork: `atoi`.
pub const HEADER_0: &str =
    "\tint n = 0;\n\twhile (*s == ' ')\n\t\ts++;\n\tn = atoi(s);\n\treturn n;\n";
/// Upstream's rework: `strtol`.
pub const HEADER_1: &str = "\tchar *end = NULL;\n\tint n = 0;\n\twhile (*s == ' ')\n\t\ts++;\n\tn = (int)strtol(s, &end, 10);\n\treturn n;\n";
/// Then a whitespace-only change.
pub const HEADER_2: &str = "\tchar *end = NULL;\n\tint n = 0;\n\twhile (*s == ' ')\n\t\ts++;\n\tn = (int) strtol(s, &end, 10);\n\treturn n;\n";
/// Then the fix: reject empty numbers.
pub const HEADER_3: &str = "\tchar *end = NULL;\n\tint n = 0;\n\twhile (*s == ' ')\n\t\ts++;\n\tn = (int) strtol(s, &end, 10);\n\tif (end == s)\n\t\treturn -1;\n\treturn n;\n";
