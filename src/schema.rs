//! `dossier schema`: JSON Schemas (draft 2020-12) of what authors write in TOML (an
//! article's and a glossary entry's front matter, `index.md`'s, `dossier.toml` and
//! `boilerplate.toml`), for editors that complete and check TOML against a schema
//! (Taplo, Even Better TOML). Each is derived from the very serde type the loader
//! reads the file with, and so are the loader's lists of known keys
//! ([`keys_of`]): a key the loader reads is in the schema, and the other way round.
//! What a schema cannot say (a seed that exists, a link that resolves) is still
//! `dossier check`'s.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

use crate::load::keys;

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

/// A schema type for a field the loader reads as text and checks itself:
/// `name` is its `$defs` entry (`inline` ones are written where they are used), and
/// `schema` builds its JSON.
macro_rules! text_schema {
    ($(#[$m:meta])* $T:ident, $name:literal, $inline:literal, $schema:expr) => {
        $(#[$m])*
        pub(crate) struct $T;

        impl JsonSchema for $T {
            fn inline_schema() -> bool {
                $inline
            }

            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

text_schema!(
    /// A date as annotations write it (what a field read as text is checked as).
    DateText, "date", false,
    json_schema!({
        "type": "string",
        "pattern": DATE,
        "description": "\"2016\", \"2016-03\" or \"2016-03-10\"; a leading ~ marks an estimate",
    })
);
text_schema!(
    /// An http(s) address.
    UrlText, "url", false,
    json_schema!({ "type": "string", "pattern": "^https?://", "description": "an http(s) address" })
);
text_schema!(
    /// What `[@id]` cites.
    SourceId, "source_id", true,
    json_schema!({ "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._:-]*$" })
);
text_schema!(
    /// The name of a term's kind.
    TermKindName, "kind", true,
    {
        let kinds: Vec<&str> = crate::load::TermKind::ALL.iter().map(|k| k.as_str()).collect();
        json_schema!({ "enum": kinds })
    }
);
text_schema!(
    /// The name of a term's case rule.
    CaseName, "case", true,
    json_schema!({ "enum": ["auto", "exact", "insensitive"] })
);

/// The schema of `what`.
pub fn schema(what: Described) -> Value {
    let (title, v) = match what {
        Described::Article => (
            "dossier article front matter",
            of::<crate::load::RawArticle>(),
        ),
        Described::Term => (
            "dossier glossary entry front matter",
            of::<crate::load::RawTerm>(),
        ),
        Described::Index => (
            "dossier index.md front matter",
            of::<crate::load::RawIndex>(),
        ),
        Described::Config => ("dossier.toml", of::<crate::config::Config>()),
        Described::Boilerplate => (
            "dossier boilerplate.toml",
            of::<crate::load::RawBoilerplate>(),
        ),
    };
    let mut v = v;
    v["title"] = Value::String(title.into());
    v
}

/// The schema of `T`, without the `null` that serde's `Option` allows in JSON: TOML
/// has no null, an absent key is how a value is left out.
pub(crate) fn of<T: JsonSchema>() -> Value {
    let mut v = SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value();
    drop_null(&mut v);
    v
}

fn drop_null(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(types)) = o.get_mut("type") {
                types.retain(|t| t != "null");
                if let [one] = &types[..] {
                    let one = one.clone();
                    o.insert("type".into(), one);
                }
            }
            if let Some(Value::Array(any)) = o.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if let [one] = &any[..] {
                    let one = one.clone();
                    o.remove("anyOf");
                    if let Value::Object(inner) = one {
                        o.extend(inner);
                    }
                }
            }
            o.values_mut().for_each(drop_null);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// The keys a file read as `T` may hold, from `T`'s schema: its properties, and for
/// each property that is a table or an array of tables, that table's properties.
pub(crate) fn keys_of<T: JsonSchema>(what: &'static str) -> keys::Schema {
    let v = of::<T>();
    let defs = v.get("$defs").and_then(Value::as_object);
    let resolve = |s: &Value| -> Option<Map<String, Value>> {
        let s = s.get("items").unwrap_or(s);
        let s = match s.get("$ref").and_then(Value::as_str) {
            Some(r) => defs?.get(r.trim_start_matches("#/$defs/"))?,
            None => s,
        };
        s.get("properties")?.as_object().cloned()
    };
    let props = resolve(&v).unwrap_or_default();
    let tables = props
        .iter()
        .filter_map(|(k, s)| Some((leak(k), leak_all(resolve(s)?.keys()))))
        .collect::<Vec<_>>();
    keys::Schema {
        what,
        top: leak_all(props.keys()),
        tables: Box::leak(tables.into_boxed_slice()),
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn leak_all<'k>(keys: impl Iterator<Item = &'k String>) -> &'static [&'static str] {
    Box::leak(keys.map(|k| leak(k)).collect::<Vec<_>>().into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_types() {
        let a = keys_of::<crate::load::RawArticle>("article");
        for k in ["seed", "title", "date", "cut", "fix", "event", "source"] {
            assert!(a.top.contains(&k), "{k}: {:?}", a.top);
        }
        let table = |name: &str| a.tables.iter().find(|t| t.0 == name).map(|t| t.1);
        assert_eq!(
            table("cut"),
            Some(&["from", "lines", "reason", "text", "to"][..])
        );
        assert_eq!(table("fix"), Some(&["find", "note", "replace"][..]));
        assert!(table("title").is_none(), "a string is not a table");
        let c = keys_of::<crate::config::Config>("dossier.toml");
        assert!(c.top.contains(&"edit_url"));
        assert_eq!(c.tables, &[("sources", &["avoid"][..])]);
    }

    #[test]
    fn schemas_have_no_null_and_name_their_dates() {
        let s = schema(Described::Article);
        let text = s.to_string();
        assert!(!text.contains("null"), "{text}");
        assert_eq!(s["properties"]["date"]["$ref"], "#/$defs/date");
        assert_eq!(s["$defs"]["date"]["pattern"], DATE);
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["$defs"]["cut"]["additionalProperties"], false);
        assert_eq!(s["required"], serde_json::json!(["seed", "title"]));
    }
}
