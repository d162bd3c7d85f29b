//! `dossier serve` end to end: a real server on a free loopback port, a real
//! watcher, edits to a temp copy of the shipped dossier.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;
use scraper::Html;

/// A bounded HTTP/1.1 GET: (status, body). The path is sent as is (no normalisation).
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    request(addr, &format!("GET {path} HTTP/1.1\r\n"))
}

/// Sends a request (its request line and any headers) and returns the status and body.
fn request(addr: SocketAddr, head: &str) -> (u16, String) {
    let (status, body) = request_bytes(addr, head);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// `GET path`: the status and the body's bytes.
fn get_bytes(addr: SocketAddr, path: &str) -> (u16, Vec<u8>) {
    request_bytes(addr, &format!("GET {path} HTTP/1.1\r\n"))
}

/// Sends a request and returns the status and the body's bytes.
fn request_bytes(addr: SocketAddr, head: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{head}Host: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n");
    let status = String::from_utf8_lossy(&raw[..end.unwrap_or(raw.len())])
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = end.map(|e| raw[e + 4..].to_vec()).unwrap_or_default();
    (status, body)
}

/// A connected live-reload client (the same endpoint the injected script uses).
struct EventClient {
    reader: BufReader<TcpStream>,
}

impl EventClient {
    fn connect(addr: SocketAddr) -> EventClient {
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(
            s,
            "GET /__dossier/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut c = EventClient {
            reader: BufReader::new(s),
        };
        // Wait for the stream to open (its first comment).
        c.next_line_matching(|l| l.contains("connected"), Duration::from_secs(10))
            .expect("event stream opened");
        c
    }

    fn next_line_matching(&mut self, f: impl Fn(&str) -> bool, within: Duration) -> Option<String> {
        let end = Instant::now() + within;
        let mut line = String::new();
        while Instant::now() < end {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) if f(&line) => return Some(line.clone()),
                _ => {}
            }
        }
        None
    }

    /// The data line of the next `reload` event.
    fn next_reload(&mut self) -> String {
        self.next_line_matching(|l| l.starts_with("event: reload"), Duration::from_secs(20))
            .expect("a reload event");
        self.next_line_matching(|l| l.starts_with("data:"), Duration::from_secs(5))
            .expect("its data")
    }
}

fn title(html: &str) -> String {
    texts(&Html::parse_document(html), "main h1").join("")
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, f(text)).unwrap();
}

/// A server on a free loopback port for the dossier at `root`.
fn start(root: &Path) -> dossier::serve::Server {
    start_with(root, false, None)
}

/// A server as `start`, that may write annotations and opens files with `editor`.
fn start_with(
    root: &Path,
    write_annotations: bool,
    editor: Option<&str>,
) -> dossier::serve::Server {
    dossier::serve::start(dossier::serve::ServeOptions {
        root: root.to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        debounce: Duration::from_millis(25),
        verbose: false,
        write_annotations,
        editor: editor.map(str::to_string),
    })
    .expect("server starts")
}

#[test]
fn serve_rebuilds_reloads_shows_errors_and_refuses_traversal() {
    let dir = copy_dossier(&repo());
    let root = dir.path().to_path_buf();
    let server = start(&root);
    let addr = server.addr;
    let page = "/articles/ct-dialogue-washington-2024.html";

    let (status, body) = get(addr, page);
    assert_eq!(status, 200);
    let before = title(&body);
    assert!(
        body.contains("/__dossier/events"),
        "live-reload script injected"
    );
    let (status, _) = get(addr, "/");
    assert_eq!(status, 200);
    let (status, body) = get(addr, "/no/such/page.html");
    assert_eq!(status, 404);
    assert_eq!(
        texts(&Html::parse_document(&body), "main h1"),
        ["Page not found"]
    );

    // (a) + (b): an edit is served, and a connected client is told to reload.
    let mut client = EventClient::connect(addr);
    let art = "annotations/articles/ct-dialogue-washington-2024.md";
    let good = std::fs::read_to_string(root.join(art)).unwrap();
    edit(&root, art, |t| {
        t.replacen("title = \"", "title = \"Edited live: ", 1)
    });
    let data = client.next_reload();
    assert!(data.contains("\"ok\":true"), "{data}");
    let (status, body) = get(addr, page);
    assert_eq!(status, 200);
    assert_eq!(title(&body), format!("Edited live: {before}"));
    // Pages that list the article follow.
    let (_, index) = get(addr, "/");
    assert!(index.contains("Edited live: "));

    // (c): a broken edit shows an overlay while the last good page still serves.
    edit(&root, art, |t| t.replacen("title = \"", "title = = \"", 1));
    let data = client.next_reload();
    assert!(data.contains("\"ok\":false"), "{data}");
    let (status, body) = get(addr, page);
    assert_eq!(status, 200);
    let doc = Html::parse_document(&body);
    assert_eq!(
        doc.select(&sel("#dossier-overlay")).count(),
        1,
        "overlay shown"
    );
    let overlay = texts(&doc, "#dossier-overlay").join("");
    let located = doc
        .select(&sel("#dossier-overlay li[data-location]"))
        .filter_map(|li| li.value().attr("data-location"))
        .collect::<Vec<_>>();
    assert_eq!(
        located,
        ["annotations/articles/ct-dialogue-washington-2024.md:3:9"]
    );
    assert!(
        overlay.contains("annotations/articles/ct-dialogue-washington-2024.md:3:9"),
        "{overlay}"
    );
    assert_eq!(
        title(&body),
        format!("Edited live: {before}"),
        "last good page still served"
    );

    // Fixing the edit removes the overlay.
    std::fs::write(root.join(art), &good).unwrap();
    let data = client.next_reload();
    assert!(data.contains("\"ok\":true"), "{data}");
    let (_, body) = get(addr, page);
    assert_eq!(
        Html::parse_document(&body)
            .select(&sel("#dossier-overlay"))
            .count(),
        0
    );
    assert_eq!(title(&body), before);

    // A warning (a note quote with a letter changed anchors to a close match) shows
    // in a corner panel, with its file and line, over the new build.
    let quote = "> a recently held Pakistan-US Counterterrorism Dialogue";
    assert!(good.contains(quote));
    edit(&root, art, |t| {
        t.replacen(
            quote,
            "> a recently held Pakistan-US Counterterorism Dialogue",
            1,
        )
    });
    let data = client.next_reload();
    assert!(data.contains("\"ok\":true"), "{data}");
    let (_, body) = get(addr, page);
    let doc = Html::parse_document(&body);
    assert_eq!(doc.select(&sel("#dossier-overlay")).count(), 0);
    let panel = texts(&doc, "#dossier-warnings").join("");
    assert!(panel.contains("1 warning"), "{panel}");
    assert!(panel.contains("anchored to a close match"), "{panel}");
    assert!(panel.contains(&format!("{art}:")), "{panel}");
    std::fs::write(root.join(art), &good).unwrap();
    client.next_reload();
    let (_, body) = get(addr, page);
    let doc = Html::parse_document(&body);
    assert_eq!(doc.select(&sel("#dossier-warnings")).count(), 0);

    // (d): nothing outside the built site.
    for bad in [
        "/../Cargo.toml",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/articles/..%2f..%2fdossier.toml",
        "/articles/%2E%2E/%2E%2E/seeds/../Cargo.toml",
        "/..%5c..%5cCargo.toml",
    ] {
        let (status, body) = get(addr, bad);
        assert_eq!(status, 400, "{bad} → {status}");
        assert!(!body.contains("[package]"));
    }
    // The verbatim seeds are part of the site and do serve.
    let (status, _) = get(addr, "/seeds/000_8ff94108a896390f.txt");
    assert_eq!(status, 200);
    drop(server);
}

/// The README's flow: `dossier serve` run inside the dossier folder, with the default
/// (relative) root. Edits must be picked up: the watcher reports absolute paths.
#[test]
fn serve_from_the_dossier_folder_rebuilds_on_edit() {
    use std::process::{Command, Stdio};
    let dir = copy_dossier(&repo());
    let root = dir.path().to_path_buf();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--quiet"])
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dossier serve starts");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let child = Kill(child);
    let mut line = String::new();
    out.read_line(&mut line).expect("first line");
    let addr: SocketAddr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let page = "/articles/ct-dialogue-washington-2024.html";
    let before = title(&get(addr, page).1);
    edit(
        &root,
        "annotations/articles/ct-dialogue-washington-2024.md",
        |t| t.replacen("title = \"", "title = \"Relative root: ", 1),
    );
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let now = title(&get(addr, page).1);
        if now == format!("Relative root: {before}") {
            break;
        }
        assert!(
            Instant::now() < end,
            "edit not picked up; page title {now:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(child);
}

/// Dropping a `Server` stops its watcher and rebuild thread: later edits in the folder
/// rebuild nothing (no thread is left reading them), and the drop returns.
#[test]
fn dropping_the_server_stops_its_threads() {
    let dir = copy_dossier(&repo());
    let root = dir.path().to_path_buf();
    let server = start(&root);
    let mut rx = server.subscribe();
    let started = Instant::now();
    drop(server);
    assert!(started.elapsed() < Duration::from_secs(10));
    edit(&root, "annotations/index.md", |t| t + "\nMore.\n");
    std::thread::sleep(Duration::from_millis(300));
    // Every sender is gone: the channel reports closed, not a rebuild.
    assert!(matches!(
        rx.try_recv(),
        Err(tokio::sync::broadcast::error::TryRecvError::Closed)
    ));
}

/// `serve` builds the search index in the background: pages are served at once, the
/// index follows, and an edit gets a fresh index without the reload waiting for it.
#[test]
fn serve_builds_the_search_index_in_the_background() {
    let dir = copy_dossier(&repo());
    let root = dir.path().to_path_buf();
    let server = start(&root);
    let addr = server.addr;
    let entry = "/pagefind/pagefind-entry.json";
    let wait_for_index = |unlike: Option<&str>| -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let (status, body) = get(addr, entry);
            if status == 200 && unlike.is_none_or(|u| u != body) {
                return body;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no search index after 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let first = wait_for_index(None);
    assert!(first.contains("\"languages\""), "{first}");
    // An edit that changes the indexed text: the index is rebuilt and replaced.
    let mut client = EventClient::connect(addr);
    edit(
        &root,
        "annotations/articles/ct-dialogue-washington-2024.md",
        |t| {
            t.replacen(
                "## Notes",
                "A sentence about zanzibarian quokkas.\n\n## Notes",
                1,
            )
        },
    );
    assert!(client.next_reload().contains("\"ok\":true"));
    let second = wait_for_index(Some(&first));
    assert_ne!(first, second);
    let (status, _) = get(addr, "/search.html");
    assert_eq!(status, 200);
}

#[test]
fn serve_joins_the_data_export_when_asked_and_keeps_it_current() {
    let dir = copy_dossier(&repo());
    let root = dir.path().to_path_buf();
    let server = start(&root);
    let addr = server.addr;
    let (status, served) = get_bytes(addr, "/dossier.json.gz");
    assert_eq!(status, 200);
    // Byte for byte the JSON that `build` streams, for the same address.
    let (_out, site) = build_with(&root, Some(&format!("http://{addr}/")));
    let built = std::fs::read(site.join("dossier.json.gz")).unwrap();
    assert!(
        gunzip(&served) == gunzip(&built),
        "the served export differs from the built one"
    );
    // An edit reaches it.
    let mut client = EventClient::connect(addr);
    let art = "annotations/articles/ct-dialogue-washington-2024.md";
    edit(&root, art, |t| {
        t.replacen("## Notes", "A sentence added while serving.\n\n## Notes", 1)
    });
    assert!(client.next_reload().contains("\"ok\":true"));
    let (_, after) = get_bytes(addr, "/dossier.json.gz");
    let value: serde_json::Value = serde_json::from_slice(&gunzip(&after)).expect("JSON");
    let commentary = value["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "ct-dialogue-washington-2024")
        .unwrap()["commentary_markdown"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(commentary.contains("A sentence added while serving."));
}

fn post(addr: SocketAddr, path: &str, token: &str) -> (u16, String) {
    request(
        addr,
        &format!("POST {path} HTTP/1.1\r\nX-Dossier-Token: {token}\r\nContent-Length: 0\r\n"),
    )
}

/// The query of a selection of `words` in the paragraph on seed line `line` (UTF-16
/// offsets, as a browser counts).
fn selection_query(slug: &str, text: &str, line: usize, words: &str, kind: &str) -> String {
    let at = text.find(words).expect("the words are in the paragraph");
    let start = text[..at].encode_utf16().count();
    let end = start + words.encode_utf16().count();
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!(
        "slug={slug}&first={line}&start={start}&last={line}&end={end}&text={}&kind={kind}",
        enc(words)
    )
}

#[test]
fn select_to_annotate_makes_snippets_that_anchor_and_adds_them_with_the_token() {
    let dir = copy_dossier(&repo());
    let root = dir.path().to_path_buf();
    // `true` stands for the editor: it starts, opens nothing, exits.
    let server = start_with(&root, true, Some("true"));
    let addr = server.addr;
    let slug = "ct-dialogue-washington-2024";
    let (_, page) = get(addr, &format!("/articles/{slug}.html"));
    assert!(
        page.contains("window.__dossierServe"),
        "the script is injected"
    );
    let token = page
        .split("token:\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("a token")
        .to_string();
    assert_eq!(token.len(), 32);

    // The phrase the report uses twice; the second is selected.
    let mut d = dossier::diagnostic::Diagnostics::new();
    let site = dossier::check(&root, &mut d).expect("links");
    let article = site.articles.iter().find(|a| a.ann.slug == slug).unwrap();
    let phrase = "the Pakistani foreign ministry said";
    let with: Vec<_> = article
        .marks
        .paragraphs
        .iter()
        .filter(|p| p.text.contains(phrase))
        .collect();
    assert_eq!(with.len(), 2);
    let second = with[1];
    let q = selection_query(slug, &second.text, second.seed_line, phrase, "note");
    let (status, body) = get(addr, &format!("/__dossier/snippet?{q}"));
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["path"], format!("annotations/articles/{slug}.md"));
    let text = v["text"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("\n> {phrase}\nprefix = ")),
        "{text}"
    );

    // Adding it needs the token.
    let (status, _) = post(addr, &format!("/__dossier/append?{q}"), "wrong");
    assert_eq!(status, 403);
    let mut client = EventClient::connect(addr);
    // Adds the snippet of selection `q`, waits for the rebuild, reads the page again.
    let add_and_reload = |client: &mut EventClient, q: &str| {
        let (status, body) = post(addr, &format!("/__dossier/append?{q}"), &token);
        assert_eq!(status, 200, "{body}");
        let data = client.next_reload();
        assert!(data.contains("\"ok\":true"), "{data}");
        let (_, page) = get(addr, &format!("/articles/{slug}.html"));
        Html::parse_document(&page)
    };
    let doc = add_and_reload(&mut client, &q);
    let para = format!(".para#p{}", second.seed_line);
    let anchored = reading_texts(&doc, &format!("{para} mark.note-anchor"));
    assert!(anchored.contains(&phrase.to_string()), "{anchored:?}");

    // Jump to source: where each block comes from, and a token-protected opener.
    let (status, body) = get(
        addr,
        &format!("/__dossier/sources?page=articles/{slug}.html"),
    );
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let marks = v["marks"].as_array().unwrap();
    let file =
        std::fs::read_to_string(root.join(format!("annotations/articles/{slug}.md"))).unwrap();
    let line_of = |needle: &str| file.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let find = |sel: &str, i: usize| {
        marks
            .iter()
            .find(|m| m["selector"] == sel && m["index"] == i)
            .map(|m| m["line"].as_u64().unwrap() as usize)
    };
    assert_eq!(
        find(".source-text .sidenote:not(.fix-note)", 0),
        Some(line_of(
            "> a recently held Pakistan-US Counterterrorism Dialogue"
        ))
    );
    // The commentary's first paragraph, and its second (after a blank line).
    let first_block = find(".commentary > :not(h2)", 0).unwrap();
    assert!(
        file.lines()
            .nth(first_block - 1)
            .unwrap()
            .starts_with("Eight years after"),
        "{first_block}"
    );
    let second_block = find(".commentary > :not(h2)", 1).unwrap();
    assert!(second_block > first_block + 1);
    assert!(file
        .lines()
        .nth(second_block - 2)
        .unwrap()
        .trim()
        .is_empty());
    assert!(find("ul.events > li", 0).is_some());
    assert!(marks
        .iter()
        .all(|m| m["path"] == format!("annotations/articles/{slug}.md")));
    let open = format!("/__dossier/open?path=annotations/articles/{slug}.md&line=3");
    assert_eq!(post(addr, &open, "wrong").0, 403);
    let (status, body) = post(addr, &open, &token);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"opened\""), "{body}");
    let (status, _) = post(addr, "/__dossier/open?path=../Cargo.toml&line=1", &token);
    assert_eq!(status, 400);

    // A cut of the first paragraph (the story's opening line) removes it.
    let first = with[0];
    let para = format!(".para#p{}", first.seed_line);
    let q = selection_query(slug, &first.text, first.seed_line, phrase, "cut");
    let doc = add_and_reload(&mut client, &q);
    assert_eq!(doc.select(&sel(&para)).count(), 0, "the paragraph is cut");
    drop(server);
}
