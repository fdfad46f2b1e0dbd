use super::impl_rule;
use super::net_text::{self, Heads, has_any, has_word};
use crate::lint::{Context, Violation, declare_rule};
use crate::model::provider::Provider;
use crate::model::text::normalise;
use crate::model::{Endpoint, Model, Node, NodeId, addr};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a firewall rule, security group, NSG or network ACL drawn as a node whose label
    /// admits SSH (22), RDP (3389), Telnet, WinRM, SMB or a database or cache port (1433,
    /// 1521, 3306, 5432, 6379, 9200, 27017, …) from anywhere: `0.0.0.0/0`, `::/0`, `*`,
    /// `Any`, `Internet` (`Allow SSH<br/>TCP: 22<br/>Source: 0.0.0.0/0`,
    /// `in: tcp/3389 ← 0.0.0.0/0`, `인터넷에서 SSH 22 허용`). An edge from the Internet into
    /// such a rule node that names those ports (`Internet -->|SSH 22| WebSG`) is reported
    /// too.
    ///
    /// The rule reads each line of the label as a clause (action, direction, ports, source),
    /// and a rule written over several lines (`Allow SSH` / `TCP: 22` / `Source: 0.0.0.0/0`)
    /// as one. It says nothing about deny rules, outbound rules, web ports (80, 443), sources
    /// that are a range or a name (`35.235.240.0/20`, `Trusted CIDR`, `alb-sg`, `VPN`), or
    /// an admin edge into a host (`Admin -->|SSH 22| JumpHost` is the intended way in).
    ///
    /// ## Why is this bad?
    /// Administrative and database ports open to the whole Internet are scanned within
    /// minutes of going live and are the first thing brute-force and exploit campaigns try;
    /// cfn-lint, tfsec, checkov and every cloud's security benchmark flag them. Remote access
    /// belongs behind a bastion, a VPN or the cloud's identity-aware tunnel, and a database
    /// should admit only its application tier.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart TB
    ///     Internet["🌐 Internet"] --> LB["External Load Balancer"]
    ///     subgraph VPC["VPC 10.0.0.0/16"]
    ///         LB --> Web["Web VM"]
    ///     end
    ///     subgraph FW["Firewall Rules"]
    ///         SSH["Allow SSH<br/>TCP: 22<br/>Source: 0.0.0.0/0"]
    ///         HTTPS["Allow HTTPS<br/>TCP: 443<br/>Source: 0.0.0.0/0"]
    ///     end
    ///     FW -.-> VPC
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart TB
    ///     Internet["🌐 Internet"] --> LB["External Load Balancer"]
    ///     subgraph VPC["VPC 10.0.0.0/16"]
    ///         LB --> Web["Web VM"]
    ///     end
    ///     subgraph FW["Firewall Rules"]
    ///         SSH["Allow SSH<br/>TCP: 22<br/>Source: 35.235.240.0/20 (IAP)"]
    ///         HTTPS["Allow HTTPS<br/>TCP: 443<br/>Source: 0.0.0.0/0"]
    ///     end
    ///     FW -.-> VPC
    /// ```
    ///
    /// ## Options
    /// None. A node's label is read as rules when it or a zone around it says firewall rule,
    /// security group (`SG`), NSG, ACL, inbound or ingress rule (보안 그룹, 인바운드 규칙;
    /// セキュリティグループ, インバウンドルール), or when the label says firewall, allow,
    /// permit, accept or inbound (방화벽, 허용; ファイアウォール, 許可). Only the first kind
    /// are judged by the edges into them: a firewall appliance that forwards SSH to a jump
    /// host is a way in, not a rule. A security group or inbound rule without an action word
    /// admits what it lists.
    ///
    /// ## References
    /// - [AWS: security group rules](https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html)
    /// - [AWS Systems Manager Session Manager](https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html)
    /// - [Azure Bastion](https://learn.microsoft.com/azure/bastion/bastion-overview)
    /// - [Google Cloud: TCP forwarding with IAP](https://cloud.google.com/iap/docs/using-tcp-forwarding)
    /// - [checkov: CKV_AWS_24, CKV_AWS_25 (no ingress from 0.0.0.0/0 to port 22 / 3389)](https://www.checkov.io/5.Policy%20Index/all.html)
    pub struct OpenAdminPort {
        id: "open-admin-port",
        severity: Warning,
        summary: "A firewall or security-group rule admits SSH, RDP or a database port from the whole Internet.",
    }
}

impl_rule!(OpenAdminPort);

/// Ports that must not face the Internet, with what listens on them.
const ADMIN_PORTS: &[(u16, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (135, "RPC"),
    (137, "NetBIOS"),
    (138, "NetBIOS"),
    (139, "NetBIOS"),
    (445, "SMB"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2375, "Docker API"),
    (2376, "Docker API"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5900, "VNC"),
    (5985, "WinRM"),
    (5986, "WinRM"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

/// Services named without a port.
const ADMIN_SERVICES: &[(&str, &str)] = &[
    ("ssh", "SSH"),
    ("rdp", "RDP"),
    ("remote desktop", "RDP"),
    ("telnet", "Telnet"),
    ("winrm", "WinRM"),
    ("smb", "SMB"),
    ("vnc", "VNC"),
    ("mysql", "MySQL"),
    ("mariadb", "MariaDB"),
    ("postgres", "PostgreSQL"),
    ("postgresql", "PostgreSQL"),
    ("mssql", "SQL Server"),
    ("sql server", "SQL Server"),
    ("mongodb", "MongoDB"),
    ("redis", "Redis"),
    ("elasticsearch", "Elasticsearch"),
];

/// Remote-administration services (the others are data services).
const REMOTE_ADMIN: &[&str] = &[
    "SSH",
    "RDP",
    "Telnet",
    "WinRM",
    "SMB",
    "VNC",
    "RPC",
    "NetBIOS",
    "Docker API",
];

const ALL_PORTS: &[&str] = &[
    "all ports",
    "all port",
    "any port",
    "all traffic",
    "all tcp",
    "all protocols",
    "모든 포트",
    "모든 트래픽",
    "全ポート",
    "すべてのポート",
    "全てのポート",
];

/// Words that make a node a filtering rule: a rule, a rule set or a policy, whose edges from
/// the Internet say what it admits.
const RULE_WORDS: &[&str] = &[
    "firewall rule",
    "firewall rules",
    "fw rule",
    "fw rules",
    "firewall policy",
    "nsg",
    "network security group",
    "security group",
    "security groups",
    "sg",
    "security rule",
    "security rules",
    "inbound rule",
    "inbound rules",
    "ingress rule",
    "ingress rules",
    "acl",
    "nacl",
    "network acl",
    "방화벽 규칙",
    "방화벽 정책",
    "보안 그룹",
    "보안그룹",
    "인바운드 규칙",
    "ファイアウォールルール",
    "ファイアウォール ルール",
    "セキュリティグループ",
    "インバウンドルール",
];

/// Words that make a node's own label clauses rules to read, but not the node a rule that an
/// edge passes through: a firewall appliance forwarding SSH to a jump host is the intended way
/// in (`Internet -->|SSH 22| FW --> Jump`), while its label's `allow 22 from any` is a rule.
const WEAK_RULE_WORDS: &[&str] = &[
    "firewall",
    "fw",
    "allow",
    "permit",
    "accept",
    "inbound",
    "방화벽",
    "허용",
    "인바운드",
    "ファイアウォール",
    "許可",
    "インバウンド",
];

/// Zone titles that make the nodes inside them rules (a bare `Firewall` zone may hold the
/// firewall's subnet and appliances).
const ZONE_RULE_WORDS: &[&str] = &[
    "firewall rule",
    "firewall rules",
    "fw rules",
    "security group",
    "security groups",
    "nsg",
    "nsgs",
    "network security groups",
    "acl",
    "acls",
    "nacl",
    "nacls",
    "inbound rules",
    "ingress rules",
    "방화벽 규칙",
    "보안 그룹",
    "보안그룹",
    "ファイアウォールルール",
    "ファイアウォール ルール",
    "セキュリティグループ",
];

/// Rules that admit what they list without saying `allow` (AWS security groups allow only).
const IMPLIED_ALLOW: &[&str] = &[
    "security group",
    "security groups",
    "sg",
    "nsg",
    "inbound rule",
    "inbound rules",
    "ingress rule",
    "ingress rules",
    "firewall rule",
    "firewall rules",
    "보안 그룹",
    "보안그룹",
    "인바운드 규칙",
    "セキュリティグループ",
    "インバウンドルール",
];

const ALLOW: &[&str] = &[
    "allow",
    "allows",
    "allowed",
    "permit",
    "permits",
    "permitted",
    "accept",
    "accepts",
    "accepted",
    "open",
    "opens",
    "허용",
    "許可",
];
const DENY: &[&str] = &[
    "deny",
    "denies",
    "denied",
    "drop",
    "drops",
    "reject",
    "rejects",
    "block",
    "blocks",
    "blocked",
    "거부",
    "차단",
    "拒否",
    "遮断",
    "ブロック",
];
const OUT: &[&str] = &["out", "outbound", "egress", "아웃바운드", "アウトバウンド"];
const IN: &[&str] = &["in", "inbound", "ingress", "인바운드", "インバウンド"];
const NEGATION: &[&str] = &[
    "no", "not", "never", "without", "금지", "없음", "禁止", "なし", "不可",
];

/// Words that name everyone, in a source.
const OPEN_WORDS: &[&str] = &[
    "any",
    "anywhere",
    "internet",
    "everyone",
    "world",
    "all",
    "anyipv4",
    "anyipv6",
    "인터넷",
    "모든",
    "전체",
    "インターネット",
    "全て",
    "すべて",
    "任意",
];
/// Words that name a trusted way in, in a source: they win over `Internet` (`Internet via
/// VPN`), not over a written `0.0.0.0/0`.
const RESTRICTING: &[&str] = &[
    "vpn",
    "bastion",
    "iap",
    "jump",
    "trusted",
    "office",
    "corp",
    "corporate",
    "admin",
    "management",
    "mgmt",
    "sg",
    "security group",
    "namespace",
    "namespaces",
    "pod",
    "pods",
    "cluster",
    "vpc",
    "vnet",
    "virtualnetwork",
    "subnet",
    "subnets",
    "node",
    "nodes",
    "internal",
    "private",
    "local",
    "lan",
    "load balancer",
    "azureloadbalancer",
    "health check",
    "health checks",
];

/// Who a clause admits.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// Nothing said.
    Unsaid,
    /// Everyone, as written.
    Open(String),
    /// A range, an address, a group, a bastion, a VPN.
    Restricted,
    /// Something else (`app subnets`): not everyone, but not a source an edge's own tail
    /// would contradict.
    Named,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Allow,
    Deny,
}

/// One line of a rule label (or an edge label) read as a filtering clause.
#[derive(Debug, Clone)]
struct Clause {
    /// The admin services it names: `SSH (22)`, `SSH`.
    admits: Vec<String>,
    /// `all ports`, `0-65535`.
    all_ports: bool,
    /// Whether it names any port or protocol at all (`HTTPS 443`).
    any_port: bool,
    source: Source,
    action: Option<Action>,
    outbound: bool,
    negated: bool,
}

impl Clause {
    fn has_ports(&self) -> bool {
        !self.admits.is_empty() || self.all_ports
    }

    /// What it admits, for the message.
    fn what(&self) -> Vec<String> {
        let mut what = self.admits.clone();
        if self.all_ports {
            what.push("all ports".into());
        }
        what
    }
}

/// The clauses of a label: one per line, and a line that gives several ports each its own
/// source (`22 ← admin IP · 8080 ← 0.0.0.0/0`) split at its separators (`·`, `•`, `;`, `|`).
fn clauses_of(label: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    for line in label.lines() {
        let lower = line.to_lowercase();
        let sources = ["←", "<-", " from ", "source"]
            .iter()
            .map(|m| lower.matches(m).count())
            .sum::<usize>();
        if sources >= 2 {
            out.extend(
                line.split(['·', '•', ';', '|'])
                    .filter(|part| !part.trim().is_empty())
                    .map(read_clause),
            );
        } else {
            out.push(read_clause(line));
        }
    }
    out
}

fn read_clause(line: &str) -> Clause {
    let lower = line.to_ascii_lowercase();
    let norm = normalise(line);
    let (mut admits, all_ports) = ports_in(line, &norm);
    for (word, name) in ADMIN_SERVICES {
        if has_word(&norm, word) {
            push_all(&mut admits, vec![(*name).to_string()]);
        }
    }
    let any_port =
        !ports_named(line).is_empty() || has_any(&norm, &["http", "https", "tcp", "udp", "icmp"]);
    let action = match (has_any(&norm, ALLOW), has_any(&norm, DENY)) {
        (true, false) => Some(Action::Allow),
        (false, true) => Some(Action::Deny),
        // `allow 443, deny the rest` says nothing clear about the port it names.
        (true, true) => Some(Action::Deny),
        (false, false) => None,
    };
    Clause {
        admits,
        all_ports,
        source: source_in(line, &lower),
        any_port,
        action,
        outbound: has_any(&norm, OUT) && !has_any(&norm, IN) || lower.contains("송신"),
        negated: has_any(&norm, NEGATION),
    }
}

/// The admin ports a line names, as `SSH (22)`, and whether it names every port.
fn ports_in(line: &str, norm: &str) -> (Vec<String>, bool) {
    let mut admits: Vec<String> = Vec::new();
    let mut all = has_any(norm, ALL_PORTS);
    for (lo, hi) in ports_named(line) {
        if lo <= 1 && hi == 65535 {
            all = true;
        } else if hi - lo <= 1024 {
            for &(port, name) in ADMIN_PORTS {
                let p = u32::from(port);
                if lo <= p && p <= hi {
                    push_all(&mut admits, vec![format!("{name} ({port})")]);
                }
            }
        }
        // Wider ranges (`1024-65535`) are ephemeral return ports.
    }
    (admits, all)
}

/// The numbers of a line that can be ports or port ranges (`22`, `tcp/3389`, `:22`,
/// `135-139`), leaving out addresses, rule priorities and numbers glued to words
/// (`e2-standard-2`, `v1`, `22GB`).
fn ports_named(line: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    if !bytes.iter().any(u8::is_ascii_digit) {
        return out;
    }
    let masked: Vec<(usize, usize)> = addr::scan(line).iter().map(|f| (f.start, f.end)).collect();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || masked.iter().any(|&(s, e)| s <= i && i < e) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let before = line[..start].chars().next_back();
        let after = line[i..].chars().next();
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() || c == '.' || c == '_');
        if glued(before) || glued(after) || hyphen_after_word(&line[..start]) {
            continue;
        }
        let Ok(lo) = line[start..i].parse::<u32>() else {
            continue;
        };
        let mut hi = lo;
        let rest = &line[i..];
        if let Some(r) = rest.strip_prefix('-').or_else(|| rest.strip_prefix('–')) {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                hi = r[..digits].parse().unwrap_or(lo);
                i += rest.len() - r.len() + digits;
            }
        }
        if priority(&line[..start], &line[i..]) || !(1..=65535).contains(&hi) || hi < lo {
            continue;
        }
        out.push((lo, hi));
    }
    out
}

/// True when the text before a number ends with a word and a hyphen (`standard-2`).
fn hyphen_after_word(before: &str) -> bool {
    before
        .strip_suffix('-')
        .and_then(|b| b.chars().next_back())
        .is_some_and(char::is_alphabetic)
}

/// True when a number is a rule priority: after `priority`, or first on its line before an
/// action (`1000 allow IAP`, `2000 deny 22`).
fn priority(before: &str, after: &str) -> bool {
    let b = normalise(before);
    if has_any(&b, &["priority", "prio", "우선순위", "優先度", "優先順位"])
        && b.split_whitespace().count() <= 2
    {
        return true;
    }
    let a = normalise(after);
    b.trim().is_empty()
        && a.split_whitespace()
            .next()
            .is_some_and(|w| ALLOW.contains(&w) || DENY.contains(&w))
}

/// Who a line admits: after `from`, `source`, `src` or `←`, before `→` (`any → 10.0.1.5:22`),
/// before `에서` / `から`, or a bare `0.0.0.0/0` that is no destination. `lower` is `line` in
/// ASCII lower case (same byte offsets).
fn source_in(line: &str, lower: &str) -> Source {
    const KEYS: &[&str] = &[
        "source",
        "sources",
        "src",
        "from",
        "←",
        "<-",
        "출발지",
        "소스",
        "送信元",
        "ソース",
        "発信元",
    ];
    const ENDS: &[&str] = &[
        "→",
        "->",
        "=>",
        "⇒",
        " to ",
        " dest",
        "destination",
        "대상",
        "宛先",
    ];
    let cut = |from: usize| -> &str {
        let s = &lower[from..];
        let end = ENDS
            .iter()
            .filter_map(|e| s.find(e))
            .min()
            .unwrap_or(s.len());
        &line[from..from + end]
    };
    // Explicit keywords.
    let keyed = KEYS
        .iter()
        .filter_map(|k| find_word(lower, k).map(|at| at + k.len()))
        .min();
    if let Some(after) = keyed {
        return verdict(cut(after));
    }
    // Korean and Japanese postpositions: `인터넷에서`, `0.0.0.0/0から`.
    for post in ["에서", "から"] {
        if let Some(at) = lower.find(post) {
            let before = &line[..at];
            // After the last space, which may be wider than a byte (`　`).
            let word_start = before
                .char_indices()
                .rfind(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            return verdict(&before[word_start..]);
        }
    }
    // `any → 10.0.1.5:22`: the left side of an arrow, when it names addresses.
    if let Some(at) = ["→", "->", "=>", "⇒"]
        .iter()
        .filter_map(|a| lower.find(a))
        .min()
    {
        let left = &line[..at];
        let names_addresses = !addr::scan(left).is_empty()
            || open_token(left).is_some()
            || has_any(&normalise(left), &["any", "anywhere", "internet"]);
        return if names_addresses {
            verdict(left)
        } else {
            Source::Unsaid
        };
    }
    // A bare `0.0.0.0/0`, unless the line says it is where traffic goes.
    let norm = normalise(line);
    if has_any(
        &norm,
        &[
            "to",
            "dest",
            "destination",
            "target",
            "대상",
            "宛先",
            "送信先",
        ],
    ) {
        return Source::Unsaid;
    }
    match open_token(line) {
        Some(t) => Source::Open(t),
        None => Source::Unsaid,
    }
}

/// The first occurrence of a keyword as a word (Latin) or anywhere (symbols, CJK).
fn find_word(lower: &str, key: &str) -> Option<usize> {
    if !key.bytes().all(|b| b.is_ascii_alphabetic()) {
        return lower.find(key);
    }
    let mut from = 0;
    while let Some(at) = lower[from..].find(key).map(|i| from + i) {
        let end = at + key.len();
        let before = lower[..at].chars().next_back();
        let after = lower[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = end;
    }
    None
}

/// `0.0.0.0/0`, `::/0`, a lone `0.0.0.0` or a lone `*` in a text.
fn open_token(text: &str) -> Option<String> {
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')) {
        let t = token
            .trim_matches(|c: char| matches!(c, '"' | '\'' | '[' | ']'))
            .trim_end_matches(':');
        // `source:0.0.0.0/0` leaves a colon in front; `::/0` keeps its own.
        let t = if t.starts_with("::") {
            t
        } else {
            t.trim_start_matches(':')
        };
        if matches!(t, "0.0.0.0/0" | "::/0" | "0.0.0.0" | "*" | "0::/0") {
            return Some(t.to_string());
        }
    }
    None
}

/// Whether a source text names everyone.
fn verdict(source: &str) -> Source {
    if let Some(t) = open_token(source) {
        return Source::Open(t);
    }
    let norm = normalise(source);
    if norm.trim().is_empty() {
        return Source::Unsaid;
    }
    if has_any(&norm, RESTRICTING) || !addr::scan(source).is_empty() {
        return Source::Restricted;
    }
    match OPEN_WORDS.iter().find(|w| has_word(&norm, w)) {
        Some(w) => Source::Open(open_word(source, w)),
        None => Source::Named,
    }
}

/// The open word as the label writes it (`Internet`, `Any`).
fn open_word(source: &str, word: &str) -> String {
    source
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.to_lowercase() == word)
        .unwrap_or(word)
        .to_string()
}

/// What a rule node's label says as a whole.
struct RuleNode {
    /// A rule or rule set (not only a firewall appliance or a line saying `allow`): an edge
    /// from the Internet into it says what it admits.
    strong: bool,
    clauses: Vec<Clause>,
    /// The action of the first line, or implied by the kind of rule.
    default_action: Option<Action>,
    /// The first line says outbound.
    outbound: bool,
}

impl RuleNode {
    fn action(&self, c: &Clause) -> Option<Action> {
        c.action.or(self.default_action)
    }

    /// True when a clause admits inbound traffic.
    fn admits(&self, c: &Clause) -> bool {
        self.action(c) == Some(Action::Allow) && !c.outbound && !c.negated && !self.outbound
    }

    /// What the label admits from everyone, with the source as written.
    fn open_from_label(&self) -> Option<(Vec<String>, String)> {
        let mut what = Vec::new();
        let mut from = None;
        // Clauses that say both what and from whom.
        for c in &self.clauses {
            if c.has_ports()
                && let Source::Open(s) = &c.source
                && self.admits(c)
            {
                push_all(&mut what, c.what());
                from.get_or_insert_with(|| s.clone());
            }
        }
        // A rule written over several lines: ports on some, the source on another.
        let open_source = self.clauses.iter().find_map(|c| match &c.source {
            Source::Open(s) if !c.has_ports() && !c.outbound && !c.negated => Some(s.clone()),
            _ => None,
        });
        if let Some(s) = open_source {
            for c in &self.clauses {
                if c.has_ports() && c.source == Source::Unsaid && self.admits(c) {
                    push_all(&mut what, c.what());
                    from.get_or_insert_with(|| s.clone());
                }
            }
        }
        from.map(|f| (what, f))
    }

    /// What the label admits without saying from whom (an edge may say it).
    fn unsourced(&self) -> Vec<String> {
        if self.clauses.iter().any(|c| c.source != Source::Unsaid) {
            return Vec::new();
        }
        let mut what = Vec::new();
        for c in &self.clauses {
            if c.has_ports() && self.admits(c) {
                push_all(&mut what, c.what());
            }
        }
        what
    }
}

/// Adds what is not there yet, one entry per service: `SSH (22)` replaces `SSH`.
fn push_all(into: &mut Vec<String>, items: Vec<String>) {
    let base = |s: &str| s.split(" (").next().unwrap_or(s).to_string();
    for item in items {
        let name = base(&item);
        if into.iter().any(|i| base(i) == name) {
            if item != name
                && let Some(at) = into.iter().position(|i| *i == name)
            {
                into[at] = item;
            }
            continue;
        }
        into.push(item);
    }
}

/// Per zone, whether its title or one around it says so: rules live here (`Firewall Rules`,
/// `Security Groups`), and rules without an action admit what they list.
struct ZoneFacts {
    rules: Vec<bool>,
    implied_allow: Vec<bool>,
}

impl ZoneFacts {
    fn of(model: &Model) -> ZoneFacts {
        let (mut rules, mut implied_allow) = (
            vec![false; model.zones.len()],
            vec![false; model.zones.len()],
        );
        // Mermaid lists inner zones first: walk outermost first.
        for zi in (0..model.zones.len()).rev() {
            let words = &model.zones[zi].words;
            let parent = model.zones[zi].parent;
            rules[zi] = has_any(words, ZONE_RULE_WORDS) || parent.is_some_and(|p| rules[p.0]);
            implied_allow[zi] =
                has_any(words, IMPLIED_ALLOW) || parent.is_some_and(|p| implied_allow[p.0]);
        }
        ZoneFacts {
            rules,
            implied_allow,
        }
    }
}

/// The node read as a filtering rule, when its label or a zone around it says it is one.
fn rule_node(node: &Node, zones: &ZoneFacts) -> Option<RuleNode> {
    let zone = |v: &[bool]| node.zone.is_some_and(|z| v[z.0]);
    let strong = zone(&zones.rules) || has_any(&node.words, RULE_WORDS);
    if !(strong || has_any(&node.words, WEAK_RULE_WORDS))
        || has_any(&node.words, &["ingress controller", "nat"])
    {
        return None;
    }
    let clauses = clauses_of(&node.label);
    let head = net_text::first_line(&node.label);
    let default_action = match label_action(&clauses) {
        Some(a) => Some(a),
        None if zone(&zones.implied_allow) || has_any(&node.words, IMPLIED_ALLOW) => {
            Some(Action::Allow)
        }
        None => None,
    };
    Some(RuleNode {
        strong,
        default_action,
        outbound: has_any(&head, OUT) && !has_any(&head, IN),
        clauses,
    })
}

/// The action of a whole label: its first line's, else the one its lines agree on
/// (`Source: 0.0.0.0/0` / `Port: 22` / `許可`).
fn label_action(clauses: &[Clause]) -> Option<Action> {
    if let Some(a) = clauses.first().and_then(|c| c.action) {
        return Some(a);
    }
    let mut actions = clauses.iter().filter_map(|c| c.action);
    let first = actions.next()?;
    actions.all(|a| a == first).then_some(first)
}

/// True when an endpoint stands for everyone: the Internet, `Any`, `0.0.0.0/0`.
fn open_endpoint(model: &Model, ep: Endpoint) -> Option<String> {
    if net_text::is_internet(model, ep) {
        return Some(format!("`{}`", model.endpoint_id(ep)));
    }
    let Endpoint::Node(n) = ep else {
        return None;
    };
    let node = &model.nodes[n.0];
    let head = net_text::first_line(&node.label);
    let first = node.label.lines().next().unwrap_or("");
    (has_any(&head, &["any", "anywhere", "anyone"]) || open_token(first).is_some())
        .then(|| format!("`{}`", node.id))
}

struct Finding {
    node: NodeId,
    what: Vec<String>,
    from: String,
    edges: Vec<(Span, String)>,
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let zones = ZoneFacts::of(model);
    let rules: Vec<Option<RuleNode>> = model.nodes.iter().map(|n| rule_node(n, &zones)).collect();
    let mut findings: Vec<Finding> = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if let Some(r) = rule
            && let Some((what, from)) = r.open_from_label()
        {
            findings.push(Finding {
                node: NodeId(i),
                what,
                from,
                edges: Vec::new(),
            });
        }
    }
    for edge in &model.edges {
        if edge.traffic == crate::model::Traffic::Layout {
            continue;
        }
        let is_rule = |ep: Endpoint| matches!(ep, Endpoint::Node(n) if rules[n.0].as_ref().is_some_and(|r| r.strong));
        if !is_rule(edge.from) && !is_rule(edge.to) {
            continue;
        }
        let heads = net_text::heads(cx.source, edge);
        let mut pairs = vec![(edge.from, edge.to)];
        if heads != Heads::Forward {
            pairs.push((edge.to, edge.from));
        }
        for (from, to) in pairs {
            let Endpoint::Node(target) = to else {
                continue;
            };
            let Some(rule) = rules[target.0].as_ref().filter(|r| r.strong) else {
                continue;
            };
            let Some(who) = open_endpoint(model, from) else {
                continue;
            };
            let label = edge.label.replace('\n', " ");
            let clause = read_clause(&label);
            let what = if clause.any_port || clause.has_ports() {
                if clause.action == Some(Action::Deny)
                    || clause.outbound
                    || clause.negated
                    || clause.source == Source::Restricted
                {
                    continue;
                }
                clause.what()
            } else {
                rule.unsourced()
            };
            if what.is_empty() {
                continue;
            }
            let note = format!("{who} reaches it with {}", what.join(", "));
            match findings.iter_mut().find(|f| f.node == target) {
                Some(f) => {
                    push_all(&mut f.what, what);
                    f.edges.push((edge.span, note));
                }
                None => findings.push(Finding {
                    node: target,
                    what,
                    from: who,
                    edges: vec![(edge.span, note)],
                }),
            }
        }
    }
    if findings.is_empty() {
        return;
    }
    let provider = cx.provider();
    for f in findings {
        let node = &model.nodes[f.node.0];
        let mut v = Violation::new(
            node.span,
            format!(
                "`{}` admits {} from {}",
                node.id,
                f.what.join(", "),
                describe(&f.from)
            ),
        )
        .label("an administrative or database port open to everyone");
        for (span, note) in f.edges {
            v = v.related(span, note);
        }
        out.push(v.help(help(provider, &f.what)));
    }
}

/// The source as the message says it.
fn describe(from: &str) -> String {
    match from {
        "0.0.0.0/0" | "::/0" | "0::/0" | "0.0.0.0" | "*" => format!("{from} (the whole Internet)"),
        f if f.starts_with('`') => f.to_string(),
        f => format!("`{f}` (the whole Internet)"),
    }
}

fn help(provider: Option<Provider>, what: &[String]) -> String {
    let remote = what
        .iter()
        .any(|w| w == "all ports" || REMOTE_ADMIN.iter().any(|r| w.starts_with(r)));
    let data = what
        .iter()
        .any(|w| w == "all ports" || !REMOTE_ADMIN.iter().any(|r| w.starts_with(r)));
    let mut parts = Vec::new();
    if remote {
        parts.push(match provider {
            Some(Provider::Aws) => "restrict the source to a bastion or VPN range, or close the port and connect through AWS Systems Manager Session Manager".to_string(),
            Some(Provider::Azure) => "restrict the source to a bastion or VPN range, or close the port and connect through Azure Bastion (or just-in-time VM access)".to_string(),
            Some(Provider::Gcp) => "restrict the source to Identity-Aware Proxy's range 35.235.240.0/20 (IAP TCP forwarding) or a VPN range".to_string(),
            Some(Provider::OnPremises) | None => "restrict the source to a bastion host, VPN or management range".to_string(),
        });
    }
    if data {
        parts.push("admit database and cache ports only from the application tier (its subnet range or security group)".to_string());
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(label: &str) -> Option<(Vec<String>, String)> {
        let clauses = clauses_of(label);
        let rule = RuleNode {
            strong: true,
            default_action: label_action(&clauses),
            outbound: false,
            clauses,
        };
        rule.open_from_label()
    }

    #[test]
    fn rules_that_admit_admin_ports_from_everyone() {
        let (what, from) = open("🛡️ Allow SSH\nTCP: 22\nSource: 0.0.0.0/0").unwrap();
        assert_eq!(
            (what, from.as_str()),
            (vec!["SSH (22)".to_string()], "0.0.0.0/0")
        );
        assert!(open("allow in: tcp/3389 ← 0.0.0.0/0").is_some());
        assert!(open("Allow 22/tcp from Any").is_some());
        assert!(open("ACCEPT: any → 10.10.1.5:22").is_some());
        assert!(open("permit tcp 5432 from *").is_some());
        assert!(open("인터넷에서 SSH 22 허용").is_some());
        assert!(open("インターネットから 3389 許可").is_some());
        assert!(open("許可　インターネットから　3389").is_some());
        assert!(open("Allow all traffic from 0.0.0.0/0").is_some());
        assert!(open("Allow 135-139 from Internet").is_some());
        assert!(open("allow in : tcp/3306 ← ::/0").is_some());
        assert!(open("allow tcp:22 source:0.0.0.0/0").is_some());
        assert!(open("Allow TCP 22 from 0.0.0.0/0 to 10.0.1.5").is_some());
        assert!(open("Allow 0.0.0.0/0 → 22/tcp").is_some());
        assert!(open("ソース: 0.0.0.0/0\nポート: 22\n許可").is_some());
        assert!(open("Source: 0.0.0.0/0\nAllow RDP").is_some());
        assert!(open("Allow inbound\n22 ← 0.0.0.0/0 · 443 ← admin IP").is_some());
    }

    #[test]
    fn rules_that_do_not() {
        assert_eq!(open("Allow HTTPS\nTCP: 443\nSource: 0.0.0.0/0"), None);
        assert_eq!(open("allow SSH 22 from 35.235.240.0/20 (IAP)"), None);
        assert_eq!(open("allow SSH 22 from Trusted CIDR"), None);
        assert_eq!(open("allow SSH 22 from 203.0.113.7/32"), None);
        assert_eq!(open("deny 22 from 0.0.0.0/0"), None);
        assert_eq!(open("2000 deny 22 · 3389 · 445 · 135-139"), None);
        assert_eq!(open("allow out: tcp/22 → 0.0.0.0/0"), None);
        assert_eq!(open("allow 1024-65535 from 0.0.0.0/0"), None);
        assert_eq!(open("allow-all\nTCP: 22\nDestination: 0.0.0.0/0"), None);
        assert_eq!(open("allow TCP 22 宛先 0.0.0.0/0"), None);
        assert_eq!(open("allow SSH from Internet via VPN"), None);
        assert_eq!(open("allow e2-standard-22 from any"), None);
        assert_eq!(open("No inbound SSH from 0.0.0.0/0"), None);
        assert_eq!(open("Priority 22 allow 443 from any"), None);
        assert_eq!(open("allow ingress from any pod on 6379"), None);
        assert_eq!(open("Allow SSH from anywhere in the VPC"), None);
        assert_eq!(open("Allow RDP 3389 from VirtualNetwork"), None);
        // Each port has its own source: the open one is the web port.
        assert_eq!(
            open("Allow inbound\n22 ← admin IP · 8080 ← 0.0.0.0/0"),
            None
        );
        assert_eq!(
            open("Allow inbound\n22 from admin IP; 8080 from 0.0.0.0/0"),
            None
        );
    }

    proptest::proptest! {
        /// Any label text is read without panicking, wide characters, arrows and ranges
        /// included.
        #[test]
        fn any_label_is_read(label in "([a-zA-Z0-9 :/.*,←→<>=-]|0\\.0\\.0\\.0/0|::/0|허용|から|에서|　|–){0,40}") {
            let clause = read_clause(&label);
            let _ = clause.what();
            let _ = open(&label);
        }
    }
}
