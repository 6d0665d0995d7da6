//! How big an input ferry takes: a patch or a legacy file over the limit is
//! refused with a message naming it and the limit, so memory stays bounded
//! (about 13 times a legacy file's size and 5 times a patch's, measured;
//! see docs/security.md).
//!
//! The limit is `FERRY_MAX_INPUT_MB` mebibytes (default 256).

/// The variable that sets the limit, in MiB.
pub const VAR: &str = "FERRY_MAX_INPUT_MB";

/// The limit when the variable is not set.
pub const DEFAULT_MB: u64 = 256;

/// The limit in bytes.
pub fn max_input_bytes() -> u64 {
    let mb = std::env::var(VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_MB);
    mb.saturating_mul(1024 * 1024)
}

/// Why an input of `len` bytes is refused, if it is.
pub fn over_limit(len: usize) -> Option<String> {
    over(len as u64, max_input_bytes())
}

fn over(len: u64, max: u64) -> Option<String> {
    (len > max).then(|| {
        format!(
            "{} MiB, over the limit of {} MiB (set {VAR} to raise it)",
            len.div_ceil(1024 * 1024),
            max / (1024 * 1024)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_over_the_limit_are_named_with_it() {
        assert_eq!(over(1024 * 1024, 1024 * 1024), None);
        let why = over(3 * 1024 * 1024 + 1, 2 * 1024 * 1024).unwrap();
        assert_eq!(
            why,
            "4 MiB, over the limit of 2 MiB (set FERRY_MAX_INPUT_MB to raise it)"
        );
    }
}
