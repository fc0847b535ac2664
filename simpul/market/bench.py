"""Catalog search at scale: latency per query and pages per second, at up to a million products.

    python -m simpul.market.bench --size 1000000 --runs 20 --seconds 20 --concurrency 4

Builds (once, kept under var/) a database of `size` published products from
`size/2` businesses spread over a province's desa — product names with the
spelling variants real data has ("keripik"/"kripik"), certificates, prices —
and the catalog index (`catalog.rebuild`). Then it measures, through
Django's test client as an anonymous visitor:

- each catalog page of a typical query mix: median and p95 latency, and the
  number of SQL queries (which must not grow with the data);
- the search alone (`search.run` to a first page of 24), without rendering;
- pages per second over the mix, one client and `concurrency` threads;
- on SQLite, the same words through an FTS5 index queried directly (the
  limit: no spelling variants, no typo correction, no filters).

It writes JSON (to --out, by default var/bench-catalog-search-<size>.json) in
the layout of bench/results, for bench/report.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

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


def _setup(size: int) -> None:
    """Point Django at the bench database (BENCH_DATABASE_URL, or SQLite under var/)."""
    url = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / f'bench-catalog-{size}.sqlite3'}"
    )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["SIMPUL_DEMO"] = "0"
    os.environ.setdefault("API_RATE_ANON", "1000000/minute")
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()


def _log(text: str) -> None:
    print(text, flush=True)


def generate(size: int, region: str = "35", seed: int = 11) -> None:
    """`size` catalog products of `size // 2` businesses; bulk inserts, then one catalog rebuild."""
    from django.core.management import call_command

    from simpul.classifications.models import Kbli
    from simpul.market import catalog
    from simpul.market.models import CatalogEntry
    from simpul.regions.models import Region
    from simpul.registry.models import Kepemilikan, Legalitas, Pelaku, Produk, Usaha

    call_command("migrate", "--noinput", verbosity=0)
    if not Region.objects.filter(code=region).exists():
        call_command("load_regions")
        call_command("load_classifications")
    if CatalogEntry.objects.count() >= size:
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
    started = time.monotonic()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 30:
            last[0] = time.monotonic()
            _log(f"  catalog {done}/{total}, {time.monotonic() - started:.0f} s")

    catalog.rebuild(progress)
    _log(f"  catalog built in {time.monotonic() - started:.0f} s")


def timed(func: Callable[[], object], runs: int) -> dict:
    """Median and p95 of `runs` calls in milliseconds, after one warm-up call."""
    func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"median_ms": round(statistics.median(samples), 1), "p95_ms": round(p95, 1), "runs": runs}


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
        timing = timed(lambda url=url: client.get(url), runs)
        results[label] = {"url": url, "queries": count, **timing}
        _log(
            f"  {label:<18} median {timing['median_ms']:>7} ms  p95 {timing['p95_ms']:>7} ms  {count} queries"
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

        timing = timed(once, runs)
        results[text] = timing
        _log(f"  search {text!r:<20} median {timing['median_ms']:>7} ms  p95 {timing['p95_ms']:>7} ms")
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
    _log(f"  {threads} client(s): {rate} pages/s ({sum(done)} pages, {sum(errors)} errors)")
    return {"threads": threads, "pages": sum(done), "errors": sum(errors), "pages_per_second": rate}


def fts5_limit(runs: int) -> dict | None:
    """The same words through SQLite FTS5 over name, maker and place, queried directly."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bench_catalog_fts'")
        if not cursor.fetchone()[0]:
            started = time.monotonic()
            cursor.execute(
                "CREATE VIRTUAL TABLE bench_catalog_fts USING fts5(name, maker, place, content='market_catalogentry',"
                " content_rowid='produk_id')"
            )
            cursor.execute(
                "INSERT INTO bench_catalog_fts(rowid, name, maker, place) SELECT produk_id, name, usaha_name,"
                " kecamatan_name || ' ' || desa_name FROM market_catalogentry"
            )
            connection.commit() if not connection.get_autocommit() else None
            _log(f"  FTS5 index built in {time.monotonic() - started:.0f} s")
    results = {}
    for text in SEARCHES:
        # FTS5 matches words as written (a prefix for the half word): no variants, no typo correction.
        match = " ".join(f'"{w}"*' if text == "krip" else f'"{w}"' for w in text.split())

        def once(match: str = match) -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT rowid FROM bench_catalog_fts WHERE bench_catalog_fts MATCH %s ORDER BY rank LIMIT 24",
                    [match],
                )
                cursor.fetchall()
                cursor.execute(
                    "SELECT count(*) FROM bench_catalog_fts WHERE bench_catalog_fts MATCH %s", [match]
                )
                cursor.fetchone()

        timing = timed(once, runs)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM bench_catalog_fts WHERE bench_catalog_fts MATCH %s", [match])
            timing["matches"] = cursor.fetchone()[0]
        results[text] = timing
        _log(
            f"  FTS5 {text!r:<22} median {timing['median_ms']:>7} ms  p95 {timing['p95_ms']:>7} ms  {timing['matches']} matches"
        )
    return results


def run(size: int, runs: int, seconds: float, concurrency: int) -> dict:
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
    }
    _log(
        f"  {payload['products']} products, {payload['terms']} terms, {payload['words']} words on {payload['engine']}"
    )
    payload["pages"] = measure_pages(runs, kecamatan)
    payload["search"] = measure_search(runs)
    payload["throughput"] = [throughput(seconds, 1, kecamatan), throughput(seconds, concurrency, kecamatan)]
    payload["fts5_limit"] = fts5_limit(runs)
    return payload


def machine() -> dict:
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
    }


def report(data: dict) -> str:
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


def main() -> int:
    parser = argparse.ArgumentParser(description="Catalog search bench")
    parser.add_argument("--size", type=int, default=1_000_000, help="published products")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="duration of each throughput run")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    _setup(args.size)
    payload = {"machine": machine(), **run(args.size, args.runs, args.seconds, args.concurrency)}
    out = args.out or ROOT / "var" / f"bench-catalog-search-{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    _log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
