"""Pages about crawl health: sources (volume and extraction quality) and runs."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from newsbot.web._db import fetch_all, fetch_one
from newsbot.web._params import MAX_ID, Params
from newsbot.web._render import render
from newsbot.web.charts import bar_chart, share_chart

RUN_STATUSES = ("running", "finished", "failed", "interrupted")
CHART_DAYS = 60
QUALITY_RUNS = 30
LAST_RUNS = 10


async def sources(request: Request) -> Response:
    rows = await fetch_all(request.app.state.pool, "sources", {})
    return render(request, "sources.html", title="Sources", rows=rows)


async def source(request: Request) -> Response:
    name = request.path_params["name"]
    days = Params(request.query_params).integer("days", default=CHART_DAYS, maximum=3660)
    pool = request.app.state.pool
    found = await fetch_one(pool, "source", {"name": name})
    if found is None:
        raise HTTPException(404, f"There is no source named {name!r}.")
    per_day = await fetch_all(pool, "source_per_day", {"source_id": found["source_id"], "days": days})
    quality = await fetch_all(pool, "source_quality", {"source": name, "limit": QUALITY_RUNS})
    points = [{"run_id": q["run_id"],
               "title": q["with_title"] / q["articles"] if q["articles"] else 0.0,
               "date": q["with_date"] / q["articles"] if q["articles"] else 0.0,
               "author": q["with_author"] / q["articles"] if q["articles"] else 0.0,
               "drifted": set(q["drifted_fields"])}
              for q in reversed(quality)]
    return render(request, "source.html", title=found["name"], source=found,
                  days=days, total_in_chart=sum(r["articles"] for r in per_day),
                  volume_chart=bar_chart([(r["day"], r["articles"]) for r in per_day],
                                         f"Articles of {name} stored per day"),
                  quality_chart=share_chart(points, f"Share of {name} articles with each field"),
                  quality=quality[:LAST_RUNS])


async def runs(request: Request) -> Response:
    params = Params(request.query_params)
    status = params.choice("status", RUN_STATUSES)
    spider = params.text("spider")
    page = params.integer("page", default=1, maximum=100_000)
    config = request.app.state.config
    pool = request.app.state.pool
    filters = {"status": status, "spider": spider}
    counts = await fetch_one(pool, "runs_count", filters)
    rows = await fetch_all(pool, "runs", {**filters, "run_ids": None, "limit": config.page_size,
                                          "offset": (page - 1) * config.page_size})
    pages = max(1, -(-counts["total"] // config.page_size))
    return render(request, "runs.html", title="Runs", rows=rows, counts=counts, page=page,
                  pages=pages, status=status, statuses=RUN_STATUSES)


async def run(request: Request) -> Response:
    run_id = request.path_params["run_id"]
    if run_id > MAX_ID:
        raise HTTPException(404, f"There is no run {run_id}.")
    pool = request.app.state.pool
    found = await fetch_one(pool, "run", {"run_id": run_id})
    if found is None:
        raise HTTPException(404, f"There is no run {run_id}.")
    summary = (await fetch_all(pool, "runs", {"status": None, "spider": None, "run_ids": [run_id],
                                              "limit": 1, "offset": 0}))[0]
    quality = await fetch_all(pool, "run_quality", {"run_id": run_id})
    stats = sorted(found["stats"].items())
    drops = [(key, value) for key, value in stats if "/dropped/" in key]
    return render(request, "run.html", title=f"Run {run_id}", run=found, summary=summary,
                  stats=stats, drops=drops, quality=quality)
