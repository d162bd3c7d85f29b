//! Watching the dossier: a debounced watcher (notify-debouncer-full: one save, often
//! several events, is one batch) on the input folders, and the rebuild loop that
//! turns each batch into a rebuild, an updated site and a reload announcement.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::http::AppState;
use super::{apply, report, Reloaded};
use crate::session::Session;

/// The watcher; dropping it stops it, which ends the rebuild loop.
pub(super) type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// A batch of changed paths and when the watcher delivered it.
pub(super) type Batch = (Vec<PathBuf>, Instant);

/// Watches the dossier's inputs below `root`; batches go to the returned receiver.
pub(super) fn watch(root: &Path, debounce: Duration) -> anyhow::Result<(Watcher, Receiver<Batch>)> {
    let (tx, rx) = std::sync::mpsc::channel::<Batch>();
    let mut debouncer = new_debouncer(debounce, None, move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        // Reads (access events) are ignored: the rebuild itself reads files.
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| !matches!(e.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths)
            .collect();
        if !paths.is_empty() {
            let _ = tx.send((paths, Instant::now()));
        }
    })?;
    for dir in crate::load::walk::INPUT_FOLDERS {
        let p = root.join(dir);
        if p.is_dir() {
            debouncer.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively, for dossier.toml.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok((debouncer, rx))
}

/// Rebuilds after each batch of relevant changes until the watcher is dropped.
pub(super) fn rebuild_loop(
    mut session: Session,
    rx: Receiver<Batch>,
    state: Arc<AppState>,
    verbose: bool,
) {
    let root = session.root().to_path_buf();
    let mut generation = 0u64;
    while let Ok((paths, changed_at)) = rx.recv() {
        let relevant: Vec<&PathBuf> = paths.iter().filter(|p| is_relevant(&root, p)).collect();
        if relevant.is_empty() {
            continue;
        }
        session.changed_only(relevant.iter().map(|p| p.as_path()));
        let rebuild = session.rebuild();
        report(&rebuild, verbose, false);
        apply(&state, &rebuild);
        generation += 1;
        let _ = state.reload.send(Reloaded {
            generation,
            ok: rebuild.files.is_some(),
            stats: rebuild.stats,
            changed_at,
        });
    }
}

/// Only inputs of the dossier trigger a rebuild (not site/, target/, .git, editor swap files).
fn is_relevant(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut comps = rel.components();
    let first = comps
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
    {
        return false;
    }
    crate::load::walk::INPUT_FOLDERS.contains(&first.as_str()) || rel == Path::new("dossier.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance() {
        let root = Path::new("/d");
        assert!(is_relevant(root, Path::new("/d/annotations/articles/a.md")));
        assert!(is_relevant(root, Path::new("/d/dossier.toml")));
        assert!(!is_relevant(root, Path::new("/d/site/index.html")));
        assert!(!is_relevant(
            root,
            Path::new("/d/annotations/articles/.a.md.swp")
        ));
        assert!(!is_relevant(root, Path::new("/d/target/x")));
    }
}
