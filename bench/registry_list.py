"""Registry list and search: officer list pages at a kabupaten's size on SQLite.

Seeds a database of N businesses once (kept under var/ for later runs), then
requests the business list with typical filters through Django's test
client, as a logged-in petugas, and records median/p95 latency and the
number of queries per page.
"""

from __future__ import annotations

import argparse

from bench.common import manage, timed, use_database, write

PAGES = [
    ("list", "/usaha/"),
    ("search name", "/usaha/?q=jaya"),
    ("search product", "/usaha/?q=keripik"),
    ("kecamatan", "/usaha/?kecamatan=35.23.16"),
    ("scale+status", "/usaha/?scale=menengah&status=aktif"),
    ("certificate", "/usaha/?certificate=halal"),
    ("sorted by completeness", "/usaha/?sort=-completeness"),
]


def ensure_data(size: int) -> None:
    from simpul.registry.models import Usaha

    try:
        count = Usaha.objects.count()
    except Exception:
        count = -1
    if count >= size:
        return
    manage("migrate", "--noinput", "-v", "0")
    manage("load_regions")
    manage("load_classifications")
    manage("seed_demo", "--ikm", str(size), "--seed", "7", "--region", "35.23")


def run(size: int, runs: int) -> dict:
    use_database(f"registry-{size}")
    ensure_data(size)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from simpul.accounts.models import User
    from simpul.registry.models import Usaha

    client = Client()
    client.force_login(User.objects.get(username="petugas"))
    results = {}
    deep = max(1, Usaha.objects.filter(archived_at=None).count() // 50 // 2)
    for label, url in [*PAGES, ("deep page", f"/usaha/?page={deep}")]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        # Read the count now: each request clears Django's query log.
        count = len(queries)
        timing = timed(lambda url=url: client.get(url), runs)
        results[label] = {"url": url, "queries": count, **timing}
        print(
            f"  {label:<24} median {timing['median_ms']:>7} ms  p95 {timing['p95_ms']:>7} ms  {count} queries"
        )
    return {"businesses": Usaha.objects.count(), "engine": connection.vendor, "pages": results}


def report(data: dict) -> str:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    payload = run(args.size, args.runs)
    print("wrote", write(f"registry-list-{args.size}", payload, "bench.registry_list"))


if __name__ == "__main__":
    main()
