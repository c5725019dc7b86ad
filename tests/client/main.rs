//! The REST and RTE clients against scripted servers and the simulator on loopback.

mod client_rest;
mod client_signalr;
mod rte_session;
mod rte_sim;
#[path = "../support/session.rs"]
mod session_support;
#[path = "../support/sim.rs"]
mod sim_support;
