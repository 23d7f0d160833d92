//! How far a cycle has come: response counts per assessee and relationship.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use yardstick_store::ProgressRow;

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

/// Response counts.
#[derive(Serialize, ToSchema, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// Assignments.
    assigned: u64,
    /// Responses saved as drafts.
    draft: u64,
    /// Responses submitted, the invalidated ones included.
    submitted: u64,
    /// Of the submitted, those HR has invalidated (left out of results and analytics).
    invalidated: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.assigned += other.assigned;
        self.draft += other.draft;
        self.submitted += other.submitted;
        self.invalidated += other.invalidated;
    }
}

/// Counts of one relationship.
#[derive(Serialize, ToSchema)]
pub(crate) struct RelationshipProgress {
    /// `self`, `superior`, `peer`, `subordinate` or `customer`.
    relationship: String,
    /// Its counts.
    #[serde(flatten)]
    counts: Counts,
}

/// Counts of one assessee.
#[derive(Serialize, ToSchema)]
pub(crate) struct AssesseeProgress {
    /// The assessee's person id.
    assessee: String,
    /// Name.
    name: String,
    /// All their assignments together.
    #[serde(flatten)]
    counts: Counts,
    /// Per relationship, in the order self, superior, peer, subordinate, customer.
    relationships: Vec<RelationshipProgress>,
}

/// The progress of a cycle.
#[derive(Serialize, ToSchema)]
pub(crate) struct ProgressOut {
    /// The cycle's id.
    cycle: i64,
    /// The whole cycle.
    total: Counts,
    /// Assessees with assignments, in the cycle's order.
    assessees: Vec<AssesseeProgress>,
}

fn progress_of(cycle: i64, rows: Vec<ProgressRow>) -> ProgressOut {
    let mut total = Counts::default();
    let mut assessees: Vec<AssesseeProgress> = Vec::new();
    for row in rows {
        let counts = Counts {
            assigned: row.assigned,
            draft: row.draft,
            submitted: row.submitted,
            invalidated: row.invalidated,
        };
        total.add(counts);
        if assessees.last().is_none_or(|a| a.assessee != row.assessee) {
            assessees.push(AssesseeProgress {
                assessee: row.assessee.clone(),
                name: row.name.clone(),
                counts: Counts::default(),
                relationships: Vec::new(),
            });
        }
        if let Some(a) = assessees.last_mut() {
            a.counts.add(counts);
            a.relationships.push(RelationshipProgress {
                relationship: row.relationship.code().to_string(),
                counts,
            });
        }
    }
    ProgressOut {
        cycle,
        total,
        assessees,
    }
}

/// Response counts per assessee and relationship.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/progress",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "Counts per assessee and relationship", body = ProgressOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub(crate) async fn progress(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<ProgressOut>, ApiError> {
    Ok(Json(progress_of(id, state.store.progress(id).await?)))
}
