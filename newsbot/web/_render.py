"""Rendering a page: the templates' filters and helpers."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse

from newsbot.web.config import WebConfig


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    environment: Environment = request.app.state.templates
    def url(route: str, /, **params) -> str:
        # The path only (with the root path): links work behind any proxy host name.
        return request.url_for(route, **params).path

    page = environment.get_template(template).render(
        request=request, url=url,
        config=request.app.state.config, **context)
    return HTMLResponse(page, status_code=status_code)



def when_filter(config: WebConfig):
    zone = config.zone

    def when(moment: datetime | None, seconds: bool = False) -> str:
        if moment is None:
            return "—"
        local = moment.astimezone(zone)
        stamp = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
        return f"{stamp} {local.tzname()}"
    return when


def duration(span: timedelta | None) -> str:
    if span is None:
        return "—"
    total = int(span.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {seconds:02d}s"


def share(part: int | None, whole: int | None) -> str:
    return "—" if not whole else f"{100 * (part or 0) / whole:.0f}%"


def query_link(request: Request, **changes) -> str:
    """The current page's path with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")
