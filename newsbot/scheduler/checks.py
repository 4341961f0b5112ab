"""What ``newsbot schedule --check`` verifies beyond the schedule file's syntax.

A job that names a spider the project does not have, or a source its sources
file does not define, would fail at 3 a.m. every night; ``--check`` says so
now, one line per problem, and exits 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from newsbot.scheduler.config import CrawlJob, ScheduleConfig
from newsbot.sources import DEFAULT_SOURCES_PATH, SourcesConfigError, load_sources


def project_spiders(project_dir: Path | None) -> set[str]:
    """Names of the spiders ``scrapy crawl`` finds in the project at ``project_dir``
    (None: the installed ``spiders`` package)."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from newsbot import settings as project_settings

    if project_dir is not None and str(project_dir) not in sys.path:
        sys.path.insert(0, str(project_dir))
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    return set(SpiderLoader.from_settings(settings).list())


def job_problems(config: ScheduleConfig, spiders: set[str]) -> list[str]:
    """One message per job mistake: unknown spider, unreadable sources file, unknown source."""
    problems = []
    for job in config.jobs:
        where = f"job {job.id!r}"
        if job.spider not in spiders:
            problems.append(f"{where}: no spider named {job.spider!r} "
                            f"(the project has {', '.join(sorted(spiders)) or 'none'})")
        if not job.only:
            continue
        path = _sources_path(job)
        try:
            names = {source.name for source in load_sources(path)}
        except SourcesConfigError as exc:
            problems.append(f"{where}: {exc}")
            continue
        unknown = sorted(set(job.only) - names)
        if unknown:
            problems.append(f"{where}: field 'only': no source named {unknown} in {path}")
    return problems


def _sources_path(job: CrawlJob) -> str:
    return (dict(job.args).get("sources") or dict(job.settings).get("NEWSBOT_SOURCES")
            or os.environ.get("NEWSBOT_SOURCES") or str(DEFAULT_SOURCES_PATH))
