//! schema.org descriptions of pages as JSON-LD (`<script type="application/ld+json">`):
//! an article page describes a `NewsArticle`, a term page a `DefinedTerm` of the
//! glossary's `DefinedTermSet`. The JSON is made safe to sit inside a `<script>`
//! element: `<`, `>` and `&` are written as `\u` escapes, so no text can close the
//! element or open a comment, whatever the annotations say.

use serde_json::{json, Map, Value};

use crate::site::{ArticleId, PageCtx, TermId};

/// The JSON-LD of article `id`, whose page is at `canonical` (when known).
pub fn article(ctx: &PageCtx, id: ArticleId, canonical: Option<&str>) -> String {
    let ann = &ctx.article(id).ann;
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    o.insert("@type".into(), json!("NewsArticle"));
    o.insert("headline".into(), json!(ann.title));
    put(
        &mut o,
        "description",
        Some(ctx.summary(id)).filter(|s| !s.is_empty()),
    );
    put(&mut o, "datePublished", ann.date.map(|d| d.datetime_attr()));
    if let Some(b) = &ann.byline {
        o.insert("author".into(), json!({"@type": "Person", "name": b}));
    }
    if let Some(p) = &ann.publication {
        o.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": p}),
        );
    }
    put(&mut o, "url", ann.url.clone());
    put(&mut o, "mainEntityOfPage", canonical.map(str::to_string));
    if !ann.tags.is_empty() {
        o.insert("keywords".into(), json!(ann.tags));
    }
    script_safe(&Value::Object(o))
}

/// The JSON-LD of term `id`, whose page is at `canonical` and whose glossary is at
/// `glossary` (when known).
pub fn term(ctx: &PageCtx, id: TermId, canonical: Option<&str>, glossary: Option<&str>) -> String {
    let t = ctx.term(id);
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    o.insert("@type".into(), json!("DefinedTerm"));
    o.insert("name".into(), json!(t.ann.term.value));
    let aliases: Vec<&str> = t.ann.aliases.iter().map(|a| a.value.as_str()).collect();
    if !aliases.is_empty() {
        o.insert("alternateName".into(), json!(aliases));
    }
    put(
        &mut o,
        "description",
        Some(t.gist.clone()).filter(|g| !g.is_empty()),
    );
    o.insert("termCode".into(), json!(t.ann.slug));
    put(&mut o, "url", canonical.map(str::to_string));
    let mut set = Map::new();
    set.insert("@type".into(), json!("DefinedTermSet"));
    set.insert(
        "name".into(),
        json!(format!("Glossary of {}", ctx.config().title)),
    );
    put(&mut set, "url", glossary.map(str::to_string));
    o.insert("inDefinedTermSet".into(), Value::Object(set));
    script_safe(&Value::Object(o))
}

fn put(o: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(v) = value {
        o.insert(key.into(), Value::String(v));
    }
}

/// `value` as JSON that cannot end a `<script>` element or start markup in it.
pub fn script_safe(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_keeps_its_value() {
        let v = json!({"a": "</script><!-- & -->"});
        let s = script_safe(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
