//! The `## Notes` section of an article annotation: each note is a `> quote` line
//! (a quote may run over several `>` lines) followed by the note itself in Markdown.
//! Everything before the heading is the commentary.

use std::ops::Range;

use super::{Located, Markdown, Note, NoteContext, SourceFile};
use crate::diagnostic::Diagnostics;

/// Splits an article body into commentary and the `## Notes` section's notes.
pub(crate) fn split_notes(
    body: &str,
    body_offset: usize,
    src: &SourceFile,
    diags: &mut Diagnostics,
) -> (Markdown, Vec<Note>) {
    let Some((head_start, head_end)) = notes_heading(body) else {
        let all = Markdown {
            text: body.to_string(),
            offset: body_offset,
        };
        return (all, Vec::new());
    };
    let commentary = Markdown {
        text: body[..head_start].to_string(),
        offset: body_offset,
    };
    let mut p = Notes {
        body,
        offset: body_offset,
        src,
        notes: Vec::new(),
        current: None,
        prev_was_quote: false,
        in_context: false,
        in_fence: false,
    };
    let mut pos = head_end;
    for line in body[head_end..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        p.line(start..pos, line.trim_end_matches('\n'), diags);
    }
    p.finish_note();
    let mut notes = p.notes;
    for n in notes.iter().filter(|n| n.quote.value.is_empty()) {
        diags.push(src.error(n.quote.span.clone(), "empty note quote"));
    }
    notes.retain(|n| !n.quote.value.is_empty());
    (commentary, notes)
}

/// The byte range of the first line that is exactly "## Notes" (any case), outside
/// code fences.
fn notes_heading(body: &str) -> Option<(usize, usize)> {
    let mut pos = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && t.eq_ignore_ascii_case("## notes") {
            return Some((pos, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

/// The keys a line right under a note's quote may set.
const CONTEXT_KEYS: [&str; 3] = ["prefix", "suffix", "occurrence"];

/// The key of a `key = value` line (a TOML-like assignment), when `t` is one.
fn context_key(t: &str) -> Option<&str> {
    let (key, value) = t.split_once('=')?;
    let key = key.trim();
    let value = value.trim_start();
    let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let is_value =
        value.starts_with(['"', '\'']) || value.starts_with(|c: char| c.is_ascii_digit());
    (is_key && is_value && !t.starts_with(char::is_whitespace)).then_some(key)
}

/// A note being read: its quote, the quote's span, and where its body starts and ends
/// (in the body text).
struct Pending {
    quote: String,
    span: Range<usize>,
    context: NoteContext,
    body: Range<usize>,
}

/// The notes section, line by line.
struct Notes<'a> {
    body: &'a str,
    offset: usize,
    src: &'a SourceFile,
    notes: Vec<Note>,
    current: Option<Pending>,
    prev_was_quote: bool,
    /// The last line was a context line (`prefix = …`) under a quote.
    in_context: bool,
    in_fence: bool,
}

impl Notes<'_> {
    /// Reads one line (`at`: its range in the body, newline included).
    fn line(&mut self, at: Range<usize>, t: &str, diags: &mut Diagnostics) {
        let span = at.start + self.offset..at.start + self.offset + t.len();
        if t.trim().starts_with("```") || t.trim().starts_with("~~~") {
            self.in_fence = !self.in_fence;
        }
        if !self.in_fence && t.trim().eq_ignore_ascii_case("## notes") {
            diags.push(self.src.error(span, "a second `## Notes` heading").with_help(
                "an article has one `## Notes` section, at the end: merge the two, or delete this heading",
            ));
            self.prev_was_quote = false;
            return;
        }
        if self.prev_was_quote || self.in_context {
            if let Some(key) = context_key(t) {
                self.context_line(at, t, key, diags);
                return;
            }
        }
        self.in_context = false;
        match t.trim_start().strip_prefix('>') {
            Some(q) => self.quote_line(at, t, q),
            None => {
                self.prev_was_quote = false;
                match self.current.as_mut() {
                    Some(cur) => cur.body.end = at.end,
                    None if !t.trim().is_empty() => diags.push(
                        self.src
                            .error(span, "text in `## Notes` before the first quote")
                            .with_help("every note starts with the quote it is anchored to, as a `> quote` line"),
                    ),
                    None => {}
                }
            }
        }
    }

    /// A `> quote` line: a new note, or the next line of the current quote.
    fn quote_line(&mut self, at: Range<usize>, t: &str, q: &str) {
        let q = q.strip_prefix(' ').unwrap_or(q);
        let q_off = at.start + (t.len() - q.len());
        match self.current.as_mut().filter(|_| self.prev_was_quote) {
            Some(cur) => {
                // Continuation of a multi-line quote: joined with a space.
                cur.quote.push(' ');
                cur.quote.push_str(q.trim());
                cur.body = at.end..at.end;
            }
            None => {
                self.finish_note();
                self.current = Some(Pending {
                    quote: q.trim().to_string(),
                    span: q_off + self.offset..q_off + q.len() + self.offset,
                    context: NoteContext::default(),
                    body: at.end..at.end,
                });
            }
        }
        self.prev_was_quote = true;
    }

    /// A `prefix = "…"`, `suffix = "…"` or `occurrence = N` line under a quote (or
    /// any `key = value` line there, which is reported when it is none of them).
    fn context_line(&mut self, at: Range<usize>, t: &str, key: &str, diags: &mut Diagnostics) {
        self.prev_was_quote = false;
        self.in_context = true;
        let span = at.start + self.offset..at.start + self.offset + t.len();
        let Some(cur) = self.current.as_mut() else {
            return;
        };
        cur.body = at.end..at.end;
        let value = match toml::from_str::<toml::Table>(t) {
            Ok(table) => table.into_iter().next().map(|(_, v)| v),
            Err(e) => {
                let what = e.message().trim().to_string();
                diags.push(
                    self.src
                        .error(
                            span,
                            format!("invalid `{key}` line under a note quote: {what}"),
                        )
                        .with_help("write it as TOML: `prefix = \"the words before\"`"),
                );
                return;
            }
        };
        let text = |v: Option<toml::Value>| v.and_then(|v| v.as_str().map(str::to_string));
        let wrong = |what: &str| {
            self.src
                .error(
                    span.clone(),
                    format!("`{key}` under a note quote must be {what}"),
                )
                .with_help(
                    "`prefix` and `suffix` are the words just before and after the quote, \
                     in quotes; `occurrence` is a number (1 for the first)",
                )
        };
        match key {
            "prefix" | "suffix" => match text(value) {
                Some(v) if !v.trim().is_empty() => {
                    let located = Some(Located {
                        value: v,
                        span: span.clone(),
                    });
                    if key == "prefix" {
                        cur.context.prefix = located;
                    } else {
                        cur.context.suffix = located;
                    }
                }
                _ => diags.push(wrong("a string of words")),
            },
            "occurrence" => match value.and_then(|v| v.as_integer()) {
                Some(n) if n >= 1 => {
                    cur.context.occurrence = Some(Located {
                        value: usize::try_from(n).unwrap_or(usize::MAX),
                        span: span.clone(),
                    })
                }
                _ => diags.push(wrong("a number, 1 or more")),
            },
            other => {
                let help = match crate::diagnostic::suggest(other, CONTEXT_KEYS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "a note quote may be followed by `prefix`, `suffix` or `occurrence` lines"
                            .to_string()
                    }
                };
                diags.push(
                    self.src
                        .error(span, format!("unknown key `{other}` under a note quote"))
                        .with_help(help),
                );
            }
        }
    }

    fn finish_note(&mut self) {
        let Some(p) = self.current.take() else { return };
        let raw = &self.body[p.body.clone()];
        let lead = raw.len() - raw.trim_start().len();
        self.notes.push(Note {
            quote: Located {
                value: p.quote,
                span: p.span,
            },
            context: p.context,
            body: Located {
                value: raw.trim().to_string(),
                span: p.body.start + lead + self.offset..p.body.end + self.offset,
            },
        });
    }
}
