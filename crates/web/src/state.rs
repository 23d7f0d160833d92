//! What every handler shares: the store.

use std::sync::Arc;

use yardstick_store::Store;

/// The application state handed to every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    /// Where everything is kept.
    pub store: Arc<dyn Store>,
}
