//! The dossier's global cut rules as `add` reads them (leniently: `check` reports
//! their mistakes), applied to a new seed's lines before anything is proposed.

use std::fs::{self};
use std::path::Path;

use serde::Deserialize;

use crate::clean::engine::{self, CutSpec, Line};
use crate::load::normalise;

/// A rule of `boilerplate.toml`, read leniently (`check` reports its mistakes).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GlobalCut {
    /// Whole lines.
    #[serde(default)]
    pub lines: Vec<String>,
    /// First line of a block.
    pub from: Option<String>,
    /// Last line of a block.
    pub to: Option<String>,
    /// An exact span inside lines.
    pub text: Option<String>,
    /// The editor's reason.
    pub reason: Option<String>,
}

#[derive(Deserialize, Default)]
pub(crate) struct BoilerplateFile {
    #[serde(default)]
    pub(crate) cut: Vec<GlobalCut>,
}

/// The global cut rules of a dossier; none when the file is missing or does not parse.
pub(crate) fn read_boilerplate(path: &Path) -> Vec<GlobalCut> {
    fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<BoilerplateFile>(&normalise(&t)).ok())
        .map(|b| b.cut)
        .unwrap_or_default()
}

/// A seed line while the stub is being worked out.
/// Applies the global rules the way the clean stage does (the same cut engine), so
/// that proposals only concern lines still there (an article cut matching nothing is
/// an error).
pub(crate) fn apply_global(lines: &mut [Line], cuts: &[GlobalCut]) {
    for cut in cuts {
        let spec = match (&cut.from, &cut.text) {
            (Some(from), _) => CutSpec::Range {
                from,
                to: cut.to.as_deref(),
            },
            (None, Some(text)) => CutSpec::Text(text),
            (None, None) => CutSpec::Lines(cut.lines.iter().map(String::as_str).collect()),
        };
        engine::apply(&spec, lines, |_, _, _| {});
    }
}
