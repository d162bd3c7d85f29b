//! Select to annotate, in `serve` only (the published site has none of it): the
//! script injected into article pages, the endpoint that turns a selection into an
//! annotation snippet (see [`crate::scaffold::snippet`]), and, with
//! `--write-annotations`, the one that adds it to the file. That one needs the
//! session's token (only pages served by this process have it) and refuses a file
//! changed since the page was built.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::http::AppState;
use crate::scaffold::snippet::{snippet, write, Kind, Place, Selection, Snippet};

/// The script, injected after its settings into article pages.
const SCRIPT: &str = include_str!("annotate.js");

/// Where the endpoints are.
pub(super) const SNIPPET_PATH: &str = "/__dossier/snippet";
pub(super) const APPEND_PATH: &str = "/__dossier/append";

/// How `serve` annotates: whether it may write, and the token a write needs.
#[derive(Debug, Clone)]
pub(super) struct Annotating {
    pub(super) write: bool,
    pub(super) token: String,
}

impl Annotating {
    /// A fresh token: not guessable by a page of another origin, which cannot read
    /// this server's pages.
    pub(super) fn new(write: bool, seed: &str) -> Annotating {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let stack = &now as *const u128 as usize;
        let token = xxhash_rust::xxh3::xxh3_128(
            format!("{now}:{}:{stack}:{seed}", std::process::id()).as_bytes(),
        );
        Annotating {
            write,
            token: format!("{token:032x}"),
        }
    }

    /// The settings and the script, for an article page.
    pub(super) fn script(&self) -> String {
        format!(
            "<script>window.__dossierAnnotate={{write:{},token:\"{}\"}};</script><script>{SCRIPT}</script>",
            self.write, self.token
        )
    }
}

/// A selection, as the script sends it.
#[derive(Debug, Deserialize)]
pub(super) struct Params {
    slug: String,
    first: usize,
    start: usize,
    last: usize,
    end: usize,
    #[serde(default)]
    text: String,
    kind: String,
}

impl Params {
    fn selection(&self) -> Result<(Selection, Kind), String> {
        let kind =
            Kind::parse(&self.kind).ok_or_else(|| format!("unknown kind `{}`", self.kind))?;
        let sel = Selection {
            slug: self.slug.clone(),
            first: (self.first, self.start),
            last: (self.last, self.end),
            text: self.text.clone(),
        };
        Ok((sel, kind))
    }
}

fn json(status: StatusCode, v: serde_json::Value) -> Response {
    let headers = [(axum::http::header::CONTENT_TYPE, "application/json")];
    (status, headers, v.to_string()).into_response()
}

fn error(status: StatusCode, why: impl Into<String>) -> Response {
    json(status, serde_json::json!({ "error": why.into() }))
}

/// Why a request is refused: its status and the reason shown.
type Refused = (StatusCode, String);

/// The snippet for the selection, and the annotation text it was made from.
fn make(state: &AppState, p: &Params) -> Result<(Snippet, Option<Arc<str>>), Refused> {
    let (sel, kind) = p.selection().map_err(|e| (StatusCode::BAD_REQUEST, e))?;
    let site = match state.site.read() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    let texts = site.texts.as_ref().ok_or((
        StatusCode::CONFLICT,
        "the last build failed: fix it first".to_string(),
    ))?;
    let s = snippet(texts, &sel, kind).map_err(|e| (StatusCode::CONFLICT, e))?;
    let built = texts.articles.get(&sel.slug).map(|a| a.built.clone());
    Ok((s, built))
}

fn place(p: Place) -> &'static str {
    match p {
        Place::End => "end",
        Place::FrontMatter => "front_matter",
        Place::NewFile => "new_file",
    }
}

fn shown(s: &Snippet) -> String {
    s.path.to_string_lossy().replace('\\', "/")
}

/// `GET /__dossier/snippet?slug=…&first=…&start=…&last=…&end=…&text=…&kind=…`.
pub(super) async fn snippet_for(
    State(state): State<Arc<AppState>>,
    Query(p): Query<Params>,
) -> Response {
    match make(&state, &p) {
        Ok((s, _)) => json(
            StatusCode::OK,
            serde_json::json!({ "path": shown(&s), "text": s.text, "place": place(s.place) }),
        ),
        Err((status, why)) => error(status, why),
    }
}

/// `POST /__dossier/append?…` with the `X-Dossier-Token` header.
pub(super) async fn append(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Response {
    if !state.annotating.write {
        return error(
            StatusCode::FORBIDDEN,
            "start `dossier serve --write-annotations` to add snippets to files",
        );
    }
    let token = headers.get("x-dossier-token").and_then(|v| v.to_str().ok());
    if token != Some(state.annotating.token.as_str()) {
        return error(
            StatusCode::FORBIDDEN,
            "not a page of this server: reload it",
        );
    }
    let (s, built) = match make(&state, &p) {
        Ok(x) => x,
        Err((status, why)) => return error(status, why),
    };
    let root = match state.site.read() {
        Ok(site) => site.texts.as_ref().map(|t| t.root.clone()),
        Err(poisoned) => poisoned.into_inner().texts.as_ref().map(|t| t.root.clone()),
    };
    let Some(root) = root else {
        return error(StatusCode::CONFLICT, "the last build failed: fix it first");
    };
    match write(&root, &s, built.as_deref()) {
        Ok(()) => json(StatusCode::OK, serde_json::json!({ "path": shown(&s) })),
        Err(e) => error(StatusCode::CONFLICT, e),
    }
}
