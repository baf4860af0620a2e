//! The hash chain: each line's `prev` is the SHA-256 (lower-case hex) of the
//! previous line's exact bytes, its terminating newline included. The
//! first line's `prev` is [`GENESIS`], 64 zeros. The head of a log is the
//! hash of its last line, i.e. the `prev` the next line will carry.

pub use crate::digest::{hex, sha256_hex};

/// The `prev` of the first line, and the head of an empty log.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The chain hash of one line, given with its newline.
pub fn line_hash(line: &[u8]) -> String {
    sha256_hex(line)
}

/// Whether `text` looks like a chain hash (64 lower-case hex digits).
pub(crate) fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_hash(GENESIS));
        assert!(!is_hash("ABC"));
    }

    #[test]
    fn the_newline_is_part_of_the_hash() {
        assert_ne!(line_hash(b"{}\n"), line_hash(b"{}"));
    }
}
