"""Load test: concurrent users on the public catalog and officer pages, over loopback, bounded.

    python -m bench.load                          # 100 users for 60 s on a 5,000-business region
    python -m bench.load --users 20 --seconds 10  # a short check

Starts gunicorn as docs/deploy.md runs it (`--workers 3`, sync workers,
production settings with DEBUG off and collected static files; see
`collect_static` for the fallback) serving `simpul.wsgi` on a free port of
127.0.0.1 against a seeded SQLite database under var/, then runs `--users`
simulated users, each a thread with its own HTTP/1.1 connection, kept
alive when the server allows (gunicorn's sync workers close it after each
response, as they do behind the office's reverse proxy; the client then
reconnects, and that time counts in the latency):

- public visitors (anonymous) open the catalog, a search, product pages
  and makers' pages;
- officers (a petugas and a pimpinan, logged in) open the business list, a
  search in it, a business's page and the dashboard.

Each user waits a random "reading" time between pages (mean `--think`
seconds). The run stops at `--seconds`, or earlier at `--max-requests`;
both are capped (MAX_SECONDS, MAX_REQUESTS) so a typo cannot start an
endless run. Nothing leaves the machine: the server binds to 127.0.0.1
and the users connect there.

Recorded: requests, errors (any status outside 2xx/3xx, or a connection
error or timeout), p50/p95/p99 latency (from sending the request to the
last byte of the body, so time spent queueing for a worker counts),
requests per second, per group and per page. Results go to
bench/results/load.json; `python -m bench.report` renders them into
docs/benchmarks.md.

The users run in this process (Python threads): on a small machine they
compete with the server for the CPU, so the figures are a lower bound of
what the server alone would do.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, manage, use_database, write

#: Hard limits whatever the command line says.
MAX_SECONDS = 600
MAX_REQUESTS = 1_000_000
MAX_USERS = 500
#: A request slower than this counts as an error (the user gave up).
REQUEST_TIMEOUT = 30.0
HOST = "127.0.0.1"

#: Pages of each group: (label, weight). The paths are filled from the database in `plan_pages`.
PUBLIC_MIX = [("catalog", 3), ("search", 3), ("product", 4), ("business", 2)]
OFFICER_MIX = [("business list", 3), ("business search", 2), ("business page", 4), ("dashboard", 1)]
SEARCH_WORDS = ["keripik", "batik", "tempe", "gerabah", "kerupuk", "tahu", "anyaman", "madu"]


# ---------------------------------------------------------------------------
# Server
# ---------------------------------------------------------------------------


def production_environment(size: int) -> dict[str, str]:
    """Settings as in production (docs/deploy.md), but plain HTTP on loopback.

    Set in this process too, before Django starts: the sessions created for
    the officers must be signed with the server's SECRET_KEY.
    """
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        "SIMPUL_DEMO": "0",
        # No TLS on loopback: no redirect to HTTPS, cookies over HTTP.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(ROOT / "var" / f"bench-load-static-{size}"),
        "LOG_LEVEL": "WARNING",
    }


def collect_static() -> str:
    """Collect static files as a deployment does; if that fails, serve them as in development.

    Returns a note for the results. With DEBUG off, pages need the manifest
    collectstatic writes; without it the server would answer every page
    with an error, so the run falls back to DEBUG on (the only difference
    that matters here: static files come from the apps instead of the
    collected, compressed copies, and no page requests them).
    """
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    if done.returncode == 0:
        return "collected (DEBUG off)"
    errors = (
        [line for line in done.stderr.splitlines() if "Error" in line] or done.stderr.splitlines() or ["?"]
    )
    last = errors[-1].strip().split(" with <")[0]  # drop the storage object's repr
    print(f"collectstatic failed ({last}); running the server with DEBUG on.", file=sys.stderr)
    os.environ["DEBUG"] = "1"
    return f"collectstatic failed, server ran with DEBUG on: {last}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, error_log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "simpul.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--error-logfile",
        str(error_log),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())  # noqa: S603 - fixed argv


def wait_until_up(port: int, server: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up (exit code {server.returncode}).")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/robots.txt")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port} within {limit:.0f} s.")


def stop_server(server: subprocess.Popen) -> None:
    """Stop the gunicorn this run started (its master stops its workers)."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ---------------------------------------------------------------------------
# Data and sessions
# ---------------------------------------------------------------------------


def ensure_data(size: int) -> None:
    """Migrate (new migrations apply to an old bench database too), then seed once to `size`."""
    manage("migrate", "--noinput", "-v", "0")
    from simpul.registry.models import Usaha

    if Usaha.objects.count() >= size:
        return
    manage("load_regions")
    manage("load_classifications")
    manage("seed_demo", "--ikm", str(size), "--seed", "7", "--region", "35.23")


def session_cookie(username: str) -> str:
    """A logged-in session for a demo account, made directly (no login form, no throttle)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from simpul.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def plan_pages(sample: int = 200) -> dict[str, list[str]]:
    """Concrete paths for every page label, drawn from the seeded data."""
    from simpul.market.models import CatalogEntry
    from simpul.registry.models import Usaha

    entries = list(CatalogEntry.objects.order_by("?")[:sample])
    if not entries:
        raise SystemExit("The catalog is empty: the seed published no products (check seed_demo).")
    businesses = list(
        Usaha.objects.filter(archived_at=None).order_by("?").values_list("pk", flat=True)[:sample]
    )
    return {
        "catalog": ["/katalog/"],
        "search": [f"/katalog/?q={word}" for word in SEARCH_WORDS],
        "product": [entry.get_absolute_url() for entry in entries],
        "business": sorted({entry.get_usaha_url() for entry in entries}),
        "business list": ["/usaha/"],
        "business search": [f"/usaha/?q={word}" for word in SEARCH_WORDS],
        "business page": [f"/usaha/{pk}/" for pk in businesses],
        "dashboard": ["/dasbor/"],
    }


# ---------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------


@dataclass
class Tally:
    """What one user saw; merged after the run, so threads never share a list."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)

    def add(self, label: str, seconds: float) -> None:
        self.latencies.setdefault(label, []).append(seconds)

    def error(self, label: str, what: str) -> None:
        self.errors[label] += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(f"{label}: {what}")


class Budget:
    """The shared request budget: stops every user at the request cap or the deadline."""

    def __init__(self, max_requests: int, deadline: float) -> None:
        self._left = max_requests
        self._lock = threading.Lock()
        self.deadline = deadline
        self.stop = threading.Event()

    def take(self) -> bool:
        if self.stop.is_set() or time.monotonic() >= self.deadline:
            self.stop.set()
            return False
        with self._lock:
            if self._left <= 0:
                self.stop.set()
                return False
            self._left -= 1
            return True


def user_loop(
    port: int,
    mix: list[tuple[str, int]],
    pages: dict[str, list[str]],
    cookie: str | None,
    think: float,
    budget: Budget,
    tally: Tally,
    seed: int,
) -> None:
    rng = random.Random(seed)
    labels = [label for label, _ in mix]
    weights = [weight for _, weight in mix]
    headers = {"Accept": "text/html", "User-Agent": "simpul-bench-load"}
    if cookie:
        headers["Cookie"] = cookie
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    # Users arrive over the first think period instead of all in the same millisecond.
    budget.stop.wait(rng.uniform(0, max(think, 0.1)))
    while budget.take():
        label = rng.choices(labels, weights)[0]
        path = rng.choice(pages[label])
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            tally.error(label, f"{type(exc).__name__} on {path}")
            conn.close()  # http.client reconnects on the next request
        else:
            tally.add(label, time.perf_counter() - start)
            tally.statuses[response.status] += 1
            if not 200 <= response.status < 400:
                tally.error(label, f"HTTP {response.status} on {path}")
        budget.stop.wait(rng.uniform(0, 2 * think))
    conn.close()


# ---------------------------------------------------------------------------
# Run and summary
# ---------------------------------------------------------------------------


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def summarise(latencies: list[float], errors: int, elapsed: float) -> dict:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered) + errors,
        "errors": errors,
        "rps": round((len(ordered) + errors) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(ordered, 0.50) * 1000, 1),
        "p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 1),
        "max_ms": round((ordered[-1] if ordered else 0.0) * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
    }


def warm_up(port: int, pages: dict[str, list[str]], cookies: dict[str, str]) -> None:
    """Open each kind of page once as its users will, and stop if one does not answer 200.

    A page that redirects an officer to the login form would otherwise pass
    as a 3xx and the run would measure the login page.
    """
    for label, paths in pages.items():
        cookie = cookies["officer"] if label in dict(OFFICER_MIX) else None
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        conn.request("GET", paths[0], headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status != 200:
            raise SystemExit(f"Warm-up: {paths[0]} answered {response.status}, not 200; not measuring.")


def run(args: argparse.Namespace) -> dict:
    os.environ.update(production_environment(args.size))
    use_database(f"load-{args.size}")
    ensure_data(args.size)
    static_note = collect_static()
    pages = plan_pages()
    cookies = {"officer": session_cookie("petugas"), "pimpinan": session_cookie("pimpinan")}
    from django.db import connections

    connections.close_all()  # the server's workers own the database from here

    load_before = [round(x, 2) for x in os.getloadavg()]
    port = free_port()
    error_log = ROOT / "var" / f"bench-load-gunicorn-{port}.log"
    server = start_server(port, args.workers, error_log)
    try:
        wait_until_up(port, server)
        warm_up(port, pages, cookies)
        n_officers = round(args.users * args.officer_share)
        groups = [("officer", OFFICER_MIX)] * n_officers + [("public", PUBLIC_MIX)] * (
            args.users - n_officers
        )
        tallies = [Tally() for _ in groups]
        started = time.monotonic()
        budget = Budget(args.max_requests, started + args.seconds)
        threads = []
        for n, ((group, mix), tally) in enumerate(zip(groups, tallies, strict=True)):
            # Every other officer is the pimpinan (dashboards), the others the petugas.
            cookie = None if group == "public" else cookies["pimpinan" if n % 2 else "officer"]
            thread = threading.Thread(
                target=user_loop,
                args=(port, mix, pages, cookie, args.think, budget, tally, args.seed + n),
                daemon=True,
            )
            threads.append(thread)
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + REQUEST_TIMEOUT + 30)
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    server_errors = _server_log_problems(error_log)
    payload = _report(args, groups, tallies, elapsed, server_errors)
    payload["settings"]["static_files"] = static_note
    # Other work on the machine takes CPU from the server; the figures need this context.
    payload["load_average_before"] = load_before
    payload["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return payload


def _server_log_problems(error_log: Path) -> dict:
    text = error_log.read_text(encoding="utf-8", errors="replace") if error_log.exists() else ""
    error_log.unlink(missing_ok=True)
    return {"tracebacks": text.count("Traceback"), "worker_timeouts": text.count("WORKER TIMEOUT")}


def _report(args, groups, tallies: list[Tally], elapsed: float, server_log: dict) -> dict:
    by_label: dict[str, list[float]] = {}
    errors_by_label: Counter = Counter()
    statuses: Counter = Counter()
    samples: list[str] = []
    by_group: dict[str, tuple[list[float], int]] = {}
    for (group, _mix), tally in zip(groups, tallies, strict=True):
        statuses.update(tally.statuses)
        errors_by_label.update(tally.errors)
        samples.extend(tally.error_samples)
        latencies, errors = by_group.get(group, ([], 0))
        for label, values in tally.latencies.items():
            by_label.setdefault(label, []).extend(values)
            latencies.extend(values)
        by_group[group] = (latencies, errors + sum(tally.errors.values()))
    everything = [value for values in by_label.values() for value in values]
    return {
        "settings": {
            "users": args.users,
            "officers": round(args.users * args.officer_share),
            "seconds": args.seconds,
            "think_mean_s": args.think,
            "max_requests": args.max_requests,
            "gunicorn_workers": args.workers,
            "businesses": args.size,
            "engine": "sqlite",
        },
        "elapsed_s": round(elapsed, 1),
        "total": summarise(everything, sum(errors_by_label.values()), elapsed),
        "groups": {group: summarise(values, errors, elapsed) for group, (values, errors) in by_group.items()},
        "pages": {
            label: summarise(values, errors_by_label[label], elapsed)
            for label, values in sorted(by_label.items())
        },
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "error_samples": samples[:20],
        "server_log": server_log,
    }


def _thousands(number: int) -> str:
    """5.000 as Indonesian readers write it, like the registry section."""
    return f"{number:,}".replace(",", ".")


def _row(label: str, row: dict) -> str:
    return (
        f"| {label} | {row['requests']} | {row['errors']} | {row['rps']} | {row['p50_ms']} "
        f"| {row['p95_ms']} | {row['p99_ms']} |"
    )


def report(data: dict) -> str:
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


def main() -> None:
    parser = argparse.ArgumentParser(description="Load test on loopback: simulated users against gunicorn.")
    parser.add_argument("--size", type=int, default=5000, help="businesses in the seeded region")
    parser.add_argument("--users", type=int, default=100, help="concurrent simulated users")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a user's pages, seconds")
    parser.add_argument("--officer-share", type=float, default=0.3, help="share of users who are officers")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (docs/deploy.md: 3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the users' choices")
    args = parser.parse_args()
    if not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be between 0 and {MAX_SECONDS}")
    if not 0 < args.max_requests <= MAX_REQUESTS:
        parser.error(f"--max-requests must be between 1 and {MAX_REQUESTS}")
    if not 0 < args.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    if not 0 <= args.officer_share <= 1 or args.think < 0:
        parser.error("--officer-share must be within 0..1 and --think not negative")
    payload = run(args)
    total = payload["total"]
    print(
        f"{total['requests']} requests in {payload['elapsed_s']} s: {total['rps']} req/s, "
        f"p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms, errors {total['errors']}"
    )
    for sample in payload["error_samples"]:
        print("  error:", sample)
    print("wrote", write("load", payload, "bench.load"))


if __name__ == "__main__":
    main()
