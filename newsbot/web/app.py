"""The Starlette application: routes, templates, the pool's lifetime and the error pages."""

from __future__ import annotations

import contextlib

import psycopg
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from newsbot.web import _articles, _operations
from newsbot.web._db import open_pool
from newsbot.web._params import BadRequest
from newsbot.web._render import duration, query_link, render, share, when_filter
from newsbot.web.config import WebConfig, env_settings


def app_from_env() -> Starlette:
    """The app of one uvicorn worker process: its settings come from NEWSBOT_WEB_*."""
    return create_app(WebConfig(**env_settings()))


def create_app(config: WebConfig) -> Starlette:
    environment = Environment(loader=PackageLoader("newsbot.web", "templates"),
                              autoescape=select_autoescape(default=True, default_for_string=True))
    environment.filters.update(when=when_filter(config), duration=duration, share=share)
    environment.globals.update(query_link=query_link)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        pool = open_pool(config.database_url, config.pool_size)
        await pool.open(wait=True, timeout=30)
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    routes = [
        Route("/", _articles.search, name="search"),
        Route("/articles", _articles.article_by_url, name="article_by_url"),
        Route("/articles/{article_id:int}", _articles.article, name="article"),
        Route("/articles/{article_id:int}/versions/{snapshot_id:int}.json",
              _articles.version_json, name="version_json"),
        Route("/articles/{article_id:int}/versions/{snapshot_id:int}.warc.gz",
              _articles.version_warc, name="version_warc"),
        Route("/stories/{story_id:int}", _articles.story, name="story"),
        Route("/sources", _operations.sources, name="sources"),
        Route("/sources/{name}", _operations.source, name="source"),
        Route("/runs", _operations.runs, name="runs"),
        Route("/runs/{run_id:int}", _operations.run, name="run"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        BadRequest: _bad_request, HTTPException: _http_error,
        psycopg.errors.QueryCanceled: _timeout})
    app.state.config = config
    app.state.templates = environment
    return app


async def _bad_request(request: Request, exc: BadRequest) -> HTMLResponse:
    return render(request, "error.html", 400, title="Bad request", reason=str(exc))


async def _http_error(request: Request, exc: HTTPException) -> HTMLResponse:
    title = "Not found" if exc.status_code == 404 else "Error"
    reason = exc.detail if exc.status_code == 404 and exc.detail != "Not Found" else (
        f"There is no page at {request.url.path}." if exc.status_code == 404 else exc.detail)
    return render(request, "error.html", exc.status_code, title=title, reason=reason)


async def _timeout(request: Request, exc: Exception) -> HTMLResponse:
    return render(request, "error.html", 503, title="Too slow",
                  reason="The archive took too long to answer; try narrower filters.")
