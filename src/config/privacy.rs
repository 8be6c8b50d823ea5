//! `[privacy]`: who answers for the processing of personal data in this deployment (the
//! "Données personnelles" page). Each deployment sets its own controller and DPO.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PrivacySettings {
    /// The controller (responsable de traitement), e.g. « Agence régionale de santé … ».
    pub controller_name: String,
    /// Its postal address.
    pub controller_address: String,
    /// The data protection officer's e-mail address.
    pub dpo_email: String,
    /// The data protection officer's postal address.
    pub dpo_postal_address: String,
    /// Who hosts the service (a processor under RGPD art. 28).
    pub host_name: String,
}

impl PrivacySettings {
    /// Refuses an empty field or a DPO address that is not an e-mail address.
    pub fn check(&self) -> Result<(), String> {
        let fields = [
            ("controller_name", &self.controller_name),
            ("controller_address", &self.controller_address),
            ("dpo_email", &self.dpo_email),
            ("dpo_postal_address", &self.dpo_postal_address),
            ("host_name", &self.host_name),
        ];
        for (name, value) in fields {
            if value.trim().is_empty() {
                return Err(format!(
                    "privacy.{name} doit être renseigné (page « Données personnelles »)"
                ));
            }
        }
        let email = self.dpo_email.trim();
        let valid = email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !valid {
            return Err(format!(
                "privacy.dpo_email = {email:?} : adresse électronique du délégué à la protection des données attendue"
            ));
        }
        Ok(())
    }

    /// Production refuses the demo's controller, DPO and host (`config/default.toml`): the
    /// page would name people who do not answer for this deployment.
    pub fn check_production(&self) -> Result<(), String> {
        let demo = self.dpo_email.trim().ends_with(".test")
            || [&self.controller_name, &self.host_name]
                .iter()
                .any(|v| v.contains("démonstration"));
        if demo {
            return Err("en production, [privacy] doit nommer le responsable de traitement, le délégué à la protection des données et l'hébergeur du déploiement (GUICHET__PRIVACY__…), pas ceux de la démonstration".into());
        }
        Ok(())
    }
}
