//! The rule for where credentials may travel: over https to any host, and over plain http only
//! to this machine. The derive applies it to declared endpoints, the runtime to every URL it
//! sends credentials to, and `authctl` to `--origin`: one rule, so that what compiles is what
//! runs.

use core::net::{Ipv4Addr, Ipv6Addr};

/// Whether `host` (a URL's host as text: `localhost`, `127.0.0.2`, `[::1]`) is this machine:
/// `localhost` in any case, any address of 127.0.0.0/8, or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return ip.is_loopback();
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a URL of `scheme` to `host` may carry credentials: `https` anywhere, `http` only to
/// a loopback host.
pub fn may_carry_credentials(scheme: &str, host: &str) -> bool {
    match scheme {
        "https" => true,
        "http" => is_loopback_host(host),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_localhost_the_whole_127_block_and_ipv6_one() {
        for host in [
            "localhost",
            "LocalHost",
            "127.0.0.1",
            "127.0.0.2",
            "127.255.0.9",
            "[::1]",
            "::1",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn other_hosts_are_not_loopback() {
        for host in [
            "localhost.example.com",
            "128.0.0.1",
            "10.0.0.1",
            "[::2]",
            "0.0.0.0",
            "",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn plain_http_carries_credentials_only_to_loopback() {
        assert!(may_carry_credentials("https", "api.example.com"));
        assert!(may_carry_credentials("http", "127.0.0.2"));
        assert!(!may_carry_credentials("http", "api.example.com"));
        assert!(!may_carry_credentials("ftp", "127.0.0.1"));
    }
}
