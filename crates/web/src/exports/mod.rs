//! Files made from the reports for reading away from the server.

pub mod pdf;
