//! A CSV writer for exports opened in spreadsheet software: UTF-8 with a byte-order mark, `;`
//! separators, CRLF line ends, quotes where needed, and formula injection defused (a cell
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`).

/// The byte-order mark spreadsheet software needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// Builds a CSV document row by row.
#[derive(Debug, Clone)]
pub struct CsvWriter {
    out: String,
}

impl Default for CsvWriter {
    fn default() -> Self {
        CsvWriter::new()
    }
}

impl CsvWriter {
    /// An empty document that starts with the BOM.
    pub fn new() -> CsvWriter {
        CsvWriter {
            out: BOM.to_string(),
        }
    }

    /// Appends one row.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (n, cell) in cells.into_iter().enumerate() {
            if n > 0 {
                self.out.push(';');
            }
            self.out.push_str(&cell_text(cell.as_ref()));
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// One cell, escaped.
pub fn cell_text(raw: &str) -> String {
    let defused = match raw.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{raw}"),
        _ => raw.to_string(),
    };
    if defused.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_bom_and_separates_with_semicolons() {
        let mut csv = CsvWriter::new();
        csv.row(["Numéro", "Commune"]);
        csv.row(["2026-000001", "Salon-de-Provence"]);
        assert_eq!(
            csv.finish(),
            "\u{feff}Numéro;Commune\r\n2026-000001;Salon-de-Provence\r\n"
        );
    }

    #[test]
    fn quotes_separators_quotes_and_line_breaks() {
        assert_eq!(cell_text("a;b"), "\"a;b\"");
        assert_eq!(cell_text("dit \"bonjour\""), "\"dit \"\"bonjour\"\"\"");
        assert_eq!(cell_text("ligne 1\nligne 2"), "\"ligne 1\nligne 2\"");
        assert_eq!(cell_text(""), "");
    }

    #[test]
    fn defuses_formulas() {
        assert_eq!(cell_text("=SUM(A1:A2)"), "'=SUM(A1:A2)");
        assert_eq!(cell_text("+33 1 99 00"), "'+33 1 99 00");
        assert_eq!(cell_text("-2"), "'-2");
        assert_eq!(cell_text("@cmd"), "'@cmd");
        assert_eq!(cell_text("\tx"), "'\tx");
        assert_eq!(cell_text("\rx"), "\"'\rx\"");
        assert_eq!(cell_text("=a;b"), "\"'=a;b\"");
        assert_eq!(cell_text("a=b"), "a=b");
    }
}
