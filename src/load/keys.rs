//! Unknown keys in TOML front matter and settings files: every one of them, each at
//! its own place, with the closest known key suggested. serde stops at the first
//! unknown field; an editor mid-edit wants to see them all at once.

use std::ops::Range;

use toml_edit::{ImDocument, Item, Table, Value};

/// The keys a TOML file may hold: top-level keys, and for each array of tables
/// (`[[cut]]`) the keys of its tables.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// What the file is, for messages ("an article annotation").
    pub what: &'static str,
    /// Allowed top-level keys, tables included.
    pub top: &'static [&'static str],
    /// Allowed keys inside each table kind, by table name.
    pub tables: &'static [(&'static str, &'static [&'static str])],
}

/// A key the schema does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The key as written.
    pub key: String,
    /// Its byte range in the TOML text.
    pub span: Range<usize>,
    /// The table it is in (`None` at the top level).
    pub table: Option<&'static str>,
    /// Whether that table is one of an array (`[[cut]]`), not a single `[sources]`.
    pub in_array: bool,
    /// The closest known key, when one is close.
    pub suggestion: Option<&'static str>,
}

/// Every unknown key of `text`, in order. Nothing when `text` is not valid TOML (the
/// parser's own error says why).
pub fn unknown_keys(text: &str, schema: &Schema) -> Vec<UnknownKey> {
    let Ok(doc) = ImDocument::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    check_table(doc.as_table(), schema.top, None, &mut out);
    for (name, keys) in schema.tables {
        let (tables, in_array): (Vec<Keys>, bool) = match doc.as_table().get(name) {
            Some(Item::ArrayOfTables(a)) => (a.iter().map(Keys::Table).collect(), true),
            Some(Item::Table(t)) => (vec![Keys::Table(t)], false),
            Some(Item::Value(Value::Array(a))) => (
                a.iter()
                    .filter_map(Value::as_inline_table)
                    .map(Keys::Inline)
                    .collect(),
                true,
            ),
            Some(Item::Value(Value::InlineTable(t))) => (vec![Keys::Inline(t)], false),
            _ => (Vec::new(), false),
        };
        let start = out.len();
        for t in tables {
            t.check(keys, Some(name), &mut out);
        }
        for u in &mut out[start..] {
            u.in_array = in_array;
        }
    }
    out.sort_by_key(|u| u.span.start);
    out
}

enum Keys<'a> {
    Table(&'a Table),
    Inline(&'a toml_edit::InlineTable),
}

impl Keys<'_> {
    fn check(
        &self,
        known: &'static [&'static str],
        table: Option<&'static str>,
        out: &mut Vec<UnknownKey>,
    ) {
        match self {
            Keys::Table(t) => check_table(t, known, table, out),
            Keys::Inline(t) => {
                for (k, _) in t.iter() {
                    push(k, t.key(k).and_then(|k| k.span()), known, table, out);
                }
            }
        }
    }
}

fn check_table(
    t: &Table,
    known: &'static [&'static str],
    table: Option<&'static str>,
    out: &mut Vec<UnknownKey>,
) {
    for (k, _) in t.iter() {
        push(k, t.key(k).and_then(|k| k.span()), known, table, out);
    }
}

fn push(
    key: &str,
    span: Option<Range<usize>>,
    known: &'static [&'static str],
    table: Option<&'static str>,
    out: &mut Vec<UnknownKey>,
) {
    if known.contains(&key) {
        return;
    }
    out.push(UnknownKey {
        key: key.to_string(),
        span: span.unwrap_or(0..0),
        table,
        in_array: false,
        suggestion: crate::diagnostic::suggest(key, known.iter().copied()),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Schema = Schema {
        what: "test",
        top: &["title", "date", "cut"],
        tables: &[("cut", &["lines", "reason"])],
    };

    #[test]
    fn finds_every_unknown_key_with_its_place() {
        let text = "titel = \"x\"\ndate = \"2016\"\nsumary = \"y\"\n\n[[cut]]\nlines = []\nreasn = \"r\"\n\n[[cut]]\nline = []\n";
        let found = unknown_keys(text, &S);
        let keys: Vec<(&str, Option<&str>, Option<&str>)> = found
            .iter()
            .map(|u| (u.key.as_str(), u.table, u.suggestion))
            .collect();
        assert_eq!(
            keys,
            [
                ("titel", None, Some("title")),
                ("sumary", None, None),
                ("reasn", Some("cut"), Some("reason")),
                ("line", Some("cut"), Some("lines")),
            ]
        );
        assert_eq!(&text[found[0].span.clone()], "titel");
        assert_eq!(&text[found[3].span.clone()], "line");
        let inline = "cut = [{ lines = [], why = \"x\" }]\n";
        assert_eq!(unknown_keys(inline, &S)[0].key, "why");
        assert!(unknown_keys("title = ", &S).is_empty());
        // `[[cut]]` is one of an array; `[cut]` and a dotted `cut.why` a single table.
        assert!(found[2].in_array);
        for single in ["[cut]\nwhy = 1\n", "cut.why = 1\n"] {
            let u = &unknown_keys(single, &S)[0];
            assert_eq!(
                (u.key.as_str(), u.table, u.in_array),
                ("why", Some("cut"), false)
            );
        }
    }
}
