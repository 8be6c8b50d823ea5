//! The dependency rules of `../shared/conventions.md`, checked on the source text: web →
//! (workflow, accounts, auth) → domain ← db. A `use` that breaks them fails here, with the file
//! and the line.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    files_with(dir, "rs", out);
}

/// Every non-comment line of `src/<under>` that mentions one of `forbidden`, as `file:line`.
fn offending_lines(under: &str, forbidden: &[&str], allowed_files: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join(under), &mut files);
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap_or(&file).to_string_lossy();
        let own = relative == "architecture_tests.rs";
        if own || allowed_files.iter().any(|a| relative == *a) || relative.starts_with("web/") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if let Some(word) = forbidden.iter().find(|w| code.contains(*w)) {
                found.push(format!("src/{relative}:{}: {word}", n + 1));
            }
        }
    }
    found
}

#[test]
fn the_domain_depends_on_no_framework_no_database_and_no_outer_layer() {
    let found = offending_lines(
        "domain",
        &[
            "crate::error",
            "crate::db",
            "crate::web",
            "crate::workflow",
            "crate::auth",
            "crate::jobs",
            "crate::mail",
            "actix_web",
            "diesel",
        ],
        &[],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn only_the_composition_root_imports_the_web_layer() {
    // `startup.rs` assembles the server from the web layer's parts (state, middleware, the
    // route table `web/routes.rs`); nothing else outside `web/` may depend on it.
    let found = offending_lines("", &["crate::web"], &["startup.rs"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The use cases: called by the handlers, the command line and the jobs alike.
const USE_CASES: [&str; 2] = ["workflow", "accounts"];

#[test]
fn the_use_cases_depend_on_no_web_layer() {
    // Neither `crate::web` nor a relative path up to it, nor the HTTP framework: what a person
    // does must not depend on how the page asked for it.
    for module in USE_CASES {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src")
                .join(module),
            &mut files,
        );
        assert!(!files.is_empty(), "src/{module} is not scanned: renamed?");
        let found = offending_lines(
            module,
            &["crate::web", "super::web", "super::super::web", "actix_web"],
            &[],
        );
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}

#[test]
fn the_checks_see_a_violation() {
    // The scan itself: a forbidden word in a known file is found.
    let found = offending_lines("domain", &["pub mod eligibility"], &[]);
    assert!(
        found.iter().any(|l| l.starts_with("src/domain/mod.rs:")),
        "{found:?}"
    );
    let found = offending_lines("accounts", &["pub mod signin"], &[]);
    assert!(
        found.iter().any(|l| l.starts_with("src/accounts/mod.rs:")),
        "{found:?}"
    );
}

/// The files under `dir` with extension `ext`.
fn files_with(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_with(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// `file:line` of every line of `files` that contains one of `needles` (comments aside), and
/// with `skip_tests` only before the file's `#[cfg(test)]` module.
fn lines_containing(files: &[PathBuf], needles: &[String], skip_tests: bool) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if skip_tests && line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(needle) = needles.iter().find(|w| line.contains(w.as_str())) {
                found.push(format!("{}:{}: {needle}", file.display(), n + 1));
            }
        }
    }
    found
}

#[test]
fn templates_test_booleans_not_labels_or_role_names() {
    let mut templates = Vec::new();
    files_with(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        "html",
        &mut templates,
    );
    assert!(templates.len() > 10, "templates/ not found");
    let needles: Vec<String> = ["state_label ==", "== \"En ", "role ==", "role !="]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let found = lines_containing(&templates, &needles, false);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn pages_carry_no_inline_style_the_csp_would_block() {
    let mut templates = Vec::new();
    files_with(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        "html",
        &mut templates,
    );
    // E-mails are read by mail clients, not under our CSP: inline styles are their only way.
    templates.retain(|p| !p.components().any(|c| c.as_os_str() == "emails"));
    assert!(templates.len() > 10, "templates/ not found");
    let found = lines_containing(&templates, &["style=\"".to_string()], false);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_state_or_kind_slug_is_spelt_outside_the_domain_and_the_database() {
    use crate::domain::request::{ReferralState, RequestKind, RequestState};
    let mut needles: Vec<String> = RequestState::ALL
        .iter()
        .map(|s| s.slug())
        .chain(ReferralState::ALL.iter().map(|s| s.slug()))
        .chain(
            RequestKind::ALL
                .iter()
                .map(|k| k.slug())
                .filter(|s| s.contains('-')),
        )
        .map(|s| format!("\"{s}\""))
        .collect();
    needles.sort();
    needles.dedup();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    files_with(&src, "rs", &mut files);
    files.retain(|f| {
        let relative = f.strip_prefix(&src).unwrap_or(f);
        !(relative.starts_with("domain")
            || relative.starts_with("db")
            || relative.ends_with("architecture_tests.rs"))
    });
    let found = lines_containing(&files, &needles, true);
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The scan sees a slug where one is spelt.
    let state = [src.join("domain/request/state.rs")];
    assert!(!lines_containing(&state, &needles, false).is_empty());
}

/// The top-level modules of `src/` each uses (`crate::x` in code, comments and test modules
/// aside), keyed by module.
fn module_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let top_of = |path: &Path| -> Option<String> {
        let first = path.strip_prefix(&src).ok()?.components().next()?;
        let name = first.as_os_str().to_string_lossy();
        Some(name.trim_end_matches(".rs").to_string())
    };
    let modules: std::collections::BTreeSet<String> =
        files.iter().filter_map(|f| top_of(f)).collect();
    let mut graph = std::collections::BTreeMap::new();
    for file in &files {
        let Some(top) = top_of(file) else { continue };
        if top == "architecture_tests" || top == "lib" || top == "main" {
            continue;
        }
        let text = fs::read_to_string(file).unwrap_or_default();
        let deps: &mut std::collections::BTreeSet<String> = graph.entry(top.clone()).or_default();
        for line in text.lines() {
            let code = line.trim_start();
            if code.starts_with("#[cfg(test)]") {
                break;
            }
            if code.starts_with("//") {
                continue;
            }
            for used in code.split("crate::").skip(1) {
                let name: String = used
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != top && modules.contains(&name) {
                    deps.insert(name);
                }
            }
        }
    }
    graph
}

#[test]
fn no_import_cycle_between_the_top_level_modules() {
    let graph = module_graph();
    assert!(
        graph.contains_key("web") && graph.contains_key("domain"),
        "src/ not read"
    );
    // Depth-first search for a path back to where it started.
    fn path_back(
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        for next in graph.get(from).into_iter().flatten() {
            if next == to {
                return Some(vec![next.clone()]);
            }
            if !seen.contains(next) {
                seen.push(next.clone());
                if let Some(mut path) = path_back(graph, next, to, seen) {
                    path.insert(0, next.clone());
                    return Some(path);
                }
            }
        }
        None
    }
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| {
            path_back(&graph, m, m, &mut Vec::new()).map(|p| format!("{m} -> {}", p.join(" -> ")))
        })
        .collect();
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}
