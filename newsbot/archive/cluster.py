"""The embedded PostgreSQL cluster: newsbot's archive when no server is named.

When ``NEWSBOT_DATABASE_URL`` is unset, newsbot keeps its own cluster in a
local data directory, made with the system's ``initdb`` and run by
``pg_ctl``. It listens on 127.0.0.1 only, with a generated password kept in a
0600 file beside the data, so "no server to set up" never means "a server
anyone on the machine can write to".

PostgreSQL refuses to run as root, so when we are root the binaries run as
the ``postgres`` system user, which then owns the data directory.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

CLUSTER_USER = "newsbot"
CLUSTER_DATABASE = "newsbot"
_STATE_FILE = "newsbot-cluster.json"
_BINDIR_GLOB = "/usr/lib/postgresql/*/bin"


class ClusterError(RuntimeError):
    """The embedded cluster cannot be created, started or reached."""


def find_pg_bindir() -> Path:
    """Return the directory that holds ``initdb`` and ``pg_ctl``.

    ``NEWSBOT_PG_BINDIR`` wins; then PATH; then Debian's versioned layout,
    newest version first (Debian keeps initdb off PATH).
    """
    configured = os.environ.get("NEWSBOT_PG_BINDIR")
    if configured:
        return Path(configured)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    candidates = sorted(
        Path("/").glob(_BINDIR_GLOB.lstrip("/")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for bindir in candidates:
        if (bindir / "initdb").exists():
            return bindir
    raise ClusterError(
        "PostgreSQL server binaries not found (looked for initdb on PATH and in "
        f"{_BINDIR_GLOB}); install the 'postgresql' package or set NEWSBOT_PG_BINDIR"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_secret(path: Path, text: str) -> None:
    """Write ``text`` to a file that is 0600 from its creation on.

    A write then chmod leaves a moment when another local user can open the
    file (and keep it open); a file made with the mode never has one.
    """
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


@dataclass(frozen=True)
class ClusterStatus:
    data_dir: Path
    initialised: bool
    running: bool
    port: int | None
    url: str | None


class EmbeddedCluster:
    """A PostgreSQL cluster in ``data_dir``, created on first use."""

    def __init__(self, data_dir: Path, bindir: Path | None = None):
        self.data_dir = Path(data_dir).resolve()
        self._bindir = bindir

    @property
    def bindir(self) -> Path:
        if self._bindir is None:
            self._bindir = find_pg_bindir()
        return self._bindir

    # -- public operations -------------------------------------------------

    def ensure_running(self, timeout: float = 60.0) -> str:
        """Initialise and start the cluster if needed; return its URL."""
        if not self._state_path.exists():
            self.initialise()
        if not self.is_running():
            self.start(timeout=timeout)
        return self.url()

    def initialise(self) -> None:
        pgdata = self._pgdata
        if (pgdata / "PG_VERSION").exists():
            raise ClusterError(f"{pgdata} already holds a cluster but {self._state_path} is missing")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._check_server_can_reach(self.data_dir)
        password = secrets.token_urlsafe(24)
        pwfile = self.data_dir / ".initdb-password"
        write_secret(pwfile, password)
        try:
            self._chown_for_server(self.data_dir)
            self._chown_for_server(pwfile)
            self._run(
                "initdb", "-D", str(pgdata), "-U", CLUSTER_USER, f"--pwfile={pwfile}",
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions",
            )
        finally:
            pwfile.unlink(missing_ok=True)
        # Created with the server: it owns the timezone-free defaults below.
        with open(pgdata / "postgresql.conf", "a") as conf:
            conf.write(
                "\n# newsbot embedded cluster\n"
                "listen_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\n"
                "timezone = 'UTC'\n"
                "log_timezone = 'UTC'\n"
            )
        self._write_state({"port": free_port(), "password": password})

    def start(self, timeout: float = 60.0) -> None:
        state = self._read_state()
        port = state["port"]
        if not self._port_is_free(port):
            # Another program took our port while we were stopped.
            port = free_port()
            self._write_state({**state, "port": port})
        self._run(
            "pg_ctl", "-D", str(self._pgdata), "-l", str(self.data_dir / "postgresql.log"),
            "-o", f"-p {port}", "-w", "-t", str(int(timeout)), "start",
        )
        self._create_database_if_missing()

    def stop(self) -> bool:
        """Stop the cluster (fast shutdown). Returns False if it was not running."""
        if not self.is_running():
            return False
        self._run("pg_ctl", "-D", str(self._pgdata), "-m", "fast", "-w", "stop")
        return True

    def is_running(self) -> bool:
        if not (self._pgdata / "PG_VERSION").exists():
            return False
        result = self._run("pg_ctl", "-D", str(self._pgdata), "status", check=False)
        return result.returncode == 0

    def status(self) -> ClusterStatus:
        initialised = self._state_path.exists()
        running = initialised and self.is_running()
        port = self._read_state()["port"] if initialised else None
        return ClusterStatus(
            data_dir=self.data_dir,
            initialised=initialised,
            running=running,
            port=port,
            url=self.url() if initialised else None,
        )

    def url(self, database: str = CLUSTER_DATABASE) -> str:
        state = self._read_state()
        return (
            f"postgresql://{CLUSTER_USER}:{state['password']}"
            f"@127.0.0.1:{state['port']}/{database}"
        )

    # -- internals ---------------------------------------------------------

    @property
    def _pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def _state_path(self) -> Path:
        return self.data_dir / _STATE_FILE

    def _read_state(self) -> dict:
        try:
            return json.loads(self._state_path.read_text())
        except FileNotFoundError:
            raise ClusterError(f"no embedded cluster in {self.data_dir} (run `newsbot db start`)") from None

    def _write_state(self, state: dict) -> None:
        tmp = self._state_path.with_suffix(".tmp")
        write_secret(tmp, json.dumps(state))
        tmp.replace(self._state_path)

    def _create_database_if_missing(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": CLUSTER_DATABASE}
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(CLUSTER_DATABASE)))

    @staticmethod
    def _port_is_free(port: int) -> bool:
        with socket.socket() as sock:
            # As the server does, so a port in TIME_WAIT after our own stop counts as free.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
            return True

    def _server_account(self) -> pwd.struct_passwd | None:
        """The account the server runs as: ourselves, or ``postgres`` when we are root."""
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterError(
                "running as root, but there is no 'postgres' system user to run the "
                "embedded cluster (install the 'postgresql' package)"
            ) from None

    def _chown_for_server(self, path: Path) -> None:
        account = self._server_account()
        if account is not None:
            os.chown(path, account.pw_uid, account.pw_gid)

    def _check_server_can_reach(self, path: Path) -> None:
        account = self._server_account()
        if account is None:
            return
        for parent in path.parents:
            mode, owner = parent.stat().st_mode, parent.stat().st_uid
            if not (mode & 0o001 or (owner == account.pw_uid and mode & 0o100)):
                raise ClusterError(
                    f"the 'postgres' user cannot enter {parent}, so it cannot use the "
                    f"data directory {path}; set NEWSBOT_HOME to a directory it can reach"
                )

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        account = self._server_account()
        kwargs = {}
        if account is not None:
            kwargs = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        result = subprocess.run(
            [str(self.bindir / program), *args],
            cwd=self.data_dir if account is None else "/",
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
            **kwargs,
        )
        if check and result.returncode != 0:
            tail = (result.stderr or result.stdout).strip()[-2000:]
            raise ClusterError(f"{program} failed (exit {result.returncode}): {tail}")
        return result

