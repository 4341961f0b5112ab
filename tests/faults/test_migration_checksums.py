"""Merged migrations never change: a committed checksum list, and the one known edit repaired."""

from __future__ import annotations

import subprocess

import hashlib

import psycopg
import pytest

from newsbot.archive.migrate import MigrationError, available_migrations, migrate
from newsbot.archive.migration_checksums import KNOWN_EDITS, committed_checksums
from tests.conftest import REPO


def test_every_migration_file_matches_its_committed_checksum():
    committed = committed_checksums()
    files = {m.name: m.checksum for m in available_migrations()}
    assert set(files) == set(committed), "add a CHECKSUMS line with each new migration"
    edited = [name for name, checksum in files.items() if committed[name] != checksum]
    assert not edited, f"merged migrations were edited: {edited}; add a new migration instead"


def test_an_archive_migrated_with_the_old_0006_text_is_repaired(database_url):
    [(old_checksum, _why)] = KNOWN_EDITS["0006_lookup_indexes.sql"].items()
    with psycopg.connect(database_url) as conn:
        conn.execute("UPDATE schema_migrations SET checksum = %s WHERE version = 6",
                     [old_checksum])
    assert migrate(database_url) == []
    with psycopg.connect(database_url) as conn:
        checksum = conn.execute(
            "SELECT checksum FROM schema_migrations WHERE version = 6").fetchone()[0]
    assert checksum == committed_checksums()["0006_lookup_indexes.sql"]


def test_the_known_old_checksum_is_the_text_from_git_history():
    result = subprocess.run(["git", "show", "97646f0:newsbot/archive/migrations/0006_lookup_indexes.sql"],
                            cwd=REPO, capture_output=True)
    if result.returncode != 0:
        pytest.skip("no git history here")
    assert hashlib.sha256(result.stdout).hexdigest() in KNOWN_EDITS["0006_lookup_indexes.sql"]


def test_an_unknown_edit_is_still_refused(database_url):
    with psycopg.connect(database_url) as conn:
        conn.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 6")
    with pytest.raises(MigrationError, match="edited after it was applied"):
        migrate(database_url)
