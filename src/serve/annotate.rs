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
use crate::scaffold::snippet::{snippet, write, Kind, Place, Selection, Snippet, Texts};

/// The select-to-annotate script, injected into article pages.
const SCRIPT: &str = include_str!("annotate.js");
/// The jump-to-source script, injected into every page.
const SOURCES_SCRIPT: &str = include_str!("sources.js");

/// Where the endpoints are.
pub(super) const SNIPPET_PATH: &str = "/__dossier/snippet";
pub(super) const APPEND_PATH: &str = "/__dossier/append";
pub(super) const SOURCES_PATH: &str = "/__dossier/sources";
pub(super) const OPEN_PATH: &str = "/__dossier/open";

/// How `serve` annotates: whether it may write, the editor it opens files in, and
/// the token both need.
#[derive(Debug, Clone)]
pub(super) struct Annotating {
    pub(super) write: bool,
    pub(super) editor: Option<String>,
    pub(super) token: String,
}

impl Annotating {
    /// A fresh token: not guessable by a page of another origin, which cannot read
    /// this server's pages.
    pub(super) fn new(write: bool, editor: Option<String>, seed: &str) -> Annotating {
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
            editor,
            token: format!("{token:032x}"),
        }
    }

    /// The settings and the scripts of a page (select to annotate on article pages).
    pub(super) fn script(&self, article: bool) -> String {
        format!(
            "<script>window.__dossierServe={{write:{},editor:{},token:\"{}\"}};</script><script>{SOURCES_SCRIPT}</script>{}",
            self.write,
            self.editor.is_some(),
            self.token,
            if article { format!("<script>{SCRIPT}</script>") } else { String::new() }
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

/// The refusal of a request that does not come from a page of this server: one
/// without the token the server put in its pages (`X-Dossier-Token`).
fn not_own_page(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    let token = headers.get("x-dossier-token").and_then(|v| v.to_str().ok());
    (token != Some(state.annotating.token.as_str())).then(|| {
        error(
            StatusCode::FORBIDDEN,
            "not a page of this server: reload it",
        )
    })
}

/// The snippet for the selection, and the build it was made from.
fn make(state: &AppState, p: &Params) -> Result<(Snippet, Arc<Texts>), Refused> {
    let (sel, kind) = p.selection().map_err(|e| (StatusCode::BAD_REQUEST, e))?;
    let texts = state.texts().ok_or((
        StatusCode::CONFLICT,
        "the last build failed: fix it first".to_string(),
    ))?;
    let s = snippet(&texts, &sel, kind).map_err(|e| (StatusCode::CONFLICT, e.to_string()))?;
    Ok((s, texts))
}

fn place(p: Place) -> &'static str {
    match p {
        Place::End => "end",
        Place::FrontMatter => "front_matter",
        Place::NewFile => "new_file",
    }
}

fn shown(s: &Snippet) -> String {
    crate::load::rel_name(std::path::Path::new(""), &s.path)
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
    if let Some(refused) = not_own_page(&state, &headers) {
        return refused;
    }
    let (s, texts) = match make(&state, &p) {
        Ok(x) => x,
        Err((status, why)) => return error(status, why),
    };
    let built = texts.articles.get(&p.slug).map(|a| &*a.ann.source.text);
    match write(&texts.root, &s, built) {
        Ok(()) => json(StatusCode::OK, serde_json::json!({ "path": shown(&s) })),
        Err(e) => error(StatusCode::CONFLICT, e.to_string()),
    }
}

/// `GET /__dossier/sources?page=articles/x.html`: where the page's blocks come from.
pub(super) async fn sources(
    State(state): State<Arc<AppState>>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let page = q.get("page").map(String::as_str).unwrap_or("");
    let page = percent_encoding::percent_decode_str(page).decode_utf8_lossy();
    let marks = match state.texts() {
        Some(t) => crate::scaffold::sources::marks_of(&t, &page),
        None => Vec::new(),
    };
    json(StatusCode::OK, serde_json::json!({ "marks": marks }))
}

/// A file and line to open.
#[derive(Debug, Deserialize)]
pub(super) struct Open {
    path: String,
    line: usize,
}

/// `POST /__dossier/open?path=…&line=…` with the token: opens the file at the line in
/// the editor `serve` was given (`--editor`, else `$VISUAL`, else `$EDITOR`); without
/// one, answers the `vscode://` link that opens it.
pub(super) async fn open(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(o): Query<Open>,
) -> Response {
    if let Some(refused) = not_own_page(&state, &headers) {
        return refused;
    }
    let Some(root) = state.texts().map(|t| t.root.clone()) else {
        return error(StatusCode::CONFLICT, "no build yet");
    };
    let rel = std::path::Path::new(&o.path);
    let inside = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let file = root.join(rel);
    if !inside || !file.is_file() {
        return error(
            StatusCode::BAD_REQUEST,
            format!("`{}` is not a file of the dossier", o.path),
        );
    }
    let link = format!("vscode://file/{}:{}", file.display(), o.line);
    match &state.annotating.editor {
        None => json(StatusCode::OK, serde_json::json!({ "url": link })),
        Some(editor) => match crate::scaffold::sources::open_in(editor, &file, o.line) {
            Ok(()) => json(StatusCode::OK, serde_json::json!({ "opened": o.path })),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
        },
    }
}
