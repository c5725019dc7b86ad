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
    cfg.firehose_mix = args.firehose_mix.unwrap_or_default();
    if args.pascal_case {
        cfg.casing = Casing::Pascal;
    }
    cfg.tls = args.tls;
    Ok(cfg)
}

/// Writes the generated CA to `path` (default: sim-ca.pem in the state directory, else
/// the temp directory) and returns where.
fn write_ca(path: Option<&std::path::Path>, pem: &str) -> color_eyre::Result<std::path::PathBuf> {
    use color_eyre::eyre::WrapErr;
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => crate::logging::default_path()
            .and_then(|log| log.parent().map(|d| d.join("sim-ca.pem")))
            .unwrap_or_else(|| std::env::temp_dir().join("evtop-sim-ca.pem")),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .wrap_err_with(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&path, pem)
        .wrap_err_with(|| format!("cannot write the CA certificate to {}", path.display()))?;
    Ok(path)
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
    let ca_file = match sim.ca_pem() {
        Some(pem) => Some(write_ca(args.tls_ca_out.as_deref(), pem)?),
        None => None,
    };
    let tls = if ca_file.is_some() { "TLS, " } else { "" };
    crate::tell!("evtop sim listening on {url}  ({tls}seed {seed}, speed {speed})");
    crate::tell!("  discovery + API URL: {url}");
    crate::tell!("  RTE hub:             {}", sim.hub_url());
    crate::tell!("  admin (loopback):    {url}/_sim/state");
    if let Some(ca) = &ca_file {
        let ca = ca.display();
        crate::tell!("  CA certificate:      {ca}  (made at start, new on every start)");
        crate::tell!("  trust it:            evtop --ca-file {ca} …   (or ca_file in a profile)");
        crate::tell!(
            "                       curl --cacert {ca} …   NODE_EXTRA_CA_CERTS={ca} node …"
        );
    }
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
            firehose_mix: Some("queue:2,user:1".parse().unwrap()),
            pascal_case: false,
            tls: false,
            tls_ca_out: None,
        };
        let cfg = sim_config(&args).unwrap();
        assert_eq!((cfg.seed, cfg.speed, cfg.casing), (5, 4.0, Casing::Pascal));
        assert_eq!(cfg.scenario.queues.len(), 1);
        assert_eq!(cfg.firehose, Some(10));
        assert_eq!(cfg.firehose_mix.to_string(), "queue:2,user:1");
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
