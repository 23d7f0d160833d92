//! The API of SPEC §7 end to end in process: every endpoint, its errors and their bodies,
//! who may call what, rater tokens, results against the offline scorer, languages.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

mod abuse;
mod account;
mod analytics;
mod assignments;
mod audited;
mod authorisation;
mod company;
mod console;
mod console_access;
mod cycles;
mod dimensions;
mod e2e;
mod errors;
mod exports;
mod faults;
mod health;
mod hr;
mod hr_people;
mod invalidations;
mod models;
mod openapi;
mod pages;
mod pdf;
mod people;
mod progress;
mod rater;
mod report_page;
mod reports;
mod results;
mod results_page;
mod retention;
mod saving;
mod session;
mod site;
