"""Catalog search at scale: latency per query and pages per second, at up to a million products.

    python -m bench.catalog_search --size 1000000 --runs 20 [--seconds 20] [--engine postgresql]

Builds (once, kept in the bench database catalog-<size>) `size` published
products from `size/2` businesses spread over a province's desa — product
names with the spelling variants real data has ("keripik"/"kripik"),
certificates, prices — and the catalog index (`catalog.rebuild`). Then it
measures, through Django's test client as an anonymous visitor:

- each catalog page of a typical query mix: median and p95 latency, and the
  number of SQL queries (which must not grow with the data);
- the search alone (`search.run` to a counted first page of 24), without rendering;
- pages per second over the mix, one client and CONCURRENCY threads, with
  the load average of the machine (other work on it slows every figure);
- the limit: the same words through the database's own full-text index,
  queried directly — FTS5 on SQLite, to_tsvector/GIN on PostgreSQL — with
  no spelling variants, no typo correction and no filters.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import threading
import time
from collections.abc import Callable
from decimal import Decimal

from bench.common import use_database, write

#: Threads of the concurrent throughput run.
CONCURRENCY = 4
#: The target of the scale issue (#10) for a catalog search at 1M products.
TARGET_P95_MS = 50
#: Results counted by the limits, as by the catalog (search.COUNT_CAP + 1).
COUNT_LIMIT = 2401

PAGES = [
    ("landing", "/katalog/"),
    ("one word", "/katalog/?q=keripik"),
    ("spelling variant", "/katalog/?q=kripik"),
    ("two words", "/katalog/?q=keripik+singkong"),
    ("typo", "/katalog/?q=btik"),
    ("half word", "/katalog/?q=krip"),
    ("rare word", "/katalog/?q=lokan"),
    ("word + filters", "/katalog/?q=batik&kecamatan={kecamatan}&sertifikat=halal"),
    ("filters only", "/katalog/?kelompok=pangan&sertifikat=halal&urut=harga-terendah"),
    ("price range", "/katalog/?harga_min=20000&harga_max=50000&pasokan=10000"),
    ("deep page", "/katalog/?q=keripik&page=40"),
    ("API", "/api/katalog/produk/?q=keripik"),
]
SEARCHES = ["keripik", "kripik", "keripik singkong", "btik", "krip", "lokan", "batik tulis", "gerabah"]

# Product kinds (KBLI division, unit, price range) and the words that vary their names.
KINDS = [
    (
        "10",
        "kg",
        20_000,
        90_000,
        ["Keripik singkong", "Kripik tempe", "Keripik pisang", "Kerupuk ikan", "Krupuk udang"],
    ),
    ("10", "buah", 1_000, 15_000, ["Tahu", "Tempe", "Roti manis", "Bakpia", "Dodol"]),
    ("10", "botol", 10_000, 40_000, ["Sambal", "Sambel bawang", "Kecap", "Madu hutan"]),
    ("11", "botol", 5_000, 30_000, ["Sirup siwalan", "Legen", "Minuman jahe", "Kopi bubuk"]),
    (
        "13",
        "lembar",
        150_000,
        900_000,
        ["Batik tulis", "Batik gedog", "Batik cap", "Kain tenun", "Tenun ikat"],
    ),
    ("14", "buah", 30_000, 200_000, ["Kaos sablon", "Seragam sekolah", "Mukena bordir", "Kemeja batik"]),
    ("15", "buah", 60_000, 450_000, ["Tas kulit", "Sandal kulit", "Dompet kulit", "Sepatu kulit"]),
    ("16", "buah", 15_000, 500_000, ["Anyaman bambu", "Kerajinan kayu jati", "Tikar pandan", "Besek bambu"]),
    ("23", "buah", 500, 80_000, ["Gerabah hias", "Batu bata merah", "Genteng", "Cobek batu"]),
    ("25", "buah", 50_000, 450_000, ["Alat pertanian", "Pisau dapur", "Teralis besi", "Cangkul"]),
    ("31", "buah", 300_000, 6_000_000, ["Kursi jati", "Lemari kayu", "Meja ukir", "Dipan jati"]),
    ("32", "buah", 10_000, 100_000, ["Kerajinan kerang", "Sapu ijuk", "Hiasan lokan", "Mainan kayu"]),
]
VARIANTS = [
    "",
    "",
    "balado",
    "pedas",
    "manis",
    "original",
    "premium",
    "mini",
    "jumbo",
    "asli",
    "motif lokan",
    "warna alam",
    "khas pesisir",
    "super",
    "kemasan 250 g",
    "kualitas ekspor",
    "rasa jagung",
    "daun jeruk",
]
WORDS = [
    "dibuat",
    "dari",
    "bahan",
    "pilihan",
    "tanpa",
    "pengawet",
    "dikemas",
    "rapi",
    "tahan",
    "lama",
    "cocok",
    "oleh-oleh",
    "pesanan",
    "partai",
    "besar",
    "dikerjakan",
    "tangan",
    "pengrajin",
    "lokal",
    "motif",
    "khas",
    "pesisir",
    "utara",
    "warna",
    "alami",
    "awet",
    "kuat",
    "ringan",
    "harga",
    "grosir",
    "siap",
    "kirim",
    "seluruh",
    "indonesia",
    "tersedia",
    "berbagai",
    "ukuran",
    "rasa",
    "gurih",
    "renyah",
    "higienis",
    "bersertifikat",
]
NAMES = [
    "Sumber Rejeki",
    "Maju Jaya",
    "Barokah",
    "Sri Rejeki",
    "Makmur",
    "Berkah",
    "Sejahtera",
    "Karya Mandiri",
    "Cahaya",
    "Mekar Sari",
    "Sentosa",
    "Tunas",
    "Mulia",
    "Harapan",
    "Lestari",
    "Putra Bahari",
]


def _log(text: str) -> None:
    print(text, flush=True)


def generate(size: int, region: str = "35", seed: int = 11) -> None:
    """`size` catalog products of `size // 2` businesses; bulk inserts, then one catalog rebuild."""
    from django.core.management import call_command

    from simpul.classifications.models import Kbli
    from simpul.market.models import CatalogEntry
    from simpul.regions.models import Region
    from simpul.registry.models import Kepemilikan, Legalitas, Pelaku, Produk, Usaha

    call_command("migrate", "--noinput", verbosity=0)
    if not Region.objects.filter(code=region).exists():
        call_command("load_regions")
        call_command("load_classifications")
    if CatalogEntry.objects.count() >= size:
        return
    if Produk.objects.filter(in_catalog=True).count() >= size:
        _log("  registry already written (an earlier run stopped before the catalog was built)")
        _build_catalog()
        return
    rng = random.Random(seed)
    desa = list(Region.objects.within(region).desa().values_list("code", flat=True))
    groups = dict(Kbli.objects.filter(level=2).values_list("code", "group_id"))
    businesses = size // 2
    started = time.monotonic()
    batch = 5000
    for start in range(0, businesses, batch):
        count = min(batch, businesses - start)
        kinds = [rng.randrange(len(KINDS)) for _ in range(count)]
        owners = Pelaku.objects.bulk_create(
            [Pelaku(name=f"Pemilik {start + i}", consent_catalog=True) for i in range(count)]
        )
        usaha = []
        for i, kind in enumerate(kinds):
            code = rng.choice(desa)
            division = KINDS[kind][0]
            usaha.append(
                Usaha(
                    name=f"{rng.choice(['UD ', 'CV ', '', 'Kelompok '])}{rng.choice(NAMES)} {start + i}",
                    desa_id=code,
                    kecamatan_id=code.rsplit(".", 1)[0],
                    kbli_id=division,
                    group_id=groups.get(division),
                    whatsapp=f"+62812{rng.randrange(10**7, 10**8)}" if rng.random() < 0.8 else "",
                    latitude=Decimal(f"{-7.5 + rng.uniform(-1, 1):.6f}"),
                    longitude=Decimal(f"{112.5 + rng.uniform(-1.5, 1.5):.6f}"),
                )
            )
        Usaha.objects.bulk_create(usaha)
        Kepemilikan.objects.bulk_create(
            [Kepemilikan(usaha=u, pelaku=p) for u, p in zip(usaha, owners, strict=True)]
        )
        products, legal = [], []
        for u, kind in zip(usaha, kinds, strict=True):
            division, unit, low, high, names = KINDS[kind]
            for _ in range(2):
                name = f"{rng.choice(names)} {rng.choice(VARIANTS)}".strip()
                price = rng.randint(low, high)
                products.append(
                    Produk(
                        usaha=u,
                        name=name,
                        kbli_id=division,
                        group_id=u.group_id,
                        unit=unit,
                        price_min=Decimal(price),
                        price_max=Decimal(int(price * rng.uniform(1, 1.4))),
                        capacity_per_year=Decimal(rng.choice([200, 1000, 5000, 20_000, 100_000])),
                        in_catalog=True,
                        description=f"{name}. " + " ".join(rng.sample(WORDS, 8)),
                    )
                )
            if division in ("10", "11") and rng.random() < 0.35:
                legal.append(Legalitas(usaha=u, kind="halal", number=f"ID{rng.randrange(10**10)}"))
            if division in ("10", "11") and rng.random() < 0.5:
                legal.append(Legalitas(usaha=u, kind="pirt", number=f"P-IRT {rng.randrange(10**12)}"))
        Produk.objects.bulk_create(products)
        Legalitas.objects.bulk_create(legal)
        if (start // batch) % 20 == 0:
            _log(f"  {start + count}/{businesses} usaha, {time.monotonic() - started:.0f} s")
    _log(f"  registry written in {time.monotonic() - started:.0f} s; building the catalog…")
    _build_catalog()


def _build_catalog() -> None:
    from simpul.market import catalog

    started = time.monotonic()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 30:
            last[0] = time.monotonic()
            _log(f"  catalog {done}/{total}, {time.monotonic() - started:.0f} s")

    catalog.rebuild(progress)
    _log(f"  catalog built in {time.monotonic() - started:.0f} s")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return round(statistics.median(samples), 1), round(p95, 1)


def _server_cpu() -> Callable[[], float] | None:
    """A reader of the CPU seconds this thread's PostgreSQL backend has used, or None.

    The bench server runs on the same machine, so the kernel's per-process
    account (/proc/<pid>/schedstat, in nanoseconds) is at hand; it needs the
    connection kept open across requests (DB_CONN_MAX_AGE), else every
    request has a new backend.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = f"/proc/{cursor.fetchone()[0]}/schedstat"
    if not os.path.exists(path):
        return None

    def read() -> float:
        with open(path, encoding="ascii") as stat:
            return int(stat.read().split()[0]) / 1e9

    return read


def timed_with_cpu(func: Callable[[], object], runs: int) -> dict:
    """Like bench.common.timed, plus the CPU time each call used.

    On a shared machine the wall-clock time includes waiting for a core; CPU
    time does not. It counts this thread (on SQLite that is the whole
    request) and, on PostgreSQL, the server process serving this thread's
    connection: close to what an idle machine would take.
    """
    func()
    server = _server_cpu()
    wall, cpu = [], []
    for _ in range(runs):
        before = server() if server else 0.0
        start, start_cpu = time.perf_counter(), time.thread_time()
        func()
        used = time.thread_time() - start_cpu
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((used + (server() - before if server else 0.0)) * 1000)
    median, p95 = _percentiles(wall)
    cpu_median, cpu_p95 = _percentiles(cpu)
    return {
        "median_ms": median,
        "p95_ms": p95,
        "cpu_median_ms": cpu_median,
        "cpu_p95_ms": cpu_p95,
        "runs": runs,
    }


def _pages(kecamatan: str) -> list[tuple[str, str]]:
    return [(label, url.format(kecamatan=kecamatan)) for label, url in PAGES]


def measure_pages(runs: int, kecamatan: str) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for label, url in _pages(kecamatan):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)
        timing = timed_with_cpu(lambda url=url: client.get(url), runs)
        results[label] = {"url": url, "queries": count, **timing}
        _log(
            f"  {label:<18} median {timing['median_ms']:>7} ms  p95 {timing['p95_ms']:>7} ms"
            f"  CPU p95 {timing['cpu_p95_ms']:>7} ms  {count} queries"
        )
    return results


def measure_search(runs: int) -> dict:
    """search.run to a counted first page, without the page around it."""
    from simpul.market import publication, search

    results = {}
    for text in SEARCHES:

        def once(text: str = text) -> None:
            found = search.run(text, publication.public_catalog())
            list(found.results[:24])
            found.results.count()

        timing = timed_with_cpu(once, runs)
        results[text] = timing
        _log(
            f"  search {text!r:<20} median {timing['median_ms']:>7} ms  p95 {timing['p95_ms']:>7} ms"
            f"  CPU p95 {timing['cpu_p95_ms']:>7} ms"
        )
    return results


def throughput(seconds: float, threads: int, kecamatan: str) -> dict:
    """Pages per second over the mix, with `threads` clients at once (each its own connection)."""
    from django.db import connection
    from django.test import Client

    urls = [url for _label, url in _pages(kecamatan)]
    done = [0] * threads
    errors = [0] * threads
    stop = time.monotonic() + seconds

    def work(index: int) -> None:
        client = Client()
        n = index
        while time.monotonic() < stop:
            response = client.get(urls[n % len(urls)])
            done[index] += 1
            errors[index] += response.status_code != 200
            n += 1
        connection.close()

    started = time.monotonic()
    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    rate = round(sum(done) / elapsed, 1)
    load = round(os.getloadavg()[0], 2)
    _log(f"  {threads} client(s): {rate} pages/s ({sum(done)} pages, {sum(errors)} errors), load {load}")
    return {
        "threads": threads,
        "pages": sum(done),
        "errors": sum(errors),
        "pages_per_second": rate,
        "load_average": load,
    }


def _limit_timing(name: str, runs: int, page_sql: str, count_sql: str, words: str) -> dict:
    """A first page of 24 by rank and a count capped like the catalog's, queried directly.

    `words` fills every %s of `page_sql`; `count_sql` takes `words` and the cap.
    """
    from django.db import connection

    page_params = [words] * page_sql.count("%s")

    def once() -> None:
        with connection.cursor() as cursor:
            cursor.execute(page_sql, page_params)
            cursor.fetchall()
            cursor.execute(count_sql, [words, COUNT_LIMIT])
            cursor.fetchone()

    timing = timed_with_cpu(once, runs)
    with connection.cursor() as cursor:
        cursor.execute(count_sql, [words, 10**9])
        timing["matches"] = cursor.fetchone()[0]
    _log(
        f"  {name} {words!r:<22} median {timing['median_ms']:>7} ms  p95 {timing['p95_ms']:>7} ms"
        f"  {timing['matches']} matches"
    )
    return timing


def _build_limit_index(statements: list[str]) -> None:
    from django.db import connection, transaction

    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    _log(f"  full-text index of the limit built in {time.monotonic() - started:.0f} s")


def _table_exists(name: str) -> bool:
    from django.db import connection

    return name in connection.introspection.table_names()


def fts5_limit(runs: int) -> dict:
    """The same words through SQLite FTS5 over name, maker and place, queried directly."""
    if not _table_exists("bench_catalog_fts"):
        _build_limit_index(
            [
                "CREATE VIRTUAL TABLE bench_catalog_fts USING fts5(name, maker, place,"
                " content='market_catalogentry', content_rowid='produk_id')",
                "INSERT INTO bench_catalog_fts(rowid, name, maker, place) SELECT produk_id, name, usaha_name,"
                " kecamatan_name || ' ' || desa_name FROM market_catalogentry",
            ]
        )
    page = "SELECT rowid FROM bench_catalog_fts WHERE bench_catalog_fts MATCH %s ORDER BY rank LIMIT 24"
    count = "SELECT count(*) FROM (SELECT 1 FROM bench_catalog_fts WHERE bench_catalog_fts MATCH %s LIMIT %s)"
    results = {}
    for text in SEARCHES:
        # FTS5 matches words as written (a prefix for the half word): no variants, no typo correction.
        match = " ".join(f'"{w}"*' if text == "krip" else f'"{w}"' for w in text.split())
        results[text] = _limit_timing("FTS5", runs, page, count, match)
    return results


def postgresql_limit(runs: int) -> dict:
    """The same words through PostgreSQL full-text search ('simple' config, GIN), queried directly."""
    if not _table_exists("bench_catalog_fts"):
        _build_limit_index(
            [
                "CREATE TABLE bench_catalog_fts AS SELECT produk_id, to_tsvector('simple', name || ' ' ||"
                " usaha_name || ' ' || kecamatan_name || ' ' || desa_name) AS doc FROM market_catalogentry",
                "CREATE INDEX bench_catalog_fts_doc ON bench_catalog_fts USING gin (doc)",
                "ANALYZE bench_catalog_fts",
            ]
        )
    results = {}
    for text in SEARCHES:
        # 'simple' keeps words as written (a prefix for the half word): no variants, no typo correction.
        query = "to_tsquery('simple', %s)" if text == "krip" else "plainto_tsquery('simple', %s)"
        words = "krip:*" if text == "krip" else text
        page = (
            f"SELECT produk_id FROM bench_catalog_fts WHERE doc @@ {query}"  # noqa: S608
            f" ORDER BY ts_rank(doc, {query}) DESC LIMIT 24"
        )
        count = f"SELECT count(*) FROM (SELECT 1 FROM bench_catalog_fts WHERE doc @@ {query} LIMIT %s) AS m"  # noqa: S608
        results[text] = _limit_timing("PostgreSQL FTS", runs, page, count, words)
    return results


def run(size: int, runs: int, seconds: float, engine: str) -> dict:
    from django.db import connection

    from simpul.market.models import CatalogEntry, CatalogTerm, CatalogWord

    generate(size)
    entry = CatalogEntry.objects.order_by("pk").first()
    kecamatan = entry.kecamatan_id if entry else ""
    payload = {
        "products": CatalogEntry.objects.count(),
        "terms": CatalogTerm.objects.count(),
        "words": CatalogWord.objects.count(),
        "engine": connection.vendor,
        "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
        "load_average_before": round(os.getloadavg()[0], 2),
    }
    _log(
        f"  {payload['products']} products, {payload['terms']} terms, {payload['words']} words on {payload['engine']}"
    )
    payload["pages"] = measure_pages(runs, kecamatan)
    payload["search"] = measure_search(runs)
    payload["throughput"] = [throughput(seconds, 1, kecamatan), throughput(seconds, CONCURRENCY, kecamatan)]
    if connection.vendor == "postgresql":
        payload["limit"] = {"name": "PostgreSQL full-text (GIN, 'simple')", "search": postgresql_limit(runs)}
    else:
        payload["limit"] = {"name": "SQLite FTS5", "search": fts5_limit(runs)}
    payload["load_average_after"] = round(os.getloadavg()[0], 2)
    return payload


#: Why a page may be slow and what would make it quicker, shown when it misses the target.
WHY_SLOW = {
    "typo": "A typo costs a comparison of the word with every catalog word of about its length and "
    "first letter (rapidfuzz over a few thousand words) before the corrected word is searched; a "
    "trigram index of the vocabulary (pg_trgm on PostgreSQL) would compare only near words.",
    "two words": "The page itself is read in the rarest word's index order a batch at a time and stops "
    "once provably complete; what remains is counting the matches up to 2.401, one probe of the other "
    "word per product of the rarest (PostgreSQL plans it as a hash semi-join over every row of the "
    "commoner word, since it cannot know that two words go together: 15–30 ms). Counting to a lower "
    "cap, or caching the counts of frequent queries, would close it.",
    "filters only": "Filters without words walk the listing order until 2.401 products pass them, to "
    "count them; the rarer the filter combination, the more rows are read. A smaller count cap, or "
    "an index per frequent combination, would close it.",
    "price range": "As for filters only: the listing order is walked until 2.401 products fall in "
    "the range (the index carries price and supply, so rows are read only for the page).",
}


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _shared(data: dict) -> bool:
    """Whether other work kept the cores busy while this ran (load average above the core count)."""
    load = max(data.get("load_average_before", 0), data.get("load_average_after", 0))
    return load > data["machine"]["cpu_count"]


def _missed(data: dict, key: str) -> dict[str, float]:
    return {label: row[key] for label, row in data["pages"].items() if row.get(key, 0) >= TARGET_P95_MS}


def _cpu_counts_all(data: dict) -> bool:
    """Whether the CPU figures cover the whole request (SQLite, or PostgreSQL with its server's share)."""
    has_cpu = "cpu_p95_ms" in next(iter(data["pages"].values()))
    return has_cpu and (data["engine"] == "sqlite" or bool(data.get("conn_max_age")))


def _verdict(data: dict) -> list[str]:
    size = data["products"]
    missed = _missed(data, "p95_ms")
    worst = max(data["pages"].items(), key=lambda item: item[1]["p95_ms"])
    if not missed:
        return [
            f"**Target met**: every page of the mix has a p95 under {TARGET_P95_MS} ms at {_number(size)} "
            f"products (slowest: {worst[0]}, {worst[1]['p95_ms']} ms)."
        ]
    scale = (
        "" if size >= 1_000_000 else f" (the target is for 1.000.000 products; this run has {_number(size)})"
    )
    lines = [f"**Target missed** on wall-clock time{scale}:", ""]
    by_cpu = _cpu_counts_all(data) and _shared(data)
    for label, p95 in missed.items():
        cpu = data["pages"][label].get("cpu_p95_ms", TARGET_P95_MS)
        why = (
            f"(CPU p95 {cpu} ms: the rest is mostly waiting for a core.)"
            if by_cpu and cpu < TARGET_P95_MS
            else ""
        )
        lines.append(
            f"- {label}: p95 {p95} ms, {p95 - TARGET_P95_MS:.1f} ms over. {why or WHY_SLOW.get(label, '')}"
        )
    if _shared(data):
        lines += ["", *_on_cpu(data)]
    return [line.rstrip() for line in lines]


def _on_cpu(data: dict) -> list[str]:
    """What the run says despite a busy machine: the CPU time of each request."""
    cores, load = data["machine"]["cpu_count"], data.get("load_average_before")
    text = (
        f"The machine was shared while this ran (load average {load} on {cores} cores, other work "
        "included), so every wall-clock figure includes waiting for a core. "
    )
    if not _cpu_counts_all(data):
        return [text + "Run it again on an idle machine to judge the target."]
    over = _missed(data, "cpu_p95_ms")
    if not over:
        return [
            text + "The CPU time of each request (the application and the database together: what an idle "
            f"machine would take, less any disk wait) has a p95 under {TARGET_P95_MS} ms on every page: "
            "the target is met on CPU time and missed only for want of a free core."
        ]
    pages = ", ".join(f"{label} ({p95} ms)" for label, p95 in over.items())
    return [text + f"On CPU time (application and database together) these pages still miss: {pages}."]


def _load(data: dict) -> str:
    if "load_average_before" not in data:
        return ""
    return f" · load average {data['load_average_before']} before, {data['load_average_after']} after"


def _cpu(row: dict) -> str:
    return f" {row['cpu_median_ms']} | {row['cpu_p95_ms']} |" if "cpu_p95_ms" in row else " – | – |"


def _limit_table(data: dict) -> list[str]:
    limit = data.get("limit") or {}
    if not limit:
        return []
    lines = [
        "",
        f"Search alone (`search.run` to a counted first page of 24) against the limit, {limit['name']} "
        "queried directly (a first page by the engine's rank and a count capped at 2.401; words as "
        "written: no spelling variants, no typo correction, no filters). Times in ms:",
        "",
        "| words | search median | search p95 | search CPU p95 | limit median | limit p95 | limit CPU p95 "
        "| limit matches |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for text, ours in data["search"].items():
        theirs = limit["search"].get(text, {})
        matches = _number(theirs["matches"]) if "matches" in theirs else "–"
        lines.append(
            f"| {text} | {ours['median_ms']} | {ours['p95_ms']} | {ours.get('cpu_p95_ms', '–')} "
            f"| {theirs.get('median_ms', '–')} | {theirs.get('p95_ms', '–')} | {theirs.get('cpu_p95_ms', '–')} "
            f"| {matches} |"
        )
    lines += ["", *_limit_words(data)]
    return lines


def _limit_words(data: dict) -> list[str]:
    ours = sum(row["median_ms"] for row in data["search"].values())
    theirs = sum(row.get("median_ms", 0) for row in data["limit"]["search"].values())
    if not theirs:
        return []
    ratio = ours / theirs
    return [
        f"Over the eight searches the catalog search takes {ratio:.1f}× the time of the engine's own "
        "full-text index (sum of medians). The limit ranks every match to find its first page, so a "
        "common word costs it in proportion to its matches; the catalog reads its term index in rank "
        "order and stops after the page, which is why it can beat the limit on common words while "
        "also doing spelling variants, word forms and typo correction."
    ]


def report(data: dict) -> str:
    """The catalog-search section of docs/benchmarks.md."""
    machine = data["machine"]
    terms = f"{_number(data['terms'])} search terms, {_number(data['words'])} words"
    lines = [
        f"## Catalog search — {_number(data['products'])} products on {data['engine']}",
        "",
        f"{machine['date']} · Python {machine['python']} · {machine['cpu_count']} cores · {machine['platform']}"
        + _load(data),
        "",
        f"`python -m bench.catalog_search`: {terms}; pages as an anonymous visitor through Django's test "
        f"client. Target: p95 under {TARGET_P95_MS} ms at 1.000.000 products. CPU is the processor time "
        "a request used: the measuring thread (on SQLite the whole request) plus, on PostgreSQL, its "
        "server process.",
        "",
        "| query | URL | median (ms) | p95 (ms) | CPU median (ms) | CPU p95 (ms) | queries |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, row in data["pages"].items():
        lines.append(
            f"| {label} | `{row['url']}` | {row['median_ms']} | {row['p95_ms']} |{_cpu(row)} {row['queries']} |"
        )
    lines += _limit_table(data)
    lines += ["", "Pages per second over the whole mix:", ""]
    for run in data.get("throughput", []):
        load = f", load average {run['load_average']}" if "load_average" in run else ""
        lines.append(
            f"- {run['threads']} thread(s): **{run['pages_per_second']} pages/s** "
            f"({run['pages']} pages, {run['errors']} errors{load})"
        )
    lines += ["", *_verdict(data)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Catalog search bench")
    parser.add_argument("--size", type=int, default=1_000_000, help="published products")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="duration of each throughput run")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    # The API page of the mix would otherwise hit the anonymous rate limit.
    os.environ.setdefault("API_RATE_ANON", "1000000/minute")
    if args.engine == "postgresql":
        # A server deployment keeps connections open (docs/configuration.md); it also lets the
        # bench read the CPU time of the connection's server process.
        os.environ.setdefault("DB_CONN_MAX_AGE", "600")
    use_database(f"catalog-{args.size}", args.engine)
    payload = run(args.size, args.runs, args.seconds, args.engine)
    print("wrote", write(f"catalog-search-{args.engine}-{args.size}", payload, "bench.catalog_search"))


if __name__ == "__main__":
    main()
