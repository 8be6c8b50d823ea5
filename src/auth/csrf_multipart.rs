//! The CSRF token of a multipart form, read from its first field (`csrf_token`, placed first in
//! every upload form) without buffering the rest: the bytes read are put back in front of the
//! stream for the handler.

use actix_web::dev::{Payload, ServiceRequest};
use actix_web::web::{Bytes, BytesMut};
use actix_web::HttpMessage;
use futures_util::StreamExt;

/// At most this much is read before the first field must have ended.
const PEEK_LIMIT: usize = 16 * 1024;
/// A body whose first field has not arrived by then is refused (no token).
const PEEK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// The value of the first part when it is named `field`; the payload is restored either way.
pub async fn first_field(
    req: &mut ServiceRequest,
    content_type: &str,
    field: &str,
) -> Option<String> {
    let boundary = boundary_of(content_type)?;
    let mut payload = req.take_payload();
    let mut head = BytesMut::new();
    let mut found = None;
    let mut failed = None;
    let peek = async {
        while head.len() < PEEK_LIMIT {
            match payload.next().await {
                Some(Ok(chunk)) => head.extend_from_slice(&chunk),
                Some(Err(e)) => {
                    failed = Some(e);
                    break;
                }
                None => break,
            }
            if let Some(value) = parse_first(&head, &boundary, field) {
                found = value;
                break;
            }
        }
    };
    // Too slow: no token, the request is refused (the rest of the body is never read).
    let _ = tokio::time::timeout(PEEK_TIMEOUT, peek).await;
    let head: Bytes = head.freeze();
    let rest = futures_util::stream::iter(failed.map(Err)).chain(payload);
    let stream = futures_util::stream::once(async move { Ok(head) }).chain(rest);
    req.set_payload(Payload::Stream {
        payload: Box::pin(stream),
    });
    found
}

fn boundary_of(content_type: &str) -> Option<String> {
    content_type.split(';').map(str::trim).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
    })
}

/// `None`: not enough bytes yet; `Some(None)`: the first part is something else;
/// `Some(Some(value))`: the token.
fn parse_first(body: &[u8], boundary: &str, field: &str) -> Option<Option<String>> {
    let opening = format!("--{boundary}\r\n");
    if body.len() < opening.len() {
        return None;
    }
    if !body.starts_with(opening.as_bytes()) {
        return Some(None);
    }
    let rest = &body[opening.len()..];
    let headers_end = find(rest, b"\r\n\r\n")?;
    let headers = String::from_utf8_lossy(&rest[..headers_end]).to_ascii_lowercase();
    let named = format!("name=\"{field}\"");
    let disposition = headers
        .lines()
        .find(|l| l.starts_with("content-disposition:"))
        .unwrap_or_default();
    let is_field = disposition.split(';').any(|p| p.trim() == named);
    if !is_field || disposition.contains("filename") {
        return Some(None);
    }
    let value = &rest[headers_end + 4..];
    let closing = format!("\r\n--{boundary}");
    let end = find(value, closing.as_bytes())?;
    Some(std::str::from_utf8(&value[..end]).ok().map(str::to_string))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_field_only() {
        let body = b"--XYZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF";
        assert_eq!(
            parse_first(body, "XYZ", "csrf_token"),
            Some(Some("abc".into()))
        );
        assert_eq!(parse_first(&body[..20], "XYZ", "csrf_token"), None);
        let other = b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nx\r\n--XYZ";
        assert_eq!(parse_first(other, "XYZ", "csrf_token"), Some(None));
        assert_eq!(
            boundary_of("multipart/form-data; boundary=\"XYZ\""),
            Some("XYZ".into())
        );
        assert_eq!(boundary_of("multipart/form-data"), None);
    }
}
