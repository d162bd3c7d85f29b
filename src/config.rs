//! `dossier.toml`: the dossier's settings (title, description, base URL, language,
//! author, optional CNAME and linking defaults, the hosts sources should avoid), with
//! their defaults and checks.

use serde::Deserialize;

/// How often a glossary term is linked on an article page.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LinkMode {
    /// The first mention of each spelling of a term on a page is a link (default).
    #[default]
    First,
    /// Every mention is a link.
    Every,
}

/// How the raw text of a seed is split into paragraphs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Paragraphs {
    /// Every non-empty line is a paragraph (scraped text usually has one per line). Default.
    #[default]
    Lines,
    /// Paragraphs are separated by blank lines; single newlines inside are spaces.
    BlankLines,
}

/// The contents of `dossier.toml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in every page header.
    pub title: String,
    /// One-sentence description (meta description, index lede).
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published at, e.g. `https://user.github.io/repo/`.
    /// Used only where a URL must be absolute (canonical, 404 page assets).
    #[serde(default)]
    pub base_url: String,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Who compiled the dossier.
    #[serde(default)]
    pub author: String,
    /// Custom domain for GitHub Pages; writes `CNAME` when set.
    #[serde(default)]
    pub cname: Option<String>,
    /// Default glossary link mode.
    #[serde(default)]
    pub link_mode: LinkMode,
    /// How seeds are split into paragraphs.
    #[serde(default)]
    pub paragraphs: Paragraphs,
    /// Keep raw HTML written in annotations as it is. Off by default: raw HTML is
    /// cleaned (no scripts, event handlers, frames or `javascript:` URLs). Only for a
    /// team that trusts everyone who edits its annotations.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Build the full-text search index and search page (on by default).
    #[serde(default = "yes")]
    pub search: bool,
    /// Where an annotation can be edited online, with `{path}` standing for its path
    /// in the dossier (`https://github.com/owner/repo/edit/main/{path}`): article and
    /// term pages then link to it.
    #[serde(default)]
    #[schemars(regex(pattern = r"^https?://.*\{path\}"))]
    pub edit_url: Option<String>,
    /// What `dossier check --sources` holds sources to (`[sources]`).
    #[serde(default)]
    pub sources: SourcesConfig,
}

/// The `[sources]` table of `dossier.toml`.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[schemars(deny_unknown_fields)]
pub struct SourcesConfig {
    /// Hosts a source should not be taken from (Wikipedia and its mirrors, copy
    /// sites): a source on one of them, or on a subdomain of one, is a warning of
    /// `dossier check --sources` unless its `note` says why it is used.
    #[serde(default)]
    pub avoid: Vec<String>,
}

/// What is wrong with a URL setting (`base_url`, `--base-url`, `edit_url`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    /// Neither `http://` nor `https://`.
    #[error("`{0}` is not an http(s) URL")]
    NotHttp(String),
    /// An absolute URL with nothing between `://` and the path.
    #[error("`{0}` has no host")]
    NoHost(String),
    /// White space or control characters (shown escaped).
    #[error("`{0}` contains spaces or control characters")]
    Spaces(String),
    /// An `edit_url` without the `{path}` it needs.
    #[error("`{0}` has no `{{path}}` for the annotation's path")]
    NoPath(String),
}

/// What is wrong with an `edit_url`, if anything.
pub fn check_edit_url(url: &str) -> Result<(), UrlProblem> {
    let u = url.trim();
    if !(u.starts_with("https://") || u.starts_with("http://")) {
        return Err(UrlProblem::NotHttp(u.to_string()));
    }
    if !u.contains("{path}") {
        return Err(UrlProblem::NoPath(u.to_string()));
    }
    Ok(())
}

fn default_language() -> String {
    "en".to_string()
}

fn yes() -> bool {
    true
}

impl Config {
    /// The path part of `base_url`, always starting and ending with `/` (`/` when unset).
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let after_scheme = match url.find("://") {
            Some(i) => &url[i + 3..],
            None => url,
        };
        let path = if url.contains("://") {
            after_scheme
                .find('/')
                .map(|i| &after_scheme[i..])
                .unwrap_or("/")
        } else {
            after_scheme
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// `base_url` with exactly one trailing slash, or empty when unset.
    pub fn base_url_slash(&self) -> String {
        let u = self.base_url.trim().trim_end_matches('/');
        if u.is_empty() {
            String::new()
        } else {
            format!("{u}/")
        }
    }
}

/// What to write in `base_url` (or `--base-url`).
pub const BASE_URL_HELP: &str = "write the address the site is published at, e.g. \
     \"https://user.github.io/repo/\", or a path such as \"/repo/\", or leave it empty";

/// Checks a base URL: empty, a path starting with `/`, or an absolute http(s) URL with
/// a host. `Err` says what is wrong.
pub fn check_base_url(url: &str) -> Result<(), UrlProblem> {
    let u = url.trim();
    if u.is_empty() || (u.starts_with('/') && !u.starts_with("//")) {
        return Ok(());
    }
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlProblem::Spaces(u.escape_debug().to_string()));
    }
    let rest = match crate::url::scheme(u).as_deref() {
        Some("http") | Some("https") => u.split_once("://").map(|x| x.1),
        _ => None,
    };
    match rest {
        Some(r) if !r.split(['/', '?', '#']).next().unwrap_or("").is_empty() => Ok(()),
        Some(_) => Err(UrlProblem::NoHost(u.to_string())),
        None => Err(UrlProblem::NotHttp(u.to_string())),
    }
}

/// True for a bare domain name such as `dossier.example.org`.
pub fn is_domain(name: &str) -> bool {
    let labels: Vec<&str> = name.trim().split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(base: &str) -> Config {
        toml::from_str(&format!("title = \"t\"\nbase_url = \"{base}\"")).unwrap()
    }

    #[test]
    fn base_path_from_url() {
        assert_eq!(cfg("https://u.github.io/repo/").base_path(), "/repo/");
        assert_eq!(cfg("https://u.github.io/repo").base_path(), "/repo/");
        assert_eq!(cfg("https://example.org").base_path(), "/");
        assert_eq!(cfg("").base_path(), "/");
        assert_eq!(cfg("/sub/dir").base_path(), "/sub/dir/");
        assert_eq!(cfg("https://e.org/a/").base_url_slash(), "https://e.org/a/");
    }

    #[test]
    fn base_urls_and_domains_are_checked() {
        for ok in [
            "",
            "https://u.github.io/repo/",
            "http://localhost:8000/x",
            "/sub/",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "u.github.io/repo",
            "htp://x",
            "https://",
            "javascript:alert(1)",
            "https://a b",
            "//host/x",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
        assert!(is_domain("dossier.example.org"));
        for bad in [
            "https://x.org",
            "x.org/",
            "localhost",
            "a..b",
            "-a.org",
            "a b.org",
        ] {
            assert!(!is_domain(bad), "{bad}");
        }
    }
}
