//! The whole structure is checked: PDFs parse, images decode, packages hold no macros, no type
//! carries markup a browser would run; names follow the content.

use super::*;

/// A well-formed PDF: catalogue, page tree, one stream, cross-reference table, trailer.
pub(super) fn pdf_with(stream: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [] /Count 0 >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str("xref\n0 4\n0000000000 65535 f \n");
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ));
    out.into_bytes()
}

pub(super) fn pdf() -> Vec<u8> {
    pdf_with("BT ET")
}

fn encoded(format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(8, 8, |x, y| image::Rgb([x as u8 * 30, y as u8 * 30, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encodage");
    out.into_inner()
}

pub(super) fn png() -> Vec<u8> {
    encoded(image::ImageFormat::Png)
}

pub(super) fn jpeg() -> Vec<u8> {
    encoded(image::ImageFormat::Jpeg)
}

#[test]
fn pdfs_must_parse() {
    assert_eq!(check_content(&pdf()), Ok(FileType::Pdf));
    let unreadable = Err(AttachmentError::Unreadable(FileType::Pdf));
    let good = String::from_utf8(pdf()).expect("ASCII");
    let xref = good.find("xref\n0 4").unwrap_or_default();
    let broken = [
        ("header and %%EOF only", "%PDF-1.4\n%%EOF\n".to_string()),
        ("no startxref", good.replace("startxref", "startref")),
        ("no trailer", good.replace("trailer", "trailor")),
        (
            "objects moved",
            good.replacen("<< /Type /Catalog", "<</Type /Catalog", 1),
        ),
        (
            "startxref outside the file",
            good.replace(&format!("startxref\n{xref}"), "startxref\n999999"),
        ),
        (
            "startxref at no xref",
            good.replace(&format!("startxref\n{xref}"), "startxref\n20"),
        ),
        (
            "entry pointing elsewhere",
            good.replacen(
                &format!("{:010} 00000 n", 9),
                &format!("{:010} 00000 n", 10),
                1,
            ),
        ),
        ("no %%EOF", good.replace("%%EOF", "%%EOX")),
        (
            "version not a number",
            good.replacen("%PDF-1.4", "%PDF-x.y", 1),
        ),
    ];
    for (what, text) in broken {
        assert_eq!(check_content(text.as_bytes()), unreadable, "{what}");
    }
    // Cut anywhere: refused.
    let full = pdf();
    for cut in [10, full.len() / 2, full.len() - 8] {
        assert!(check_content(&full[..cut]).is_err(), "cut at {cut}");
    }
    // A cross-reference stream (PDF 1.5) instead of a table.
    let stream = "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] >>\nstream\nxx\nendstream\nendobj\nstartxref\n9\n%%EOF\n";
    assert_eq!(check_content(stream.as_bytes()), Ok(FileType::Pdf));
}

#[test]
fn pdfs_with_javascript_or_launch_actions_are_refused() {
    for active in ["/JavaScript", "/JS", "/Launch", "/J#61vaScript", "/#4A#53"] {
        let bytes = pdf_with(&format!("<< /S {active} (app.alert(1)) >>"));
        assert_eq!(
            check_content(&bytes),
            Err(AttachmentError::ActiveContent),
            "{active}"
        );
    }
    // Names that only start like them are fine.
    assert_eq!(
        check_content(&pdf_with("<< /JSON 1 /Launcher 2 >>")),
        Ok(FileType::Pdf)
    );
}

#[test]
fn images_must_decode() {
    assert_eq!(check_content(&png()), Ok(FileType::Png));
    assert_eq!(check_content(&jpeg()), Ok(FileType::Jpeg));
    for (what, bytes, t) in [
        (
            "PNG header only",
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec(),
            FileType::Png,
        ),
        (
            "JFIF header only",
            b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0".to_vec(),
            FileType::Jpeg,
        ),
        ("PNG cut", png()[..png().len() / 2].to_vec(), FileType::Png),
        (
            "JPEG cut",
            jpeg()[..jpeg().len() / 3].to_vec(),
            FileType::Jpeg,
        ),
    ] {
        assert_eq!(
            check_content(&bytes),
            Err(AttachmentError::Unreadable(t)),
            "{what}"
        );
    }
    // A header announcing 100 000 × 100 000 pixels is refused without allocating them.
    let mut huge = png();
    huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    assert!(check_content(&huge).is_err());
}

#[test]
fn markup_polyglots_are_refused() {
    // A JPEG whose comment segment (which decoders skip) holds a script.
    let mut polyglot = jpeg()[..2].to_vec();
    let comment = b"<script>alert(document.cookie)</script>";
    polyglot.extend([0xFF, 0xFE, 0, (comment.len() + 2) as u8]);
    polyglot.extend(comment);
    polyglot.extend(&jpeg()[2..]);
    assert!(image::load_from_memory(&polyglot).is_ok(), "still a JPEG");
    assert_eq!(
        check_content(&polyglot),
        Err(AttachmentError::ActiveContent)
    );
    for marker in [
        "<html>",
        "<SVG onload=x>",
        "<!DOCTYPE html>",
        "<iframe src=x>",
    ] {
        let mut bytes = pdf();
        bytes.splice(9..9, format!("% {marker}\n").into_bytes());
        assert_eq!(
            check_content(&bytes),
            Err(AttachmentError::ActiveContent),
            "{marker}"
        );
    }
    // Further than the first KiB, while the file still reads as text.
    let mut late = pdf();
    late.splice(
        9..9,
        format!("% {}\n% <script>\n", "x".repeat(3000)).into_bytes(),
    );
    assert_eq!(check_content(&late), Err(AttachmentError::ActiveContent));
}

#[test]
fn office_packages_with_macros_are_refused() {
    use super::tests::zip;
    let odt_macro = zip(&[
        ("mimetype", package::ODT_MIME),
        ("content.xml", b"<office:document-content/>"),
        ("Basic/Standard/Module1.xml", b"<script:module/>"),
    ]);
    let docx_control = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
        ("word/activeX/activeX1.xml", b"<ax/>"),
    ]);
    for bytes in [odt_macro, docx_control] {
        assert_eq!(check_content(&bytes), Err(AttachmentError::ActiveContent));
    }
    let no_content = zip(&[("mimetype", package::ODT_MIME)]);
    assert_eq!(
        check_content(&no_content),
        Err(AttachmentError::Unreadable(FileType::Odt))
    );
    // A central directory entry that points at no local header.
    let mut bad = super::tests::docx();
    let len = bad.len();
    let cd_start =
        u32::from_le_bytes([bad[len - 6], bad[len - 5], bad[len - 4], bad[len - 3]]) as usize;
    bad[cd_start + 42] = 1;
    assert_eq!(check_content(&bad), Err(AttachmentError::UnsupportedType));
}

#[test]
fn names_follow_the_content() {
    let cases = [
        ("piece.hta", FileType::Jpeg, "piece.jpg"),
        ("dossier.bat", FileType::Pdf, "dossier.pdf"),
        ("photo.JPEG", FileType::Jpeg, "photo.JPEG"),
        ("scan.jpg", FileType::Jpeg, "scan.jpg"),
        ("Rapport.PDF", FileType::Pdf, "Rapport.PDF"),
        ("rapport", FileType::Pdf, "rapport.pdf"),
        (".hta", FileType::Png, "document.png"),
        (
            "projet v2.final version",
            FileType::Odt,
            "projet v2.final version.odt",
        ),
        ("lettre.docx.exe", FileType::Docx, "lettre.docx.docx"),
    ];
    for (name, t, expected) in cases {
        assert_eq!(name_for_type(name, t), expected, "{name}");
    }
    let checked = check_upload(&jpeg(), "piece.hta", 0).expect("JPEG");
    assert_eq!(checked.display_name, "piece.jpg");
}
