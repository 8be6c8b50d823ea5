//! The information pages of `content/`, read at start-up: `content/<profession>/<step>.md`
//! for the professions with written content, `content/commun/<step>.md` for the others. Every
//! page is rendered once, its links and aids checked against the catalogue; a bad file stops
//! the start-up with its path and the reason.

use std::path::{Path, PathBuf};

use crate::domain::content::{
    render_checked, split_front_matter, Page, SearchDoc, SearchIndex, Step,
};
use crate::domain::eligibility::Catalogue;
use crate::domain::profession::Profession;

/// The folder of the pages shared by the professions without their own.
pub const COMMON: &str = "commun";

/// The national introduction of "Qui contacter ?" (Markdown, no front matter).
pub const CONTACTS_INTRO: &str = "qui-contacter.md";

#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct ContentError {
    pub path: PathBuf,
    pub message: String,
}

/// Every information page and the site search.
#[derive(Debug, Default)]
pub struct Library {
    pages: Vec<Page>,
    contacts_intro: NationalText,
    pub search: SearchIndex,
}

/// A national text without front matter: its Markdown and its HTML.
#[derive(Debug, Default, Clone)]
pub struct NationalText {
    pub markdown: String,
    pub html: String,
}

/// The codes of the aid catalogue, which pages may link to (`/aides/<code>`).
pub fn aid_codes(catalogue: &Catalogue) -> Vec<String> {
    catalogue.aids().iter().map(|a| a.code.clone()).collect()
}

fn load_intro(path: &Path, catalogue: &Catalogue) -> Result<NationalText, ContentError> {
    let markdown = std::fs::read_to_string(path)
        .map_err(|e| error(path, format!("lecture impossible : {e}")))?;
    let rendered =
        render_checked(&markdown, &aid_codes(catalogue)).map_err(|e| error(path, e.to_string()))?;
    Ok(NationalText {
        markdown,
        html: rendered.html,
    })
}

fn error(path: &Path, message: impl Into<String>) -> ContentError {
    ContentError {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn load_page(
    path: &Path,
    profession: Option<Profession>,
    step: Step,
    catalogue: &Catalogue,
) -> Result<Page, ContentError> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| error(path, format!("lecture impossible : {e}")))?;
    let (front, body) = split_front_matter(&source).map_err(|m| error(path, m))?;
    // Lines are counted from the top of the file, front matter included.
    let header_lines = source.len().saturating_sub(body.len());
    let header_lines = source
        .get(..header_lines)
        .map_or(0, |h| h.matches('\n').count());
    let rendered = render_checked(body, &aid_codes(catalogue)).map_err(|e| {
        error(
            path,
            format!("ligne {} : {}", e.line + header_lines, e.message),
        )
    })?;
    for code in &front.aids {
        if catalogue.get(code).is_none() {
            return Err(error(
                path,
                format!("aide inconnue « {code} » (voir config/aides)"),
            ));
        }
    }
    Ok(Page {
        profession,
        step,
        front,
        markdown: body.to_string(),
        html: rendered.html,
        text: rendered.text,
    })
}

impl Library {
    /// Reads `dir`. Unknown folders or files are errors, so a typo never hides a page.
    pub fn load(dir: &Path, catalogue: &Catalogue) -> Result<Library, ContentError> {
        let mut pages = Vec::new();
        let entries =
            std::fs::read_dir(dir).map_err(|e| error(dir, format!("dossier illisible : {e}")))?;
        let mut folders: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        folders.sort();
        for folder in folders {
            let name = folder
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if name.starts_with('.') || name == "README.md" || name == CONTACTS_INTRO {
                continue;
            }
            let profession = if name == COMMON {
                None
            } else {
                Some(
                    name.parse::<Profession>()
                        .map_err(|e| error(&folder, e.to_string()))?,
                )
            };
            let files = std::fs::read_dir(&folder)
                .map_err(|e| error(&folder, format!("dossier illisible : {e}")))?;
            let mut files: Vec<PathBuf> = files.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let stem = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".md"))
                    .ok_or_else(|| error(&file, "seuls des fichiers .md sont attendus"))?;
                let step = stem
                    .parse::<Step>()
                    .map_err(|e| error(&file, e.to_string()))?;
                pages.push(load_page(&file, profession, step, catalogue)?);
            }
        }
        for step in Step::ALL {
            if !pages
                .iter()
                .any(|p| p.profession.is_none() && p.step == *step)
            {
                return Err(error(
                    &dir.join(COMMON).join(format!("{}.md", step.slug())),
                    "page commune manquante",
                ));
            }
        }
        let contacts_intro = load_intro(&dir.join(CONTACTS_INTRO), catalogue)?;
        let search = SearchIndex::new(search_docs(&pages, catalogue));
        Ok(Library {
            pages,
            contacts_intro,
            search,
        })
    }

    /// The page of `profession` for `step`, or the common one; `true` when it is the profession's own.
    pub fn page(&self, profession: Profession, step: Step) -> Option<(&Page, bool)> {
        self.pages
            .iter()
            .find(|p| p.profession == Some(profession) && p.step == step)
            .map(|p| (p, true))
            .or_else(|| {
                self.pages
                    .iter()
                    .find(|p| p.profession.is_none() && p.step == step)
                    .map(|p| (p, false))
            })
    }

    /// The national introduction of "Qui contacter ?".
    pub fn contacts_intro(&self) -> &NationalText {
        &self.contacts_intro
    }

    /// The professions with written pages.
    pub fn has_own_pages(&self, profession: Profession) -> bool {
        self.pages.iter().any(|p| p.profession == Some(profession))
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// One document per profession × step (its own page or the common one) and per aid.
fn search_docs(pages: &[Page], catalogue: &Catalogue) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for profession in Profession::ALL {
        for step in Step::ALL {
            let own = pages
                .iter()
                .find(|p| p.profession == Some(*profession) && p.step == *step);
            let common = pages
                .iter()
                .find(|p| p.profession.is_none() && p.step == *step);
            let Some(page) = own.or(common) else { continue };
            let title = match own {
                Some(p) => p.front.title.clone(),
                None => format!("{} : {}", profession.label(), step.label().to_lowercase()),
            };
            docs.push(SearchDoc {
                title,
                url: format!("/informations/{}/{}", profession.slug(), step.slug()),
                category: "Information".into(),
                summary: page.front.summary.clone(),
                body: format!(
                    "{} {} {}",
                    profession.label(),
                    page.text,
                    page.front.aids.join(" ")
                ),
            });
        }
    }
    for aid in catalogue.aids() {
        let versions: Vec<String> = aid
            .versions
            .iter()
            .flat_map(|v| std::iter::once(v.label.to_string()).chain(v.commitments.iter().cloned()))
            .collect();
        docs.push(SearchDoc {
            title: aid.name.clone(),
            url: format!("/aides/{}", aid.code),
            category: "Aide".into(),
            summary: aid.description.clone(),
            body: format!("{} {}", aid.code, versions.join(" ")),
        });
    }
    docs
}
