//! What reports need beyond the Results: the org chart a cycle's reports are read by.

use sqlx::Row;

use crate::error::Result;
use crate::ops::cycles::load_cycle;
use crate::store::SqlStore;
use crate::types::OrgLink;

impl SqlStore {
    pub(crate) async fn cycle_org_chart_impl(&self, cycle: i64) -> Result<Vec<OrgLink>> {
        load_cycle(self.db.pool(), cycle).await?;
        let kept = sqlx::query(
            "SELECT person_id, superior_id FROM cycle_people WHERE cycle_id = $1 ORDER BY person_id",
        )
        .bind(cycle)
        .fetch_all(self.db.pool())
        .await?;
        let rows = if kept.is_empty() {
            sqlx::query("SELECT id, superior_id FROM people ORDER BY id")
                .fetch_all(self.db.pool())
                .await?
        } else {
            kept
        };
        rows.iter()
            .map(|r| {
                Ok(OrgLink {
                    person: r.try_get(0)?,
                    superior: r.try_get(1)?,
                })
            })
            .collect()
    }
}
