//! Reading what the commands run inside a container print (`ps`, `ip -o addr`, `/proc/mounts`,
//! cgroup files) and pairing the container's processes with the host's. Pure functions, so every
//! shape an image's tools print is tested without an engine.

use serde::Serialize;

/// One process as the container sees it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InsideProcess {
    pub pid: u32,
    pub ppid: Option<u32>,
    /// As `ps` printed it (busybox prints a number when the image has no /etc/passwd).
    pub user: Option<String>,
    /// The command line; only the program's name when read from `/proc/<pid>/status`.
    pub args: String,
    /// The `ps` (or shell) Tugboat ran to read this list: it shows up in its own answer.
    pub ours: bool,
}

/// One process as the host sees it (`docker top`).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HostProcess {
    pub pid: u32,
    pub ppid: Option<u32>,
    pub user: Option<String>,
    pub args: String,
}

/// The same process under its two numbers.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PidPair {
    pub inside_pid: u32,
    pub host_pid: u32,
    /// How the two were matched: "docker inspect: State.Pid" or "same command line".
    pub matched_by: String,
}

/// Output of `ps -o pid,ppid,user,args` (busybox or procps): the header is skipped, the
/// command keeps its inner spaces.
pub fn ps_output(text: &str) -> Vec<InsideProcess> {
    text.lines()
        .filter_map(|line| {
            let mut rest = line.trim_start();
            let mut field = || {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let (word, tail) = rest.split_at(end);
                rest = tail.trim_start();
                word
            };
            let pid = field().parse().ok()?;
            let ppid = field().parse().ok();
            let user = Some(field().to_owned()).filter(|u| !u.is_empty());
            Some(InsideProcess {
                pid,
                ppid,
                user,
                args: rest.trim_end().to_owned(),
                ours: false,
            })
        })
        .collect()
}

/// The shell loop Tugboat runs when the image has no `ps`: only shell built-ins, one line per
/// process, `pid<TAB>ppid<TAB>name`, read from `/proc/<pid>/status`.
pub const PROC_STATUS_SCRIPT: &str = r#"for d in /proc/[0-9]*; do n=; pp=; while read -r k v; do case "$k" in Name:) n=$v;; PPid:) pp=$v;; esac; done < "$d/status" && printf '%s\t%s\t%s\n' "${d#/proc/}" "$pp" "$n"; done"#;

/// Output of [`PROC_STATUS_SCRIPT`].
pub fn proc_status_output(text: &str) -> Vec<InsideProcess> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let pid = parts.next()?.trim().parse().ok()?;
            let ppid = parts.next()?.trim().parse().ok();
            let name = parts.next()?.trim();
            Some(InsideProcess {
                pid,
                ppid,
                user: None,
                args: name.to_owned(),
                ours: false,
            })
        })
        .collect()
}

/// `docker top`'s table, read by its titles (they follow the ps options the engine ran).
pub fn top_table(titles: &[String], rows: &[Vec<String>]) -> Vec<HostProcess> {
    let column = |names: &[&str]| titles.iter().position(|t| names.contains(&t.as_str()));
    let Some(pid) = column(&["PID"]) else {
        return vec![];
    };
    let ppid = column(&["PPID"]);
    let user = column(&["UID", "USER"]);
    let args = column(&["CMD", "COMMAND", "ARGS"]);
    rows.iter()
        .filter_map(|row| {
            let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).cloned();
            Some(HostProcess {
                pid: row.get(pid)?.trim().parse().ok()?,
                ppid: cell(ppid).and_then(|p| p.trim().parse().ok()),
                user: cell(user),
                args: cell(args).unwrap_or_default(),
            })
        })
        .collect()
}

/// Pairs each process inside with the host's: PID 1 with the `State.Pid` the engine recorded,
/// the others by the same command line (or, from `/proc/<pid>/status`, the same program name),
/// each host process used once, in PID order on both sides.
pub fn pair(
    inside: &[InsideProcess],
    host: &[HostProcess],
    state_pid: Option<u32>,
    names_only: bool,
) -> Vec<PidPair> {
    let mut used = vec![false; host.len()];
    let mut pairs = Vec::new();
    let mut inside_sorted: Vec<&InsideProcess> = inside.iter().collect();
    inside_sorted.sort_by_key(|p| p.pid);
    let mut host_order: Vec<usize> = (0..host.len()).collect();
    host_order.sort_by_key(|&i| host[i].pid);
    for p in inside_sorted {
        let by_state = (p.pid == 1)
            .then_some(state_pid)
            .flatten()
            .and_then(|sp| host.iter().position(|h| h.pid == sp));
        let found = match by_state {
            Some(i) => Some((i, "docker inspect: State.Pid")),
            None => host_order
                .iter()
                .copied()
                .find(|&i| !used[i] && same_process(p, &host[i], names_only))
                .map(|i| (i, "same command line")),
        };
        if let Some((i, how)) = found {
            if used[i] {
                continue;
            }
            used[i] = true;
            pairs.push(PidPair {
                inside_pid: p.pid,
                host_pid: host[i].pid,
                matched_by: how.to_owned(),
            });
        }
    }
    pairs
}

fn same_process(inside: &InsideProcess, host: &HostProcess, names_only: bool) -> bool {
    if names_only {
        // The kernel keeps 15 bytes of a program's name in /proc/<pid>/status.
        let program = host.args.split_whitespace().next().unwrap_or_default();
        let base = program.rsplit('/').next().unwrap_or_default();
        !inside.args.is_empty() && base.starts_with(&inside.args)
    } else {
        !inside.args.is_empty() && inside.args == host.args
    }
}

/// One address of one interface, from `ip -o addr`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InterfaceAddress {
    pub interface: String,
    /// inet or inet6.
    pub family: String,
    /// With its prefix length: `172.17.0.2/16`.
    pub address: String,
}

/// Output of `ip -o addr` (iproute2 or busybox): `2: eth0    inet 172.17.0.2/16 brd …`.
pub fn ip_addr_output(text: &str) -> Vec<InterfaceAddress> {
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            words.next()?.strip_suffix(':')?;
            let name = words.next()?;
            let family = words.next()?;
            if family != "inet" && family != "inet6" {
                return None;
            }
            let interface = name.split('@').next().unwrap_or(name).to_owned();
            Some(InterfaceAddress {
                interface,
                family: family.to_owned(),
                address: words.next()?.to_owned(),
            })
        })
        .collect()
}

/// One line of `/proc/mounts`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MountLine {
    pub device: String,
    pub target: String,
    pub fs_type: String,
    pub options: Vec<String>,
    /// For overlay: the read-only layers named in `lowerdir=`, top first.
    pub lower_dirs: Vec<String>,
    pub upper_dir: Option<String>,
    pub work_dir: Option<String>,
}

/// The mount of `/` in `/proc/mounts` (the last one, should `/` be mounted over), and how many
/// mounts the container sees in all.
pub fn root_mount(text: &str) -> (Option<MountLine>, usize) {
    let lines: Vec<MountLine> = text.lines().filter_map(mount_line).collect();
    let root = lines.iter().rev().find(|m| m.target == "/").cloned();
    (root, lines.len())
}

fn mount_line(line: &str) -> Option<MountLine> {
    let mut f = line.split_whitespace();
    let device = unescape_octal(f.next()?);
    let target = unescape_octal(f.next()?);
    let fs_type = f.next()?.to_owned();
    let options: Vec<String> = f.next()?.split(',').map(unescape_octal).collect();
    let value = |key: &str| {
        options
            .iter()
            .find_map(|o| o.strip_prefix(key).map(str::to_owned))
    };
    let lower_dirs = value("lowerdir=")
        .map(|l| l.split(':').map(str::to_owned).collect())
        .unwrap_or_default();
    Some(MountLine {
        device,
        target,
        fs_type,
        upper_dir: value("upperdir="),
        work_dir: value("workdir="),
        lower_dirs,
        options,
    })
}

/// `/proc/mounts` writes a space as `\040` (and tab, newline, backslash likewise).
fn unescape_octal(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let code = (b[i] == b'\\')
            .then(|| b.get(i + 1..i + 4))
            .flatten()
            .filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)))
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| u8::from_str_radix(d, 8).ok());
        match code {
            Some(c) => {
                out.push(c);
                i += 4;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A limit as a cgroup file states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FileLimit {
    /// `max`, `-1`, or cgroup v1's "no limit" (the largest page-aligned 64-bit number).
    Unlimited,
    Value(f64),
}

/// cgroup v1 writes "no memory limit" as 2^63 rounded down to a page; anything this large is
/// no limit on any real machine.
const V1_UNLIMITED_FROM: u64 = 1 << 62;

/// A single-number cgroup file: `memory.max`, `pids.max`, `memory.limit_in_bytes`,
/// `cpu.cfs_quota_us`, `memory.current`… None when it is not a number nor a "no limit" word.
pub fn cgroup_number(raw: &str) -> Option<FileLimit> {
    let t = raw.trim();
    if t == "max" || t == "-1" {
        return Some(FileLimit::Unlimited);
    }
    let n: u64 = t.parse().ok()?;
    Some(if n >= V1_UNLIMITED_FROM {
        FileLimit::Unlimited
    } else {
        FileLimit::Value(n as f64)
    })
}

/// cgroup v2's `cpu.max` ("150000 100000": 150 ms of CPU time every 100 ms) in CPUs (1.5).
pub fn cpu_max(raw: &str) -> Option<FileLimit> {
    let mut words = raw.split_whitespace();
    let quota = words.next()?;
    let period: f64 = words.next().unwrap_or("100000").parse().ok()?;
    if quota == "max" {
        return Some(FileLimit::Unlimited);
    }
    let quota: f64 = quota.parse().ok()?;
    (period > 0.0).then_some(FileLimit::Value(quota / period))
}

/// cgroup v1's `cpu.cfs_quota_us` and `cpu.cfs_period_us` in CPUs; a quota of -1 is no limit.
pub fn cfs_cpus(quota: &str, period: &str) -> Option<FileLimit> {
    let quota: i64 = quota.trim().parse().ok()?;
    let period: f64 = period.trim().parse().ok()?;
    if quota < 0 {
        return Some(FileLimit::Unlimited);
    }
    (period > 0.0).then_some(FileLimit::Value(quota as f64 / period))
}

/// Bytes in binary units, as `docker stats` prints them: `64MiB`, `1.5GiB`, written with a
/// space for reading.
pub fn bytes_text(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 || (v.fract() == 0.0) {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// A CPU count without trailing zeros: 1.5, 2, 0.25.
pub fn cpus_text(cpus: f64) -> String {
    let s = format!("{cpus:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} {}", if s == "1" { "CPU" } else { "CPUs" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busybox_ps_output_keeps_spaces_in_commands_and_skips_the_header() {
        let text = "PID   PPID  USER     COMMAND\n    1     0 0        sleep 300\n    7     0 0        ps -o pid,ppid,user,args\n";
        let ps = ps_output(text);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].pid, 1);
        assert_eq!(ps[0].ppid, Some(0));
        assert_eq!(ps[0].user.as_deref(), Some("0"));
        assert_eq!(ps[0].args, "sleep 300");
        assert_eq!(ps[1].args, "ps -o pid,ppid,user,args");
    }

    #[test]
    fn procps_ps_output_with_right_aligned_numbers() {
        let text = "    PID    PPID USER     COMMAND\n      1       0 root     nginx: master process nginx -g daemon off;\n     29       1 nginx    nginx: worker process\n";
        let ps = ps_output(text);
        assert_eq!(
            ps.iter()
                .map(|p| (p.pid, p.ppid, p.args.as_str()))
                .collect::<Vec<_>>(),
            [
                (1, Some(0), "nginx: master process nginx -g daemon off;"),
                (29, Some(1), "nginx: worker process")
            ]
        );
        assert_eq!(ps[1].user.as_deref(), Some("nginx"));
    }

    #[test]
    fn proc_status_lines_give_names() {
        let ps = proc_status_output("1\t0\tsleep\n12\t0\tsh\nnot a line\n");
        assert_eq!(ps.len(), 2);
        assert_eq!(
            (ps[1].pid, ps[1].ppid, ps[1].args.as_str()),
            (12, Some(0), "sh")
        );
    }

    fn top(rows: &[(&str, &str, &str)]) -> Vec<HostProcess> {
        let titles: Vec<String> = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
            .map(str::to_owned)
            .to_vec();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|(pid, ppid, cmd)| {
                ["root", pid, ppid, "0", "11:19", "?", "00:00:00", cmd]
                    .map(str::to_owned)
                    .to_vec()
            })
            .collect();
        top_table(&titles, &rows)
    }

    #[test]
    fn docker_top_is_read_by_its_titles() {
        let h = top(&[("30534", "30513", "sleep 300")]);
        assert_eq!(
            h,
            [HostProcess {
                pid: 30534,
                ppid: Some(30513),
                user: Some("root".into()),
                args: "sleep 300".into()
            }]
        );
        assert!(top_table(&["CMD".into()], &[vec!["x".into()]]).is_empty());
    }

    #[test]
    fn pid_1_pairs_with_state_pid_and_others_by_command_line() {
        let inside = ps_output("PID PPID USER COMMAND\n1 0 0 sh -c sleep 1000 & sleep 1000\n8 1 0 sleep 1000\n9 1 0 sleep 1000\n20 0 0 ps -o pid,ppid,user,args\n");
        let host = top(&[
            ("5003", "5000", "sleep 1000"),
            ("5000", "4990", "sh -c sleep 1000 & sleep 1000"),
            ("5002", "5000", "sleep 1000"),
        ]);
        let pairs = pair(&inside, &host, Some(5000), false);
        let got: Vec<(u32, u32, &str)> = pairs
            .iter()
            .map(|p| (p.inside_pid, p.host_pid, p.matched_by.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, 5000, "docker inspect: State.Pid"),
                (8, 5002, "same command line"),
                (9, 5003, "same command line")
            ]
        );
    }

    #[test]
    fn pairing_by_name_when_only_proc_status_was_readable() {
        let inside = proc_status_output("1\t0\tsleep\n4\t1\tverylongprogram\n");
        let host = top(&[
            ("700", "1", "/bin/sleep 5"),
            ("701", "700", "/usr/bin/verylongprogramname --flag"),
        ]);
        let pairs = pair(&inside, &host, None, true);
        assert_eq!(
            pairs
                .iter()
                .map(|p| (p.inside_pid, p.host_pid))
                .collect::<Vec<_>>(),
            [(1, 700), (4, 701)]
        );
        // A State.Pid the top does not list pairs nothing by itself.
        let none = pair(&inside[..1], &host[1..], Some(999), true);
        assert!(none.is_empty());
    }

    #[test]
    fn ip_o_addr_from_busybox_and_iproute2() {
        let text = "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n9519: eth0    inet 10.213.0.2/24 brd 10.213.0.255 scope global eth0\\       valid_lft forever\n9519: eth0    inet6 fe80::42:aff:fed5:2/64 scope link \\       valid_lft forever\n3: eth1@if12: <BROADCAST> mtu 1500\n";
        let a = ip_addr_output(text);
        assert_eq!(
            a.iter()
                .map(|x| (x.interface.as_str(), x.family.as_str(), x.address.as_str()))
                .collect::<Vec<_>>(),
            [
                ("lo", "inet", "127.0.0.1/8"),
                ("eth0", "inet", "10.213.0.2/24"),
                ("eth0", "inet6", "fe80::42:aff:fed5:2/64")
            ]
        );
    }

    #[test]
    fn the_root_mount_is_overlay_with_its_layers() {
        let text = "overlay / overlay rw,relatime,lowerdir=/d/l/AAA:/d/l/BBB,upperdir=/d/x/diff,workdir=/d/x/work 0 0\nproc /proc proc rw,nosuid 0 0\n/dev/sda1 /my\\040data ext4 rw 0 0\n";
        let (root, count) = root_mount(text);
        let root = root.unwrap();
        assert_eq!(count, 3);
        assert_eq!(root.fs_type, "overlay");
        assert_eq!(root.lower_dirs, ["/d/l/AAA", "/d/l/BBB"]);
        assert_eq!(root.upper_dir.as_deref(), Some("/d/x/diff"));
        assert_eq!(root.work_dir.as_deref(), Some("/d/x/work"));
        let (_, _) = root_mount("");
        assert_eq!(
            mount_line("/dev/sda1 /my\\040data ext4 rw 0 0")
                .unwrap()
                .target,
            "/my data"
        );
        assert_eq!(unescape_octal("a\\134b\\0"), "a\\b\\0");
        assert!(root_mount("proc /proc proc rw 0 0\n").0.is_none());
    }

    #[test]
    fn cgroup_numbers_with_max_and_v1_no_limit() {
        assert_eq!(
            cgroup_number("67108864\n"),
            Some(FileLimit::Value(67108864.0))
        );
        assert_eq!(cgroup_number("max\n"), Some(FileLimit::Unlimited));
        assert_eq!(cgroup_number("-1"), Some(FileLimit::Unlimited));
        assert_eq!(
            cgroup_number("9223372036854771712"),
            Some(FileLimit::Unlimited)
        );
        assert_eq!(cgroup_number("50"), Some(FileLimit::Value(50.0)));
        assert_eq!(cgroup_number("cat: can't open"), None);
    }

    #[test]
    fn cpu_limits_in_cpus_for_v1_and_v2() {
        assert_eq!(cpu_max("150000 100000\n"), Some(FileLimit::Value(1.5)));
        assert_eq!(cpu_max("max 100000"), Some(FileLimit::Unlimited));
        assert_eq!(cpu_max("50000 0"), None);
        assert_eq!(cpu_max(""), None);
        assert_eq!(cfs_cpus("-1", "100000"), Some(FileLimit::Unlimited));
        assert_eq!(cfs_cpus("50000\n", "100000\n"), Some(FileLimit::Value(0.5)));
        assert_eq!(cfs_cpus("x", "100000"), None);
    }

    #[test]
    fn sizes_and_cpus_read_well() {
        assert_eq!(bytes_text(67108864.0), "64 MiB");
        assert_eq!(bytes_text(1_572_864.0), "1.5 MiB");
        assert_eq!(bytes_text(512.0), "512 B");
        assert_eq!(cpus_text(1.5), "1.5 CPUs");
        assert_eq!(cpus_text(1.0), "1 CPU");
        assert_eq!(cpus_text(0.25), "0.25 CPUs");
    }
}
