//! The `dossier` command line: a thin clap layer over the library.
//!
//! Exit codes: 0 success; 1 the dossier has errors (or warnings with
//! `--deny-warnings`); 2 the command line itself is wrong (clap).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dossier::diagnostic::Diagnostics;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build an annotated dossier into a linked static website"
)]
struct Cli {
    /// The dossier folder (holds dossier.toml, seeds/, annotations/).
    #[arg(long, short = 'r', global = true, default_value = ".")]
    root: PathBuf,
    /// Print only errors.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into site/ (or --output).
    Build {
        /// Output folder (default: <root>/site).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Absolute URL the site is published at, overriding dossier.toml (like Zola's -u).
        #[arg(long, short = 'u')]
        base_url: Option<String>,
    },
    /// Check the dossier (load, clean, link) and report every problem, writing nothing.
    Check {
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
}

fn report(diags: &Diagnostics, quiet: bool) {
    if diags.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if quiet {
        let mut only = Diagnostics::new();
        only.extend(
            diags
                .items()
                .iter()
                .filter(|d| d.severity == dossier::diagnostic::Severity::Error)
                .cloned(),
        );
        eprint!("{}", only.render(color));
    } else {
        eprint!("{}", diags.render(color));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut diags = Diagnostics::new();
    match cli.command {
        Command::Build { output, base_url } => {
            let started = std::time::Instant::now();
            let opts = dossier::BuildOptions {
                root: cli.root,
                output,
                base_url,
            };
            let summary = dossier::build(&opts, &mut diags);
            report(&diags, cli.quiet);
            match summary {
                Some(s) => {
                    if !cli.quiet {
                        eprintln!(
                            "built {} articles and {} glossary terms into {} ({} files) in {} ms",
                            s.articles,
                            s.terms,
                            s.output.display(),
                            s.files,
                            started.elapsed().as_millis()
                        );
                    }
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!("build failed: nothing was written; the previous site is unchanged");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { deny_warnings } => {
            let linked = dossier::check(&cli.root, &mut diags);
            report(&diags, cli.quiet);
            let failed = diags.has_errors() || (deny_warnings && diags.warning_count() > 0);
            if let (Some(l), false) = (&linked, cli.quiet) {
                eprintln!(
                    "checked {} articles and {} glossary terms: {} errors, {} warnings",
                    l.articles.len(),
                    l.loaded().terms.len(),
                    diags.error_count(),
                    diags.warning_count()
                );
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
