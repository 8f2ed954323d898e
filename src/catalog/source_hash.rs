//! The fingerprint of what `src/catalog/builtin.rs` is generated from: the catalog
//! and exchange-rate files and the generator. Shared by `build.rs`, which has the
//! program read the TOML at start-up when the generated file's fingerprint is not
//! this (so a stale file never prices anything), and by the test that writes the file.

/// The files, from the crate's root, in the order they are hashed.
pub const SOURCES: [&str; 3] = [
    "data/catalog.toml",
    "data/fx.toml",
    "src/catalog/literal.rs",
];

/// FNV-1a, 64 bits, over each file's bytes and its length, as 16 hex digits: a check
/// that the sources are the ones the file was written from, not a secure hash.
pub fn fingerprint<T: AsRef<[u8]>>(texts: &[T]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for text in texts {
        let text = text.as_ref();
        for byte in text.iter().chain(&(text.len() as u64).to_le_bytes()) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}
