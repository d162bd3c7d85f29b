//! `dossier serve`: builds the site into memory, serves it over HTTP, watches the
//! dossier and live-reloads open pages.
//!
//! - The site lives in memory only; nothing is written to `site/`.
//! - A debounced watcher (notify) on `seeds/`, `annotations/`, `templates/` and
//!   `dossier.toml` triggers a rebuild through a [`Session`], which redoes only what
//!   the edit touches (see `session`).
//! - Every HTML page gets a small script that listens on `/__dossier/events`
//!   (server-sent events) and reloads the page after each rebuild.
//! - A rebuild with errors keeps the last good site; pages then carry an overlay
//!   listing the diagnostics (file:line, message) until the edit is fixed. The
//!   terminal prints them too. A half-saved file is just another failed rebuild.
//! - Only files of the built site are served: paths with `..`, backslashes or NUL
//!   (plain or percent-encoded) are refused with 400. It binds loopback by default.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::{broadcast, oneshot};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::diagnostic::Diagnostics;
use crate::render::{escape, RenderOptions};
use crate::session::{Rebuild, Session, Stats};

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

struct Site {
    files: HashMap<String, Arc<Vec<u8>>>,
    /// Rendered overlay HTML when the last rebuild failed.
    overlay: Option<String>,
}

struct AppState {
    site: RwLock<Site>,
    reload: broadcast::Sender<Reloaded>,
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
    watcher: Option<notify::RecommendedWatcher>,
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

/// The script injected into every HTML page.
const LIVE_RELOAD: &str = r#"<script>(function(){var s=new EventSource("/__dossier/events");s.addEventListener("reload",function(){location.reload();});})();</script>"#;

fn overlay_html(diags: &Diagnostics) -> String {
    let mut items = String::new();
    for d in diags.sorted() {
        if d.severity != crate::diagnostic::Severity::Error {
            continue;
        }
        items.push_str(&format!(
            "<li><strong>{}</strong> {}<pre>{}</pre></li>",
            escape(&d.location()),
            escape(&d.message),
            escape(&d.render())
        ));
    }
    format!(
        "<div id=\"dossier-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:9999;overflow:auto;\
         background:rgba(20,20,24,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,monospace;padding:2rem\">\
         <h2 style=\"color:#ff8080;margin-top:0\">dossier: the last edit has {}; showing the last good build</h2>\
         <ul style=\"list-style:none;padding:0\">{items}</ul></div>",
        crate::diagnostic::counted(diags.error_count(), "error")
    )
}

fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let extra = format!("{}{}", overlay.unwrap_or(""), LIVE_RELOAD);
    match text.rfind("</body>") {
        Some(i) => format!("{}{}{}", &text[..i], extra, &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a site file, or `None` when it tries to leave the site.
pub fn site_path(request_path: &str) -> Option<String> {
    let decoded = String::from_utf8(crate::render::decode_path(request_path)?).ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

async fn serve_file(State(state): State<Arc<AppState>>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    let site = match state.site.read() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    let (status, path, bytes) = match site.files.get(&path) {
        Some(b) => (StatusCode::OK, path, b.clone()),
        None => match site.files.get(&format!("{path}/index.html")) {
            // A folder without its slash: send the browser to it.
            Some(_) => {
                return Response::builder()
                    .status(StatusCode::MOVED_PERMANENTLY)
                    .header(header::LOCATION, format!("{}/", uri.path()))
                    .body(Body::empty())
                    .unwrap_or_default();
            }
            None => match site.files.get("404.html") {
                Some(b) => (StatusCode::NOT_FOUND, "404.html".to_string(), b.clone()),
                None => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
            },
        },
    };
    let ctype = content_type(&path);
    let body = if ctype.starts_with("text/html") {
        inject(&bytes, site.overlay.as_deref())
    } else {
        bytes.to_vec()
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, ctype)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}

async fn events(
    State(state): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(state.reload.subscribe()).filter_map(|r| {
        r.ok().map(|ev| {
            Ok(Event::default().event("reload").data(format!(
                "{{\"generation\":{},\"ok\":{}}}",
                ev.generation, ev.ok
            )))
        })
    });
    // A first comment tells the client the stream is open.
    let hello = tokio_stream::once(Ok(Event::default().comment("connected")));
    Sse::new(hello.chain(stream)).keep_alive(KeepAlive::default())
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

fn apply(state: &AppState, rebuild: &Rebuild) {
    let mut site = match state.site.write() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    match &rebuild.files {
        Some(files) => {
            site.files = files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.clone()))
                .collect();
            site.overlay = None;
        }
        None => site.overlay = Some(overlay_html(&rebuild.diags)),
    }
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
    let listener = std::net::TcpListener::bind((opts.bind, opts.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}/");
    let mut session = Session::new(
        &root,
        RenderOptions {
            base_url: Some(base_url),
        },
    );
    let first = session.rebuild();
    report(&first, opts.verbose, true);
    let (reload, _) = broadcast::channel(64);
    let state = Arc::new(AppState {
        site: RwLock::new(Site {
            files: HashMap::new(),
            overlay: None,
        }),
        reload: reload.clone(),
    });
    apply(&state, &first);

    // File events → a channel the rebuild loop reads. Reads (access events) are
    // ignored: the rebuild itself reads every file it re-parses.
    let (tx, rx) = std::sync::mpsc::channel::<(Vec<PathBuf>, Instant)>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            if !matches!(ev.kind, EventKind::Access(_)) {
                let _ = tx.send((ev.paths, Instant::now()));
            }
        }
    })?;
    for dir in ["seeds", "annotations", "templates"] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively, for dossier.toml.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    let debounce = opts.debounce;

    // The rebuild loop: one thread, owning the session.
    let loop_state = state.clone();
    let verbose = opts.verbose;
    let rebuilder = std::thread::Builder::new()
        .name("dossier-rebuild".into())
        .spawn(move || {
            let mut session = session;
            let mut generation = 0u64;
            while let Ok((mut paths, changed_at)) = rx.recv() {
                // Debounce: wait until no event has come for `debounce` (an editor's save
                // is often several events: write, rename, chmod).
                while let Ok((more, _)) = rx.recv_timeout(debounce) {
                    paths.extend(more);
                }
                let relevant: Vec<&PathBuf> =
                    paths.iter().filter(|p| is_relevant(&root, p)).collect();
                if relevant.is_empty() {
                    continue;
                }
                session.changed_only(relevant.iter().map(|p| p.as_path()));
                let rebuild = session.rebuild();
                report(&rebuild, verbose, false);
                apply(&loop_state, &rebuild);
                generation += 1;
                let _ = loop_state.reload.send(Reloaded {
                    generation,
                    ok: rebuild.files.is_some(),
                    stats: rebuild.stats,
                    changed_at,
                });
            }
        })?;

    let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(serve_file))
        .with_state(state);
    let thread = std::thread::Builder::new()
        .name("dossier-serve".into())
        .spawn(move || {
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
            rt.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("cannot listen: {e}");
                        return;
                    }
                };
                let stop = async move {
                    tokio::select! {
                        _ = shutdown_rx => {},
                        _ = tokio::signal::ctrl_c() => {},
                    }
                };
                // Not a graceful shutdown: open live-reload streams never end by
                // themselves, so waiting for them would hang. Dropping the runtime
                // closes them.
                tokio::select! {
                    r = axum::serve(listener, app) => {
                        if let Err(e) = r {
                            eprintln!("server error: {e}");
                        }
                    }
                    _ = stop => {}
                }
            });
        })?;
    Ok(Server {
        addr,
        reload,
        shutdown: Some(shutdown_tx),
        thread: Some(thread),
        watcher: Some(watcher),
        rebuilder: Some(rebuilder),
    })
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
    matches!(first.as_str(), "seeds" | "annotations" | "templates")
        || rel == Path::new("dossier.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/glossary/").as_deref(),
            Some("glossary/index.html")
        );
        assert_eq!(
            site_path("/articles/a%20b.html").as_deref(),
            Some("articles/a b.html")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/a/..%2fb"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/a%00"), None);
        assert_eq!(site_path("/%zz"), None);
    }

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("<div>o</div>"),
        ))
        .unwrap();
        assert!(out.ends_with(&format!("<div>o</div>{LIVE_RELOAD}</body></html>")));
    }

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
