"""Charts drawn on the server as inline SVG: nothing for the browser to fetch or run.

Each function takes plain rows and returns markup; every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 180
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 10, 10, 28
# One colour per field, the same in the chart and its legend.
FIELD_COLOURS = {"title": "#1b6ac9", "date": "#b35900", "author": "#2e8540"}


def bar_chart(days: Sequence[tuple[date, int]], label: str) -> Markup:
    """Articles per day: one bar a day, the highest labelled, first and last days named."""
    if not days:
        return Markup('<p class="muted">No articles stored yet.</p>')
    top = max(count for _, count in days) or 1
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = plot_w / len(days)
    parts = [_open(label),
             _axis_label(_LEFT - 4, _TOP + 4, str(top), "end"),
             _axis_label(_LEFT - 4, _TOP + plot_h, "0", "end")]
    for index, (day, count) in enumerate(days):
        height = plot_h * count / top
        x, y = _LEFT + index * step, _TOP + plot_h - height
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(step - 1, 1):.1f}" '
                     f'height="{height:.1f}"><title>{escape(day.isoformat())}: {count}</title></rect>')
    parts.append(_axis_label(_LEFT, HEIGHT - 8, days[0][0].isoformat(), "start"))
    parts.append(_axis_label(WIDTH - _RIGHT, HEIGHT - 8, days[-1][0].isoformat(), "end"))
    parts.append("</svg>")
    return Markup("".join(parts))


def share_chart(points: Sequence[dict], label: str) -> Markup:
    """Share of articles with each field, per run (oldest left); drift alarms as red rings.

    ``points`` carry ``run_id``, ``title``, ``date``, ``author`` (0-1) and
    ``drifted`` (field names).
    """
    if not points:
        return Markup('<p class="muted">No extraction counts recorded for this source yet.</p>')
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def xy(index: int, share: float) -> tuple[float, float]:
        return _LEFT + index * step, _TOP + plot_h * (1 - share)

    parts = [_open(label),
             _axis_label(_LEFT - 4, _TOP + 4, "100%", "end"),
             _axis_label(_LEFT - 4, _TOP + plot_h, "0%", "end"),
             f'<line class="grid" x1="{_LEFT}" y1="{_TOP}" x2="{WIDTH - _RIGHT}" y2="{_TOP}"/>',
             f'<line class="grid" x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{WIDTH - _RIGHT}" '
             f'y2="{_TOP + plot_h}"/>']
    for name, colour in FIELD_COLOURS.items():
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                          (xy(i, p[name]) for i, p in enumerate(points)))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for index, point in enumerate(points):
            x, y = xy(index, point[name])
            tip = f"run {point['run_id']}: {name} {point[name]:.0%}"
            if name in point["drifted"]:
                parts.append(f'<circle class="alarm" cx="{x:.1f}" cy="{y:.1f}" r="7">'
                             f'<title>{escape(tip)}: drift alarm</title></circle>')
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                         f'<title>{escape(tip)}</title></circle>')
    parts.append(_axis_label(_LEFT, HEIGHT - 8, f"run {points[0]['run_id']}", "start"))
    parts.append(_axis_label(WIDTH - _RIGHT, HEIGHT - 8, f"run {points[-1]['run_id']}", "end"))
    parts.append("</svg>")
    return Markup("".join(parts))


def _open(label: str) -> str:
    return (f'<svg class="chart" role="img" aria-label="{escape(label)}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
            f'xmlns="http://www.w3.org/2000/svg">')


def _axis_label(x: float, y: float, text: str, anchor: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'
