//! The transcript pane: which call's transcript it shows for the selected agent, and
//! browsing to earlier calls.

use crate::app::pane::Pane;
use crate::app::state::{CallTranscript, State};

/// The transcript the pane shows for the selected agent: the current call's, else the
/// latest one kept. The flag tells whether the call is still going on.
pub fn shown(state: &State) -> Option<(&CallTranscript, bool)> {
    let agent = state.view.selected_agent.as_deref()?;
    if let Some(back) = calls_back(state) {
        let calls: Vec<&CallTranscript> = state.transcripts.of_agent(agent).collect();
        let t = calls.get(back.min(calls.len().saturating_sub(1)))?;
        return Some((t, going_on(state, t)));
    }
    if let Some(call) = state.call_of(agent) {
        if let Some(t) = state.transcripts.calls.get(&call.call_id) {
            return Some((t, true));
        }
    }
    state
        .transcripts
        .of_agent(agent)
        .next()
        .map(|t| (t, going_on(state, t)))
}

/// Seconds after its last phrase that a call the console did not see connect (begun
/// before it started, or before a reconnect) still counts as going on.
pub const PHRASES_SAY_LIVE_SECS: i64 = 15;

/// A call is going on while the console knows it connected, or — when it never saw
/// that — while its phrases keep coming and no end was seen.
fn going_on(state: &State, t: &CallTranscript) -> bool {
    if state.calls.contains_key(&t.call_id) {
        return true;
    }
    let ended = state
        .ended_calls
        .contains(&(t.call_id.clone(), t.user_id.clone()));
    !ended && (state.now - t.last_at).num_seconds() < PHRASES_SAY_LIVE_SECS
}

/// How many calls back the pane looks for the selected agent (None: the current one).
pub fn calls_back(state: &State) -> Option<usize> {
    let agent = state.view.selected_agent.as_deref()?;
    match &state.view.transcript.older {
        Some((who, n)) if who == agent && *n > 0 => Some(*n),
        _ => None,
    }
}

/// `[` / `]`: an older or newer call of the selected agent (kept calls only).
pub fn browse(state: &mut State, older: bool) {
    let Some(agent) = state.view.selected_agent.clone() else {
        return;
    };
    let kept = state.transcripts.of_agent(&agent).count();
    let now = calls_back(state).unwrap_or(0);
    let next = if older {
        (now + 1).min(kept.saturating_sub(1))
    } else {
        now.saturating_sub(1)
    };
    let t = &mut state.view.transcript;
    t.older = (next > 0).then_some((agent, next));
    t.scroll = 0;
}

/// Whether the transcript pane is on screen (focused, or the lower pane).
pub fn pane_visible(state: &State) -> bool {
    state.view.focus == Pane::Transcript
        || (matches!(state.view.focus, Pane::Queues | Pane::Agents)
            && state.view.lower.pane() == Pane::Transcript)
}
