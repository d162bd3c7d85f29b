//! Cache keys: one way to fingerprint the inputs of a cached result (FxHash, fast and
//! deterministic within a run; keys never leave the process).

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

/// The fingerprint of one value.
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    with(|h| value.hash(h))
}

/// The fingerprint of whatever `f` feeds the hasher.
pub fn with(f: impl FnOnce(&mut FxHasher)) -> u64 {
    let mut h = FxHasher::default();
    f(&mut h);
    h.finish()
}

/// An order-independent fingerprint of a set (no sorting needed).
pub fn of_set<T: Hash>(items: impl Iterator<Item = T>) -> u64 {
    items.fold(0u64, |acc, x| acc.wrapping_add(of(&x)))
}
