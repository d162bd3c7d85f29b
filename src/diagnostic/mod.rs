//! User-facing problems: the [`Diagnostic`] type, the [`Diagnostics`] collector
//! every stage appends to, and rustc-style rendering with the offending source line.
//!
//! Stages never panic or stop at the first problem on bad input: they record a
//! diagnostic and carry on, so one build reports everything. Whether the build
//! fails is decided once, at the end, by [`Diagnostics::has_errors`].

use std::fmt;

mod suggest;
use std::path::{Path, PathBuf};
pub use suggest::suggest;

use annotate_snippets::{Level, Renderer, Snippet};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something worth fixing that does not stop the build.
    Warning,
    /// The build fails; `site/` is left as it was.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A position in a source file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in (relative to the dossier root when possible).
    pub file: PathBuf,
    /// Where in the file; `None` for whole-file problems.
    pub position: Option<Position>,
    /// How many characters to underline from `position` (at least 1).
    pub width: usize,
    /// The text of the offending line, for display.
    pub source_line: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with no position in the file.
    pub fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            position: None,
            width: 1,
            source_line: None,
            message: message.into(),
            help: None,
        }
    }

    /// An error with no position.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A warning with no position.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    /// Points the diagnostic at byte range `span` of `source` (the whole file text).
    pub fn at(mut self, source: &str, span: std::ops::Range<usize>) -> Self {
        let (pos, line_text) = locate(source, span.start);
        let end = span.end.max(span.start).min(source.len());
        let width = source
            .get(span.start.min(end)..end)
            .map(|s| s.lines().next().unwrap_or("").chars().count())
            .unwrap_or(1)
            .max(1);
        self.position = Some(pos);
        self.width = width;
        self.source_line = Some(displayable(line_text));
        self
    }

    /// Points the diagnostic at a known line and column (1-based), quoting that line of `source`.
    pub fn at_line_col(mut self, source: &str, line: usize, column: usize) -> Self {
        let text = &displayable(source.lines().nth(line.saturating_sub(1)).unwrap_or(""));
        self.position = Some(Position { line, column });
        self.source_line = Some(text.to_string());
        self.width = 1;
        self
    }

    /// Adds a "help:" line saying what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column` (or just `file`).
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        }
    }

    /// Renders the diagnostic rustc-style (plain text, no colours).
    pub fn render(&self) -> String {
        self.render_with(&Renderer::plain())
    }

    /// Renders with colours when `color` is true.
    pub fn render_color(&self, color: bool) -> String {
        if color {
            self.render_with(&Renderer::styled())
        } else {
            self.render()
        }
    }

    fn render_with(&self, renderer: &Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let origin = self.file.display().to_string();
        let help_owned = self.help.clone().unwrap_or_default();
        let mut msg = level.title(&self.message);
        match (&self.source_line, self.position) {
            (Some(line), Some(pos)) => {
                // A long run of leading whitespace is shortened (the renderer trims it,
                // and mis-measures a span that starts inside it); the column follows.
                let lead = line.chars().take_while(|c| c.is_whitespace()).count();
                let cut = lead.saturating_sub(4);
                let line = &line[char_to_byte(line, cut)..];
                let column = pos.column.saturating_sub(1).saturating_sub(cut);
                // Byte range of the underlined characters within the quoted line.
                let start = char_to_byte(line, column);
                let end = char_to_byte(line, column + self.width).max(start);
                let end = if end == start && !line.is_empty() {
                    char_to_byte(line, column + 1)
                } else {
                    end
                };
                msg = msg.snippet(
                    Snippet::source(line)
                        .line_start(pos.line)
                        .origin(&origin)
                        .annotation(level.span(start..end)),
                );
            }
            _ => {
                // No position: the rustc shape without a source excerpt.
                let mut out = format!("{}: {}\n --> {}", self.severity, self.message, origin);
                if let Some(h) = &self.help {
                    out.push_str(&format!("\n  = help: {h}"));
                }
                return out;
            }
        }
        if self.help.is_some() {
            msg = msg.footer(Level::Help.title(&help_owned));
        }
        let rendered = renderer.render(msg).to_string();
        rendered
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(s.len())
}

/// 1-based line/column of byte `offset` in `source`, and the text of that line.
pub fn locate(source: &str, offset: usize) -> (Position, &str) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = source[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = source[offset..]
        .find('\n')
        .map(|i| offset + i)
        .unwrap_or(source.len());
    let line = source[..line_start].matches('\n').count() + 1;
    let column = source[line_start..offset].chars().count() + 1;
    (
        Position { line, column },
        source[line_start..line_end].trim_end_matches('\r'),
    )
}

/// A source line as a terminal can show it: control characters and unusual spaces
/// (tab, form feed, NEL, no-break space…) each become one space, so columns (counted in
/// characters) still point at the same place.
fn displayable(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c.is_control() || (c.is_whitespace() && c != ' ') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// All diagnostics of one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records several problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// True if any recorded problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == s).count()
    }

    /// The recorded problems, sorted by file and position (stable for equal keys).
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
        v
    }

    /// Removes and returns the problems for which `f` is true.
    pub fn take_if(&mut self, f: impl Fn(&Diagnostic) -> bool) -> Vec<Diagnostic> {
        let (taken, kept) = std::mem::take(&mut self.items).into_iter().partition(f);
        self.items = kept;
        taken
    }

    /// All problems, in the order found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Renders every problem followed by a summary line.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render_color(color));
            out.push_str("\n\n");
        }
        if !self.is_empty() {
            out.push_str(&self.summary());
            out.push('\n');
        }
        out
    }

    /// "1 error, 2 warnings".
    pub fn summary(&self) -> String {
        format!(
            "{}, {}",
            counted(self.error_count(), "error"),
            counted(self.warning_count(), "warning")
        )
    }
}

/// `n` and the noun, plural unless `n` is 1: "1 error", "0 errors".
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Path of `path` relative to `root` when it lies below it, for display.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_chars() {
        let src = "a\nbé c\nd";
        let (p, line) = locate(src, src.find('c').unwrap());
        assert_eq!(p, Position { line: 2, column: 4 });
        assert_eq!(line, "bé c");
    }

    /// Scraped text holds any character: a diagnostic on such a line renders.
    #[test]
    fn odd_characters_in_the_quoted_line() {
        for lead in [
            "\u{85}",
            "\u{c}",
            "\u{b}",
            "\0",
            "\t",
            "\u{a0}",
            "\u{2028}",
            "\u{1b}[31m",
        ] {
            let src = format!("{}[[x]] rest\n", lead.repeat(20));
            let start = src.find("[[").unwrap();
            let d = Diagnostic::error("a.md", "unknown link target `x`").at(&src, start..start + 5);
            let out = d.render();
            assert!(out.contains("^^^^^"), "{lead:?}: {out}");
            let d = Diagnostic::warning("a.md", "w").at_line_col(&src, 1, 21);
            assert!(!d.render().is_empty());
            // A span inside a long run of leading whitespace.
            let d = Diagnostic::error("a.md", "e").at(&src, 3..4);
            assert!(d.render().contains("a.md:1:"), "{lead:?}");
        }
    }

    #[test]
    fn render_has_rustc_shape() {
        let src = "+++\nseed = \"x\"\n+++\nSee [[nowhere]].\n";
        let start = src.find("[[").unwrap();
        let d = Diagnostic::error("annotations/articles/a.md", "unknown link target `nowhere`")
            .at(src, start..start + 11)
            .with_help("use an article slug or a glossary term");
        let out = d.render();
        assert!(
            out.starts_with("error: unknown link target `nowhere`"),
            "{out}"
        );
        assert!(out.contains("--> annotations/articles/a.md:4:5"), "{out}");
        assert!(out.contains("4 | See [[nowhere]]."), "{out}");
        assert!(out.contains("|     ^^^^^^^^^^^\n"), "{out}");
        assert!(out.contains("help: use an article slug"), "{out}");
    }

    #[test]
    fn collector_counts() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("a", "w"));
        assert!(!ds.has_errors());
        ds.push(Diagnostic::error("a", "e"));
        assert!(ds.has_errors());
        assert!(ds.render(false).ends_with("1 error, 1 warning\n"));
    }
}
