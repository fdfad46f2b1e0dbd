//! The address arithmetic of infrastructure code: Terraform's `cidrsubnet`, `cidrsubnets` and
//! `cidrhost`, CloudFormation's `Fn::Cidr`, ARM's `cidrSubnet`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

fn bits(net: &IpNet) -> u32 {
    match net {
        IpNet::V4(_) => 32,
        IpNet::V6(_) => 128,
    }
}

fn to_u128(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(v) => u32::from(v) as u128,
        IpAddr::V6(v) => u128::from(v),
    }
}

fn from_u128(v: u128, like: &IpNet) -> IpAddr {
    match like {
        IpNet::V4(_) => IpAddr::V4(Ipv4Addr::from(v as u32)),
        IpNet::V6(_) => IpAddr::V6(Ipv6Addr::from(v)),
    }
}

/// Reads `10.0.0.0/16` (host bits allowed, as Terraform does), trimmed.
pub fn parse(s: &str) -> Result<IpNet, String> {
    s.trim()
        .parse::<IpNet>()
        .map_err(|_| format!("`{s}` is not a CIDR block"))
}

/// Terraform's `cidrsubnet(prefix, newbits, netnum)`.
pub fn subnet(prefix: &IpNet, newbits: i64, netnum: i64) -> Result<IpNet, String> {
    let total = bits(prefix);
    let len = prefix.prefix_len() as i64 + newbits;
    if newbits < 0 || len > total as i64 {
        return Err(format!(
            "cannot extend the prefix of {prefix} by {newbits} bits"
        ));
    }
    if netnum < 0 || (newbits < 127 && netnum as u128 >= (1u128 << newbits)) {
        return Err(format!(
            "prefix extension of {newbits} bits does not accommodate a subnet numbered {netnum}"
        ));
    }
    let base = to_u128(prefix.network());
    let shift = total as i64 - len;
    let value = base | ((netnum as u128) << shift);
    IpNet::new(from_u128(value, prefix), len as u8).map_err(|e| e.to_string())
}

/// Terraform's `cidrhost(prefix, hostnum)` (negative numbers count from the end).
pub fn host(prefix: &IpNet, hostnum: i64) -> Result<IpAddr, String> {
    let host_bits = bits(prefix) - prefix.prefix_len() as u32;
    let size: u128 = if host_bits >= 128 {
        u128::MAX
    } else {
        1u128 << host_bits
    };
    let n = if hostnum < 0 {
        size.checked_sub(hostnum.unsigned_abs() as u128)
    } else {
        Some(hostnum as u128)
    };
    match n {
        Some(n) if n < size => Ok(from_u128(to_u128(prefix.network()) | n, prefix)),
        _ => Err(format!("prefix {prefix} has no host numbered {hostnum}")),
    }
}

/// Terraform's `cidrsubnets(prefix, newbits…)`: consecutive, aligned subnets.
pub fn subnets(prefix: &IpNet, newbits: &[i64]) -> Result<Vec<IpNet>, String> {
    let total = bits(prefix) as i64;
    let mut next = to_u128(prefix.network());
    let end = to_u128(prefix.broadcast());
    let mut out = Vec::new();
    for &nb in newbits {
        let len = prefix.prefix_len() as i64 + nb;
        if nb < 1 || len > total {
            return Err(format!("cannot extend the prefix of {prefix} by {nb} bits"));
        }
        let size = 1u128 << (total - len);
        next = next.div_ceil(size) * size;
        if next > end || next + (size - 1) > end {
            return Err(format!("not enough room in {prefix} for the subnets asked"));
        }
        out.push(IpNet::new(from_u128(next, prefix), len as u8).map_err(|e| e.to_string())?);
        next += size;
    }
    Ok(out)
}

/// CloudFormation's `Fn::Cidr [ipBlock, count, cidrBits]`: `count` subnets with `cidrBits`
/// host bits each.
pub fn split(prefix: &IpNet, count: i64, host_bits: i64) -> Result<Vec<IpNet>, String> {
    let total = bits(prefix) as i64;
    let newbits = total - host_bits - prefix.prefix_len() as i64;
    if !(0..=256).contains(&count) || newbits < 0 {
        return Err(format!(
            "cannot cut {count} subnets of {host_bits} host bits from {prefix}"
        ));
    }
    (0..count).map(|i| subnet(prefix, newbits, i)).collect()
}

/// The network of `s` as written, host bits cleared (`10.0.1.5/24` is `10.0.1.0/24`).
pub fn normalise(net: IpNet) -> IpNet {
    net.trunc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    #[test]
    fn cidrsubnet_follows_terraform() {
        assert_eq!(subnet(&n("10.0.0.0/16"), 8, 2).unwrap(), n("10.0.2.0/24"));
        assert_eq!(
            subnet(&n("172.16.0.0/12"), 4, 15).unwrap(),
            n("172.31.0.0/16")
        );
        assert_eq!(
            subnet(&n("10.1.2.0/24"), 4, 15).unwrap(),
            n("10.1.2.240/28")
        );
        assert_eq!(
            subnet(&n("fd00:fd12:3456:7890::/56"), 16, 162).unwrap(),
            n("fd00:fd12:3456:7800:a200::/72")
        );
        assert!(subnet(&n("10.0.0.0/16"), 8, 256).is_err());
        assert!(subnet(&n("10.0.0.0/30"), 4, 0).is_err());
    }

    #[test]
    fn cidrhost_and_cidrsubnets_follow_terraform() {
        assert_eq!(
            host(&n("10.12.112.0/20"), 16).unwrap().to_string(),
            "10.12.112.16"
        );
        assert_eq!(
            host(&n("10.12.112.0/20"), 268).unwrap().to_string(),
            "10.12.113.12"
        );
        assert_eq!(
            host(&n("10.0.0.0/24"), -2).unwrap().to_string(),
            "10.0.0.254"
        );
        assert!(host(&n("10.0.0.0/30"), 4).is_err());
        assert_eq!(
            subnets(&n("10.1.0.0/16"), &[4, 4, 8, 4]).unwrap(),
            vec![
                n("10.1.0.0/20"),
                n("10.1.16.0/20"),
                n("10.1.32.0/24"),
                n("10.1.48.0/20")
            ]
        );
    }

    #[test]
    fn fn_cidr_follows_cloudformation() {
        assert_eq!(
            split(&n("192.168.0.0/24"), 6, 5).unwrap(),
            vec![
                n("192.168.0.0/27"),
                n("192.168.0.32/27"),
                n("192.168.0.64/27"),
                n("192.168.0.96/27"),
                n("192.168.0.128/27"),
                n("192.168.0.160/27"),
            ]
        );
        assert!(split(&n("10.0.0.0/24"), 2, 9).is_err());
    }
}
