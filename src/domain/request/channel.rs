//! How a request the guichet recorded reached it (référent intake): a call, an e-mail, a visit
//! to a permanence or a letter. A request filed online by the professional has no channel.

use crate::domain::slug::slug_enum;

slug_enum! {
    /// The channel through which a professional asked the guichet to record a request.
    pub enum Channel, "Canal inconnu" {
        Phone => ("phone", "téléphone"),
        Email => ("email", "courriel"),
        Permanence => ("permanence", "permanence"),
        Mail => ("mail", "courrier"),
    }
}

impl Channel {
    /// The timeline's words, e.g. "Demande enregistrée par le guichet (téléphone)".
    pub fn recorded_summary(self) -> String {
        format!("Demande enregistrée par le guichet ({})", self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::request::{
        apply, Action, ActionKind, ActorRole, Clock, ClockAction, ClockEvent, RequestState,
    };

    #[test]
    fn a_referent_records_a_draft_as_a_submission_with_its_channel() {
        let record = Action::Record(Channel::Permanence);
        assert_eq!(record.kind(), ActionKind::Submit);
        assert_eq!(record.roles(), &[ActorRole::Referent]);
        assert_eq!(
            record.summary(),
            "Demande enregistrée par le guichet (permanence)"
        );
        assert_eq!(Action::Submit.summary(), "Dépôt de la demande");
        let outcome = apply(RequestState::Brouillon, &[], &record, ActorRole::Referent).unwrap();
        assert_eq!(outcome.request, RequestState::Deposee);
        assert_eq!(
            outcome.clocks,
            [ClockEvent {
                clock: Clock::Qualification,
                action: ClockAction::Start
            }]
        );
        assert!(apply(
            RequestState::Brouillon,
            &[],
            &record,
            ActorRole::Professionnel
        )
        .is_err());
        let again = apply(RequestState::Deposee, &[], &record, ActorRole::Referent);
        assert!(again.is_err(), "a filed request is not recorded twice");
    }

    #[test]
    fn channels_are_parsed_from_their_slugs_and_told_in_french() {
        assert_eq!("phone".parse::<Channel>(), Ok(Channel::Phone));
        assert_eq!(" mail ".parse::<Channel>(), Ok(Channel::Mail));
        assert!("fax".parse::<Channel>().is_err());
        assert_eq!(Channel::Email.label(), "courriel");
        assert_eq!(
            Channel::Phone.recorded_summary(),
            "Demande enregistrée par le guichet (téléphone)"
        );
    }
}
