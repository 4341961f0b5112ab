"""The extractor's version, stored with each snapshot so re-extraction can be targeted."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def _trafilatura_version() -> str:
    try:
        return version("trafilatura")
    except PackageNotFoundError:  # running from a source tree without metadata
        return "unknown"


# Bump the newsbot part when our own rules change; the trafilatura part
# follows the installed library, whose upgrades change bodies too.
EXTRACTOR_VERSION: str = f"newsbot-extract/0.5+trafilatura-{_trafilatura_version()}"
