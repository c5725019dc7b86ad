//! Configuration: config file, profiles, environment and flags, credential sources.
