//! The sink a streamed rebuild renders into: it passes every file on to the
//! caller's sink, counts them, and keeps the pages the search index reads (the
//! indexer runs once every page is made).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{OutputFile, Sink};

/// Passes files on to `to`, keeping the pages to index when `search` is on.
pub(super) struct Tee<'a> {
    to: &'a dyn Sink,
    search: bool,
    kept: Mutex<Vec<OutputFile>>,
    count: AtomicUsize,
}

impl<'a> Tee<'a> {
    pub(super) fn new(to: &'a dyn Sink, search: bool) -> Tee<'a> {
        Tee {
            to,
            search,
            kept: Mutex::default(),
            count: AtomicUsize::new(0),
        }
    }

    /// The pages kept for the search index, taken out of the tee.
    pub(super) fn indexed(&self) -> Vec<OutputFile> {
        std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Passes on `files` (those the search stage made), reporting any it could not.
    pub(super) fn put_all(&self, files: impl Iterator<Item = OutputFile>, diags: &mut Diagnostics) {
        for f in files {
            let path = f.path.clone();
            if let Err(why) = self.put(f) {
                diags.push(Diagnostic::error(&path, why.to_string()));
            }
        }
    }

    /// How many files were passed on.
    pub(super) fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

impl Sink for Tee<'_> {
    fn put(&self, file: OutputFile) -> std::io::Result<()> {
        if self.search && file.path.ends_with(".html") && crate::search::is_indexed(&file.bytes) {
            let kept = file.clone();
            self.kept
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(kept);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.to.put(file)
    }

    /// Streamed files are data exports, never indexed: passed straight on.
    fn put_stream(&self, path: &str, fill: crate::render::Fill) -> std::io::Result<()> {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.to.put_stream(path, fill)
    }
}
