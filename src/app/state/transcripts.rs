//! Live transcripts: `UserRealTimeTranscriptPhrase` events per call, with bounded memory.
//!
//! An intermediate phrase is replaced in place by the next phrase of the same speaker in
//! the same call (the recognizer's later guess, or the final text). Each call keeps at most
//! [`PHRASES_PER_CALL`] phrases (a ring buffer); at most [`CALLS_KEPT`] calls are kept, and
//! calls that ended are dropped after [`KEEP_ENDED_SECS`].
//!
//! The console subscribes to the transcript events of one agent at a time: the selected
//! agent, while the transcript pane is on screen (`app::subscriptions::sync_transcript`).

use crate::model::payloads::UserRealTimeTranscriptPhrase;
use crate::rte::SubscriptionKey;
use crate::sanitize::clean;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, VecDeque};

/// Phrases kept per call: older ones fall off the top.
pub const PHRASES_PER_CALL: usize = 400;
/// Calls whose transcript is kept at once.
pub const CALLS_KEPT: usize = 24;
/// How long the transcript of a call that ended stays viewable.
pub const KEEP_ENDED_SECS: i64 = 15 * 60;
/// Phrases below this confidence are marked.
pub const LOW_CONFIDENCE: f64 = 0.6;

/// Who said it. The platform's `SpeakerRole`: 1 = agent, 2 = customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    Agent,
    Customer,
    Other(i64),
}

impl Speaker {
    pub fn from_role(role: i64) -> Speaker {
        match role {
            1 => Speaker::Agent,
            2 => Speaker::Customer,
            n => Speaker::Other(n),
        }
    }

    pub fn label(self) -> String {
        match self {
            Speaker::Agent => "agent".into(),
            Speaker::Customer => "customer".into(),
            Speaker::Other(n) => format!("speaker {n}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub speaker: Speaker,
    /// Milliseconds from the start of the call.
    pub offset_ms: i64,
    pub text: String,
    pub confidence: f64,
    pub intermediate: bool,
}

impl Phrase {
    pub fn low_confidence(&self) -> bool {
        self.confidence > 0.0 && self.confidence < LOW_CONFIDENCE
    }

    /// The offset as `mm:ss`.
    pub fn offset_label(&self) -> String {
        let s = self.offset_ms.max(0) / 1000;
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// One call's transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct CallTranscript {
    pub call_id: String,
    pub user_id: String,
    pub phrases: VecDeque<Phrase>,
    /// Phrases dropped off the top to bound memory.
    pub dropped: usize,
    /// Local time of the latest phrase.
    pub last_at: DateTime<Utc>,
}

/// All transcripts the console holds, plus its one transcript subscription.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transcripts {
    pub calls: BTreeMap<String, CallTranscript>,
    /// The transcript subscription the session has been asked for, if any.
    pub subscription: Option<SubscriptionKey>,
}

/// Transcript pane view state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptView {
    /// Keep the newest phrase in view.
    pub follow: bool,
    /// Phrases scrolled up from the bottom while not following.
    pub scroll: usize,
    /// Looking at an earlier call of this agent: (agent id, calls back from the newest).
    pub older: Option<(String, usize)>,
}

impl Default for TranscriptView {
    fn default() -> Self {
        TranscriptView {
            follow: true,
            scroll: 0,
            older: None,
        }
    }
}

impl Transcripts {
    /// Adds a phrase; an earlier intermediate phrase of the same speaker is replaced.
    pub fn apply(&mut self, p: &UserRealTimeTranscriptPhrase, user_id: &str, now: DateTime<Utc>) {
        if p.call_id.is_empty() {
            return;
        }
        if !self.calls.contains_key(&p.call_id) && self.calls.len() >= CALLS_KEPT {
            // Make room: forget the call heard from longest ago.
            if let Some(oldest) = self
                .calls
                .values()
                .min_by_key(|c| c.last_at)
                .map(|c| c.call_id.clone())
            {
                self.calls.remove(&oldest);
            }
        }
        let call = self
            .calls
            .entry(p.call_id.clone())
            .or_insert_with(|| CallTranscript {
                call_id: p.call_id.clone(),
                user_id: user_id.to_owned(),
                phrases: VecDeque::new(),
                dropped: 0,
                last_at: now,
            });
        call.last_at = now;
        let phrase = Phrase {
            speaker: Speaker::from_role(p.speaker_role),
            offset_ms: p.offset_milliseconds,
            text: clean(&p.phrase).into_owned(),
            confidence: p.confidence,
            intermediate: p.is_intermediate,
        };
        let pending = call
            .phrases
            .iter()
            .rposition(|q| q.speaker == phrase.speaker && q.intermediate);
        match pending {
            Some(i) => {
                // Keep the position (and the start offset) of the phrase it completes.
                let offset = call.phrases[i].offset_ms.min(phrase.offset_ms);
                call.phrases[i] = Phrase {
                    offset_ms: offset,
                    ..phrase
                };
            }
            None => {
                let at = call
                    .phrases
                    .iter()
                    .rposition(|q| q.offset_ms <= phrase.offset_ms)
                    .map(|i| i + 1)
                    .unwrap_or(0);
                call.phrases.insert(at, phrase);
                if call.phrases.len() > PHRASES_PER_CALL {
                    call.phrases.pop_front();
                    call.dropped += 1;
                }
            }
        }
    }

    /// Forgets calls that ended more than [`KEEP_ENDED_SECS`] ago.
    pub fn prune(&mut self, live_calls: &dyn Fn(&str) -> bool, now: DateTime<Utc>) {
        let keep = Duration::seconds(KEEP_ENDED_SECS);
        self.calls
            .retain(|id, c| live_calls(id) || now - c.last_at < keep);
    }

    /// The calls of an agent, newest first.
    pub fn of_agent<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a CallTranscript> {
        let mut v: Vec<&CallTranscript> = self
            .calls
            .values()
            .filter(|c| c.user_id == user_id)
            .collect();
        v.sort_by_key(|c| std::cmp::Reverse(c.last_at));
        v.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(
        call: &str,
        role: i64,
        text: &str,
        offset: i64,
        inter: bool,
    ) -> UserRealTimeTranscriptPhrase {
        UserRealTimeTranscriptPhrase {
            call_id: call.into(),
            user_id: "u-1".into(),
            speaker_role: role,
            phrase: text.into(),
            confidence: if inter { 0.55 } else { 0.9 },
            offset_milliseconds: offset,
            is_intermediate: inter,
            ..Default::default()
        }
    }

    #[test]
    fn the_final_phrase_replaces_the_intermediate_in_place() {
        let now = Utc::now();
        let mut t = Transcripts::default();
        t.apply(&phrase("c1", 1, "Good morning", 1000, true), "u-1", now);
        t.apply(&phrase("c1", 2, "Hi", 1500, false), "u-1", now);
        t.apply(
            &phrase("c1", 1, "Good morning, support", 2600, false),
            "u-1",
            now,
        );
        let texts: Vec<_> = t.calls["c1"]
            .phrases
            .iter()
            .map(|p| (p.text.as_str(), p.intermediate, p.offset_label()))
            .collect();
        assert_eq!(
            texts,
            [
                ("Good morning, support", false, "00:01".to_owned()),
                ("Hi", false, "00:01".to_owned())
            ]
        );
    }

    #[test]
    fn memory_is_bounded_per_call_and_in_calls() {
        let now = Utc::now();
        let mut t = Transcripts::default();
        for i in 0..(PHRASES_PER_CALL + 50) {
            t.apply(&phrase("c1", 1, "x", i as i64 * 100, false), "u-1", now);
        }
        assert_eq!(t.calls["c1"].phrases.len(), PHRASES_PER_CALL);
        assert_eq!(t.calls["c1"].dropped, 50);
        for c in 0..(CALLS_KEPT + 5) {
            let at = now + Duration::seconds(c as i64);
            t.apply(&phrase(&format!("k{c}"), 1, "x", 0, false), "u-2", at);
        }
        assert_eq!(t.calls.len(), CALLS_KEPT);
        assert!(t.calls.contains_key(&format!("k{}", CALLS_KEPT + 4)));
    }

    #[test]
    fn ended_calls_stay_for_a_while_then_go() {
        let now = Utc::now();
        let mut t = Transcripts::default();
        t.apply(&phrase("live", 1, "x", 0, false), "u-1", now);
        t.apply(&phrase("gone", 1, "x", 0, false), "u-1", now);
        let live = |id: &str| id == "live";
        t.prune(&live, now + Duration::seconds(60));
        assert_eq!(t.calls.len(), 2);
        t.prune(&live, now + Duration::seconds(KEEP_ENDED_SECS + 1));
        assert!(t.calls.contains_key("live") && !t.calls.contains_key("gone"));
    }

    #[test]
    fn speaker_roles_and_low_confidence() {
        assert_eq!(Speaker::from_role(1).label(), "agent");
        assert_eq!(Speaker::from_role(2).label(), "customer");
        assert_eq!(Speaker::from_role(7).label(), "speaker 7");
        let p = Phrase {
            speaker: Speaker::Agent,
            offset_ms: 83_400,
            text: "x".into(),
            confidence: 0.41,
            intermediate: false,
        };
        assert!(p.low_confidence());
        assert_eq!(p.offset_label(), "01:23");
    }
}
