//! What the network rules read from label text beyond the model's facts: routes and their next
//! hop (`0.0.0.0/0 → NAT-A`), the Internet as an endpoint, and the arrow heads of a link.
//!
//! Latin words are matched as whole words of the normalised text (`text::normalise`); Korean
//! and Japanese words anywhere, as those languages attach particles to words (`인터넷에서`).

use crate::model::text::{find, normalise};
use crate::model::{Edge, Endpoint, Model, Node};

/// Whether normalised text holds one of `words`: a Latin word or phrase as whole words, a
/// word with non-ASCII letters anywhere.
pub(super) fn has_any(norm: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has_word(norm, w))
}

/// Whether normalised text holds `word` (see [`has_any`]).
pub(super) fn has_word(norm: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return norm.contains(word);
    }
    // `norm` has a space at both ends and between words: a whole word has one on each side.
    let bytes = norm.as_bytes();
    let mut from = 0;
    while let Some(at) = find(norm, word, from) {
        let end = at + word.len();
        if at > 0 && bytes[at - 1] == b' ' && bytes.get(end) == Some(&b' ') {
            return true;
        }
        from = at + 1;
    }
    false
}

/// The first line of a label, normalised: what the node is, before the details.
pub(super) fn first_line(label: &str) -> String {
    normalise(label.lines().next().unwrap_or(""))
}

/// Where a default route sends traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NextHop {
    /// A NAT gateway or instance (Cloud NAT, NAT-A, natgw-…).
    Nat,
    /// An Internet gateway (IGW, `default-internet-gateway`, Azure's next hop `Internet`).
    InternetGateway,
    /// Anything else: a firewall, a transit gateway, an appliance's address.
    Other,
}

/// A default route written in a label, as `0.0.0.0/0 → NAT-A`, `::/0 -> igw-1`,
/// `default via NAT` or `0.0.0.0/0: Internet`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DefaultRoute {
    /// Where it goes.
    pub next_hop: NextHop,
    /// The line that says it, as written.
    pub line: String,
}

/// Words a default route's destination is written with (the Latin ones as whole words).
const DEFAULT_DESTINATIONS: &[&str] = &["0.0.0.0/0", "::/0", "default", "기본 경로", "デフォルト"];

/// What may stand between a default route's destination and its next hop.
const ROUTE_ARROWS: &[&str] = &[
    "-->", "->", "=>", "→", "⇒", "➜", "➔", "⟶", ":", "via", "to", "next hop", "nexthop", "route",
    "gw",
];

/// The default route a label writes, if any. The destination must be followed by an arrow (or
/// `via`, `to`, `:`) and a next hop: `10.0.3.0/24 → 0.0.0.0/0` (a destination) and
/// `Internet 0.0.0.0/0` (a name) are not routes.
pub(super) fn default_route(label: &str) -> Option<DefaultRoute> {
    label.lines().find_map(|line| {
        let lower = line.to_lowercase();
        for dest in DEFAULT_DESTINATIONS {
            let mut from = 0;
            while let Some(at) = lower[from..].find(dest).map(|i| from + i) {
                from = at + dest.len();
                if dest.is_ascii() && !boundary(&lower, at, from) {
                    continue;
                }
                let Some(hop) = after_arrow(&lower[from..]) else {
                    continue;
                };
                return Some(DefaultRoute {
                    next_hop: classify_hop(hop),
                    line: line.trim().to_string(),
                });
            }
        }
        None
    })
}

/// True when `text[start..end]` is not part of a longer word or number.
fn boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_');
    !joins(before) && !joins(after) && !text[..start].ends_with('/')
}

/// The text after a route arrow at the start of `rest` (spaces and `route`/`gw` words
/// allowed before the arrow), when there is a next hop after it.
pub(super) fn after_arrow(rest: &str) -> Option<&str> {
    let mut s = rest.trim_start();
    let mut arrows = 0;
    'strip: loop {
        for arrow in ROUTE_ARROWS {
            if let Some(tail) = s.strip_prefix(arrow)
                && (!arrow.chars().all(|c| c.is_ascii_alphabetic())
                    || tail.starts_with(|c: char| !c.is_alphanumeric()))
            {
                arrows += usize::from(!matches!(*arrow, "route" | "gw"));
                s = tail.trim_start();
                continue 'strip;
            }
        }
        break;
    }
    (arrows > 0 && s.chars().next().is_some_and(char::is_alphanumeric)).then_some(s)
}

/// What kind of next hop the text after a route arrow names: its first few words decide.
fn classify_hop(hop: &str) -> NextHop {
    let norm = normalise(hop);
    let words: Vec<&str> = norm.split_whitespace().take(3).collect();
    let nat = |w: &str| {
        w.strip_prefix("nat").is_some_and(|r| {
            matches!(r, "gw" | "gateway" | "instance") || r.bytes().all(|b| b.is_ascii_digit())
        })
    };
    if words.iter().any(|w| nat(w)) {
        return NextHop::Nat;
    }
    let igw = |w: &str| {
        w == "internet"
            || w.strip_prefix("igw")
                .is_some_and(|r| r.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    if words.iter().any(|w| igw(w)) || norm.contains("인터넷") || norm.contains("インターネット")
    {
        return NextHop::InternetGateway;
    }
    NextHop::Other
}

/// Words that make a node the Internet (or its gateway) when its first line says them.
const INTERNET: &[&str] = &[
    "internet",
    "igw",
    "internet gateway",
    "public internet",
    "www",
    "인터넷",
    "インターネット",
];

/// Words that make an Internet-sounding first line something else: a NAT gateway's outbound
/// access, an Internet-facing load balancer.
const NOT_INTERNET: &[&str] = &[
    "nat",
    "natgw",
    "facing",
    "load balancer",
    "alb",
    "elb",
    "nlb",
    "lb",
    "outbound",
    "egress",
    "access",
    "egress only",
];

/// True when a node is the Internet or an Internet gateway, by its first line (`🌐 Internet`,
/// `IGW`, `Internet Gateway`, `인터넷`), not a NAT gateway's `Outbound Internet Access`.
pub(super) fn is_internet_node(node: &Node) -> bool {
    let head = first_line(&node.label);
    has_any(&head, INTERNET) && !has_any(&head, NOT_INTERNET)
}

/// True when an endpoint is the Internet: an Internet node, a node inside a zone whose title
/// says Internet, or such a zone.
pub(super) fn is_internet(model: &Model, ep: Endpoint) -> bool {
    let zone_says = |z: crate::model::ZoneId| {
        let title = first_line(&model.zones[z.0].title);
        has_any(&title, INTERNET) && !has_any(&title, NOT_INTERNET)
    };
    match ep {
        Endpoint::Node(n) => {
            let node = &model.nodes[n.0];
            is_internet_node(node) || model.zone_chain(node.zone).any(zone_says)
        }
        Endpoint::Zone(z) => model.zone_chain(Some(z)).any(zone_says),
    }
}

/// How a link is drawn at its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Heads {
    /// `-->`: from the first end to the second.
    Forward,
    /// `<-->`, `x--x`, `o--o`: both ways.
    Both,
    /// `---`, `-.-`, `===`: no arrow head; often a tie rather than traffic.
    None,
}

/// The arrow heads of an edge, read from the link as written.
pub(super) fn heads(source: &str, edge: &Edge) -> Heads {
    if !edge.both_ways {
        return Heads::Forward;
    }
    let link = source.get(edge.span.range()).unwrap_or("").trim_start();
    if link.starts_with(['<', 'x', 'o']) {
        Heads::Both
    } else {
        Heads::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hop(label: &str) -> Option<NextHop> {
        default_route(label).map(|r| r.next_hop)
    }

    #[test]
    fn default_routes_and_their_next_hops() {
        assert_eq!(
            hop("Private Route Table A\n0.0.0.0/0 → NAT-A"),
            Some(NextHop::Nat)
        );
        assert_eq!(hop("Route table:\n0.0.0.0/0 -> NAT"), Some(NextHop::Nat));
        assert_eq!(hop("rt-private: 0.0.0.0/0 → nat-0a1b"), Some(NextHop::Nat));
        assert_eq!(hop("0.0.0.0/0 via Cloud NAT"), Some(NextHop::Nat));
        assert_eq!(hop("default → natgw"), Some(NextHop::Nat));
        assert_eq!(hop("::/0 -> NAT1"), Some(NextHop::Nat));
        assert_eq!(
            hop("Public route table\n0.0.0.0/0 → IGW"),
            Some(NextHop::InternetGateway)
        );
        assert_eq!(hop("0.0.0.0/0 → igw-0abc"), Some(NextHop::InternetGateway));
        assert_eq!(
            hop("UDR 0.0.0.0/0: Internet"),
            Some(NextHop::InternetGateway)
        );
        assert_eq!(
            hop("0.0.0.0/0 → 인터넷 게이트웨이"),
            Some(NextHop::InternetGateway)
        );
        assert_eq!(hop("0.0.0.0/0 → Inspection"), Some(NextHop::Other));
        assert_eq!(hop("UDR 0.0.0.0/0 → 10.0.10.4"), Some(NextHop::Other));
    }

    #[test]
    fn what_is_not_a_default_route() {
        assert_eq!(hop("Internet\n0.0.0.0/0"), None);
        assert_eq!(hop("REJECT: 10.10.3.0/24 → 0.0.0.0/0"), None);
        assert_eq!(hop("Route table:\nno default route - isolated"), None);
        assert_eq!(hop("10.0.0.0/16 → local"), None);
        assert_eq!(hop("10.0.0.0/0 → NAT"), None);
        assert_eq!(hop("Default Network ACL"), None);
    }

    #[test]
    fn words_match_whole_latin_words_and_cjk_anywhere() {
        let norm = normalise("Allow SSH from 인터넷에서");
        assert!(has_word(&norm, "ssh"));
        assert!(!has_word(&norm, "ss"));
        assert!(has_word(&norm, "인터넷"));
        assert!(has_any(&normalise("NAT-A"), &["nat"]));
    }

    proptest::proptest! {
        /// Any label text is read as a route (or not) without panicking.
        #[test]
        fn any_label_is_read_as_a_route(label in "([a-zA-Z0-9 :/.>=-]|0\\.0\\.0\\.0/0|::/0|→|기본 경로|デフォルト|İ|\n){0,40}") {
            let _ = default_route(&label);
        }
    }
}
