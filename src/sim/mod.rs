//! The EnreachVoice simulator: HTTP + WebSocket server, contact-center model, scenarios
//! and faults.

pub mod model;
pub mod scenario;

/// `evtop sim`.
pub async fn run(_args: crate::cli::SimArgs) -> color_eyre::Result<()> {
    Err(color_eyre::eyre::eyre!("the simulator is not built yet"))
}
