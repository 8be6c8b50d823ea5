//! The real ClamAV daemon every test server scans its uploads with: the one of
//! `scripts/with-clamd.sh` when the tests run under it (`GUICHET__ANTIVIRUS__SOCKET` set), else
//! one started here, once per test process, by the same script (it stops clamd when this
//! process has exited). clamd's signature database knows only the EICAR test file.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::helpers::root;

/// The EICAR antivirus test file (not a virus: every antivirus detects it on purpose), built
/// from its hexadecimal signature so that this source file itself is not detected.
pub fn eicar() -> Vec<u8> {
    let ndb = std::fs::read_to_string(root().join("tests/fixtures/clamav/eicar.ndb"))
        .expect("tests/fixtures/clamav/eicar.ndb");
    let hex = ndb.trim().rsplit(':').next().unwrap_or_default();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hexadécimal"))
        .collect()
}

/// clamd's socket.
pub fn socket() -> String {
    static SOCKET: OnceLock<String> = OnceLock::new();
    SOCKET
        .get_or_init(|| match std::env::var("GUICHET__ANTIVIRUS__SOCKET") {
            Ok(socket) if !socket.trim().is_empty() => socket,
            _ => start(),
        })
        .clone()
}

fn start() -> String {
    let watch = format!(
        "echo \"$GUICHET__ANTIVIRUS__SOCKET\"; while kill -0 {} 2>/dev/null; do sleep 1; done",
        std::process::id()
    );
    let mut child = Command::new(root().join("scripts/with-clamd.sh"))
        .args(["sh", "-c", &watch])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("scripts/with-clamd.sh (installez clamav-daemon : scripts/setup.sh --test)");
    let stdout = child.stdout.take().expect("sortie de with-clamd.sh");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("socket de clamd");
    let socket = line.trim().to_string();
    assert!(
        !socket.is_empty(),
        "clamd n'a pas démarré (voir la sortie de scripts/with-clamd.sh)"
    );
    // The script outlives this handle; it stops clamd once this process is gone.
    drop(child);
    socket
}
