//! A value made from the site and kept with what it read ([`Tracked`]): a rendered
//! page, an article's part of the data export, the rest of the export. On the next
//! build it is reused exactly when none of its reads changed.

use std::sync::Arc;

use crate::site::{Dep, Fingerprints, PageCtx, Site};

/// A value with the parts of the site it read and the key of their fingerprints.
#[derive(Clone)]
pub(super) struct Tracked<T> {
    /// Shared, so that reusing a value copies no list.
    pub reads: Arc<[Dep]>,
    pub key: u64,
    pub value: T,
}

/// The key of what read `reads`: the site-wide fingerprint and those of its reads.
pub(super) fn key_of(global: u64, fps: &Fingerprints, reads: &[Dep]) -> u64 {
    crate::hash::of(&(global, fps.key(reads)))
}

impl<T> Tracked<T> {
    /// Whether it is still what the site would make: none of its reads changed.
    pub fn is_current(&self, global: u64, fps: &Fingerprints) -> bool {
        self.key == key_of(global, fps, &self.reads)
    }

    /// Makes the value, recording what `make` reads of `site`.
    pub fn make(
        site: &Site,
        global: u64,
        fps: &Fingerprints,
        make: impl FnOnce(&PageCtx) -> T,
    ) -> Tracked<T> {
        let ctx = PageCtx::new(site);
        let value = make(&ctx);
        let reads: Arc<[Dep]> = ctx.into_reads().into();
        let key = key_of(global, fps, &reads);
        Tracked { reads, key, value }
    }

    /// Like [`Tracked::make`], for a value that may fail to be made.
    pub fn try_make<E>(
        site: &Site,
        global: u64,
        fps: &Fingerprints,
        make: impl FnOnce(&PageCtx) -> Result<T, E>,
    ) -> Result<Tracked<T>, E> {
        let ctx = PageCtx::new(site);
        let value = make(&ctx)?;
        let reads: Arc<[Dep]> = ctx.into_reads().into();
        let key = key_of(global, fps, &reads);
        Ok(Tracked { reads, key, value })
    }
}
