//! Citing an article: a BibTeX entry and a CSL-JSON item for the original source,
//! and one for its annotated copy in the dossier (related to the first), shown in the
//! article's Cite block and written beside its page as `articles/<slug>.bib` and
//! `articles/<slug>.json`, for reference managers (Zotero, JabRef, pandoc).
//!
//! Every string is escaped for its format: BibTeX's special characters become
//! commands (braces included, so a title cannot unbalance an entry), and the CSL
//! item is built with serde_json.

use chrono::Datelike;
use serde_json::{json, Map, Value};

use crate::date::{PartialDate, Precision};
use crate::site::{ArticleId, PageCtx};

/// What a citation needs to know besides the article: the dossier's title and
/// editors, and the address of the article's page (empty when not absolute).
pub struct Dossier<'a> {
    pub title: &'a str,
    pub editors: &'a str,
    pub page_url: String,
}

/// A BibTeX key: the slug's ASCII letters, digits and `-_:`, others as `-`.
fn bib_key(slug: &str) -> String {
    let key: String = slug
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | ':' => c,
            _ => '-',
        })
        .collect();
    if key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        key
    } else {
        format!("a{key}")
    }
}

/// `s` as the value of a braced BibTeX field: every character TeX treats specially
/// written as a command, so braces always balance.
pub fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL as a verbatim BibTeX field: braces, backslashes and spaces percent-encoded.
fn bib_url(url: &str) -> String {
    url.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace(' ', "%20")
}

/// A biblatex date (ISO 8601, to the precision known).
fn bib_date(d: PartialDate) -> String {
    d.datetime_attr()
}

/// A byline as a BibTeX name list: personal names as they are, anything else (a desk,
/// a wire service) braced so that it is not split into first and last names.
fn bib_name(byline: &str) -> String {
    let personal = byline.split_whitespace().count() <= 4
        && byline
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
        && ![
            "desk",
            "staff",
            "agency",
            "report",
            "correspondent",
            "monitoring",
        ]
        .iter()
        .any(|w| byline.to_lowercase().contains(w));
    if personal {
        bib_escape(byline)
    } else {
        format!("{{{}}}", bib_escape(byline))
    }
}

fn field(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!("  {name} = {{{value}}},\n"));
}

/// Two BibTeX entries for article `id`: the original (`@article`) and the annotated
/// copy (`@online`, `related` to it).
pub fn bibtex(ctx: &PageCtx, id: ArticleId, d: &Dossier) -> String {
    let a = ctx.cited(id);
    let c = a.card;
    let key = &bib_key(c.slug);
    let mut s = format!("@article{{{key},\n");
    field(&mut s, "title", &bib_escape(c.title));
    if let Some(b) = a.byline {
        field(&mut s, "author", &bib_name(b));
    }
    if let Some(p) = c.publication {
        field(&mut s, "journaltitle", &bib_escape(p));
    }
    if let Some(date) = c.date {
        field(&mut s, "date", &bib_date(date));
    }
    if let Some(u) = a.url {
        field(&mut s, "url", &bib_url(u));
    }
    if let Some(r) = a.retrieved {
        field(&mut s, "urldate", &bib_date(r));
    }
    let mut note = format!("Annotated in {}", bib_escape(d.title));
    if !d.page_url.is_empty() {
        note.push_str(&format!(", \\url{{{}}}", bib_url(&d.page_url)));
    }
    if c.date.is_some_and(|x| x.approximate) {
        note.push_str("; date approximate");
    }
    field(&mut s, "note", &note);
    s.push_str("}\n\n");
    s.push_str(&format!("@online{{{key}-annotated,\n"));
    field(
        &mut s,
        "title",
        &bib_escape(&format!("{} (annotated)", c.title)),
    );
    field(
        &mut s,
        "organization",
        &format!("{{{}}}", bib_escape(d.title)),
    );
    if !d.editors.is_empty() {
        field(&mut s, "editor", &format!("{{{}}}", bib_escape(d.editors)));
    }
    if !d.page_url.is_empty() {
        field(&mut s, "url", &bib_url(&d.page_url));
    }
    field(&mut s, "related", key);
    s.push_str("}\n");
    s
}

/// A CSL date: its known parts, `circa` when approximate.
fn csl_date(d: PartialDate) -> Value {
    let mut parts = vec![d.start.year()];
    if d.precision >= Precision::Month {
        parts.push(d.start.month() as i32);
    }
    if d.precision == Precision::Day {
        parts.push(d.start.day() as i32);
    }
    let mut o = Map::new();
    o.insert("date-parts".into(), json!([parts]));
    if d.approximate {
        o.insert("circa".into(), json!(true));
    }
    Value::Object(o)
}

/// The same two items as a CSL-JSON array.
pub fn csl_json(ctx: &PageCtx, id: ArticleId, d: &Dossier) -> String {
    let a = ctx.cited(id);
    let c = a.card;
    let key = &bib_key(c.slug);
    let mut original = Map::new();
    original.insert("id".into(), json!(key));
    original.insert("type".into(), json!("article-newspaper"));
    original.insert("title".into(), json!(c.title));
    if let Some(b) = a.byline {
        original.insert("author".into(), json!([{ "literal": b }]));
    }
    if let Some(p) = c.publication {
        original.insert("container-title".into(), json!(p));
    }
    if let Some(date) = c.date {
        original.insert("issued".into(), csl_date(date));
    }
    if let Some(u) = a.url {
        original.insert("URL".into(), json!(u));
    }
    if let Some(r) = a.retrieved {
        original.insert("accessed".into(), csl_date(r));
    }
    let mut copy = Map::new();
    copy.insert("id".into(), json!(format!("{key}-annotated")));
    copy.insert("type".into(), json!("webpage"));
    copy.insert("title".into(), json!(format!("{} (annotated)", c.title)));
    copy.insert("container-title".into(), json!(d.title));
    if !d.editors.is_empty() {
        copy.insert("editor".into(), json!([{ "literal": d.editors }]));
    }
    if !d.page_url.is_empty() {
        copy.insert("URL".into(), json!(d.page_url));
    }
    copy.insert("note".into(), json!(format!("Annotated copy of {key}")));
    let items = Value::Array(vec![Value::Object(original), Value::Object(copy)]);
    serde_json::to_string_pretty(&items).unwrap_or_default()
}

/// A citation to read, in the usual order of a news citation.
pub fn reading_text(ctx: &PageCtx, id: ArticleId, d: &Dossier) -> String {
    let a = ctx.cited(id);
    let c = a.card;
    let mut parts: Vec<String> = Vec::new();
    if let Some(b) = a.byline {
        parts.push(b.to_string());
    }
    parts.push(format!("“{}”", c.title));
    if let Some(p) = c.publication {
        parts.push(p.to_string());
    }
    if let Some(date) = c.date {
        parts.push(date.human());
    }
    if let Some(u) = a.url {
        parts.push(u.to_string());
    }
    let mut text = parts.join(", ");
    text.push_str(&format!(". Annotated in {}", d.title));
    if !d.page_url.is_empty() {
        text.push_str(&format!(", {}", d.page_url));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_escapes_keep_braces_balanced() {
        let s = bib_escape("a {b \\c %d &e $f #g _h ^i ~j");
        let depth = s.chars().fold(0i32, |d, c| match c {
            '{' => d + 1,
            '}' => d - 1,
            _ => d,
        });
        // A lone brace of the text becomes a command: the field stays balanced.
        assert_eq!(depth, 0, "{s}");
        assert!(s.contains("\\textbraceleft{}b"), "{s}");
        assert!(s.contains("\\%d") && s.contains("\\&e") && s.contains("\\textasciitilde{}j"));
    }

    #[test]
    fn keys_are_ascii_and_start_with_a_letter() {
        assert_eq!(bib_key("ct-dialogue-2024"), "ct-dialogue-2024");
        assert_eq!(bib_key("2015-report"), "a2015-report");
        assert_eq!(bib_key("été"), "a-t-");
        assert_eq!(bib_name("Monitoring Desk"), "{Monitoring Desk}");
        assert_eq!(bib_name("Wajid Ali Syed"), "Wajid Ali Syed");
    }
}
