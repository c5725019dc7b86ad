//! `evtop events`: print every RTE event as one JSON line.

/// `evtop events`.
pub async fn run(_args: crate::cli::EventsArgs) -> color_eyre::Result<()> {
    Err(color_eyre::eyre::eyre!("`evtop events` is not built yet"))
}
