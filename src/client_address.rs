//! Who is on the other end of a request: the client's address and scheme. Behind a reverse
//! proxy (`[server] trusted_proxies`), `X-Forwarded-For` and `X-Forwarded-Proto` are believed
//! only when the socket peer is one of the trusted proxies; otherwise the socket address, as is.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use serde::Deserialize;

/// The proxies whose forwarded headers are believed: addresses or CIDR blocks. In the
/// configuration a TOML list or one string separated by commas or spaces (for
/// `GUICHET__SERVER__TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "ListOrString")]
pub struct TrustedProxies(Vec<IpNet>);

#[derive(Deserialize)]
#[serde(untagged)]
enum ListOrString {
    List(Vec<String>),
    String(String),
}

impl TryFrom<ListOrString> for TrustedProxies {
    type Error = String;

    fn try_from(value: ListOrString) -> Result<Self, String> {
        let items: Vec<String> = match value {
            ListOrString::List(items) => items,
            ListOrString::String(text) => text.split([',', ' ', ';']).map(str::to_string).collect(),
        };
        TrustedProxies::parse(items.iter().map(String::as_str))
    }
}

impl TrustedProxies {
    /// Parses addresses (`10.0.0.5`, `::1`) and blocks (`10.0.0.0/8`); names the bad one.
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in items.into_iter().map(str::trim).filter(|s| !s.is_empty()) {
            let net = IpNet::from_str(item)
                .or_else(|_| IpAddr::from_str(item).map(IpNet::from))
                .map_err(|_| {
                    format!("server.trusted_proxies : « {item} » n'est ni une adresse IP ni un bloc CIDR")
                })?;
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client as the guichet believes it to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    /// The client's address (`None`: unknown, e.g. a test request without a socket).
    pub ip: Option<IpAddr>,
    /// Did the client reach the guichet over HTTPS (as far as a trusted proxy says)?
    pub https: bool,
}

/// The client of a request coming from `peer` with the given forwarded headers (every
/// `X-Forwarded-For` value joined by commas). From a trusted peer, the client is the right-most
/// address of `X-Forwarded-For` that is not itself a trusted proxy (the left-most if all are),
/// and the scheme the last value of `X-Forwarded-Proto`; from anybody else, both headers are
/// ignored.
pub fn resolve(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    forwarded_proto: Option<&str>,
    direct_https: bool,
    trusted: &TrustedProxies,
) -> Client {
    let direct = Client {
        ip: peer.map(canonical),
        https: direct_https,
    };
    let Some(peer) = peer.filter(|p| trusted.contains(*p)) else {
        return direct;
    };
    let hops: Vec<IpAddr> = forwarded_for
        .unwrap_or("")
        .split(',')
        .filter_map(|h| parse_hop(h.trim()))
        .collect();
    let ip = hops
        .iter()
        .rev()
        .find(|h| !trusted.contains(**h))
        .or_else(|| hops.first())
        .copied()
        .unwrap_or(peer);
    let https =
        match forwarded_proto.and_then(|p| p.split(',').map(str::trim).rfind(|s| !s.is_empty())) {
            Some(proto) => proto.eq_ignore_ascii_case("https"),
            None => direct_https,
        };
    Client {
        ip: Some(canonical(ip)),
        https,
    }
}

/// One `X-Forwarded-For` entry: `203.0.113.7`, `203.0.113.7:51234`, `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = IpAddr::from_str(hop) {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest
            .split_once(']')
            .and_then(|(ip, _)| IpAddr::from_str(ip).ok());
    }
    hop.rsplit_once(':')
        .and_then(|(ip, _)| std::net::Ipv4Addr::from_str(ip).ok())
        .map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        IpAddr::from_str(text).ok()
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(list.iter().copied()).expect("proxies")
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let none = TrustedProxies::default();
        let c = resolve(
            ip("198.51.100.9"),
            Some("203.0.113.7"),
            Some("https"),
            false,
            &none,
        );
        assert_eq!(
            c,
            Client {
                ip: ip("198.51.100.9"),
                https: false
            }
        );
        let other = proxies(&["10.0.0.0/8"]);
        let c = resolve(
            ip("198.51.100.9"),
            Some("203.0.113.7"),
            Some("https"),
            false,
            &other,
        );
        assert_eq!(c.ip, ip("198.51.100.9"));
        assert!(!c.https);
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_the_scheme() {
        let p = proxies(&["10.0.0.0/8", "127.0.0.1"]);
        let c = resolve(
            ip("127.0.0.1"),
            Some("203.0.113.7"),
            Some("https"),
            false,
            &p,
        );
        assert_eq!(
            c,
            Client {
                ip: ip("203.0.113.7"),
                https: true
            }
        );
        // A client cannot push a forged address past the proxies: the right-most untrusted wins.
        let c = resolve(
            ip("10.1.2.3"),
            Some("1.2.3.4, 203.0.113.7, 10.0.0.2"),
            None,
            false,
            &p,
        );
        assert_eq!(c.ip, ip("203.0.113.7"));
        assert!(!c.https);
        // Only proxies in the chain: the left-most.
        let c = resolve(
            ip("10.1.2.3"),
            Some("10.0.0.9, 10.0.0.2"),
            Some("http"),
            true,
            &p,
        );
        assert_eq!(
            c,
            Client {
                ip: ip("10.0.0.9"),
                https: false
            }
        );
        // No header: the proxy itself.
        let c = resolve(ip("10.1.2.3"), None, None, false, &p);
        assert_eq!(c.ip, ip("10.1.2.3"));
        // Ports and IPv6 forms, mapped IPv4 peers.
        let c = resolve(
            ip("::ffff:127.0.0.1"),
            Some("[2001:db8::1]:443"),
            None,
            false,
            &p,
        );
        assert_eq!(c.ip, ip("2001:db8::1"));
        let c = resolve(ip("127.0.0.1"), Some("203.0.113.7:5000"), None, false, &p);
        assert_eq!(c.ip, ip("203.0.113.7"));
    }

    #[test]
    fn parses_lists_and_names_a_bad_entry() {
        let parsed: TrustedProxies =
            serde_json::from_str(r#""10.0.0.0/8, 127.0.0.1 ::1""#).expect("chaîne");
        assert_eq!(parsed, proxies(&["10.0.0.0/8", "127.0.0.1", "::1"]));
        let parsed: TrustedProxies = serde_json::from_str(r#"["192.168.0.0/16"]"#).expect("liste");
        assert!(parsed.contains(IpAddr::from_str("192.168.4.2").expect("ip")));
        let err = TrustedProxies::parse(["10.0.0.300"]).expect_err("refusé");
        assert!(err.contains("10.0.0.300"), "{err}");
    }
}
