"""Keep each run's extraction counts in ``extraction_quality`` and compare them with history."""

from __future__ import annotations

from psycopg import AsyncConnection

from newsbot.archive.queries import load_query
from newsbot.drift import Drift, DriftConfig, ExtractionTally, FieldCounts, find_drift


async def record_and_check(conn: AsyncConnection, run_id: int, tally: ExtractionTally,
                           config: DriftConfig) -> list[Drift]:
    """Compare each source of the run with its earlier runs, then record the run's counts.

    One transaction; a run that was resumed (JOBDIR) adds its counts to the row
    its first part left.
    """
    drifts = []
    async with conn.transaction():
        for source, counts in sorted(tally.sources.items()):
            cursor = await conn.execute(load_query("drift_history"), {
                "source": source, "run_id": run_id, "min_articles": config.min_articles,
                "runs": config.history_runs})
            history = [FieldCounts(*row) for row in await cursor.fetchall()]
            drift = find_drift(source, counts, history, config)
            if drift is not None:
                drifts.append(drift)
            await conn.execute(load_query("record_extraction_quality"), {
                "run_id": run_id, "source": source, "articles": counts.articles,
                "with_title": counts.with_title, "with_body": counts.with_body,
                "with_date": counts.with_date, "with_author": counts.with_author,
                "drifted_fields": list(drift.fields) if drift else [],
                "warning": drift.detail if drift else None})
    return drifts
