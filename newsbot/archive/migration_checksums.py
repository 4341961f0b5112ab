"""Migrations are immutable once merged; the one known edit is repaired.

``migrations/CHECKSUMS`` holds the SHA-256 of every merged migration file
(checked by tests/faults/test_migration_checksums.py), so an edit shows up
in review and in the tests, not at an operator's first crawl.

Before that list existed, ``0006_lookup_indexes.sql`` was edited after it
was applied (commit f0f25ca changed only its leading comment), and every
archive migrated before that commit refused to run with "was edited after
it was applied". ``KNOWN_EDITS`` names the old checksums that are the same
migration; ``repair_known_edit`` records the current checksum for such an
archive, once, and says so in the log.
"""

from __future__ import annotations

import logging
from importlib import resources

logger = logging.getLogger(__name__)

# File name -> {checksum of an earlier text: what changed}. Only edits that
# change no statement may be listed.
KNOWN_EDITS: dict[str, dict[str, str]] = {
    "0006_lookup_indexes.sql": {
        "a17e71dfc90a8c42431dc7dd3eb154c9e70c922c67ef6568c3672c34d9a7efc5":
            "commit f0f25ca rewrote its leading comment; the statements are the same",
    },
}


def committed_checksums() -> dict[str, str]:
    """File name -> SHA-256, from ``migrations/CHECKSUMS``."""
    text = (resources.files("newsbot.archive") / "migrations" / "CHECKSUMS").read_text()
    checksums = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            checksum, name = line.split()
            checksums[name] = checksum
    return checksums


def is_known_edit(migration, applied_checksum: str) -> bool:
    """Whether ``applied_checksum`` is that of an earlier, equivalent text of ``migration``."""
    return applied_checksum in KNOWN_EDITS.get(migration.name, {})


def repair_known_edit(conn, migration, applied_checksum: str) -> bool:
    """Record ``migration``'s current checksum if the applied one is a known edit of it."""
    why = KNOWN_EDITS.get(migration.name, {}).get(applied_checksum)
    if why is None:
        return False
    conn.execute("UPDATE schema_migrations SET checksum = %(checksum)s "
                 "WHERE version = %(version)s",
                 {"checksum": migration.checksum, "version": migration.version})
    logger.info("Migration %s was applied from an earlier text (%s); its checksum is updated",
                migration.name, why)
    return True
