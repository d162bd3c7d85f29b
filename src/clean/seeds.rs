//! Which seed each article annotates, and the problems of that pairing: no seeds at
//! all, a seed not found or unreadable, one seed annotated twice, two seeds published
//! under one name, a seed nobody annotates. Each is reported once, and a warning that
//! another problem explains is not reported.

use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{counted, suggest, Diagnostic, Diagnostics};
use crate::load::{ArticleAnnotation, Loaded, Seed};

/// The seeds claimed so far, by name, with the slug of the article claiming each.
#[derive(Default)]
pub(crate) struct Claims<'a> {
    owner: HashMap<&'a str, &'a str>,
    /// An article's seed was missing, misnamed or taken: a seed left unannotated is
    /// then probably the one it meant.
    trouble: bool,
}

/// No seed at all is one mistake (a missing or misplaced seeds/), not one per article.
pub(crate) fn no_seeds(loaded: &Loaded, diags: &mut Diagnostics) {
    let Some(a) = loaded.articles.first().filter(|_| loaded.seeds.is_empty()) else {
        return;
    };
    let n = counted(loaded.articles.len(), "article annotation");
    diags.push(
        a.source
            .error(
                a.seed.span.clone(),
                format!("seeds/ holds no seed, but {n} name one"),
            )
            .with_help("put the raw articles in seeds/, next to annotations/"),
    );
}

impl<'a> Claims<'a> {
    /// The seed `a` annotates, when it can be cleaned; reports why not otherwise
    /// (unless it was reported already: an unreadable seed, an unusable name).
    pub(crate) fn claim(
        &mut self,
        loaded: &'a Loaded,
        a: &'a ArticleAnnotation,
        diags: &mut Diagnostics,
    ) -> Option<&'a Arc<Seed>> {
        if loaded.seeds.is_empty() {
            return None;
        }
        let seed = loaded.seeds.get(&a.seed.value);
        if let Some(s) = seed.filter(|s| s.problem.is_some()) {
            self.owner.insert(&s.name, &a.slug);
            return None;
        }
        if !crate::load::is_seed_name(&a.seed.value) {
            self.trouble = true;
            return None;
        }
        let Some(seed) = seed else {
            self.trouble = true;
            diags.push(not_found(loaded, a));
            return None;
        };
        if let Some(other) = self.owner.insert(&seed.name, &a.slug) {
            self.trouble = true;
            diags.push(
                a.source
                    .error(
                        a.seed.span.clone(),
                        format!("seed `{}` is already annotated by `{other}`", seed.name),
                    )
                    .with_help("each seed has exactly one article annotation"),
            );
            return None;
        }
        Some(seed)
    }

    /// Seeds are published as `<name>.txt` (see `load::seed::seed_raw_path`): two
    /// annotated seeds that would land on the same name (`a.html` and `a.html.txt`)
    /// are an error.
    pub(crate) fn check_published_names(&self, diags: &mut Diagnostics) {
        let mut names: Vec<&str> = self.owner.keys().copied().collect();
        names.sort_unstable();
        let mut by_path: HashMap<String, &str> = HashMap::default();
        for name in names {
            let path = crate::load::seed::seed_raw_path(name);
            if let Some(other) = by_path.insert(path.clone(), name) {
                diags.push(
                    Diagnostic::error(
                        PathBuf::from(crate::load::walk::SEEDS).join(name),
                        format!("seeds `{other}` and `{name}` would both be published as `{path}`"),
                    )
                    .with_help("rename one of the two files (and the `seed` field that names it)"),
                );
            }
        }
    }

    /// A seed nobody annotates is worth a warning, unless another problem explains it:
    /// an unreadable annotation, an article whose seed was not found (likely this one,
    /// misnamed), or nothing annotated at all.
    pub(crate) fn warn_unannotated(&self, loaded: &Loaded, diags: &mut Diagnostics) {
        let nothing_annotated = loaded.articles.is_empty() && loaded.terms.is_empty();
        if self.trouble || !loaded.unreadable.is_empty() || nothing_annotated {
            return;
        }
        for name in loaded.seeds.keys() {
            if !self.owner.contains_key(name.as_str()) {
                diags.push(
                    Diagnostic::warning(
                        PathBuf::from(crate::load::walk::SEEDS).join(name),
                        "seed has no annotation and is not published",
                    )
                    .with_help(format!(
                        "add annotations/articles/<slug>.md with `seed = \"{name}\"` (or run `dossier add`)"
                    )),
                );
            }
        }
    }
}

fn not_found(loaded: &Loaded, a: &ArticleAnnotation) -> Diagnostic {
    let known = loaded.seeds.keys().map(String::as_str);
    let help = match suggest(&a.seed.value, known) {
        Some(s) => format!("did you mean `{s}`? seeds are file names inside seeds/"),
        None => "put the raw article in seeds/ and name it here".to_string(),
    };
    a.source
        .error(
            a.seed.span.clone(),
            format!("seed `{}` not found in seeds/", a.seed.value),
        )
        .with_help(help)
}
