//! The mechanics of the second factor: a 160-bit secret (RFC 4226 §4), sealed at rest with
//! ChaCha20-Poly1305 under a key derived from the server secret and bound to its account, codes
//! computed by `totp-rs` at the injected clock's time, recovery codes, and the enrolment QR code
//! (an `otpauth://` address drawn as SVG by `qrcode`).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::NaiveDateTime;
use rand::{Rng, RngCore};
use totp_rs::{Algorithm, TOTP};

use super::token;
use crate::domain::second_factor::{
    self, RECOVERY_ALPHABET, RECOVERY_CODES, RECOVERY_CODE_LEN, STEP_S,
};
use crate::error::AppError;

/// The name authenticator applications show beside the account.
pub const ISSUER: &str = "Guichet santé";
const SECRET_BYTES: usize = 20;
const SEAL_VERSION: &str = "v1";

/// A new random secret.
pub fn generate_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

fn cipher(server_secret: &str) -> ChaCha20Poly1305 {
    let key = token::hmac_sha256(server_secret.as_bytes(), b"guichet/second-factor/seal/v1");
    ChaCha20Poly1305::new(Key::from_slice(&key))
}

/// The secret sealed for storage: `v1.<nonce>.<ciphertext>` in hex, bound to `user_id` so that
/// a sealed secret copied onto another account does not open.
pub fn seal(server_secret: &str, user_id: &str, secret: &[u8]) -> Result<String, AppError> {
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let sealed = cipher(server_secret)
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: secret,
                aad: user_id.as_bytes(),
            },
        )
        .map_err(|_| AppError::Internal(anyhow::anyhow!("scellement du secret impossible")))?;
    Ok(format!(
        "{SEAL_VERSION}.{}.{}",
        token::hex(&nonce),
        token::hex(&sealed)
    ))
}

/// The secret back; an internal error when it was sealed under another server secret or for
/// another account (an administrator then resets the second factor).
pub fn open(server_secret: &str, user_id: &str, sealed: &str) -> Result<Vec<u8>, AppError> {
    let unreadable = || AppError::Internal(anyhow::anyhow!("secret du second facteur illisible"));
    let mut parts = sealed.split('.');
    let (Some(SEAL_VERSION), Some(nonce), Some(body), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(unreadable());
    };
    let nonce = unhex(nonce)
        .filter(|n| n.len() == 12)
        .ok_or_else(unreadable)?;
    let body = unhex(body).ok_or_else(unreadable)?;
    cipher(server_secret)
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &body,
                aad: user_id.as_bytes(),
            },
        )
        .map_err(|_| unreadable())
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn totp(secret: &[u8], account: &str) -> Result<TOTP, AppError> {
    // The account name may not hold a colon (Key Uri Format); an e-mail address never does
    // once validated, but nothing here relies on it.
    let account = account.replace(':', "_");
    TOTP::new(
        Algorithm::SHA1,
        second_factor::DIGITS,
        0,
        STEP_S as u64,
        secret.to_vec(),
        Some(ISSUER.to_string()),
        account,
    )
    .map_err(|e| AppError::Internal(anyhow::anyhow!("paramètres TOTP : {e:?}")))
}

/// The code of time step `step`.
pub fn code_of_step(secret: &[u8], step: i64) -> Result<String, AppError> {
    let time = u64::try_from(step * STEP_S).unwrap_or(0);
    Ok(totp(secret, "compte")?.generate(time))
}

/// The code an application shows at `now` (tests and the demo use it).
pub fn code_at(secret: &[u8], now: NaiveDateTime) -> Result<String, AppError> {
    code_of_step(secret, now.and_utc().timestamp().div_euclid(STEP_S))
}

/// The time step `code` belongs to at `now`, if it is one of the accepted steps after
/// `last_step`.
pub fn matching_step(
    secret: &[u8],
    code: &str,
    now: NaiveDateTime,
    last_step: i64,
) -> Result<Option<i64>, AppError> {
    for step in second_factor::candidate_steps(now.and_utc().timestamp(), last_step) {
        if token::constant_time_eq(&code_of_step(secret, step)?, code) {
            return Ok(Some(step));
        }
    }
    Ok(None)
}

/// The secret in base 32, as a person types it into an application without a camera.
pub fn secret_text(secret: &[u8]) -> String {
    let encoded = totp_rs::Secret::Raw(secret.to_vec())
        .to_encoded()
        .to_string();
    encoded
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The enrolment QR code, an SVG element to put inline in the page.
pub fn qr_svg(secret: &[u8], account: &str) -> Result<String, AppError> {
    let url = totp(secret, account)?.get_url();
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code : {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    // The XML declaration is not allowed inside an HTML document.
    Ok(match svg.find("<svg") {
        Some(start) => svg[start..].to_string(),
        None => svg,
    })
}

/// New recovery codes (without their dash), to show once and store hashed.
pub fn generate_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            (0..RECOVERY_CODE_LEN)
                .map(|_| char::from(RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())]))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::second_factor::Typed;

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (eight digits); six digits: 287082.
        let secret = b"12345678901234567890";
        assert_eq!(code_of_step(secret, 1).ok().as_deref(), Some("287082"));
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_account_and_server_secret() {
        let secret = generate_secret();
        let sealed = seal("clé-a", "u1", &secret).unwrap_or_default();
        assert_eq!(open("clé-a", "u1", &sealed).ok(), Some(secret.clone()));
        assert!(open("clé-a", "u2", &sealed).is_err());
        assert!(open("clé-b", "u1", &sealed).is_err());
        assert!(open("clé-a", "u1", "v1.zz.00").is_err());
        assert!(!sealed.contains(&token::hex(&secret)));
    }

    #[test]
    fn codes_match_one_step_around_now_once() {
        let secret = generate_secret();
        let now = chrono::DateTime::from_timestamp(1_796_637_600, 0)
            .map(|d| d.naive_utc())
            .unwrap_or_default();
        let code = code_at(&secret, now).unwrap_or_default();
        let step = now.and_utc().timestamp() / STEP_S;
        assert_eq!(matching_step(&secret, &code, now, 0).ok(), Some(Some(step)));
        let later = now + chrono::Duration::seconds(30);
        assert_eq!(
            matching_step(&secret, &code, later, 0).ok(),
            Some(Some(step))
        );
        assert_eq!(matching_step(&secret, &code, now, step).ok(), Some(None));
        let much_later = now + chrono::Duration::seconds(90);
        assert_eq!(
            matching_step(&secret, &code, much_later, 0).ok(),
            Some(None)
        );
    }

    #[test]
    fn recovery_codes_are_recognised_as_such() {
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        for code in codes {
            let shown = second_factor::display_recovery(&code);
            assert_eq!(Typed::parse(&shown), Some(Typed::Recovery(code)));
        }
    }

    #[test]
    fn the_qr_code_is_an_svg_element() {
        let svg = qr_svg(&generate_secret(), "a@b.test").unwrap_or_default();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(secret_text(&[0u8; 20]).starts_with("AAAA AAAA"));
    }
}
