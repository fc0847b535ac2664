"""Write docs/benchmarks.md from the JSON results in bench/results/."""

from __future__ import annotations

import json

from bench.common import RESULTS, ROOT

HEADER = """# Benchmarks

Measured with `make bench` (full sizes) or `make bench-quick` (small sizes) on the machine named in each
section. Results are also in `bench/results/*.json`. Latencies are wall-clock times of a request through
Django's test client (no network), as a logged-in petugas; the load section (`make load`) measures over
loopback HTTP instead, as it says.
"""


def registry_section(data: dict) -> str:
    machine = data["machine"]
    lines = [
        f"## Registry list and search — {data['businesses']:,} businesses on {data['engine']}".replace(
            ",", "."
        ),
        "",
        f"{machine['date']} · Python {machine['python']} · {machine['cpu_count']} cores · {machine['platform']}",
        "",
        "| page | URL | median (ms) | p95 (ms) | queries |",
        "|---|---|---:|---:|---:|",
    ]
    for label, row in data["pages"].items():
        lines.append(
            f"| {label} | `{row['url']}` | {row['median_ms']} | {row['p95_ms']} | {row['queries']} |"
        )
    return "\n".join(lines) + "\n"


def _thousands(number: int) -> str:
    """5.000 as Indonesian readers write it, like the registry section."""
    return f"{number:,}".replace(",", ".")


def _row(label: str, row: dict) -> str:
    return (
        f"| {label} | {row['requests']} | {row['errors']} | {row['rps']} | {row['p50_ms']} "
        f"| {row['p95_ms']} | {row['p99_ms']} |"
    )


def load_section(data: dict) -> str:
    """The load test (bench/load.py): users over loopback against gunicorn, per group and per page."""
    machine, run = data["machine"], data["settings"]
    total = data["total"]
    lines = [
        f"## Load — {run['users']} concurrent users for {run['seconds']:g} s",
        "",
        f"{machine['date']} · Python {machine['python']} · {machine['cpu_count']} cores · {machine['platform']}",
        "",
        f"`python -m bench.load`: gunicorn with {run['gunicorn_workers']} workers on 127.0.0.1, SQLite with "
        f"{_thousands(run['businesses'])} businesses (demo seed), {run['users'] - run['officers']} anonymous "
        f"catalog visitors and {run['officers']} logged-in officers (petugas and pimpinan), each pausing "
        f"{run['think_mean_s']:g} s on average between pages. Latency runs from sending the request to the "
        "last byte, so time waiting for a free worker counts; the users are threads on the same machine.",
        "",
        f"**{total['requests']} requests, {total['errors']} errors, {total['rps']} requests/s, "
        f"p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms.**",
        "",
        "| who / page | requests | errors | req/s | p50 (ms) | p95 (ms) | p99 (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        _row("**all**", total),
    ]
    lines += [_row(f"**{group}**", row) for group, row in data["groups"].items()]
    lines += [_row(label, row) for label, row in data["pages"].items()]
    notes = [f"Static files: {run.get('static_files', '?').rstrip('.')}."]
    if "load_average_before" in data:
        notes.append(
            f"Load average of the machine before / after the run: {data['load_average_before']} / "
            f"{data['load_average_after']} (other work shares the CPU)."
        )
    log = data.get("server_log", {})
    notes.append(
        f"Server log: {log.get('tracebacks', 0)} tracebacks, {log.get('worker_timeouts', 0)} worker timeouts."
    )
    if data.get("error_samples"):
        notes.append("Errors seen: " + "; ".join(data["error_samples"]))
    lines += ["", *notes]
    return "\n".join(lines) + "\n"


def catalog_section(data: dict) -> str:
    """Catalog search (simpul.market.bench): latency per query kind, pages per second."""
    machine = data["machine"]
    lines = [
        f"## Catalog search — {data['products']:,} products on {data['engine']}".replace(",", "."),
        "",
        f"{machine['date']} · Python {machine['python']} · {machine['cpu_count']} cores · {machine['platform']}",
        "",
        "| query | URL | median (ms) | p95 (ms) | queries |",
        "|---|---|---:|---:|---:|",
    ]
    for label, row in data["pages"].items():
        lines.append(
            f"| {label} | `{row['url']}` | {row['median_ms']} | {row['p95_ms']} | {row['queries']} |"
        )
    for run in data.get("throughput", []):
        if isinstance(run, dict):
            summary = ", ".join(f"{k}: {v}" for k, v in run.items())
            lines.append(f"\nThroughput: {summary}")
    return "\n".join(lines) + "\n"


def main() -> None:
    sections = [HEADER]
    for path in sorted(RESULTS.glob("registry-list-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        sections.append(registry_section(json.loads(path.read_text(encoding="utf-8"))))
    load = RESULTS / "load.json"
    if load.exists():
        sections.append(load_section(json.loads(load.read_text(encoding="utf-8"))))
    for path in sorted(RESULTS.glob("catalog-search-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        sections.append(catalog_section(json.loads(path.read_text(encoding="utf-8"))))
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(sections), encoding="utf-8")
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
