//! Where a document stands with the antivirus. Every upload is scanned before it is stored;
//! in quarantine mode (`antivirus.mode = "quarantine"`), one received while clamd cannot be
//! reached is stored as pending, served to nobody, and scanned again in the background.

use crate::domain::slug::slug_enum;

slug_enum! {
    pub enum ScanState, "État d'analyse inconnu" {
        Clean => ("clean", "Analysé, sans virus"),
        Pending => ("pending", "En cours d'analyse antivirus"),
        Infected => ("infected", "Supprimé : un virus a été détecté"),
    }
}

impl ScanState {
    /// Whether the document may be downloaded.
    pub fn is_served(self) -> bool {
        self == Self::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_clean_documents_are_served() {
        assert!(ScanState::Clean.is_served());
        assert!(!ScanState::Pending.is_served());
        assert!(!ScanState::Infected.is_served());
        assert_eq!(
            "pending".parse::<ScanState>().ok(),
            Some(ScanState::Pending)
        );
    }
}
