//! The store's contract: the same tests on SQLite and on PostgreSQL.
//!
//! Each test runs twice, `…::sqlite` on a fresh temporary file and `…::postgres` on a fresh
//! database of the server named by `YARDSTICK_TEST_PG_URL`; without that variable the
//! PostgreSQL half says it skipped and passes.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod harness;

mod audit_log;
mod backup;
mod cycles;
mod directory;
mod invalidations;
mod migrations;
mod notices;
mod people_and_users;
mod reminders;
mod responses;
mod retention;
mod servers;
mod throttle;
mod writes;
