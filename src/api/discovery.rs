//! Environment discovery: `GET {discovery}/api/user/?user=NAME` → the user's API base URL.

use super::client::{decode_answer, with_retries, ClientOptions};
use super::transport;
use super::url::{join, parse_base};
use super::{ApiError, Endpoint};
use crate::model::casing::from_platform;
use crate::model::rest::DiscoveryEntry;
use url::Url;

/// Asks the discovery service for `user`'s REST API base URL (trailing slash trimmed).
/// GETs are retried per `options.retry`.
pub async fn discover(
    http: &reqwest::Client,
    discovery_url: &str,
    user: &str,
    options: &ClientOptions,
) -> Result<Url, ApiError> {
    let base = parse_base(discovery_url, options.insecure_http)?;
    let mut url = join(&base, &options.paths.path(Endpoint::Discovery, &[]));
    url.query_pairs_mut().append_pair("user", user);
    let what = "discovery";
    let host = super::url::host_label(&base);
    let value = with_retries(options, what, &host, |timeout| {
        let request = transport::Request {
            method: reqwest::Method::GET,
            url: url.clone(),
            auth: transport::Auth::None,
            body: None,
            timeout,
            max_body: options.max_body,
            insecure_http: options.insecure_http,
            headers: Vec::new(),
        };
        async move {
            let answer = transport::exchange(http, request, what).await?;
            decode_answer(answer, what)
        }
    })
    .await?;
    let entries: Vec<DiscoveryEntry> = match value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Object(_) => vec![from_platform(value).map_err(|e| decode(what, e))?],
        other => from_platform(other).map_err(|e| decode(what, e))?,
    };
    let endpoint = entries
        .iter()
        .map(|e| e.api_endpoint.trim())
        .find(|e| !e.is_empty())
        .ok_or_else(|| ApiError::UnknownUser {
            user: crate::sanitize::sanitize(user),
            discovery: super::url::host_label(&base),
        })?;
    parse_base(endpoint, options.insecure_http)
}

fn decode(what: &str, e: serde_json::Error) -> ApiError {
    ApiError::Decode {
        what: what.to_owned(),
        detail: e.to_string(),
    }
}
