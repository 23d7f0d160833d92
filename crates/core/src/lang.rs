//! The two languages every user-facing message is written in (defined with the catalogues).

pub use yardstick_i18n::Lang;
