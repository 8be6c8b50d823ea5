//! Uploads in the tests: well-formed documents of any size, and raw HTTP bodies that a browser
//! would never send (cut off, or sent slowly), written on a TCP socket.

use std::sync::Arc;
use std::time::Duration;

use reqwest::cookie::CookieStore;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::TestApp;
use crate::session_helpers::{csrf_token, post_form, PASSWORD};

/// A well-formed PDF (catalogue, page tree, one stream of `size` padding bytes, a cross-reference
/// table with the right offsets, trailer, `startxref`, `%%EOF`) of at least `size` bytes.
pub fn pdf_of_size(size: usize) -> Vec<u8> {
    pdf_with_stream(&vec![b' '; size])
}

/// A well-formed PDF whose one content stream holds `content`.
pub fn pdf_with_stream(content: &[u8]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let objects: [Vec<u8>; 3] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        {
            let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            s.extend_from_slice(content);
            s.extend_from_slice(b"\nendstream");
            s
        },
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

/// A client signed in as `email` whose cookies the test can read (to write raw requests).
pub async fn signed_in_with_jar(
    app: &TestApp,
    email: &str,
) -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar.clone())
        .build()
        .expect("client HTTP");
    let r = post_form(
        app,
        &client,
        "/connexion",
        &[("email", email), ("password", PASSWORD), ("suite", "")],
    )
    .await;
    assert_eq!(r.status(), 303, "connexion de {email}");
    (client, jar)
}

/// Uploads `bytes` as `name` in the `fichier` field of `path`; returns the status and the body.
pub async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let token = csrf_token(app, client).await;
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    let r = client
        .post(app.url(path))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .part("fichier", part),
        )
        .send()
        .await
        .expect("envoi");
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

/// A raw multipart upload on its own TCP connection: the head announces the whole body's
/// length; the test writes what it wants of the body, then reads the answer.
pub struct RawUpload {
    address: std::net::SocketAddr,
    path: String,
    cookies: String,
    stream: Option<TcpStream>,
    pub body: Vec<u8>,
}

const BOUNDARY: &str = "----guichet-test-boundary";

impl RawUpload {
    /// A complete body (`csrf_token`, then `fichier` holding `file` as `name`) for `path`.
    pub async fn prepare(
        app: &TestApp,
        client: &reqwest::Client,
        jar: &reqwest::cookie::Jar,
        path: &str,
        name: &str,
        file: &[u8],
    ) -> RawUpload {
        let token = csrf_token(app, client).await;
        let mut body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
             --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(file);
        body.extend(format!("\r\n--{BOUNDARY}--\r\n").into_bytes());
        let url: reqwest::Url = app.url("/").parse().expect("URL");
        let cookies = jar
            .cookies(&url)
            .and_then(|v| v.to_str().ok().map(str::to_string))
            .unwrap_or_default();
        RawUpload {
            address: url.socket_addrs(|| None).expect("adresse")[0],
            path: path.to_string(),
            cookies,
            stream: None,
            body,
        }
    }

    /// Cuts the body inside its closing boundary: still complete by its `Content-Length`.
    pub fn cut_in_closing_boundary(&mut self) {
        let keep = self.body.len() - BOUNDARY.len() / 2;
        self.body.truncate(keep);
    }

    /// Connects, writes the head (announcing the whole body) and the first `len` bytes of the
    /// body, and keeps the connection open.
    pub async fn send_first(&mut self, len: usize) {
        let mut stream = TcpStream::connect(self.address)
            .await
            .expect("connexion TCP");
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\n\
             Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
             Content-Length: {}\r\n\r\n",
            self.path,
            self.cookies,
            self.body.len()
        );
        stream.write_all(head.as_bytes()).await.expect("en-tête");
        stream
            .write_all(&self.body[..len.min(self.body.len())])
            .await
            .expect("corps");
        stream.flush().await.expect("flush");
        self.stream = Some(stream);
    }

    /// The status of the answer, or `None` if none came within `wait`.
    pub async fn status_within(&mut self, wait: Duration) -> Option<u16> {
        let stream = self.stream.as_mut()?;
        let mut head = Vec::new();
        let read = async {
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
        };
        tokio::time::timeout(wait, read).await.ok()?;
        let line = String::from_utf8_lossy(&head);
        line.split_whitespace().nth(1)?.parse().ok()
    }
}
