//! `dossier serve`: builds the site into memory, serves it over HTTP, watches the
//! dossier and live-reloads open pages.
//!
//! - The site lives in memory only; nothing is written to `site/`.
//! - A debounced watcher (notify-debouncer-full) on `seeds/`, `annotations/`,
//!   `templates/` and `dossier.toml` triggers a rebuild through a [`Session`], which
//!   redoes only what the edit touches (see `session`).
//! - The search index is built in the background by one worker, for the newest site
//!   once saves pause (`indexer`), so an edit reloads without waiting for it; the
//!   previous index is served meanwhile.
//! - Every HTML page gets a small script that listens on `/__dossier/events`
//!   (server-sent events) and reloads the page after each rebuild.
//! - A rebuild with errors keeps the last good site; pages then carry an overlay
//!   listing the diagnostics (file:line, message) until the edit is fixed. The
//!   terminal prints them too. A half-saved file is just another failed rebuild.
//! - Only files of the built site are served: paths with `..`, backslashes or NUL
//!   (plain or percent-encoded) are refused with 400. It binds loopback by default.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use tokio::sync::{broadcast, oneshot};

use crate::render::RenderOptions;
use crate::session::{Rebuild, Session, Stats};

mod annotate;
mod http;
mod indexer;
mod page;
mod watch;

pub use http::{content_type, site_path};
use http::{AppState, Served};
use page::{overlay_html, warnings_html};

/// Path of the server-sent events endpoint.
pub const EVENTS_PATH: &str = "/__dossier/events";

/// Options of `dossier serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The dossier folder.
    pub root: PathBuf,
    /// Address to bind (loopback by default).
    pub bind: std::net::IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Quiet time after the last file event before rebuilding.
    pub debounce: Duration,
    /// Print rebuild reports and diagnostics to stderr.
    pub verbose: bool,
    /// Let the preview add annotation snippets to files (loopback only).
    pub write_annotations: bool,
    /// The editor the preview's edit buttons open files in (a command); `None`: they
    /// open `vscode://` links.
    pub editor: Option<String>,
}

/// What a rebuild announces to listeners (live-reload clients, tests, benches).
#[derive(Debug, Clone)]
pub struct Reloaded {
    /// Counts every rebuild.
    pub generation: u64,
    /// Whether the rebuild succeeded (else the last good site is still served).
    pub ok: bool,
    /// What was redone.
    pub stats: Stats,
    /// When the watcher delivered the batch of changes that caused it.
    pub changed_at: Instant,
}

/// A running server. Dropping it stops the HTTP server, the watcher and the rebuild
/// thread, and waits for them.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    reload: broadcast::Sender<Reloaded>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Owns the sending side of the rebuild thread's channel: dropping it ends that thread.
    watcher: Option<watch::Watcher>,
    rebuilder: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// A receiver of rebuild announcements.
    pub fn subscribe(&self) -> broadcast::Receiver<Reloaded> {
        self.reload.subscribe()
    }

    /// Blocks until the server stops (Ctrl-C).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        // No watcher, no events: the rebuild loop's channel closes and it returns.
        drop(self.watcher.take());
        if let Some(t) = self.rebuilder.take() {
            let _ = t.join();
        }
    }
}

fn report(rebuild: &Rebuild, verbose: bool, first: bool) {
    if !rebuild.diags.is_empty() && (verbose || rebuild.diags.has_errors()) {
        let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
        eprint!("{}", rebuild.diags.render(color));
    }
    if verbose {
        let s = rebuild.stats;
        let what = if first { "built" } else { "rebuilt" };
        match rebuild.files {
            Some(_) => eprintln!(
                "{what} in {:.1} ms: parsed {} files, cleaned {}, linked {}, rendered {} of {} files",
                s.elapsed.as_secs_f64() * 1000.0,
                s.parsed,
                s.cleaned,
                s.marked,
                s.rendered,
                s.files
            ),
            None => eprintln!("build failed: still serving the last good site; fix the errors above"),
        }
    }
}

/// Serves the rebuilt site (or, when it failed, the error overlay over the last one).
/// The search index of the last site keeps being served until the new one is built,
/// in the background (see `indexer`).
fn apply(state: &Arc<AppState>, rebuild: &Rebuild) {
    let mut site = match state.site.write() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    match &rebuild.files {
        Some(files) => {
            let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
            let mut served: HashMap<String, Arc<Vec<u8>>> = files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.clone()))
                .collect();
            let folder = search_folder();
            for (path, bytes) in &site.files {
                if path.starts_with(&folder) && !served.contains_key(path) {
                    served.insert(path.clone(), bytes.clone());
                }
            }
            site.files = served;
            site.data = rebuild.data.clone();
            site.texts = rebuild.texts.clone();
            site.overlay = warnings_html(&rebuild.diags);
            if let Some(language) = &rebuild.search_pending {
                state
                    .indexer
                    .submit(generation, files.clone(), language.clone());
            }
        }
        None => site.overlay = Some(overlay_html(&rebuild.diags)),
    }
}

fn search_folder() -> String {
    format!("{}/", crate::search::FOLDER)
}

/// Builds the dossier and starts serving it; returns once the server listens.
///
/// The root is made absolute once, here: the watcher reports absolute paths, and
/// every later comparison (which file changed, is it an input) is against this root.
pub fn start(opts: ServeOptions) -> anyhow::Result<Server> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| {
        anyhow::anyhow!(
            "cannot open the dossier folder {}: {e}",
            opts.root.display()
        )
    })?;
    if opts.write_annotations && !opts.bind.is_loopback() {
        anyhow::bail!(
            "--write-annotations writes into the dossier: it needs a loopback --bind (127.0.0.1 or ::1), not {}",
            opts.bind
        );
    }
    let listener = std::net::TcpListener::bind((opts.bind, opts.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let base_url = Some(format!("http://{addr}/"));
    let opts_render = RenderOptions {
        base_url,
        data_in_parts: true,
    };
    let mut session = Session::new(&root, opts_render);
    session.defer_search();
    session.keep_texts();
    let first = session.rebuild();
    report(&first, opts.verbose, true);
    let (reload, _) = broadcast::channel(64);
    let state = Arc::new_cyclic(|me| AppState {
        site: RwLock::new(Served {
            files: HashMap::new(),
            data: None,
            overlay: None,
            texts: None,
        }),
        annotating: annotate::Annotating::new(
            opts.write_annotations,
            opts.editor.clone(),
            &root.to_string_lossy(),
        ),
        reload: reload.clone(),
        generation: std::sync::atomic::AtomicU64::new(0),
        indexer: indexer::Indexer::start(me.clone()),
    });
    apply(&state, &first);
    let (watcher, rx) = watch::watch(&root, opts.debounce)?;
    let (loop_state, verbose) = (state.clone(), opts.verbose);
    let rebuilder = std::thread::Builder::new()
        .name("dossier-rebuild".into())
        .spawn(move || watch::rebuild_loop(session, rx, loop_state, verbose))?;
    let (shutdown, stop) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("dossier-serve".into())
        .spawn(move || serve_http(listener, state, stop))?;
    Ok(Server {
        addr,
        reload,
        shutdown: Some(shutdown),
        thread: Some(thread),
        watcher: Some(watcher),
        rebuilder: Some(rebuilder),
    })
}

/// Serves the site until `stop` fires or Ctrl-C.
fn serve_http(listener: std::net::TcpListener, state: Arc<AppState>, stop: oneshot::Receiver<()>) {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the server runtime: {e}");
            return;
        }
    };
    let app = Router::new()
        .route(EVENTS_PATH, get(http::events))
        .route(annotate::SNIPPET_PATH, get(annotate::snippet_for))
        .route(annotate::APPEND_PATH, axum::routing::post(annotate::append))
        .route(annotate::SOURCES_PATH, get(annotate::sources))
        .route(annotate::OPEN_PATH, axum::routing::post(annotate::open))
        .fallback(get(http::serve_file))
        .with_state(state);
    rt.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("cannot listen: {e}");
                return;
            }
        };
        // Not a graceful shutdown: open live-reload streams never end by themselves,
        // so waiting for them would hang. Dropping the runtime closes them.
        tokio::select! {
            r = axum::serve(listener, app) => {
                if let Err(e) = r {
                    eprintln!("server error: {e}");
                }
            }
            _ = stop => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    });
}
