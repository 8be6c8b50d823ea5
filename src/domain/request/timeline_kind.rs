//! What a timeline event records: a closed list, stored as its slug in `timeline_events.kind`.

use crate::domain::slug::slug_enum;

slug_enum! {
    /// The kind of a timeline event.
    pub enum TimelineKind, "Type d'événement inconnu" {
        /// A change of state through the transition table (`workflow::perform`).
        Transition => ("transition", "Changement d'état"),
        /// The référent's qualification (priority, coordination, note).
        Qualification => ("qualification", "Qualification"),
        /// A change made from the inbox to several requests at once.
        Bulk => ("lot", "Action groupée"),
        /// A message was posted.
        Message => ("message", "Message"),
        /// A document was added.
        Document => ("document", "Document"),
        /// A référent or an agent was put in charge.
        Assignment => ("assignation", "Prise en charge confiée"),
        /// The référent planned the next action (coordination avancée).
        NextAction => ("prochaine-action", "Prochaine action"),
        /// A commitment's milestone was recorded.
        Commitment => ("engagement", "Engagement"),
        /// The request joined or left a project.
        Project => ("projet", "Projet"),
    }
}

impl TimelineKind {
    /// Events a partner never sees, even on the request's own line: the documents (it sees
    /// only those shared with it) and the professional's projects.
    pub fn private_to_partners(self) -> bool {
        matches!(self, Self::Document | Self::Project)
    }
}
