"""deploy/: the files operators install are well-formed (no Docker engine or systemd runs here).

systemd units go through ``systemd-analyze verify`` when it is installed
(with /opt/newsbot pointed at stand-in executables) and always through a
strict INI check; the compose file through ``docker compose config`` or
``docker-compose config`` when one works offline, and always through a YAML
and schema check of what newsbot relies on.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from newsbot.scheduler.config import cron_trigger
from tests.conftest import REPO

DEPLOY = REPO / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("newsbot-*"))
# The keys each section may use here (a typo is an error, not a silently ignored line).
UNIT_KEYS = {
    "Unit": {"Description", "Documentation", "Wants", "After", "Requires"},
    "Service": {"Type", "User", "Group", "WorkingDirectory", "EnvironmentFile", "Environment",
                "ExecStart", "ExecStop", "KillMode", "KillSignal", "TimeoutStopSec", "TimeoutStartSec",
                "Restart", "RestartSec", "NoNewPrivileges", "PrivateTmp"},
    "Timer": {"OnCalendar", "Persistent", "Unit", "RandomizedDelaySec"},
    "Install": {"WantedBy"},
}


def read_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",),
                                       comment_prefixes=("#", ";"))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(), source=str(path))
    return parser


def test_the_units_are_there():
    assert [p.name for p in UNITS] == ["newsbot-crawl.service", "newsbot-crawl.timer",
                                       "newsbot-db.service", "newsbot-scheduler.service",
                                       "newsbot-web.service"]


@pytest.mark.parametrize("name", ["newsbot-crawl.service", "newsbot-scheduler.service"])
def test_the_embedded_cluster_lives_in_a_unit_of_its_own(name):
    """Started by the crawl's unit, the cluster would be killed with that unit's cgroup."""
    unit = read_unit(DEPLOY / "systemd" / name)["Unit"]
    assert "newsbot-db.service" in unit["Wants"].split()
    assert "newsbot-db.service" in unit["After"].split()
    db = read_unit(DEPLOY / "systemd" / "newsbot-db.service")["Service"]
    assert db["Type"] == "forking" and db["ExecStart"].endswith("newsbot db start")
    assert db["ExecStop"].endswith("newsbot db stop")


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_units_use_known_sections_and_keys(path):
    unit = read_unit(path)
    assert unit.has_section("Unit") and unit["Unit"].get("Description")
    for section in unit.sections():
        assert section in UNIT_KEYS, f"{path.name}: unknown section [{section}]"
        unknown = set(unit[section]) - UNIT_KEYS[section]
        assert not unknown, f"{path.name}: [{section}] unknown keys {sorted(unknown)}"
    for key in ("ExecStart",):
        if unit.has_section("Service"):
            assert unit["Service"][key].startswith("/opt/newsbot/.venv/bin/")


def test_the_scheduler_service_stops_the_daemon_cleanly():
    service = read_unit(DEPLOY / "systemd" / "newsbot-scheduler.service")["Service"]
    assert service["ExecStart"].endswith("newsbot schedule")
    # Only the daemon gets SIGTERM (it forwards one to the crawl); two would stop Scrapy uncleanly.
    assert service["KillMode"] == "mixed" and service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) >= 120


def test_the_timer_starts_the_crawl_nightly():
    timer = read_unit(DEPLOY / "systemd" / "newsbot-crawl.timer")
    assert timer["Timer"]["Unit"] == "newsbot-crawl.service"
    assert timer["Timer"]["OnCalendar"] == "*-*-* 02:00:00 UTC"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert read_unit(DEPLOY / "systemd" / "newsbot-crawl.service")["Service"]["Type"] == "oneshot"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_analyze_verifies_the_units(tmp_path):
    root = tmp_path / "opt" / "newsbot"
    (root / ".venv" / "bin").mkdir(parents=True)
    for program in ("newsbot", "scrapy"):
        stand_in = root / ".venv" / "bin" / program
        stand_in.write_text("#!/bin/sh\n")
        stand_in.chmod(0o755)
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/newsbot", str(root)))
    result = subprocess.run(["systemd-analyze", "verify", *(p.name for p in UNITS)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    if result.returncode and "Failed to initialize" in result.stderr:
        pytest.skip(f"systemd-analyze cannot run here: {result.stderr.strip()[:200]}")
    # Warnings (an unknown key, a bad calendar spec) exit 0: any output is a failure.
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stderr


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker" / "compose.yaml").read_text())


def test_compose_runs_postgres_and_the_scheduler():
    services = compose()["services"]
    assert set(services) == {"postgres", "scheduler", "web"}
    assert services["web"]["command"][:2] == ["newsbot", "web"]
    assert services["web"]["ports"] == ["127.0.0.1:8150:8150"]
    postgres, scheduler = services["postgres"], services["scheduler"]
    assert postgres["image"].startswith("postgres:") and "healthcheck" in postgres
    assert scheduler["command"] == ["newsbot", "schedule"]
    assert scheduler["depends_on"]["postgres"]["condition"] == "service_healthy"
    url = scheduler["environment"]["NEWSBOT_DATABASE_URL"]
    assert re.fullmatch(r"postgresql://newsbot:\$\{NEWSBOT_DB_PASSWORD:\?[^}]*\}@postgres:5432/newsbot",
                        url)
    assert scheduler["stop_signal"] == "SIGTERM"
    build = scheduler["build"]
    context = (DEPLOY / "docker" / build["context"]).resolve()
    assert context == REPO and (context / build["dockerfile"]).is_file()
    named = {v.split(":")[0] for s in services.values() for v in s.get("volumes", [])}
    assert named <= set(compose()["volumes"])


def test_compose_validates_with_docker_compose_when_it_can_run():
    env = {**os.environ, "NEWSBOT_DB_PASSWORD": "test-only"}
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        if subprocess.run([*command, "version"], capture_output=True, timeout=60).returncode:
            continue  # a docker client without the compose plugin
        result = subprocess.run([*command, "-f", str(DEPLOY / "docker" / "compose.yaml"), "config",
                                 "-q"], capture_output=True, text=True, env=env, timeout=60)
        if result.returncode == 0:
            return
        pytest.fail(f"{' '.join(command)} config: {result.stderr}")
    pytest.skip("neither `docker compose` nor `docker-compose` can run here")


def test_the_dockerfile_copies_what_exists_and_runs_the_scheduler():
    text = (DEPLOY / "docker" / "Dockerfile").read_text()
    lines = re.sub(r"\\\n", " ", text).splitlines()
    instructions = [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]
    assert instructions[0] == "FROM"
    assert set(instructions) <= {"FROM", "ARG", "RUN", "WORKDIR", "COPY", "ENV", "USER", "VOLUME",
                                 "STOPSIGNAL", "CMD"}
    for line in lines:
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), f"COPY {source}: not in the checkout"
    assert 'CMD ["newsbot", "schedule"]' in text and "STOPSIGNAL SIGTERM" in text
    ignore = (DEPLOY / "docker" / "Dockerfile.dockerignore").read_text()
    for line in lines:
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert f"!{source.rstrip('/')}" in ignore.replace("/\n", "\n")


def crontab_entries() -> list[str]:
    return [line for line in (DEPLOY / "cron" / "newsbot.crontab").read_text().splitlines()
            if line.strip() and not line.startswith("#") and "=" not in line.split()[0]]


def test_the_crontab_line_is_a_valid_nightly_crawl():
    entries = crontab_entries()
    assert entries
    for entry in entries:
        fields = entry.split(None, 5)
        cron_trigger(" ".join(fields[:5]), "UTC")  # raises on a bad schedule
        assert "./run crawl" in fields[5] or "scrapy crawl" in fields[5]
    # Hourly, and the command picks 02 h UTC itself: Debian's cron ignores CRON_TZ.
    assert entries[0].split()[:5] == ["0", "*", "*", "*", "*"]
    assert '[ "$(TZ=UTC date +\\%H)" = 02 ]' in entries[0]


def test_the_crontab_command_crawls_in_a_fresh_clone(tmp_path, database_url):
    """The crontab line's command, as cron runs it (sh, at 02 h UTC), in a clean `git clone`
    with no var/: it creates var/, logs there, and the crawl stores articles.

    The clone is of the committed HEAD. Its .venv stands in for the one `./run` would
    build (minutes of pip): it runs this test's interpreter on the clone's code.
    """
    from tests.sites.layoutchange import LayoutChangeSite

    clone = tmp_path / "newsbot"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)
    assert not (clone / "var").exists()
    _stand_in_venv(clone)
    command = crontab_entries()[0].split(None, 5)[5].replace("/opt/newsbot", str(clone))
    # cron hands `\%` to the shell as `%`.
    command = command.replace("\\%", "%")
    # A `date` that says it is 02 h (cron would start it at 02:00 UTC).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "date").write_text('#!/bin/sh\necho 02\n')
    (bin_dir / "date").chmod(0o755)
    with LayoutChangeSite() as site:
        sources = site.write_sources_toml(tmp_path / "sources.toml")
        env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(tmp_path), "SHELL": "/bin/sh",
               "NEWSBOT_DATABASE_URL": database_url, "NEWSBOT_SOURCES": str(sources),
               "NEWSBOT_HOME": str(tmp_path / "home")}
        result = subprocess.run(["/bin/sh", "-c", command], env=env, capture_output=True,
                                text=True, timeout=300)
    log = (clone / "var" / "crawl.log")
    assert result.returncode == 0, (result.stderr, log.read_text()[-3000:] if log.exists() else "")
    assert "Spider closed (finished)" in log.read_text(), log.read_text()[-3000:]
    import psycopg
    with psycopg.connect(database_url) as conn:
        status, = conn.execute("SELECT status FROM crawl_runs ORDER BY run_id DESC LIMIT 1").fetchone()
        articles, = conn.execute("SELECT count(*) FROM articles").fetchone()
    assert status == "finished" and articles == 6


def _stand_in_venv(clone: Path) -> None:
    import hashlib
    import sys

    bin_dir = clone / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    # `python -m` puts the working directory (the clone) first on sys.path.
    for name, module in (("python", None), ("scrapy", "scrapy"), ("newsbot", "newsbot.cli")):
        run = f'-m {module} ' if module else ""
        (bin_dir / name).write_text(f'#!/bin/sh\nexec {sys.executable} {run}"$@"\n')
        (bin_dir / name).chmod(0o755)
    # The stamp `./run` compares, so it takes the stand-in as installed.
    extras = re.search(r"local extras='([^']*)'", (clone / "run").read_text()).group(1)
    wanted = hashlib.sha256((clone / "pyproject.toml").read_bytes() + f"{extras}\n".encode())
    (clone / ".venv" / ".newsbot-installed").write_text(wanted.hexdigest() + "\n")


def test_compose_publishes_no_database_port_and_requires_a_contact():
    services = compose()["services"]
    assert "ports" not in services["postgres"]
    contact = services["scheduler"]["environment"]["NEWSBOT_CONTACT"]
    assert re.fullmatch(r"\$\{NEWSBOT_CONTACT:\?[^}]+\}", contact), contact


def test_scrapyd_config_and_deploy_target():
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(DEPLOY / "scrapyd" / "scrapyd.conf")
    assert conf["scrapyd"]["bind_address"] == "127.0.0.1"
    assert int(conf["scrapyd"]["http_port"]) == 6800
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(REPO / "scrapy.cfg")
    assert cfg["settings"]["default"] == "newsbot.settings"
    assert cfg["deploy:newsbot"]["project"] == "newsbot"
    # Scrapyd finds a deployed egg's settings through the package's entry point.
    from importlib.metadata import entry_points
    assert [e.value for e in entry_points(group="scrapy", name="settings")] == ["newsbot.settings"]
