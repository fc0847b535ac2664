"""Demo data: partners, two associations, programs of every kind over three years, and constraint cases.

Runs after the registry's seeder (order 20) and draws everything from the
shared seeded generator, so the demo is the same for the same seed. The demo
"mitra" account answers for the bank, the demo "asosiasi" account manages the
first association.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from simpul.accounts.models import User
from simpul.classifications.models import CommodityGroup
from simpul.core.demo import DemoContext, seeder
from simpul.programs import eligibility
from simpul.programs.models import (
    AnggotaAsosiasi,
    Asosiasi,
    Kegiatan,
    Kendala,
    Mitra,
    MitraUser,
    Partisipasi,
    PengurusAsosiasi,
    PermohonanAnggota,
    Program,
    TanggapanKendala,
)
from simpul.regions.models import Region
from simpul.registry import completeness
from simpul.registry.models import Legalitas, Usaha

Kind = Program.Kind
Status = Partisipasi.Status

#: (key, name, kind, services); names get the region's name appended.
PARTNERS = [
    ("bank", "Bank Jatim Cabang", Mitra.Kind.BANK, "KUR dan kredit modal kerja untuk IKM."),
    ("bri", "BRI Unit", Mitra.Kind.BANK, "KUR mikro dan kecil, pendampingan keuangan."),
    ("pdam", "PDAM Tirta", Mitra.Kind.PDAM, "Sambungan dan debit air bersih untuk produksi."),
    ("pln", "PLN UP3", Mitra.Kind.PLN, "Tambah daya dan sambungan baru untuk usaha."),
    ("bea_cukai", "Bea Cukai", Mitra.Kind.BEA_CUKAI, "Klinik ekspor, fasilitas KITE IKM, dokumen ekspor."),
    ("bpn", "Kantor Pertanahan", Mitra.Kind.BPN, "Sertifikasi tanah tempat usaha."),
    ("csr", "CSR Industri Semen", Mitra.Kind.CSR, "Bantuan alat dan pelatihan dari dana CSR."),
    (
        "kampus",
        "Universitas Negeri",
        Mitra.Kind.UNIVERSITAS,
        "Teknologi tepat guna, desain kemasan, uji produk.",
    ),
    ("travel", "ASITA", Mitra.Kind.TRAVEL, "Paket kunjungan wisata ke sentra dan kawasan."),
]

#: The partner that usually solves each kind of constraint.
ROUTE = {
    Kendala.Kind.PERMODALAN: ("bank", "bri"),
    Kendala.Kind.PEMASARAN: ("travel", "csr", "kampus"),
    Kendala.Kind.BAHAN_BAKU: ("csr",),
    Kendala.Kind.SDM: ("kampus",),
    Kendala.Kind.TEKNOLOGI: ("kampus", "csr"),
    Kendala.Kind.PERIZINAN: ("kampus",),
    Kendala.Kind.AIR: ("pdam",),
    Kendala.Kind.LISTRIK: ("pln",),
    Kendala.Kind.LAHAN: ("bpn",),
    Kendala.Kind.EKSPOR: ("bea_cukai",),
    Kendala.Kind.LAINNYA: ("csr",),
}

PROBLEMS = {
    Kendala.Kind.PERMODALAN: [
        "Butuh modal kerja untuk membeli bahan baku menjelang Lebaran.",
        "Pengajuan KUR belum diproses.",
    ],
    Kendala.Kind.PEMASARAN: [
        "Penjualan turun; belum punya toko daring.",
        "Ingin produk masuk toko oleh-oleh dan hotel.",
    ],
    Kendala.Kind.BAHAN_BAKU: ["Harga bahan baku naik dan pasokan tidak menentu."],
    Kendala.Kind.SDM: ["Sulit mendapat tenaga kerja terampil untuk produksi."],
    Kendala.Kind.TEKNOLOGI: ["Mesin produksi sering rusak; perlu alat yang lebih efisien."],
    Kendala.Kind.PERIZINAN: ["Belum memahami cara mengurus sertifikat halal dan PIRT."],
    Kendala.Kind.AIR: ["Debit air PDAM kecil sehingga produksi berhenti siang hari."],
    Kendala.Kind.LISTRIK: ["Daya listrik 900 VA tidak cukup untuk mesin baru."],
    Kendala.Kind.LAHAN: ["Tempat usaha belum bersertifikat sehingga tidak bisa dijadikan agunan."],
    Kendala.Kind.EKSPOR: ["Ada pembeli dari Malaysia tetapi belum paham dokumen ekspor."],
    Kendala.Kind.LAINNYA: ["Jalan akses ke tempat usaha rusak saat musim hujan."],
}
ANSWERS = {
    Kendala.Status.DIPROSES: "Sudah kami hubungi; survei lapangan dijadwalkan minggu depan.",
    Kendala.Status.SELESAI: "Sudah ditangani dan dikonfirmasi pelaku usaha.",
    Kendala.Status.DITOLAK: "Belum dapat dibantu: persyaratan belum terpenuhi, silakan ajukan kembali.",
}

#: kind → (name pattern, budget range in millions, funding, eligible KBLI divisions, quota)
PROGRAMS = {
    Kind.BIMTEK: ("Bimtek Wirausaha Baru (WUB)", (60, 150), Program.Funding.APBD, [], 25),
    Kind.BANTUAN_ALAT: ("Bantuan Alat Produksi IKM", (150, 400), Program.Funding.DAK, [], 15),
    Kind.SERTIFIKASI: ("Fasilitasi Sertifikasi", (50, 120), Program.Funding.APBD, ["10", "11"], 20),
    Kind.KEMASAN: ("Klinik Kemasan dan Desain Produk", (40, 90), Program.Funding.APBD, ["10", "11"], 15),
    Kind.PAMERAN: (
        "Pameran Produk Unggulan",
        (80, 250),
        Program.Funding.APBD,
        ["13", "15", "16", "31", "32"],
        10,
    ),
    Kind.KURASI: ("Kurasi Produk untuk E-Katalog", (20, 50), Program.Funding.APBD, [], 20),
    Kind.PERMODALAN: ("Fasilitasi KUR bersama Bank", (10, 30), Program.Funding.LAINNYA, [], 20),
    Kind.TEMU_BISNIS: ("Temu Bisnis IKM dan Pembeli", (30, 80), Program.Funding.APBD, [], 15),
    Kind.PENDAMPINGAN: ("Pendampingan Manajemen Usaha", (30, 70), Program.Funding.APBN, [], 15),
}
CERTIFICATES_BY_YEAR = [Legalitas.Kind.HALAL, Legalitas.Kind.PIRT, Legalitas.Kind.HKI]
EQUIPMENT = [
    "Mesin spinner peniris minyak",
    "Mesin pengemas vakum",
    "Oven pengering",
    "Mesin jahit high speed",
    "Alat potong kayu",
]
EXHIBITIONS = [
    ("Jakarta", "Indonesia", Kegiatan.Scope.NASIONAL),
    ("Surabaya", "Indonesia", Kegiatan.Scope.NASIONAL),
    ("Kuala Lumpur", "Malaysia", Kegiatan.Scope.INTERNASIONAL),
]


#: At most this many constraint cases, whatever the size of the registry (one in 25 businesses below it).
MAX_CASES = 2000


def _local(context: DemoContext):
    """Businesses of the demo's focus kabupaten: programs touch these, never the whole registry."""
    return Usaha.objects.filter(kecamatan__code__startswith=f"{context.focus}.")


def _users() -> dict[str, User | None]:
    return {
        name: User.objects.filter(username=name).first() for name in ("petugas", "mitra", "asosiasi", "admin")
    }


def _region_name(context: DemoContext) -> str:
    region = Region.objects.filter(code=context.focus).first()
    return region.name if region else ""


@seeder(40, "mitra dan asosiasi")
def seed_partners(context: DemoContext) -> None:
    if context.ikm <= 0 or Mitra.objects.exists():
        return
    rng = context.rng
    place = _region_name(context)
    users = _users()
    partners = {}
    for key, name, kind, services in PARTNERS:
        partners[key] = Mitra.objects.create(
            name=f"{name} {place}".strip(),
            kind=kind,
            services=services,
            contact_person=context.faker.name(),
            phone="+62"
            + rng.choice(["812", "813", "857"])
            + "".join(str(rng.randint(0, 9)) for _ in range(8)),
            email=f"{key}@mitra.example.id",
        )
    if users["mitra"]:
        MitraUser.objects.create(mitra=partners["bank"], user=users["mitra"])

    active = list(
        _local(context)
        .filter(status=Usaha.Status.AKTIF, archived_at=None)
        .order_by("pk")
        .values_list("pk", "kbli_id", "kecamatan_id")
    )
    if not active:
        return
    first_kecamatan = Region.objects.filter(code=active[0][2]).first()
    main = Asosiasi.objects.create(
        name=f"Asosiasi IKM {place}".strip(),
        kind=Asosiasi.Kind.ASOSIASI,
        chairperson=context.faker.name(),
        founded_year=2015,
        description="Wadah pelaku IKM se-kabupaten; menghimpun dan memperbarui data anggota.",
    )
    wub = Asosiasi.objects.create(
        name=f"Kelompok WUB {first_kecamatan.name if first_kecamatan else place}".strip(),
        kind=Asosiasi.Kind.WUB,
        chairperson=context.faker.name(),
        founded_year=timezone.localdate().year - 1,
        description="Kelompok wirausaha baru binaan dinas.",
    )
    main_members = rng.sample(active, k=min(len(active), max(5, len(active) // 40)))
    local = [row for row in active if first_kecamatan and row[2] == first_kecamatan.code] or active
    wub_members = rng.sample(local, k=min(len(local), 12))
    AnggotaAsosiasi.objects.bulk_create(
        [AnggotaAsosiasi(asosiasi=main, usaha_id=row[0]) for row in main_members]
        + [AnggotaAsosiasi(asosiasi=wub, usaha_id=row[0]) for row in wub_members]
    )
    if users["asosiasi"]:
        PengurusAsosiasi.objects.create(asosiasi=main, user=users["asosiasi"], position="Sekretaris")
        outsider = next((row for row in active if row not in main_members), None)
        if outsider:
            PermohonanAnggota.objects.create(
                asosiasi=main,
                usaha_id=outsider[0],
                note="Anggota baru dari pameran.",
                requested_by=users["asosiasi"],
            )
    context.log(f"  {len(partners)} mitra, 2 asosiasi ({len(main_members)} + {len(wub_members)} anggota)")


@seeder(41, "program, kegiatan, partisipasi dan hasilnya")
def seed_programs(context: DemoContext) -> None:
    if context.ikm <= 0 or Program.objects.exists() or not _local(context).exists():
        return
    users = _users()
    partners = {m.kind: m for m in Mitra.objects.order_by("pk")}
    main = Asosiasi.objects.order_by("pk").first()
    members = set(main.anggota.values_list("usaha_id", flat=True)) if main else set()
    this_year = timezone.localdate().year
    counts = {"program": 0, "partisipasi": 0, "legalitas": 0}
    for offset, year in enumerate(range(this_year - 2, this_year + 1)):
        for kind, spec in PROGRAMS.items():
            program = _program(context, kind, spec, year, offset, partners)
            kegiatan = _activities(context, program, year)
            created, legal = _participants(
                context, program, kegiatan, year == this_year, users, main, members, _local(context)
            )
            counts["program"] += 1
            counts["partisipasi"] += created
            counts["legalitas"] += legal
    context.log(
        f"  {counts['program']} program, {counts['partisipasi']} partisipasi, {counts['legalitas']} sertifikat"
    )


def _program(context: DemoContext, kind: str, spec, year: int, offset: int, partners: dict) -> Program:
    rng = context.rng
    name, (low, high), funding, divisions, quota = spec
    this_year = timezone.localdate().year
    certificate = CERTIFICATES_BY_YEAR[offset % 3] if kind == Kind.SERTIFIKASI else ""
    if certificate:
        name = f"{name} {Legalitas.Kind(certificate).label}"
        # Halal and PIRT are for food and drink; a trademark (HKI) for anyone.
        divisions = divisions if certificate != Legalitas.Kind.HKI else []
    if year < this_year:
        status = Program.Status.SELESAI
    else:
        status = Program.Status.BERJALAN if rng.random() < 0.6 else Program.Status.RENCANA
    program = Program.objects.create(
        name=name,
        kind=kind,
        certificate_kind=certificate,
        year=year,
        funding=funding,
        budget=Decimal(rng.randint(low, high) * 1_000_000),
        organiser=Program.Organiser.MITRA if kind == Kind.PERMODALAN else Program.Organiser.DINAS,
        organiser_name="" if kind != Kind.PERMODALAN else str(partners[Mitra.Kind.BANK]),
        mitra=partners.get(Mitra.Kind.BANK) if kind == Kind.PERMODALAN else None,
        quota=quota,
        status=status,
        description=f"{name} tahun {year}.",
        eligible_scales=[Usaha.Scale.KECIL] if kind in (Kind.BANTUAN_ALAT, Kind.PERMODALAN) else [],
        no_repeat_years=3 if kind in (Kind.BANTUAN_ALAT, Kind.SERTIFIKASI) else None,
    )
    if divisions:
        program.eligible_kbli.set(divisions)
    if kind == Kind.PAMERAN:
        program.eligible_groups.set(CommodityGroup.objects.filter(slug__in=["kerajinan", "sandang-kulit"]))
    return program


def _activities(context: DemoContext, program: Program, year: int) -> list[Kegiatan]:
    rng = context.rng
    count = 2 if program.kind in (Kind.BIMTEK, Kind.PAMERAN) else 1
    rows = []
    for n in range(count):
        start = date(year, rng.randint(3, 10), rng.randint(1, 25))
        city, country, scope = ("", "Indonesia", "")
        if program.kind == Kind.PAMERAN:
            city, country, scope = EXHIBITIONS[(n + year) % len(EXHIBITIONS)]
        rows.append(
            Kegiatan.objects.create(
                program=program,
                name=f"{program.get_kind_display().split(' (')[0]} angkatan {n + 1}"
                if count > 1
                else program.name,
                start_date=start,
                end_date=start + timedelta(days=rng.randint(0, 3)),
                place="Aula Dinas Perindustrian" if program.kind != Kind.PAMERAN else "Gedung Pameran",
                city=city,
                country=country,
                scope=scope,
            )
        )
    return rows


def _status_for(context: DemoContext, program: Program, current: bool) -> str:
    rng = context.rng
    if not current:
        return rng.choices([Status.SELESAI, Status.HADIR, Status.DITOLAK], weights=[80, 10, 10])[0]
    if program.status == Program.Status.RENCANA:
        return rng.choice([Status.DIUSULKAN, Status.TERPILIH])
    return rng.choices(
        [Status.DIUSULKAN, Status.TERPILIH, Status.HADIR, Status.SELESAI], weights=[25, 25, 25, 25]
    )[0]


def _participants(context, program, kegiatan, current, users, asosiasi, members, local) -> tuple[int, int]:
    rng = context.rng
    candidates = list(eligibility.eligible(program, local).order_by("pk").values_list("pk", flat=True)[:400])
    chosen = rng.sample(candidates, k=min(len(candidates), program.quota or 10))
    now = timezone.now()
    rows = []
    for index, usaha_id in enumerate(chosen):
        status = _status_for(context, program, current)
        via = asosiasi if usaha_id in members and rng.random() < 0.5 else None
        row = Partisipasi(
            program=program,
            kegiatan=kegiatan[index % len(kegiatan)],
            usaha_id=usaha_id,
            status=status,
            proposed_by=users["asosiasi"] if via else users["petugas"],
            via_asosiasi=via,
            status_changed_at=now,
            completed_at=now if status == Status.SELESAI else None,
        )
        if status == Status.SELESAI:
            _outcome(context, program, row)
        rows.append(row)
    Partisipasi.objects.bulk_create(rows)
    return len(rows), _certificates(program, rows)


def _outcome(context: DemoContext, program: Program, row: Partisipasi) -> None:
    rng = context.rng
    kind = program.kind
    if kind == Kind.SERTIFIKASI:
        row.certificate_kind = program.certificate_kind
        row.certificate_number = (
            f"{program.certificate_kind.upper()}-{program.year}-{rng.randint(10000, 99999)}"
        )
        row.certificate_issuer = {"halal": "BPJPH", "pirt": "Dinas Kesehatan", "hki": "DJKI"}.get(
            program.certificate_kind, ""
        )
        row.certificate_issued_on = date(program.year, rng.randint(6, 12), rng.randint(1, 28))
    elif kind == Kind.BANTUAN_ALAT:
        row.equipment = rng.choice(EQUIPMENT)
        row.equipment_value = Decimal(rng.randint(5, 40) * 1_000_000)
    elif kind in (Kind.PAMERAN, Kind.TEMU_BISNIS, Kind.KURASI):
        row.sales_value = Decimal(rng.randint(0, 60) * 500_000)
        row.leads = rng.randint(0, 25)
    elif kind == Kind.PERMODALAN and rng.random() < 0.7:
        row.loan_amount = Decimal(rng.choice([10, 25, 50, 100]) * 1_000_000)
        row.loan_bank = str(program.mitra or "")
    if rng.random() < 0.3:
        row.followup_on = date(program.year, 12, rng.randint(1, 20))
        row.followup_notes = "Usaha berjalan; hasil program dimanfaatkan."


def _certificates(program: Program, rows: list[Partisipasi]) -> int:
    """Completed certifications become legality records of the business, linked back."""
    done = [r for r in rows if r.status == Status.SELESAI and r.certificate_number]
    legal = [
        Legalitas(
            usaha_id=r.usaha_id,
            kind=r.certificate_kind,
            number=r.certificate_number,
            issuer=r.certificate_issuer,
            issued_on=r.certificate_issued_on,
        )
        for r in done
    ]
    Legalitas.objects.bulk_create(legal)
    for row, record in zip(done, legal, strict=True):
        row.legalitas = record
    Partisipasi.objects.bulk_update(done, ["legalitas"])
    # bulk_create sends no signals: a first certificate raises the business's completeness.
    completeness.refresh_many(Usaha.objects.filter(pk__in={r.usaha_id for r in done}))
    return len(done)


@seeder(42, "kendala dan tanggapan mitra")
def seed_kendala(context: DemoContext) -> None:
    if context.ikm <= 0 or Kendala.objects.exists():
        return
    rng = context.rng
    users = _users()
    partners = {key: Mitra.objects.filter(name__startswith=name).first() for key, name, _k, _s in PARTNERS}
    usaha = list(
        _local(context)
        .filter(status=Usaha.Status.AKTIF, archived_at=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not usaha or not all(partners.values()):
        return
    kinds = list(PROBLEMS)
    weights = [20, 25, 8, 5, 8, 8, 6, 6, 4, 6, 4]
    now = timezone.now()
    cases, thread = [], []
    for _n in range(min(MAX_CASES, max(12, context.ikm // 25))):
        kind = rng.choices(kinds, weights=weights)[0]
        age = rng.randint(1, 200)
        created = now - timedelta(days=age, hours=rng.randint(0, 23))
        routed = rng.random() < 0.75
        mitra = partners[rng.choice(ROUTE[kind])] if routed else None
        status = Kendala.Status.TERBUKA
        if routed:
            status = rng.choices(list(Kendala.Status.values), weights=[25, 30, 35, 10])[0]
        closed = created + timedelta(days=rng.randint(1, age)) if status in Kendala.CLOSED_STATUSES else None
        case = Kendala(
            usaha_id=rng.choice(usaha),
            kind=kind,
            description=rng.choice(PROBLEMS[kind]),
            severity=rng.choice(list(Kendala.Severity.values)),
            status=status,
            mitra=mitra,
            routed_at=created + timedelta(days=1) if routed else None,
            routed_by=users["petugas"] if routed else None,
            reported_by=users["petugas"],
            closed_at=closed,
        )
        cases.append((case, created))
    _ensure_bank_cases(cases, partners["bank"])
    Kendala.objects.bulk_create([c for c, _created in cases])
    for case, created in cases:
        case.created_at = created
        if case.mitra:
            thread.append(
                _message(
                    case,
                    users["petugas"],
                    f"Diteruskan ke {case.mitra.name}.",
                    "",
                    "",
                    created + timedelta(days=1),
                )
            )
        if case.status != Kendala.Status.TERBUKA:
            author = users["mitra"] if case.mitra and case.mitra.kind == Mitra.Kind.BANK else users["petugas"]
            when = case.closed_at or created + timedelta(days=2)
            thread.append(
                _message(case, author, ANSWERS[case.status], Kendala.Status.TERBUKA, case.status, when)
            )
    Kendala.objects.bulk_update([c for c, _created in cases], ["created_at"])
    TanggapanKendala.objects.bulk_create([t for t, _when in thread])
    for message, when in thread:
        message.created_at = when
    TanggapanKendala.objects.bulk_update([t for t, _when in thread], ["created_at"])
    open_count = sum(1 for c, _ in cases if c.is_open)
    context.log(f"  {len(cases)} kendala ({open_count} terbuka), {len(thread)} tanggapan")


def _ensure_bank_cases(cases: list, bank: Mitra) -> None:
    """The demo partner account always has an open case and a resolved one to show."""
    capital = [c for c, _created in cases if c.kind == Kendala.Kind.PERMODALAN]
    for case, status in zip(capital[:2], (Kendala.Status.TERBUKA, Kendala.Status.SELESAI), strict=False):
        case.mitra = bank
        case.status = status
        case.routed_at = case.routed_at or timezone.now() - timedelta(days=3)
        case.routed_by = case.routed_by or case.reported_by
        case.closed_at = timezone.now() - timedelta(days=1) if status == Kendala.Status.SELESAI else None


def _message(case, author, body, status_from, status_to, when) -> tuple[TanggapanKendala, object]:
    return (
        TanggapanKendala(
            kendala=case, author=author, body=body, status_from=status_from, status_to=status_to
        ),
        when,
    )
