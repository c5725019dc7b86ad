//! Building the starting state from a scenario: ids from the seed, agents attached to
//! queues, calls already in progress so the first seconds are lively.

use super::*;
use crate::sim::scenario::{generated_name, Role, Scenario};
use rand::SeedableRng;

impl Model {
    /// A model at simulated time `start`. Everything random comes from `seed`.
    pub fn new(scenario: &Scenario, seed: u64, start: DateTime<Utc>) -> Model {
        let mut m = Model {
            rng: StdRng::seed_from_u64(seed),
            now: start,
            org_id: String::new(),
            org_name: scenario.organization.clone(),
            queues: Vec::new(),
            users: Vec::new(),
            calls: Vec::new(),
            lists: Vec::new(),
            rates: Rates {
                availability_changes_per_agent_hour: scenario.availability_changes_per_agent_hour,
                alerts_per_hour: scenario.alerts_per_hour,
                offers_per_hour: scenario.monitoring_offers_per_hour,
                ring_secs: scenario.ring_secs,
                no_answer_ratio: scenario.no_answer_ratio.clamp(0.0, 1.0),
            },
            next_alert_at: start,
            next_offer_at: start,
            caller_seq: 0,
            out: Vec::new(),
            history: Default::default(),
            id_seq: 0,
            id_key: seed ^ 0x5EED_CA11_D0C7_0001,
            mobile_calls: Vec::new(),
        };
        m.org_id = m.new_id();
        m.build_lists(scenario);
        m.build_queues(scenario);
        m.build_agents(scenario);
        m.build_api_users(scenario);
        m.populate(scenario);
        if m.rates.alerts_per_hour > 0.0 {
            m.next_alert_at = start + m.exp_delay(3600.0 / m.rates.alerts_per_hour);
        }
        if m.rates.offers_per_hour > 0.0 {
            m.next_offer_at = start + m.exp_delay(3600.0 / m.rates.offers_per_hour);
        }
        // The starting state is the baseline: statuses change from here on.
        m.out.clear();
        m.flush_status();
        m.out.clear();
        m
    }

    fn id_or_new(&mut self, given: &Option<String>) -> String {
        match given {
            Some(id) if !id.trim().is_empty() => id.trim().to_ascii_lowercase(),
            _ => self.new_id(),
        }
    }

    fn build_lists(&mut self, s: &Scenario) {
        for spec in &s.callback_lists {
            let id = self.id_or_new(&spec.id);
            self.lists.push(ListState {
                id,
                name: spec.name.clone(),
                queue: None,
                requests: Vec::new(),
            });
        }
    }

    fn build_queues(&mut self, s: &Scenario) {
        for spec in &s.queues {
            let id = self.id_or_new(&spec.id);
            let list = spec
                .callback_list
                .as_ref()
                .and_then(|n| s.callback_lists.iter().position(|l| &l.name == n));
            self.queues.push(QueueState {
                id,
                name: spec.name.clone(),
                number: spec.number.clone(),
                arrivals_per_minute: if matches!(spec.open_status, 5 | 6) {
                    spec.arrivals_per_minute
                } else {
                    0.0
                },
                mean_talk_secs: spec.mean_talk_secs,
                wrap_up_secs: spec.wrap_up_secs,
                patience_secs: spec.patience_secs.max(1.0),
                max_queue_length: spec.max_queue_length,
                list,
                next_arrival_at: None,
                not_served: 0,
                answered: 0,
                open_status: spec.open_status,
                last_status: None,
            });
        }
        for (l, spec) in s.callback_lists.iter().enumerate() {
            self.lists[l].queue = spec
                .queue
                .as_ref()
                .and_then(|n| s.queues.iter().position(|q| &q.name == n));
        }
    }

    fn new_user(
        &mut self,
        first: String,
        last: String,
        email: String,
        is_agent: bool,
    ) -> UserState {
        let id = self.new_id();
        let ext: u32 = self.rng.random_range(100_000..999_999);
        let availability_id = self.derived_id();
        UserState {
            id,
            first_name: first,
            last_name: last,
            email,
            title: if is_agent {
                "Asiakaspalvelija"
            } else {
                "Esihenkilö"
            }
            .into(),
            number: format!("+35850{ext}"),
            is_agent,
            queues: Vec::new(),
            availability: Availability::Available,
            availability_id,
            availability_since: self.now,
            availability_note: String::new(),
            activity: Activity::Idle,
            idle_since: self.now,
            talking_changed: self.now,
            next_availability_change: None,
            last_status: None,
        }
    }

    fn build_agents(&mut self, s: &Scenario) {
        for spec in &s.agents {
            let (first, last) = match spec.name.split_once(' ') {
                Some((f, l)) => (f.to_owned(), l.to_owned()),
                None => (spec.name.clone(), String::new()),
            };
            let email = spec
                .email
                .clone()
                .unwrap_or_else(|| email_for(&first, &last));
            let mut u = self.new_user(first, last, email, true);
            if let Some(id) = &spec.id {
                u.id = id.trim().to_ascii_lowercase();
            }
            u.queues = spec
                .queues
                .iter()
                .filter_map(|n| s.queues.iter().position(|q| &q.name == n))
                .enumerate()
                .map(|(prio, q)| (q, prio as i64 + 1))
                .collect();
            if let Some(a) = spec.availability.as_deref().and_then(Availability::parse) {
                u.availability = a;
            }
            self.users.push(u);
        }
        let nq = self.queues.len();
        for i in 0..s.generated_agents as usize {
            let (first, last) = generated_name(i);
            let email = email_for(&first, &last);
            let mut u = self.new_user(first, last, email, true);
            if nq > 0 {
                let count = 1 + (i % 3).min(nq - 1);
                u.queues = (0..count)
                    .map(|k| ((i + k * 2) % nq, k as i64 + 1))
                    .collect();
                u.queues.dedup_by_key(|(q, _)| *q);
            }
            let roll: f64 = self.rng.random();
            u.availability = if roll < 0.78 {
                Availability::Available
            } else if roll < 0.86 {
                Availability::Brb
            } else if roll < 0.92 {
                Availability::Busy
            } else if roll < 0.96 {
                Availability::Away
            } else {
                Availability::OffWork
            };
            self.users.push(u);
        }
    }

    fn build_api_users(&mut self, s: &Scenario) {
        let agent_count = self.users.len();
        for spec in &s.users {
            match spec.role {
                Role::Agent => {
                    let idx = spec
                        .agent
                        .as_ref()
                        .and_then(|n| {
                            (0..agent_count).find(|&u| {
                                let a = &self.users[u];
                                format!("{} {}", a.first_name, a.last_name) == *n
                            })
                        })
                        .unwrap_or(0);
                    if let Some(u) = self.users.get_mut(idx) {
                        u.email = spec.email.clone();
                    }
                }
                Role::Supervisor => {
                    let name = spec.name.clone().unwrap_or_else(|| "Sari Esimies".into());
                    let (first, last) = match name.split_once(' ') {
                        Some((f, l)) => (f.to_owned(), l.to_owned()),
                        None => (name, String::new()),
                    };
                    let u = self.new_user(first, last, spec.email.clone(), false);
                    self.users.push(u);
                }
            }
        }
    }

    /// Calls in progress, wrap-ups running and open callback requests at start.
    fn populate(&mut self, s: &Scenario) {
        for l in 0..self.lists.len() {
            for _ in 0..s.callback_lists[l].open_requests {
                let number = self.caller_number();
                let back = self.uniform_secs(300.0, 7200.0);
                let saved = self.now;
                self.now = saved - back;
                self.create_request(l, number, "Pyysi takaisinsoittoa".into(), None);
                self.now = saved;
            }
        }
        for u in 0..self.users.len() {
            let user = &self.users[u];
            if !user.is_agent
                || user.queues.is_empty()
                || user.availability != Availability::Available
            {
                continue;
            }
            let q = user.queues[0].0;
            let roll: f64 = self.rng.random();
            // A queue that takes no calls (closed) has no call in progress either.
            if roll < 0.45 && self.queues[q].arrivals_per_minute > 0.0 {
                // Already talking, some way into the call.
                let caller = self.caller_number();
                let id = self.new_id();
                let leg_id = self.new_leg_id();
                let elapsed = self.uniform_secs(5.0, 60.0);
                let mean = self.queues[q].mean_talk_secs.max(10.0);
                let remaining = self.uniform_secs(2.0, mean);
                let script = self.rng.random_range(0..transcript::SCRIPTS.len());
                let first = self.uniform_secs(0.2, 1.5);
                self.calls.push(Call {
                    id: id.clone(),
                    leg_id,
                    queue: q,
                    caller,
                    arrived: self.now - elapsed - Duration::seconds(20),
                    patience_until: self.now,
                    state: CallState::Talking {
                        agent: u,
                        since: self.now - elapsed,
                        ends: self.now + remaining,
                        script,
                        line: 0,
                        final_next: false,
                        next_phrase_at: self.now + first,
                    },
                });
                self.users[u].activity = Activity::Talking { call: id, queue: q };
                self.users[u].talking_changed = self.now - elapsed;
            } else if roll < 0.6 && self.queues[q].wrap_up_secs > 0 {
                let max = self.queues[q].wrap_up_secs as i64;
                let into = self.rng.random_range(0..max.max(1));
                let id = self.new_id();
                let leg_id = self.new_leg_id();
                self.users[u].activity = Activity::WrapUp(WrapUp {
                    id,
                    started: self.now - Duration::seconds(into),
                    max_secs: max,
                    call_id: None,
                    leg_id,
                    queue: Some(q),
                });
            } else {
                let idle = self.uniform_secs(0.0, 120.0);
                self.users[u].idle_since = self.now - idle;
            }
        }
        self.backdate_availabilities();
        for u in 0..self.users.len() {
            if self.users[u].is_agent && self.rates.availability_changes_per_agent_hour > 0.0 {
                let d = self.exp_delay(3600.0 / self.rates.availability_changes_per_agent_hour);
                self.users[u].next_availability_change = Some(self.now + d);
            }
        }
        for q in 0..self.queues.len() {
            for _ in 0..s.queues[q].initial_waiting {
                self.arrive(q);
                let back = self.uniform_secs(1.0, 40.0);
                if let Some(c) = self.calls.last_mut() {
                    c.arrived -= back;
                }
            }
        }
    }
}

impl Model {
    /// Nobody's availability began at the very moment the simulator started: each user's
    /// began 2 min to 4 h earlier (before any call or wrap-up in progress), and an agent
    /// not available has been idle since then. Derived from the seed without the RNG, so
    /// no seeded event sequence changes.
    fn backdate_availabilities(&mut self) {
        const MIN_SECS: u64 = 120;
        const MAX_SECS: u64 = 4 * 3600;
        for u in 0..self.users.len() {
            let h = splitmix64(self.id_key ^ (u as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407));
            let back = Duration::seconds((MIN_SECS + h % (MAX_SECS - MIN_SECS)) as i64);
            let since = (self.now - back).min(self.activity_since(u));
            let user = &mut self.users[u];
            user.availability_since = since;
            if user.availability != Availability::Available && user.activity == Activity::Idle {
                user.idle_since = since;
            }
        }
    }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// `aino.virtanen@example.com`, with Nordic letters folded to ASCII.
fn email_for(first: &str, last: &str) -> String {
    let fold = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'ä' | 'å' => 'a',
                'ö' => 'o',
                c if c.is_ascii_alphanumeric() => c,
                _ => '.',
            })
            .collect()
    };
    format!("{}.{}@example.com", fold(first), fold(last))
}
