//! Static files served by the guichet itself, under versioned paths with long cache headers:
//! the DSFR from npm (`/assets/dsfr-<version>/…`) and our own files (`/assets/app-<hash>/…`).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::middleware::DefaultHeaders;
use actix_web::web;
use serde::Serialize;

/// URL prefixes of the asset folders, given to every template.
#[derive(Debug, Clone, Serialize)]
pub struct AssetPaths {
    pub dsfr: String,
    pub app: String,
    #[serde(skip)]
    dsfr_dir: PathBuf,
    #[serde(skip)]
    app_dir: PathBuf,
}

#[derive(serde::Deserialize)]
struct PackageJson {
    version: String,
}

impl AssetPaths {
    /// Reads the installed DSFR version and fingerprints our own files.
    pub fn discover(assets_dir: &Path) -> anyhow::Result<Self> {
        let dsfr_root = assets_dir.join("node_modules/@gouvfr/dsfr");
        let package = std::fs::read(dsfr_root.join("package.json")).map_err(|e| {
            anyhow::anyhow!(
                "DSFR introuvable dans {} ({e}) : lancez `make run` ou `npm install --ignore-scripts` dans assets/",
                dsfr_root.display()
            )
        })?;
        let package: PackageJson = serde_json::from_slice(&package)?;
        let app_dir = assets_dir.join("static");
        Ok(Self {
            dsfr: format!("/assets/dsfr-{}", package.version),
            app: format!("/assets/app-{}", fingerprint(&app_dir)?),
            dsfr_dir: dsfr_root.join("dist"),
            app_dir,
        })
    }

    /// Mounts both folders; everything under them may be cached for a year.
    pub fn mount(&self, cfg: &mut web::ServiceConfig) {
        for (prefix, dir) in [(&self.dsfr, &self.dsfr_dir), (&self.app, &self.app_dir)] {
            cfg.service(
                web::scope(prefix)
                    .wrap(DefaultHeaders::new().add(CacheControl(vec![
                        CacheDirective::Public,
                        CacheDirective::MaxAge(31_536_000),
                        CacheDirective::Extension("immutable".into(), None),
                    ])))
                    .service(actix_files::Files::new("", dir).use_etag(true)),
            );
        }
    }
}

/// A short hash of every file's name and content, so a change gives a new URL.
fn fingerprint(dir: &Path) -> anyhow::Result<String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("dossier {} illisible : {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for path in entries {
        path.file_name().hash(&mut hasher);
        std::fs::read(&path)?.hash(&mut hasher);
    }
    Ok(format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff))
}
