//! TOML front matter: splitting it from the Markdown body, parsing it with every
//! unknown key reported at its place, and the schemas of each kind of file.

use std::ops::Range;

use toml::Spanned;

use super::*;
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Splits `+++` front matter from the body. Returns (front matter, its byte offset, body, body offset).
pub fn split_front_matter(text: &str) -> Result<(&str, usize, &str, usize), Range<usize>> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err(0..first_end.max(1));
    }
    let fm_start = (first_end + 1).min(text.len());
    let mut pos = fm_start;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if text[pos..end].trim_end() == "+++" {
            let body_start = (end + 1).min(text.len());
            return Ok((
                &text[fm_start..pos],
                fm_start,
                &text[body_start..],
                body_start,
            ));
        }
        pos = end + 1;
    }
    Err(0..first_end)
}

pub(crate) fn toml_error(
    src: &SourceFile,
    offset: usize,
    what: &str,
    e: &toml::de::Error,
) -> Diagnostic {
    let span = e
        .span()
        .map(|s| s.start + offset..s.end + offset)
        .unwrap_or(offset..offset + 1);
    src.error(span, format!("invalid {what}: {}", e.message().trim()))
}

/// Parses TOML `text` (at byte `offset` of `src`) into `T`, reporting every key the
/// schema does not know (each at its place) and, when the text does not fit `T`, the
/// first reason why. A "missing field `title`" after an unknown `titel` is the same
/// mistake and is not reported twice. Unknown keys alone still give a value, so that
/// later stages can go on checking the rest of the file.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    src: &SourceFile,
    text: &str,
    offset: usize,
    schema: &keys::Schema,
    help: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let unknown = keys::unknown_keys(text, schema);
    for u in &unknown {
        let place = match u.table {
            Some(t) if u.in_array => format!("in a `[[{t}]]` table"),
            Some(t) => format!("in the `[{t}]` table"),
            None => format!("in {}", schema.what),
        };
        let known = match u.table {
            Some(t) => schema
                .tables
                .iter()
                .find(|(n, _)| *n == t)
                .map_or(&[][..], |x| x.1),
            None => schema.top,
        };
        let help = match u.suggestion {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("the known fields are: {}", known.join(", ")),
        };
        let span = u.span.start + offset..u.span.end + offset;
        diags.push(
            src.error(span, format!("unknown field `{}` {place}", u.key))
                .with_help(help),
        );
    }
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let msg = e.message();
            let explained = unknown.iter().any(|u| {
                u.suggestion
                    .is_some_and(|k| msg.contains(&format!("missing field `{k}`")))
            });
            if !explained {
                diags.push(toml_error(src, offset, schema.what, &e).with_help(help));
            }
            None
        }
    }
}

pub(crate) const FRONT_MATTER_HELP: &str =
    "front matter is TOML between two `+++` lines; see docs/annotations.md";

/// The known keys of a file read as `T`, derived once from `T`'s schema.
macro_rules! known_keys {
    ($(#[$m:meta])* $name:ident: $T:ty, $what:literal) => {
        $(#[$m])*
        pub(crate) fn $name() -> &'static keys::Schema {
            static KEYS: std::sync::OnceLock<keys::Schema> = std::sync::OnceLock::new();
            KEYS.get_or_init(|| crate::schema::keys_of::<$T>($what))
        }
    };
}

known_keys!(
    /// The keys of an article's front matter.
    article_keys: super::article::RawArticle, "article front matter"
);
known_keys!(
    /// The keys of a glossary entry's front matter.
    term_keys: super::term::RawTerm, "glossary front matter"
);
known_keys!(
    /// The keys of `index.md`'s front matter.
    index_keys: super::single::RawIndex, "index.md front matter"
);
known_keys!(
    /// The keys of `boilerplate.toml`.
    boilerplate_keys: super::single::RawBoilerplate, "boilerplate.toml"
);
known_keys!(
    /// The keys of `dossier.toml`.
    config_keys: crate::config::Config, "dossier.toml"
);

pub(crate) fn loc(s: Spanned<String>, offset: usize) -> Located<String> {
    let span = s.span();
    Located {
        value: s.into_inner(),
        span: span.start + offset..span.end + offset,
    }
}

pub(crate) fn locs(v: Vec<Spanned<String>>, offset: usize) -> Vec<Located<String>> {
    v.into_iter().map(|s| loc(s, offset)).collect()
}

pub(crate) fn parse_date(
    s: Spanned<String>,
    offset: usize,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    let l = loc(s, offset);
    match PartialDate::parse(&l.value) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(
                src.error(l.span, format!("invalid date `{}`: {e}", l.value))
                    .with_help(
                        "write YYYY, YYYY-MM or YYYY-MM-DD, with a leading `~` if approximate",
                    ),
            );
            None
        }
    }
}

pub(crate) fn front_matter_missing(src: &SourceFile, span: Range<usize>) -> Diagnostic {
    src.error(span, "missing front matter")
        .with_help("start the file with a `+++` line, the TOML fields, and a closing `+++` line")
}

/// A file with front matter, parsed: the fields, where the front matter starts, the
/// Markdown body and where it starts. `None` (reported) when the front matter is
/// missing or does not fit `T`.
pub(crate) fn parse_front_matter<'t, T: serde::de::DeserializeOwned>(
    src: &'t SourceFile,
    schema: &keys::Schema,
    diags: &mut Diagnostics,
) -> Option<(T, usize, &'t str, usize)> {
    let (fm, fm_off, body, body_off) = match split_front_matter(&src.text) {
        Ok(parts) => parts,
        Err(span) => {
            diags.push(front_matter_missing(src, span));
            return None;
        }
    };
    let raw = parse_toml(src, fm, fm_off, schema, FRONT_MATTER_HELP, diags)?;
    Some((raw, fm_off, body, body_off))
}
