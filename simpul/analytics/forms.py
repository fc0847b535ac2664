"""Forms of the analysis pages; each turns what the analyst chose into run parameters and inputs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.analytics import criteria, imports, indicators
from simpul.analytics.methods import MethodError
from simpul.analytics.models import IndicatorTable, IndicatorValue
from simpul.analytics.runs import SeriesRef, sector_parameters

ACCEPTED_FILES = (".xlsx", ".xls", ".ods", ".csv")
MAX_CANDIDATES = 30


class RegistryTableForm(forms.Form):
    """Build an indicator table from the registry's yearly reports."""

    measure = forms.ChoiceField(
        label=gettext_lazy("Ukuran"),
        choices=[(k, m.label) for k, m in indicators.REGISTRY_MEASURES.items()],
    )
    sector_by = forms.ChoiceField(
        label=gettext_lazy("Sektor menurut"), choices=[(k, v[0]) for k, v in indicators.SECTOR_KINDS.items()]
    )
    region_by = forms.ChoiceField(
        label=gettext_lazy("Wilayah menurut"),
        choices=[(k, v[0]) for k, v in indicators.REGION_LEVELS.items()],
        initial="kecamatan",
    )
    name = forms.CharField(
        label=gettext_lazy("Nama tabel"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Kosongkan untuk nama otomatis."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def spec(self) -> indicators.RegistrySpec:
        data = self.cleaned_data
        return indicators.RegistrySpec(data["measure"], data["sector_by"], data["region_by"])


class IndicatorImportForm(forms.Form):
    """Import an indicator table (PDRB, employment…) from a spreadsheet."""

    file = forms.FileField(label=gettext_lazy("Berkas (XLSX, XLS, ODS atau CSV)"))
    name = forms.CharField(label=gettext_lazy("Nama tabel"), max_length=200)
    measure = forms.ChoiceField(label=gettext_lazy("Ukuran"), choices=IndicatorTable.Measure.choices)
    unit = forms.CharField(label=gettext_lazy("Satuan"), max_length=50, initial="juta Rp")
    sector_kind = forms.ChoiceField(
        label=gettext_lazy("Jenis sektor"),
        choices=IndicatorTable.SectorKind.choices,
        initial=IndicatorTable.SectorKind.LABEL,
    )
    region_level = forms.TypedChoiceField(
        label=gettext_lazy("Tingkat wilayah"),
        choices=IndicatorTable.RegionLevel.choices,
        coerce=int,
        initial=IndicatorTable.RegionLevel.KABKOTA,
    )
    default_region = forms.CharField(
        label=gettext_lazy("Wilayah"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Untuk berkas tanpa kolom wilayah (mis. PDRB satu kabupaten)."),
    )
    layout = forms.ChoiceField(
        label=gettext_lazy("Tata letak"),
        choices=[
            (imports.LAYOUT_AUTO, gettext_lazy("Kenali otomatis")),
            (imports.LAYOUT_WIDE, gettext_lazy("Lebar: satu kolom per tahun")),
            (imports.LAYOUT_LONG, gettext_lazy("Panjang: kolom wilayah, sektor, tahun, nilai")),
        ],
    )
    citation = forms.CharField(label=gettext_lazy("Sumber kutipan"), max_length=300, required=False)
    notes = forms.CharField(
        label=gettext_lazy("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_FILES:
            raise forms.ValidationError(_("Unggah berkas .xlsx, .xls, .ods atau .csv."))
        if upload.size > settings.SIMPUL_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Berkas lebih besar dari %(mb)s MB.") % {"mb": settings.SIMPUL_MAX_UPLOAD_MB}
            )
        return upload


# ---------------------------------------------------------------------------
# Sector run
# ---------------------------------------------------------------------------


def series_choices(tables: QuerySet) -> tuple[list[Any], list[Any], list[int]]:
    """Grouped choices "table|region" for the region and the reference, and every year; two queries."""
    names = {t.pk: t.name for t in tables}
    rows = (
        IndicatorValue.objects.filter(table_id__in=list(names))
        .values_list("table_id", "region", "region_label")
        .distinct()
        .order_by("table_id", "region_label", "region")
    )
    by_table: dict[int, list[tuple[str, str]]] = {pk: [] for pk in names}
    for table_id, region, label in rows:
        by_table[table_id].append((f"{table_id}|{region}", label or region))
    years = sorted(
        set(IndicatorValue.objects.filter(table_id__in=list(names)).values_list("year", flat=True).distinct())
    )
    regional = [(names[pk], options) for pk, options in by_table.items() if options]
    reference = [
        (names[pk], [(f"{pk}|{indicators.ALL_REGIONS}", _("Jumlah seluruh wilayah tabel ini")), *options])
        for pk, options in by_table.items()
        if options
    ]
    return regional, reference, years


def _series_ref(value: str) -> SeriesRef:
    table, _sep, region = value.partition("|")
    return SeriesRef(int(table), region)


class SectorRunForm(forms.Form):
    """LQ, shift-share and Klassen of a region against a reference."""

    title = forms.CharField(label=gettext_lazy("Judul analisis"), max_length=200)
    methods = forms.MultipleChoiceField(
        label=gettext_lazy("Metode"),
        choices=[
            ("lq", gettext_lazy("Location Quotient (LQ)")),
            ("shift_share", gettext_lazy("Shift-Share")),
            ("klassen", gettext_lazy("Tipologi Klassen")),
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["lq"],
    )
    regional = forms.ChoiceField(label=gettext_lazy("Data wilayah analisis"))
    reference = forms.ChoiceField(label=gettext_lazy("Data wilayah referensi"))
    year_start = forms.TypedChoiceField(
        label=gettext_lazy("Tahun awal"), coerce=int, required=False, empty_value=None
    )
    year_end = forms.TypedChoiceField(label=gettext_lazy("Tahun akhir"), coerce=int)
    notes = forms.CharField(
        label=gettext_lazy("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, tables: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regional, reference, years = series_choices(tables)
        self.fields["regional"].choices = regional
        self.fields["reference"].choices = reference
        year_choices = [(y, y) for y in years]
        self.fields["year_start"].choices = [("", "—"), *year_choices]
        self.fields["year_end"].choices = year_choices
        if years and not self.is_bound:
            self.fields["year_end"].initial = years[-1]
        self.parameters: dict[str, Any] | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            self.parameters = sector_parameters(
                data["methods"],
                _series_ref(data["regional"]),
                _series_ref(data["reference"]),
                data["year_end"],
                data.get("year_start"),
            )
        except MethodError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data

    def table_ids(self) -> set[int]:
        assert self.parameters is not None
        return {self.parameters["regional"]["table"], self.parameters["reference"]["table"]}


# ---------------------------------------------------------------------------
# AHP run
# ---------------------------------------------------------------------------

_SPLIT_CELLS = re.compile(r"[\s;|]+")


def parse_matrix_text(text: str) -> list[list[str]]:
    """Rows of a matrix typed or pasted from a spreadsheet: cells split by spaces, tabs, ; or |."""
    rows = []
    for line in text.strip().splitlines():
        cells = [c for c in _SPLIT_CELLS.split(line.strip()) if c]
        if cells:
            rows.append([criteria.ratio_text(criteria.parse_ratio(c)) for c in cells])
    return rows


class AhpRunForm(forms.Form):
    """Priorities of up to ten criteria from a pairwise comparison matrix."""

    title = forms.CharField(label=gettext_lazy("Judul analisis"), max_length=200)
    labels = forms.CharField(
        label=gettext_lazy("Kriteria (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    matrix = forms.CharField(
        label=gettext_lazy("Matriks perbandingan berpasangan"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=gettext_lazy("Satu baris per kriteria, angka dipisah spasi atau tab; pecahan boleh (1/3)."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        labels = [line.strip() for line in data["labels"].splitlines() if line.strip()]
        try:
            matrix = parse_matrix_text(data["matrix"])
        except MethodError as exc:
            raise forms.ValidationError(str(exc)) from None
        if len(matrix) != len(labels):
            raise forms.ValidationError(
                _("Jumlah baris matriks (%(rows)d) tidak sama dengan jumlah kriteria (%(n)d).")
                % {"rows": len(matrix), "n": len(labels)}
            )
        self.inputs = {"labels": labels, "matrix": matrix}
        return data


# ---------------------------------------------------------------------------
# Kajian produk unggulan
# ---------------------------------------------------------------------------

SCORE_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]


def _pair_choices() -> list[tuple[str, str]]:
    choices = []
    for value in criteria.SAATY_SCALE:
        if value.startswith("1/"):
            words = criteria.SAATY_WORDS.get(value[2:])
            text = _("%(v)s — kanan %(w)s") % {"v": value, "w": words} if words else value
        else:
            words = criteria.SAATY_WORDS.get(value)
            text = (
                (
                    _("%(v)s — kiri %(w)s") % {"v": value, "w": words}
                    if value != "1"
                    else _("1 — sama penting")
                )
                if words
                else value
            )
        choices.append((value, text))
    return choices


class KajianForm(forms.Form):
    """Weights of the Permendagri 9/2014 criteria and scores of candidate products."""

    title = forms.CharField(label=gettext_lazy("Judul kajian"), max_length=200)
    selected = forms.MultipleChoiceField(
        label=gettext_lazy("Kriteria yang dipakai"),
        choices=list(criteria.CRITERIA.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(criteria.CRITERIA),
    )
    weighting = forms.ChoiceField(
        label=gettext_lazy("Pembobotan"),
        choices=[
            ("ahp", gettext_lazy("AHP (perbandingan berpasangan)")),
            ("langsung", gettext_lazy("Bobot langsung")),
        ],
        widget=forms.RadioSelect,
        initial="langsung",
    )
    scoring = forms.ChoiceField(
        label=gettext_lazy("Metode penilaian"),
        choices=[
            ("mpe", gettext_lazy("MPE (eksponensial)")),
            ("bayes", gettext_lazy("Bayes (jumlah tertimbang)")),
        ],
        widget=forms.RadioSelect,
        initial="mpe",
    )
    notes = forms.CharField(
        label=gettext_lazy("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, candidates: int = 6, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidate_count = max(2, min(candidates, MAX_CANDIDATES))
        for code, label in criteria.CRITERIA.items():
            self.fields[f"w_{code}"] = forms.DecimalField(
                label=label,
                min_value=Decimal("0.001"),
                max_digits=8,
                decimal_places=3,
                required=False,
                initial=1,
            )
        pair_choices = _pair_choices()
        codes = [a.code for a in criteria.ASPECTS]
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                self.fields[f"pa_{a}__{b}"] = forms.ChoiceField(
                    choices=pair_choices, initial="1", required=False
                )
        for aspect in criteria.ASPECTS:
            for i, a in enumerate(aspect.criteria):
                for b in aspect.criteria[i + 1 :]:
                    self.fields[f"p_{a}__{b}"] = forms.ChoiceField(
                        choices=pair_choices, initial="1", required=False
                    )
        for n in range(self.candidate_count):
            self.fields[f"c{n}_name"] = forms.CharField(
                max_length=120, required=False, label=_("Produk %(n)d") % {"n": n + 1}
            )
            for code in criteria.CRITERIA:
                self.fields[f"c{n}_{code}"] = forms.ChoiceField(choices=SCORE_CHOICES, required=False)

    # -- layout helpers for the template ------------------------------------

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{code}"] for code in criteria.CRITERIA]

    def aspect_pairs(self) -> list[tuple[str, str, forms.BoundField]]:
        labels = {a.code: a.label for a in criteria.ASPECTS}
        return [
            (labels[name[3:].split("__")[0]], labels[name[3:].split("__")[1]], self[name])
            for name in self.fields
            if name.startswith("pa_")
        ]

    def criteria_pairs(self) -> list[tuple[str, list[tuple[str, str, forms.BoundField]]]]:
        groups = []
        for aspect in criteria.ASPECTS:
            pairs = [
                (criteria.CRITERIA[a], criteria.CRITERIA[b], self[f"p_{a}__{b}"])
                for i, a in enumerate(aspect.criteria)
                for b in aspect.criteria[i + 1 :]
            ]
            groups.append((aspect.label, pairs))
        return groups

    def candidate_rows(self) -> list[tuple[forms.BoundField, list[forms.BoundField]]]:
        return [
            (self[f"c{n}_name"], [self[f"c{n}_{code}"] for code in criteria.CRITERIA])
            for n in range(self.candidate_count)
        ]

    # -- validation ---------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        selected = [c for c in criteria.CRITERIA if c in data["selected"]]
        scores: dict[str, dict[str, str]] = {}
        for n in range(self.candidate_count):
            name = (data.get(f"c{n}_name") or "").strip()
            row = {code: data.get(f"c{n}_{code}") or "" for code in selected}
            if not name:
                if any(row.values()):
                    self.add_error(f"c{n}_name", _("Beri nama produk untuk nilai di baris ini."))
                continue
            if name in scores:
                self.add_error(f"c{n}_name", _("Nama produk '%(name)s' ganda.") % {"name": name})
                continue
            missing = [criteria.CRITERIA[c] for c, v in row.items() if not v]
            if missing:
                self.add_error(
                    f"c{n}_name",
                    _("Nilai '%(name)s' belum diisi untuk: %(list)s.")
                    % {"name": name, "list": ", ".join(missing)},
                )
                continue
            scores[name] = row
        if len(scores) < 2 and not self.errors:
            raise forms.ValidationError(_("Isi paling sedikit dua produk kandidat beserta nilainya."))
        inputs: dict[str, Any] = {
            "criteria": selected,
            "criteria_labels": {c: criteria.CRITERIA[c] for c in selected},
            "scores": scores,
        }
        try:
            if data["weighting"] == "ahp":
                inputs.update(self._ahp_inputs(data, selected))
            else:
                inputs["weights"] = {c: str(data.get(f"w_{c}") or "") for c in selected}
                missing = [criteria.CRITERIA[c] for c, w in inputs["weights"].items() if not w]
                if missing:
                    raise forms.ValidationError(
                        _("Bobot belum diisi untuk: %(list)s.") % {"list": ", ".join(missing)}
                    )
        except MethodError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.inputs = inputs
        self.parameters = {
            "methods": (["ahp"] if data["weighting"] == "ahp" else []) + [data["scoring"]],
            "weighting": data["weighting"],
            "scoring": data["scoring"],
            "criteria": selected,
        }
        return data

    def _ahp_inputs(self, data: dict[str, Any], selected: list[str]) -> dict[str, Any]:
        aspects = criteria.aspects_for(selected)
        codes = [a.code for a in aspects]
        aspect_pairs = {
            (a, b): data.get(f"pa_{a}__{b}") or "1" for i, a in enumerate(codes) for b in codes[i + 1 :]
        }
        matrices = {}
        for aspect in aspects:
            crits = list(aspect.criteria)
            if len(crits) > 1:
                pairs = {
                    (a, b): data.get(f"p_{a}__{b}") or "1"
                    for i, a in enumerate(crits)
                    for b in crits[i + 1 :]
                }
                matrices[aspect.code] = criteria.matrix_from_pairs(crits, pairs)
        return {
            "aspect_matrix": criteria.matrix_from_pairs(codes, aspect_pairs) if len(codes) > 1 else None,
            "matrices": matrices,
        }


class FeatureForm(forms.Form):
    """Designate ranked products of a kajian as the region's featured products."""

    year = forms.IntegerField(label=gettext_lazy("Tahun penetapan"), min_value=2000, max_value=2100)
    legal_basis = forms.CharField(label=gettext_lazy("Dasar penetapan"), max_length=300, required=False)
    kawasan = forms.TypedChoiceField(
        label=gettext_lazy("Kawasan"), coerce=int, required=False, empty_value=None
    )
    products = forms.MultipleChoiceField(label=gettext_lazy("Produk"), widget=forms.CheckboxSelectMultiple)

    def __init__(
        self, *args: Any, ranking: list[dict[str, Any]], kawasan: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"].choices = [(e["alternative"], e["alternative"]) for e in ranking]
        self.fields["kawasan"].choices = [("", "—"), *kawasan]
