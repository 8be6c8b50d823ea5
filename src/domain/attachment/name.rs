//! The name a document is stored and served under: the sender's name, with the extension of the
//! type found in its content (`piece.hta` holding a JPEG is `piece.jpg`).

use super::FileType;

/// Other spellings of a type's extension, kept as sent.
fn aliases(file_type: FileType) -> &'static [&'static str] {
    match file_type {
        FileType::Jpeg => &["jpeg", "jpe"],
        _ => &[],
    }
}

/// `name` with the extension of `file_type`: an extension of the right type is kept (whatever
/// its case), another one is replaced, a missing one added.
pub fn name_for_type(name: &str, file_type: FileType) -> String {
    let canonical = file_type.extension();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.trim().is_empty()
                && (1..=10).contains(&ext.chars().count())
                && !ext.contains(char::is_whitespace) =>
        {
            (stem, Some(ext))
        }
        Some((stem, _)) if stem.trim().is_empty() => ("", None),
        _ => (name, None),
    };
    if let Some(ext) = ext {
        let lower = ext.to_lowercase();
        if lower == canonical || aliases(file_type).contains(&lower.as_str()) {
            return name.to_string();
        }
    }
    let stem = stem.trim_end_matches(['.', ' ']);
    let stem = if stem.trim().is_empty() {
        "document"
    } else {
        stem
    };
    format!("{stem}.{canonical}")
}
