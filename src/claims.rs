//! The claims report (`dossier check --claims`): every sentence of commentary, notes,
//! event texts, glossary definitions and the introduction that cites no source, with
//! its file and line, so that an editor can see what is still unsourced.
//!
//! A sentence is cited when it holds a `[@id]` citation (one that closes a paragraph
//! after the full stop counts for the sentence before it). Headings and code are not
//! claims; fragments under three words are left out.

use std::path::PathBuf;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::load::{Markdown, SourceFile};
use crate::site::Site;

/// A sentence without a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The annotation file.
    pub file: PathBuf,
    /// 1-based line where the sentence starts.
    pub line: usize,
    /// The sentence, as plain text.
    pub text: String,
}

/// What the report found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sentences looked at.
    pub sentences: usize,
    /// Those without a citation.
    pub uncited: Vec<Claim>,
}

/// Every sentence of the dossier's own writing, and which cite nothing.
pub fn report(site: &Site) -> Report {
    let mut r = Report::default();
    let mut add = |src: &SourceFile, md: &Markdown| {
        for (offset, text) in sentences(&md.text) {
            r.sentences += 1;
            if crate::markdown::citations(&text).is_empty() {
                let (pos, _) = crate::diagnostic::locate(&src.text, md.offset + offset);
                r.uncited.push(Claim {
                    file: src.path.clone(),
                    line: pos.line,
                    text,
                });
            }
        }
    };
    if let Some(ix) = &site.index {
        add(&ix.source, &ix.body);
    }
    for a in site.articles.iter().map(|a| &a.ann) {
        add(&a.source, &a.commentary);
        for n in &a.notes {
            let md = Markdown {
                text: n.body.value.clone(),
                offset: n.body.span.start,
            };
            add(&a.source, &md);
        }
        for e in &a.events {
            let md = Markdown {
                text: e.text.value.clone(),
                offset: e.text.span.start,
            };
            add(&a.source, &md);
        }
    }
    for t in site.terms.iter().map(|t| &t.ann) {
        add(&t.source, &t.definition);
    }
    r
}

/// The sentences of `md`'s paragraphs and list items, each with the byte offset in
/// `md` where it starts. Wiki-links count by their text; citations stay as written.
pub fn sentences(md: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // The text of the current block, with the source offset of each piece.
    let mut block: Vec<(usize, String)> = Vec::new();
    let mut skip = 0usize;
    let flush = |block: &mut Vec<(usize, String)>, out: &mut Vec<(usize, String)>| {
        split_block(std::mem::take(block), out);
    };
    for (ev, range) in
        Parser::new_ext(md, pulldown_cmark::Options::ENABLE_WIKILINKS).into_offset_iter()
    {
        match ev {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_)) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Paragraph | Tag::Item)
            | Event::End(TagEnd::Paragraph | TagEnd::Item) => flush(&mut block, &mut out),
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                block.push((range.start, t.into_string()))
            }
            Event::SoftBreak | Event::HardBreak if skip == 0 => {
                block.push((range.start, " ".into()))
            }
            _ => {}
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Splits one block's text into sentences at `.`, `!` or `?` followed by a space and
/// a capital, digit, quote or bracket. A sentence that is only a citation joins the
/// one before it.
fn split_block(pieces: Vec<(usize, String)>, out: &mut Vec<(usize, String)>) {
    let mut text = String::new();
    let mut map = Vec::new(); // (offset in text, offset in md)
    for (at, t) in pieces {
        map.push((text.len(), at));
        text.push_str(&t);
    }
    let md_offset = |i: usize| {
        map.iter()
            .rev()
            .find(|(t, _)| *t <= i)
            .map_or(0, |&(t, at)| at + (i - t))
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0;
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut w = 0;
    while w < chars.len() {
        let (i, c) = chars[w];
        let next = chars.get(w + 1).map(|x| x.1);
        let after = chars.get(w + 2).map(|x| x.1);
        let ends = matches!(c, '.' | '!' | '?')
            && !(c == '.' && abbreviation_before(&text[..i]))
            && next.is_some_and(char::is_whitespace)
            && after
                .is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || "“\"‘'([".contains(a));
        if !ends {
            w += 1;
            continue;
        }
        // "… in 2025. [@fto]": a citation right after the full stop belongs to it.
        let mut end = i + 1;
        if let Some(rest) = chars.get(w + 2).map(|x| &text[x.0..]) {
            if let Some(cite) = crate::markdown::citations(rest)
                .first()
                .filter(|c| c.span.start == 0)
            {
                end = chars[w + 2].0 + cite.span.end;
            }
        }
        found.push((start, text[start..end].trim().to_string()));
        start = end;
        while w < chars.len() && chars[w].0 < end {
            w += 1;
        }
    }
    found.push((start, text[start..].trim().to_string()));
    for (at, s) in found.into_iter().filter(|(_, s)| !s.is_empty()) {
        if s.split_whitespace().count() >= 3 {
            let lead = text[at..].len() - text[at..].trim_start().len();
            out.push((md_offset(at + lead), s));
        }
    }
}

/// True when the word before a full stop is an initial ("John F.") or a common
/// abbreviation ("Gen.", "U.S."), so the stop does not end the sentence.
fn abbreviation_before(before: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "Gen", "Lt", "Col", "Maj", "Capt", "Adm", "Sgt", "Mr", "Mrs", "Ms", "Dr", "Prof", "St",
        "Sen", "Rep", "Gov", "Amb", "Jr", "Sr", "No", "Vol", "vs", "p", "pp", "e.g", "i.e", "U.S",
        "U.N", "U.K", "Inc", "Ltd", "Co",
    ];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || "(“\"‘'".contains(c))
        .next()
        .unwrap_or("");
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_keeps_citations_with_them() {
        let md = "# Heading is no claim\n\nThe BLA was listed in 2019 [@state]. It was named an FTO\nin 2025. [@fto] Nobody disputes this. See [[x|this]].\n\n- A list item is a claim too.\n\nGen. John F. Campbell met U.S. officials. Then he left.\n";
        let s: Vec<String> = sentences(md).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            s,
            [
                "The BLA was listed in 2019 [@state].",
                "It was named an FTO in 2025. [@fto]",
                "Nobody disputes this.",
                "A list item is a claim too.",
                "Gen. John F. Campbell met U.S. officials.",
                "Then he left."
            ]
        );
        let offsets: Vec<usize> = sentences(md).into_iter().map(|(o, _)| o).collect();
        assert_eq!(&md[offsets[1]..offsets[1] + 6], "It was");
    }
}
