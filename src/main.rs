//! The `dossier` command line: a thin clap layer over the library.
//!
//! Exit codes: 0 success; 1 the dossier has errors (or warnings with
//! `--deny-warnings`); 2 the command line itself is wrong (clap).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: building a site allocates and frees millions of small strings; measured
/// in docs/performance.md against the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use dossier::diagnostic::{counted, Diagnostics};

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
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print what each step did (and, with serve, every rebuild).
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
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
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Check the dossier (load, clean, link) and report every problem, writing nothing.
    Check {
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Also list every sentence of commentary, notes, events, definitions and the
        /// introduction that cites no source.
        #[arg(long)]
        claims: bool,
        /// Also check every source: a title, publisher and date; well-formed url and
        /// archived addresses; one id per address; no host `[sources] avoid` lists
        /// without a note saying why.
        #[arg(long)]
        sources: bool,
    },
    /// Serve the site from memory with live reload, rebuilding on every edit.
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Address to bind; loopback by default. Use 0.0.0.0 to share on your network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Let "Add to the file" in the preview add annotation snippets to the
        /// annotation files (appending only; loopback only).
        #[arg(long)]
        write_annotations: bool,
        /// The editor the preview's edit buttons open files in (default: $VISUAL,
        /// else $EDITOR; without one they open vscode:// links).
        #[arg(long)]
        editor: Option<String>,
    },
    /// Create a new dossier in DIR (default: the current folder) that builds at once.
    Init {
        /// Where to create it; must not already hold a dossier.
        dir: Option<PathBuf>,
    },
    /// Copy a raw article into seeds/ and write an annotation stub for it.
    Add {
        /// The raw article (a text file).
        seed_file: PathBuf,
    },
    /// Print the JSON Schema of a front matter or settings file, for an editor's TOML
    /// support (completion and checks while typing; see docs/annotations.md).
    Schema {
        /// Which file it describes.
        #[arg(value_enum, default_value = "article")]
        what: dossier::schema::Described,
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

/// The claims report, on stdout: one line per uncited sentence, then a count.
fn print_claims(r: &dossier::claims::Report) {
    for c in &r.uncited {
        println!("{}:{}: {}", c.file.display(), c.line, c.text);
    }
    println!(
        "{} of {} cite no source",
        r.uncited.len(),
        counted(r.sentences, "sentence")
    );
}

/// Opens `url` with the platform's opener; failure is only reported.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("cannot open a browser ({program}: {e}); open {url} yourself");
    }
}

/// The global flags every command reads.
struct Flags {
    root: PathBuf,
    quiet: bool,
    verbose: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let flags = Flags {
        root: cli.root,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build {
            output,
            base_url,
            timings,
        } => run_build(&flags, output, base_url, timings),
        Command::Serve {
            port,
            bind,
            open,
            write_annotations,
            editor,
        } => {
            let editor = editor
                .or_else(|| std::env::var("VISUAL").ok())
                .or_else(|| std::env::var("EDITOR").ok())
                .filter(|e| !e.trim().is_empty());
            run_serve(&flags, (port, bind), open, (write_annotations, editor))
        }
        Command::Init { dir } => run_init(&flags, dir),
        Command::Add { seed_file } => run_add(&flags, &seed_file),
        Command::Schema { what } => {
            let schema = dossier::schema::schema(what);
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Command::Check {
            deny_warnings,
            claims,
            sources,
        } => run_check(&flags, deny_warnings, (claims, sources)),
    }
}

/// `dossier build`.
fn run_build(
    flags: &Flags,
    output: Option<PathBuf>,
    base_url: Option<String>,
    timings: bool,
) -> ExitCode {
    let mut diags = Diagnostics::new();
    let started = std::time::Instant::now();
    let opts = dossier::BuildOptions {
        root: flags.root.clone(),
        output,
        base_url,
    };
    // A spinner naming the step, on a terminal only (indicatif hides it otherwise).
    let bar = if flags.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new_spinner();
        b.enable_steady_tick(std::time::Duration::from_millis(80));
        b
    };
    let summary = dossier::build_with(&opts, &mut diags, &|step| bar.set_message(step.to_string()));
    bar.finish_and_clear();
    report(&diags, flags.quiet);
    match summary {
        Some(s) if s.up_to_date => {
            if !flags.quiet {
                eprintln!(
                    "{} is up to date: no input changed since it was built ({} ms)",
                    s.output.display(),
                    started.elapsed().as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Some(s) => {
            if !flags.quiet {
                eprintln!(
                    "built {} and {} into {} ({}) in {} ms",
                    counted(s.articles, "article"),
                    counted(s.terms, "glossary term"),
                    s.output.display(),
                    counted(s.files, "file"),
                    started.elapsed().as_millis()
                );
            }
            if flags.verbose || timings {
                let [l, c, k, r, x] = s.stats.stages.map(|d| d.as_secs_f64() * 1000.0);
                let w = s.write.as_secs_f64() * 1000.0;
                let st = &s.stats;
                let wr = &s.written;
                eprintln!(
                    "  load {l:.1} ms ({} files parsed), clean {c:.1} ms ({} articles), link {k:.1} ms ({} articles), render {r:.1} ms ({} pages), search index {x:.1} ms, write {w:.1} ms ({} written, {} unchanged, {} deleted)",
                    st.parsed, st.cleaned, st.marked, st.rendered, wr.written, wr.unchanged, wr.removed
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

/// `dossier serve`.
fn run_serve(
    flags: &Flags,
    (port, bind): (u16, std::net::IpAddr),
    open: bool,
    (write_annotations, editor): (bool, Option<String>),
) -> ExitCode {
    let opts = dossier::serve::ServeOptions {
        root: flags.root.clone(),
        bind,
        port,
        debounce: std::time::Duration::from_millis(25),
        verbose: !flags.quiet,
        write_annotations,
        editor,
    };
    match dossier::serve::start(opts) {
        Ok(server) => {
            let url = format!("http://{}/", server.addr);
            println!("serving at {url} (Ctrl-C to stop)");
            if open {
                open_browser(&url);
            }
            server.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `dossier init`.
fn run_init(flags: &Flags, dir: Option<PathBuf>) -> ExitCode {
    let mut diags = Diagnostics::new();
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    match dossier::scaffold::init(&dir) {
        Ok(created) => {
            if !flags.quiet {
                for p in &created {
                    eprintln!("created {}", p.display());
                }
                eprintln!(
                    "new dossier in {}: build it with `dossier build --root {}`",
                    dir.display(),
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            diags.push(d);
            report(&diags, flags.quiet);
            ExitCode::FAILURE
        }
    }
}

/// `dossier add`.
fn run_add(flags: &Flags, seed_file: &std::path::Path) -> ExitCode {
    let mut diags = Diagnostics::new();
    match dossier::scaffold::add(&flags.root, seed_file) {
        Ok(added) => {
            if !flags.quiet {
                if added.seed_copied {
                    eprintln!("copied {} → {}", seed_file.display(), added.seed.display());
                } else {
                    eprintln!(
                        "{} is already in seeds/ (identical): not copied",
                        added.seed.display()
                    );
                }
                eprintln!(
                    "guessed title {:?}, date {}, {} proposed cut(s)",
                    added.title,
                    added
                        .date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "not found".into()),
                    added.proposed_cuts
                );
                eprintln!(
                    "wrote {}: check the title, date and proposed cuts, then run `dossier check`",
                    added.annotation.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            diags.push(d);
            report(&diags, flags.quiet);
            ExitCode::FAILURE
        }
    }
}

/// `dossier check`.
fn run_check(flags: &Flags, deny_warnings: bool, (claims, sources): (bool, bool)) -> ExitCode {
    let mut diags = Diagnostics::new();
    let linked = dossier::check(&flags.root, &mut diags);
    if let (Some(l), true) = (&linked, sources) {
        dossier::sources::check(l, &mut diags);
    }
    report(&diags, flags.quiet);
    if let (Some(l), true) = (&linked, claims) {
        print_claims(&dossier::claims::report(l));
    }
    let failed = diags.has_errors() || (deny_warnings && diags.warning_count() > 0);
    if let (Some(l), false) = (&linked, flags.quiet) {
        let found = if diags.is_empty() {
            "no problems found".to_string()
        } else {
            diags.summary()
        };
        eprintln!(
            "checked {} and {}: {found}",
            counted(l.articles.len(), "article"),
            counted(l.terms.len(), "glossary term"),
        );
        let tally = dossier::site::NoteTally::of(l.articles.iter().map(|a| &*a.marks));
        if tally != dossier::site::NoteTally::default() {
            eprintln!("notes: {tally}");
        }
        if flags.verbose {
            let shared = dossier::link::describe_shared(l);
            eprintln!("shared passages: {}", shared.len());
            for line in shared {
                eprintln!("  {line}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
