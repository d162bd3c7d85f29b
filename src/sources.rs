//! The sources check (`dossier check --sources`): that every `[[source]]` of the
//! dossier can be found again and is one a reader can trust, as diagnostics at the
//! file, line and column of the key at fault.
//!
//! - a source has a title (an error without one), a publisher and a date (a warning
//!   without them, unless its `note` says why: an undated reference page);
//! - its `url` and `archived` addresses are well-formed absolute http(s) addresses:
//!   no spaces, a host name, no port that only repeats the default (`:443`, `:80`), no
//!   crawler's tail (`…/fonts.googleapis.com`);
//! - one address is one source: the same address (scheme and host in any case, with
//!   or without a trailing slash) under a second id anywhere in the dossier is a
//!   warning at the second, naming the first;
//! - a source on a host `[sources] avoid` of dossier.toml lists (or on a subdomain of
//!   one) is a warning, unless its `note` says what the source is and why it is used.
//!
//! A source declared but never cited in its file is a warning of every `dossier
//! check` (`link::citations`), so it is not repeated here.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::load::{Located, Source, SourceFile};
use crate::site::Site;

/// Checks every source of `site` (the index, the articles, the glossary, in that
/// order), adding what is wrong to `diags`.
pub fn check(site: &Site, diags: &mut Diagnostics) {
    let mut files: Vec<(&SourceFile, &[Source])> = Vec::new();
    if let Some(ix) = &site.index {
        files.push((&ix.source, &ix.sources));
    }
    files.extend(
        site.articles
            .iter()
            .map(|a| (&*a.ann.source, &a.ann.sources[..])),
    );
    files.extend(
        site.terms
            .iter()
            .map(|t| (&*t.ann.source, &t.ann.sources[..])),
    );
    check_files(&files, &site.config.sources.avoid, diags);
}

/// Where an address was first given: the source's id, its file and line.
struct First<'a> {
    id: &'a str,
    file: &'a SourceFile,
    line: usize,
}

/// Checks the sources of `files`, in order, against the hosts to `avoid`.
pub fn check_files(files: &[(&SourceFile, &[Source])], avoid: &[String], diags: &mut Diagnostics) {
    let avoid: Vec<String> = avoid
        .iter()
        .map(|h| h.trim().trim_matches('.').to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    let mut seen: HashMap<String, First> = HashMap::default();
    for &(file, sources) in files {
        for s in sources {
            check_metadata(file, s, diags);
            if let Some(a) = &s.archived {
                check_address(file, "archived", a, diags);
            }
            let Some(url) = &s.url else { continue };
            let Some(address) = check_address(file, "url", url, diags) else {
                continue;
            };
            if let Some(host) = avoided(&address.host, &avoid).filter(|_| s.note.is_none()) {
                diags.push(
                    file.warning(
                        url.span.clone(),
                        format!(
                            "source `{}` is on `{}`, a host dossier.toml avoids",
                            s.id.value, address.host
                        ),
                    )
                    .with_help(format!(
                        "cite the original publisher instead; if this copy must be used, add a \
                         note saying what it is and why it is used (`{host}` is in [sources] avoid)"
                    )),
                );
            }
            match seen.get(&address.key) {
                Some(first) if first.id != s.id.value => diags.push(duplicate(file, s, url, first)),
                Some(_) => {}
                None => {
                    let (pos, _) = crate::diagnostic::locate(&file.text, url.span.start);
                    let first = First {
                        id: &s.id.value,
                        file,
                        line: pos.line,
                    };
                    seen.insert(address.key, first);
                }
            }
        }
    }
}

/// A missing title (an error), a missing publisher or date (a warning, unless a note
/// explains the source).
fn check_metadata(file: &SourceFile, s: &Source, diags: &mut Diagnostics) {
    if s.title.value.trim().is_empty() {
        diags.push(
            file.error(
                s.title.span.clone(),
                format!("source `{}` has no title", s.id.value),
            )
            .with_help("give the title of the document or page as it prints it"),
        );
    }
    if s.note.is_some() {
        return;
    }
    let missing: Vec<(&str, &str)> = [
        (
            s.publisher.is_none(),
            "publisher",
            "who published it (publisher = \"…\")",
        ),
        (
            s.date.is_none(),
            "date",
            "when (date = \"2016-03-10\"; a year or a month will do)",
        ),
    ]
    .into_iter()
    .filter_map(|(missing, key, what)| missing.then_some((key, what)))
    .collect();
    if missing.is_empty() {
        return;
    }
    let keys: Vec<&str> = missing.iter().map(|m| m.0).collect();
    let whats: Vec<&str> = missing.iter().map(|m| m.1).collect();
    diags.push(
        file.warning(
            s.id.span.clone(),
            format!("source `{}` has no {}", s.id.value, keys.join(" and no ")),
        )
        .with_help(format!(
            "add {}; when the source gives none, add a note saying what it is",
            whats.join(" and ")
        )),
    );
}

/// The warning at a second id for an address already given under `first`.
fn duplicate(file: &SourceFile, s: &Source, url: &Located<String>, first: &First) -> Diagnostic {
    file.warning(
        url.span.clone(),
        format!(
            "source `{}` has the same address as source `{}` ({}:{})",
            s.id.value,
            first.id,
            first.file.path.display(),
            first.line
        ),
    )
    .with_help(format!(
        "one source, one id: declare it as `{}` here too and cite it as [@{}]",
        first.id, first.id
    ))
}

/// The avoided host `host` is, or is a subdomain of.
fn avoided<'a>(host: &str, avoid: &'a [String]) -> Option<&'a str> {
    avoid
        .iter()
        .find(|a| {
            host == a.as_str()
                || host
                    .strip_suffix(a.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
        .map(String::as_str)
}

/// The parts of a well-formed address the checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The host, lowercased, without a trailing dot.
    pub host: String,
    /// The address as duplicates are found: scheme and host lowercased, no trailing
    /// slash, no fragment.
    pub key: String,
}

/// A problem with an address: how bad, what is wrong, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// An error when the address is not usable; a warning when it works but is not
    /// the address to keep.
    pub severity: Severity,
    /// What is wrong ("has no host").
    pub what: String,
    /// What to do.
    pub help: &'static str,
}

/// Checks the address under `key` of a source; its parts when no error was found.
fn check_address(
    file: &SourceFile,
    key: &str,
    u: &Located<String>,
    diags: &mut Diagnostics,
) -> Option<Address> {
    let (address, problem) = match parse_address(&u.value) {
        Ok((address, problem)) => (Some(address), problem),
        Err(problem) => (None, Some(problem)),
    };
    if let Some(p) = problem {
        let message = format!("source {key} `{}` {}", u.value.escape_debug(), p.what);
        let d = Diagnostic::new(p.severity, &file.path, message)
            .at(&file.text, u.span.clone())
            .with_help(p.help);
        diags.push(d);
    }
    address
}

const FIX_HELP: &str = "copy the address again from the browser's address bar";

fn error(what: impl Into<String>) -> Problem {
    Problem {
        severity: Severity::Error,
        what: what.into(),
        help: FIX_HELP,
    }
}

/// Reads an absolute http(s) address: `Err` when it is not usable; else its parts and
/// a warning when it works but is not the address to keep.
pub fn parse_address(url: &str) -> Result<(Address, Option<Problem>), Problem> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Problem {
            help: "remove the spaces (a space inside a path is written %20)",
            ..error("contains spaces or control characters")
        });
    }
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(s, _)| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
        .ok_or_else(|| error("is not an absolute http(s) address (https://host/path)"))?;
    let scheme = scheme.to_ascii_lowercase();
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err(error("has a user name before its host"));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.starts_with('[') || h.ends_with(']') => (h, Some(p)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return Err(error("has no host"));
    }
    if !valid_host(host) {
        return Err(error(format!("has no usable host (`{host}`)")));
    }
    let mut warning = None;
    match port {
        Some(p) if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) => {
            return Err(error(format!("has a port that is not a number (`:{p}`)")));
        }
        Some(p @ ("443" | "80")) => {
            warning = Some(Problem {
                severity: Severity::Warning,
                what: format!("names the default port `:{p}`"),
                help: "remove the port: the address is the same without it",
            });
        }
        _ => {}
    }
    let path = tail.split(['?', '#']).next().unwrap_or("");
    if let Some(last) = crawler_tail(path) {
        warning = Some(Problem {
            severity: Severity::Warning,
            what: format!("ends in `/{last}`, a host name a crawler added to the page's address"),
            help: "remove the tail: the page's address ends before it",
        });
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let tail = tail.split('#').next().unwrap_or("");
    let (path, query) = tail.split_at(tail.find('?').unwrap_or(tail.len()));
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    let key = format!(
        "{scheme}://{host}{port}{}{query}",
        path.trim_end_matches('/')
    );
    Ok((Address { host, key }, warning))
}

/// A host name (letters, digits, `-`, non-ASCII letters, in dot-separated labels, at
/// least two) or a bracketed IPv6 address.
fn valid_host(host: &str) -> bool {
    if let Some(ip) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !ip.is_empty()
            && ip
                .chars()
                .all(|c| c.is_ascii_hexdigit() || ":.".contains(c));
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// The last segment of `path` when it is a host name such as `fonts.googleapis.com`
/// (crawlers append the hosts a page loads from to its address). An archive's address
/// that holds another address (`/web/2020/https://…`) is left alone.
fn crawler_tail(path: &str) -> Option<&str> {
    const TLDS: &[&str] = &["com", "net", "org", "io", "gov", "edu", "int", "mil"];
    if path.contains("http:") || path.contains("https:") {
        return None;
    }
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let tld = last.rsplit('.').next()?;
    (last.split('.').count() >= 2
        && TLDS.contains(&tld.to_ascii_lowercase().as_str())
        && crate::config::is_domain(last))
    .then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;

    /// A source declared in `text` at the first `id = "…"`, with `url` placed at its
    /// first occurrence in `text`.
    fn source(text: &str, id: &str, url: Option<&str>) -> Source {
        let at = |needle: &str| {
            let start = text.find(needle).unwrap_or(0);
            start..start + needle.len()
        };
        let located = |v: &str| Located {
            value: v.to_string(),
            span: at(v),
        };
        Source {
            id: located(id),
            title: located("A title"),
            publisher: Some("Dawn".into()),
            author: None,
            date: Some(PartialDate::parse("2016-03-10").unwrap()),
            url: url.map(located),
            accessed: None,
            archived: None,
            note: None,
        }
    }

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "annotations/articles/a.md".into(),
            text: text.to_string(),
        }
    }

    fn run(files: &[(&SourceFile, &[Source])], avoid: &[&str]) -> Vec<(Severity, usize, String)> {
        let avoid: Vec<String> = avoid.iter().map(|s| s.to_string()).collect();
        let mut d = Diagnostics::new();
        check_files(files, &avoid, &mut d);
        d.items()
            .iter()
            .map(|d| (d.severity, d.position.unwrap().line, d.message.clone()))
            .collect()
    }

    const TEXT: &str = "+++\n[[source]]\nid = \"a\"\ntitle = \"A title\"\nurl = \"https://www.dawn.com/news/1\"\n+++\n";

    #[test]
    fn a_complete_source_passes() {
        let f = file(TEXT);
        let s = [source(TEXT, "a", Some("https://www.dawn.com/news/1"))];
        assert_eq!(run(&[(&f, &s)], &["wikipedia.org"]), []);
    }

    #[test]
    fn a_blank_title_is_an_error() {
        let text = "+++\n[[source]]\nid = \"a\"\ntitle = \" \"\n+++\n";
        let f = file(text);
        let mut s = source(text, "a", None);
        s.title = Located {
            value: " ".into(),
            span: 34..35,
        };
        assert_eq!(
            run(&[(&f, &[s])], &[]),
            [(Severity::Error, 4, "source `a` has no title".into())]
        );
    }

    #[test]
    fn a_missing_publisher_or_date_warns_once_unless_a_note_explains() {
        let f = file(TEXT);
        let mut s = source(TEXT, "a", None);
        s.publisher = None;
        s.date = None;
        assert_eq!(
            run(&[(&f, std::slice::from_ref(&s))], &[]),
            [(
                Severity::Warning,
                3,
                "source `a` has no publisher and no date".into()
            )]
        );
        s.publisher = Some("Dawn".into());
        assert_eq!(
            run(&[(&f, std::slice::from_ref(&s))], &[])[0].2,
            "source `a` has no date"
        );
        s.note = Some("An undated reference page.".into());
        assert_eq!(run(&[(&f, &[s])], &[]), []);
    }

    #[test]
    fn malformed_addresses_are_found() {
        for (url, severity, what) in [
            ("https://www.dawn.com:443/news/1", Severity::Warning, "names the default port `:443`"),
            ("http://dawn.com:80", Severity::Warning, "names the default port `:80`"),
            ("https:///news/1", Severity::Error, "has no host"),
            ("https://", Severity::Error, "has no host"),
            ("https://www.dawn.com/a b", Severity::Error, "contains spaces or control characters"),
            ("https:www.dawn.com", Severity::Error, "is not an absolute http(s) address (https://host/path)"),
            ("https://dawn/news", Severity::Error, "has no usable host (`dawn`)"),
            ("https://www..com/x", Severity::Error, "has no usable host (`www..com`)"),
            ("https://dawn.com:x/", Severity::Error, "has a port that is not a number (`:x`)"),
            ("https://user@dawn.com/", Severity::Error, "has a user name before its host"),
            (
                "https://www.dawn.com/news/1/fonts.googleapis.com",
                Severity::Warning,
                "ends in `/fonts.googleapis.com`, a host name a crawler added to the page's address",
            ),
        ] {
            let p = match parse_address(url) {
                Ok((_, p)) => p.expect(url),
                Err(p) => p,
            };
            assert_eq!((p.severity, p.what.as_str()), (severity, what), "{url}");
        }
        for ok in [
            "https://www.dawn.com/news/1",
            "HTTP://Dawn.COM/x?y=1#z",
            "https://localhost.example:8080/",
            "https://web.archive.org/web/2016/https://www.dawn.com",
            "https://www.dawn.com/news/1250304/story.html",
            "https://[2001:db8::1]/x",
        ] {
            assert_eq!(parse_address(ok).map(|(_, p)| p), Ok(None), "{ok}");
        }
    }

    #[test]
    fn odd_addresses_are_read_without_panicking() {
        for odd in [
            "https://[",
            "https://[::1",
            "https://:443",
            "https://é.example/ü?ö#ä",
            "http://é.com:80/x",
            "https://a.b:/",
            "https://a.b:443:443/",
            "https://.",
            "https://a.b./",
            "https://a.b/#/x.com",
            "ftp://a.b/",
            "",
        ] {
            let _ = parse_address(odd);
        }
        assert_eq!(
            parse_address("https://Dawn.COM./News/?a=1#top").map(|(a, _)| a),
            Ok(Address {
                host: "dawn.com".into(),
                key: "https://dawn.com/News?a=1".into()
            })
        );
    }

    #[test]
    fn an_address_problem_points_at_the_address() {
        let text = TEXT.replace("dawn.com/", "dawn.com:443/");
        let f = file(&text);
        let s = [source(&text, "a", Some("https://www.dawn.com:443/news/1"))];
        let mut d = Diagnostics::new();
        check_files(&[(&f, &s)], &[], &mut d);
        let p = d.items()[0].position.unwrap();
        assert_eq!((p.line, p.column), (5, 8));
        assert_eq!(
            d.items()[0].message,
            "source url `https://www.dawn.com:443/news/1` names the default port `:443`"
        );
    }

    #[test]
    fn an_archived_copy_is_checked_too() {
        let text = format!("{TEXT}archived = \"https://web.archive.org/web/2016/a b\"\n");
        let f = file(&text);
        let mut s = source(&text, "a", Some("https://www.dawn.com/news/1"));
        let at = text.find("https://web").unwrap();
        s.archived = Some(Located {
            value: "https://web.archive.org/web/2016/a b".into(),
            span: at..at + 36,
        });
        assert_eq!(
            run(&[(&f, &[s])], &[]),
            [(
                Severity::Error,
                7,
                "source archived `https://web.archive.org/web/2016/a b` contains spaces or control characters".into()
            )]
        );
    }

    #[test]
    fn one_address_under_two_ids_warns_at_the_second() {
        let other = "+++\n[[source]]\nid = \"b\"\ntitle = \"A title\"\nurl = \"HTTPS://WWW.DAWN.COM/news/1/\"\n+++\n";
        let (f1, f2) = (
            file(TEXT),
            SourceFile {
                path: "annotations/glossary/b.md".into(),
                ..file(other)
            },
        );
        let s1 = [source(TEXT, "a", Some("https://www.dawn.com/news/1"))];
        let s2 = [source(other, "b", Some("HTTPS://WWW.DAWN.COM/news/1/"))];
        assert_eq!(
            run(&[(&f1, &s1), (&f2, &s2)], &[]),
            [(
                Severity::Warning,
                5,
                "source `b` has the same address as source `a` (annotations/articles/a.md:5)"
                    .into()
            )]
        );
        // Another path is another source (the case of a path matters).
        let s4 = [source(other, "b", Some("HTTPS://WWW.DAWN.COM/News/1/"))];
        assert_eq!(run(&[(&f1, &s1), (&f2, &s4)], &[]), []);
        // Nor is the same address under the same id in another file.
        let s5 = [source(other, "a", Some("HTTPS://WWW.DAWN.COM/news/1/"))];
        assert_eq!(run(&[(&f1, &s1), (&f2, &s5)], &[]), []);
    }

    #[test]
    fn an_avoided_host_or_its_subdomain_warns_unless_a_note_explains() {
        let text = TEXT.replace("www.dawn.com", "en.wikipedia.org");
        let f = file(&text);
        let mut s = source(&text, "a", Some("https://en.wikipedia.org/news/1"));
        assert_eq!(
            run(&[(&f, std::slice::from_ref(&s))], &["Wikipedia.org"]),
            [(
                Severity::Warning,
                5,
                "source `a` is on `en.wikipedia.org`, a host dossier.toml avoids".into()
            )]
        );
        assert_eq!(run(&[(&f, std::slice::from_ref(&s))], &["pedia.org"]), []);
        assert_eq!(
            run(&[(&f, std::slice::from_ref(&s))], &["en.wikipedia.org"]).len(),
            1
        );
        s.note = Some("Wikipedia; used only for the date of X.".into());
        assert_eq!(run(&[(&f, &[s])], &["wikipedia.org"]), []);
    }
}
