"""What the throughput benchmark runs beside the crawls: a PostgreSQL cluster and a Redis, both throwaway."""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg
import redis
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsbot.archive.cluster import EmbeddedCluster, free_port
from newsbot.archive.migrate import migrate

_TEMPLATE = "throughput_template"


class Archive:
    """An embedded cluster in a temporary directory; ``fresh(name)`` is an empty migrated database."""

    def __enter__(self) -> Archive:
        self.data_dir = Path(tempfile.mkdtemp(prefix="newsbot-throughput-pg-"))
        self.cluster = EmbeddedCluster(self.data_dir)
        self.cluster.ensure_running()
        self.server_url = self.cluster.url("postgres")
        migrate(self._create(_TEMPLATE))
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.cluster.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    @property
    def postmaster_pid(self) -> int | None:
        pid_file = self.data_dir / "pgdata" / "postmaster.pid"
        try:
            return int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def server_cpu(self) -> float:
        """CPU seconds of the PostgreSQL server so far: the postmaster, its live and its ended backends."""
        pid = self.postmaster_pid
        if pid is None:
            return 0.0
        try:
            postmaster = psutil.Process(pid)
            return sum(postmaster.cpu_times()) + sum(sum(child.cpu_times()[:2])
                                                     for child in postmaster.children())
        except psutil.Error:
            return 0.0

    def server_rss(self) -> int:
        """Resident bytes of the postmaster and its backends (shared buffers counted in each)."""
        pid = self.postmaster_pid
        return tree_rss(pid) if pid is not None else 0

    def fresh(self, name: str) -> str:
        return self._create(name, _TEMPLATE)

    def count(self, url: str, table: str) -> int:
        with psycopg.connect(url) as conn:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            return conn.execute(query).fetchone()[0]

    def _create(self, name: str, template: str | None = None) -> str:
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            conn.execute(statement)
        return make_conninfo(**{**conninfo_to_dict(self.server_url), "dbname": name})


@dataclass
class ProcessCost:
    """What one finished command cost: wall seconds, its own CPU, its descendants' CPU."""

    wall: float
    own_cpu: float
    descendants_cpu: float
    code: int


def adopt_orphans() -> None:
    """Make this process the reaper of its orphaned descendants (Linux), so their CPU is counted.

    The extraction processes are forked by a fork server that outlives the
    crawl process by a moment; without this, it is adopted by init and its
    CPU (and that of the processes it forked) is reported to nobody.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def run_measured(command: list[str], sample=None, **popen) -> ProcessCost:
    """Run ``command`` to its end; its CPU and that of all its descendants, adopted orphans included.

    Call ``adopt_orphans()`` once beforehand. ``sample(pid)``, if given, is
    called every 0.2 s while the command runs (for peak memory).
    """
    existing = {child.pid for child in psutil.Process().children()}
    before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, **popen)
    done = threading.Event()

    def sampler() -> None:
        while not done.is_set():
            sample(process.pid)
            done.wait(0.2)

    thread = threading.Thread(target=sampler, daemon=True)
    if sample is not None:
        thread.start()
    # Wait for the exit without reaping, so the process's own CPU can be read.
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
    wall = time.perf_counter() - started
    done.set()
    if sample is not None:
        thread.join()
    times = psutil.Process(process.pid).cpu_times()
    code = process.wait()
    # Orphaned descendants (a fork server) end once their parent is gone: reap them.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        orphans = [child for child in psutil.Process().children() if child.pid not in existing]
        if not orphans:
            break
        psutil.wait_procs(orphans, timeout=max(0.1, deadline - time.monotonic()))
    own = times.user + times.system
    return ProcessCost(wall, own, _children_cpu() - before - own, code)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss(pid: int, proportional: bool = False) -> int:
    """Resident bytes of a process and all its descendants (0 once it is gone).

    Pages shared by several of them (a fork server's with the processes it
    forked) count once per process; ``proportional`` counts each shared page
    once in all (PSS, which needs /proc/<pid>/smaps_rollup)."""
    try:
        process = psutil.Process(pid)
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in family:
        try:
            total += member.memory_full_info().pss if proportional else member.memory_info().rss
        except (psutil.Error, AttributeError):
            pass
    return total


class RedisServer:
    """``redis-server`` on a free loopback port, without persistence."""

    def __enter__(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (./run test installs it)")
        port = free_port()
        self.url = f"redis://127.0.0.1:{port}/0"
        self._process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return self
            except redis.ConnectionError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"redis-server did not start on port {port}") from None
                time.sleep(0.05)

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()
        self._process.terminate()
        self._process.wait(timeout=10)
