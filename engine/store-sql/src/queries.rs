//! The SQL of the store, and the `Store` implementation over it, written once and instantiated
//! per database by `queries!`. Only portable SQL and `QueryBuilder` binds (which place each
//! database's own placeholders). The group commit's set-based batch, `set_commit!`, is
//! PostgreSQL's alone: SQLite applies a batch in one hand-off (`sqlite/commit.rs`).

macro_rules! queries {
    ($db:ty) => {
        use aether_types::{
            Approval, ApprovalFilter, ApprovalId, ApprovalState, HistoryEvent, Lease, ListFilter,
            Millis, NodeId, ParentRef, ScheduleId, ScheduleRow, TaskToken, WorkerId, WorkflowId,
            WorkflowRow,
        };
        use sqlx::{Pool, QueryBuilder, Row, Transaction};

        use aether_store::{Error, Result, StoredWorkflow, WorkflowWrite};

        use crate::{
            backend_error,
            columns::{
                APPROVAL_COLUMNS, APPROVAL_UPSERT, ApprovalColumns, HISTORY_COLUMNS, ROW_COLUMNS, RowColumns,
                event_columns, int,
            },
            corrupt, decode_event,
            transaction::in_transaction,
        };

        type Db = $db;

        /// Rows per multi-row insert: far below every database's bind limit.
        const INSERT_CHUNK: usize = 200;

        fn decode_row(r: &<Db as sqlx::Database>::Row) -> Result<WorkflowRow> {
            let text = |col: &str| r.try_get::<String, _>(col).map_err(backend_error);
            let opt_text = |col: &str| r.try_get::<Option<String>, _>(col).map_err(backend_error);
            let big = |col: &str| r.try_get::<i64, _>(col).map_err(backend_error);
            let opt_big = |col: &str| r.try_get::<Option<i64>, _>(col).map_err(backend_error);
            let parent = match (opt_text("parent_id")?, r.try_get::<Option<i32>, _>("parent_position").map_err(backend_error)?) {
                (Some(id), Some(position)) => Some(ParentRef {
                    workflow_id: WorkflowId::parse(id).map_err(corrupt)?,
                    position: u32::try_from(position).map_err(corrupt)?,
                }),
                _ => None,
            };
            let lease = match (opt_text("lease_token")?, opt_text("lease_worker")?, opt_big("leased_at")?) {
                (Some(token), Some(worker), Some(at)) => Some(Lease {
                    token: TaskToken::parse(token).map_err(corrupt)?,
                    worker_id: WorkerId::parse(worker).map_err(corrupt)?,
                    leased_at: at,
                    node: opt_text("lease_node")?.map(NodeId::parse).transpose().map_err(corrupt)?,
                }),
                _ => None,
            };
            Ok(WorkflowRow {
                id: WorkflowId::parse(text("id")?).map_err(corrupt)?,
                workflow_type: text("workflow_type")?,
                status: text("status")?.parse().map_err(corrupt)?,
                wait: opt_text("wait")?.map(|w| w.parse()).transpose().map_err(corrupt)?,
                parent,
                created_at: big("created_at")?,
                updated_at: big("updated_at")?,
                closed_at: opt_big("closed_at")?,
                version: u64::try_from(big("version")?).map_err(corrupt)?,
                history_len: u64::try_from(big("history_len")?).map_err(corrupt)?,
                lease,
                last_worker: opt_text("last_worker")?
                    .map(WorkerId::parse)
                    .transpose()
                    .map_err(corrupt)?,
                due_at: opt_big("due_at")?,
                wait_since: opt_big("wait_since")?,
            })
        }

        /// Binds the row's values in `ROW_COLUMNS` order, separated by commas.
        fn bind_row(b: &mut sqlx::query_builder::Separated<'_, '_, Db, &'static str>, row: &WorkflowRow) {
            let c = RowColumns::of(row);
            b.push_bind(c.id)
                .push_bind(c.workflow_type)
                .push_bind(c.status)
                .push_bind(c.wait)
                .push_bind(c.parent_id)
                .push_bind(c.parent_position)
                .push_bind(c.created_at)
                .push_bind(c.updated_at)
                .push_bind(c.closed_at)
                .push_bind(c.version)
                .push_bind(c.history_len)
                .push_bind(c.lease_token)
                .push_bind(c.lease_worker)
                .push_bind(c.leased_at)
                .push_bind(c.last_worker)
                .push_bind(c.due_at)
                .push_bind(c.wait_since)
                .push_bind(c.lease_node);
        }

        /// Binds an approval's values in `APPROVAL_COLUMNS` order, separated by commas.
        fn bind_approval(b: &mut sqlx::query_builder::Separated<'_, '_, Db, &'static str>, c: ApprovalColumns) {
            b.push_bind(c.id)
                .push_bind(c.workflow_id)
                .push_bind(c.position)
                .push_bind(c.session_id)
                .push_bind(c.reason)
                .push_bind(c.state)
                .push_bind(c.requested_at)
                .push_bind(c.expires_at)
                .push_bind(c.version)
                .push_bind(c.record);
        }

        fn push_row_values(q: &mut QueryBuilder<'_, Db>, row: &WorkflowRow) {
            bind_row(&mut q.separated(", "), row);
        }

        fn decode_approval(r: &<Db as sqlx::Database>::Row, now: Millis) -> Result<Approval> {
            let record = r.try_get::<String, _>("record").map_err(backend_error)?;
            let approval: Approval = serde_json::from_str(&record).map_err(corrupt)?;
            Ok(approval.as_of(now))
        }

        /// A workflow's approvals, inserted or replaced: their workflow's version check, made
        /// in the same transaction, is what orders them.
        async fn upsert_approvals(
            conn: &mut <Db as sqlx::Database>::Connection,
            approvals: &[&Approval],
        ) -> Result<()> {
            for chunk in approvals.chunks(INSERT_CHUNK) {
                let rows = chunk.iter().map(|a| ApprovalColumns::of(a)).collect::<Result<Vec<_>>>()?;
                let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO approvals ({APPROVAL_COLUMNS}) "));
                q.push_values(rows, |mut b, c| bind_approval(&mut b, c));
                q.push(APPROVAL_UPSERT);
                q.build().execute(&mut *conn).await.map_err(backend_error)?;
            }
            Ok(())
        }

        async fn approval(pool: &Pool<Db>, id: &ApprovalId, now: Millis) -> Result<Option<Approval>> {
            let row = QueryBuilder::<Db>::new("SELECT record FROM approvals WHERE id = ")
                .push_bind(id.to_string())
                .build()
                .fetch_optional(pool)
                .await
                .map_err(backend_error)?;
            row.map(|r| decode_approval(&r, now)).transpose()
        }

        async fn approvals(pool: &Pool<Db>, filter: &ApprovalFilter, now: Millis) -> Result<Vec<Approval>> {
            let mut q = QueryBuilder::<Db>::new("SELECT record FROM approvals WHERE 1 = 1");
            // The state as of `now` (`Approval::state_at`): a pending approval past its expiry
            // is expired.
            match filter.state {
                None => {}
                Some(ApprovalState::Pending) => {
                    q.push(" AND state = 'pending' AND (expires_at IS NULL OR expires_at > ")
                        .push_bind(now)
                        .push(")");
                }
                Some(ApprovalState::Expired) => {
                    q.push(" AND (state = 'expired' OR (state = 'pending' AND expires_at <= ")
                        .push_bind(now)
                        .push("))");
                }
                Some(state) => {
                    q.push(" AND state = ").push_bind(state.as_str());
                }
            }
            if let Some(w) = &filter.workflow_id {
                q.push(" AND workflow_id = ").push_bind(w.to_string());
            }
            if let Some(s) = &filter.session_id {
                q.push(" AND session_id = ").push_bind(s.clone());
            }
            if let Some(r) = &filter.reason {
                q.push(" AND reason = ").push_bind(r.clone());
            }
            if let Some(after) = &filter.after {
                q.push(" AND (requested_at < ")
                    .push_bind(after.requested_at)
                    .push(" OR (requested_at = ")
                    .push_bind(after.requested_at)
                    .push(" AND id < ")
                    .push_bind(after.id.to_string())
                    .push("))");
            }
            q.push(" ORDER BY requested_at DESC, id DESC LIMIT ")
                .push_bind(i64::try_from(filter.limit).unwrap_or(i64::MAX));
            let rows = q.build().fetch_all(pool).await.map_err(backend_error)?;
            rows.iter().map(|r| decode_approval(r, now)).collect()
        }

        /// The same rule as `approvals`' pending filter (`Approval::state_at`), on the
        /// `approvals_by_state` index.
        async fn pending_approvals(pool: &Pool<Db>, now: Millis) -> Result<u64> {
            let row = QueryBuilder::<Db>::new(
                "SELECT COUNT(*) AS n FROM approvals WHERE state = 'pending' AND (expires_at IS NULL OR expires_at > ",
            )
            .push_bind(now)
            .push(")")
            .build()
            .fetch_one(pool)
            .await
            .map_err(backend_error)?;
            let n: i64 = row.try_get("n").map_err(backend_error)?;
            Ok(u64::try_from(n).unwrap_or(0))
        }

        async fn put_approval(pool: &Pool<Db>, approval: &Approval, expected_version: u64) -> Result<()> {
            let c = ApprovalColumns::of(approval)?;
            let applied = if expected_version == 0 {
                let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO approvals ({APPROVAL_COLUMNS}) VALUES ("));
                bind_approval(&mut q.separated(", "), c);
                q.push(") ON CONFLICT (id) DO NOTHING");
                q.build().execute(pool).await.map_err(backend_error)?.rows_affected()
            } else {
                QueryBuilder::<Db>::new("UPDATE approvals SET state = ")
                    .push_bind(c.state)
                    .push(", expires_at = ").push_bind(c.expires_at)
                    .push(", version = ").push_bind(c.version)
                    .push(", record = ").push_bind(c.record)
                    .push(" WHERE id = ").push_bind(c.id)
                    .push(" AND version = ").push_bind(int(expected_version))
                    .build()
                    .execute(pool)
                    .await
                    .map_err(backend_error)?
                    .rows_affected()
            };
            if applied == 0 {
                return Err(Error::ApprovalConflict(approval.id.clone()));
            }
            Ok(())
        }

        fn decode_schedule(r: &<Db as sqlx::Database>::Row) -> Result<ScheduleRow> {
            let record = r.try_get::<String, _>("record").map_err(backend_error)?;
            serde_json::from_str(&record).map_err(corrupt)
        }

        pub(super) async fn schedule(pool: &Pool<Db>, id: &ScheduleId) -> Result<Option<ScheduleRow>> {
            QueryBuilder::<Db>::new("SELECT record FROM schedules WHERE id = ")
                .push_bind(id.as_str().to_owned())
                .build()
                .fetch_optional(pool)
                .await
                .map_err(backend_error)?
                .map(|r| decode_schedule(&r))
                .transpose()
        }

        pub(super) async fn schedules(pool: &Pool<Db>) -> Result<Vec<ScheduleRow>> {
            QueryBuilder::<Db>::new("SELECT record FROM schedules ORDER BY id")
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?
                .iter()
                .map(decode_schedule)
                .collect()
        }

        /// The compare-and-set of schedules: an insert that does nothing if the id is taken,
        /// or an update only of the version read. One statement either way, so two nodes
        /// writing the same version cannot both succeed.
        pub(super) async fn put_schedule(pool: &Pool<Db>, row: &ScheduleRow, expected_version: u64) -> Result<()> {
            aether_store::check_schedule_write(row, expected_version)?;
            let record = serde_json::to_string(row).map_err(|e| Error::Backend(e.to_string()))?;
            let applied = if expected_version == 0 {
                let mut q = QueryBuilder::<Db>::new("INSERT INTO schedules (id, version, record) VALUES (");
                q.separated(", ")
                    .push_bind(row.id.as_str().to_owned())
                    .push_bind(int(row.version))
                    .push_bind(record);
                q.push(") ON CONFLICT (id) DO NOTHING");
                q.build().execute(pool).await.map_err(backend_error)?.rows_affected()
            } else {
                QueryBuilder::<Db>::new("UPDATE schedules SET version = ")
                    .push_bind(int(row.version))
                    .push(", record = ").push_bind(record)
                    .push(" WHERE id = ").push_bind(row.id.as_str().to_owned())
                    .push(" AND version = ").push_bind(int(expected_version))
                    .build()
                    .execute(pool)
                    .await
                    .map_err(backend_error)?
                    .rows_affected()
            };
            if applied == 0 {
                return Err(Error::ScheduleConflict(row.id.clone()));
            }
            Ok(())
        }

        pub(super) async fn delete_schedule(pool: &Pool<Db>, id: &ScheduleId) -> Result<bool> {
            let deleted = QueryBuilder::<Db>::new("DELETE FROM schedules WHERE id = ")
                .push_bind(id.as_str().to_owned())
                .build()
                .execute(pool)
                .await
                .map_err(backend_error)?
                .rows_affected();
            Ok(deleted > 0)
        }

        /// Every approval, as stored (no expiry applied): what the L1 tier loads at start-up.
        pub(super) async fn load_all_approvals(pool: &Pool<Db>) -> Result<Vec<Approval>> {
            let rows = QueryBuilder::<Db>::new("SELECT record FROM approvals")
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?;
            rows.iter().map(|r| decode_approval(r, Millis::MIN)).collect()
        }

        async fn insert_events(
            conn: &mut <Db as sqlx::Database>::Connection,
            events: &[(&WorkflowId, &HistoryEvent)],
            on_conflict_ignore: bool,
        ) -> Result<()> {
            for chunk in events.chunks(INSERT_CHUNK) {
                let mut columns = Vec::with_capacity(chunk.len());
                for (id, event) in chunk {
                    columns.push((*id, *event, event_columns(event)?));
                }
                let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO history ({HISTORY_COLUMNS}) "));
                q.push_values(columns, |mut b, (id, event, c)| {
                    b.push_bind(id.to_string())
                        .push_bind(int(event.seq))
                        .push_bind(event.at)
                        .push_bind(c.kind)
                        .push_bind(c.position)
                        .push_bind(c.name)
                        .push_bind(c.attempt)
                        .push_bind(c.payload_size)
                        .push_bind(c.json);
                });
                if on_conflict_ignore {
                    q.push(" ON CONFLICT (workflow_id, seq) DO NOTHING");
                }
                q.build().execute(&mut *conn).await.map_err(backend_error)?;
            }
            Ok(())
        }

        /// Upserts rows and appends missing actions, unchecked: the L1 snapshot.
        pub(super) async fn write_snapshot(pool: &Pool<Db>, items: Vec<StoredWorkflow>, approvals: Vec<Approval>) -> Result<()> {
            in_transaction(pool, async |tx: &mut Transaction<'_, Db>| {
                upsert_approvals(tx, &approvals.iter().collect::<Vec<_>>()).await?;
                for item in &items {
                    let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO workflows ({ROW_COLUMNS}) VALUES ("));
                    push_row_values(&mut q, &item.row);
                    q.push(
                        ") ON CONFLICT (id) DO UPDATE SET status = excluded.status, wait = excluded.wait, \
                         updated_at = excluded.updated_at, closed_at = excluded.closed_at, \
                         version = excluded.version, history_len = excluded.history_len, \
                         lease_token = excluded.lease_token, lease_worker = excluded.lease_worker, \
                         leased_at = excluded.leased_at, last_worker = excluded.last_worker, \
                         due_at = excluded.due_at, wait_since = excluded.wait_since, \
                         lease_node = excluded.lease_node",
                    );
                    q.build().execute(&mut **tx).await.map_err(backend_error)?;
                    let events: Vec<_> = item.events.iter().map(|e| (&item.row.id, e)).collect();
                    insert_events(tx, &events, true).await?;
                }
                Ok(())
            })
            .await
        }

        async fn events_of(pool: &Pool<Db>, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
            let rows = QueryBuilder::<Db>::new("SELECT seq, at, action FROM history WHERE workflow_id = ")
                .push_bind(id.to_string())
                .push(" ORDER BY seq")
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?;
            rows.iter()
                .map(|r| {
                    decode_event(
                        r.try_get("seq").map_err(backend_error)?,
                        r.try_get("at").map_err(backend_error)?,
                        &r.try_get::<String, _>("action").map_err(backend_error)?,
                    )
                })
                .collect()
        }

        /// The row and its actions as of one moment. They are two queries; actions only ever
        /// grow, and a commit writes a row with its actions, so reading the actions first and
        /// the row second can only find the row ahead, by actions committed in between, which a
        /// second read of the actions then catches.
        async fn load(pool: &Pool<Db>, id: &WorkflowId) -> Result<Option<StoredWorkflow>> {
            let mut events = events_of(pool, id).await?;
            for _ in 0..5 {
                let row = QueryBuilder::<Db>::new(format!("SELECT {ROW_COLUMNS} FROM workflows WHERE id = "))
                    .push_bind(id.to_string())
                    .build()
                    .fetch_optional(pool)
                    .await
                    .map_err(backend_error)?;
                let Some(row) = row else { return Ok(None) };
                let row = decode_row(&row)?;
                if events.len() as u64 == row.history_len {
                    return Ok(Some(StoredWorkflow { row, events }));
                }
                events = events_of(pool, id).await?;
                if events.len() as u64 == row.history_len {
                    return Ok(Some(StoredWorkflow { row, events }));
                }
            }
            Err(corrupt(format!(
                "workflow {id}: its row and actions disagree ({} actions stored)",
                events.len()
            )))
        }

        async fn list(pool: &Pool<Db>, filter: &ListFilter) -> Result<Vec<WorkflowRow>> {
            let mut q = QueryBuilder::<Db>::new(format!("SELECT {ROW_COLUMNS} FROM workflows WHERE 1 = 1"));
            if let Some(t) = &filter.workflow_type {
                q.push(" AND workflow_type = ").push_bind(t.clone());
            }
            if let Some(s) = filter.status {
                q.push(" AND status = ").push_bind(s.as_str());
            }
            if let Some(w) = filter.waiting {
                q.push(" AND wait = ").push_bind(w.as_str());
            }
            if let Some(prefix) = &filter.id_prefix {
                // SUBSTR, not LIKE: exact bytes, the same case rules on both databases.
                q.push(" AND SUBSTR(id, 1, CAST(")
                    .push_bind(i64::try_from(prefix.chars().count()).unwrap_or(i64::MAX))
                    .push(" AS INTEGER)) = ")
                    .push_bind(prefix.clone());
            }
            if let Some(parent) = &filter.parent {
                q.push(" AND parent_id = ").push_bind(parent.to_string());
            }
            if let Some(from) = filter.created_from {
                q.push(" AND created_at >= ").push_bind(from);
            }
            if let Some(to) = filter.created_to {
                q.push(" AND created_at < ").push_bind(to);
            }
            if let Some(after) = &filter.after {
                q.push(" AND (created_at < ")
                    .push_bind(after.created_at)
                    .push(" OR (created_at = ")
                    .push_bind(after.created_at)
                    .push(" AND id < ")
                    .push_bind(after.id.to_string())
                    .push("))");
            }
            q.push(" ORDER BY created_at DESC, id DESC LIMIT ")
                .push_bind(i64::try_from(filter.limit).unwrap_or(i64::MAX));
            let rows = q.build().fetch_all(pool).await.map_err(backend_error)?;
            // One bad row (an id written before ids were bounded) must not hide every other.
            Ok(rows
                .iter()
                .filter_map(|row| match decode_row(row) {
                    Ok(row) => Some(row),
                    Err(err) => {
                        tracing::error!(error = %err, "skipping a workflow row that cannot be read");
                        None
                    }
                })
                .collect())
        }

        async fn active(pool: &Pool<Db>) -> Result<Vec<WorkflowId>> {
            let rows = QueryBuilder::<Db>::new("SELECT id FROM workflows WHERE status IN ('PENDING', 'RUNNING')")
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?;
            ids(rows)
        }

        async fn runnable(pool: &Pool<Db>, types: &[String], limit: usize) -> Result<Vec<WorkflowId>> {
            if types.is_empty() {
                return Ok(Vec::new());
            }
            // The SQL form of `WorkflowRow::is_runnable` (not terminal, no lease, not waiting),
            // matching the partial index `workflows_runnable`; the conformance suite checks that
            // both give the same answer.
            let mut q = QueryBuilder::<Db>::new(
                "SELECT id FROM workflows WHERE lease_token IS NULL AND wait IS NULL \
                 AND status IN ('PENDING', 'RUNNING') AND workflow_type IN (",
            );
            let mut list = q.separated(", ");
            for t in types {
                list.push_bind(t.clone());
            }
            q.push(") ORDER BY updated_at, id LIMIT ").push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
            ids(q.build().fetch_all(pool).await.map_err(backend_error)?)
        }

        async fn due(pool: &Pool<Db>, now: i64, limit: usize) -> Result<Vec<WorkflowId>> {
            let rows = QueryBuilder::<Db>::new(
                "SELECT id FROM workflows WHERE due_at IS NOT NULL \
                 AND status IN ('PENDING', 'RUNNING') AND due_at <= ",
            )
                .push_bind(now)
                .push(" ORDER BY due_at, id LIMIT ")
                .push_bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?;
            ids(rows)
        }

        async fn beat_node(pool: &Pool<Db>, node: &NodeId, at: Millis) -> Result<()> {
            QueryBuilder::<Db>::new("INSERT INTO nodes (id, heartbeat_at) VALUES (")
                .push_bind(node.to_string())
                .push(", ")
                .push_bind(at)
                .push(") ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at")
                .build()
                .execute(pool)
                .await
                .map_err(backend_error)?;
            Ok(())
        }

        /// One statement per claim, so two nodes claiming the same node cannot both win:
        /// whichever `DELETE` removes the row returns it, the other finds nothing.
        async fn claim_dead_nodes(pool: &Pool<Db>, before: Millis) -> Result<Vec<NodeId>> {
            let rows = QueryBuilder::<Db>::new("DELETE FROM nodes WHERE heartbeat_at < ")
                .push_bind(before)
                .push(" RETURNING id")
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?;
            let mut dead = Vec::with_capacity(rows.len());
            for r in &rows {
                let raw = r.try_get::<String, _>("id").map_err(backend_error)?;
                match NodeId::parse(raw) {
                    Ok(node) => dead.push(node),
                    Err(err) => tracing::error!(error = %err, "removed a node record whose id is invalid"),
                }
            }
            dead.sort();
            Ok(dead)
        }

        async fn orphaned_leases(pool: &Pool<Db>, limit: usize) -> Result<Vec<(WorkflowId, NodeId)>> {
            let rows = QueryBuilder::<Db>::new(
                "SELECT id, lease_node FROM workflows WHERE lease_node IS NOT NULL \
                 AND status IN ('PENDING', 'RUNNING') \
                 AND NOT EXISTS (SELECT 1 FROM nodes WHERE nodes.id = workflows.lease_node) \
                 ORDER BY id LIMIT ",
            )
                .push_bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?;
            let mut found = Vec::with_capacity(rows.len());
            for r in &rows {
                let id = r.try_get::<String, _>("id").map_err(backend_error)?;
                let node = r.try_get::<String, _>("lease_node").map_err(backend_error)?;
                match (WorkflowId::parse(id), NodeId::parse(node)) {
                    (Ok(id), Ok(node)) => found.push((id, node)),
                    _ => tracing::error!("skipping a leased workflow row whose id or node is invalid"),
                }
            }
            Ok(found)
        }

        /// The ids of `rows`; an id that is not a valid id (written before ids were bounded) is
        /// reported and skipped, so that one bad row cannot stop recovery or the loops.
        fn ids(rows: Vec<<Db as sqlx::Database>::Row>) -> Result<Vec<WorkflowId>> {
            let mut ids = Vec::with_capacity(rows.len());
            for r in &rows {
                let raw = r.try_get::<String, _>("id").map_err(backend_error)?;
                match WorkflowId::parse(raw) {
                    Ok(id) => ids.push(id),
                    Err(err) => tracing::error!(error = %err, "skipping a workflow row whose id is invalid"),
                }
            }
            Ok(ids)
        }

        /// Workflows per status, and the active ones per kind of wait (a walk of the few active
        /// rows through their partial index, not of the whole table).
        async fn counts(pool: &Pool<Db>) -> Result<(crate::Groups, crate::Groups)> {
            let group = |sql: &'static str, key: &'static str| async move {
                let rows = QueryBuilder::<Db>::new(sql)
                    .build()
                    .fetch_all(pool)
                    .await
                    .map_err(backend_error)?;
                rows.iter()
                    .map(|r| Ok((r.try_get(key).map_err(backend_error)?, r.try_get("n").map_err(backend_error)?)))
                    .collect::<Result<crate::Groups>>()
            };
            Ok((
                group("SELECT status, COUNT(*) AS n FROM workflows GROUP BY status", "status").await?,
                group(
                    "SELECT wait, COUNT(*) AS n FROM workflows \
                     WHERE status IN ('PENDING', 'RUNNING') AND wait IS NOT NULL GROUP BY wait",
                    "wait",
                )
                .await?,
            ))
        }

        pub(super) async fn load_active(pool: &Pool<Db>) -> Result<Vec<StoredWorkflow>> {
            let rows = QueryBuilder::<Db>::new(format!(
                "SELECT {ROW_COLUMNS} FROM workflows WHERE status IN ('PENDING', 'RUNNING')"
            ))
                .build()
                .fetch_all(pool)
                .await
                .map_err(backend_error)?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                let row = decode_row(row)?;
                let events = events_of(pool, &row.id).await?;
                out.push(StoredWorkflow { row, events });
            }
            Ok(out)
        }

        /// One database as a [`Store`](aether_store::Store): reads from `read`, writes through
        /// the group-commit `writer`.
        pub(crate) struct Backend {
            pub(super) read: Pool<Db>,
            pub(super) write: Pool<Db>,
            pub(super) writer: crate::writer::Writer,
            /// Where nodes share the database (PostgreSQL): what the others changed.
            pub(super) notices: Option<tokio::sync::broadcast::Sender<aether_store::Notice>>,
            /// Where nodes share the database: workspace bus messages between them.
            pub(super) bus: Option<std::sync::Arc<crate::bus::BusRelay>>,
        }

        #[async_trait::async_trait]
        impl aether_store::Store for Backend {
            async fn commit(&self, write: WorkflowWrite) -> Result<()> {
                let base = write
                    .row
                    .history_len
                    .checked_sub(write.events.len() as u64)
                    .ok_or_else(|| Error::Backend("row history length below its new actions".into()))?;
                aether_store::check_write(&write, base)?;
                self.writer.commit(write).await
            }

            async fn load(&self, id: &WorkflowId) -> Result<Option<StoredWorkflow>> {
                load(&self.read, id).await
            }

            async fn history(&self, id: &WorkflowId) -> Result<Vec<HistoryEvent>> {
                let events = events_of(&self.read, id).await?;
                if events.is_empty() {
                    return Err(Error::NotFound(id.clone()));
                }
                Ok(events)
            }

            async fn list(&self, filter: &ListFilter) -> Result<Vec<WorkflowRow>> {
                list(&self.read, filter).await
            }

            async fn active(&self) -> Result<Vec<WorkflowId>> {
                active(&self.read).await
            }

            async fn counts(&self) -> Result<aether_store::StatusCounts> {
                crate::status_counts(counts(&self.read).await?)
            }

            async fn runnable(&self, types: &[String], limit: usize) -> Result<Vec<WorkflowId>> {
                runnable(&self.read, types, limit).await
            }

            async fn due(&self, now: aether_types::Millis, limit: usize) -> Result<Vec<WorkflowId>> {
                due(&self.read, now, limit).await
            }

            async fn approval(&self, id: &ApprovalId) -> Result<Option<Approval>> {
                approval(&self.read, id, Millis::MIN).await
            }

            async fn approvals(&self, filter: &ApprovalFilter, now: Millis) -> Result<Vec<Approval>> {
                approvals(&self.read, filter, now).await
            }

            async fn pending_approvals(&self, now: Millis) -> Result<u64> {
                pending_approvals(&self.read, now).await
            }

            async fn put_approval(&self, approval: &Approval, expected_version: u64) -> Result<()> {
                put_approval(&self.write, approval, expected_version).await
            }

            async fn schedule(&self, id: &ScheduleId) -> Result<Option<ScheduleRow>> {
                schedule(&self.read, id).await
            }

            async fn schedules(&self) -> Result<Vec<ScheduleRow>> {
                schedules(&self.read).await
            }

            async fn put_schedule(&self, row: &ScheduleRow, expected_version: u64) -> Result<()> {
                put_schedule(&self.write, row, expected_version).await
            }

            async fn delete_schedule(&self, id: &ScheduleId) -> Result<bool> {
                delete_schedule(&self.write, id).await
            }

            async fn beat_node(&self, node: &NodeId, at: Millis) -> Result<()> {
                beat_node(&self.write, node, at).await
            }

            async fn claim_dead_nodes(&self, before: Millis) -> Result<Vec<NodeId>> {
                claim_dead_nodes(&self.write, before).await
            }

            async fn orphaned_leases(&self, limit: usize) -> Result<Vec<(WorkflowId, NodeId)>> {
                orphaned_leases(&self.read, limit).await
            }

            async fn ping(&self) -> Result<()> {
                sqlx::query("SELECT 1").execute(&self.read).await.map_err(backend_error)?;
                Ok(())
            }

            fn shared(&self) -> bool {
                self.notices.is_some()
            }

            fn notices(&self) -> Option<tokio::sync::broadcast::Receiver<aether_store::Notice>> {
                self.notices.as_ref().map(|sender| sender.subscribe())
            }
        }
    };
}

/// The group commit through sqlx, a batch in a few set-based statements: PostgreSQL's. SQLite's
/// runs a batch in one hand-off instead (`sqlite/commit.rs`). Instantiated after `queries!`, in
/// the same module.
macro_rules! set_commit {
    () => {
        fn events_of_write(write: &WorkflowWrite) -> impl Iterator<Item = (&WorkflowId, &HistoryEvent)> {
            write.events.iter().map(move |e| (&write.row.id, e))
        }

        /// Applies one write inside the batch's transaction. A stale or duplicate write is
        /// refused without touching anything (and without aborting the transaction).
        async fn apply_one(conn: &mut <Db as sqlx::Database>::Connection, write: &WorkflowWrite) -> Result<Result<()>> {
            let row = &write.row;
            let applied = if write.expected_version == 0 {
                let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO workflows ({ROW_COLUMNS}) VALUES ("));
                push_row_values(&mut q, row);
                q.push(") ON CONFLICT (id) DO NOTHING");
                q.build().execute(&mut *conn).await.map_err(backend_error)?.rows_affected()
            } else {
                let base = row.history_len - write.events.len() as u64;
                let c = RowColumns::of(row);
                let mut q = QueryBuilder::<Db>::new("UPDATE workflows SET status = ");
                q.push_bind(c.status)
                    .push(", wait = ").push_bind(c.wait)
                    .push(", updated_at = ").push_bind(c.updated_at)
                    .push(", closed_at = ").push_bind(c.closed_at)
                    .push(", version = ").push_bind(c.version)
                    .push(", history_len = ").push_bind(c.history_len)
                    .push(", lease_token = ").push_bind(c.lease_token)
                    .push(", lease_worker = ").push_bind(c.lease_worker)
                    .push(", leased_at = ").push_bind(c.leased_at)
                    .push(", last_worker = ").push_bind(c.last_worker)
                    .push(", due_at = ").push_bind(c.due_at)
                    .push(", wait_since = ").push_bind(c.wait_since)
                    .push(", lease_node = ").push_bind(c.lease_node)
                    .push(" WHERE id = ").push_bind(c.id)
                    .push(" AND version = ").push_bind(int(write.expected_version))
                    .push(" AND history_len = ").push_bind(int(base));
                q.build().execute(&mut *conn).await.map_err(backend_error)?.rows_affected()
            };
            if applied == 0 {
                // A create that changed nothing found its id taken.
                let exists = write.expected_version == 0
                    || QueryBuilder::<Db>::new("SELECT 1 FROM workflows WHERE id = ")
                        .push_bind(row.id.to_string())
                        .build()
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(backend_error)?
                        .is_some();
                return Ok(Err(crate::refusal(write, exists)));
            }
            let events: Vec<_> = events_of_write(write).collect();
            insert_events(conn, &events, false).await?;
            upsert_approvals(conn, &write.approvals.iter().collect::<Vec<_>>()).await?;
            Ok(Ok(()))
        }

        /// Applies a batch with a few set-based statements instead of two per write: one
        /// multi-row insert for new workflows, one `UPDATE … FROM (VALUES …)` for the others
        /// (each row keeps its own version check), one multi-row insert for all their actions.
        /// Every statement is a round trip to the database, so this is what makes large
        /// batches cheap.
        async fn apply_set(conn: &mut <Db as sqlx::Database>::Connection, writes: &[WorkflowWrite]) -> Result<Vec<Result<()>>> {
            use std::collections::HashSet;

            let mut applied: HashSet<String> = HashSet::new();
            let creates: Vec<&WorkflowWrite> = writes.iter().filter(|w| w.expected_version == 0).collect();
            let updates: Vec<&WorkflowWrite> = writes.iter().filter(|w| w.expected_version != 0).collect();
            for chunk in creates.chunks(INSERT_CHUNK) {
                let mut q = QueryBuilder::<Db>::new(format!("INSERT INTO workflows ({ROW_COLUMNS}) "));
                q.push_values(chunk, |mut b, w| bind_row(&mut b, &w.row));
                q.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
                for r in q.build().fetch_all(&mut *conn).await.map_err(backend_error)? {
                    applied.insert(r.try_get::<String, _>("id").map_err(backend_error)?);
                }
            }
            for chunk in updates.chunks(INSERT_CHUNK) {
                let mut q = QueryBuilder::<Db>::new(
                    "UPDATE workflows SET status = v.column2, wait = v.column3, updated_at = v.column4, \
                     closed_at = v.column5, version = v.column6, history_len = v.column7, \
                     lease_token = v.column8, lease_worker = v.column9, leased_at = v.column10, \
                     last_worker = v.column11, due_at = v.column14, wait_since = v.column15, \
                     lease_node = v.column16 FROM (",
                );
                q.push_values(chunk, |mut b, w| {
                    let base = w.row.history_len - w.events.len() as u64;
                    let c = RowColumns::of(&w.row);
                    // Casts give PostgreSQL the types a VALUES list cannot infer from NULLs.
                    b.push("CAST(").push_bind_unseparated(c.id).push_unseparated(" AS TEXT)");
                    b.push("CAST(").push_bind_unseparated(c.status).push_unseparated(" AS TEXT)");
                    b.push("CAST(").push_bind_unseparated(c.wait).push_unseparated(" AS TEXT)");
                    b.push("CAST(").push_bind_unseparated(c.updated_at).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.closed_at).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.version).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.history_len).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.lease_token).push_unseparated(" AS TEXT)");
                    b.push("CAST(").push_bind_unseparated(c.lease_worker).push_unseparated(" AS TEXT)");
                    b.push("CAST(").push_bind_unseparated(c.leased_at).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.last_worker).push_unseparated(" AS TEXT)");
                    b.push("CAST(").push_bind_unseparated(int(w.expected_version)).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(int(base)).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.due_at).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.wait_since).push_unseparated(" AS BIGINT)");
                    b.push("CAST(").push_bind_unseparated(c.lease_node).push_unseparated(" AS TEXT)");
                });
                q.push(
                    ") AS v WHERE workflows.id = v.column1 AND workflows.version = v.column12 \
                     AND workflows.history_len = v.column13 RETURNING workflows.id",
                );
                for r in q.build().fetch_all(&mut *conn).await.map_err(backend_error)? {
                    applied.insert(r.try_get::<String, _>("id").map_err(backend_error)?);
                }
            }
            // Refused updates: a stale version, or a workflow that does not exist (rare; one
            // query tells them apart).
            let refused: Vec<&WorkflowWrite> = updates
                .iter()
                .copied()
                .filter(|w| !applied.contains(w.row.id.as_str()))
                .collect();
            let mut existing: HashSet<String> = HashSet::new();
            if !refused.is_empty() {
                let mut q = QueryBuilder::<Db>::new("SELECT id FROM workflows WHERE id IN (");
                let mut ids = q.separated(", ");
                for w in &refused {
                    ids.push_bind(w.row.id.to_string());
                }
                q.push(")");
                for r in q.build().fetch_all(&mut *conn).await.map_err(backend_error)? {
                    existing.insert(r.try_get::<String, _>("id").map_err(backend_error)?);
                }
            }
            let events: Vec<_> = writes
                .iter()
                .filter(|w| applied.contains(w.row.id.as_str()))
                .flat_map(events_of_write)
                .collect();
            insert_events(conn, &events, false).await?;
            let approvals: Vec<&Approval> = writes
                .iter()
                .filter(|w| applied.contains(w.row.id.as_str()))
                .flat_map(|w| &w.approvals)
                .collect();
            upsert_approvals(conn, &approvals).await?;
            Ok(writes
                .iter()
                .map(|w| {
                    let id = w.row.id.as_str();
                    if applied.contains(id) {
                        Ok(())
                    } else {
                        Err(crate::refusal(w, existing.contains(id)))
                    }
                })
                .collect())
        }

        /// One transaction for the whole batch; each write keeps its own result.
        pub(super) async fn apply_batch(pool: &Pool<Db>, writes: Vec<WorkflowWrite>) -> Result<Vec<Result<()>>> {
            in_transaction(pool, async |tx: &mut Transaction<'_, Db>| {
                let mut ids = std::collections::HashSet::with_capacity(writes.len());
                if writes.iter().all(|w| ids.insert(w.row.id.as_str())) {
                    apply_set(tx, &writes).await
                } else {
                    // Two writes to one workflow must apply in order, each seeing the other.
                    let mut results = Vec::with_capacity(writes.len());
                    for write in &writes {
                        results.push(apply_one(tx, write).await?);
                    }
                    Ok(results)
                }
            })
            .await
        }
    };
}
