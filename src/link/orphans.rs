//! What the author is told about a note that did not anchor cleanly: a close match
//! (a warning that shows the text it anchored to), a quote found more than once with
//! nothing to say which (an error that offers a `prefix` for each), an `occurrence`
//! past the last one, and a quote found nowhere.

use super::anchor::{distinguishing_prefixes, Anchor, Place};
use crate::diagnostic::Diagnostic;
use crate::load::{ArticleAnnotation, Note};

/// The diagnostic for note `n` anchored as `a` in the paragraphs `texts`, if any.
pub(crate) fn diagnose(
    ann: &ArticleAnnotation,
    n: &Note,
    a: &Anchor,
    texts: &[std::sync::Arc<str>],
) -> Option<Diagnostic> {
    let src = &ann.source;
    let at = n.quote.span.clone();
    Some(match a {
        Anchor::Exact(_) => return None,
        Anchor::Close { place, edits } => src
            .warning(
                at,
                format!(
                    "note quote not found as written; anchored to a close match ({})",
                    crate::diagnostic::counted(*edits, "edit")
                ),
            )
            .with_help(format!(
                "the note quotes “{}”\nparagraph {} now reads “{}”\nif that is the passage, copy it into the quote",
                shortened(&n.quote.value, 200),
                place.paragraph + 1,
                shortened(&texts[place.paragraph][place.range.clone()], 200)
            )),
        Anchor::Ambiguous {
            places,
            context_given,
        } => {
            let message = if *context_given {
                format!(
                    "the note quote occurs {} times, and its prefix/suffix does not pick out one",
                    places.len()
                )
            } else {
                format!("note quote occurs {} times in the article", places.len())
            };
            src.error(at, message).with_help(which_help(texts, places))
        }
        Anchor::NoSuchOccurrence { wanted, found } => {
            let span = n.context.occurrence.as_ref().map_or(at, |o| o.span.clone());
            src.error(
                span,
                format!(
                    "`occurrence = {wanted}`, but the quote occurs {}",
                    crate::diagnostic::counted(*found, "time")
                ),
            )
            .with_help("count the occurrences in reading order, from 1")
        }
        Anchor::Orphan => src
            .error(at, "note quote not found in the article text")
            .with_help(orphan_help(&n.quote.value, texts)),
    })
}

/// What to do with a quote found nowhere: the passage most like it, when one is.
fn orphan_help(quote: &str, texts: &[std::sync::Arc<str>]) -> String {
    let how = "copy the quote from the article text (after cuts and fixes); whitespace, \
               case, curly quotes and dashes are forgiven, and a reworded quote is found \
               when at least half of it is unchanged";
    match super::fuzzy::nearest(texts, quote) {
        Some(c) => format!(
            "the closest passage, in paragraph {}, reads “{}”\n{how}",
            c.place.paragraph + 1,
            shortened(&texts[c.place.paragraph][c.place.range.clone()], 200)
        ),
        None => how.to_string(),
    }
}

/// How to say which occurrence is meant, with a `prefix` that tells each apart.
fn which_help(texts: &[std::sync::Arc<str>], places: &[Place]) -> String {
    let prefixes = distinguishing_prefixes(texts, places);
    let mut help = String::from(
        "say which one with a line under the quote: `prefix = \"…\"` (the words just before \
         it), `suffix = \"…\"` (just after) or `occurrence = N`",
    );
    for (i, p) in prefixes.iter().enumerate().take(5) {
        help.push_str(&format!(
            "\n  occurrence {}: prefix = \"{}\"",
            i + 1,
            p.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    if prefixes.len() > 5 {
        help.push_str(&format!("\n  … and {} more", prefixes.len() - 5));
    }
    help
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
fn shortened(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
