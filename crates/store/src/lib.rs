//! Yardstick's storage (SPEC §7): people, users and sessions, competency models, cycles,
//! raters and their links, assignments, responses and the audit log, on embedded SQLite or
//! on PostgreSQL.
//!
//! [`Store`] is the contract the server and the command line use. [`SqlStore`] implements it
//! for both backends with the same SQL (`$1` placeholders, portable types); what differs —
//! connection settings, migrations and the write path — lives in [`db`] and [`migrate`]: one
//! writer with group commit on SQLite, a transaction per change on PostgreSQL. Every change
//! of more than one row is one transaction. The contract test suite runs on both.

mod analytics;
pub mod backup;
mod claims;
pub mod company;
pub mod db;
mod directory;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
mod migrate;
mod ops;
pub mod passwords;
pub mod report;
pub mod results;
pub mod secret;
mod store;
pub mod types;

pub use claims::ReminderClaim;
pub use db::{Backend, BoxFut};
pub use directory::*;
pub use error::{Change, Conflict, Entity, Invalid, Result, Shortage, StoreError};
pub use results::ResultsError;
pub use secret::Secret;
pub use store::{SqlStore, Store};
pub use types::*;
