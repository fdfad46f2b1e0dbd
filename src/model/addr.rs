//! IPv4 and IPv6 addresses and CIDR blocks written in label text (`10.0.4.0/24`,
//! `주소 공간: 10.0.0.0/16`, `fd00:10::/48`, `(10.0.4.10)`), malformed ones included.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;
use serde::Serialize;

use crate::source::Span;

/// What an address text says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AddrValue {
    /// A CIDR block, as written (host bits may be set).
    Network {
        /// The block.
        #[serde(serialize_with = "ser_display")]
        #[schemars(with = "String")]
        net: IpNet,
    },
    /// A single address.
    Host {
        /// The address.
        ip: IpAddr,
    },
    /// Something written as an address or block that is not one.
    Invalid {
        /// Why it is not valid.
        reason: String,
        /// True when it was written with a `/prefix`.
        cidr: bool,
    },
}

fn ser_display<S: serde::Serializer>(net: &IpNet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(net)
}

/// What an address written in a diagram stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AddrRole {
    /// An address space: a VNet, VPC or subnet range (`10.0.1.0/24` in a subnet's title).
    Network,
    /// An interface address with its prefix (`OPNsense LAN 10.10.10.1/24`, a `/32`): a host
    /// of the network the prefix names.
    Interface,
    /// A single address (`10.0.4.10`).
    Host,
    /// The destination or source of a route or a rule (`0.0.0.0/0`, `10.3.0.0/16 → Shared`,
    /// `Source: 35.235.240.0/20`): neither an address space nor a host.
    Route,
    /// Written as an address, but not one.
    Invalid,
}

/// An address or CIDR block found in a label, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    /// The text as written.
    pub text: String,
    /// Where it is written in the diagram source, when it could be located.
    pub span: Option<Span>,
    /// Its value.
    pub value: AddrValue,
    /// What it stands for (see [`AddrRole`]); the model refines it from the words around it.
    pub role: AddrRole,
}

impl Address {
    /// The block, when this is a valid CIDR.
    pub fn network(&self) -> Option<IpNet> {
        match self.value {
            AddrValue::Network { net } => Some(net),
            _ => None,
        }
    }

    /// The address as a host: a single address, or an interface address with its prefix.
    pub fn host(&self) -> Option<IpAddr> {
        match (self.role, &self.value) {
            (AddrRole::Host, AddrValue::Host { ip }) => Some(*ip),
            (AddrRole::Interface, AddrValue::Network { net }) => Some(net.addr()),
            _ => None,
        }
    }

    /// True when this is an address space (a valid CIDR in the [`AddrRole::Network`] role).
    pub fn is_space(&self) -> bool {
        self.role == AddrRole::Network && self.network().is_some()
    }

    /// True when this was written as a CIDR block (valid or not).
    pub fn is_cidr(&self) -> bool {
        matches!(
            self.value,
            AddrValue::Network { .. } | AddrValue::Invalid { cidr: true, .. }
        )
    }
}

/// One address-like token in a text: byte range and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the scanned text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// What it is.
    pub value: AddrValue,
}

fn is_run_char(b: u8) -> bool {
    b.is_ascii_hexdigit() || b == b'.' || b == b':'
}

/// Every address and CIDR block in `text`, in order.
pub fn scan(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    // Every address has a decimal digit or a `:`, and `candidate` reads only runs with two
    // dots or two colons.
    if !bytes.iter().any(|&b| b.is_ascii_digit() || b == b':') {
        return Vec::new();
    }
    let count = |c: u8| bytes.iter().filter(|&&b| b == c).count();
    if count(b'.') < 2 && count(b':') < 2 {
        return Vec::new();
    }
    scan_runs(text)
}

/// The scan itself: every run of address characters at a word boundary, read by `candidate`.
fn scan_runs(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b.is_ascii_hexdigit() || b == b':') {
            i += 1;
            continue;
        }
        // `b` is ASCII, so `i` is a character boundary.
        // A literal `\n` written as a line break (`VPS-1\\n10.255.1.0/24`) separates words too.
        let escaped_break = text[..i].ends_with("\\n");
        let boundary = escaped_break
            || text[..i]
                .chars()
                .next_back()
                .is_none_or(|p| !(p.is_alphanumeric() || matches!(p, '.' | ':' | '_')));
        if !boundary {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && is_run_char(bytes[j]) {
            j += 1;
        }
        match candidate(text, i, j) {
            Some(f) => {
                i = f.end;
                found.push(f);
            }
            None => i = j.max(i + 1),
        }
    }
    found
}

/// Reads an address starting at `start`, whose run of address characters ends at `run_end`.
fn candidate(text: &str, start: usize, run_end: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let run = &text[start..run_end];
    let colons = run.bytes().filter(|&b| b == b':').count();
    let dots = run.bytes().filter(|&b| b == b'.').count();
    // IPv6: `::` or eight groups.
    if colons >= 2 && (run.contains("::") || colons == 7) {
        let addr_end = run_end;
        let (prefix, end) = read_prefix(text, addr_end);
        if followed_by_word(text, end) {
            return None;
        }
        let addr_text = &text[start..addr_end];
        return match (addr_text.parse::<Ipv6Addr>(), prefix) {
            (Ok(ip), None) => Some(found(start, end, AddrValue::Host { ip: IpAddr::V6(ip) })),
            (Err(_), None) => None,
            (Ok(ip), Some(p)) => Some(found(start, end, network(IpAddr::V6(ip), p))),
            (Err(_), Some(_)) => Some(found(
                start,
                end,
                AddrValue::Invalid {
                    reason: format!("`{addr_text}` is not an IPv6 address"),
                    cidr: true,
                },
            )),
        };
    }
    // IPv4: digits and dots, then perhaps `/prefix` or `:port`.
    if dots < 2 {
        return None;
    }
    let mut addr_end = start;
    while addr_end < run_end && (bytes[addr_end].is_ascii_digit() || bytes[addr_end] == b'.') {
        addr_end += 1;
    }
    // A trailing dot ends a sentence, not an address.
    while addr_end > start && bytes[addr_end - 1] == b'.' {
        addr_end -= 1;
    }
    let addr_text = &text[start..addr_end];
    let parts: Vec<&str> = addr_text.split('.').collect();
    if parts.len() < 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    // Hex letters right after the digits: a word such as `1.2.3beta`, not an address.
    if addr_end < run_end && bytes[addr_end] != b':' && bytes[addr_end] != b'.' {
        return None;
    }
    let (prefix, end) = if addr_end < bytes.len() && bytes[addr_end] == b'/' {
        read_prefix(text, addr_end)
    } else {
        (None, addr_end)
    };
    if followed_by_word(text, end) {
        return None;
    }
    if parts.len() != 4 {
        return prefix.map(|_| {
            found(
                start,
                end,
                AddrValue::Invalid {
                    reason: format!(
                        "`{addr_text}` has {} parts; an IPv4 address has four",
                        parts.len()
                    ),
                    cidr: true,
                },
            )
        });
    }
    let mut octets = [0u8; 4];
    for (k, p) in parts.iter().enumerate() {
        match p.parse::<u32>() {
            Ok(v) if v <= 255 && p.len() <= 3 => octets[k] = v as u8,
            _ => {
                return Some(found(
                    start,
                    end,
                    AddrValue::Invalid {
                        reason: format!("`{p}` is not an octet (0 to 255) in `{addr_text}`"),
                        cidr: prefix.is_some(),
                    },
                ));
            }
        }
    }
    let ip = IpAddr::V4(Ipv4Addr::from(octets));
    Some(match prefix {
        None => found(start, end, AddrValue::Host { ip }),
        Some(p) => found(start, end, network(ip, p)),
    })
}

fn found(start: usize, end: usize, value: AddrValue) -> Found {
    Found { start, end, value }
}

/// Reads `/digits` at `at`; returns the prefix text and where the token ends.
fn read_prefix(text: &str, at: usize) -> (Option<&str>, usize) {
    let bytes = text.as_bytes();
    if at >= bytes.len() || bytes[at] != b'/' {
        return (None, at);
    }
    let mut end = at + 1;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end == at + 1 {
        return (None, at);
    }
    (Some(&text[at + 1..end]), end)
}

fn followed_by_word(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn network(ip: IpAddr, prefix: &str) -> AddrValue {
    let max = if ip.is_ipv4() { 32 } else { 128 };
    match prefix.parse::<u8>() {
        Ok(p) if p <= max && !(prefix.len() > 1 && prefix.starts_with('0')) => AddrValue::Network {
            net: IpNet::new(ip, p).expect("prefix checked"),
        },
        _ => AddrValue::Invalid {
            reason: format!(
                "prefix `/{prefix}` is longer than the {max} bits of an {} address",
                if ip.is_ipv4() { "IPv4" } else { "IPv6" }
            ),
            cidr: true,
        },
    }
}

/// Finds the addresses in a label. When `source` and `span` are given (the label as written in
/// the diagram), the addresses are read from there and carry exact spans; otherwise from `text`
/// without spans.
pub fn addresses(text: &str, located: Option<(&str, Span)>) -> Vec<Address> {
    let (scanned, base) = match located {
        Some((source, span)) if span.end as usize <= source.len() => {
            (&source[span.range()], Some(span.start as usize))
        }
        _ => (text, None),
    };
    scan(scanned)
        .into_iter()
        .map(|f| {
            let role = role_in_context(scanned, f.start, f.end, &f.value);
            Address {
                text: scanned[f.start..f.end].to_string(),
                span: base.map(|b| Span::new(b + f.start, b + f.end)),
                value: f.value,
                role,
            }
        })
        .collect()
}

/// Words that, just before a block on the same line, make it a route's or a rule's
/// destination or source.
const ROUTE_WORDS: &[&str] = &[
    "route",
    "routes",
    "udr",
    "dest",
    "destination",
    "source",
    "src",
    "allow",
    "deny",
    "accept",
    "drop",
    "permit",
    "from",
    "to",
    "next hop",
    "라우트",
    "허용",
    "차단",
    "경로",
    "許可",
    "拒否",
    "ルート",
];

/// The role of an address found at `start..end` of `text` (see [`AddrRole`]): the words on its
/// line tell routes and rules apart from address spaces. The model refines it by the node's
/// kind.
fn role_in_context(text: &str, start: usize, end: usize, value: &AddrValue) -> AddrRole {
    let net = match value {
        AddrValue::Host { .. } => return AddrRole::Host,
        AddrValue::Invalid { .. } => return AddrRole::Invalid,
        AddrValue::Network { net } => *net,
    };
    if net.prefix_len() == 0 {
        return AddrRole::Route;
    }
    let line_start = text[..start]
        .rfind(['\n', '|'])
        .map_or(0, |i| i + 1)
        .max(text[..start].rfind("<br").map_or(0, |i| i + 1));
    let before = text[line_start..start].trim_end();
    let after = text[end..].trim_start();
    let arrow = |s: &str| s.starts_with(['→', '⇒']) || s.starts_with("->") || s.starts_with("=>");
    let arrow_before =
        before.ends_with(['→', '⇒', '←']) || before.ends_with("->") || before.ends_with("=>");
    if arrow(after) || arrow_before {
        return AddrRole::Route;
    }
    let lower = before.to_lowercase();
    let last_word = lower
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if ROUTE_WORDS.iter().any(|w| {
        *w == last_word || (w.contains(' ') && lower.trim_end_matches([':', ' ', '=']).ends_with(w))
    }) {
        return AddrRole::Route;
    }
    let host_bits = net.addr() != net.network();
    let full = net.prefix_len() == net.max_prefix_len();
    if host_bits || full {
        AddrRole::Interface
    } else {
        AddrRole::Network
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn byte_filter_keeps_every_address(text in "([ .:/a-fA-F0-9xyz]|10\\.0\\.4\\.0/24|fd00::|::1|한|<br>){0,16}") {
            proptest::prop_assert_eq!(scan(&text), scan_runs(&text));
        }
    }

    fn values(text: &str) -> Vec<String> {
        scan(text)
            .into_iter()
            .map(|f| match f.value {
                AddrValue::Network { net } => format!("net {net} @{}", f.start),
                AddrValue::Host { ip } => format!("ip {ip}"),
                AddrValue::Invalid { reason, cidr } => format!("invalid({cidr}) {reason}"),
            })
            .collect()
    }

    #[test]
    fn finds_cidrs_in_titles() {
        assert_eq!(
            values("🏢 VNet<br>주소 공간: 10.0.0.0/16"),
            ["net 10.0.0.0/16 @28"]
        );
        assert_eq!(
            values("Gateway Subnet (10.0.4.0/24)"),
            ["net 10.0.4.0/24 @16"]
        );
        assert_eq!(
            values("v6 fd00:10::/48 and 2001:db8::/32"),
            ["net fd00:10::/48 @3", "net 2001:db8::/32 @20"]
        );
        assert_eq!(values("10.0.1.5/24"), ["net 10.0.1.5/24 @0"]);
    }

    #[test]
    fn keeps_malformed_ones() {
        assert_eq!(
            values("10.0.300.0/24"),
            ["invalid(true) `300` is not an octet (0 to 255) in `10.0.300.0`"]
        );
        assert_eq!(
            values("10.0.0.0/33"),
            ["invalid(true) prefix `/33` is longer than the 32 bits of an IPv4 address"]
        );
        assert_eq!(
            values("10.0.1/24"),
            ["invalid(true) `10.0.1` has 3 parts; an IPv4 address has four"]
        );
        assert_eq!(values("fd00::g/64"), Vec::<String>::new());
        assert_eq!(
            values("fd00:::1/64"),
            ["invalid(true) `fd00:::1` is not an IPv6 address"]
        );
    }

    #[test]
    fn finds_hosts_and_ignores_lookalikes() {
        assert_eq!(values("Private IP<br/>(10.0.4.10)"), ["ip 10.0.4.10"]);
        assert_eq!(values("10.0.4.10:8080"), ["ip 10.0.4.10"]);
        assert_eq!(
            values("OWASP CRS 3.2, TLS 1.3, Ubuntu 22.04, v1.2.3.4"),
            Vec::<String>::new()
        );
        assert_eq!(
            values("user-service:8080 NodePort 30080/30443 10:30:00"),
            Vec::<String>::new()
        );
        assert_eq!(
            values("99.999999999% Zone 1/2/3 D4s_v3 1.29+"),
            Vec::<String>::new()
        );
        assert_eq!(values("fd00:10::5"), ["ip fd00:10::5"]);
        assert_eq!(values("00:1a:2b:3c:4d:5e"), Vec::<String>::new());
        assert_eq!(values("at 10.0.0.1."), ["ip 10.0.0.1"]);
    }
}
