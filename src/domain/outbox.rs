//! Where an e-mail of the outbox stands: written `pending` with the change that causes it,
//! `sending` while a worker holds its lease, then `sent`, or `failed` after the last retry
//! (until an admin retries it).

use crate::domain::slug::slug_enum;

slug_enum! {
    /// The status of an outbox message.
    pub enum OutboxStatus, "État d'envoi inconnu" {
        Pending => ("pending", "En attente"),
        Sending => ("sending", "En cours d'envoi"),
        Sent => ("sent", "Envoyé"),
        Failed => ("failed", "En échec"),
    }
}
