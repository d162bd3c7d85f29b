//! Publishing under a sub-path, proven by crawling.
//!
//! Each test builds a dossier into a temp dir with the base URL
//! `http://127.0.0.1:PORT/dossier-test/` and serves it from a small HTTP server
//! started inside the test that behaves like GitHub Pages for a project site: the
//! site lives under `/dossier-test/`, a directory path ending in `/` serves its
//! `index.html`, a directory path without it redirects, request paths are
//! percent-decoded, nothing outside the site folder is served, and a missing path
//! at any depth gets status 404 with the body of `404.html`.
//!
//! The crawler starts at `/dossier-test/`, follows every internal `href`, `src`,
//! form `action` and `srcset` of every page and every `url(...)` of every stylesheet, and fails
//! on any response other than 200, on any link that leaves `/dossier-test/`
//! (`/static/style.css` at the host root is a failure), and on any `#fragment`
//! that names no element of its page. External links are not followed. A
//! separate check does the same from disk, as a reader opening `site/index.html`
//! would: every internal link must name an existing file.
//!
//! Everything stays on the loopback interface; the server stops when its test
//! ends (or after a deadline), and every crawl is bounded in requests.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::common::*;
use scraper::Html;

/// The sub-path the site is published under, like `https://user.github.io/dossier-test/`.
const PREFIX: &str = "/dossier-test/";
/// The most requests one crawl may make.
const MAX_REQUESTS: usize = 5_000;
/// How long a test server lives at most, even if its test never stops it.
const SERVER_LIFETIME: Duration = Duration::from_secs(300);
/// Socket timeouts, both sides.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// Percent-encoding
// ---------------------------------------------------------------------------

/// Percent-encodes every byte of a URL path that may not appear in it raw (as a
/// browser does with a non-ASCII href); `%` escapes already present are kept.
fn encode_raw(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'/'
            | b'%'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One spelling per path: each segment decoded, then encoded again with
/// upper-case escapes (an encoded `/` inside a segment stays encoded).
fn canonical_path(path: &str) -> String {
    path.split('/')
        .map(|seg| match decode_path(seg) {
            Some(bytes) => bytes
                .into_iter()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>(),
            None => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

// ---------------------------------------------------------------------------
// A GitHub-Pages-like static server on 127.0.0.1
// ---------------------------------------------------------------------------

/// What the server answers to one request.
struct Reply {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: body.as_bytes().to_vec(),
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("txt") | Some("md") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg") | Some("jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Answers a GET for `target` (the request target, as sent) from `site`, served
/// under [`PREFIX`].
fn answer(site: &Path, target: &str) -> Reply {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == PREFIX.trim_end_matches('/') {
        return Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            location: Some(PREFIX.to_string()),
            body: Vec::new(),
        };
    }
    let Some(rest) = path.strip_prefix(PREFIX) else {
        // Another site of the same host (or none): not ours to serve.
        return Reply::text(404, "not under the site's sub-path");
    };
    let Some(decoded) = decode_path(rest).and_then(|b| String::from_utf8(b).ok()) else {
        return Reply::text(400, "bad percent-encoding");
    };
    let mut file = site.to_path_buf();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains(['\\', '\0']) {
            // Never step outside the site folder, however it is spelled.
            return not_found(site);
        }
        file.push(seg);
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        file.push("index.html");
    } else if file.is_dir() {
        return Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            location: Some(format!("{path}/")),
            body: Vec::new(),
        };
    }
    // Belt and braces: the resolved file must really be inside the site.
    let inside = match (file.canonicalize(), site.canonicalize()) {
        (Ok(f), Ok(s)) => f.starts_with(&s),
        _ => false,
    };
    if inside && file.is_file() {
        match std::fs::read(&file) {
            Ok(body) => Reply {
                status: 200,
                content_type: content_type(&file),
                location: None,
                body,
            },
            Err(_) => Reply::text(500, "cannot read file"),
        }
    } else {
        not_found(site)
    }
}

/// GitHub Pages' answer to a missing path: 404 with the site's own 404.html.
fn not_found(site: &Path) -> Reply {
    match std::fs::read(site.join("404.html")) {
        Ok(body) => Reply {
            status: 404,
            content_type: "text/html; charset=utf-8",
            location: None,
            body,
        },
        Err(_) => Reply::text(404, "not found (and no 404.html)"),
    }
}

fn handle(site: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    // Read the request head (bounded).
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 || head.len() > 16 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("/"),
    );
    let reply = if method == "GET" {
        answer(site, target)
    } else {
        Reply::text(405, "only GET")
    };
    let reason = match reply.status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let mut out = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    if let Some(loc) = &reply.location {
        out.push_str(&format!("Location: {loc}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()
}

/// A static server for one site, stopped (and joined) when dropped.
struct PagesServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl PagesServer {
    /// Serves `site` on `listener` (bound to 127.0.0.1 beforehand, so that the
    /// site can be built with its port in the base URL).
    fn start(listener: TcpListener, site: PathBuf) -> PagesServer {
        let addr = listener.local_addr().unwrap();
        assert!(
            addr.ip().is_loopback(),
            "the test server must stay on loopback"
        );
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + SERVER_LIFETIME;
            while !flag.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let _ = handle(&site, stream);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        PagesServer {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn port(&self) -> u16 {
        self.addr.port()
    }
}

impl Drop for PagesServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

// ---------------------------------------------------------------------------
// A plain HTTP/1.1 client (GET only, loopback only)
// ---------------------------------------------------------------------------

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn is_html(&self) -> bool {
        self.header("content-type")
            .is_some_and(|c| c.starts_with("text/html"))
    }

    fn is_css(&self) -> bool {
        self.header("content-type")
            .is_some_and(|c| c.starts_with("text/css"))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET target` from the server at `addr`; `target` must be an encoded absolute path.
fn get(addr: SocketAddr, target: &str) -> Response {
    assert!(addr.ip().is_loopback());
    assert!(
        target.starts_with('/') && target.is_ascii() && !target.contains([' ', '\r', '\n']),
        "bad request target {target:?}"
    );
    let mut stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT).expect("connect");
    stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: dossier-crawl-test\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("GET {target}: no header end in response"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("GET {target}: bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let resp = Response {
        status,
        headers,
        body,
    };
    if let Some(len) = resp.header("content-length") {
        assert_eq!(
            len.parse::<usize>().ok(),
            Some(resp.body.len()),
            "GET {target}: body length"
        );
    }
    resp
}

// ---------------------------------------------------------------------------
// Finding references in HTML and CSS
// ---------------------------------------------------------------------------

/// Every URL a page refers to: `(what, value)` for `href`, `src`, a form's
/// `action`, each `srcset` candidate, and `url(...)` in `style` attributes and
/// `<style>` elements.
fn html_refs(doc: &Html) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in doc.select(&sel("[href], [src], [srcset], [style], form[action]")) {
        let name = e.value().name();
        for attr in ["href", "src", "action"] {
            if let Some(v) = e.value().attr(attr) {
                out.push((format!("<{name} {attr}>"), v.to_string()));
            }
        }
        if let Some(v) = e.value().attr("srcset") {
            for candidate in v.split(',') {
                if let Some(url) = candidate.split_whitespace().next() {
                    out.push((format!("<{name} srcset>"), url.to_string()));
                }
            }
        }
        if let Some(v) = e.value().attr("style") {
            for url in css_urls(v) {
                out.push((format!("<{name} style>"), url));
            }
        }
    }
    for e in doc.select(&sel("style")) {
        for url in css_urls(&e.text().collect::<String>()) {
            out.push(("<style>".to_string(), url));
        }
    }
    out
}

/// The URLs of a stylesheet: every `url(...)` and every `@import "..."`.
fn css_urls(css: &str) -> Vec<String> {
    // Comments can hold anything; drop them first.
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        text.push_str(&rest[..i]);
        rest = match rest[i + 2..].find("*/") {
            Some(j) => &rest[i + 2 + j + 2..],
            None => "",
        };
    }
    text.push_str(rest);
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let start = from + i + 4;
        let inner = text[start..].trim_start();
        let (url, consumed) = match inner.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = inner[1..].find(q).map_or(inner.len(), |j| j + 1);
                (inner[1..end].to_string(), end)
            }
            _ => {
                let end = inner.find(')').unwrap_or(inner.len());
                (inner[..end].trim().to_string(), end)
            }
        };
        out.push(url);
        from = start + (text[start..].len() - inner.len()) + consumed.max(1);
        if from >= text.len() {
            break;
        }
    }
    let mut from = 0;
    while let Some(i) = lower[from..].find("@import") {
        let start = from + i + 7;
        let inner = text[start..].trim_start();
        if let Some(q @ ('"' | '\'')) = inner.chars().next() {
            if let Some(end) = inner[1..].find(q) {
                out.push(inner[1..end + 1].to_string());
            }
        }
        from = start;
    }
    out
}

/// Ids (and `<a name>`s) of a page, for checking `#fragment` targets.
fn anchors(doc: &Html) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in doc.select(&sel("[id]")) {
        out.insert(e.value().attr("id").unwrap_or_default().to_string());
    }
    for e in doc.select(&sel("a[name]")) {
        out.insert(e.value().attr("name").unwrap_or_default().to_string());
    }
    out
}

// ---------------------------------------------------------------------------
// Resolving references
// ---------------------------------------------------------------------------

/// Where a reference found on a page leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Another host, another scheme (`mailto:`, `data:`), or empty: not followed.
    Skip,
    /// Only a fragment: the same page.
    SamePage(String),
    /// A path on the test server, with its fragment if any (not yet checked against the prefix).
    Path {
        path: String,
        fragment: Option<String>,
    },
}

/// RFC 3986 `remove_dot_segments` on an absolute path.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        match *seg {
            "." | "%2e" | "%2E" => {
                if last {
                    out.push("");
                }
            }
            ".." | "%2e%2e" | "%2E%2E" | ".%2e" | "%2e." | ".%2E" | "%2E." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// Resolves `reference` found on the page at `base` (an absolute path on the
/// server at `origin`, e.g. `127.0.0.1:PORT`), like a browser would.
fn resolve(origin: &str, base: &str, reference: &str) -> Target {
    let r = reference.trim();
    if r.is_empty() {
        return Target::Skip;
    }
    // A text directive (`#id:~:text=…`) is for the browser: the id is what must exist.
    let element = |f: &str| f.split(":~:").next().unwrap_or_default().to_string();
    if let Some(f) = r.strip_prefix('#') {
        return Target::SamePage(element(f));
    }
    let (r, fragment) = match r.split_once('#') {
        Some((a, f)) => (a, Some(element(f))),
        None => (r, None),
    };
    let r = r.split('?').next().unwrap_or_default();
    let scheme_end = r.find(':').filter(|&i| {
        let s = &r[..i];
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let path = if let Some(i) = scheme_end {
        let scheme = r[..i].to_ascii_lowercase();
        let rest = &r[i + 1..];
        match (scheme.as_str(), rest.strip_prefix("//")) {
            ("http" | "https", Some(hier)) => {
                let (host, path) = match hier.find('/') {
                    Some(j) => (&hier[..j], &hier[j..]),
                    None => (hier, "/"),
                };
                if scheme != "http" || !host.eq_ignore_ascii_case(origin) {
                    return Target::Skip;
                }
                path.to_string()
            }
            _ => return Target::Skip,
        }
    } else if let Some(hier) = r.strip_prefix("//") {
        let (host, path) = match hier.find('/') {
            Some(j) => (&hier[..j], &hier[j..]),
            None => (hier, "/"),
        };
        if !host.eq_ignore_ascii_case(origin) {
            return Target::Skip;
        }
        path.to_string()
    } else if r.starts_with('/') {
        r.to_string()
    } else if r.is_empty() {
        base.to_string() // `?query` or `#fragment`: the same document
    } else {
        let dir = &base[..=base.rfind('/').unwrap_or(0)];
        format!("{dir}{r}")
    };
    Target::Path {
        path: canonical_path(&remove_dot_segments(&encode_raw(&path))),
        fragment,
    }
}

// ---------------------------------------------------------------------------
// The crawler
// ---------------------------------------------------------------------------

/// What a crawl saw.
struct Crawl {
    /// Every path fetched with 200, with its content type.
    ok: BTreeMap<String, String>,
    /// Every problem, one line each.
    problems: Vec<String>,
    requests: usize,
}

impl Crawl {
    fn assert_clean(&self, what: &str) {
        assert!(
            self.problems.is_empty(),
            "{what}: {} problem(s):\n  {}",
            self.problems.len(),
            self.problems.join("\n  ")
        );
    }
}

/// The seed file that a link to the seed page (`…/seeds/index.html?s=<file>&…`)
/// names, as a site path beside the page, when `target` is that page.
fn seed_in_view(target: &str, reference: &str) -> Option<String> {
    let folder = target.strip_suffix("seeds/index.html")?;
    let query = reference.split('#').next()?.split_once('?')?.1;
    let file = query.split('&').find_map(|kv| kv.strip_prefix("s="))?;
    Some(format!("{folder}seeds/{file}"))
}

/// Crawls the site from `starts`, following every internal reference.
fn crawl(addr: SocketAddr, starts: &[&str]) -> Crawl {
    let origin = addr.to_string();
    let mut queue: VecDeque<(String, String)> = starts
        .iter()
        .map(|s| (s.to_string(), "(start)".to_string()))
        .collect();
    let mut seen: BTreeSet<String> = starts.iter().map(|s| s.to_string()).collect();
    let mut ok = BTreeMap::new();
    let mut problems = Vec::new();
    let mut page_anchors: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // (page, fragment, where it was found)
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    // (seed file, line, where it was found)
    let mut seed_lines: Vec<(String, usize, String)> = Vec::new();
    let mut requests = 0;
    while let Some((path, from)) = queue.pop_front() {
        requests += 1;
        assert!(
            requests <= MAX_REQUESTS,
            "crawl exceeded {MAX_REQUESTS} requests"
        );
        let resp = get(addr, &path);
        if resp.status != 200 {
            let extra = resp
                .header("location")
                .map(|l| format!(" (Location: {l})"))
                .unwrap_or_default();
            problems.push(format!("{from}: {path} answered {}{extra}", resp.status));
            continue;
        }
        let ctype = resp.header("content-type").unwrap_or_default().to_string();
        ok.insert(path.clone(), ctype);
        let refs: Vec<(String, String)> = if resp.is_html() {
            let doc = Html::parse_document(&resp.text());
            page_anchors.insert(path.clone(), anchors(&doc));
            html_refs(&doc)
        } else if resp.is_css() {
            css_urls(&resp.text())
                .into_iter()
                .map(|u| ("url()".to_string(), u))
                .collect()
        } else {
            Vec::new()
        };
        for (what, value) in refs {
            let here = format!("{path} {what}={value:?}");
            match resolve(&origin, &path, &value) {
                Target::Skip => {}
                Target::SamePage(f) => fragments.push((path.clone(), f, here)),
                Target::Path {
                    path: target,
                    fragment,
                } => {
                    if !target.starts_with(PREFIX) {
                        problems.push(format!(
                            "{here}: leads to {target}, outside the site's sub-path {PREFIX}"
                        ));
                        continue;
                    }
                    if let Some(seed) = seed_in_view(&target, &value) {
                        // The seed page numbers its file's lines in the browser: the
                        // file it names must be published, and have the line.
                        let line = fragment.as_deref().and_then(|f| f.strip_prefix('L'));
                        let line = line.map(|n| n.parse::<usize>().unwrap_or(usize::MAX));
                        seed_lines.push((seed.clone(), line.unwrap_or(1), here.clone()));
                        if seen.insert(seed.clone()) {
                            queue.push_back((seed, here.clone()));
                        }
                    } else if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        fragments.push((target.clone(), f, here.clone()));
                    }
                    if seen.insert(target.clone()) {
                        queue.push_back((target, here));
                    }
                }
            }
        }
    }
    for (file, line, here) in seed_lines {
        let lines = get(addr, &file).text().split('\n').count();
        if line == 0 || line > lines {
            problems.push(format!("{here}: {file} has {lines} lines, not line {line}"));
        }
    }
    for (page, fragment, here) in fragments {
        let Some(ids) = page_anchors.get(&page) else {
            continue; // not an HTML page, or already reported as broken
        };
        let decoded = decode_path(&fragment)
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or(fragment.clone());
        if !ids.contains(&fragment) && !ids.contains(&decoded) {
            problems.push(format!("{here}: no element with id {decoded:?} on {page}"));
        }
    }
    Crawl {
        ok,
        problems,
        requests,
    }
}

/// Requests the missing `deep` path: it must answer 404 with the body of
/// 404.html, and every reference of that page, resolved against `deep` (where
/// the browser is), must fetch with 200 inside the sub-path.
fn check_404_at(addr: SocketAddr, site: &Path, deep: &str) -> Vec<String> {
    let origin = addr.to_string();
    let mut problems = Vec::new();
    let resp = get(addr, deep);
    if resp.status != 404 {
        return vec![format!("GET {deep}: expected 404, got {}", resp.status)];
    }
    let expected = std::fs::read(site.join("404.html")).expect("404.html is written");
    if resp.body != expected {
        problems.push(format!("GET {deep}: the body is not 404.html"));
    }
    let doc = Html::parse_document(&resp.text());
    let stylesheets = doc.select(&sel("link[rel~=stylesheet][href]")).count();
    if stylesheets == 0 {
        problems.push(format!("{deep}: the 404 page links no stylesheet"));
    }
    let ids = anchors(&doc);
    let mut followed = 0;
    for (what, value) in html_refs(&doc) {
        let here = format!("404 page at {deep} {what}={value:?}");
        match resolve(&origin, deep, &value) {
            Target::Skip => {}
            Target::SamePage(f) => {
                if !ids.contains(&f) {
                    problems.push(format!("{here}: no element with id {f:?}"));
                }
            }
            Target::Path { path, .. } => {
                if !path.starts_with(PREFIX) {
                    problems.push(format!(
                        "{here}: leads to {path}, outside the site's sub-path {PREFIX}"
                    ));
                    continue;
                }
                followed += 1;
                let r = get(addr, &path);
                if r.status != 200 {
                    problems.push(format!("{here}: {path} answered {}", r.status));
                } else if what == "<link href>" && value.ends_with(".css") && !r.is_css() {
                    problems.push(format!("{here}: {path} is not served as CSS"));
                } else if r.is_css() {
                    // The stylesheet's own assets, resolved against the stylesheet.
                    for u in css_urls(&r.text()) {
                        if let Target::Path { path: p, .. } = resolve(&origin, &path, &u) {
                            let status = get(addr, &p).status;
                            if !p.starts_with(PREFIX) || status != 200 {
                                problems.push(format!("{path} url({u}): {p} answered {status}"));
                            }
                        }
                    }
                }
            }
        }
    }
    if followed == 0 {
        problems.push(format!(
            "{deep}: the 404 page links nothing inside the site"
        ));
    }
    problems
}

/// A site built for the sub-path and served from 127.0.0.1.
struct Served {
    _tmp: tempfile::TempDir,
    site: PathBuf,
    server: PagesServer,
}

impl Served {
    fn addr(&self) -> SocketAddr {
        self.server.addr
    }
}

/// Builds `root` with the base URL of a fresh loopback port and serves it there.
fn build_and_serve(root: &Path) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().unwrap().port();
    let base_url = format!("http://127.0.0.1:{port}{PREFIX}");
    let (tmp, site) = build_with(root, Some(&base_url));
    let server = PagesServer::start(listener, site.clone());
    assert_eq!(server.port(), port);
    Served {
        _tmp: tmp,
        site,
        server,
    }
}

/// Every HTML page of the site but 404.html, as the server path it is served at.
fn served_pages(site: &Path) -> BTreeSet<String> {
    html_files(site)
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| canonical_path(&format!("{PREFIX}{}", encode_raw(&p))))
        .collect()
}

/// Builds and serves one dossier, crawls it from the home page and fails on any problem.
fn crawl_dossier(root: &Path) -> (Served, Crawl) {
    let served = build_and_serve(root);
    let addr = served.addr();
    let result = crawl(addr, &[PREFIX]);
    result.assert_clean(&format!("crawl of {}", root.display()));
    (served, result)
}

/// Every page was reached from the home page (the index as `/dossier-test/`).
fn assert_all_pages_reached(served: &Served, result: &Crawl) {
    let mut reached: BTreeSet<String> = result.ok.keys().cloned().collect();
    if reached.contains(PREFIX) {
        reached.insert(format!("{PREFIX}index.html"));
    }
    let orphans: Vec<String> = served_pages(&served.site)
        .difference(&reached)
        .cloned()
        .collect();
    assert!(
        orphans.is_empty(),
        "pages no link reaches from the home page: {orphans:?}"
    );
}

fn assert_404_everywhere(served: &Served, extra: &[&str]) {
    let mut problems = Vec::new();
    let mut deep = vec![
        "/dossier-test/a/b/c/missing.html",
        "/dossier-test/missing",
        "/dossier-test/articles/missing.html",
        "/dossier-test/glossary/people/nobody.html",
        "/dossier-test/static/a/b/c/d/e/f/missing.css",
    ];
    deep.extend_from_slice(extra);
    for d in deep {
        problems.extend(check_404_at(served.addr(), &served.site, d));
    }
    assert!(
        problems.is_empty(),
        "404 page problems:\n  {}",
        problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[test]
fn shipped_dossier_works_under_a_sub_path() {
    let (served, result) = crawl_dossier(&repo());
    assert_all_pages_reached(&served, &result);
    assert!(
        result
            .ok
            .keys()
            .any(|p| p.starts_with("/dossier-test/seeds/")),
        "the verbatim seeds are linked"
    );
    assert!(result.ok.contains_key("/dossier-test/static/style.css"));
    assert!(
        result.requests >= 10,
        "crawled only {} paths",
        result.requests
    );
    assert_404_everywhere(&served, &[]);
}

#[test]
fn unicode_fixture_works_under_a_sub_path() {
    let (served, result) = crawl_dossier(&fixture("unicode"));
    assert_all_pages_reached(&served, &result);
    // Percent-encoded, non-ASCII, nested paths were really requested and served.
    for path in [
        "/dossier-test/articles/%C3%A9t%C3%A9-%C3%A0-peshawar.html",
        "/dossier-test/glossary/lieux/peshawar-%C3%A9.html",
        "/dossier-test/glossary/lieux/%C3%A7%C3%A0-et-l%C3%A0.html",
        "/dossier-test/glossary/people/jilani.html",
        "/dossier-test/seeds/gamma%20%C3%A9t%C3%A9.txt",
    ] {
        assert!(
            result.ok.contains_key(path),
            "{path} not reached; reached: {:?}",
            result.ok.keys()
        );
    }
    assert_404_everywhere(
        &served,
        &[
            "/dossier-test/glossary/lieux/%C3%A9%C3%A9/missing-%C3%A9.html",
            "/dossier-test/articles/%C3%A9t%C3%A9-%C3%A0-peshawar.html/more",
        ],
    );
    // GitHub Pages extras.
    assert_eq!(
        std::fs::read_to_string(served.site.join("CNAME")).unwrap(),
        "dossier.example.org\n"
    );
    assert!(served.site.join(".nojekyll").is_file());
}

#[test]
fn basic_fixture_works_under_a_sub_path() {
    let (served, result) = crawl_dossier(&fixture("basic"));
    assert_all_pages_reached(&served, &result);
    assert_404_everywhere(&served, &[]);
    assert!(
        !served.site.join("CNAME").exists(),
        "no cname, no CNAME file"
    );
}

/// The crawler itself must catch what it is meant to catch.
#[test]
fn crawler_reports_links_that_leave_the_sub_path_or_break() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("sub")).unwrap();
    std::fs::write(site.join("404.html"), "<title>404</title>").unwrap();
    std::fs::write(site.join("page.html"), "<p id=\"somewhere\">page</p>").unwrap();
    std::fs::write(
        site.join("style.css"),
        "a { background: url(\"img/x.png\") }",
    )
    .unwrap();
    std::fs::write(
        site.join("index.html"),
        r#"<!doctype html><link rel="stylesheet" href="style.css">
<a href="/static/style.css">root</a>
<a href="../escape.html">escape</a>
<a href="sub">dir without slash</a>
<a href="sub/">dir without index</a>
<a href="missing.html">missing</a>
<a href="page.html#nowhere">bad fragment</a>
<img src="x.png" srcset="y.png 1x, z.png 2x">
<a href="https://example.org/x">external</a>
<a href="mailto:a@example.org">mail</a>"#,
    )
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let server = PagesServer::start(listener, site);
    let result = crawl(server.addr, &[PREFIX]);
    let all = result.problems.join("\n");
    for expected in [
        "leads to /static/style.css, outside",
        "leads to /escape.html, outside",
        "/dossier-test/sub answered 301",
        "/dossier-test/sub/ answered 404",
        "/dossier-test/missing.html answered 404",
        "no element with id \"nowhere\" on /dossier-test/page.html",
        "/dossier-test/x.png answered 404",
        "/dossier-test/y.png answered 404",
        "/dossier-test/z.png answered 404",
        "/dossier-test/img/x.png answered 404",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
    assert!(
        !all.contains("example.org"),
        "external links are not followed"
    );
    assert_eq!(result.problems.len(), 10, "{all}");
}

/// End to end: a theme that links its stylesheet from the host root works at a
/// domain root but not under a sub-path, nor from disk; both checks must say so.
#[test]
fn checks_catch_a_theme_that_links_from_the_host_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("dossier");
    copy_tree(&fixture("unicode"), &root);
    let base = std::fs::read_to_string(repo().join("templates/base.html")).unwrap();
    let good = "{{ page.root }}static/style.css";
    assert!(
        base.contains(good),
        "templates/base.html changed: update this test"
    );
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/base.html"),
        base.replace(good, "/static/style.css"),
    )
    .unwrap();
    let served = build_and_serve(&root);
    let result = crawl(served.addr(), &[PREFIX]);
    assert!(
        result
            .problems
            .iter()
            .any(|p| p.contains("\"/static/style.css\": leads to /static/style.css, outside")),
        "{:?}",
        result.problems
    );
    let from_disk = disk_problems(&served.site);
    assert!(
        from_disk
            .iter()
            .any(|p| p.contains("\"/static/style.css\": absolute path, breaks from disk")),
        "{from_disk:?}"
    );
}

/// The test server behaves like GitHub Pages where the crawl relies on it.
#[test]
fn test_server_behaves_like_github_pages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.txt"), "SECRET").unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("dir")).unwrap();
    std::fs::create_dir_all(site.join("glossary/lieux")).unwrap();
    std::fs::write(site.join("404.html"), "the 404 page").unwrap();
    std::fs::write(site.join("index.html"), "home").unwrap();
    std::fs::write(site.join("dir/index.html"), "dir home").unwrap();
    std::fs::write(site.join("glossary/lieux/peshawar-é.html"), "é").unwrap();
    let server = PagesServer::start(TcpListener::bind("127.0.0.1:0").unwrap(), site);
    let a = server.addr;
    let home = get(a, "/dossier-test/");
    assert_eq!((home.status, home.text().as_str()), (200, "home"));
    assert!(home.is_html());
    assert_eq!(get(a, "/dossier-test/dir/").text(), "dir home");
    let redirect = get(a, "/dossier-test/dir");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/dossier-test/dir/"));
    assert_eq!(get(a, "/dossier-test").status, 301);
    let e = get(a, "/dossier-test/glossary/lieux/peshawar-%C3%A9.html?x=1#f");
    assert_eq!((e.status, e.text().as_str()), (200, "é"));
    let missing = get(a, "/dossier-test/a/b/c/missing.html");
    assert_eq!(
        (missing.status, missing.text().as_str()),
        (404, "the 404 page")
    );
    assert_eq!(get(a, "/static/style.css").status, 404);
    for escape in [
        "/dossier-test/../secret.txt",
        "/dossier-test/%2e%2e/secret.txt",
        "/dossier-test/..%2Fsecret.txt",
        "/dossier-test/dir/..%2F..%2Fsecret.txt",
        "/dossier-test/%2E%2E%5Csecret.txt",
    ] {
        let r = get(a, escape);
        assert_eq!(r.status, 404, "{escape}");
        assert!(
            !r.text().contains("SECRET"),
            "{escape} served a file outside the site"
        );
    }
    assert_eq!(get(a, "/dossier-test/%zz").status, 400);
}

#[test]
fn resolution_follows_rfc_3986() {
    let o = "127.0.0.1:9";
    let p = |path: &str| Target::Path {
        path: path.to_string(),
        fragment: None,
    };
    let base = "/dossier-test/glossary/people/jilani.html";
    assert_eq!(
        resolve(o, base, "../../static/style.css"),
        p("/dossier-test/static/style.css")
    );
    assert_eq!(
        resolve(o, base, "../../../static/style.css"),
        p("/static/style.css")
    );
    assert_eq!(resolve(o, base, "../../../../../x"), p("/x"));
    assert_eq!(
        resolve(o, base, "./x.html?q=1"),
        p("/dossier-test/glossary/people/x.html")
    );
    assert_eq!(resolve(o, base, "/dossier-test/"), p("/dossier-test/"));
    assert_eq!(
        resolve(o, base, "..%2F"),
        p("/dossier-test/glossary/people/..%2F")
    );
    assert_eq!(
        resolve(o, base, "peshawar-é.html#top"),
        Target::Path {
            path: "/dossier-test/glossary/people/peshawar-%C3%A9.html".into(),
            fragment: Some("top".into()),
        }
    );
    assert_eq!(
        resolve(o, base, "lieux/peshawar-%c3%a9.html"),
        p("/dossier-test/glossary/people/lieux/peshawar-%C3%A9.html")
    );
    assert_eq!(
        resolve(o, base, "http://127.0.0.1:9/dossier-test/a"),
        p("/dossier-test/a")
    );
    assert_eq!(resolve(o, base, "//127.0.0.1:9/b"), p("/b"));
    assert_eq!(resolve(o, base, "http://127.0.0.1:10/x"), Target::Skip);
    assert_eq!(resolve(o, base, "https://example.org/"), Target::Skip);
    assert_eq!(resolve(o, base, "mailto:a@b.c"), Target::Skip);
    assert_eq!(resolve(o, base, ""), Target::Skip);
    assert_eq!(resolve(o, base, "#n1"), Target::SamePage("n1".into()));
    assert_eq!(resolve(o, base, "?x=1"), p(base));
    assert_eq!(
        css_urls("a{b:url( 'x.png' )} /* url(no.png) */ c{d:URL(y.svg)} @import \"z.css\";"),
        ["x.png", "y.svg", "z.css"]
    );
}

// ---------------------------------------------------------------------------
// Opened from disk (file://)
// ---------------------------------------------------------------------------

/// Every internal reference of every page (and stylesheet) names an existing
/// file when the site is opened from disk. Absolute paths are failures there
/// (they would resolve against the root of the file system); so is a link to a
/// folder, even one with an index.html, since file:// shows no index page.
fn disk_problems(site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |from: &str, what: &str, value: &str| {
        let v = value.trim();
        if v.is_empty() || v.starts_with('#') {
            return;
        }
        let no_frag = v.split(['#', '?']).next().unwrap_or_default();
        let has_scheme = no_frag.find(':').is_some_and(|i| {
            no_frag[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if has_scheme || v.starts_with("//") {
            return; // external, or an absolute URL such as the canonical link
        }
        if v.starts_with('/') {
            problems.push(format!(
                "{from} {what}={v:?}: absolute path, breaks from disk"
            ));
            return;
        }
        let Some(decoded) = decode_path(no_frag).and_then(|b| String::from_utf8(b).ok()) else {
            problems.push(format!("{from} {what}={v:?}: bad percent-encoding"));
            return;
        };
        let mut parts: Vec<String> = Path::new(from)
            .parent()
            .unwrap_or(Path::new(""))
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        for seg in decoded.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        problems.push(format!("{from} {what}={v:?}: leaves the site folder"));
                        return;
                    }
                }
                s => parts.push(s.to_string()),
            }
        }
        let target = site.join(parts.join("/"));
        if !target.is_file() {
            let why = if target.is_dir() {
                "a folder, not a file"
            } else {
                "no such file"
            };
            problems.push(format!("{from} {what}={v:?}: {} is {why}", parts.join("/")));
        }
    };
    let pages = html_files(site);
    assert!(pages.len() > 3, "{pages:?}");
    for rel in &pages {
        if rel == "404.html" {
            continue; // absolute from the base path by design; crawled over HTTP above
        }
        for (what, value) in html_refs(&page(site, rel)) {
            check(rel, &what, &value);
        }
    }
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|x| x == "css") {
            let rel = entry
                .path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let css = std::fs::read_to_string(entry.path()).unwrap();
            for url in css_urls(&css) {
                check(&rel, "url()", &url);
            }
        }
    }
    problems
}

fn assert_works_from_disk(site: &Path) {
    let problems = disk_problems(site);
    assert!(
        problems.is_empty(),
        "{}: {} link(s) broken from disk:\n  {}",
        site.display(),
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn every_site_works_from_disk() {
    for (root, base) in [
        (repo(), None),
        (repo(), Some("https://user.github.io/dossier/")),
        (fixture("basic"), None),
        (fixture("unicode"), None),
        (fixture("unicode"), Some("http://127.0.0.1:1/dossier-test/")),
    ] {
        let (_tmp, site) = build_with(&root, base);
        assert_works_from_disk(&site);
    }
}
