//! Limits per agent state: how long a BRB, a Busy or a call may last before the agent's
//! row is marked warn or alert, and whether a wrap-up past its maximum is an alert.
//! Defaults: BRB 10/20 min, Busy 30/60 min, talking 20/40 min, wrap-up overrun alert;
//! the config file's `[alerts.agents]` changes them.

/// Seconds for warn and alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub warn: i64,
    pub alert: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentLimits {
    pub brb: Option<Span>,
    pub busy: Option<Span>,
    pub talking: Option<Span>,
    /// A wrap-up past its maximum (the platform did not end it) is an alert.
    pub wrap_up_overrun: bool,
}

impl Default for AgentLimits {
    fn default() -> Self {
        AgentLimits {
            brb: Some(Span {
                warn: 600,
                alert: 1200,
            }),
            busy: Some(Span {
                warn: 1800,
                alert: 3600,
            }),
            talking: Some(Span {
                warn: 1200,
                alert: 2400,
            }),
            wrap_up_overrun: true,
        }
    }
}
