//! Loading and checking the aid rule files of a directory (`config/aides/*.toml`).
//!
//! A file that cannot be read, is not valid TOML, does not match the schema or breaks a rule
//! (versions overlapping, `to` before `from`, unknown successor…) is rejected with its path,
//! the line when it is known, and a French reason.

use super::rules::{Aid, InstitutionKind, Version};
use super::template::unknown_placeholders;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Why the aid rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RuleFileError {
    #[error("{}: lecture impossible : {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        /// 1-based line number, when known.
        line: Option<usize>,
        message: String,
    },
}

impl RuleFileError {
    /// The file at fault.
    pub fn path(&self) -> &Path {
        match self {
            RuleFileError::Io { path, .. } | RuleFileError::Invalid { path, .. } => path,
        }
    }

    /// The 1-based line at fault, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            RuleFileError::Io { .. } => None,
            RuleFileError::Invalid { line, .. } => *line,
        }
    }
}

/// One rule file as read now: its text and either its aid or why it is refused.
#[derive(Debug)]
pub struct InspectedFile {
    pub path: PathBuf,
    pub text: String,
    pub outcome: Result<Aid, RuleFileError>,
}

/// Every `*.toml` file of `dir` read and checked now, with the same rules as [`Catalogue::load_dir`]
/// but without stopping at the first bad file; an unreadable folder is an `Err`.
pub fn inspect_dir(dir: &Path) -> Result<Vec<InspectedFile>, RuleFileError> {
    let mut paths = Vec::new();
    let io = |source| RuleFileError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    let mut parsed = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Err(source) => files.push(InspectedFile {
                outcome: Err(RuleFileError::Io {
                    path: path.clone(),
                    source,
                }),
                path,
                text: String::new(),
            }),
            Ok(text) => match parse_file(&path, text.clone()) {
                Ok(p) => parsed.push(p),
                Err(e) => files.push(InspectedFile {
                    path,
                    text,
                    outcome: Err(e),
                }),
            },
        }
    }
    // Cross-file checks (unique codes, known successors), file by file until none fails.
    while let Err(e) = check_catalogue(&parsed) {
        let Some(at) = parsed.iter().position(|p| p.path == e.path()) else {
            break;
        };
        let p = parsed.remove(at);
        files.push(InspectedFile {
            path: p.path,
            text: p.text,
            outcome: Err(e),
        });
    }
    files.extend(parsed.into_iter().map(|p| InspectedFile {
        path: p.path,
        text: p.text,
        outcome: Ok(p.aid),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Every aid known to the guichet, sorted by code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalogue {
    aids: Vec<Aid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AidFile {
    code: Spanned<String>,
    name: String,
    description: String,
    instructed_by: Vec<InstitutionKind>,
    #[serde(default)]
    successor: Option<Spanned<String>>,
    #[serde(default)]
    closed_note: Option<String>,
    versions: Vec<Spanned<Version>>,
}

/// A loaded aid with the positions needed to report cross-file errors.
pub(super) struct Parsed {
    path: PathBuf,
    text: String,
    pub(super) aid: Aid,
    successor_span: Option<std::ops::Range<usize>>,
}

impl Catalogue {
    /// Builds a catalogue from already checked aids (tests, tools).
    pub fn from_aids(mut aids: Vec<Aid>) -> Catalogue {
        aids.sort_by(|a, b| a.code.cmp(&b.code));
        Catalogue { aids }
    }

    /// Loads every `*.toml` file of `dir`, one aid per file named after its code.
    pub fn load_dir(dir: &Path) -> Result<Catalogue, RuleFileError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| RuleFileError::Io { path, source }
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let path = entry.map_err(io(dir))?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                paths.push(path);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(invalid(
                dir,
                None,
                "aucun fichier d'aide (*.toml) dans ce dossier",
            ));
        }
        let mut parsed = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            parsed.push(parse_file(&path, text)?);
        }
        check_catalogue(&parsed)?;
        Ok(Catalogue::from_aids(
            parsed.into_iter().map(|p| p.aid).collect(),
        ))
    }

    /// Every aid, sorted by code.
    pub fn aids(&self) -> &[Aid] {
        &self.aids
    }

    /// The aid with this code (case-insensitive).
    pub fn get(&self, code: &str) -> Option<&Aid> {
        self.aids.iter().find(|a| a.code.eq_ignore_ascii_case(code))
    }
}

fn invalid(path: &Path, line: Option<usize>, message: impl Into<String>) -> RuleFileError {
    RuleFileError::Invalid {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parses and checks one file (everything that does not need the other files).
pub(super) fn parse_file(path: &Path, text: String) -> Result<Parsed, RuleFileError> {
    let file: AidFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(&text, s.start));
        invalid(
            path,
            line,
            format!("fichier de règles invalide : {}", e.message().trim()),
        )
    })?;
    let at = |span: std::ops::Range<usize>| Some(line_of(&text, span.start));

    let code = file.code.get_ref().clone();
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if code != stem {
        let msg = format!("le code « {code} » doit être le nom du fichier (« {stem}.toml »)");
        return Err(invalid(path, at(file.code.span()), msg));
    }
    let code_ok = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-';
    if code.is_empty() || !code.chars().all(code_ok) {
        let msg = format!("code « {code} » : majuscules, chiffres et tirets seulement");
        return Err(invalid(path, at(file.code.span()), msg));
    }
    if file.versions.is_empty() {
        return Err(invalid(
            path,
            None,
            "aucune version ([[versions]]) : il en faut au moins une",
        ));
    }
    if file.instructed_by.is_empty() {
        return Err(invalid(
            path,
            None,
            "instructed_by est vide : qui instruit la demande ?",
        ));
    }

    let mut versions: Vec<Spanned<Version>> = file.versions;
    versions.sort_by_key(|v| v.get_ref().from);
    for (i, spanned) in versions.iter().enumerate() {
        let line = at(spanned.span());
        check_version(spanned.get_ref()).map_err(|m| invalid(path, line, m))?;
        if let Some(next) = versions.get(i + 1) {
            let v = spanned.get_ref();
            let n = next.get_ref();
            if v.to.is_none_or(|to| to >= n.from) {
                let msg = format!(
                    "les versions « {} » et « {} » se chevauchent : la première doit finir avant le {}",
                    v.label, n.label, n.from
                );
                return Err(invalid(path, at(next.span()), msg));
            }
        }
    }
    let open_ended = versions.last().is_some_and(|v| v.get_ref().to.is_none());
    if !open_ended && file.successor.is_none() && file.closed_note.is_none() {
        let msg = "aucune version n'est sans date de fin : indiquez successor (le code de l'aide \
                   qui la remplace) ou closed_note (pourquoi elle n'a pas de successeur)";
        return Err(invalid(path, None, msg));
    }
    let successor_span = file.successor.as_ref().map(|s| s.span());
    let aid = Aid {
        code,
        name: file.name,
        description: file.description,
        instructed_by: file.instructed_by.into(),
        successor: file.successor.map(|s| s.into_inner()),
        closed_note: file.closed_note,
        versions: versions.into_iter().map(|v| v.into_inner()).collect(),
    };
    Ok(Parsed {
        path: path.to_path_buf(),
        text,
        aid,
        successor_span,
    })
}

/// Checks one version on its own.
fn check_version(v: &Version) -> Result<(), String> {
    let name = &v.label;
    if let Some(to) = v.to {
        if to < v.from {
            return Err(format!(
                "version « {name} » : to ({to}) est avant from ({})",
                v.from
            ));
        }
    }
    if v.legal_refs.is_empty() {
        return Err(format!(
            "version « {name} » : au moins une référence (legal_refs) est exigée"
        ));
    }
    if let Some(r) = v.legal_refs.iter().find(|r| !r.url.starts_with("https://")) {
        return Err(format!(
            "version « {name} » : l'adresse « {} » doit commencer par https://",
            r.url
        ));
    }
    if v.criteria.is_empty() {
        return Err(format!("version « {name} » : aucun critère"));
    }
    super::commitment_rules::check(name, &v.tracked_commitments)?;
    for (i, c) in v.criteria.iter().enumerate() {
        if c.id.trim().is_empty() {
            return Err(format!("version « {name} » : un critère n'a pas d'id"));
        }
        if v.criteria[..i].iter().any(|other| other.id == c.id) {
            return Err(format!(
                "version « {name} » : l'id de critère « {} » est en double",
                c.id
            ));
        }
        let templates = [Some(&c.met), Some(&c.not_met), c.unknown.as_ref()];
        for template in templates.into_iter().flatten() {
            if let Some(bad) = unknown_placeholders(template.as_str()).first() {
                return Err(format!(
                    "critère « {} » : {{{bad}}} ne désigne aucune donnée du profil",
                    c.id
                ));
            }
        }
    }
    let tables = [
        v.amount.fixed.is_some(),
        !v.amount.by_zone.is_empty(),
        v.amount.by_number.is_some(),
    ];
    if tables.iter().filter(|t| **t).count() > 1 {
        return Err(format!(
            "version « {name} » : fixed, by_zone et by_number sont exclusifs"
        ));
    }
    if v.amount
        .by_number
        .as_ref()
        .is_some_and(|s| s.steps.is_empty())
    {
        return Err(format!(
            "version « {name} » : by_number sans palier (steps)"
        ));
    }
    let zones = &v.amount.by_zone;
    for (i, a) in zones.iter().enumerate() {
        if zones[..i].iter().any(|b| b.zone == a.zone) {
            return Err(format!(
                "version « {name} » : montant en double pour la zone {}",
                a.zone
            ));
        }
    }
    Ok(())
}

/// Checks what needs every file: unique codes, successors that exist.
fn check_catalogue(parsed: &[Parsed]) -> Result<(), RuleFileError> {
    for (i, p) in parsed.iter().enumerate() {
        if let Some(other) = parsed[..i].iter().find(|o| o.aid.code == p.aid.code) {
            let msg = format!(
                "code « {} » déjà défini dans {}",
                p.aid.code,
                other.path.display()
            );
            return Err(invalid(&p.path, None, msg));
        }
        if let Some(successor) = &p.aid.successor {
            let line = p.successor_span.clone().map(|s| line_of(&p.text, s.start));
            if successor == &p.aid.code {
                return Err(invalid(
                    &p.path,
                    line,
                    "une aide ne peut pas être son propre successeur",
                ));
            }
            if !parsed.iter().any(|o| &o.aid.code == successor) {
                let msg =
                    format!("successeur « {successor} » inconnu : aucun fichier {successor}.toml");
                return Err(invalid(&p.path, line, msg));
            }
        }
    }
    Ok(())
}
