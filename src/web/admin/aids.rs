//! The aid rule files (`[reference] aides_dir`), read-only: re-read and re-checked on every view
//! with the loader used at start-up, since the files may have changed on disk since.

use crate::domain::french;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{policy, Viewer};
use crate::domain::eligibility::{
    inspect_dir, InspectedFile, LegalRef, RuleFileError, RulesReport,
};
use crate::error::AppError;
use crate::web::page::render;
use crate::web::AppState;

#[derive(Serialize)]
struct VersionRow {
    label: String,
    from: String,
    to: Option<String>,
    in_force: bool,
    last_checked: String,
    /// Adopted but waiting for its implementing text.
    announced: bool,
    /// Not checked for more than 6 months.
    stale: bool,
    /// Ends within 3 months.
    ending_soon: bool,
    sources: Vec<LegalRef>,
}

#[derive(Serialize)]
struct FileView {
    file_name: String,
    /// The aid's code, or the file's stem when it could not be read.
    code: String,
    name: Option<String>,
    versions: Vec<VersionRow>,
    /// "fichier, ligne N : message" (French).
    error: Option<String>,
    source: String,
}

#[derive(Serialize)]
struct AidsPage {
    dir: String,
    files: Vec<FileView>,
    error_count: usize,
    /// The folder itself could not be read.
    dir_error: Option<String>,
}

fn describe(file_name: &str, error: &RuleFileError) -> String {
    match error {
        RuleFileError::Io { source, .. } => format!("{file_name} : lecture impossible ({source})"),
        RuleFileError::Invalid { line, message, .. } => match line {
            Some(line) => format!("{file_name}, ligne {line} : {message}"),
            None => format!("{file_name} : {message}"),
        },
    }
}

fn view(file: InspectedFile, today: chrono::NaiveDate) -> FileView {
    let file_name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file
        .path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match file.outcome {
        Ok(aid) => FileView {
            versions: RulesReport::new([&aid], today)
                .aids
                .into_iter()
                .flat_map(|a| a.versions)
                .map(|v| VersionRow {
                    in_force: v.from <= today && v.to.is_none_or(|to| today <= to),
                    label: v.label,
                    from: french::date(v.from),
                    to: v.to.map(french::date),
                    last_checked: french::date(v.last_checked),
                    announced: v.announced,
                    stale: v.stale,
                    ending_soon: v.ending_soon,
                    sources: v.sources,
                })
                .collect(),
            code: aid.code,
            name: Some(aid.name),
            error: None,
            file_name,
            source: file.text,
        },
        Err(e) => FileView {
            error: Some(describe(&file_name, &e)),
            code: stem,
            name: None,
            versions: vec![],
            file_name,
            source: file.text,
        },
    }
}

pub async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<HttpResponse, AppError> {
    policy::view_aid_rules(&viewer)?;
    let dir = state.settings.reference.aides_dir.clone();
    let shown = dir.display().to_string();
    let now = state.clock.now();
    let inspected = web::block(move || inspect_dir(&dir))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("lecture interrompue : {e}")))?;
    let today = crate::domain::civil_time::today(viewer.territory(), now);
    let page = match inspected {
        Ok(files) => {
            let files: Vec<FileView> = files.into_iter().map(|f| view(f, today)).collect();
            AidsPage {
                error_count: files.iter().filter(|f| f.error.is_some()).count(),
                dir_error: files
                    .is_empty()
                    .then(|| "aucun fichier d'aide (*.toml) dans ce dossier".to_string()),
                dir: shown,
                files,
            }
        }
        Err(e) => AidsPage {
            dir_error: Some(describe(&shown, &e)),
            dir: shown,
            files: vec![],
            error_count: 1,
        },
    };
    render(&state, &req, "admin/aids.html", &page)
}
