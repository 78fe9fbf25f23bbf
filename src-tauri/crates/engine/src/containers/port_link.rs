//! The address a published port is opened at in the user's browser: built here from the host
//! address the engine reported and the port number alone, and only for addresses on this
//! machine, so nothing the window sends can make the app open another site or a `file:` URL.

use crate::error::EngineError;
use std::net::IpAddr;

/// `http://<host>:<port>/` for a port published on `host_ip`, or an InvalidInput error when
/// that address is not on this machine.
///
/// Allowed: no address, or an unspecified one (`0.0.0.0`, `::`: the port listens on every
/// interface, so `localhost` reaches it) and loopback addresses (`127.0.0.0/8`, `::1`, and
/// `::ffff:127.x.y.z`, the IPv4 loopback written as IPv6). Refused: every other address, and
/// anything that is not an address at all (names, zone ids, URLs).
pub fn browser_url(host_ip: Option<&str>, host_port: u16) -> Result<String, EngineError> {
    let ip = host_ip.map(str::trim).unwrap_or("");
    if ip.is_empty() {
        return Ok(format!("http://localhost:{host_port}/"));
    }
    let refused = || {
        EngineError::InvalidInput(format!(
            "hostIp: {ip} is not an address on this machine; Tugboat only opens ports published \
             on a loopback address (127.0.0.1, ::1) or on all addresses (0.0.0.0, ::)"
        ))
    };
    let addr: IpAddr = ip.parse().map_err(|_| refused())?;
    let host = match addr.to_canonical() {
        a if a.is_unspecified() => "localhost".to_owned(),
        IpAddr::V4(v4) if v4.is_loopback() => v4.to_string(),
        IpAddr::V6(v6) if v6.is_loopback() => format!("[{v6}]"),
        _ => return Err(refused()),
    };
    Ok(format!("http://{host}:{host_port}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(ip: Option<&str>) -> Result<String, EngineError> {
        browser_url(ip, 8080)
    }

    #[test]
    fn every_interface_and_no_address_open_localhost() {
        for ip in [
            None,
            Some(""),
            Some("0.0.0.0"),
            Some("::"),
            Some("::ffff:0.0.0.0"),
        ] {
            assert_eq!(url(ip).unwrap(), "http://localhost:8080/", "{ip:?}");
        }
    }

    #[test]
    fn loopback_addresses_open_as_written() {
        assert_eq!(url(Some("127.0.0.1")).unwrap(), "http://127.0.0.1:8080/");
        assert_eq!(url(Some("127.1.2.3")).unwrap(), "http://127.1.2.3:8080/");
        assert_eq!(url(Some("::1")).unwrap(), "http://[::1]:8080/");
        assert_eq!(
            url(Some("0:0:0:0:0:0:0:1")).unwrap(),
            "http://[::1]:8080/",
            "written the long way, shown the short way"
        );
        assert_eq!(
            url(Some("::ffff:127.0.0.1")).unwrap(),
            "http://127.0.0.1:8080/",
            "IPv4 loopback written as IPv6"
        );
        assert_eq!(
            browser_url(Some("127.0.0.1"), 1).unwrap(),
            "http://127.0.0.1:1/"
        );
        assert_eq!(browser_url(None, 65535).unwrap(), "http://localhost:65535/");
    }

    #[test]
    fn other_addresses_and_non_addresses_are_refused_by_kind() {
        for ip in [
            "10.0.0.1",
            "192.168.1.20",
            "8.8.8.8",
            "172.17.0.1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
            "fe80::1",
            "fe80::1%eth0",
            "[::1]",
            "localhost",
            "example.com",
            "127.0.0.1:80",
            "127.0.0.1/evil",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "http://example.com",
        ] {
            match url(Some(ip)) {
                Err(EngineError::InvalidInput(m)) => {
                    assert!(m.starts_with("hostIp: "), "names the field: {m}")
                }
                other => panic!("{ip:?} gave {other:?}, not a refusal"),
            }
        }
    }
}
