//! HTTP Basic auth (e-mail + secret key) for REST, and the RTE tokens: JWT-shaped,
//! random, with an expiry, checked only when a hub connection is made.

use super::errors::ApiError;
use super::scenario::Role;
use super::state::{lock, Shared};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The authenticated REST caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Index of the user in the model.
    pub user: usize,
    pub role: Role,
}

impl Caller {
    /// Resolves a `{userId}` path value (`me` or an id) and checks that the caller may act
    /// on that user: agents only on themselves (403 otherwise), 404 for unknown ids.
    pub fn target_user(&self, shared: &Shared, user_id: &str) -> Result<usize, ApiError> {
        let target = if user_id.eq_ignore_ascii_case("me") {
            self.user
        } else {
            lock(&shared.model)
                .user_index(user_id)
                .ok_or_else(|| ApiError::not_found(format!("User '{user_id}' not found")))?
        };
        if self.role == Role::Agent && target != self.user {
            return Err(ApiError::forbidden());
        }
        Ok(target)
    }
}

impl FromRequestParts<Arc<Shared>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &Arc<Shared>) -> Result<Self, ApiError> {
        let (email, secret) =
            basic_credentials(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        let cred = shared
            .credential_by_email(&email)
            .filter(|c| constant_time_eq(c.secret_key.as_bytes(), secret.as_bytes()))
            .ok_or_else(ApiError::unauthorized)?;
        Ok(Caller {
            user: cred.user,
            role: cred.role,
        })
    }
}

/// `Authorization: Basic base64(user:secret)`.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, rest) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(rest.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, secret) = text.split_once(':')?;
    Some((user.to_owned(), secret.to_owned()))
}

/// The hub token from `Authorization: Bearer …` or the `access_token` query value.
pub fn bearer_token(headers: &HeaderMap, query: &HashMap<String, String>) -> Option<String> {
    let from_header = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim().to_owned());
    from_header.or_else(|| query.get("access_token").cloned())
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Issued RTE tokens.
#[derive(Default)]
pub struct Tokens {
    issued: Mutex<HashMap<String, Issued>>,
}

#[derive(Debug, Clone, Copy)]
struct Issued {
    user: usize,
    role: Role,
    expires: Instant,
}

impl Tokens {
    /// A new JWT-shaped token for a user: `header.payload.signature` (base64url), where the
    /// payload carries `sub`, `org`, `iat` and `exp`; the signature is random.
    pub fn issue(
        &self,
        user: usize,
        role: Role,
        user_id: &str,
        org_id: &str,
        ttl: Duration,
    ) -> String {
        let now = chrono::Utc::now().timestamp();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = serde_json::json!({
            "sub": user_id,
            "org": org_id,
            "iat": now,
            "exp": now + ttl.as_secs() as i64,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
        let mut sig = Vec::with_capacity(32);
        sig.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        sig.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        let token = format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(sig));
        let mut issued = lock(&self.issued);
        let now_i = Instant::now();
        issued.retain(|_, t| t.expires > now_i);
        issued.insert(
            token.clone(),
            Issued {
                user,
                role,
                expires: now_i + ttl,
            },
        );
        token
    }

    /// The user and role of a valid, unexpired token.
    pub fn check(&self, token: &str) -> Option<(usize, Role)> {
        let issued = lock(&self.issued);
        issued
            .get(token)
            .filter(|t| t.expires > Instant::now())
            .map(|t| (t.user, t.role))
    }
}
