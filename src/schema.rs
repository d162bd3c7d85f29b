//! `dossier schema`: JSON Schemas (draft 2020-12) of what authors write in TOML (an
//! article's and a glossary entry's front matter, `index.md`'s, `dossier.toml` and
//! `boilerplate.toml`), for editors that complete and check TOML against a schema
//! (Taplo, Even Better TOML). The keys are the loader's own lists (a test keeps them
//! equal); what a schema cannot say (a seed that exists, a link that resolves) is
//! still `dossier check`'s.

use serde_json::{json, Value};

/// What a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Described {
    /// An article annotation's front matter (`annotations/articles/*.md`).
    Article,
    /// A glossary entry's front matter (`annotations/glossary/**/*.md`).
    Term,
    /// The front matter of `annotations/index.md`.
    Index,
    /// `dossier.toml`.
    Config,
    /// `annotations/boilerplate.toml`.
    Boilerplate,
}

/// A date as annotations write it: a year, a month or a day, `~` for an estimate.
const DATE: &str = r"^~?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$";

/// The schema of `what`.
pub fn schema(what: Described) -> Value {
    let (title, body) = match what {
        Described::Article => ("dossier article front matter", article()),
        Described::Term => ("dossier glossary entry front matter", term()),
        Described::Index => ("dossier index.md front matter", index()),
        Described::Config => ("dossier.toml", config()),
        Described::Boilerplate => ("dossier boilerplate.toml", boilerplate()),
    };
    let mut v = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "$defs": {
            "date": { "type": "string", "pattern": DATE, "description": "\"2016\", \"2016-03\" or \"2016-03-10\"; a leading ~ marks an estimate" },
            "url": { "type": "string", "pattern": "^https?://", "description": "an http(s) address" },
            "cut": cut(),
            "source": source(),
        },
    });
    if let (Some(v), Value::Object(b)) = (v.as_object_mut(), body) {
        v.extend(b);
    }
    v
}

fn strings(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

/// The `[[source]]` tables an entry's text may cite.
fn sources() -> Value {
    json!({ "type": "array", "items": { "$ref": "#/$defs/source" } })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn table(required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "required": required,
        "additionalProperties": false,
        "properties": properties,
    })
}

fn cut() -> Value {
    let mut t = table(
        &[],
        json!({
            "lines": strings("whole lines to remove (their trimmed text)"),
            "from": text("the first line of a block to remove"),
            "to": text("the last line of the block (omit: to the end)"),
            "text": text("an exact span to remove inside a line"),
            "reason": text("why, shown in the provenance panel"),
        }),
    );
    t["oneOf"] = json!([
        { "required": ["lines"] },
        { "required": ["from"] },
        { "required": ["text"] },
    ]);
    t
}

fn source() -> Value {
    table(
        &["id", "title"],
        json!({
            "id": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._:-]*$", "description": "what [@id] cites" },
            "title": text("the source's title"),
            "publisher": text("who published it"),
            "author": text("who wrote it"),
            "date": { "$ref": "#/$defs/date" },
            "url": { "$ref": "#/$defs/url" },
            "accessed": { "$ref": "#/$defs/date" },
            "archived": { "$ref": "#/$defs/url" },
            "note": text("what the source is and why it is used (a copy, a mirror, an undated page), shown beside it"),
        }),
    )
}

fn article() -> Value {
    table(
        &["seed", "title"],
        json!({
            "seed": text("the file name in seeds/"),
            "title": text("the article's title"),
            "date": { "$ref": "#/$defs/date" },
            "publication": text("newspaper or site"),
            "byline": text("author(s)"),
            "url": { "$ref": "#/$defs/url" },
            "retrieved": { "$ref": "#/$defs/date" },
            "summary": text("one or two plain sentences for lists"),
            "encoding": text("the seed's encoding when not UTF-8 (a label such as \"windows-1252\")"),
            "tags": strings("free tags"),
            "see_also": strings("related articles, by slug"),
            "no_link": strings("spellings that here are not a glossary term"),
            "cut": { "type": "array", "items": { "$ref": "#/$defs/cut" } },
            "fix": { "type": "array", "items": table(&["find", "replace"], json!({
                "find": text("the words as the source prints them"),
                "replace": text("the correction"),
                "note": text("why, shown beside the correction"),
            })) },
            "event": { "type": "array", "items": table(&["date", "text"], json!({
                "date": { "$ref": "#/$defs/date" },
                "text": text("what happened (Markdown)"),
            })) },
            "source": sources(),
        }),
    )
}

fn term() -> Value {
    let kinds: Vec<&str> = crate::load::TermKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    table(
        &["term", "kind"],
        json!({
            "term": text("the name shown"),
            "aliases": strings("every other spelling, each linked where the articles use it"),
            "weak_aliases": strings("spellings listed but never matched"),
            "kind": { "enum": kinds },
            "part_of": text("the broader term, by slug or name"),
            "see_also": strings("related pages, by slug or name"),
            "case": { "enum": ["auto", "exact", "insensitive"] },
            "source": sources(),
        }),
    )
}

fn index() -> Value {
    table(
        &["title"],
        json!({
            "title": text("the home page's title"),
            "source": sources(),
        }),
    )
}

fn config() -> Value {
    table(
        &["title"],
        json!({
            "title": text("site title"),
            "description": text("one sentence: meta description and index lede"),
            "base_url": { "type": "string", "description": "the absolute URL the site is published at" },
            "language": text("BCP 47 tag"),
            "author": text("who compiled the dossier"),
            "cname": text("a custom domain for GitHub Pages"),
            "link_mode": { "enum": ["first", "every"] },
            "paragraphs": { "enum": ["lines", "blank-lines"] },
            "allow_raw_html": { "type": "boolean" },
            "search": { "type": "boolean" },
            "edit_url": { "type": "string", "pattern": "^https?://.*\\{path\\}", "description": "the edit page of an annotation, {path} its path" },
            "sources": table(&[], json!({
                "avoid": strings("hosts sources should not come from (a subdomain counts): `dossier check --sources` warns at each source on one unless its note says why"),
            })),
        }),
    )
}

fn boilerplate() -> Value {
    table(
        &[],
        json!({ "cut": { "type": "array", "items": { "$ref": "#/$defs/cut" } } }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::keys::Schema;

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }

    fn listed(s: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = s.iter().map(|x| x.to_string()).collect();
        k.sort();
        k
    }

    #[test]
    fn keys_are_the_loaders() {
        use crate::load::front_matter::*;
        let pairs: [(Described, &Schema); 5] = [
            (Described::Article, &ARTICLE_SCHEMA),
            (Described::Term, &TERM_SCHEMA),
            (Described::Index, &INDEX_SCHEMA),
            (Described::Config, &CONFIG_SCHEMA),
            (Described::Boilerplate, &BOILERPLATE_SCHEMA),
        ];
        for (what, loader) in pairs {
            let s = schema(what);
            assert_eq!(keys(&s), listed(loader.top), "{what:?}");
            for (table, known) in loader.tables {
                // An array of tables (`[[cut]]`) describes its items; a table
                // (`[sources]`) itself.
                let property = &s["properties"][*table];
                let items = if property["items"].is_null() {
                    property
                } else {
                    &property["items"]
                };
                let def = match items["$ref"].as_str() {
                    Some(r) => &s["$defs"][r.trim_start_matches("#/$defs/")],
                    None => items,
                };
                assert_eq!(keys(def), listed(known), "{what:?} [[{table}]]");
            }
        }
    }
}
