//! The REST and RTE clients against scripted servers and the simulator on loopback.

#[path = "../support/child.rs"]
mod child_support;
mod client_platform;
mod client_rest;
mod client_signalr;
mod events_resync;
mod hostile_hub;
mod hostile_records;
mod hostile_rest;
#[path = "../support/hostile.rs"]
mod hostile_support;
mod rte_offered;
mod rte_session;
mod rte_sim;
#[path = "../support/session.rs"]
mod session_support;
#[path = "../support/sim.rs"]
mod sim_support;
mod tls;
#[path = "../support/ui.rs"]
mod ui_support;
