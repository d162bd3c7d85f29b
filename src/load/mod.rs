//! Stage 1, **load**: reads a dossier from disk into plain values.
//!
//! Walks `seeds/` and `annotations/` (walkdir), reads `dossier.toml`, parses the
//! TOML front matter (`+++`) and Markdown body of every annotation, and collects
//! template overrides from the dossier's `templates/`. Text is normalised (UTF-8 BOM
//! dropped, CRLF → LF). Every value that a later stage may complain about keeps its
//! byte span in the annotation file, so diagnostics point at the right line.
//!
//! Nothing here interprets cuts, links or quotes: that is `clean` and `link`.

use std::path::Path;

use crate::diagnostic::Diagnostics;

mod article;
mod cache;
pub(crate) mod front_matter;
mod inputs;
pub(crate) mod keys;
mod model;
mod notes;
pub mod seed;
mod single;
pub mod slug;
pub mod sources;
mod term;
mod text;
pub mod walk;

pub use article::is_seed_name;
pub(crate) use article::{convert_cuts, parse_article, RawArticle, RawCut};
pub use cache::{load_cached, LoadCache, Reloaded};
pub use front_matter::split_front_matter;
pub(crate) use front_matter::{
    article_keys, boilerplate_keys, config_keys, index_keys, loc, locs, parse_date,
    parse_front_matter, parse_toml, term_keys, FRONT_MATTER_HELP,
};
pub use inputs::inputs_fingerprint;
pub use model::{
    ArticleAnnotation, Boilerplate, CaseRule, Cut, CutKind, Event, Fix, IndexPage, Loaded, Located,
    Markdown, Note, NoteContext, Seed, SeedProblem, SourceFile, TermAnnotation, TermKind,
    Unreadable,
};
pub use single::load_config;
pub(crate) use single::{parse_boilerplate, parse_index, RawBoilerplate, RawIndex};
pub use slug::{rel_name, slug_for, slugify, valid_slug};
pub use sources::Source;
pub(crate) use term::RawTerm;
use term::*;
pub(crate) use text::read_text;
pub use text::{next_version, normalise};

/// Reads the dossier at `root`. Problems go to `diags`; whatever could be read is returned.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Loaded> {
    load_cached(root, &mut LoadCache::default(), diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn normalises_bom_and_crlf() {
        assert_eq!(normalise("\u{feff}a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn splits_front_matter() {
        let t = "+++\na = 1\n+++\nbody\n";
        let (fm, fo, body, bo) = split_front_matter(t).unwrap();
        assert_eq!(fm, "a = 1\n");
        assert_eq!(fo, 4);
        assert_eq!(body, "body\n");
        assert_eq!(&t[bo..], "body\n");
        assert!(split_front_matter("no\n").is_err());
        assert!(split_front_matter("+++\nunclosed\n").is_err());
    }

    fn src(text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: "a.md".into(),
            text: text.into(),
        })
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let s = src("+++\nseed = \"x.txt\"\ntitle = \"T\"\ndate = 2016-\n+++\n");
        let mut d = Diagnostics::new();
        assert!(parse_article("a".into(), s, &mut d).is_none());
        let p = d.items()[0].position.unwrap();
        assert_eq!(p.line, 4, "{}", d.items()[0]);
    }

    #[test]
    fn notes_are_split_from_commentary() {
        let text = "+++\nseed = \"x\"\ntitle = \"T\"\n+++\nComment.\n\n## Notes\n\n> the quote\n\nWhy it matters.\n\n> second\n> line\nMore.\n";
        let s = src(text);
        let mut d = Diagnostics::new();
        let a = parse_article("a".into(), s.clone(), &mut d).unwrap();
        assert!(d.is_empty(), "{:?}", d);
        assert_eq!(a.commentary.text.trim(), "Comment.");
        assert_eq!(a.notes.len(), 2);
        assert_eq!(a.notes[0].quote.value, "the quote");
        assert_eq!(&s.text[a.notes[0].quote.span.clone()], "the quote");
        assert_eq!(a.notes[0].body.value, "Why it matters.");
        assert_eq!(a.notes[1].quote.value, "second line");
        assert_eq!(a.notes[1].body.value, "More.");
    }

    #[test]
    fn cut_needs_one_kind() {
        let s =
            src("+++\nseed = \"x\"\ntitle = \"T\"\n[[cut]]\nlines = [\"a\"]\ntext = \"b\"\n+++\n");
        let mut d = Diagnostics::new();
        let a = parse_article("a".into(), s, &mut d).unwrap();
        assert!(a.cuts.is_empty());
        assert_eq!(d.items()[0].position.unwrap().line, 4);
    }

    #[test]
    fn unknown_field_is_reported_at_its_line() {
        let s = src("+++\nseed = \"x\"\ntitle = \"T\"\ntitel = \"oops\"\n+++\n");
        let mut d = Diagnostics::new();
        // Reported, and the rest of the file is still read.
        assert!(parse_article("a".into(), s, &mut d).is_some());
        assert_eq!(d.items()[0].position.unwrap().line, 4);
        assert!(d.items()[0].message.contains("titel"));
        // `titel` without `title`: one error, not a second "missing field `title`".
        let s = src("+++\nseed = \"x\"\ntitel = \"T\"\nsumary = \"s\"\n+++\n");
        let mut d = Diagnostics::new();
        assert!(parse_article("a".into(), s, &mut d).is_none());
        let messages: Vec<&str> = d.items().iter().map(|x| x.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown field `titel` in article front matter",
                "unknown field `sumary` in article front matter"
            ]
        );
        assert_eq!(d.items()[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(
            d.items()[1].help.as_deref(),
            Some("did you mean `summary`?")
        );
    }

    /// Every key a schema allows is read by its struct (a value of the wrong type is
    /// refused), so the schemas and the structs cannot drift apart.
    #[test]
    fn schemas_match_the_structs() {
        fn check<T: serde::de::DeserializeOwned>(schema: &keys::Schema, base: &str) {
            let bad = "1979-05-27T07:32:00Z";
            for k in schema.top {
                let rest: String = base
                    .lines()
                    .filter(|l| !l.starts_with(&format!("{k} ")))
                    .map(|l| format!("{l}\n"))
                    .collect();
                // A datetime is a table to serde: a table's key is given a string.
                let is_table = schema.tables.iter().any(|(t, _)| t == k);
                let bad = if is_table { "\"not a table\"" } else { bad };
                let e = toml::from_str::<T>(&format!("{k} = {bad}\n{rest}")).err();
                let msg = e.map(|e| e.message().to_string()).unwrap_or_default();
                assert!(
                    msg.contains("invalid type") || msg.contains("wanted"),
                    "{}: `{k}` is not read: {msg}",
                    schema.what
                );
            }
            for (table, keys) in schema.tables {
                for k in *keys {
                    let doc = format!("{base}[[{table}]]\n{k} = {bad}\n");
                    let e = toml::from_str::<T>(&doc).err();
                    let msg = e.map(|e| e.message().to_string()).unwrap_or_default();
                    assert!(
                        msg.contains("invalid type") || msg.contains("wanted"),
                        "`{table}.{k}` is not read: {msg}"
                    );
                }
            }
        }
        check::<RawArticle>(article_keys(), "seed = \"s\"\ntitle = \"t\"\n");
        check::<RawTerm>(term_keys(), "term = \"t\"\nkind = \"place\"\n");
        check::<RawIndex>(index_keys(), "");
        check::<RawBoilerplate>(boilerplate_keys(), "");
        check::<Config>(config_keys(), "title = \"t\"\n");
    }

    #[test]
    fn slugs_from_nested_paths() {
        assert_eq!(
            slug_for(Path::new("g"), Path::new("g/people/jilani.md")),
            "people/jilani"
        );
        assert!(valid_slug("people/jilani"));
        assert!(valid_slug("ça-va"));
        assert!(!valid_slug("a b"));
        assert!(!valid_slug("../x"));
    }
}
