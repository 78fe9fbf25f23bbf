//! `docker network …` in the CLI's language: the create form and its checks (addresses read
//! with `ipnet`, so a subnet, gateway and range are compared as numbers, not as text), connect
//! and disconnect, and the argv of every network command the app shows. No engine: the engine
//! crate sends what these specs say.

use crate::argv::command_line;
use crate::form::{FieldError, LabelRow};
use crate::validate::{env, problem, Problems};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The networks every engine has and that cannot be created, removed or pruned.
pub const BUILT_IN: [&str; 3] = ["bridge", "host", "none"];

/// Whether `name` is one of the engine's own networks (`bridge`, `host`, `none`).
pub fn is_built_in(name: &str) -> bool {
    BUILT_IN.contains(&name)
}

/// The drivers the create form offers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum NetworkDriver {
    #[default]
    Bridge,
    Overlay,
    Macvlan,
    Ipvlan,
}

impl NetworkDriver {
    pub fn word(self) -> &'static str {
        match self {
            NetworkDriver::Bridge => "bridge",
            NetworkDriver::Overlay => "overlay",
            NetworkDriver::Macvlan => "macvlan",
            NetworkDriver::Ipvlan => "ipvlan",
        }
    }
}

/// The create form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkCreateForm {
    pub name: String,
    pub driver: NetworkDriver,
    /// CIDR, such as `172.28.0.0/16` or `fd00:1::/64`; empty lets the engine pick one.
    pub subnet: String,
    pub gateway: String,
    /// The part of the subnet the engine hands out to containers (CIDR inside the subnet).
    pub ip_range: String,
    pub internal: bool,
    pub attachable: bool,
    pub ipv6: bool,
    pub labels: Vec<LabelRow>,
    /// Driver options (`-o key=value`), such as `parent=eth0` for macvlan.
    pub options: Vec<LabelRow>,
}

/// A valid create form: what is sent to the engine and what the command line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSpec {
    pub name: String,
    pub driver: NetworkDriver,
    pub subnet: Option<IpNet>,
    pub gateway: Option<IpAddr>,
    pub ip_range: Option<IpNet>,
    pub internal: bool,
    pub attachable: bool,
    pub ipv6: bool,
    pub labels: Vec<(String, String)>,
    pub options: Vec<(String, String)>,
}

/// A network name as the engine accepts one: a letter or digit, then letters, digits, `_`, `.`
/// or `-`.
pub fn network_name(text: &str) -> Result<String, String> {
    let n = text.trim();
    if n.is_empty() {
        return Err("give the network a name, such as app-net".into());
    }
    let mut chars = n.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if !(first_ok && rest_ok) {
        return Err(format!(
            "`{n}` is not a network name: start with a letter or digit, then letters, digits, `_`, `.` or `-`"
        ));
    }
    if is_built_in(n) {
        return Err(format!(
            "`{n}` is one of the engine's own networks (bridge, host, none): pick another name"
        ));
    }
    Ok(n.to_owned())
}

fn family(ip: &IpAddr) -> &'static str {
    if ip.is_ipv4() {
        "IPv4"
    } else {
        "IPv6"
    }
}

/// A CIDR block on `field`; host bits must be zero so the block is written as the engine
/// stores it.
fn cidr(field: &str, text: &str, example: &str, errs: &mut Problems) -> Option<IpNet> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<IpNet>() {
        Ok(net) if net.addr() != net.network() => {
            problem(
                errs,
                field,
                format!(
                    "`{t}` has bits set after the prefix: the block starts at {}",
                    net.trunc()
                ),
            );
            None
        }
        Ok(net) => Some(net),
        Err(_) => {
            problem(
                errs,
                field,
                format!("`{t}` is not a block of addresses: write an address, `/` and a prefix length, such as {example}"),
            );
            None
        }
    }
}

/// `-o key=value` rows with valid keys; problems are on `options[i].key`.
fn options(rows: &[LabelRow], errs: &mut Problems) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, o) in rows.iter().enumerate() {
        let k = o.key.trim();
        if k.is_empty() {
            if !o.value.is_empty() {
                problem(
                    errs,
                    format!("options[{i}].key"),
                    "a driver option needs a key",
                );
            }
            continue;
        }
        if k.chars().any(char::is_whitespace) || k.contains('=') {
            problem(
                errs,
                format!("options[{i}].key"),
                format!("option key `{k}` may not contain spaces or `=`"),
            );
            continue;
        }
        out.push((k.to_owned(), o.value.clone()));
    }
    out
}

impl NetworkCreateForm {
    /// Every problem at once, each on its field.
    pub fn validate(&self) -> Result<NetworkSpec, Vec<FieldError>> {
        let mut errs = Problems::new();
        let name = network_name(&self.name)
            .map_err(|m| problem(&mut errs, "name", m))
            .ok();
        let subnet = cidr("subnet", &self.subnet, "172.28.0.0/16", &mut errs);
        let ip_range = cidr("ipRange", &self.ip_range, "172.28.5.0/24", &mut errs);
        let gateway = match self.gateway.trim() {
            "" => None,
            g => match g.parse::<IpAddr>() {
                Ok(ip) => Some(ip),
                Err(_) => {
                    problem(
                        &mut errs,
                        "gateway",
                        format!("`{g}` is not an IP address, such as 172.28.0.1"),
                    );
                    None
                }
            },
        };
        let subnet_missing = subnet.is_none() && self.subnet.trim().is_empty();
        if let Some(gw) = gateway {
            match subnet {
                Some(net) if family(&gw) != family(&net.addr()) => problem(
                    &mut errs,
                    "gateway",
                    format!(
                        "{gw} is an {} address but the subnet is {}: use one from {net}",
                        family(&gw),
                        family(&net.addr())
                    ),
                ),
                Some(net) if !net.contains(&gw) => problem(
                    &mut errs,
                    "gateway",
                    format!(
                        "{gw} is outside the subnet {net}: pick an address inside it, such as {}",
                        first_host(&net)
                    ),
                ),
                Some(net) if gw == net.network() => problem(
                    &mut errs,
                    "gateway",
                    format!(
                        "{gw} is the subnet's own address: pick one after it, such as {}",
                        first_host(&net)
                    ),
                ),
                None if subnet_missing => problem(
                    &mut errs,
                    "gateway",
                    "a gateway needs a subnet to sit in: fill in the subnet too",
                ),
                _ => {}
            }
        }
        if let Some(range) = ip_range {
            match subnet {
                Some(net) if family(&range.addr()) != family(&net.addr()) => problem(
                    &mut errs,
                    "ipRange",
                    format!(
                        "{range} is {} but the subnet is {}: use a block inside {net}",
                        family(&range.addr()),
                        family(&net.addr())
                    ),
                ),
                Some(net) if !net.contains(&range) => problem(
                    &mut errs,
                    "ipRange",
                    format!("{range} is not inside the subnet {net}: the range is the part of the subnet containers get addresses from"),
                ),
                None if subnet_missing => problem(
                    &mut errs,
                    "ipRange",
                    "an IP range is a part of a subnet: fill in the subnet too",
                ),
                _ => {}
            }
        }
        if let Some(net) = subnet {
            if net.addr().is_ipv6() && !self.ipv6 {
                problem(
                    &mut errs,
                    "ipv6",
                    format!("{net} is an IPv6 subnet: turn on IPv6 for the network to use it"),
                );
            }
        }
        let labels = env::labels(&self.labels, &mut errs);
        let options = options(&self.options, &mut errs);
        if matches!(self.driver, NetworkDriver::Macvlan | NetworkDriver::Ipvlan)
            && !options.iter().any(|(k, _)| k == "parent")
        {
            problem(
                &mut errs,
                "options",
                format!(
                    "{} attaches containers to a host interface: add the option parent=<interface>, such as parent=eth0",
                    self.driver.word()
                ),
            );
        }
        match name {
            Some(name) if errs.is_empty() => Ok(NetworkSpec {
                name,
                driver: self.driver,
                subnet,
                gateway,
                ip_range,
                internal: self.internal,
                attachable: self.attachable,
                ipv6: self.ipv6,
                labels,
                options,
            }),
            _ => Err(errs),
        }
    }
}

/// The first address after the block's own, as an example of one inside it.
fn first_host(net: &IpNet) -> IpAddr {
    net.hosts().next().unwrap_or(net.addr())
}

impl NetworkSpec {
    /// `docker network create …`, in the order `docker network create --help` lists them.
    pub fn argv(&self) -> Vec<String> {
        let mut v: Vec<String> = vec!["docker".into(), "network".into(), "create".into()];
        if self.driver != NetworkDriver::Bridge {
            v.extend(["--driver".into(), self.driver.word().into()]);
        }
        if let Some(s) = self.subnet {
            v.extend(["--subnet".into(), s.to_string()]);
        }
        if let Some(g) = self.gateway {
            v.extend(["--gateway".into(), g.to_string()]);
        }
        if let Some(r) = self.ip_range {
            v.extend(["--ip-range".into(), r.to_string()]);
        }
        if self.internal {
            v.push("--internal".into());
        }
        if self.attachable {
            v.push("--attachable".into());
        }
        if self.ipv6 {
            v.push("--ipv6".into());
        }
        for (k, val) in &self.labels {
            v.extend(["--label".into(), format!("{k}={val}")]);
        }
        for (k, val) in &self.options {
            v.extend(["-o".into(), format!("{k}={val}")]);
        }
        v.push(self.name.clone());
        v
    }

    pub fn command_line(&self) -> String {
        command_line(&self.argv())
    }
}

/// `docker network connect`: a container joins a network, with names it answers to there and
/// fixed addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NetworkConnectForm {
    /// Extra names the container answers to on this network, separated by commas or spaces.
    pub aliases: String,
    pub ipv4: String,
    pub ipv6: String,
}

/// A valid connect form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectSpec {
    pub aliases: Vec<String>,
    pub ipv4: Option<std::net::Ipv4Addr>,
    pub ipv6: Option<std::net::Ipv6Addr>,
}

impl NetworkConnectForm {
    pub fn validate(&self) -> Result<ConnectSpec, Vec<FieldError>> {
        let mut errs = Problems::new();
        let mut aliases = Vec::new();
        for a in self
            .aliases
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty())
        {
            match crate::values::container_name(a) {
                Ok(_) => aliases.push(a.to_owned()),
                Err(m) => problem(&mut errs, "aliases", m),
            }
        }
        let ipv4 = match self.ipv4.trim() {
            "" => None,
            t => t
                .parse()
                .map_err(|_| {
                    problem(
                        &mut errs,
                        "ipv4",
                        format!("`{t}` is not an IPv4 address, such as 172.28.5.10"),
                    )
                })
                .ok(),
        };
        let ipv6 = match self.ipv6.trim() {
            "" => None,
            t => t
                .parse()
                .map_err(|_| {
                    problem(
                        &mut errs,
                        "ipv6",
                        format!("`{t}` is not an IPv6 address, such as fd00:1::10"),
                    )
                })
                .ok(),
        };
        if errs.is_empty() {
            Ok(ConnectSpec {
                aliases,
                ipv4,
                ipv6,
            })
        } else {
            Err(errs)
        }
    }
}

impl ConnectSpec {
    /// `docker network connect [--alias a]… [--ip x] [--ip6 y] NETWORK CONTAINER`.
    pub fn argv(&self, network: &str, container: &str) -> Vec<String> {
        let mut v: Vec<String> = vec!["docker".into(), "network".into(), "connect".into()];
        for a in &self.aliases {
            v.extend(["--alias".into(), a.clone()]);
        }
        if let Some(ip) = self.ipv4 {
            v.extend(["--ip".into(), ip.to_string()]);
        }
        if let Some(ip) = self.ipv6 {
            v.extend(["--ip6".into(), ip.to_string()]);
        }
        v.extend([network.to_owned(), container.to_owned()]);
        v
    }
}

/// `docker network disconnect [-f] NETWORK CONTAINER`.
pub fn disconnect_argv(network: &str, container: &str, force: bool) -> Vec<String> {
    let mut v: Vec<String> = vec!["docker".into(), "network".into(), "disconnect".into()];
    if force {
        v.push("-f".into());
    }
    v.extend([network.to_owned(), container.to_owned()]);
    v
}

/// `docker network rm NAME…`.
pub fn remove_argv(names: &[String]) -> Vec<String> {
    let mut v: Vec<String> = vec!["docker".into(), "network".into(), "rm".into()];
    v.extend(names.iter().cloned());
    v
}

/// `docker network inspect NAME`.
pub fn inspect_argv(name: &str) -> Vec<String> {
    vec![
        "docker".into(),
        "network".into(),
        "inspect".into(),
        name.into(),
    ]
}

/// Which networks a prune considers: those carrying every label given (`key` or `key=value`),
/// as `docker network prune --filter label=…` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PruneFilter {
    pub labels: Vec<String>,
}

impl PruneFilter {
    /// The label filters, each checked; problems are on `labels`.
    pub fn validate(&self) -> Result<Vec<String>, Vec<FieldError>> {
        let mut errs = Problems::new();
        let mut out = Vec::new();
        for l in self
            .labels
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
        {
            let key = l.split_once('=').map_or(l, |(k, _)| k);
            if key.is_empty() || key.chars().any(char::is_whitespace) {
                problem(
                    &mut errs,
                    "labels",
                    format!("`{l}` is not a label filter: write key or key=value, with no spaces in the key"),
                );
            } else {
                out.push(l.to_owned());
            }
        }
        if errs.is_empty() {
            Ok(out)
        } else {
            Err(errs)
        }
    }

    /// `docker network prune -f [--filter label=…]…` (`-f`: the app has already asked).
    pub fn argv(labels: &[String]) -> Vec<String> {
        let mut v: Vec<String> = vec![
            "docker".into(),
            "network".into(),
            "prune".into(),
            "-f".into(),
        ];
        for l in labels {
            v.extend(["--filter".into(), format!("label={l}")]);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(f: impl FnOnce(&mut NetworkCreateForm)) -> NetworkCreateForm {
        let mut form = NetworkCreateForm {
            name: "app-net".into(),
            ..Default::default()
        };
        f(&mut form);
        form
    }

    fn fields(form: NetworkCreateForm) -> Vec<String> {
        form.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    fn message(form: NetworkCreateForm, field: &str) -> String {
        form.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| e.message)
            .unwrap_or_default()
    }

    #[test]
    fn a_full_form_becomes_the_command_flag_by_flag() {
        let spec = form(|f| {
            f.driver = NetworkDriver::Bridge;
            f.subnet = "172.28.0.0/16".into();
            f.gateway = "172.28.0.1".into();
            f.ip_range = "172.28.5.0/24".into();
            f.internal = true;
            f.attachable = true;
            f.labels = vec![LabelRow {
                key: "team".into(),
                value: "a b".into(),
            }];
            f.options = vec![LabelRow {
                key: "com.docker.network.bridge.name".into(),
                value: "br-app".into(),
            }];
        })
        .validate()
        .unwrap();
        assert_eq!(
            spec.command_line(),
            "docker network create --subnet 172.28.0.0/16 --gateway 172.28.0.1 --ip-range 172.28.5.0/24 --internal --attachable --label 'team=a b' -o 'com.docker.network.bridge.name=br-app' app-net"
        );
        let plain = form(|_| {}).validate().unwrap();
        assert_eq!(plain.command_line(), "docker network create app-net");
    }

    #[test]
    fn names_are_checked_and_the_built_in_ones_refused() {
        assert_eq!(fields(form(|f| f.name = String::new())), ["name"]);
        assert_eq!(fields(form(|f| f.name = "my net".into())), ["name"]);
        assert_eq!(fields(form(|f| f.name = "-net".into())), ["name"]);
        for built_in in BUILT_IN {
            let m = message(form(|f| f.name = built_in.into()), "name");
            assert!(m.contains("engine's own"), "{built_in}: {m}");
        }
        assert!(form(|f| f.name = "a_b.c-1".into()).validate().is_ok());
    }

    #[test]
    fn subnets_must_be_blocks_written_from_their_start() {
        assert_eq!(fields(form(|f| f.subnet = "10.0.0/24".into())), ["subnet"]);
        assert_eq!(
            fields(form(|f| f.subnet = "10.0.0.0/33".into())),
            ["subnet"]
        );
        assert_eq!(fields(form(|f| f.subnet = "10.0.0.0".into())), ["subnet"]);
        let m = message(form(|f| f.subnet = "10.1.2.3/16".into()), "subnet");
        assert!(m.contains("10.1.0.0/16"), "{m}");
        assert!(form(|f| f.subnet = "10.1.0.0/16".into()).validate().is_ok());
    }

    #[test]
    fn gateway_and_range_must_sit_inside_the_subnet_and_its_family() {
        let with = |gw: &str, range: &str| {
            form(|f| {
                f.subnet = "172.28.0.0/16".into();
                f.gateway = gw.into();
                f.ip_range = range.into();
            })
        };
        assert!(with("172.28.0.1", "172.28.5.0/24").validate().is_ok());
        assert_eq!(fields(with("172.29.0.1", "")), ["gateway"]);
        assert_eq!(fields(with("172.28.0.0", "")), ["gateway"]);
        assert_eq!(fields(with("nope", "")), ["gateway"]);
        assert_eq!(fields(with("fd00::1", "")), ["gateway"]);
        assert!(message(with("fd00::1", ""), "gateway").contains("IPv6"));
        assert_eq!(fields(with("", "172.29.5.0/24")), ["ipRange"]);
        assert_eq!(
            fields(with("", "172.0.0.0/8")),
            ["ipRange"],
            "wider than the subnet"
        );
        assert_eq!(fields(with("", "fd00::/64")), ["ipRange"]);
        // Without a subnet there is nothing to sit in.
        let alone = form(|f| {
            f.gateway = "10.0.0.1".into();
            f.ip_range = "10.0.0.0/24".into();
        });
        assert_eq!(fields(alone), ["gateway", "ipRange"]);
    }

    #[test]
    fn an_ipv6_subnet_needs_ipv6_turned_on() {
        let v6 = |on: bool| {
            form(|f| {
                f.subnet = "fd00:1::/64".into();
                f.gateway = "fd00:1::1".into();
                f.ipv6 = on;
            })
        };
        assert_eq!(fields(v6(false)), ["ipv6"]);
        let spec = v6(true).validate().unwrap();
        assert!(spec.command_line().contains("--ipv6"));
    }

    #[test]
    fn macvlan_and_ipvlan_need_a_parent_interface() {
        for driver in [NetworkDriver::Macvlan, NetworkDriver::Ipvlan] {
            assert_eq!(fields(form(|f| f.driver = driver)), ["options"]);
            let spec = form(|f| {
                f.driver = driver;
                f.options = vec![LabelRow {
                    key: "parent".into(),
                    value: "eth0".into(),
                }];
            })
            .validate()
            .unwrap();
            assert_eq!(
                spec.command_line(),
                format!(
                    "docker network create --driver {} -o 'parent=eth0' app-net",
                    driver.word()
                )
            );
        }
        // Overlay is valid input: whether swarm mode is on is the engine's to say.
        assert!(form(|f| f.driver = NetworkDriver::Overlay)
            .validate()
            .is_ok());
    }

    #[test]
    fn label_and_option_rows_carry_their_own_errors() {
        let f = form(|f| {
            f.labels = vec![LabelRow {
                key: "".into(),
                value: "x".into(),
            }];
            f.options = vec![
                LabelRow {
                    key: "a b".into(),
                    value: "1".into(),
                },
                LabelRow::default(),
            ];
        });
        assert_eq!(fields(f), ["labels[0].key", "options[0].key"]);
    }

    #[test]
    fn connect_reads_aliases_and_fixed_addresses() {
        let c = NetworkConnectForm {
            aliases: "db, primary  cache".into(),
            ipv4: "172.28.5.10".into(),
            ipv6: "fd00:1::10".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(
            command_line(&c.argv("app-net", "web")),
            "docker network connect --alias db --alias primary --alias cache --ip 172.28.5.10 --ip6 fd00:1::10 app-net web"
        );
        let bad = NetworkConnectForm {
            aliases: "ok bad!".into(),
            ipv4: "fd00::1".into(),
            ipv6: "10.0.0.1".into(),
        }
        .validate()
        .unwrap_err();
        let f: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(f, ["aliases", "ipv4", "ipv6"]);
        assert_eq!(
            command_line(&disconnect_argv("app-net", "web", true)),
            "docker network disconnect -f app-net web"
        );
    }

    #[test]
    fn prune_filters_become_label_filters() {
        let ok = PruneFilter {
            labels: vec!["team".into(), " env=dev ".into(), "".into()],
        }
        .validate()
        .unwrap();
        assert_eq!(
            command_line(&PruneFilter::argv(&ok)),
            "docker network prune -f --filter 'label=team' --filter 'label=env=dev'"
        );
        let bad = PruneFilter {
            labels: vec!["=x".into(), "a b=c".into()],
        }
        .validate()
        .unwrap_err();
        assert_eq!(bad.len(), 2);
        assert!(bad.iter().all(|e| e.field == "labels"));
        assert_eq!(
            command_line(&remove_argv(&["a".into(), "b c".into()])),
            "docker network rm a 'b c'"
        );
    }
}
