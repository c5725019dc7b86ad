//! `evtop completions SHELL` and `evtop man`: made from the same clap definitions that
//! parse the command line, so they list exactly the faces and flags there are.

use crate::cli::Cli;
use clap::CommandFactory;
use std::io::Write as _;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> color_eyre::Result<()> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "evtop", &mut out);
    let _ = std::io::stdout().write_all(&out);
    Ok(())
}

/// Prints the manual page (roff) on stdout: the main page, then one section per face.
pub fn man() -> color_eyre::Result<()> {
    let command = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        let _ = writeln!(out, ".SH \"evtop {}\"", name.to_uppercase());
        let page = clap_mangen::Man::new(sub.clone());
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    let _ = std::io::stdout().write_all(&out);
    Ok(())
}
