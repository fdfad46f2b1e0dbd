//! Facts read from label text: ports (`:8080`, `TCP:5432`, `Port: 5432`, `NodePort 30080`),
//! protocols (`HTTPS/AMQP`), replica counts (`3 replicas`, `Replicas: 2`) and routes
//! (`/api/users/**`).

use serde::Serialize;

use super::text;
use crate::source::Span;

/// A port named in a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Port {
    /// The port number.
    pub number: u16,
    /// The protocol written with it (`TCP` in `TCP:5432`), upper case.
    pub protocol: Option<String>,
    /// True for `NodePort 30080`.
    pub node_port: bool,
    /// Where the number is written, when it could be located.
    pub span: Option<Span>,
}

/// A replica count: `3 replicas` (min = max = 3) or `3-20 replicas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Replicas {
    /// The lower bound.
    pub min: u32,
    /// The upper bound.
    pub max: u32,
}

impl std::fmt::Display for Port {
    /// `TCP:5432`, `NodePort 30080` or `8080`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.protocol, self.node_port) {
            (_, true) => write!(f, "NodePort {}", self.number),
            (Some(proto), false) => write!(f, "{proto}:{}", self.number),
            (None, false) => write!(f, "{}", self.number),
        }
    }
}

impl std::fmt::Display for Replicas {
    /// `3`, or `3-20` for a range.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}-{}", self.min, self.max)
        }
    }
}

/// The protocols topomaid recognises on labels.
const PROTOCOLS: &[&str] = &[
    "TCP",
    "UDP",
    "HTTP",
    "HTTPS",
    "HTTP2",
    "TLS",
    "MTLS",
    "AMQP",
    "AMQPS",
    "MQTT",
    "GRPC",
    "JDBC",
    "SSH",
    "RDP",
    "WS",
    "WSS",
    "WEBSOCKET",
    "KAFKA",
    "REDIS",
    "SMTP",
    "DNS",
    "NTP",
    "LDAP",
    "LDAPS",
    "FTP",
    "SFTP",
    "ICMP",
    "QUIC",
    "REST",
    "SQL",
    "POSTGRESQL",
    "MYSQL",
    "RESP",
];

fn protocol(word: &str) -> Option<String> {
    protocol_name(word.as_bytes()).map(str::to_string)
}

/// The protocol a word names, as [`PROTOCOLS`] spells it.
fn protocol_name(word: &[u8]) -> Option<&'static str> {
    if word.len() < 2 || word.len() > 10 || !word[0].is_ascii_alphabetic() {
        return None;
    }
    PROTOCOLS
        .iter()
        .find(|p| p.as_bytes().eq_ignore_ascii_case(word))
        .copied()
}

/// Every protocol named in `text`, in order, without repeats (`HTTPS/AMQP` → HTTPS, AMQP).
pub fn protocols(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        if let Some(p) = protocol_name(word)
            && !out.iter().any(|q| q == p)
        {
            out.push(p.to_string());
        }
    }
    // The list lives as long as the model; the first push reserved four slots.
    out.shrink_to_fit();
    out
}

/// Every port in `text`. `base` is the offset of `text` in the diagram source, when `text` is
/// the label as written there.
pub fn ports(text: &str, base: Option<usize>) -> Vec<Port> {
    let bytes = text.as_bytes();
    if !bytes.iter().any(u8::is_ascii_digit) {
        return Vec::new();
    }
    let mut out: Vec<Port> = Vec::new();
    let span = |s: usize, e: usize| base.map(|b| Span::new(b + s, b + e));
    let push = |out: &mut Vec<Port>, p: Port| {
        if !out
            .iter()
            .any(|q| q.span.is_some() && q.span == p.span && q.number == p.number)
        {
            out.push(p);
        }
    };
    // Keyword forms: `Port: 5432`, `port 8080`, `NodePort: 30080/30443`, `포트 8080`.
    // `포` (U+D3EC) starts with the byte 0xED; a label without it needs no search for `포트`.
    let keywords: &[&str] = if text::find_ignore_ascii_case(text, "port", 0).is_none() {
        if bytes.contains(&0xED) {
            &["포트"]
        } else {
            &[]
        }
    } else {
        &["nodeport", "node port", "port", "포트"]
    };
    for key in keywords {
        let mut from = 0;
        while let Some(at) = text::find_ignore_ascii_case(text, key, from) {
            from = at + key.len();
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            // `port` inside `nodeport` is read by the `nodeport` pass.
            if !before_ok {
                continue;
            }
            let node_port = key.starts_with("node");
            let mut i = at + key.len();
            if bytes.get(i) == Some(&b's') {
                i += 1;
            }
            while i < bytes.len() && matches!(bytes[i], b' ' | b':' | b'=') {
                i += 1;
            }
            loop {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if i == start || i - start > 5 {
                    break;
                }
                if let Ok(n @ 1..=65535) = text[start..i].parse::<u32>() {
                    push(
                        &mut out,
                        Port {
                            number: n as u16,
                            protocol: None,
                            node_port,
                            span: span(start, i),
                        },
                    );
                }
                if i + 1 < bytes.len()
                    && matches!(bytes[i], b'/' | b',')
                    && bytes[i + 1].is_ascii_digit()
                {
                    i += 1;
                } else {
                    break;
                }
            }
        }
    }
    // Colon forms: `TCP:5432`, `user-service:8080`, `:8001`, `10.0.4.10:8080`.
    for (at, _) in text.match_indices(':') {
        let start = at + 1;
        let mut end = start;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if end == start || end - start > 5 {
            continue;
        }
        if bytes
            .get(end)
            .is_some_and(|&b| b == b':' || b == b'.' || b.is_ascii_alphanumeric())
        {
            continue;
        }
        let before = &text[..at];
        if let Some(prev) = before.chars().next_back()
            && prev.is_ascii_digit()
        {
            // Only an IPv4 address may end in a digit before a port (`10:30` is a time).
            let tail: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if tail.matches('.').count() != 3 {
                continue;
            }
        }
        // `Port: 8080` was read above.
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '.')
            .last()
            .map_or(at, |(i, _)| i);
        let word = &before[word_start..];
        if word.eq_ignore_ascii_case("port") || word.eq_ignore_ascii_case("nodeport") {
            continue;
        }
        // An image tag, not a port: `bitnami/postgresql:16`, `postgres:16-alpine`.
        let image_path = before[..word_start].ends_with('/') && !word.is_empty();
        let tag_suffix = bytes.get(end) == Some(&b'-')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
        if image_path || tag_suffix {
            continue;
        }
        let Ok(n @ 1..=65535) = text[start..end].parse::<u32>() else {
            continue;
        };
        let proto = protocol(word);
        let sp = span(start, end);
        if out.iter().any(|p| p.span == sp && sp.is_some()) {
            continue;
        }
        out.push(Port {
            number: n as u16,
            protocol: proto,
            node_port: false,
            span: sp,
        });
    }
    word_forms(text, &mut |start, end, n, proto| {
        let sp = span(start, end);
        let known = if sp.is_some() {
            out.iter().any(|p| p.span == sp)
        } else {
            out.iter().any(|p| p.number == n)
        };
        if !known {
            out.push(Port {
                number: n,
                protocol: proto.map(str::to_string),
                node_port: false,
                span: sp,
            });
        }
    });
    out.sort_by_key(|p| p.span.map(|s| s.start));
    // Most labels name one port; the list lives as long as the model.
    out.shrink_to_fit();
    out
}

/// Protocols that name a transport or wire protocol, so that a number written after them is a
/// port (`HTTPS 443`, `TCP/1433`, `gRPC 50051`). Product names that are followed by versions
/// (`MySQL 8`, `Redis 7`, `Kafka 3`) are not among them.
const PORT_PROTOCOLS: &[&str] = &[
    "TCP", "UDP", "HTTP", "HTTPS", "HTTP2", "TLS", "MTLS", "AMQP", "AMQPS", "MQTT", "GRPC", "JDBC",
    "SSH", "RDP", "WS", "WSS", "SMTP", "DNS", "NTP", "LDAP", "LDAPS", "FTP", "SFTP", "QUIC",
    "SCTP",
];

/// The words and numbers of a text with their byte ranges: runs of ASCII letters and digits.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// The number a token holds, when it can be a port: digits only, 7 to 65535, and not a part of
/// an address or version (`10.0.0.1`, `1.3`, `2.4.1`).
fn port_number(text: &str, (start, end): (usize, usize)) -> Option<u16> {
    let bytes = text.as_bytes();
    let t = &text[start..end];
    if t.len() > 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let dotted = |at: Option<&u8>, next: Option<&u8>| {
        at == Some(&b'.') && next.is_some_and(u8::is_ascii_digit)
    };
    if dotted(bytes.get(end), bytes.get(end + 1))
        || (start >= 2 && dotted(bytes.get(start - 1), bytes.get(start - 2)))
    {
        return None;
    }
    match t.parse::<u32>() {
        Ok(n @ 7..=65535) => Some(n as u16),
        _ => None,
    }
}

/// Ports written with a protocol word or an arrow: `HTTPS 443`, `TCP 8443`, `TCP/1433`,
/// `TCP: 22`, `gRPC 50051`, `443/tcp`, `443 → 8080`. Calls `found(start, end, number,
/// protocol)` for each.
fn word_forms(text: &str, found: &mut impl FnMut(usize, usize, u16, Option<&'static str>)) {
    if !text.bytes().any(|b| b.is_ascii_alphabetic()) && !text.contains(['→', '>']) {
        return;
    }
    let toks = tokens(text);
    let proto_of = |(s, e): (usize, usize)| {
        let word = &text[s..e];
        PORT_PROTOCOLS
            .iter()
            .find(|p| p.eq_ignore_ascii_case(word))
            .copied()
    };
    for pair in toks.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let between = &text[a.1..b.0];
        let slash = between.trim() == "/";
        let spaced = between.len() <= 2 && between.chars().all(|c| c == ' ' || c == ':');
        let arrow = matches!(between.trim(), "→" | "->" | "=>" | "⇒");
        if slash || spaced {
            // `HTTPS 443`, `TCP/1433`
            if let (Some(p), Some(n)) = (proto_of(a), port_number(text, b)) {
                found(b.0, b.1, n, Some(p));
                continue;
            }
        }
        if slash
            && let (Some(n), Some(p)) = (port_number(text, a), proto_of(b))
            && matches!(p, "TCP" | "UDP" | "SCTP")
        {
            // `443/tcp`
            found(a.0, a.1, n, Some(p));
            continue;
        }
        if arrow
            && let (Some(m), Some(n)) = (port_number(text, a), port_number(text, b))
            && m >= 20
            && n >= 20
        {
            // `443 → 8080`
            found(a.0, a.1, m, None);
            found(b.0, b.1, n, None);
        }
    }
}

/// The replica count in `text`: `3 replicas`, `3-20 replicas`, `Replicas: 2`, `2~6 pods` is not
/// read (pods are not replicas of one service in every diagram).
pub fn replicas(text: &str) -> Option<Replicas> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text::find_ignore_ascii_case(text, "replica", from) {
        from = at + 7;
        // `Replicas: 2`
        let mut i = at + 7;
        if bytes.get(i).is_some_and(|b| b.eq_ignore_ascii_case(&b's')) {
            i += 1;
        }
        let mut j = i;
        while j < bytes.len() && matches!(bytes[j], b' ' | b':' | b'=') {
            j += 1;
        }
        if text[i..j].contains([':', '=']) && bytes.get(j).is_some_and(u8::is_ascii_digit) {
            let (n, _) = number(text, j);
            return Some(Replicas { min: n, max: n });
        }
        // `3 replicas`, `3-20 replicas`
        let head = text[..at].trim_end();
        let digits_end = head.len();
        let mut s = digits_end;
        while s > 0 && head.as_bytes()[s - 1].is_ascii_digit() {
            s -= 1;
        }
        if s == digits_end {
            continue;
        }
        let max: u32 = head[s..].parse().ok()?;
        let rest = head[..s].trim_end();
        let min = rest
            .strip_suffix(['-', '~'])
            .map(str::trim_end)
            .and_then(|r| {
                let e = r.len();
                let mut b = e;
                while b > 0 && r.as_bytes()[b - 1].is_ascii_digit() {
                    b -= 1;
                }
                r[b..].parse().ok()
            })
            .unwrap_or(max);
        return Some(Replicas { min, max });
    }
    None
}

fn number(text: &str, at: usize) -> (u32, usize) {
    let end = text[at..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |e| at + e);
    (text[at..end].parse().unwrap_or(u32::MAX), end)
}

/// Every route written in an edge label: a path that starts with `/` and holds a letter
/// (`/api/users/**`).
pub fn routes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('/') {
        let boundary = at == 0
            || matches!(
                bytes[at - 1],
                b' ' | b'"' | b'|' | b'>' | b'(' | b'\n' | b'\t'
            );
        if !boundary {
            continue;
        }
        let end = text[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "/_-.*{}:".contains(c)))
            .map_or(text.len(), |e| at + e);
        let route = &text[at..end];
        if route.len() > 1
            && route.chars().any(|c| c.is_ascii_alphabetic())
            && !route.starts_with("/>")
        {
            out.push(route.to_string());
        }
    }
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first version of `replicas`, reading a lower-case copy, kept to check the fast one
    /// against.
    fn replicas_reference(text: &str) -> Option<Replicas> {
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let mut from = 0;
        while let Some(at) = text::find(&lower, "replica", from) {
            from = at + 7;
            // `Replicas: 2`
            let mut i = at + 7;
            if bytes.get(i) == Some(&b's') {
                i += 1;
            }
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b' ' | b':' | b'=') {
                j += 1;
            }
            if lower[i..j].contains([':', '=']) && bytes.get(j).is_some_and(u8::is_ascii_digit) {
                let (n, _) = number(&lower, j);
                return Some(Replicas { min: n, max: n });
            }
            // `3 replicas`, `3-20 replicas`
            let head = lower[..at].trim_end();
            let digits_end = head.len();
            let mut s = digits_end;
            while s > 0 && head.as_bytes()[s - 1].is_ascii_digit() {
                s -= 1;
            }
            if s == digits_end {
                continue;
            }
            let max: u32 = head[s..].parse().ok()?;
            let rest = head[..s].trim_end();
            let min = rest
                .strip_suffix(['-', '~'])
                .map(str::trim_end)
                .and_then(|r| {
                    let e = r.len();
                    let mut b = e;
                    while b > 0 && r.as_bytes()[b - 1].is_ascii_digit() {
                        b -= 1;
                    }
                    r[b..].parse().ok()
                })
                .unwrap_or(max);
            return Some(Replicas { min, max });
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn replicas_agree_with_reference(text in "([ :=~\\-0-9]|[rR]eplica[sS]?|REPLICAS?|Replicas: |REPLICAS=|한|<br/>){0,12}") {
            proptest::prop_assert_eq!(replicas(&text), replicas_reference(&text));
        }

        #[test]
        fn ports_point_at_their_numbers(text in "([ :/,=.a-zA-Z0-9]|[pP]ort|NodePort|node port|포트|TCP|HTTPS|→|->|한|<br/>|10\\.0\\.4\\.10){0,16}") {
            for p in ports(&text, Some(3)) {
                let span = p.span.expect("located");
                let digits = &text[span.start as usize - 3..span.end as usize - 3];
                proptest::prop_assert_eq!(digits.parse::<u16>().ok(), Some(p.number));
            }
        }
    }

    fn nums(text: &str) -> Vec<(u16, Option<String>, bool)> {
        ports(text, Some(0))
            .into_iter()
            .map(|p| (p.number, p.protocol, p.node_port))
            .collect()
    }

    #[test]
    fn reads_ports() {
        assert_eq!(
            nums("Private Link<br/>TCP:5432"),
            [(5432, Some("TCP".into()), false)]
        );
        assert_eq!(nums("user-service:8080"), [(8080, None, false)]);
        assert_eq!(
            nums("/api/users/**<br/>NodePort 30080"),
            [(30080, None, true)]
        );
        assert_eq!(
            nums("NodePort: 30080/30443"),
            [(30080, None, true), (30443, None, true)]
        );
        assert_eq!(nums("Port: 5432<br/>Storage: 100GB"), [(5432, None, false)]);
        assert_eq!(nums("\":8001\""), [(8001, None, false)]);
        assert_eq!(nums("AMQP/TLS:5671"), [(5671, Some("TLS".into()), false)]);
        assert_eq!(nums("10.0.4.10:8080"), [(8080, None, false)]);
        assert_eq!(
            nums("HPA: 2~6 pods, RTO: 4hrs, 10:30, TTL: 14 days, HTTPS:443"),
            [(443, Some("HTTPS".into()), false)]
        );
    }

    #[test]
    fn reads_ports_after_protocol_words() {
        let tcp = |n| (n, Some("TCP".to_string()), false);
        assert_eq!(nums("HTTPS 443"), [(443, Some("HTTPS".into()), false)]);
        assert_eq!(nums("TCP 8443"), [tcp(8443)]);
        assert_eq!(nums("443/tcp"), [tcp(443)]);
        assert_eq!(nums("TCP/1433"), [tcp(1433)]);
        assert_eq!(nums("Allow SSH TCP: 22"), [tcp(22)]);
        assert_eq!(nums("gRPC 50051"), [(50051, Some("GRPC".into()), false)]);
        assert_eq!(
            nums("443 → 8080"),
            [(443, None, false), (8080, None, false)]
        );
        assert_eq!(nums("80 -> 8080"), [(80, None, false), (8080, None, false)]);
    }

    #[test]
    fn versions_and_image_tags_are_not_ports() {
        assert_eq!(nums("bitnami/postgresql:16"), []);
        assert_eq!(nums("postgres:16-alpine"), []);
        assert_eq!(nums("TLS 1.3, HTTP/2, HTTP 1.1"), []);
        assert_eq!(nums("MySQL 8 · Redis 7 · Kafka 3"), []);
        assert_eq!(nums("10.0.0.1 → 10.0.0.2"), []);
        assert_eq!(nums("3 → 5 replicas"), []);
        assert_eq!(
            nums("postgresql:5432"),
            [(5432, Some("POSTGRESQL".into()), false)]
        );
    }

    #[test]
    fn reads_protocols_replicas_and_routes() {
        assert_eq!(protocols("Private Link<br/>HTTPS/AMQP"), ["HTTPS", "AMQP"]);
        assert_eq!(
            replicas("(3 replicas, HPA)"),
            Some(Replicas { min: 3, max: 3 })
        );
        assert_eq!(
            replicas("Replicas: 2<br/>Port: 8080"),
            Some(Replicas { min: 2, max: 2 })
        );
        assert_eq!(replicas("2-5 Replicas"), Some(Replicas { min: 2, max: 5 }));
        assert_eq!(replicas("HA replicas + HPA"), None);
        assert_eq!(replicas("PostgreSQL<br/>Read Replica 1"), None);
        assert_eq!(
            routes("\"/api/users/**<br/>NodePort 30080\""),
            ["/api/users/**"]
        );
        assert_eq!(routes("HTTPS/AMQP <br/>"), Vec::<String>::new());
    }
}
