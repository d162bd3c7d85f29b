//! The HTTP side of `serve` (axum): the in-memory site's files, with a MIME type
//! from the file name (mime_guess) and `nosniff`; folders redirected to their slash;
//! the 404 page for anything missing; nothing outside the site (a path with `..`, a
//! backslash or NUL, plain or percent-encoded, is refused with 400); and the
//! live-reload event stream.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use super::page::inject;
use super::Reloaded;

/// Where the data export is served, joined from its parts on request.
const DATA_PATH: &str = crate::render::DATA_EXPORT_PATH;

/// The site being served.
pub(super) struct Served {
    pub(super) files: HashMap<String, Arc<Vec<u8>>>,
    /// The data export, in parts, joined and compressed when it is asked for.
    pub(super) data: Option<Arc<crate::render::DataParts>>,
    /// Rendered overlay HTML when the last rebuild failed.
    pub(super) overlay: Option<String>,
    /// The articles' text as last built, for annotation snippets.
    pub(super) texts: Option<Arc<crate::scaffold::snippet::Texts>>,
}

/// What the handlers share.
pub(super) struct AppState {
    pub(super) site: RwLock<Served>,
    pub(super) reload: broadcast::Sender<Reloaded>,
    /// Counts successful rebuilds: a search index built in the background is put in
    /// place only if no newer site replaced the one it indexed.
    pub(super) generation: std::sync::atomic::AtomicU64,
    /// Builds the search index of the newest site in the background.
    pub(super) indexer: super::indexer::Indexer,
    /// Select to annotate: whether it may write, and its token.
    pub(super) annotating: super::annotate::Annotating,
}

impl AppState {
    /// The site being served (a panicked writer's last state is still served).
    pub(super) fn served(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        match self.site.read() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The articles and terms as last built, once a build has linked.
    pub(super) fn texts(&self) -> Option<Arc<crate::scaffold::snippet::Texts>> {
        self.served().texts.clone()
    }
}

/// The `Content-Type` of a site file, from its name; text types in UTF-8.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == "text"
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "svg"
        );
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Maps a request path to a site file, or `None` when it tries to leave the site.
pub fn site_path(request_path: &str) -> Option<String> {
    let decoded = percent_decode_str(request_path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || has_bad_escape(request_path) {
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

/// A `%` not followed by two hex digits: percent-encoding leaves it as it is, a
/// browser would not send it.
fn has_bad_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)))
    })
}

pub(super) async fn serve_file(State(state): State<Arc<AppState>>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    let site = state.served();
    let joined = match (&site.data, site.files.get(&path)) {
        (Some(parts), None) if path == DATA_PATH => Some(Arc::new(parts.to_gzip())),
        _ => None,
    };
    let (status, path, bytes) = match joined.or_else(|| site.files.get(&path).cloned()) {
        Some(b) => (StatusCode::OK, path, b),
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
        let article = path.starts_with("articles/") && status == StatusCode::OK;
        let script = state.annotating.script(article);
        inject(&bytes, site.overlay.as_deref(), Some(&script))
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

pub(super) async fn events(
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
    fn types_from_names() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("seeds/x.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
