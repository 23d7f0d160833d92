//! Who may read which individual report, and the reports themselves (SPEC §7, §8).
//!
//! HR reads every report in every state, in full. The assessee (the user linked to that
//! person) and every manager above them in the cycle's org chart read it once the cycle is
//! published, in the restricted view of SPEC §4 step 10. Everybody else is refused. The
//! org chart of a published cycle is the one kept at publication, so publishing fixes who
//! may read what as well as the figures.
//!
//! A published cycle never changes, so its scoring is kept in memory once made (a few
//! cycles at a time); a report is then one assessee's scoring and the object. Cycles that
//! are not published are scored afresh for each report (only HR reads those).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use yardstick_core::CycleState;
use yardstick_i18n::msg;
use yardstick_store::report::{IndividualReport, ScoredCycle, TrendPoint, View};
use yardstick_store::{Cycle, Role, Store, User};

use crate::error::ApiError;
use crate::state::AppState;

/// How many published cycles are kept scored.
const KEPT: usize = 8;

/// A cycle scored, with the org chart its reports are read by.
pub(crate) struct Scored {
    /// The scores.
    pub scored: ScoredCycle,
    /// Each person's superior.
    superiors: HashMap<String, Option<String>>,
}

impl Scored {
    /// Whether `above` is anywhere above `person` in the cycle's org chart.
    fn is_above(&self, above: &str, person: &str) -> bool {
        let mut at = person;
        // The chart has no cycles (imports refuse them), but a bound costs nothing.
        for _ in 0..=self.superiors.len() {
            match self.superiors.get(at).and_then(Option::as_deref) {
                Some(s) if s == above => return true,
                Some(s) => at = s,
                None => return false,
            }
        }
        false
    }
}

/// The published cycles kept scored, each with the revision of its results data it was
/// scored at: deleting raw responses or erasing a person makes a new revision, on whichever
/// server it happens, and a scoring of an older one is not used again.
#[derive(Default)]
pub(crate) struct ReportCache {
    kept: Mutex<Vec<(Revision, Arc<Scored>)>>,
}

/// A cycle's id and the revision of its results data.
type Revision = (i64, i64);

impl ReportCache {
    fn get(&self, id: Revision) -> Option<Arc<Scored>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.iter().find(|(c, _)| *c == id).map(|(_, s)| s.clone())
    }

    fn put(&self, id: Revision, scored: Arc<Scored>) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|(c, _)| c.0 != id.0);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((id, scored));
    }
}

/// The cycle scored: kept when published, else made now.
pub(crate) async fn scored(state: &AppState, cycle: &Cycle) -> Result<Arc<Scored>, ApiError> {
    scored_in(state.store.as_ref(), Some(&state.reports), cycle).await
}

/// The cycle scored from `store`, kept in `cache` (when given) once published.
pub(crate) async fn scored_in(
    store: &dyn Store,
    cache: Option<&ReportCache>,
    cycle: &Cycle,
) -> Result<Arc<Scored>, ApiError> {
    let published = cycle.state == CycleState::Published;
    let key = (cycle.id, cycle.revision);
    if published && let Some(s) = cache.and_then(|c| c.get(key)) {
        return Ok(s);
    }
    let data = store.cycle_responses(cycle.id).await?;
    let chart = store.cycle_org_chart(cycle.id).await?;
    let scored = tokio::task::spawn_blocking(move || ScoredCycle::new(data))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let scored = Arc::new(Scored {
        scored,
        superiors: chart.into_iter().map(|l| (l.person, l.superior)).collect(),
    });
    if published && let Some(cache) = cache {
        cache.put(key, scored.clone());
    }
    Ok(scored)
}

/// What `user` may do with the reports of `assessee` in a scored cycle.
fn access(user: &User, scored: &Scored, assessee: &str) -> Option<View> {
    if user.role.is_hr() {
        return Some(View::Full);
    }
    let person = user.person_id.as_deref()?;
    let own = person == assessee;
    let manager = user.role == Role::Manager && scored.is_above(person, assessee);
    (own || manager).then_some(View::Restricted)
}

/// The report of `assessee` in cycle `id` for `user`: 404 an unknown cycle or an assessee
/// not in it, 403 a user who may not read it, 409 one who may, before publication.
pub(crate) async fn report(
    state: &AppState,
    user: &User,
    id: i64,
    assessee: &str,
) -> Result<IndividualReport, ApiError> {
    let cycle = state.store.cycle(id).await?;
    let scored = scored(state, &cycle).await?;
    if !scored.scored.has(assessee) {
        return Err(ApiError::of(
            StatusCode::NOT_FOUND,
            Some("assessee"),
            msg!("reports.not_in_cycle", assessee = assessee),
        ));
    }
    let view = access(user, &scored, assessee)
        .ok_or_else(|| ApiError::of(StatusCode::FORBIDDEN, None, msg!("reports.forbidden")))?;
    if view == View::Restricted && cycle.state != CycleState::Published {
        return Err(ApiError::of(
            StatusCode::CONFLICT,
            None,
            msg!("reports.not_published"),
        ));
    }
    let trend = trend(state.store.as_ref(), Some(&state.reports), &cycle, assessee).await?;
    scored
        .scored
        .report(assessee, trend, view)
        .ok_or_else(|| ApiError::internal("an assessee of the cycle has no report"))
}

/// The report of `assessee` in cycle `id` in `view`, without asking who reads it (the
/// command line, which has the database itself): 404 an unknown cycle or assessee.
pub(crate) async fn report_in(
    store: &dyn Store,
    id: i64,
    assessee: &str,
    view: View,
) -> Result<IndividualReport, ApiError> {
    let cycle = store.cycle(id).await?;
    let scored = scored_in(store, None, &cycle).await?;
    if !scored.scored.has(assessee) {
        return Err(ApiError::of(
            StatusCode::NOT_FOUND,
            Some("assessee"),
            msg!("reports.not_in_cycle", assessee = assessee),
        ));
    }
    let trend = trend(store, None, &cycle, assessee).await?;
    scored
        .scored
        .report(assessee, trend, view)
        .ok_or_else(|| ApiError::internal("an assessee of the cycle has no report"))
}

/// The assessee's score in every published cycle before `cycle`, oldest first.
async fn trend(
    store: &dyn Store,
    cache: Option<&ReportCache>,
    cycle: &Cycle,
    assessee: &str,
) -> Result<Vec<TrendPoint>, ApiError> {
    let mut earlier: Vec<Cycle> = store
        .cycles()
        .await?
        .into_iter()
        .filter(|c| c.id < cycle.id && c.state == CycleState::Published)
        .collect();
    earlier.sort_by_key(|c| c.id);
    let mut points = Vec::new();
    for c in earlier {
        let s = scored_in(store, cache, &c).await?;
        if s.scored.has(assessee) {
            points.push(TrendPoint {
                cycle: c.id,
                name: c.name.clone(),
                percent: s.scored.percent_of(assessee),
            });
        }
    }
    Ok(points)
}

/// One report a user may read.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Readable {
    /// The cycle's id.
    pub cycle: i64,
    /// The cycle's name.
    pub cycle_name: String,
    /// The assessee's id.
    pub assessee: String,
    /// The assessee's name.
    pub name: String,
    /// The assessee's department.
    #[serde(skip)]
    pub department: String,
    /// Whether it is the user's own report.
    #[serde(skip)]
    pub own: bool,
}

/// Every report `user` may read now: HR every assessee of every cycle; the others the
/// published cycles' reports of themselves and, for managers, of everyone below them.
/// Newest cycle first, then in the cycle's order.
pub(crate) async fn readable(state: &AppState, user: &User) -> Result<Vec<Readable>, ApiError> {
    let mut out = Vec::new();
    for cycle in state.store.cycles().await? {
        let visible = if user.role.is_hr() {
            true
        } else {
            user.person_id.is_some() && cycle.state == CycleState::Published
        };
        if !visible {
            continue;
        }
        let s = if user.role.is_hr() && cycle.state != CycleState::Published {
            // Listing needs only the assessees, not the scores.
            None
        } else {
            Some(scored(state, &cycle).await?)
        };
        let assessees = match &s {
            Some(s) => s.scored.data().assessees.clone(),
            None => state.store.cycle_responses(cycle.id).await?.assessees,
        };
        for a in assessees {
            let allowed = match &s {
                Some(s) => access(user, s, &a.id).is_some(),
                None => true,
            };
            if allowed {
                out.push(Readable {
                    cycle: cycle.id,
                    cycle_name: cycle.name.clone(),
                    own: user.person_id.as_deref() == Some(a.id.as_str()),
                    assessee: a.id,
                    name: a.name,
                    department: a.department,
                });
            }
        }
    }
    Ok(out)
}
