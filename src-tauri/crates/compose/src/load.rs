//! Text → [`ComposeLoad`]: parse → interpolate → merge overrides/`extends`/`include` →
//! profiles → schema → model → checks. Pure: every other file it needs comes through a
//! [`Source`], which the shell implements with the files crate.

use crate::env::Environment;
use crate::interpolate::{substitute, Problem};
use crate::merge::{merge_files, merge_service, relocate};
use crate::model::ComposeModel;
use crate::paths::{folder_name, folder_of, normalise, resolve};
use crate::resolve::Resolver;
use crate::yaml::{self, Node, Value};
use crate::{checks, config, diagnostic, names, rules, schema, swarm, unsupported};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tugboat_textspan::{Diagnostic, Offsets, Severity, Span};

/// What the editor asks to load (the IPC request of `compose_load`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeRequest {
    /// The compose file's text as edited (maybe unsaved).
    pub text: String,
    /// The file being edited, absolute; `None` for a new unsaved file.
    pub path: Option<String>,
    /// The project folder; `None` = the file's folder.
    pub project_dir: Option<String>,
    /// `--env-file`s, in order; empty = `<projectDir>/.env` if it exists.
    pub env_files: Vec<String>,
    /// More `-f` files, merged over the main one in order.
    pub overrides: Vec<String>,
    /// `--profile`s to activate.
    pub profiles: Vec<String>,
    /// `-p`; `None` = the `name:` key, else the folder's name (normalised).
    pub project_name: Option<String>,
}

/// What loading found: the model when the files make one, and every problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeLoad {
    /// `None` when the text cannot be read as a compose file (a YAML error, not a mapping…).
    pub model: Option<ComposeModel>,
    /// Ordered by position in the main text.
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved project as YAML, like `docker compose config`.
    pub config: Option<String>,
    /// Every file read, absolute, in the order read (the main file first when it has a path).
    pub files: Vec<String>,
    /// Every `${…}`/`$VAR` in the main text, in order.
    pub variables: Vec<VariableUse>,
    /// The stack-only parts (`deploy:`, secrets, configs) when loaded for a swarm.
    #[serde(default)]
    pub stack: Option<swarm::StackParts>,
}

/// Where a variable's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum VariableFrom {
    /// The environment Tugboat runs in (it wins over env files, as in Compose).
    Process,
    /// An env file (`.env` or `--env-file`).
    EnvFile,
    /// Unset (or empty for `:-`), so the default written in the file.
    Default,
    /// Unset and no default: replaced by an empty string.
    Unset,
}

/// One use of a variable in the main text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariableUse {
    pub name: String,
    /// The whole `${…}` (or `$NAME`) in the text.
    pub span: Span,
    /// What the whole expression became; `None` when unset and nothing replaced it.
    pub value: Option<String>,
    pub from: VariableFrom,
}

/// Everything a load needs besides the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The main file, absolute; `None` for an unsaved file.
    pub path: Option<String>,
    /// The project folder; `None` = the file's folder (or none at all for an unsaved file:
    /// then relative paths stay relative and `.env` is not looked for).
    pub project_dir: Option<String>,
    pub env_files: Vec<String>,
    pub overrides: Vec<String>,
    pub profiles: Vec<String>,
    pub project_name: Option<String>,
    /// Services named explicitly (`up web`): kept even when their profiles are not active.
    pub services: Vec<String>,
    /// The process environment (wins over env files).
    pub environment: BTreeMap<String, String>,
    /// The user's home folder, for `~` in bind paths.
    pub home: Option<String>,
    /// `docker compose up` (default) or `docker stack deploy`: which checks apply.
    pub target: swarm::DeployTarget,
}

impl LoadOptions {
    /// The options of an IPC request, with the process environment and home folder.
    pub fn from_request(
        request: &ComposeRequest,
        environment: BTreeMap<String, String>,
        home: Option<String>,
    ) -> Self {
        LoadOptions {
            path: request.path.clone(),
            project_dir: request.project_dir.clone(),
            env_files: request.env_files.clone(),
            overrides: request.overrides.clone(),
            profiles: request.profiles.clone(),
            project_name: request.project_name.clone(),
            services: Vec::new(),
            environment,
            home,
            target: swarm::DeployTarget::Compose,
        }
    }
}

/// Reads the other files a load needs (`.env`, override files, `extends: file:`, `include:`).
/// Errors are a sentence for the user ("no such file", "larger than 4 MiB").
pub trait Source {
    fn read(&self, path: &Path) -> Result<String, String>;
    /// Whether `path` is a file (a missing default `.env` is fine; an unreadable one is not).
    fn exists(&self, path: &Path) -> bool {
        self.read(path).is_ok()
    }
}

/// A [`Source`] that has no files: for an unsaved text, and for tests of one file.
pub struct NoFiles;

impl Source for NoFiles {
    fn read(&self, path: &Path) -> Result<String, String> {
        Err(format!("{}: no such file", path.display()))
    }
    fn exists(&self, _: &Path) -> bool {
        false
    }
}

/// How many files deep `include:` and `extends: file:` may go (a loop stops here too).
pub const MAX_FILE_DEPTH: usize = 10;

/// The top of the main text: where problems of files with no line naming them are shown (an
/// override file, an env file).
const TOP: Span = Span {
    start: 0,
    end: 0,
    line: 1,
    end_line: 1,
};

/// Loads the compose text `text` (the main file) with `options`, reading other files from
/// `source`. Never fails: problems are diagnostics, and the model is `None` only when there is
/// no project to speak of.
pub fn load(text: &str, options: &LoadOptions, source: &dyn Source) -> ComposeLoad {
    Loader::new(options, source).run(text)
}

struct Loader<'a> {
    options: &'a LoadOptions,
    source: &'a dyn Source,
    project_dir: Option<PathBuf>,
    env: Environment,
    out: ComposeLoad,
}

/// A problem found in another file, shown on `at` in the main text with that file's name and
/// line in the message.
fn foreign(d: Diagnostic, file: &str, at: Span) -> Diagnostic {
    Diagnostic {
        message: format!("{file}, line {}: {}", d.span.line, d.message),
        span: at,
        ..d
    }
}

impl<'a> Loader<'a> {
    fn new(options: &'a LoadOptions, source: &'a dyn Source) -> Self {
        let project_dir = options
            .project_dir
            .as_deref()
            .map(|d| normalise(Path::new(d)))
            .or_else(|| options.path.as_deref().and_then(folder_of));
        Loader {
            options,
            source,
            project_dir,
            env: Environment {
                process: options.environment.clone(),
                files: BTreeMap::new(),
            },
            out: ComposeLoad::default(),
        }
    }

    fn problem(&mut self, rule: &str, severity: Severity, message: String, span: Span) {
        self.out
            .diagnostics
            .push(diagnostic(rule, severity, message, span));
    }

    fn path(&self, base: Option<&Path>, p: &str) -> String {
        resolve(base, self.options.home.as_deref(), p)
    }

    fn note_file(&mut self, file: &str) {
        if !self.out.files.iter().any(|f| f == file) {
            self.out.files.push(file.to_string());
        }
    }

    /// The env files: `--env-file`s when given, else `<project>/.env` when it exists.
    fn read_env_files(&mut self) -> Vec<String> {
        let mut read = Vec::new();
        let explicit = !self.options.env_files.is_empty();
        let wanted: Vec<String> = if explicit {
            let dir = self.project_dir.clone();
            self.options
                .env_files
                .iter()
                .map(|f| self.path(dir.as_deref(), f))
                .collect()
        } else {
            match &self.project_dir {
                Some(dir) if self.source.exists(&dir.join(".env")) => {
                    vec![dir.join(".env").display().to_string()]
                }
                _ => Vec::new(),
            }
        };
        for file in wanted {
            match self.source.read(Path::new(&file)) {
                Ok(text) => {
                    self.note_file(&file);
                    for e in self.env.add_file(&text) {
                        self.problem(
                            rules::ENV_SYNTAX,
                            Severity::Error,
                            format!("{file}, line {}: {}", e.line, e.message),
                            TOP,
                        );
                    }
                    read.push(file);
                }
                Err(why) => self.problem(
                    rules::FILE_MISSING,
                    Severity::Error,
                    format!("env file {file} cannot be read: {why}"),
                    TOP,
                ),
            }
        }
        read
    }

    fn run(mut self, text: &str) -> ComposeLoad {
        if let Some(path) = &self.options.path {
            self.note_file(&normalise(Path::new(path)).display().to_string());
        }
        let env_files = self.read_env_files();
        let mut root = match yaml::parse(text) {
            Ok(root) => root,
            Err(e) => {
                self.problem(e.rule, Severity::Error, e.message, e.span);
                return self.out;
            }
        };
        if root.is_null() {
            root.value = Value::Map(Vec::new());
        }
        if root.as_map().is_none() {
            self.problem(
                rules::WRONG_TYPE,
                Severity::Error,
                format!(
                    "a compose file is a mapping (`services:` and friends), not {}",
                    root.kind()
                ),
                root.span,
            );
            return self.out;
        }
        let offsets = Offsets::new(text);
        let env = self.env.clone();
        let lookup = |name: &str| env.lookup(name);
        let mut diagnostics = Vec::new();
        let mut variables = Vec::new();
        interpolate(
            &mut root,
            &lookup,
            Some(&offsets),
            &mut variables,
            &mut diagnostics,
        );
        self.out.variables = variables;
        self.out.diagnostics.extend(diagnostics);
        self.out.diagnostics.extend(schema::validate(&root));

        let main_dir = self.project_dir.clone();
        let mut seen = BTreeSet::new();
        if let Some(p) = &self.options.path {
            seen.insert(p.clone());
        }
        self.includes(&mut root, main_dir.as_deref(), &env, None, &mut seen, 0);
        self.extends(&mut root, main_dir.as_deref(), None, &env, 0);

        for over in &self.options.overrides {
            let file = self.path(main_dir.as_deref(), over);
            let Some(mut tree) = self.other_file(&file, TOP, &env) else {
                continue;
            };
            self.includes(
                &mut tree,
                main_dir.as_deref(),
                &env,
                Some((&file, TOP)),
                &mut seen,
                1,
            );
            self.extends(&mut tree, main_dir.as_deref(), Some((&file, TOP)), &env, 1);
            relocate(&mut tree, TOP);
            root = merge_files(root, tree);
        }

        let name_from_file = root.get("name").and_then(Node::as_str).map(str::to_string);
        // Compose's order: `-p`, then COMPOSE_PROJECT_NAME (environment or env file), then
        // `name:`, then the folder.
        let from_env = env
            .lookup("COMPOSE_PROJECT_NAME")
            .map(|(v, _)| v)
            .filter(|v| !v.is_empty());
        let raw_name = self
            .options
            .project_name
            .clone()
            .or(from_env)
            .or(name_from_file)
            .or_else(|| self.project_dir.as_deref().and_then(folder_name))
            .unwrap_or_default();
        let project = match names::normalise_project(&raw_name) {
            Some(p) => p,
            // An unsaved file with no `name:` has no folder to be named after yet.
            None if raw_name.is_empty() => "default".to_string(),
            None => {
                let span = root.key("name").map_or(TOP, |k| k.span);
                self.problem(
                    rules::SCHEMA,
                    Severity::Error,
                    format!(
                        "project name `{raw_name}` has no letter or digit; name the project                          with `name:` (lowercase letters, digits, `-` and `_`)"
                    ),
                    span,
                );
                "default".to_string()
            }
        };

        let lookup_text = |name: &str| env.lookup(name).map(|(v, _)| v);
        let mut resolver = Resolver {
            project,
            project_dir: self.project_dir.clone(),
            home: self.options.home.clone(),
            source: self.source,
            lookup: &lookup_text,
            diagnostics: Vec::new(),
            files_read: Vec::new(),
        };
        let mut model = resolver.project(&root);
        for f in std::mem::take(&mut resolver.files_read) {
            self.note_file(&f);
        }
        self.out
            .diagnostics
            .extend(std::mem::take(&mut resolver.diagnostics));
        self.apply_profiles(&mut model);
        resolver.add_default_network(&mut model);
        model.config_files = self.config_files();
        model.env_files = env_files;

        let active: Vec<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
        match self.options.target {
            swarm::DeployTarget::Compose => self
                .out
                .diagnostics
                .extend(unsupported::find(&root, &active)),
            swarm::DeployTarget::Swarm => {
                let dir = self.project_dir.clone();
                let source = self.source;
                let exists = |p: &Path| source.exists(p);
                self.out.diagnostics.extend(swarm::check(
                    &root,
                    text,
                    &active,
                    &model.name,
                    dir.as_deref(),
                    &exists,
                ));
                self.out.stack = Some(swarm::parts(&root, &active, &model.name, dir.as_deref()));
            }
        }
        self.out
            .diagnostics
            .extend(checks::check(&model, &root, &self.out.variables));
        self.out.diagnostics.sort_by(|a, b| {
            (a.span.start, a.severity, &a.rule).cmp(&(b.span.start, b.severity, &b.rule))
        });
        self.out.config = Some(config::render(&model));
        self.out.model = Some(model);
        self.out
    }

    fn config_files(&self) -> Vec<String> {
        let dir = self.project_dir.as_deref();
        self.options
            .path
            .iter()
            .map(|p| normalise(Path::new(p)).display().to_string())
            .chain(self.options.overrides.iter().map(|o| self.path(dir, o)))
            .collect()
    }

    /// Services without profiles, with an active profile, or named (with what they depend on).
    fn apply_profiles(&self, model: &mut ComposeModel) {
        // No `--profile`: COMPOSE_PROFILES (comma-separated) from the environment or env file.
        let from_env: Vec<String> = self
            .env
            .lookup("COMPOSE_PROFILES")
            .map(|(v, _)| {
                v.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let wanted = if self.options.profiles.is_empty() {
            &from_env
        } else {
            &self.options.profiles
        };
        let mut keep: BTreeSet<String> = model
            .services
            .iter()
            .filter(|s| {
                s.profiles.is_empty()
                    || s.profiles.iter().any(|p| wanted.contains(p))
                    || wanted.iter().any(|p| p == "*")
            })
            .map(|s| s.name.clone())
            .collect();
        let mut todo: Vec<String> = self.options.services.clone();
        while let Some(name) = todo.pop() {
            if let Some(s) = model.service(&name) {
                if keep.insert(name.clone()) || self.options.services.contains(&name) {
                    todo.extend(
                        s.depends_on
                            .iter()
                            .map(|d| d.service.clone())
                            .filter(|d| !keep.contains(d)),
                    );
                }
            }
        }
        let (on, off): (Vec<_>, Vec<_>) = std::mem::take(&mut model.services)
            .into_iter()
            .partition(|s| keep.contains(&s.name));
        model.services = on;
        model.inactive_services = off.into_iter().map(|s| s.name).collect();
    }

    /// Reads, parses and interpolates another compose file; its problems go on `at`.
    fn other_file(&mut self, file: &str, at: Span, env: &Environment) -> Option<Node> {
        let text = match self.source.read(Path::new(file)) {
            Ok(t) => t,
            Err(why) => {
                self.problem(
                    rules::FILE_MISSING,
                    Severity::Error,
                    format!("{file} cannot be read: {why}"),
                    at,
                );
                return None;
            }
        };
        self.note_file(file);
        let mut tree = match yaml::parse(&text) {
            Ok(t) => t,
            Err(e) => {
                let d = diagnostic(e.rule, Severity::Error, e.message, e.span);
                self.out.diagnostics.push(foreign(d, file, at));
                return None;
            }
        };
        if tree.is_null() {
            tree.value = Value::Map(Vec::new());
        }
        let lookup = |name: &str| env.lookup(name);
        let mut diagnostics = Vec::new();
        interpolate(&mut tree, &lookup, None, &mut Vec::new(), &mut diagnostics);
        diagnostics.extend(schema::validate(&tree));
        for d in diagnostics {
            self.out.diagnostics.push(foreign(d, file, at));
        }
        Some(tree)
    }

    /// Replaces `include:` in `root` by the services, networks and volumes of the files it
    /// names. `within`: the file `root` came from and where its problems show, when not main.
    fn includes(
        &mut self,
        root: &mut Node,
        dir: Option<&Path>,
        env: &Environment,
        within: Option<(&str, Span)>,
        seen: &mut BTreeSet<String>,
        depth: usize,
    ) {
        let Value::Map(entries) = &mut root.value else {
            return;
        };
        let Some(i) = entries
            .iter()
            .position(|(k, _)| k.as_str() == Some("include"))
        else {
            return;
        };
        let (_, list) = entries.remove(i);
        let items: Vec<Node> = match list.value {
            Value::Seq(items) => items,
            _ => Vec::new(),
        };
        for item in items {
            let at = within.map_or(item.span, |(_, s)| s);
            if depth >= MAX_FILE_DEPTH {
                self.problem(
                    rules::FILE_MISSING,
                    Severity::Error,
                    format!("include: files include each other more than {MAX_FILE_DEPTH} deep"),
                    at,
                );
                return;
            }
            let (paths, project_dir, env_files) = match &item.value {
                Value::Map(_) => (
                    item.get("path")
                        .map(|p| match &p.value {
                            Value::Seq(ps) => ps
                                .iter()
                                .filter_map(|n| n.as_str().map(String::from))
                                .collect(),
                            _ => p.as_str().map(String::from).into_iter().collect(),
                        })
                        .unwrap_or_default(),
                    item.get("project_directory")
                        .and_then(Node::as_str)
                        .map(String::from),
                    match item.get("env_file") {
                        Some(e) => match &e.value {
                            Value::Seq(es) => es
                                .iter()
                                .filter_map(|n| n.as_str().map(String::from))
                                .collect(),
                            _ => e.as_str().map(String::from).into_iter().collect(),
                        },
                        None => Vec::new(),
                    },
                ),
                _ => (
                    item.as_str()
                        .map(String::from)
                        .into_iter()
                        .collect::<Vec<_>>(),
                    None,
                    Vec::new(),
                ),
            };
            let Some(first) = paths.first() else {
                self.problem(
                    rules::SCHEMA,
                    Severity::Error,
                    "include: each entry names a compose file (a path, or `path:`)".into(),
                    at,
                );
                continue;
            };
            let first = self.path(dir, first);
            if !seen.insert(first.clone()) {
                self.problem(
                    rules::FILE_MISSING,
                    Severity::Error,
                    format!("include: {first} is already part of this project (an include loop?)"),
                    at,
                );
                continue;
            }
            let inc_dir = project_dir
                .as_deref()
                .map(|p| PathBuf::from(self.path(dir, p)))
                .or_else(|| folder_of(&first));
            // The included file's variables: its env_file(s), else its folder's `.env`; the
            // process environment over them.
            let mut inc_env = Environment {
                process: env.process.clone(),
                files: BTreeMap::new(),
            };
            let env_paths: Vec<String> = if env_files.is_empty() {
                inc_dir
                    .as_ref()
                    .map(|d| d.join(".env"))
                    .filter(|p| self.source.exists(p))
                    .map(|p| p.display().to_string())
                    .into_iter()
                    .collect()
            } else {
                env_files.iter().map(|e| self.path(dir, e)).collect()
            };
            for e in env_paths {
                match self.source.read(Path::new(&e)) {
                    Ok(t) => {
                        self.note_file(&e);
                        for err in inc_env.add_file(&t) {
                            self.problem(
                                rules::ENV_SYNTAX,
                                Severity::Error,
                                format!("{e}, line {}: {}", err.line, err.message),
                                at,
                            );
                        }
                    }
                    Err(why) => self.problem(
                        rules::FILE_MISSING,
                        Severity::Error,
                        format!("include env_file {e} cannot be read: {why}"),
                        at,
                    ),
                }
            }
            let mut merged: Option<Node> = None;
            for p in &paths {
                let file = self.path(dir, p);
                let Some(mut tree) = self.other_file(&file, at, &inc_env) else {
                    continue;
                };
                self.includes(
                    &mut tree,
                    inc_dir.as_deref(),
                    &inc_env,
                    Some((&file, at)),
                    seen,
                    depth + 1,
                );
                self.extends(
                    &mut tree,
                    folder_of(&file).as_deref(),
                    Some((&file, at)),
                    &inc_env,
                    depth + 1,
                );
                merged = Some(match merged {
                    Some(m) => merge_files(m, tree),
                    None => tree,
                });
            }
            let Some(mut tree) = merged else { continue };
            absolutize_services(&mut tree, inc_dir.as_deref(), self.options.home.as_deref());
            relocate(&mut tree, at);
            for section in ["services", "networks", "volumes"] {
                let Some(Value::Map(adds)) = tree.get(section).map(|n| n.value.clone()) else {
                    continue;
                };
                let Some(target) = section_mut(root, section, at) else {
                    continue;
                };
                for (k, v) in adds {
                    let name = k.as_str().unwrap_or_default().to_string();
                    if target.iter().any(|(old, _)| old.as_str() == Some(&name)) {
                        self.out.diagnostics.push(diagnostic(
                            rules::SCHEMA,
                            Severity::Error,
                            format!(
                                "include: {first} defines {section} `{name}`, which this                                  project already has; rename one"
                            ),
                            at,
                        ));
                    } else {
                        target.push((k, v));
                    }
                }
            }
        }
    }

    /// Resolves `extends:` of every service in `root` (same file or `file:`), in place.
    fn extends(
        &mut self,
        root: &mut Node,
        dir: Option<&Path>,
        within: Option<(&str, Span)>,
        env: &Environment,
        depth: usize,
    ) {
        let Some(services) = root.get("services").and_then(Node::as_map) else {
            return;
        };
        if !services.iter().any(|(_, s)| s.get("extends").is_some()) {
            return;
        }
        let snapshot = services.to_vec();
        let mut done = Vec::with_capacity(snapshot.len());
        for (k, node) in &snapshot {
            let name = k.as_str().unwrap_or_default();
            let mut chain = vec![name.to_string()];
            let resolved = self.extend_one(node, &snapshot, dir, within, env, &mut chain, depth);
            done.push((k.clone(), resolved));
        }
        if let Some(Value::Map(entries)) = root_services_mut(root) {
            *entries = done;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn extend_one(
        &mut self,
        node: &Node,
        services: &[(Node, Node)],
        dir: Option<&Path>,
        within: Option<(&str, Span)>,
        env: &Environment,
        chain: &mut Vec<String>,
        depth: usize,
    ) -> Node {
        let Some(ext) = node.get("extends") else {
            return node.clone();
        };
        let at = within.map_or(ext.span, |(_, s)| s);
        let (base_name, file) = match &ext.value {
            Value::Scalar { text, .. } => (text.clone(), None),
            Value::Map(_) => (
                ext.get("service")
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_string(),
                ext.get("file").and_then(Node::as_str).map(String::from),
            ),
            Value::Seq(_) => (String::new(), None),
        };
        let mut own = node.clone();
        if let Value::Map(entries) = &mut own.value {
            entries.retain(|(k, _)| k.as_str() != Some("extends"));
        }
        if chain.len() > MAX_FILE_DEPTH * 4 || depth > MAX_FILE_DEPTH {
            self.problem(
                rules::SCHEMA,
                Severity::Error,
                "extends: services extend each other too deep (a loop?)".into(),
                at,
            );
            return own;
        }
        let base = match file {
            None => {
                if chain.contains(&base_name) {
                    self.problem(
                        rules::SCHEMA,
                        Severity::Error,
                        format!("extends: `{}` comes back to `{base_name}`: services cannot extend in a loop", chain.join("` → `")),
                        at,
                    );
                    return own;
                }
                let Some((_, base)) = services
                    .iter()
                    .find(|(k, _)| k.as_str() == Some(&base_name))
                else {
                    self.problem(
                        rules::SCHEMA,
                        Severity::Error,
                        format!(
                            "extends: there is no service `{base_name}` in this file to extend"
                        ),
                        at,
                    );
                    return own;
                };
                chain.push(base_name.clone());
                let b = self.extend_one(base, services, dir, within, env, chain, depth);
                chain.pop();
                b
            }
            Some(file) => {
                let path = self.path(dir, &file);
                let Some(tree) = self.other_file(&path, at, env) else {
                    return own;
                };
                let other: Vec<(Node, Node)> = tree
                    .get("services")
                    .and_then(Node::as_map)
                    .map(<[_]>::to_vec)
                    .unwrap_or_default();
                let Some((_, base)) = other.iter().find(|(k, _)| k.as_str() == Some(&base_name))
                else {
                    self.problem(
                        rules::SCHEMA,
                        Severity::Error,
                        format!("extends: {path} has no service `{base_name}`"),
                        at,
                    );
                    return own;
                };
                let other_dir = folder_of(&path);
                let mut inner_chain = vec![base_name.clone()];
                let mut b = self.extend_one(
                    base,
                    &other,
                    other_dir.as_deref(),
                    Some((&path, at)),
                    env,
                    &mut inner_chain,
                    depth + 1,
                );
                absolutize_service(&mut b, other_dir.as_deref(), self.options.home.as_deref());
                relocate(&mut b, at);
                b
            }
        };
        merge_service(base, own)
    }
}

fn root_services_mut(root: &mut Node) -> Option<&mut Value> {
    let Value::Map(entries) = &mut root.value else {
        return None;
    };
    entries
        .iter_mut()
        .find(|(k, _)| k.as_str() == Some("services"))
        .map(|(_, v)| &mut v.value)
}

/// The entries of top-level `section`, created (empty) if missing; `None` if the root or the
/// section is not a mapping.
fn section_mut<'n>(
    root: &'n mut Node,
    section: &str,
    at: Span,
) -> Option<&'n mut Vec<(Node, Node)>> {
    let Value::Map(entries) = &mut root.value else {
        return None;
    };
    let i = match entries
        .iter()
        .position(|(k, _)| k.as_str() == Some(section))
    {
        Some(i) => i,
        None => {
            entries.push((
                Node::scalar(section, true, at),
                Node {
                    value: Value::Map(Vec::new()),
                    span: at,
                },
            ));
            entries.len() - 1
        }
    };
    let slot = &mut entries[i].1;
    if slot.is_null() {
        slot.value = Value::Map(Vec::new());
    }
    match &mut slot.value {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

/// Relative paths in every service of a file from elsewhere, made absolute against its folder.
fn absolutize_services(tree: &mut Node, dir: Option<&Path>, home: Option<&str>) {
    if let Some(Value::Map(services)) = root_services_mut(tree) {
        for (_, s) in services.iter_mut() {
            absolutize_service(s, dir, home);
        }
    }
}

/// A service's relative paths (build context, bind sources, env_file) made absolute against
/// `dir`, so they keep meaning the same folder once merged into another file's project.
fn absolutize_service(service: &mut Node, dir: Option<&Path>, home: Option<&str>) {
    let Some(dir) = dir else { return };
    let abs = |p: &str| resolve(Some(dir), home, p);
    let Value::Map(entries) = &mut service.value else {
        return;
    };
    for (k, v) in entries.iter_mut() {
        match k.as_str().unwrap_or_default() {
            "build" => match &mut v.value {
                Value::Scalar { text, .. } if !crate::paths::is_remote(text) => *text = abs(text),
                Value::Map(b) => {
                    if let Some((_, c)) = b.iter_mut().find(|(k, _)| k.as_str() == Some("context"))
                    {
                        if let Value::Scalar { text, .. } = &mut c.value {
                            if !crate::paths::is_remote(text) {
                                *text = abs(text);
                            }
                        }
                    } else {
                        b.push((
                            Node::scalar("context", true, v.span),
                            Node::scalar(abs("."), false, v.span),
                        ));
                    }
                }
                _ => {}
            },
            "env_file" => match &mut v.value {
                Value::Scalar { text, .. } => *text = abs(text),
                Value::Seq(items) => {
                    for i in items {
                        match &mut i.value {
                            Value::Scalar { text, .. } => *text = abs(text),
                            Value::Map(m) => {
                                for (mk, mv) in m.iter_mut() {
                                    if mk.as_str() == Some("path") {
                                        if let Value::Scalar { text, .. } = &mut mv.value {
                                            *text = abs(text);
                                        }
                                    }
                                }
                            }
                            Value::Seq(_) => {}
                        }
                    }
                }
                Value::Map(_) => {}
            },
            "volumes" => {
                if let Value::Seq(items) = &mut v.value {
                    for i in items {
                        match &mut i.value {
                            Value::Scalar { text, .. } => {
                                if let Ok(row) = tugboat_runspec::values::volume_flag(text) {
                                    let local =
                                        row.source.starts_with('.') || row.source.starts_with('~');
                                    if local {
                                        let rest = &text[row.source.len()..];
                                        *text = format!("{}{rest}", abs(&row.source));
                                    }
                                }
                            }
                            Value::Map(m) => {
                                let bind = m.iter().any(|(k, v)| {
                                    k.as_str() == Some("type") && v.as_str() == Some("bind")
                                });
                                if bind {
                                    for (mk, mv) in m.iter_mut() {
                                        if mk.as_str() == Some("source") {
                                            if let Value::Scalar { text, .. } = &mut mv.value {
                                                *text = abs(text);
                                            }
                                        }
                                    }
                                }
                            }
                            Value::Seq(_) => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Substitutes variables in every value of `node` (keys are left as written, as Compose does).
/// With `offsets` (the main text), each use is recorded with its span in the text.
fn interpolate(
    node: &mut Node,
    lookup: &dyn Fn(&str) -> Option<(String, VariableFrom)>,
    offsets: Option<&Offsets<'_>>,
    uses: &mut Vec<VariableUse>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match &mut node.value {
        Value::Map(entries) => {
            for (_, v) in entries.iter_mut() {
                interpolate(v, lookup, offsets, uses, diagnostics);
            }
        }
        Value::Seq(items) => {
            for v in items.iter_mut() {
                interpolate(v, lookup, offsets, uses, diagnostics);
            }
        }
        Value::Scalar { text, .. } => {
            if !crate::interpolate::has_variables(text) {
                return;
            }
            let done = substitute(text, lookup);
            // Where each expression is in the text: found in the node's source by its own
            // words (a quoted or folded scalar's value is not its source byte for byte).
            let raw_at = offsets.map(|o| {
                (
                    o.byte(node.span.start),
                    o.slice(node.span.start, node.span.end),
                )
            });
            let mut cursor = 0usize;
            let mut found = done.uses.clone();
            found.sort_by_key(|u| u.range.start);
            let mut place = |range: &std::ops::Range<usize>| -> Span {
                match (offsets, raw_at) {
                    (Some(o), Some((base, raw))) => {
                        let expr = &text[range.clone()];
                        match raw.get(cursor..).and_then(|r| r.find(expr)) {
                            Some(i) => {
                                let start = cursor + i;
                                cursor = start + 1;
                                o.span(base + start, base + start + expr.len())
                            }
                            None => node.span,
                        }
                    }
                    _ => node.span,
                }
            };
            for u in &found {
                let span = place(&u.range);
                match &u.problem {
                    Some(Problem::Undefined) => diagnostics.push(diagnostic(
                        rules::UNDEFINED_VARIABLE,
                        Severity::Warning,
                        format!(
                            "`{}` is not set and has no default, so it becomes an empty                              string; set it in .env or the environment, or give a default                              like ${{{}:-value}}",
                            u.name, u.name
                        ),
                        span,
                    )),
                    Some(Problem::Required(msg)) => diagnostics.push(diagnostic(
                        rules::REQUIRED_VARIABLE,
                        Severity::Error,
                        if msg.is_empty() {
                            format!("`{}` must be set (in .env or the environment)", u.name)
                        } else {
                            format!("`{}` must be set: {msg}", u.name)
                        },
                        span,
                    )),
                    None => {}
                }
                if offsets.is_some() {
                    uses.push(VariableUse {
                        name: u.name.clone(),
                        span,
                        value: u.value.clone(),
                        from: u.from,
                    });
                }
            }
            for e in &done.errors {
                diagnostics.push(diagnostic(
                    rules::VARIABLE_SYNTAX,
                    Severity::Error,
                    e.message.clone(),
                    node.span,
                ));
            }
            *text = done.text;
        }
    }
}
