//! The scoring's proof: every rule of SPEC §4, the worked example of `docs/scoring.md`, and
//! property tests of the invariants.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod analytics;
mod common;
mod cycle;
mod properties;
mod rules;
mod worked_example;
