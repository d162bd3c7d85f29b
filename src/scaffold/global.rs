//! The dossier's global cut rules as `add` reads them (leniently: `check` reports
//! their mistakes), applied to a new seed's lines before anything is proposed.

use std::fs::{self};
use std::path::Path;

use serde::Deserialize;

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
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Text after global `text` cuts.
    pub(crate) text: String,
    /// Removed by a global rule, or covered by a proposed cut.
    pub(crate) gone: bool,
}

/// Applies the global rules the way the clean stage does, so that proposals only
/// concern lines still there (an article cut matching nothing is an error).
pub(crate) fn apply_global(lines: &mut [Line], cuts: &[GlobalCut]) {
    for cut in cuts {
        if let Some(from) = &cut.from {
            let from = from.trim();
            let mut i = 0;
            while i < lines.len() {
                if lines[i].gone || lines[i].text.trim() != from {
                    i += 1;
                    continue;
                }
                let end = match &cut.to {
                    None => Some(lines.len() - 1),
                    Some(to) => (i..lines.len())
                        .find(|&j| !lines[j].gone && lines[j].text.trim() == to.trim()),
                };
                match end {
                    Some(end) => {
                        lines[i..=end].iter_mut().for_each(|l| l.gone = true);
                        i = end + 1;
                    }
                    None => i += 1,
                }
            }
        } else if let Some(text) = cut.text.as_deref().filter(|t| !t.is_empty()) {
            for l in lines.iter_mut().filter(|l| !l.gone) {
                if l.text.contains(text) {
                    l.text = l.text.replace(text, "");
                    if l.text.trim().is_empty() {
                        l.gone = true;
                    }
                }
            }
        } else {
            for item in &cut.lines {
                let want = item.trim();
                for l in lines.iter_mut().filter(|l| !l.gone) {
                    if l.text.trim() == want {
                        l.gone = true;
                    }
                }
            }
        }
    }
}
