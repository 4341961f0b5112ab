"""The embedded default: `newsbot db` creates, starts, reports and stops its own cluster."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from newsbot.archive.migrate import available_migrations

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def newsbot_home():
    home = Path(tempfile.mkdtemp(prefix="newsbot-home-"))
    home.chmod(0o755)
    yield home
    subprocess.run(_cli("db", "stop"), env=_env(home), capture_output=True)
    shutil.rmtree(home, ignore_errors=True)


def _cli(*args):
    return [sys.executable, "-m", "newsbot.cli", *args]


def _env(home):
    env = {k: v for k, v in os.environ.items() if k != "NEWSBOT_DATABASE_URL"}
    return {**env, "NEWSBOT_HOME": str(home)}


def _run(home, *args):
    result = subprocess.run(_cli(*args), env=_env(home), capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_db_commands_manage_the_embedded_cluster(newsbot_home):
    assert "initialised: no" in _run(newsbot_home, "db", "status")

    every = len(available_migrations())
    assert f"migrations applied: {every}" in _run(newsbot_home, "db", "start")
    status = _run(newsbot_home, "db", "status")
    assert "running: yes on 127.0.0.1:" in status
    assert "pending migrations: none" in status

    url = _run(newsbot_home, "db", "url").strip()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        # The cluster listens on loopback only and asks for a password.
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == "127.0.0.1"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url.replace(url.split(":")[2].split("@")[0], "wrong"),
                        connect_timeout=5).close()

    assert "stopped" in _run(newsbot_home, "db", "stop")
    assert "running: no" in _run(newsbot_home, "db", "status")
    # Reused, not re-created: the same data comes back on the next start.
    assert "migrations applied: 0" in _run(newsbot_home, "db", "start")
    assert _run(newsbot_home, "db", "url").strip() == url


def test_a_configured_server_that_is_down_gives_a_clear_error(newsbot_home):
    env = {**_env(newsbot_home),
           "NEWSBOT_DATABASE_URL": "postgresql://nobody:x@127.0.0.1:9/none?connect_timeout=2"}
    result = subprocess.run(_cli("db", "migrate"), env=env, capture_output=True, text=True,
                            cwd=REPO, timeout=60)
    assert result.returncode == 1
    assert "Error:" in result.stderr and "127.0.0.1" in result.stderr


def _fails(home, *args, env=None):
    result = subprocess.run(_cli(*args), env={**_env(home), **(env or {})}, capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    return lines[0]


def test_db_url_on_a_fresh_home_hands_out_a_migrated_archive(newsbot_home):
    url = _run(newsbot_home, "db", "url").strip()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] \
            == len(available_migrations())


def test_a_stopped_cluster_stays_stopped(newsbot_home):
    _run(newsbot_home, "db", "start")
    assert "stopped" in _run(newsbot_home, "db", "stop")
    for command in (("db", "url"), ("runs",)):
        message = _fails(newsbot_home, *command)
        assert "is stopped" in message and "newsbot db start" in message
    assert "running: no" in _run(newsbot_home, "db", "status")
    _run(newsbot_home, "db", "start")
    assert _run(newsbot_home, "db", "url").strip().startswith("postgresql://")


def test_with_a_configured_server_db_stop_has_nothing_to_stop(newsbot_home):
    message = _fails(newsbot_home, "db", "stop",
                     env={"NEWSBOT_DATABASE_URL": "postgresql://nobody:x@127.0.0.1:9/none"})
    assert "no embedded cluster to stop" in message
    assert not (newsbot_home / "postgres").exists()


@pytest.mark.parametrize("command", [("runs",), ("db", "migrate"), ("db", "status")])
def test_a_database_url_that_is_not_a_url_is_one_line(newsbot_home, command):
    message = _fails(newsbot_home, *command, env={"NEWSBOT_DATABASE_URL": "not a url"})
    assert "NEWSBOT_DATABASE_URL: 'not a url' is not a PostgreSQL URL" in message


def test_version(newsbot_home):
    from importlib.metadata import version
    assert _run(newsbot_home, "--version").strip() == f"newsbot {version('newsbot')}"
