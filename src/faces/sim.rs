//! `evtop sim`: the simulator alone, from its flags.

use crate::cli::{ModelArgs, SimArgs};
use crate::model::events::Casing;
use crate::sim::scenario::{Role, Scenario};
use crate::sim::{
    self, SimConfig, AGENT_EMAIL, AGENT_SECRET, SUPERVISOR_EMAIL, SUPERVISOR_PASSWORD,
    SUPERVISOR_SECRET,
};
use color_eyre::eyre::eyre;

/// A simulator from the model flags shared by `sim`, `demo` and `events --demo`.
pub fn model_config(args: &ModelArgs) -> color_eyre::Result<SimConfig> {
    let scenario = match &args.scenario {
        Some(path) => Scenario::from_file(path)?,
        None => Scenario::builtin(),
    };
    let mut cfg = SimConfig::with_scenario(scenario);
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    if !(args.speed >= 0.0 && args.speed.is_finite()) {
        return Err(eyre!("--speed must be a number >= 0"));
    }
    // The flag's default is 1.0: a scenario's speed applies unless the flag differs.
    if args.speed != 1.0 || cfg.scenario.speed.is_none() {
        cfg.speed = args.speed;
    }
    Ok(cfg)
}

/// A simulator from `evtop sim` flags.
pub fn sim_config(args: &SimArgs) -> color_eyre::Result<SimConfig> {
    let mut cfg = model_config(&args.model)?;
    cfg.listen = args.listen;
    cfg.firehose = args.firehose;
    if args.pascal_case {
        cfg.casing = Casing::Pascal;
    }
    Ok(cfg)
}

/// `evtop sim`: prints the URL and the demo credentials, serves until Ctrl-C / SIGTERM.
pub async fn run(args: crate::cli::SimArgs) -> color_eyre::Result<()> {
    let cfg = sim_config(&args)?;
    let builtin_users = args.model.scenario.is_none();
    let users: Vec<(String, Role)> = cfg
        .scenario
        .users
        .iter()
        .map(|u| (u.email.clone(), u.role))
        .collect();
    let (seed, speed) = (cfg.seed, cfg.speed);
    let sim = sim::start(cfg).await?;
    let url = sim.base_url();
    crate::tell!("evtop sim listening on {url}  (seed {seed}, speed {speed})");
    crate::tell!("  discovery + API URL: {url}");
    crate::tell!(
        "  RTE hub:             {}/rte",
        url.replace("http://", "ws://")
    );
    crate::tell!("  admin (loopback):    {url}/_sim/state");
    if builtin_users {
        crate::tell!("  supervisor: {SUPERVISOR_EMAIL}  secret key: {SUPERVISOR_SECRET}  password: {SUPERVISOR_PASSWORD}");
        crate::tell!("  agent:      {AGENT_EMAIL}  secret key: {AGENT_SECRET}");
        crate::tell!("  try:        curl -u {SUPERVISOR_EMAIL}:{SUPERVISOR_SECRET} {url}/users/me");
    } else {
        for (email, role) in users {
            crate::tell!("  {role:?}: {email} (secret key as in the scenario file)");
        }
    }
    crate::tell!("Ctrl-C stops.");
    crate::signals::stop_requested().await;
    sim.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_file_sets_queues_users_casing_speed_and_seed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.toml");
        std::fs::write(
            &path,
            r#"
organization = "Pieni Oy"
seed = 5
speed = 4.0
casing = "pascal"
[[queues]]
name = "Tuki"
[[agents]]
name = "Aino Virtanen"
queues = ["Tuki"]
[[users]]
email = "boss@example.com"
secret_key = "s"
role = "supervisor"
"#,
        )
        .unwrap();
        let args = SimArgs {
            listen: "127.0.0.1:0".parse().unwrap(),
            model: ModelArgs {
                scenario: Some(path),
                seed: None,
                speed: 1.0,
            },
            firehose: Some(10),
            pascal_case: false,
        };
        let cfg = sim_config(&args).unwrap();
        assert_eq!((cfg.seed, cfg.speed, cfg.casing), (5, 4.0, Casing::Pascal));
        assert_eq!(cfg.scenario.queues.len(), 1);
        assert_eq!(cfg.firehose, Some(10));
        let flags = SimArgs {
            model: ModelArgs {
                seed: Some(9),
                speed: 2.0,
                ..args.model.clone()
            },
            ..args
        };
        let cfg = sim_config(&flags).unwrap();
        assert_eq!((cfg.seed, cfg.speed), (9, 2.0), "flags win");
        let missing = ModelArgs {
            scenario: Some(dir.path().join("nope.toml")),
            ..Default::default()
        };
        assert!(model_config(&missing).is_err());
    }
}
