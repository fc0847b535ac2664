"""Data at scale: how fast `seed_demo` fills a fresh database, and in how much memory.

    python -m bench.seed --size 5000                          # quick, SQLite
    python -m bench.seed --size 1000000 --engine postgresql   # a province, COPY
    python -m bench.seed --size 4400000 --engine postgresql   # the nation

Each run starts from an empty bench database (the SQLite file is deleted,
the PostgreSQL database bench_seed_<N> dropped and created again), loads
regions and classifications (not timed), then runs `manage.py seed_demo`
in a child process with `--stats`, so the figures are those of the seeding
process alone: wall time per seeder, rows and seconds per table written by
the registry's streamed seeder, and the child's peak resident memory
(ru_maxrss). The spread follows the presets of `seed_demo --size`: up to
50,000 businesses in the home kabupaten, up to a million in its province,
beyond that the whole country.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, manage, use_database, write

#: The target of the scale issue for the nation: generated in bounded memory (here, under 1 GB).
MEMORY_TARGET_MB = 1024
NATIONAL = 4_400_000


def _scope(size: int) -> str:
    """The region a size spreads over, as `seed_demo --size` would choose it."""
    if size <= 50_000:
        return "35.23"
    if size <= 1_000_000:
        return "35"
    return "nasional"


def _fresh(name: str, engine: str) -> None:
    """Drop the bench database of a previous run."""
    if engine == "postgresql" and not os.environ.get("BENCH_DATABASE_URL"):
        import psycopg

        from bench import pg

        with psycopg.connect(f"{pg.ensure_server()}/postgres", autocommit=True) as connection:
            database = "bench_" + name.replace("-", "_")  # as bench.common.use_database names it
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    elif engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (ROOT / "var" / f"bench-{name}.sqlite3{suffix}").unlink(missing_ok=True)


def run(size: int, engine: str, seed: int, batch: int, skip: str = "") -> dict:
    name = f"seed-{size}"
    _fresh(name, engine)
    use_database(name, engine)
    started = time.monotonic()
    manage("migrate", "--noinput", "-v", "0")
    manage("load_regions")
    manage("load_classifications")
    prepare = time.monotonic() - started
    stats_path = ROOT / "var" / f"bench-{name}-stats.json"
    load_before = os.getloadavg()
    started = time.monotonic()
    command = [sys.executable, "manage.py", "seed_demo", "--ikm", str(size), "--region", _scope(size)]
    command += ["--seed", str(seed), "--batch", str(batch), "--stats", str(stats_path), "--skip", skip]
    subprocess.run(command, cwd=ROOT, check=True, env=os.environ.copy())
    wall = time.monotonic() - started
    from django.db import connection

    payload = _from_stats(Path(stats_path), connection.vendor, wall)
    payload["prepare_seconds"] = round(prepare, 1)
    payload["load_average"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
    return payload


def _from_stats(path: Path, engine: str, wall: float | None = None) -> dict:
    """The result of one `seed_demo --stats` file."""
    stats = json.loads(path.read_text(encoding="utf-8"))
    return {
        "size": stats["businesses"],
        "engine": engine,
        "region": stats["region"],
        "batch": stats["batch"],
        "batches": stats["batches"],
        "wall_seconds": round(wall if wall is not None else stats["seconds"], 1),
        "seeders": stats["seeders"],
        "generate_seconds": stats["generate_seconds"],
        "tables": stats["tables"],
        "peak_rss_mb": stats["peak_rss_mb"],
        "skipped": stats.get("skipped", []),
        "load_average": [],
    }


def _registry_seconds(data: dict) -> float:
    return next((s for name, s in data["seeders"].items() if name.startswith("usaha IKM")), 0.0)


def report(data: dict) -> str:
    machine = data["machine"]
    size = data["size"]
    registry = _registry_seconds(data)
    rows = sum(t["rows"] for t in data["tables"].values())
    lines = [
        f"## Data at scale — `seed_demo` of {size:,} businesses on {data['engine']}".replace(",", "."),
        "",
        f"{machine['date']} · Python {machine['python']} · {machine['cpu_count']} cores · {machine['platform']}"
        + (
            f" · load average before/after {data['load_average'][0]} / {data['load_average'][3]}"
            if data.get("load_average")
            else ""
        ),
        "",
        f"Spread over region `{data['region']}`, in {data['batches']} batches of {data['batch']:,} businesses."
        f" Whole command {data['wall_seconds']:,} s; the registry's streamed seeder {registry:,} s"
        f" (of which {data['generate_seconds']:,} s generating rows in Python); peak memory of the seeding"
        f" process {data['peak_rss_mb']:,} MB.",
        "",
        "| table | rows | seconds writing | rows/s |",
        "|---|---:|---:|---:|",
    ]
    for table, entry in data["tables"].items():
        speed = entry["rows"] / entry["seconds"] if entry["seconds"] else 0
        lines.append(f"| {table} | {entry['rows']:,} | {entry['seconds']:,} | {speed:,.0f} |")
    overall = rows / registry if registry else 0
    lines.append(f"| **registry, end to end** | {rows:,} | {registry:,} | {overall:,.0f} |")
    lines += ["", "| seeder | seconds |", "|---|---:|"]
    lines += [f"| {name} | {seconds:,} |" for name, seconds in data["seeders"].items()]
    if data.get("skipped"):
        lines += [
            "",
            f"Seeders of {', '.join(data['skipped'])} skipped (`--skip`): no public catalog rebuild"
            " (its cost at a province's size is in docs/demo-data.md).",
        ]
    if data.get("note"):
        lines += ["", f"Note: {data['note']}."]
    lines += ["", _verdict(data, registry)]
    return "\n".join(lines) + "\n"


def _verdict(data: dict, registry: float) -> str:
    size = data["size"]
    memory = data["peak_rss_mb"]
    verdict = "within" if memory < MEMORY_TARGET_MB else "above"
    text = (
        f"Memory: {memory:,} MB at peak, {verdict} the target of under {MEMORY_TARGET_MB:,} MB for the nation;"
        " the seeder holds one batch at a time, so the peak does not grow with the number of businesses"
        " (only the list of desa and a NIK counter per kecamatan stay between batches)."
    )
    # The figure worth extrapolating: the nation on PostgreSQL, a kabupaten on SQLite.
    goal, label = (NATIONAL, "the nation") if data["engine"] == "postgresql" else (50_000, "a kabupaten")
    if size < goal and registry:
        text += (
            f" Time: at this rate the registry part of {label} ({goal:,} businesses) takes about"
            f" {max(registry * goal / size / 60, 1):,.0f} minute(s) (a linear estimate; inserts into larger indexes"
            " slow down a little as the tables grow)."
        )
    text += _where_time_goes(data, registry)
    others = {
        name: s
        for name, s in data["seeders"].items()
        if not name.startswith("usaha IKM") and name != "vacuum"
    }
    if others:
        slowest = max(others, key=others.get)
        text += (
            f" Of the other seeders the slowest is “{slowest}” ({others[slowest]:,} s); they work around one"
            " kabupaten, except the public catalog's rebuild, which grows with the number of public products."
        )
    return text


def _where_time_goes(data: dict, registry: float) -> str:
    """The issue sets no time target for seeding; say where the time goes and what would shorten it."""
    if not registry or not data["tables"]:
        return ""
    slowest = max(data["tables"], key=lambda table: data["tables"][table]["seconds"])
    entry = data["tables"][slowest]
    share = data["generate_seconds"] / registry
    return (
        f" Where the time goes: {share:.0%} generating rows in Python (Faker names and addresses, random"
        f" figures), the rest writing; the slowest table is {slowest} ({entry['rows'] / entry['seconds']:,.0f}"
        " rows/s), the table with the most indexes (24 on PostgreSQL against 4 for the yearly reports, which"
        " load ten times faster per row). Dropping the secondary indexes during a national load and"
        " building them after, and generating in several processes (one seed per province), would shorten"
        " it; neither is needed for memory."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000, help="businesses to generate")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=5000, help="businesses per written batch")
    parser.add_argument(
        "--skip", default="", help="apps whose demo seeders to skip, e.g. market (no catalog)"
    )
    parser.add_argument(
        "--record",
        default="",
        help="instead of seeding, record the --stats file of a seed_demo run made by hand"
        " (e.g. the one that built a shared bench database)",
    )
    args = parser.parse_args()
    if args.record:
        payload = _from_stats(Path(args.record), args.engine)
        payload["note"] = f"recorded from {Path(args.record).name}, a seed_demo run made outside bench.seed"
        args.size = payload["size"]
    else:
        payload = run(args.size, args.engine, args.seed, args.batch, args.skip)
    # The size last, like the other benches: report.py sorts by it.
    engine = "" if args.engine == "sqlite" else f"{args.engine}-"
    print("wrote", write(f"seed-{engine}{args.size}", payload, "bench.seed"))


if __name__ == "__main__":
    main()
