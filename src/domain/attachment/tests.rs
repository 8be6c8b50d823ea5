use super::package::ODT_MIME;
use super::*;

/// A ZIP archive of stored (uncompressed) entries, built by hand.
pub(super) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in entries {
        let offset = out.len() as u32;
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend([20, 0]); // version made by
            }
            // version needed, flags, method (stored), time, date, CRC (unchecked)
            h.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend([0, 0]); // extra
            if central {
                h.extend([0; 6]); // comment length, disk, internal attributes
                h.extend([0; 4]); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        let local = header(b"PK\x03\x04", false);
        central.extend(header(b"PK\x01\x02", true));
        out.extend(local);
        out.extend(*data);
    }
    let (cd_start, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    let n = (entries.len() as u16).to_le_bytes();
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend(n);
    out.extend(n);
    out.extend(cd_size.to_le_bytes());
    out.extend(cd_start.to_le_bytes());
    out.extend([0, 0]);
    out
}

pub(super) fn docx() -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document/>"),
    ])
}

fn odt() -> Vec<u8> {
    zip(&[
        ("mimetype", ODT_MIME),
        ("content.xml", b"<office:document-content/>"),
    ])
}

#[test]
fn recognizes_every_type_by_content() {
    use super::content_tests::{jpeg, pdf, png};
    let files = [pdf(), png(), jpeg(), odt(), docx()];
    let types: Vec<_> = files.iter().map(|f| sniff(f)).collect();
    assert_eq!(types, FileType::ALL.map(Some));
    // A trailing ZIP comment is allowed.
    let mut commented = docx();
    let len = commented.len();
    commented[len - 2] = 4;
    commented.extend(b"note");
    assert_eq!(sniff(&commented), Some(FileType::Docx));
}

#[test]
fn refuses_impostors() {
    let ods = b"application/vnd.oasis.opendocument.spreadsheet";
    let impostors: [(&str, Vec<u8>); 11] = [
        (
            "HTML named .pdf",
            b"<!DOCTYPE html><html>%PDF-1.7 %%EOF</html>".to_vec(),
        ),
        ("empty", vec![]),
        ("GIF", b"GIF89a\x01\0\x01\0".to_vec()),
        ("Windows executable", b"MZ\x90\0".to_vec()),
        (
            "other ZIP",
            zip(&[("readme.txt", b"hello"), ("data/a.csv", b"1,2")]),
        ),
        ("ODS", zip(&[("mimetype", ods)])),
        (
            "late mimetype",
            zip(&[("content.xml", b"<x/>"), ("mimetype", ODT_MIME)]),
        ),
        (
            "XLSX",
            zip(&[
                ("[Content_Types].xml", b"<T/>"),
                ("xl/workbook.xml", b"<w/>"),
            ]),
        ),
        ("DOCM", {
            let vba: (&str, &[u8]) = ("word/vbaProject.bin", b"\0");
            zip(&[
                ("[Content_Types].xml", b"<T/>"),
                ("word/document.xml", b"<d/>"),
                vba,
            ])
        }),
        ("compressed mimetype", {
            let mut odt = odt();
            odt[8] = 8; // method: deflate
            odt
        }),
        ("bare ZIP header", b"PK\x03\x04".to_vec()),
    ];
    for (what, bytes) in impostors {
        assert_eq!(sniff(&bytes), None, "{what}");
    }
}

#[test]
fn refuses_truncated_files() {
    let cut: [&[u8]; 5] = [
        b"%PD",
        b"%PDF-1.7\n1 0 obj\n<<>>\nstream\nxx",
        b"\x89PNG\r\n\x1a\n",
        b"\xFF\xD8",
        b"\xFF\xD8\xFF",
    ];
    assert!(cut.iter().all(|bytes| sniff(bytes).is_none()));
    for full in [docx(), odt()] {
        for cut in [4, 30, full.len() / 2, full.len() - 23, full.len() - 1] {
            assert_eq!(sniff(&full[..cut]), None, "cut at {cut} of {}", full.len());
        }
    }
    // A central directory pointing outside the file, or with more entries than present.
    let mut bad = docx();
    let len = bad.len();
    bad[len - 6..len - 2].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(sniff(&bad), None);
    let mut bad_count = docx();
    bad_count[len - 12] = 200;
    assert_eq!(sniff(&bad_count), None);
}

#[test]
fn file_type_metadata() {
    for t in FileType::ALL {
        assert_eq!(FileType::from_extension(t.extension()), Some(t));
    }
    assert_eq!(FileType::Jpeg.extension(), "jpg");
    assert!(FileType::Docx.mime().ends_with("wordprocessingml.document"));
    assert_eq!(FileType::Odt.label(), "document ODT");
    assert_eq!(serde_json::to_string(&FileType::Pdf).unwrap(), "\"pdf\"");
}

#[test]
fn filenames() {
    let cleaned = [
        ("  Projet de santé.pdf ", "Projet de santé.pdf"),
        ("Projet de sante\u{301}.pdf", "Projet de santé.pdf"),
        ("devis: v2?.pdf", "devis_ v2_.pdf"),
        ("rapport..final.pdf", "rapport..final.pdf"),
    ];
    for (raw, expected) in cleaned {
        assert_eq!(sanitize_filename(raw).as_deref(), Ok(expected));
    }
    let path_msg = "Le nom du fichier ne doit pas contenir de chemin.";
    for path in [
        "../etc/passwd",
        "..\\boot.ini",
        "dossier/plan.pdf",
        "C:\\x.pdf",
        "..",
        ".",
    ] {
        let err = sanitize_filename(path).unwrap_err();
        assert_eq!(
            (err.clone(), err.to_string()),
            (AttachmentError::PathInName, path_msg.into())
        );
    }
    for bad in [
        "plan\0.pdf",
        "plan\n.pdf",
        "a\u{7f}.pdf",
        "facture\u{202E}fdp.exe",
    ] {
        let refused = sanitize_filename(bad) == Err(AttachmentError::ForbiddenCharacter);
        assert!(refused, "{bad:?}");
    }
    assert_eq!(sanitize_filename("   "), Err(AttachmentError::EmptyName));
    let short = sanitize_filename(&format!("{}.docx", "é".repeat(300))).unwrap();
    assert_eq!(short.chars().count(), MAX_NAME_CHARS);
    assert!(short.ends_with("é….docx"), "{short}");
    let no_ext = sanitize_filename(&"x".repeat(121)).unwrap();
    assert_eq!(
        (no_ext.chars().count(), no_ext.ends_with('…')),
        (MAX_NAME_CHARS, true)
    );
    assert_eq!(sanitize_filename(&"y".repeat(120)).unwrap().len(), 120);
}

#[test]
fn limits() {
    use AttachmentError::{Empty, RequestTotalExceeded as Total, TooLarge};
    let mb40 = 40 * 1024 * 1024;
    let cases = [
        (MAX_FILE_BYTES, 0, Ok(())),
        (MAX_FILE_BYTES + 1, 0, Err(TooLarge)),
        (0, 0, Err(Empty)),
        (1, mb40, Ok(())),
        (MAX_FILE_BYTES, mb40, Ok(())),
        (MAX_FILE_BYTES, mb40 + 1, Err(Total)),
        (1, u64::MAX, Err(Total)),
    ];
    for (size, total, expected) in cases {
        assert_eq!(check_limits(size, total), expected, "{size} + {total}");
    }
    assert_eq!(TooLarge.to_string(), "Le fichier dépasse 10 Mo.");
}

#[test]
fn whole_upload_check() {
    let ok = check_upload(&docx(), "Projet.docx", 0).unwrap();
    assert_eq!(
        (ok.file_type, ok.display_name.as_str()),
        (FileType::Docx, "Projet.docx")
    );
    let err = check_upload(b"<html><script>alert(1)</script></html>", "projet.pdf", 0);
    let msg = "Ce type de fichier n'est pas accepté : envoyez un PDF, une image PNG ou JPEG, \
               ou un document ODT ou DOCX.";
    assert_eq!(err.unwrap_err().to_string(), msg);
    let path = check_upload(&docx(), "../Projet.docx", 0);
    assert_eq!(path, Err(AttachmentError::PathInName));
    let full = check_upload(&docx(), "Projet.docx", MAX_REQUEST_BYTES);
    assert_eq!(full, Err(AttachmentError::RequestTotalExceeded));
}
