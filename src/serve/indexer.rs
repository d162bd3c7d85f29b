//! The search index of the served site, built in the background by one worker. The
//! worker indexes the newest site once saves pause for a moment: a burst of saves
//! never starts one indexer per save (at 10,000 articles one run takes half a
//! minute and gigabytes), and a site replaced before its index was done is not
//! indexed at all. The previous index is served meanwhile.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::Duration;

use super::http::AppState;
use crate::render::OutputFile;

/// How long the sites handed in must stop changing before indexing starts.
const QUIET: Duration = Duration::from_millis(300);

/// One site to index.
struct Job {
    generation: u64,
    files: Vec<OutputFile>,
    language: String,
}

#[derive(Default)]
struct Slot {
    /// The newest site not yet indexed.
    next: Option<Job>,
    /// The server is gone: the worker stops.
    closed: bool,
}

type Shared = Arc<(Mutex<Slot>, Condvar)>;

/// The handle of the worker; dropping it stops the worker.
pub(super) struct Indexer {
    shared: Shared,
}

impl Indexer {
    /// Starts the worker, which puts each index into `state`'s site.
    pub(super) fn start(state: Weak<AppState>) -> Indexer {
        Indexer::with(move |job| index(job, &state))
    }

    /// Starts a worker that hands each site to `run`.
    fn with(run: impl Fn(Job) + Send + 'static) -> Indexer {
        let shared: Shared = Arc::default();
        let theirs = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("dossier-search-index".into())
            .spawn(move || work(&theirs, &run));
        if let Err(e) = spawned {
            eprintln!("cannot build the search index: {e}");
        }
        Indexer { shared }
    }

    /// Asks for the index of `files`, the site of rebuild `generation`, replacing any
    /// site still waiting.
    pub(super) fn submit(&self, generation: u64, files: Vec<OutputFile>, language: String) {
        lock(&self.shared).next = Some(Job {
            generation,
            files,
            language,
        });
        self.shared.1.notify_one();
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        lock(&self.shared).closed = true;
        self.shared.1.notify_one();
    }
}

fn lock(shared: &Shared) -> MutexGuard<'_, Slot> {
    shared.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// The worker: waits for a site, lets saves settle, indexes the newest one.
fn work(shared: &Shared, run: &dyn Fn(Job)) {
    let wake = &shared.1;
    loop {
        let mut slot = lock(shared);
        while slot.next.is_none() && !slot.closed {
            slot = wake.wait(slot).unwrap_or_else(|e| e.into_inner());
        }
        // Until no newer site came within QUIET of the last one.
        let mut job = None;
        while let Some(newer) = slot.next.take() {
            job = Some(newer);
            slot = wake
                .wait_timeout(slot, QUIET)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        if slot.closed {
            return;
        }
        drop(slot);
        if let Some(job) = job {
            run(job);
        }
    }
}

/// Builds the index of `job` and serves it, unless a newer site is served by now.
fn index(job: Job, state: &Weak<AppState>) {
    let mut diags = crate::diagnostic::Diagnostics::new();
    let index = crate::search::index(&job.files, &job.language, &mut diags);
    if !diags.is_empty() {
        eprint!("{}", diags.render(false));
    }
    let Some(state) = state.upgrade() else {
        return;
    };
    let mut site = match state.site.write() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    if state.generation.load(Ordering::SeqCst) != job.generation {
        return;
    }
    let folder = super::search_folder();
    site.files.retain(|path, _| !path.starts_with(&folder));
    for f in index {
        site.files.insert(f.path, f.bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_burst_of_sites_is_indexed_once_and_the_newest() {
        let (tx, rx) = mpsc::channel();
        let indexer = Indexer::with(move |job| tx.send(job.generation).unwrap_or(()));
        for generation in 1..=5 {
            indexer.submit(generation, Vec::new(), "en".into());
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(5));
        assert!(
            rx.recv_timeout(QUIET * 3).is_err(),
            "indexed more than once"
        );
        // A site handed in after a pause is indexed too.
        indexer.submit(6, Vec::new(), "en".into());
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(6));
        drop(indexer);
    }
}
