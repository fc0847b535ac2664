"""Shared plumbing for the benches: a database of a given size, timing, and result files."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def use_database(name: str, engine: str = "sqlite") -> None:
    """Point Django at the bench database `name`.

    SQLite: var/bench-<name>.sqlite3. PostgreSQL: database bench_<name> on the server of
    bench.pg (BENCH_PG_URL or a throwaway cluster). BENCH_DATABASE_URL overrides both.
    """
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url and engine == "postgresql":
        from bench import pg

        url = pg.database_url("bench_" + name.replace("-", "_"))
    url = url or f"sqlite:///{ROOT / 'var' / f'bench-{name}.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["SIMPUL_DEMO"] = "0"
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env=os.environ.copy())


def timed(func: Callable[[], object], runs: int) -> dict:
    """Median and p95 of `runs` calls, in milliseconds, after one warm-up call."""
    func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"median_ms": round(statistics.median(samples), 1), "p95_ms": round(p95, 1), "runs": runs}


def machine() -> dict:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),  # UTC: Django sets local time to WIB
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
    }


def write(name: str, payload: dict, module: str) -> Path:
    """Save bench/results/<name>.json; `module` renders it in docs/benchmarks.md (its `report`)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"bench": module, "machine": machine(), **payload}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
