//! The simulator over real HTTP and WebSocket on loopback, observed by hand-made clients and the official SignalR JS client.

mod sim_admin_views;
mod sim_bad_input;
mod sim_determinism;
mod sim_events;
mod sim_faults;
mod sim_firehose;
mod sim_hub;
mod sim_js_interop;
mod sim_rest;
#[path = "../support/sim.rs"]
mod sim_support;
mod sim_today;
mod sim_truth;
