//! Firewall rules and routes written as lines of label text, read for the segmentation rules:
//! `ACCEPT: 10.10.0.0/16 → 10.10.0.0/16`, `permit ip 10.0.1.0/24 10.0.2.0/24`,
//! `deny from 10.0.4.0/24 to 10.0.3.0/24` (rules), and `10.3.0.0/16 → Shared` (a route to a
//! named next hop).
//!
//! Only lines that say both ends as CIDR blocks are rules here: `ACCEPT: 443/tcp → 10.10.1.10`
//! names a port and a host, not two address spaces, and `Allow HTTPS from Internet` names no
//! block at all. A line is read as written; rule order and chains are not modelled, so a rule
//! that another line denies is treated as denied (the reading that raises fewer findings).

use ipnet::IpNet;

use super::net_text::{after_arrow, has_any};
use crate::model::addr::{AddrValue, scan};
use crate::model::text::normalise;

/// What a rule line does with the traffic it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// `ACCEPT`, `allow`, `permit`, `pass`, `허용`, `許可`.
    Allow,
    /// `DROP`, `deny`, `reject`, `block`, `차단`, `拒否`.
    Deny,
}

/// A rule line: an action and the two blocks it joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RuleLine {
    /// What it does.
    pub action: Action,
    /// The source block.
    pub src: IpNet,
    /// The destination block.
    pub dst: IpNet,
    /// The line, trimmed, as written.
    pub line: String,
}

impl RuleLine {
    /// True when the rule matches traffic from anywhere in `from` to anywhere in `to`.
    pub fn covers(&self, from: IpNet, to: IpNet) -> bool {
        self.src.contains(&from) && self.dst.contains(&to)
    }
}

const ALLOW: &[&str] = &[
    "accept", "allow", "allowed", "permit", "pass", "허용", "許可",
];
const DENY: &[&str] = &[
    "deny", "denied", "drop", "reject", "block", "blocked", "차단", "거부", "拒否", "遮断",
];
/// Words that may stand between a rule's two blocks (besides arrows and punctuation).
const BETWEEN: &[&str] = &[
    "to",
    "dst",
    "dest",
    "destination",
    "any",
    "ip",
    "tcp",
    "udp",
];

/// The rule lines of a label (lines with exactly one kind of action word and two CIDR blocks
/// joined by an arrow, `to`, or nothing but blanks, as in an ACL).
pub(super) fn rule_lines(label: &str) -> Vec<RuleLine> {
    label.lines().filter_map(rule_line).collect()
}

fn rule_line(line: &str) -> Option<RuleLine> {
    let blocks: Vec<_> = scan(line)
        .into_iter()
        .filter_map(|f| match f.value {
            AddrValue::Network { net } => Some((f.start, f.end, net)),
            _ => None,
        })
        .collect();
    let [(_, first_end, src), (second_start, _, dst)] = blocks[..] else {
        return None;
    };
    let norm = normalise(line);
    let action = match (has_any(&norm, ALLOW), has_any(&norm, DENY)) {
        (true, false) => Action::Allow,
        (false, true) => Action::Deny,
        _ => return None,
    };
    let between = normalise(&line[first_end..second_start]);
    if !between.split_whitespace().all(|w| BETWEEN.contains(&w)) {
        return None;
    }
    Some(RuleLine {
        action,
        src,
        dst,
        line: line.trim().to_string(),
    })
}

/// A route line: a destination block and the words of the next hop it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RouteLine {
    /// The destination block (never a default route).
    pub dest: IpNet,
    /// The next hop's words, normalised (`" shared "`).
    pub next_hop: String,
    /// The next hop as written (`Shared`).
    pub next_hop_text: String,
    /// The line, trimmed, as written.
    pub line: String,
}

/// The routes of a label to a named next hop (`10.3.0.0/16 → Shared`,
/// `10.2.0.0/16 -> pcx-prod`); default routes and routes to an address are left out.
pub(super) fn route_lines(label: &str) -> Vec<RouteLine> {
    let mut out = Vec::new();
    for line in label.lines() {
        let found = scan(line);
        let [f] = &found[..] else {
            continue;
        };
        let AddrValue::Network { net } = f.value else {
            continue;
        };
        if net.prefix_len() == 0 {
            continue;
        }
        let Some(hop) = after_arrow(&line[f.end..]) else {
            continue;
        };
        out.push(RouteLine {
            dest: net,
            next_hop: normalise(hop),
            next_hop_text: hop.trim().to_string(),
            line: line.trim().to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    #[test]
    fn rules_in_the_notations_diagrams_use() {
        let r = rule_lines("Host firewall\nACCEPT: 10.10.0.0/16 → 10.10.0.0/16");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].action, Action::Allow);
        assert_eq!(
            (r[0].src, r[0].dst),
            (net("10.10.0.0/16"), net("10.10.0.0/16"))
        );
        let r = rule_lines("permit ip 10.0.1.0/24 10.0.2.0/24");
        assert_eq!((r[0].action, r[0].dst), (Action::Allow, net("10.0.2.0/24")));
        let r = rule_lines("Deny from 10.0.4.0/24 to 10.0.3.0/24");
        assert_eq!((r[0].action, r[0].src), (Action::Deny, net("10.0.4.0/24")));
        let r = rule_lines("REJECT: 10.10.3.0/24 → 0.0.0.0/0");
        assert_eq!((r[0].action, r[0].dst), (Action::Deny, net("0.0.0.0/0")));
        let r = rule_lines("허용 10.1.0.0/16 -> 10.2.0.0/16");
        assert_eq!(r[0].action, Action::Allow);
        assert!(r[0].covers(net("10.1.3.0/24"), net("10.2.0.0/24")));
        assert!(!r[0].covers(net("10.2.3.0/24"), net("10.2.0.0/24")));
    }

    #[test]
    fn what_is_not_a_rule() {
        assert!(rule_lines("ACCEPT: 443/tcp → 10.10.1.10").is_empty());
        assert!(rule_lines("Allow HTTPS from Internet").is_empty());
        assert!(rule_lines("VNet 10.0.0.0/16 peered with 10.1.0.0/16").is_empty());
        assert!(rule_lines("allow or deny 10.0.0.0/16 → 10.1.0.0/16").is_empty());
        assert!(rule_lines("allow 10.0.0.0/16 via hub then 10.1.0.0/16").is_empty());
    }

    #[test]
    fn routes_to_named_next_hops() {
        let r = route_lines("Development RT\n0.0.0.0/0 → Inspection\n10.3.0.0/16 → Shared");
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].dest, r[0].next_hop.as_str()),
            (net("10.3.0.0/16"), " shared ")
        );
        assert!(route_lines("10.0.0.0/16 → 10.1.0.4").is_empty());
        assert!(route_lines("App subnet 10.0.1.0/24").is_empty());
    }

    proptest::proptest! {
        /// Any label text is read as rules and routes without panicking.
        #[test]
        fn any_label_is_read(label in "([a-zA-Z0-9 :/.>-]|10\\.0\\.0\\.0/16|→|허용|é|\n){0,40}") {
            let _ = rule_lines(&label);
            let _ = route_lines(&label);
        }
    }
}
