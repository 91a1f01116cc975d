//! Which site a document comes from, for rules scoped with `sites`.
//!
//! A site is a host, compared in lower case and without a leading `www.`:
//! `https://WWW.Example.com:8080/a?b` and `example.com` are the same site,
//! and a rule for `example.com` also applies to `news.example.com` (a
//! site's sections share its templates).

/// The host of a URL, or the host itself when given one, normalised:
/// `https://www.Example.com:443/path` → `example.com`. `None` when nothing
/// host-like is left.
pub fn site_of(url_or_host: &str) -> Option<String> {
    let rest = url_or_host.trim();
    let rest = match rest.find("://") {
        Some(at) => &rest[at + 3..],
        None => rest.strip_prefix("//").unwrap_or(rest),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        // An IPv6 literal keeps its colons.
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    let host = normalise_host(host);
    (!host.is_empty()).then_some(host)
}

/// Lower case, no trailing dot, no leading `www.`.
pub(crate) fn normalise_host(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_lowercase();
    match host.strip_prefix("www.") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => host,
    }
}

/// Whether a document of `host` (normalised) belongs to `site`: the same
/// host, or a subdomain of it.
pub(crate) fn belongs_to(host: &str, site: &str) -> bool {
    host == site
        || (host.len() > site.len()
            && host.ends_with(site)
            && host.as_bytes()[host.len() - site.len() - 1] == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_hosts_give_the_same_site() {
        for given in [
            "https://www.Example.com:8080/a/b?c#d",
            "http://user@example.com/",
            "//example.com/x",
            "EXAMPLE.com.",
            "www.example.com",
            "example.com",
        ] {
            assert_eq!(site_of(given).as_deref(), Some("example.com"), "{given}");
        }
        assert_eq!(site_of("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(site_of(""), None);
        assert_eq!(site_of("https:///path"), None);
    }

    #[test]
    fn subdomains_belong_to_their_site_and_look_alikes_do_not() {
        assert!(belongs_to("example.com", "example.com"));
        assert!(belongs_to("news.example.com", "example.com"));
        assert!(!belongs_to("badexample.com", "example.com"));
        assert!(!belongs_to("example.com", "news.example.com"));
    }
}
