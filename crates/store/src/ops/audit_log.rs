//! The whole audit log, newest first, filtered by cycle and paged: what the console's audit
//! page shows. The lines are written by `cycles::audit`, from every operation that records
//! one.

use sqlx::Row;

use super::cycles::{audit, load_cycle};
use crate::SqlStore;
use crate::error::{Result, StoreError};
use crate::types::{AUDIT_ACTIONS, AuditFilter, AuditLine, AuditLog, NewAuditLine, PageRequest};

/// The columns of a line, with the user's and the cycle's names.
const LINE: &str = "SELECT a.id, a.at, u.username, p.name, a.action, a.cycle_id, c.name, \
     a.subject, a.reason, a.detail FROM audit_log a \
     LEFT JOIN users u ON u.id = a.user_id \
     LEFT JOIN people p ON p.id = u.person_id \
     LEFT JOIN cycles c ON c.id = a.cycle_id";

impl SqlStore {
    pub(crate) async fn record_audit_impl(&self, line: NewAuditLine<'_>) -> Result<()> {
        if !AUDIT_ACTIONS.contains(&line.action) {
            return Err(StoreError::Broken(format!(
                "`{}` is not an action of the audit log",
                line.action
            )));
        }
        let by = line.by.cloned();
        let action = line.action.to_string();
        let cycle = line.cycle;
        let subject = line.subject.map(str::to_string);
        self.db
            .write(move |conn| {
                Box::pin(async move {
                    if let Some(id) = cycle {
                        load_cycle(&mut *conn, id).await?;
                    }
                    audit(conn, by.as_ref(), &action, cycle, subject.as_deref(), None).await
                })
            })
            .await
    }

    pub(crate) async fn audit_log_impl(
        &self,
        filter: AuditFilter,
        page: PageRequest,
    ) -> Result<AuditLog> {
        let pool = self.db.pool();
        let (condition, cycle) = match filter {
            AuditFilter::All => ("", None),
            AuditFilter::Cycle(id) => {
                load_cycle(pool, id).await?;
                (" WHERE a.cycle_id = $1", Some(id))
            }
            AuditFilter::NoCycle => (" WHERE a.cycle_id IS NULL", None),
        };
        let count = format!("SELECT COUNT(*) FROM audit_log a{condition}");
        let mut total = sqlx::query(sqlx::AssertSqlSafe(count));
        if let Some(id) = cycle {
            total = total.bind(id);
        }
        let total: i64 = total.fetch_one(pool).await?.try_get(0)?;
        let size = page.size.max(1);
        let offset = page.number.max(1).saturating_sub(1).saturating_mul(size);
        let n = if cycle.is_some() { 2 } else { 1 };
        let select = format!(
            "{LINE}{condition} ORDER BY a.id DESC LIMIT ${n} OFFSET ${}",
            n + 1
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(select));
        if let Some(id) = cycle {
            query = query.bind(id);
        }
        let as_i64 = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let rows = query
            .bind(as_i64(size))
            .bind(as_i64(offset))
            .fetch_all(pool)
            .await?;
        let lines = rows
            .iter()
            .map(|r| {
                Ok(AuditLine {
                    id: r.try_get(0)?,
                    at: r.try_get(1)?,
                    user: r.try_get(2)?,
                    person_name: r.try_get(3)?,
                    action: r.try_get(4)?,
                    cycle_id: r.try_get(5)?,
                    cycle_name: r.try_get(6)?,
                    subject: r.try_get(7)?,
                    reason: r.try_get(8)?,
                    detail: r.try_get(9)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(AuditLog {
            lines,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}
