//! Session lifetimes allowed by the configuration.

use super::SecuritySettings;

/// ASVS 4.0.3 L2: a session ends after 30 minutes idle and 12 hours in all at most.
pub const MAX_IDLE_MINUTES: i64 = 30;
pub const MAX_ABSOLUTE_HOURS: i64 = 12;

impl SecuritySettings {
    /// Refuses session lifetimes outside ASVS L2 (or meaningless ones).
    pub fn check_sessions(&self) -> Result<(), String> {
        let pairs = [
            ("agent", self.agent_idle_minutes, self.agent_absolute_hours),
            (
                "professional",
                self.professional_idle_minutes,
                self.professional_absolute_hours,
            ),
        ];
        for (who, idle, absolute) in pairs {
            if !(1..=MAX_IDLE_MINUTES).contains(&idle) {
                return Err(format!(
                    "security.{who}_idle_minutes doit être compris entre 1 et {MAX_IDLE_MINUTES}"
                ));
            }
            if !(1..=MAX_ABSOLUTE_HOURS).contains(&absolute) {
                return Err(format!(
                    "security.{who}_absolute_hours doit être compris entre 1 et {MAX_ABSOLUTE_HOURS}"
                ));
            }
        }
        Ok(())
    }
}
