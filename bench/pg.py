"""PostgreSQL for the benches: the server named by BENCH_PG_URL, or a throwaway cluster.

`make bench` measures the province-size benches on PostgreSQL. Give it a server with
BENCH_PG_URL=postgres://user@host:port (no database name; each bench makes its own
database, e.g. bench_registry_1000000), or leave it unset: `ensure_server()` then
starts a cluster of Debian's `postgresql` package under var/bench-pg on port 54400
(as root it runs the server as the `postgres` user, since initdb refuses root),
tuned for loading (fsync off) since bench data can always be generated again.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from bench.common import ROOT

DEFAULT_PORT = 54400
CLUSTER = ROOT / "var" / "bench-pg"
SETTINGS = [
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "shared_buffers=2GB",
    "work_mem=64MB",
    "maintenance_work_mem=1GB",
    "max_wal_size=8GB",
]


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise SystemExit(
            "PostgreSQL is not installed: set BENCH_PG_URL, or install Debian's postgresql package "
            "(apt-get install -y postgresql)."
        )
    return found[-1]


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def _running(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(f"{url}/postgres", connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


def ensure_server() -> str:
    """The base URL of a running PostgreSQL server, starting the throwaway one if needed."""
    url = os.environ.get("BENCH_PG_URL", "").rstrip("/")
    if url:
        return url
    url = f"postgres://postgres@127.0.0.1:{DEFAULT_PORT}"
    if _running(url):
        return url
    if not (CLUSTER / "PG_VERSION").exists():
        CLUSTER.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(CLUSTER, "postgres", "postgres")
        initdb = [_bin("initdb"), "-D", str(CLUSTER), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        subprocess.run(_as_postgres(*initdb), check=True, stdout=subprocess.DEVNULL)
    options = f"-p {DEFAULT_PORT} -k /tmp -c listen_addresses=127.0.0.1 " + " ".join(
        f"-c {setting}" for setting in SETTINGS
    )
    start = [
        _bin("pg_ctl"),
        "-D",
        str(CLUSTER),
        "-w",
        "-l",
        str(CLUSTER / "server.log"),
        "-o",
        options,
        "start",
    ]
    subprocess.run(_as_postgres(*start), check=True, stdout=subprocess.DEVNULL)
    return url


def database_url(name: str) -> str:
    """A URL for database `name` on the bench server, creating the database if it is missing."""
    import psycopg

    base = ensure_server()
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def stop() -> None:
    """Stop the throwaway cluster (its data stays under var/bench-pg for the next run)."""
    if (CLUSTER / "postmaster.pid").exists():
        subprocess.run(_as_postgres(_bin("pg_ctl"), "-D", str(CLUSTER), "stop"), check=False)


def path() -> Path:
    return CLUSTER
