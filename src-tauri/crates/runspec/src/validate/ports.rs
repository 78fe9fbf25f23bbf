//! Published ports (`-p [ip:][host:]container[/proto]`): each row checked, ranges capped, and
//! no host port published twice.

use super::{problem, Problems};
use crate::form::PortRow;
use crate::spec::PortSpec;
use crate::values;

/// The most ports one row's range may hold. Each port of a range is one engine port mapping
/// (and, with docker's userland proxy, one process); past this a range is almost surely a typo.
pub const MAX_PORT_RANGE: u32 = 1024;

/// The rows that are valid, as specs; problems are on `ports[i].<field>`.
pub fn ports(rows: &[PortRow], errs: &mut Problems) -> Vec<PortSpec> {
    let mut out = Vec::new();
    // Claims are kept by port and protocol, so checking a row costs what its own ports cost,
    // not what every earlier row holds.
    let mut taken = PortClaims::default();
    for (i, row) in rows.iter().enumerate() {
        let f = |k: &str| format!("ports[{i}].{k}");
        let ip = values::host_ip(&row.host_ip)
            .map_err(|m| problem(errs, f("hostIp"), m))
            .ok()
            .flatten();
        let container = match values::port_range(&row.container_port, "container port")
            .and_then(capped_range)
        {
            Ok(r) => Some(r),
            Err(m) => {
                problem(errs, f("containerPort"), m);
                None
            }
        };
        let host = if row.host_port.trim().is_empty() {
            None
        } else {
            match values::port_range(&row.host_port, "host port").and_then(capped_range) {
                Ok(r) => Some(r),
                Err(m) => {
                    problem(errs, f("hostPort"), m);
                    continue;
                }
            }
        };
        let proto = match values::protocol(&row.protocol) {
            Ok(p) => p,
            Err(m) => {
                problem(errs, f("protocol"), m);
                continue;
            }
        };
        let Some(container) = container else { continue };
        if let Some((a, b)) = host {
            let hs = b - a;
            let cs = container.1 - container.0;
            if cs != 0 && hs != cs {
                problem(errs, f("hostPort"), format!(
                    "host ports {a}-{b} ({} ports) and container ports {}-{} ({} ports) must be the same size",
                    hs + 1, container.0, container.1, cs + 1
                ));
                continue;
            }
            for p in a..=b {
                if let Some(j) = taken.claim(ip.as_deref(), p, &proto, i) {
                    problem(
                        errs,
                        f("hostPort"),
                        format!(
                            "host port {p}/{proto} is already published by port row {}",
                            j + 1
                        ),
                    );
                    break;
                }
            }
        }
        out.push(PortSpec {
            host_ip: ip,
            host_ports: host,
            container_ports: container,
            protocol: proto,
        });
    }
    out
}

/// A port range no larger than [`MAX_PORT_RANGE`], or what is wrong with it.
fn capped_range((a, b): (u16, u16)) -> Result<(u16, u16), String> {
    let len = u32::from(b) - u32::from(a) + 1;
    if len > MAX_PORT_RANGE {
        return Err(format!(
            "a range may hold at most {} ports; {a}-{b} has {}",
            thousands(MAX_PORT_RANGE),
            thousands(len)
        ));
    }
    Ok((a, b))
}

/// `65535` as `65,535`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A host address (None: every address) and the port row that claimed a port on it.
type Claim = (Option<String>, usize);

/// Host ports already published by earlier port rows, by port and protocol.
#[derive(Default)]
struct PortClaims(std::collections::HashMap<(u16, String), Vec<Claim>>);

impl PortClaims {
    /// Claims `port/proto` on `ip` (None: every address) for row `row`, or names the earlier
    /// row that holds it. Two claims clash when either is on every address or both on one.
    fn claim(&mut self, ip: Option<&str>, port: u16, proto: &str, row: usize) -> Option<usize> {
        let claims = self.0.entry((port, proto.to_owned())).or_default();
        if let Some((_, j)) = claims
            .iter()
            .find(|(tip, _)| tip.is_none() || ip.is_none() || tip.as_deref() == ip)
        {
            return Some(*j);
        }
        claims.push((ip.map(str::to_owned), row));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(ip: &str, host: &str, container: &str, protocol: &str) -> PortRow {
        PortRow {
            host_ip: ip.into(),
            host_port: host.into(),
            container_port: container.into(),
            protocol: protocol.into(),
        }
    }

    #[test]
    fn valid_rows_become_specs_and_bad_ones_name_their_field() {
        let mut errs = Problems::new();
        let specs = ports(
            &[
                row("", "8080", "80", ""),
                row("127.0.0.1", "", "53", "udp"),
                row("", "8080", "81", ""),
                row("", "x", "80", ""),
                row("", "", "80", "icmp"),
                row("", "9000-9001", "80-82", ""),
            ],
            &mut errs,
        );
        assert_eq!(specs.len(), 3, "{specs:?}");
        assert_eq!(specs[0].flag_value(), "8080:80");
        assert_eq!(specs[1].flag_value(), "127.0.0.1::53/udp");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "ports[2].hostPort",
                "ports[3].hostPort",
                "ports[4].protocol",
                "ports[5].hostPort"
            ]
        );
        assert!(errs[0].message.contains("already published by port row 1"));
        assert!(errs[3].message.contains("same size"));
    }

    #[test]
    fn the_same_port_on_two_addresses_is_no_clash() {
        let mut errs = Problems::new();
        ports(
            &[
                row("127.0.0.1", "80", "80", ""),
                row("10.0.0.1", "80", "80", ""),
            ],
            &mut errs,
        );
        assert!(errs.is_empty(), "{errs:?}");
        ports(
            &[row("", "80", "80", ""), row("10.0.0.1", "80", "80", "")],
            &mut errs,
        );
        assert_eq!(errs.len(), 1);
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4_294_967_295), "4,294,967,295");
        assert_eq!(
            capped_range((1, 2000)).unwrap_err(),
            "a range may hold at most 1,024 ports; 1-2000 has 2,000"
        );
    }
}
