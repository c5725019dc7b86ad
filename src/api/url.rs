//! URL rules shared by REST and the hub: plain http only to loopback (or when allowed),
//! trailing slashes trimmed, paths from the path table appended to a base.

use super::ApiError;
use std::net::IpAddr;
use url::Url;

/// True for `localhost`, 127.0.0.0/8 and `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Parses a base URL (API or discovery): http(s) only, no trailing slash kept, plain
/// http refused unless the host is loopback or `insecure_http` is set.
pub fn parse_base(text: &str, insecure_http: bool) -> Result<Url, ApiError> {
    let trimmed = text.trim().trim_end_matches('/');
    let url = Url::parse(trimmed).map_err(|e| ApiError::BadUrl {
        url: crate::sanitize::sanitize(trimmed),
        detail: e.to_string(),
    })?;
    check_scheme(&url, insecure_http)?;
    Ok(url)
}

/// Refuses schemes other than http(s)/ws(s), and plain http/ws to non-loopback hosts
/// unless allowed.
pub fn check_scheme(url: &Url, insecure_http: bool) -> Result<(), ApiError> {
    let host = url.host_str().unwrap_or_default().to_owned();
    match url.scheme() {
        "https" | "wss" => Ok(()),
        "http" | "ws" if insecure_http || is_loopback_host(&host) => Ok(()),
        "http" | "ws" => Err(ApiError::InsecureHttp { host }),
        other => Err(ApiError::BadUrl {
            url: crate::sanitize::sanitize(url.as_str()),
            detail: format!("unsupported scheme '{other}'"),
        }),
    }
}

/// `base` + `path` (path starts with '/'; the base's own path is kept as a prefix).
/// A `?query` at the end of `path` (already encoded) becomes the URL's query.
pub fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    url.set_path(&format!("{prefix}{path}"));
    url.set_query(query);
    url
}

/// The host for messages ("api.example.com:8443").
pub fn host_label(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => url.as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_recognised() {
        for h in ["localhost", "127.0.0.1", "127.9.9.9", "::1", "[::1]"] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in ["example.com", "10.0.0.1", "localhost.example.com"] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn plain_http_only_for_loopback_or_when_allowed() {
        assert!(parse_base("http://127.0.0.1:8089/", false).is_ok());
        assert!(parse_base("https://api.example.com", false).is_ok());
        assert_eq!(
            parse_base("http://api.example.com", false),
            Err(ApiError::InsecureHttp {
                host: "api.example.com".into()
            })
        );
        assert!(parse_base("http://api.example.com", true).is_ok());
        assert!(matches!(
            parse_base("ftp://x", true),
            Err(ApiError::BadUrl { .. })
        ));
        assert!(matches!(
            parse_base("not a url", true),
            Err(ApiError::BadUrl { .. })
        ));
    }

    #[test]
    fn joins_keep_prefix_and_trim_slashes() {
        let base = parse_base("https://api.example.com/silo1///", false).unwrap();
        assert_eq!(
            join(&base, "/users/me").as_str(),
            "https://api.example.com/silo1/users/me"
        );
        let base = parse_base("https://api.example.com/", false).unwrap();
        assert_eq!(
            join(&base, "/queues").as_str(),
            "https://api.example.com/queues"
        );
        assert_eq!(
            join(&base, "/authuser/a@b.fi/").as_str(),
            "https://api.example.com/authuser/a@b.fi/"
        );
        assert_eq!(
            join(&base, "/queues/?OnlyForUser=u%401").as_str(),
            "https://api.example.com/queues/?OnlyForUser=u%401"
        );
    }
}
