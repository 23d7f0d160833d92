//! The Analytics object of a cycle (SPEC §8, `docs/analytics.md`): the reliability of the
//! model on the cycle's own answers, agreement within groups, N/A rates, rater quality and
//! close calls. HR only; the console page `/hr/cycles/{id}/analytics` shows the same figures.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use yardstick_core::analytics::Analytics;
use yardstick_store::CycleResponses;

use crate::auth::Hr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json, Path};
use crate::state::AppState;

/// How one item goes with the rest of its dimension.
#[derive(Serialize, ToSchema)]
pub(crate) struct ItemFitOut {
    /// The item's code.
    pub(crate) code: String,
    /// Pearson's r with the sum of the dimension's other items; null when either does not vary.
    pub(crate) item_rest: Option<f64>,
}

/// Cronbach's α of one dimension.
#[derive(Serialize, ToSchema)]
pub(crate) struct DimensionFitOut {
    /// The dimension's code.
    pub(crate) code: String,
    /// Cronbach's α; null when `n < 3` or var(sum) = 0.
    pub(crate) alpha: Option<f64>,
    /// Responses that answered every item of the dimension with a number.
    pub(crate) n: usize,
    /// Its items, in model order.
    pub(crate) items: Vec<ItemFitOut>,
}

/// Agreement within groups on one item.
#[derive(Serialize, ToSchema)]
pub(crate) struct AgreementOut {
    /// The item's code.
    pub(crate) item: String,
    /// Mean rwg over the (assessee, relationship) pairs; null when there is none.
    pub(crate) rwg: Option<f64>,
    /// Pairs with at least two numeric answers.
    pub(crate) pairs: usize,
}

/// The N/A rate of one item for one relationship.
#[derive(Serialize, ToSchema)]
pub(crate) struct NaRateOut {
    /// The item's code.
    pub(crate) item: String,
    /// The relationship.
    pub(crate) relationship: String,
    /// Share of the responses whose answer is not a number.
    pub(crate) rate: f64,
    /// Submitted responses of this relationship.
    pub(crate) n: usize,
}

/// How one rater rates.
#[derive(Serialize, ToSchema)]
pub(crate) struct RaterOut {
    /// The person id, or `X{n}` for an outside rater (`n` the assignments' `rater_id`).
    pub(crate) rater: String,
    /// Submitted responses.
    pub(crate) responses: usize,
    /// Mean of all their numeric answers.
    pub(crate) mean: Option<f64>,
    /// `mean` − the mean of all numeric answers of the cycle.
    pub(crate) leniency: Option<f64>,
    /// Responses with at least 10 numeric answers, all equal.
    pub(crate) straight_lined: usize,
}

/// An assessee within the margin of a grade cut-off.
#[derive(Serialize, ToSchema)]
pub(crate) struct CloseCallOut {
    /// The assessee's person id.
    pub(crate) assessee: String,
    /// The displayed 100-point score.
    pub(crate) percent: f64,
    /// The nearest grade cut-off.
    pub(crate) cutoff: f64,
    /// One standard error of the score, from the spread of the assessee's raters.
    pub(crate) margin: f64,
}

/// The Analytics object of SPEC §8.
#[derive(Serialize, ToSchema)]
pub(crate) struct AnalyticsOut {
    /// Per dimension, in model order.
    pub(crate) dimensions: Vec<DimensionFitOut>,
    /// Per item, in model order.
    pub(crate) agreement: Vec<AgreementOut>,
    /// Per item and relationship asked it with responses.
    pub(crate) na_rate: Vec<NaRateOut>,
    /// Per rater, by rater id.
    pub(crate) raters: Vec<RaterOut>,
    /// Nearest to the cut-off first.
    pub(crate) close_calls: Vec<CloseCallOut>,
}

impl AnalyticsOut {
    /// The figures of `a`, computed from `data`, with codes and ids for positions.
    pub(crate) fn new(data: &CycleResponses, a: Analytics) -> AnalyticsOut {
        let model = data.model.model.as_ref();
        let item = |i: usize| model.items()[i].code().to_string();
        AnalyticsOut {
            dimensions: a
                .dimensions
                .into_iter()
                .map(|d| DimensionFitOut {
                    code: model.dimensions()[d.dimension].code().to_string(),
                    alpha: d.alpha,
                    n: d.n,
                    items: d
                        .items
                        .into_iter()
                        .map(|i| ItemFitOut {
                            code: item(i.item),
                            item_rest: i.item_rest,
                        })
                        .collect(),
                })
                .collect(),
            agreement: a
                .agreement
                .into_iter()
                .map(|g| AgreementOut {
                    item: item(g.item),
                    rwg: g.rwg,
                    pairs: g.pairs,
                })
                .collect(),
            na_rate: a
                .na_rate
                .into_iter()
                .map(|r| NaRateOut {
                    item: item(r.item),
                    relationship: r.relationship.code().to_string(),
                    rate: r.rate,
                    n: r.n,
                })
                .collect(),
            raters: a
                .raters
                .into_iter()
                .map(|r| RaterOut {
                    rater: r.rater,
                    responses: r.responses,
                    mean: r.mean,
                    leniency: r.leniency,
                    straight_lined: r.straight_lined,
                })
                .collect(),
            close_calls: a
                .close_calls
                .into_iter()
                .map(|c| CloseCallOut {
                    assessee: data.assessees[c.assessee].id.clone(),
                    percent: c.percent,
                    cutoff: c.cutoff,
                    margin: c.margin,
                })
                .collect(),
        }
    }
}

/// The analytics of a cycle from its stored responses, off the request threads.
pub(crate) async fn compute(
    state: &AppState,
    id: i64,
) -> Result<(CycleResponses, AnalyticsOut), ApiError> {
    let data = state.store.cycle_responses(id).await?;
    tokio::task::spawn_blocking(move || {
        let a = data.analytics().map_err(ApiError::internal)?;
        let out = AnalyticsOut::new(&data, a);
        Ok((data, out))
    })
    .await
    .map_err(ApiError::internal)?
}

/// The Analytics object of a cycle (SPEC §8), over its submitted responses, in any state.
#[utoipa::path(
    get,
    path = "/api/v1/cycles/{id}/analytics",
    tag = "results",
    security(("bearer" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "The Analytics object of SPEC §8", body = AnalyticsOut),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not HR", body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
    )
)]
pub(crate) async fn analytics(
    State(state): State<AppState>,
    _hr: Hr,
    Path(id): Path<i64>,
) -> Result<Json<AnalyticsOut>, ApiError> {
    let (_, out) = compute(&state, id).await?;
    Ok(Json(out))
}
