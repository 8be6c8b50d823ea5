//! ClamAV's daemon (clamd), asked over its socket with `zINSTREAM`: the bytes are sent in
//! length-prefixed chunks, clamd answers `stream: OK` or `stream: <signature> FOUND`. Every
//! upload is scanned before it is stored; a scanner that cannot be reached, answers something
//! else or takes longer than `antivirus.timeout_seconds` is a failure (the upload is refused).

use std::path::PathBuf;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::config::AntivirusSettings;

/// Bytes per INSTREAM chunk.
const CHUNK: usize = 64 * 1024;
/// Longest answer read from clamd.
const MAX_REPLY: u64 = 4096;

/// What clamd found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// The name of the signature that matched.
    Infected(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("clamd injoignable ou connexion interrompue : {0}")]
    Io(#[from] std::io::Error),
    #[error("clamd n'a pas répondu dans le délai")]
    Timeout,
    #[error("réponse inattendue de clamd : {0}")]
    Unexpected(String),
}

#[derive(Debug, Clone)]
enum Address {
    Unix(PathBuf),
    Tcp(String),
}

/// A clamd to ask.
#[derive(Debug, Clone)]
pub struct Scanner {
    address: Address,
    timeout: Duration,
}

impl Scanner {
    /// The configured scanner, or `None` when `antivirus.socket` is empty.
    pub fn from_settings(settings: &AntivirusSettings) -> Option<Scanner> {
        let socket = settings.socket.trim();
        if socket.is_empty() {
            return None;
        }
        let address = match socket.strip_prefix("tcp://") {
            Some(host_port) => Address::Tcp(host_port.to_string()),
            None => Address::Unix(PathBuf::from(socket)),
        };
        Some(Scanner {
            address,
            timeout: Duration::from_secs(settings.timeout_seconds.max(1)),
        })
    }

    /// Where clamd is asked (for the logs).
    pub fn describe(&self) -> String {
        match &self.address {
            Address::Unix(path) => path.display().to_string(),
            Address::Tcp(host_port) => format!("tcp://{host_port}"),
        }
    }

    /// Scans `bytes`, connection included, within the timeout.
    pub async fn scan(&self, bytes: &[u8]) -> Result<Verdict, ScanError> {
        let asked = async {
            match &self.address {
                Address::Unix(path) => {
                    instream(tokio::net::UnixStream::connect(path).await?, bytes).await
                }
                Address::Tcp(host_port) => {
                    instream(tokio::net::TcpStream::connect(host_port).await?, bytes).await
                }
            }
        };
        tokio::time::timeout(self.timeout, asked)
            .await
            .map_err(|_| ScanError::Timeout)?
    }
}

impl Scanner {
    /// Whether clamd answers `PING` (blocking: for `guichet check`, outside any runtime).
    pub fn ping_blocking(&self) -> Result<(), ScanError> {
        use std::io::{Read, Write};
        fn ask<S: Read + Write>(mut stream: S) -> Result<Vec<u8>, ScanError> {
            stream.write_all(b"zPING\0")?;
            let mut reply = Vec::new();
            stream.take(MAX_REPLY).read_to_end(&mut reply)?;
            Ok(reply)
        }
        let reply = match &self.address {
            Address::Unix(path) => {
                let stream = std::os::unix::net::UnixStream::connect(path)?;
                stream.set_read_timeout(Some(self.timeout))?;
                stream.set_write_timeout(Some(self.timeout))?;
                ask(stream)?
            }
            Address::Tcp(host_port) => {
                use std::net::ToSocketAddrs;
                let addr = host_port.to_socket_addrs()?.next().ok_or_else(|| {
                    ScanError::Unexpected(format!("adresse introuvable : {host_port}"))
                })?;
                let stream = std::net::TcpStream::connect_timeout(&addr, self.timeout)?;
                stream.set_read_timeout(Some(self.timeout))?;
                stream.set_write_timeout(Some(self.timeout))?;
                ask(stream)?
            }
        };
        let text = String::from_utf8_lossy(&reply);
        match text.trim_end_matches(['\0', '\n']).trim() {
            "PONG" => Ok(()),
            other => Err(ScanError::Unexpected(other.to_string())),
        }
    }
}

async fn instream<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    bytes: &[u8],
) -> Result<Verdict, ScanError> {
    stream.write_all(b"zINSTREAM\0").await?;
    for chunk in bytes.chunks(CHUNK) {
        let len = u32::try_from(chunk.len()).unwrap_or(u32::MAX);
        stream.write_all(&len.to_be_bytes()).await?;
        stream.write_all(chunk).await?;
    }
    stream.write_all(&[0, 0, 0, 0]).await?;
    stream.flush().await?;
    let mut reply = Vec::new();
    (&mut stream)
        .take(MAX_REPLY)
        .read_to_end(&mut reply)
        .await?;
    parse_reply(&reply)
}

/// clamd's answer to one INSTREAM: `stream: OK`, `stream: <name> FOUND`, or an error.
pub fn parse_reply(reply: &[u8]) -> Result<Verdict, ScanError> {
    let text = String::from_utf8_lossy(reply);
    let text = text.trim_end_matches(['\0', '\n']).trim();
    match text.strip_prefix("stream: ") {
        Some("OK") => Ok(Verdict::Clean),
        Some(rest) => match rest.strip_suffix(" FOUND") {
            Some(name) if !name.trim().is_empty() => Ok(Verdict::Infected(name.trim().to_string())),
            _ => Err(ScanError::Unexpected(text.to_string())),
        },
        None => Err(ScanError::Unexpected(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clamd_answers() {
        assert_eq!(parse_reply(b"stream: OK\0").ok(), Some(Verdict::Clean));
        assert_eq!(
            parse_reply(b"stream: Eicar-Test-Signature.UNOFFICIAL FOUND\0").ok(),
            Some(Verdict::Infected("Eicar-Test-Signature.UNOFFICIAL".into()))
        );
        assert!(parse_reply(b"INSTREAM size limit exceeded. ERROR\0").is_err());
        assert!(parse_reply(b"").is_err());
        assert!(parse_reply(b"stream:  FOUND").is_err());
    }

    #[test]
    fn the_socket_setting_chooses_unix_or_tcp() {
        let mut settings = AntivirusSettings::default();
        assert!(Scanner::from_settings(&settings).is_none());
        settings.socket = "tcp://127.0.0.1:3310".into();
        let tcp = Scanner::from_settings(&settings).expect("tcp");
        assert_eq!(tcp.describe(), "tcp://127.0.0.1:3310");
        settings.socket = "/run/clamav/clamd.ctl".into();
        let unix = Scanner::from_settings(&settings).expect("unix");
        assert_eq!(unix.describe(), "/run/clamav/clamd.ctl");
    }
}
