//! Scenarios: what the simulated organization looks like (queues, agents, callback lists,
//! rates, users and their credentials). Read from TOML; the built-in default lives in
//! `default_scenario.toml` next to this file.

use serde::Deserialize;
use std::path::Path;

/// The built-in scenario's TOML text.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("default_scenario.toml");

/// A whole scenario. Every field has a default, so a file may set only what it changes.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    pub organization: String,
    pub seed: Option<u64>,
    pub speed: Option<f64>,
    /// `"camel"` or `"pascal"`.
    pub casing: Option<String>,
    /// Write the RTE token's `WSSEndpoint` without a scheme (`127.0.0.1:PORT/rte`).
    pub wss_without_scheme: bool,
    pub token_ttl_secs: u64,
    /// Agents generated with Nordic names on top of the explicit `agents`.
    pub generated_agents: u32,
    pub availability_changes_per_agent_hour: f64,
    pub alerts_per_hour: f64,
    pub monitoring_offers_per_hour: f64,
    /// Seconds an allocated call rings before the agent answers.
    pub ring_secs: f64,
    /// Share of allocations the agent does not answer (the call overflows back).
    pub no_answer_ratio: f64,
    pub queues: Vec<QueueSpec>,
    pub agents: Vec<AgentSpec>,
    pub callback_lists: Vec<CallbackListSpec>,
    pub users: Vec<UserSpec>,
    /// Routes (path-table keys, e.g. `"queue_users"`) this tenant does not serve: they
    /// answer 404, as on a tenant whose paths differ from evtop's table.
    pub hidden_routes: Vec<String>,
    /// Event names this tenant does not offer: left out of `AvailableSubscriptions`,
    /// and `Subscribe` answers "Invalid event name".
    pub hidden_events: Vec<String>,
    /// Offer the `QueueCallIn*` events (default true); false hides them all, as on a
    /// tenant without them. `POST /_sim/control {"queue_call_events": …}` changes it for
    /// the connections made after.
    pub queue_call_events: bool,
    /// Routes (path-table keys, e.g. `"service_calls"`) this tenant refuses: they answer
    /// 403, as to a login without the right. `POST /_sim/control {"refused_routes": […]}`
    /// changes them.
    pub refused_routes: Vec<String>,
    /// Serve each path only exactly as the table writes it (no toggled trailing slash).
    pub strict_paths: bool,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            organization: "Demo Oy".into(),
            seed: None,
            speed: None,
            casing: None,
            wss_without_scheme: false,
            token_ttl_secs: 3600,
            generated_agents: 0,
            availability_changes_per_agent_hour: 4.0,
            alerts_per_hour: 30.0,
            monitoring_offers_per_hour: 20.0,
            ring_secs: 3.0,
            no_answer_ratio: 0.05,
            queues: Vec::new(),
            agents: Vec::new(),
            callback_lists: Vec::new(),
            users: Vec::new(),
            hidden_routes: Vec::new(),
            hidden_events: Vec::new(),
            queue_call_events: true,
            refused_routes: Vec::new(),
            strict_paths: false,
        }
    }
}

/// A service queue.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueSpec {
    pub name: String,
    pub id: Option<String>,
    pub number: String,
    pub arrivals_per_minute: f64,
    pub mean_talk_secs: f64,
    /// 0 = no wrap-up after calls of this queue.
    pub wrap_up_secs: u32,
    /// How long a caller waits before abandoning.
    pub patience_secs: f64,
    /// Calls arriving beyond this many waiting overflow into `callback_list`.
    pub max_queue_length: u32,
    pub callback_list: Option<String>,
    /// Calls already waiting when the simulation starts.
    pub initial_waiting: u32,
    /// QueueStatus.OpenStatus: 5 = Open (default), 3 = Closed, 1 = no active handler, …
    /// A queue that is not open (5 or 6) receives no calls.
    pub open_status: i64,
}

impl Default for QueueSpec {
    fn default() -> Self {
        QueueSpec {
            name: "Queue".into(),
            id: None,
            number: "+358201234567".into(),
            arrivals_per_minute: 4.0,
            mean_talk_secs: 90.0,
            wrap_up_secs: 30,
            patience_secs: 120.0,
            max_queue_length: 10,
            callback_list: None,
            initial_waiting: 0,
            open_status: 5,
        }
    }
}

/// An agent listed explicitly.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgentSpec {
    /// "First Last".
    pub name: String,
    pub id: Option<String>,
    pub email: Option<String>,
    /// Queue names the agent serves.
    pub queues: Vec<String>,
    /// Starting availability (`Available`, `BRB`, `dnd`, …); default Available.
    pub availability: Option<String>,
}

/// A callback list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallbackListSpec {
    pub name: String,
    pub id: Option<String>,
    /// The queue whose overflow lands here.
    pub queue: Option<String>,
    /// Open requests at start.
    pub open_requests: u32,
}

/// What an API user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Subscribes to anything and acts on anyone.
    #[default]
    Supervisor,
    /// Only its own user events and actions.
    Agent,
}

/// An API user with credentials.
#[derive(Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserSpec {
    pub email: String,
    pub secret_key: String,
    pub password: Option<String>,
    pub role: Role,
    /// Display name ("First Last") for supervisors.
    pub name: Option<String>,
    /// For agent users: the agent (by name) whose identity they take; default the first.
    pub agent: Option<String>,
}

impl std::fmt::Debug for UserSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserSpec")
            .field("email", &self.email)
            .field("secret_key", &"<redacted>")
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("role", &self.role)
            .field("name", &self.name)
            .field("agent", &self.agent)
            .finish()
    }
}

/// A scenario that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("scenario file: {message}")]
    Io { path: String, message: String },
    #[error("scenario file {path} is not valid: {message}")]
    Parse { path: String, message: String },
    #[error("scenario is not usable: {0}")]
    Invalid(String),
}

impl Scenario {
    /// The built-in scenario (~6 queues, ~40 agents, 2 callback lists, the demo users).
    pub fn builtin() -> Scenario {
        // The built-in text is tested; fall back to an empty-but-valid scenario anyway.
        Scenario::from_toml(DEFAULT_SCENARIO_TOML, "<built-in>").unwrap_or_default()
    }

    /// Parses and checks a scenario. One without `[[users]]` gets the demo users, so
    /// the credentials `evtop sim` prints keep working with any scenario.
    pub fn from_toml(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        let mut s: Scenario = toml::from_str(text).map_err(|e| ScenarioError::Parse {
            path: origin.to_owned(),
            message: e.to_string(),
        })?;
        if s.users.is_empty() {
            s.users = toml::from_str::<Scenario>(DEFAULT_SCENARIO_TOML)
                .map(|d| d.users)
                .unwrap_or_default();
        }
        s.check()?;
        Ok(s)
    }

    /// Reads a scenario file.
    pub fn from_file(path: &Path) -> Result<Scenario, ScenarioError> {
        let text =
            crate::limits::read_small_text(path, crate::limits::SMALL_FILE).map_err(|message| {
                ScenarioError::Io {
                    path: path.display().to_string(),
                    message,
                }
            })?;
        Scenario::from_toml(&text, &path.display().to_string())
    }

    /// Cross-references: queue and list names exist, users are unique.
    pub fn check(&self) -> Result<(), ScenarioError> {
        let queue_known = |n: &str| self.queues.iter().any(|q| q.name == n);
        let list_known = |n: &str| self.callback_lists.iter().any(|l| l.name == n);
        for q in &self.queues {
            if let Some(l) = &q.callback_list {
                if !list_known(l) {
                    return Err(ScenarioError::Invalid(format!(
                        "queue '{}' overflows into unknown callback list '{l}'",
                        q.name
                    )));
                }
            }
            if !(q.arrivals_per_minute >= 0.0 && q.arrivals_per_minute.is_finite()) {
                return Err(ScenarioError::Invalid(format!(
                    "queue '{}': arrivals_per_minute must be >= 0",
                    q.name
                )));
            }
        }
        for a in &self.agents {
            for q in &a.queues {
                if !queue_known(q) {
                    return Err(ScenarioError::Invalid(format!(
                        "agent '{}' serves unknown queue '{q}'",
                        a.name
                    )));
                }
            }
        }
        for l in &self.callback_lists {
            if let Some(q) = &l.queue {
                if !queue_known(q) {
                    return Err(ScenarioError::Invalid(format!(
                        "callback list '{}' names unknown queue '{q}'",
                        l.name
                    )));
                }
            }
        }
        for (i, u) in self.users.iter().enumerate() {
            if u.email.is_empty() || u.secret_key.is_empty() {
                return Err(ScenarioError::Invalid(
                    "every user needs an email and a secret_key".into(),
                ));
            }
            if self.users[..i]
                .iter()
                .any(|o| o.email.eq_ignore_ascii_case(&u.email))
            {
                return Err(ScenarioError::Invalid(format!(
                    "user '{}' is listed twice",
                    u.email
                )));
            }
            if u.role == Role::Agent && self.agents.is_empty() && self.generated_agents == 0 {
                return Err(ScenarioError::Invalid(format!(
                    "agent user '{}' needs at least one agent in the scenario",
                    u.email
                )));
            }
        }
        for key in self.hidden_routes.iter().chain(&self.refused_routes) {
            if crate::api::paths::route_by_key(key).is_none() {
                let known: Vec<&str> = crate::api::ROUTES.iter().map(|r| r.key).collect();
                return Err(ScenarioError::Invalid(format!(
                    "hidden_routes: unknown route '{key}' (known: {})",
                    known.join(", ")
                )));
            }
        }
        for name in &self.hidden_events {
            if let crate::model::EventKind::Other(_) = crate::model::EventKind::parse(name) {
                return Err(ScenarioError::Invalid(format!(
                    "hidden_events: '{name}' is not an event the simulator knows"
                )));
            }
        }
        if let Some(s) = self.speed {
            if !(s >= 0.0 && s.is_finite()) {
                return Err(ScenarioError::Invalid("speed must be >= 0".into()));
            }
        }
        Ok(())
    }
}

/// First names for generated agents.
pub const FIRST_NAMES: &[&str] = &[
    "Aino", "Eero", "Helmi", "Juhani", "Kaisa", "Lauri", "Maija", "Mikko", "Noora", "Olli", "Pia",
    "Risto", "Sanna", "Timo", "Ulla", "Ville", "Anni", "Jari", "Leena", "Matti", "Elina", "Antti",
    "Johanna", "Petri", "Sofia", "Erik", "Ingrid", "Lars", "Astrid", "Nils",
];

/// Last names for generated agents.
pub const LAST_NAMES: &[&str] = &[
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Lindholm",
    "Nyström",
    "Berg",
    "Lindqvist",
    "Andersson",
];

/// The i-th generated agent name: deterministic, distinct for the first 30×25 agents.
pub fn generated_name(i: usize) -> (String, String) {
    let first = FIRST_NAMES[i % FIRST_NAMES.len()];
    let last = LAST_NAMES[(i * 7 + i / FIRST_NAMES.len()) % LAST_NAMES.len()];
    (first.to_owned(), last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_without_users_gets_the_demo_users() {
        let s = Scenario::from_toml(
            "generated_agents = 5\n[[queues]]\nname = \"Q\"\nnumber = \"+1\"\n",
            "test",
        )
        .unwrap();
        let emails: Vec<&str> = s.users.iter().map(|u| u.email.as_str()).collect();
        assert_eq!(emails, ["supervisor@example.com", "agent@example.com"]);
        assert_eq!(s.users[0].secret_key, "demo-secret");
    }

    #[test]
    fn builtin_scenario_parses_with_the_demo_users() {
        let s = Scenario::from_toml(DEFAULT_SCENARIO_TOML, "builtin").unwrap();
        assert_eq!(s.queues.len(), 7);
        assert_eq!(s.callback_lists.len(), 2);
        assert_eq!(s.generated_agents, 40);
        assert_eq!(s.users[0].email, "supervisor@example.com");
        assert_eq!(s.users[1].role, Role::Agent);
    }

    #[test]
    fn bad_references_and_keys_are_reported() {
        let e =
            Scenario::from_toml("[[queues]]\nname='a'\ncallback_list='nope'\n", "t").unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
        let e = Scenario::from_toml("bogus = 1\n", "t").unwrap_err();
        assert!(e.to_string().contains("bogus"), "{e}");
    }

    #[test]
    fn hidden_routes_and_events_must_exist() {
        let s = Scenario::from_toml(
            "generated_agents = 2\nhidden_routes = [\"queue_users\"]\nhidden_events = [\"userstatus\"]\n",
            "t",
        )
        .unwrap();
        assert_eq!(s.hidden_routes, ["queue_users"]);
        let e = Scenario::from_toml("generated_agents = 2\nhidden_routes = [\"nope\"]\n", "t")
            .unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
        let e = Scenario::from_toml("generated_agents = 2\nhidden_events = [\"Nope\"]\n", "t")
            .unwrap_err();
        assert!(e.to_string().contains("Nope"), "{e}");
    }

    #[test]
    fn user_debug_hides_secrets() {
        let u = UserSpec {
            email: "a@b".into(),
            secret_key: "s3cret".into(),
            password: Some("pw123".into()),
            ..Default::default()
        };
        let d = format!("{u:?}");
        assert!(!d.contains("s3cret") && !d.contains("pw123"), "{d}");
    }

    #[test]
    fn generated_names_are_distinct() {
        let names: std::collections::BTreeSet<_> = (0..60).map(generated_name).collect();
        assert_eq!(names.len(), 60);
    }
}
