"""Reports of the dashboard and of saved runs: an XLSX workbook and a PDF, made as background jobs.

Both formats carry the same tables. The PDF adds the charts (drawn from the
same geometry as the page, see charts.py), an explanation of the methods and
data sources, the date and who produced it. The PDF uses reportlab's
platypus; reportlab is imported only when a PDF is made, so everything else
works without it (`pdf_available()`).

Jobs: `start_report(user, subject, fmt, ...)` queues a `analytics.laporan`
job; the worker builds the file into `Job.output` with progress, and the
report page offers it for download to the user who asked for it.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from simpul.analytics import charts, dashboard, explain, formatting
from simpul.analytics.criteria import CRITERIA
from simpul.analytics.models import AnalysisRun
from simpul.core import jobs
from simpul.core.export import neutralise
from simpul.core.models import Job

JOB_KIND = "analytics.laporan"
FORMATS = ("xlsx", "pdf")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_available() -> bool:
    """Whether reportlab is installed (PDF reports need it)."""
    return importlib.util.find_spec("reportlab") is not None


def _author(user) -> str:
    if user is None:
        return "—"
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return name or user.get_username()


def _stamp() -> str:
    return timezone.localtime().strftime("%d-%m-%Y %H:%M")


# ---------------------------------------------------------------------------
# Tables shared by XLSX and PDF
# ---------------------------------------------------------------------------

Table = tuple[str, list[str], list[list[Any]]]  # title, header, rows


def dashboard_tables(d: dashboard.Dashboard) -> list[Table]:
    """The dashboard's figures as titled tables (numbers kept as numbers)."""
    s = d.summary
    summary = [
        [_("Usaha IKM terdaftar"), s.get("businesses", 0)],
        [_("Usaha aktif"), s.get("active", 0)],
        [_("Usaha yang melapor tahun %(y)s") % {"y": d.year}, s.get("reporting", 0)],
        [_("Tenaga kerja laki-laki"), s.get("workers_male", 0)],
        [_("Tenaga kerja perempuan"), s.get("workers_female", 0)],
        [_("Tenaga kerja total"), s.get("workers", 0)],
        [_("Investasi (Rp)"), s.get("investment", 0)],
        [_("Nilai produksi (Rp)"), s.get("production", 0)],
        [_("Nilai ekspor (Rp)"), s.get("export", 0)],
        [_("Usaha pengekspor"), s.get("exporters", 0)],
        [_("Rata-rata kelengkapan data (%)"), s.get("completeness")],
    ]
    growth = [
        [r["year"], r["reporting"], r["workers_male"], r["workers_female"], r["workers"], r["investment"],
         r["production"], r["export"], r["workers_growth"], r["production_growth"]]
        for r in d.growth
    ]  # fmt: skip

    def dist(rows: list[dict[str, Any]]) -> list[list[Any]]:
        return [
            [r["name"], r["businesses"], r["reporting"], r["reporting_share"], r["completeness"], r["workers"],
             r["production"]]
            for r in rows
        ]  # fmt: skip

    dist_header = [
        _("Nama"), _("Usaha"), _("Melapor"), _("Porsi melapor"), _("Kelengkapan (%)"), _("Tenaga kerja"),
        _("Nilai produksi (Rp)"),
    ]  # fmt: skip
    tables: list[Table] = [
        (_("Ringkasan"), [_("Ukuran"), _("Nilai")], summary),
        (
            _("Perkembangan per tahun"),
            [
                _("Tahun"),
                _("Usaha melapor"),
                _("TK laki-laki"),
                _("TK perempuan"),
                _("TK total"),
                _("Investasi (Rp)"),
                _("Nilai produksi (Rp)"),
                _("Ekspor (Rp)"),
                _("Pertumbuhan TK"),
                _("Pertumbuhan produksi"),
            ],
            growth,
        ),  # fmt: skip
        (_("Per kecamatan"), dist_header, dist(d.by_kecamatan)),
        (_("Per golongan pokok KBLI"), dist_header, dist(d.by_kbli)),
        (_("Per kelompok komoditas"), dist_header, dist(d.by_group)),
        (
            _("Sertifikasi dan legalitas"),
            [_("Jenis"), _("Usaha"), _("Masih berlaku"), _("Cakupan")],
            [[r["label"], r["businesses"], r["valid"], r["share"]] for r in d.certification],
        ),
        (
            _("Penjualan menurut pasar"),
            [_("Pasar"), _("Nilai (Rp)"), _("Porsi")],
            [[m["label"], m["value"], m["share"]] for m in d.markets],
        ),
    ]
    for section in d.extra or []:
        tables.append((section.title, [_("Ukuran"), _("Nilai")], [[k, v] for k, v in section.rows]))
    return tables


def run_tables(run: AnalysisRun) -> list[Table]:
    """The results of a run as titled tables."""
    r = run.results
    if run.method == AnalysisRun.Method.SECTOR:
        return _sector_tables(run)
    if run.method == AnalysisRun.Method.AHP:
        rows = [[k, v] for k, v in r.get("priorities", {}).items()]
        rows += [["lambda maks", r.get("lambda_max")], ["CI", r.get("ci")], ["CR", r.get("cr")]]
        return [(_("Bobot AHP"), [_("Kriteria"), _("Prioritas")], rows)]
    weights = [[CRITERIA.get(c, c), w] for c, w in r.get("weights", {}).items()]
    ranking = [[e["rank"], e["alternative"], e["total"]] for e in r.get("ranking", [])]
    scores = run.inputs.get("scores", {})
    crits = list(run.inputs.get("criteria", []))
    score_rows = [[alt, *[row.get(c) for c in crits]] for alt, row in scores.items()]
    return [
        (_("Peringkat produk"), [_("Peringkat"), _("Produk"), _("Nilai total")], ranking),
        (_("Bobot kriteria"), [_("Kriteria"), _("Bobot")], weights),
        (_("Nilai tiap kriteria"), [_("Produk"), *[CRITERIA.get(c, c) for c in crits]], score_rows),
    ]


def _sector_tables(run: AnalysisRun) -> list[Table]:
    r = run.results
    tables: list[Table] = []
    if "lq" in r:
        header = [_("Sektor"), _("Nilai wilayah"), _("Nilai referensi"), f"LQ {r['lq']['year']}"]
        if "start_rows" in r["lq"]:
            header.append(f"LQ {r['lq']['start_year']}")
        header.append(_("Basis"))
        rows = []
        for row in r["table"]:
            if "lq" not in row:
                continue
            line = [row["label"], row["regional"], row["reference"], row["lq"]]
            if "start_rows" in r["lq"]:
                line.append(row.get("lq_start"))
            line.append(_("ya") if row["basis"] else _("tidak"))
            rows.append(line)
        tables.append((_("Location Quotient"), header, rows))
    if "shift_share" in r:
        rows = [
            [
                row["label"],
                *(row["shift_share"][k] for k in ("national_share", "proportional", "differential", "total")),
            ]
            for row in r["table"]
            if "shift_share" in row
        ]
        totals = r["shift_share"]["totals"]
        rows.append(
            [
                _("Jumlah"),
                totals["national_share"],
                totals["proportional"],
                totals["differential"],
                totals["total"],
            ]
        )
        tables.append(
            (
                _("Shift-Share"),
                [
                    _("Sektor"),
                    _("Pertumbuhan referensi (NS)"),
                    _("Bauran industri (P)"),
                    _("Keunggulan kompetitif (D)"),
                    _("Total"),
                ],
                rows,
            )
        )
    if "klassen" in r:
        rows = [
            [row["label"], row["klassen"]["sector_growth"], row["klassen"]["reference_growth"],
             row["klassen"]["sector_share"], row["klassen"]["reference_share"],
             f"{row['klassen']['quadrant']} {row['klassen']['label']}"]
            for row in r["table"]
            if "klassen" in row
        ]  # fmt: skip
        tables.append(
            (
                _("Tipologi Klassen"),
                [_("Sektor"), _("Pertumbuhan wilayah"), _("Pertumbuhan referensi"), _("Pangsa wilayah"),
                 _("Pangsa referensi"), _("Kuadran")],
                rows,
            )
        )  # fmt: skip
    return tables


def run_facts(run: AnalysisRun) -> list[tuple[str, str]]:
    """Who, when, what and from which data: the front matter of a run report."""
    facts = [
        (_("Judul"), run.title),
        (_("Metode"), f"{run.get_method_display()} — {', '.join(run.formula_names)}"),
        (_("Dibuat"), timezone.localtime(run.created_at).strftime("%d-%m-%Y %H:%M")),
        (_("Oleh"), _author(run.created_by)),
        (_("Nomor run"), f"#{run.pk}"),
    ]
    p = run.parameters
    sources = run.inputs.get("sources", {})
    for side, label in (("regional", _("Wilayah analisis")), ("reference", _("Wilayah referensi"))):
        if side in sources:
            src = sources[side]
            facts.append((label, f"{src['region_label']} — {src['name']} ({src['unit']})"))
            if src.get("citation"):
                facts.append((_("Sumber data"), src["citation"]))
    if p.get("year_end"):
        period = f"{p['year_start']}–{p['year_end']}" if p.get("year_start") else str(p["year_end"])
        facts.append((_("Periode"), period))
    if run.method == AnalysisRun.Method.KAJIAN:
        facts.append((_("Pembobotan"), "AHP" if p.get("weighting") == "ahp" else _("langsung")))
        facts.append((_("Penilaian"), p.get("scoring", "").upper()))
    facts.append((_("Cara mengutip"), citation(run)))
    return facts


def citation(run: AnalysisRun) -> str:
    """A citation line for a kajian or a regulation's annex."""
    office = settings.SIMPUL_OFFICE_NAME
    when = timezone.localtime(run.created_at)
    return _("%(office)s (%(year)s). %(title)s. Simpul IKM, analisis #%(pk)s, %(date)s.") % {
        "office": office,
        "year": when.year,
        "title": run.title,
        "pk": run.pk,
        "date": when.strftime("%d-%m-%Y"),
    }


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def _sheet_name(title: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31] or "Lembar"
    name, n = base, 2
    while name in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _write_tables(book: Workbook, tables: Iterable[Table], used: set[str]) -> None:
    bold = Font(bold=True)
    for title, header, rows in tables:
        sheet = book.create_sheet(_sheet_name(title, used))
        sheet.append([str(title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([str(h) for h in header])
        for cell in sheet[2]:
            cell.font = bold
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
        sheet.column_dimensions["A"].width = 36
        for letter in "BCDEFGHIJK":
            sheet.column_dimensions[letter].width = 18


def _front_sheet(
    book: Workbook, title: str, facts: Sequence[tuple[str, str]], notes: Sequence[str], used: set[str]
) -> None:
    sheet = book.active
    sheet.title = _sheet_name(_("Keterangan"), used)
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in facts:
        sheet.append([str(label), _xlsx_value(value)])
    sheet.append([])
    for note in notes:
        sheet.append([_xlsx_value(str(note))])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90


def dashboard_xlsx(d: dashboard.Dashboard, user) -> bytes:
    book = Workbook()
    used: set[str] = set()
    facts = [
        (_("Kantor"), settings.SIMPUL_OFFICE_NAME),
        (_("Filter"), d.filter_text()),
        (_("Dasar angka"), d.basis.text),
        (_("Dibuat"), _stamp()),
        (_("Oleh"), _author(user)),
    ]
    _front_sheet(book, _("Dasbor IKM"), facts, [explain.DASHBOARD_SOURCES, explain.NO_BOUNDARIES], used)
    _write_tables(book, dashboard_tables(d), used)
    return _save(book)


def run_xlsx(run: AnalysisRun) -> bytes:
    book = Workbook()
    used: set[str] = set()
    notes = [
        f"{label}: {text}"
        for code, (label, text) in explain.METHODS.items()
        if code in run.parameters.get("methods", [])
    ]
    notes += [str(n) for n in run.results.get("notes", [])]
    _front_sheet(book, run.title, run_facts(run), notes, used)
    _write_tables(book, run_tables(run), used)
    _write_tables(book, [_inputs_table(run)], used)
    return _save(book)


def _inputs_table(run: AnalysisRun) -> Table:
    """The snapshot the run computed from, so a reader can redo the arithmetic."""
    inputs = run.inputs
    if run.method == AnalysisRun.Method.SECTOR:
        labels = inputs.get("labels", {})
        rows = []
        for side in ("regional", "reference"):
            for year, values in inputs.get(side, {}).items():
                for sector, value in values.items():
                    rows.append([side, year, labels.get(sector, sector), Decimal(value)])
        return (_("Data masukan"), [_("Data"), _("Tahun"), _("Sektor"), _("Nilai")], rows)
    if run.method == AnalysisRun.Method.AHP:
        labels = list(inputs.get("labels", []))
        return (
            _("Matriks perbandingan"),
            ["", *labels],
            [[lab, *row] for lab, row in zip(labels, inputs.get("matrix", []), strict=False)],
        )
    rows = [[k, str(v)] for k, v in inputs.get("weights", {}).items()]
    return (_("Data masukan"), [_("Kriteria"), _("Bobot langsung")], rows)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# PDF (reportlab platypus)
# ---------------------------------------------------------------------------


def _pdf_cell(value: Any, heading: str = "") -> str:
    """A cell as text for the PDF; the column heading (or row label) says how to read a number.

    Amounts in Rupiah are shortened (Rp 1,2 M) so wide tables fit an A4 page;
    shares and growth rates become percentages; years are not grouped (2023, not 2.023).
    """
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, int | float | Decimal):
        lowered = heading.casefold()
        if "(rp)" in lowered:
            return formatting.rupiah_short(value)
        if any(word in lowered for word in ("porsi", "cakupan", "pertumbuhan")):
            return formatting.percent(value, 1)
        if "tahun" in lowered or "(%)" in lowered:
            return formatting.number(value) if "(%)" in lowered else str(value)
        if isinstance(value, float) and abs(value) < 1000 and not value.is_integer():
            return formatting.number(value, 3)
        return formatting.number(value)
    return str(value)


class _Pdf:
    """A small wrapper over platypus: styles, paragraphs, tables and chart drawings."""

    def __init__(self, title: str, author: str) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.lib.units import cm

        self.buffer = io.BytesIO()
        self.title = title
        self.author = author
        self.cm = cm
        self.pagesize = A4
        self.styles = getSampleStyleSheet()
        self.story: list[Any] = []

    def heading(self, text: str, level: int = 1) -> None:
        from reportlab.platypus import Paragraph

        self.story.append(Paragraph(escape(str(text)), self.styles[f"Heading{level}"]))

    def para(self, text: str, style: str = "BodyText") -> None:
        from reportlab.platypus import Paragraph

        self.story.append(Paragraph(escape(str(text)), self.styles[style]))

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        self.table([[str(a), str(b)] for a, b in rows], header=None, widths=(4.5, 12.5))

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        header: Sequence[str] | None,
        widths: Sequence[float] | None = None,
    ) -> None:
        from reportlab.lib import colors
        from reportlab.platypus import Paragraph, Table, TableStyle

        small = self.styles["BodyText"].clone("small", fontSize=7.5, leading=9)
        data = []
        if header:
            data.append([Paragraph(f"<b>{escape(str(h))}</b>", small) for h in header])
        for row in rows:
            # Two-column "label: value" tables carry the unit in the label, wider ones in the header.
            headings = (
                [str(row[0])] * len(row) if len(row) == 2 else [str(h) for h in header or [""] * len(row)]
            )
            data.append(
                [Paragraph(escape(_pdf_cell(v, h)), small) for v, h in zip(row, headings, strict=False)]
            )
        if not data:
            return
        col_widths = [w * self.cm for w in widths] if widths else None
        table = Table(data, colWidths=col_widths, repeatRows=1 if header else 0, hAlign="LEFT")
        style = [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#adb5bd")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")))
        table.setStyle(TableStyle(style))
        self.story.append(table)
        self.space()

    def space(self, height: float = 0.3) -> None:
        from reportlab.platypus import Spacer

        self.story.append(Spacer(1, height * self.cm))

    def bars(self, chart: charts.BarChart) -> None:
        from reportlab.graphics.shapes import Drawing, Rect, String
        from reportlab.lib import colors

        if chart.empty:
            return
        scale = 0.85
        drawing = Drawing(chart.width * scale, chart.height * scale)
        for bar in chart.bars:
            y = (chart.height - bar.y - bar.height) * scale
            drawing.add(String(2, y + 3, bar.label, fontSize=7))
            drawing.add(
                Rect(
                    bar.x * scale,
                    y,
                    bar.width * scale,
                    bar.height * scale,
                    fillColor=colors.HexColor(bar.colour),
                    strokeColor=None,
                )
            )
            drawing.add(String((bar.x + bar.width) * scale + 3, y + 3, bar.text, fontSize=7))
        self.story.append(drawing)
        self.space()

    def columns(self, chart: charts.ColumnChart) -> None:
        from reportlab.graphics.shapes import Drawing, Rect, String
        from reportlab.lib import colors

        if chart.empty:
            return
        drawing = Drawing(chart.width, chart.height)
        for col in chart.columns:
            y = chart.height - col.y - col.height
            drawing.add(
                Rect(
                    col.x, y, col.width, col.height, fillColor=colors.HexColor(chart.colour), strokeColor=None
                )
            )
            drawing.add(
                String(col.x + col.width / 2, y + col.height + 3, col.text, fontSize=7, textAnchor="middle")
            )
            drawing.add(String(col.x + col.width / 2, 6, col.label, fontSize=7, textAnchor="middle"))
        self.story.append(drawing)
        self.space()

    def dots(self, chart: charts.DotMap) -> None:
        from reportlab.graphics.shapes import Circle, Drawing, Rect, String
        from reportlab.lib import colors

        if chart.empty:
            return
        scale = 0.8
        drawing = Drawing(chart.width * scale, chart.height * scale)
        drawing.add(
            Rect(
                0,
                0,
                chart.width * scale,
                chart.height * scale,
                fillColor=colors.HexColor("#f8f9fa"),
                strokeColor=colors.HexColor("#dee2e6"),
            )
        )
        fill = colors.Color(0.043, 0.333, 0.388, alpha=0.55)
        for dot in chart.dots:
            drawing.add(
                Circle(
                    dot.cx * scale,
                    (chart.height - dot.cy) * scale,
                    dot.r * scale,
                    fillColor=fill,
                    strokeColor=None,
                )
            )
        for label in chart.labels:
            x, y = label.x * scale, (chart.height - label.y) * scale
            drawing.add(
                String(x, y, label.text, fontSize=6.5, textAnchor="middle", fontName="Helvetica-Bold")
            )
        self.story.append(drawing)
        self.space()

    def build(self) -> bytes:
        from reportlab.platypus import SimpleDocTemplate

        cm = self.cm
        footer = f"{settings.SIMPUL_OFFICE_NAME} · Simpul IKM · {self.author} · {_stamp()}"

        def on_page(canvas, doc) -> None:
            canvas.saveState()
            canvas.setFont("Helvetica", 7)
            canvas.drawString(2 * cm, 1.2 * cm, footer)
            canvas.drawRightString(self.pagesize[0] - 2 * cm, 1.2 * cm, str(doc.page))
            canvas.restoreState()

        doc = SimpleDocTemplate(
            self.buffer,
            pagesize=self.pagesize,
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=1.8 * cm,
            bottomMargin=2 * cm,
            title=self.title,
            author=self.author,
            creator="Simpul IKM",
        )
        doc.build(self.story, onFirstPage=on_page, onLaterPages=on_page)
        return self.buffer.getvalue()


def dashboard_pdf(d: dashboard.Dashboard, user) -> bytes:
    author = _author(user)
    pdf = _Pdf(_("Dasbor IKM"), author)
    pdf.heading(_("Laporan Dasbor IKM — %(office)s") % {"office": settings.SIMPUL_OFFICE_NAME})
    pdf.facts(
        [
            (_("Filter"), d.filter_text()),
            (_("Dasar angka"), d.basis.text),
            (_("Dibuat"), _stamp()),
            (_("Oleh"), author),
        ]
    )
    figures = dashboard.charts_for(d)
    tables = dashboard_tables(d)
    pdf.heading(tables[0][0], 2)
    pdf.table(tables[0][2], tables[0][1], widths=(9, 6))
    pdf.heading(_("Perkembangan per tahun"), 2)
    pdf.para(_("Tenaga kerja"))
    pdf.columns(figures["workers_by_year"])
    pdf.para(_("Nilai produksi"))
    pdf.columns(figures["production_by_year"])
    pdf.table(tables[1][2], tables[1][1])
    for index, chart_key in ((2, "kecamatan"), (3, "kbli"), (4, "group")):
        title, header, rows = tables[index]
        pdf.heading(title, 2)
        pdf.bars(figures[chart_key])
        pdf.table(rows, header)
    pdf.heading(_("Sebaran usaha"), 2)
    pdf.para(explain.NO_BOUNDARIES)
    pdf.dots(figures["map"])
    for title, header, rows in tables[5:]:
        pdf.heading(title, 2)
        pdf.table(rows, header)
    pdf.heading(_("Sumber data dan cara membaca"), 2)
    pdf.para(explain.DASHBOARD_SOURCES)
    return pdf.build()


def run_pdf(run: AnalysisRun) -> bytes:
    pdf = _Pdf(run.title, _author(run.created_by))
    pdf.heading(run.title)
    pdf.facts(run_facts(run))
    if run.notes:
        pdf.para(run.notes)
    if run.method == AnalysisRun.Method.KAJIAN:
        ranking = run.results.get("ranking", [])
        pdf.heading(_("Peringkat"), 2)
        pdf.bars(
            charts.bar_chart(
                [(e["alternative"], e["total"]) for e in ranking], fmt=lambda v: formatting.number(v, 3)
            )
        )
    if run.method == AnalysisRun.Method.SECTOR and "lq" in run.results:
        pdf.heading(_("LQ per sektor"), 2)
        rows = [(row["label"], row["lq"]) for row in run.results["table"] if "lq" in row]
        pdf.bars(charts.bar_chart(rows, fmt=lambda v: formatting.number(v, 2)))
    for title, header, rows in run_tables(run):
        pdf.heading(title, 2)
        pdf.table(rows, header)
    notes = run.results.get("notes", []) + run.results.get("ahp", {}).get("messages", [])
    if run.results.get("message"):
        notes.append(run.results["message"])
    if notes:
        pdf.heading(_("Catatan"), 2)
        for note in notes:
            pdf.para(f"• {note}")
    pdf.heading(_("Metode"), 2)
    for code in run.parameters.get("methods", []):
        label, text = explain.METHODS[code]
        pdf.para(str(label), "Heading4")
        pdf.para(str(text))
    if run.method == AnalysisRun.Method.KAJIAN:
        pdf.para(str(explain.PERMENDAGRI))
    return pdf.build()


# ---------------------------------------------------------------------------
# Jobs
# ---------------------------------------------------------------------------


def start_report(
    user, subject: str, fmt: str, *, filters: dict[str, Any] | None = None, run_id: int | None = None
) -> Job:
    """Queue a report job; see `make_report`."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    if subject == "run":
        label = _("Laporan analisis #%(pk)s (%(fmt)s)") % {"pk": run_id, "fmt": fmt.upper()}
    else:
        label = _("Laporan dasbor (%(fmt)s)") % {"fmt": fmt.upper()}
    return jobs.start(
        JOB_KIND, label, user=user, subject=subject, format=fmt, filters=filters or {}, run_id=run_id
    )


@jobs.handler(JOB_KIND)
def make_report(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Build the report file into job.output, reporting three steps of progress."""
    params = job.params
    fmt = params["format"]
    user = job.created_by
    progress.total(3)
    progress.update(0, _("Menghitung angka…"), force=True)
    if params["subject"] == "run":
        run = AnalysisRun.objects.restrict(user, "export").get(pk=params["run_id"])
        progress.update(1, _("Menyusun berkas…"), force=True)
        content = run_pdf(run) if fmt == "pdf" else run_xlsx(run)
        name = f"analisis-{run.pk}-{slugify(run.title)[:40]}.{fmt}"
    else:
        d = dashboard.build(user, dashboard.DashboardFilter(**params.get("filters", {})))
        progress.update(1, _("Menyusun berkas…"), force=True)
        content = dashboard_pdf(d, user) if fmt == "pdf" else dashboard_xlsx(d, user)
        name = f"dasbor-ikm-{timezone.localdate():%Y%m%d}.{fmt}"
    progress.update(2, _("Menyimpan berkas…"), force=True)
    job.output.save(name, ContentFile(content), save=False)
    Job.objects.filter(pk=job.pk).update(output=job.output.name)
    progress.update(3, _("Laporan siap diunduh."), force=True)
    return {"filename": name, "format": fmt, "size": len(content)}
