//! Which URLs an annotation may use: `http`, `https`, `mailto` and relative ones.
//!
//! Checked where a URL is read (front matter in `load`, Markdown links in `link`), so
//! that a `javascript:` or `data:` URL is an error at its file and line, never a live
//! link. The check follows how browsers read a scheme: tabs and newlines anywhere and
//! leading spaces or control characters are ignored ("java\tscript:" is `javascript:`).

/// The schemes a URL may have.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The scheme of `url` as a browser would read it (lowercased), or `None` for a
/// relative URL (`page.html`, `../x`, `#note`, `//host/path`).
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') {
        return None;
    }
    let s = &cleaned[..end];
    let mut chars = s.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // "a b:c" is not a scheme for a browser either; an invalid one makes the URL relative.
    valid.then(|| s.to_ascii_lowercase())
}

/// True when `url` is relative or uses one of [`ALLOWED_SCHEMES`].
pub fn is_allowed(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => ALLOWED_SCHEMES.contains(&s.as_str()),
    }
}

/// The help line for a refused URL.
pub const HELP: &str =
    "links may be http(s)://…, mailto:… or relative (page.html, #anchor); other schemes such as javascript: or data: are refused";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_browsers_read_them() {
        for ok in [
            "https://example.org/a?b#c",
            "http://x",
            "HTTPS://X",
            "mailto:a@b.c",
            "page.html",
            "../articles/x.html",
            "#note-1",
            "//host/path",
            "a/b:c",
            "?q=a:b",
            "",
        ] {
            assert!(is_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "ftp://x",
        ] {
            assert!(!is_allowed(bad), "{bad:?}");
        }
        assert_eq!(scheme("Mailto:x").as_deref(), Some("mailto"));
        assert_eq!(scheme("rel/path"), None);
    }
}
