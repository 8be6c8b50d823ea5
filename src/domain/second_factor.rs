//! Who must sign in with a second factor (issue 16 point 12; ASVS 4.0.3 V2.2 and V2.8), and the
//! shape of what a person types: a six-digit code from their application (RFC 6238) or one of
//! their single-use recovery codes.

use super::account::Role;

/// Digits of a code, seconds per time step, steps accepted on either side (RFC 6238 §5.2
/// recommends one step of network delay).
pub const DIGITS: usize = 6;
pub const STEP_S: i64 = 30;
pub const SKEW_STEPS: i64 = 1;

/// Recovery codes given at enrolment (each used once), and their length without the dash.
pub const RECOVERY_CODES: usize = 10;
pub const RECOVERY_CODE_LEN: usize = 10;
/// Letters and digits a person cannot confuse (no 0/o, 1/l/i).
pub const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Whether an account needs a second factor to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Administrators always; référents and agents where their région requires it.
    Required,
    /// Anyone may turn it on for their own account.
    Optional,
}

impl Requirement {
    /// `admins`: whether the deployment requires it of administrators (always in production;
    /// the demo turns it off).
    pub fn of(role: Role, region_requires_staff: bool, admins: bool) -> Self {
        match role {
            Role::Admin if admins => Self::Required,
            Role::Referent | Role::Partner if region_requires_staff => Self::Required,
            _ => Self::Optional,
        }
    }

    pub fn is_required(self) -> bool {
        self == Self::Required
    }
}

/// What a person typed, once spaces and dashes are gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// Six digits: a code of the application.
    Code(String),
    /// A recovery code, lower-case, without its dash.
    Recovery(String),
}

impl Typed {
    /// `None` for anything that is neither a code nor a recovery code.
    pub fn parse(input: &str) -> Option<Self> {
        let kept: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect();
        if kept.len() == DIGITS && kept.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Self::Code(kept));
        }
        let recovery =
            kept.len() == RECOVERY_CODE_LEN && kept.bytes().all(|b| RECOVERY_ALPHABET.contains(&b));
        recovery.then_some(Self::Recovery(kept))
    }
}

/// A recovery code as shown to the person: two groups of five joined by a dash.
pub fn display_recovery(code: &str) -> String {
    let (a, b) = code.split_at(code.len() / 2);
    format!("{a}-{b}")
}

/// The time steps a code may belong to at `unix_s`, oldest first, never at or before
/// `last_step` (a code is accepted once: RFC 6238 §5.2).
pub fn candidate_steps(unix_s: i64, last_step: i64) -> Vec<i64> {
    let current = unix_s.div_euclid(STEP_S);
    (current - SKEW_STEPS..=current + SKEW_STEPS)
        .filter(|s| *s > last_step && *s >= 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_always_need_it_others_as_their_region_says() {
        assert!(Requirement::of(Role::Admin, false, true).is_required());
        assert!(!Requirement::of(Role::Admin, false, false).is_required());
        assert!(!Requirement::of(Role::Referent, false, true).is_required());
        assert!(Requirement::of(Role::Referent, true, true).is_required());
        assert!(Requirement::of(Role::Partner, true, false).is_required());
        assert!(!Requirement::of(Role::Professional, true, true).is_required());
    }

    #[test]
    fn typed_codes_are_recognised_with_spaces_and_dashes() {
        assert_eq!(
            Typed::parse(" 123 456 "),
            Some(Typed::Code("123456".into()))
        );
        assert_eq!(
            Typed::parse("ABCDE-FGHJK"),
            Some(Typed::Recovery("abcdefghjk".into()))
        );
        assert_eq!(Typed::parse("12345"), None);
        assert_eq!(Typed::parse("abcde-fghi0"), None);
        assert_eq!(Typed::parse("1234567"), None);
        assert_eq!(Typed::parse(""), None);
        assert_eq!(display_recovery("abcdefghjk"), "abcde-fghjk");
    }

    #[test]
    fn a_code_is_looked_for_one_step_around_now_and_never_twice() {
        // 2026-12-07T10:00:00Z = 1 796 637 600 s: step 59 887 920.
        let now = 1_796_637_600;
        assert_eq!(
            candidate_steps(now, 0),
            vec![59_887_919, 59_887_920, 59_887_921]
        );
        assert_eq!(candidate_steps(now, 59_887_920), vec![59_887_921]);
        assert!(candidate_steps(now, 59_887_921).is_empty());
    }
}
