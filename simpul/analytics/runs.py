"""Analysis runs: gather inputs from indicator tables, compute, save, reproduce, compare.

The split that makes a run reproducible:

1. `*_inputs()` read the database once and return a JSON-safe snapshot in
   which every number is an exact decimal string.
2. `compute(method, parameters, inputs)` is pure: it reads only the snapshot
   and calls `simpul.analytics.methods`; no database.
3. `save_run()` stores parameters, snapshot and results together.

A page computes from the snapshot it is about to save, so re-running a saved
run (`reproduce`) feeds the methods exactly the same numbers and must give
exactly the same results. `reproduce` also re-reads the tables to tell
whether the source data changed since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.analytics import criteria, indicators, methods
from simpul.analytics.methods import MethodError
from simpul.analytics.models import AnalysisRun, IndicatorTable

FORMULA_LABELS: dict[str, Any] = {
    "lq": gettext_lazy("Location Quotient (LQ)"),
    "shift_share": gettext_lazy("Shift-Share"),
    "klassen": gettext_lazy("Tipologi Klassen"),
    "ahp": gettext_lazy("AHP"),
    "mpe": gettext_lazy("MPE"),
    "bayes": gettext_lazy("Bayes"),
}
SECTOR_FORMULAS = ("lq", "shift_share", "klassen")
SCORING_FORMULAS = ("mpe", "bayes")


def _dec(value: Decimal | int | float | str) -> str:
    """An exact decimal string for the snapshot ("1234.5", not 1234.5 as a float)."""
    return format(Decimal(str(value)).normalize(), "f")


def _num(text: Any) -> Decimal:
    return Decimal(str(text))


def _series_num(data: Mapping[str, Any]) -> dict[str, Decimal]:
    return {k: _num(v) for k, v in data.items()}


# ---------------------------------------------------------------------------
# Sector analysis (LQ, shift-share, Klassen): inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRef:
    """A region in an indicator table; region may be indicators.ALL_REGIONS."""

    table: int
    region: str

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "region": self.region}


def sector_parameters(
    formulas: Iterable[str], regional: SeriesRef, reference: SeriesRef, year_end: int, year_start: int | None
) -> dict[str, Any]:
    """The parameters of a sector run, validated for shape."""
    chosen = [f for f in SECTOR_FORMULAS if f in set(formulas)]
    if not chosen:
        raise MethodError("Pilih paling sedikit satu metode (LQ, Shift-Share atau Klassen).")
    if any(f != "lq" for f in chosen) and year_start is None:
        raise MethodError("Shift-Share dan Klassen memerlukan tahun awal dan tahun akhir.")
    if year_start is not None and year_start >= year_end:
        raise MethodError("Tahun awal harus sebelum tahun akhir.")
    return {
        "methods": chosen,
        "regional": regional.as_dict(),
        "reference": reference.as_dict(),
        "year_start": year_start,
        "year_end": year_end,
    }


def _region_label(table: IndicatorTable, region: str) -> str:
    if region == indicators.ALL_REGIONS:
        return _("Seluruh wilayah dalam tabel")
    label = table.values.filter(region=region).values_list("region_label", flat=True).first()
    return label or region


def sector_inputs(parameters: Mapping[str, Any], tables: Mapping[int, IndicatorTable]) -> dict[str, Any]:
    """Snapshot of the series a sector run needs; four small queries at most."""
    years = [y for y in (parameters.get("year_start"), parameters["year_end"]) if y is not None]
    snapshot: dict[str, Any] = {"years": [str(y) for y in years], "sources": {}, "labels": {}}
    for side in ("regional", "reference"):
        ref = parameters[side]
        table = tables[int(ref["table"])]
        data = {
            str(y): {k: _dec(v) for k, v in indicators.series(table, ref["region"], y).items()} for y in years
        }
        for year, values in data.items():
            if not values:
                raise MethodError(
                    _("Tabel '%(table)s' tidak punya data %(region)s untuk tahun %(year)s.")
                    % {"table": table.name, "region": _region_label(table, ref["region"]), "year": year}
                )
        snapshot[side] = data
        snapshot["sources"][side] = {
            "table": table.pk,
            "name": table.name,
            "unit": table.unit,
            "citation": table.citation,
            "region": ref["region"],
            "region_label": _region_label(table, ref["region"]),
        }
    snapshot["labels"] = indicators.sector_labels(
        {int(parameters[s]["table"]) for s in ("regional", "reference")}
    )
    return snapshot


# ---------------------------------------------------------------------------
# Sector analysis: computation (pure)
# ---------------------------------------------------------------------------


def _align_lq(
    regional: dict[str, Decimal], reference: dict[str, Decimal], notes: list[str], labels: Mapping[str, str]
) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Sectors of the reference with a positive value; a sector absent from the region counts 0."""
    for sector in sorted(set(regional) - set(reference)):
        notes.append(
            _("Sektor '%(s)s' tidak ada di data referensi; tidak dihitung.")
            % {"s": labels.get(sector, sector)}
        )
    kept = {s: v for s, v in reference.items() if v > 0}
    for sector in sorted(set(reference) - set(kept)):
        notes.append(
            _("Sektor '%(s)s' bernilai nol di referensi; LQ tidak dihitung.")
            % {"s": labels.get(sector, sector)}
        )
    return {s: regional.get(s, Decimal(0)) for s in kept}, kept


def _lq_block(inputs: Mapping[str, Any], year: str, notes: list[str]) -> dict[str, Any]:
    labels = inputs.get("labels", {})
    regional, reference = _align_lq(
        _series_num(inputs["regional"][year]), _series_num(inputs["reference"][year]), notes, labels
    )
    values = methods.location_quotient(regional, reference)
    return {
        s: {"regional": float(regional[s]), "reference": float(reference[s]), "lq": lq}
        for s, lq in values.items()
    }


def _align_periods(
    inputs: Mapping[str, Any], start: str, end: str, notes: list[str]
) -> list[dict[str, Decimal]]:
    """e0, et, E0, Et over the sectors that have a positive start value in region and reference."""
    labels = inputs.get("labels", {})
    e0 = _series_num(inputs["regional"][start])
    et = _series_num(inputs["regional"][end])
    ref0 = _series_num(inputs["reference"][start])
    reft = _series_num(inputs["reference"][end])
    every = sorted(set(e0) | set(et) | set(ref0) | set(reft))
    kept = [s for s in every if e0.get(s, 0) > 0 and ref0.get(s, 0) > 0]
    for sector in every:
        if sector not in kept:
            notes.append(
                _(
                    "Sektor '%(s)s' tidak punya nilai awal (tahun %(y)s) di wilayah atau referensi; "
                    "Shift-Share/Klassen tidak dihitung."
                )
                % {"s": labels.get(sector, sector), "y": start}
            )
    if not kept:
        raise MethodError(_("Tidak ada sektor dengan nilai awal di wilayah dan referensi."))
    return [{s: data.get(s, Decimal(0)) for s in kept} for data in (e0, et, ref0, reft)]


def compute_sector(parameters: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """LQ / shift-share / Klassen from a snapshot; rows keep the reference's sector order."""
    chosen = parameters["methods"]
    end = str(parameters["year_end"])
    start = str(parameters["year_start"]) if parameters.get("year_start") is not None else None
    notes: list[str] = []
    labels = inputs.get("labels", {})
    results: dict[str, Any] = {"notes": notes}
    if "lq" in chosen:
        results["lq"] = {"year": end, "rows": _lq_block(inputs, end, notes)}
        if start is not None:
            results["lq"]["start_year"] = start
            results["lq"]["start_rows"] = _lq_block(inputs, start, [])
    if start is not None and {"shift_share", "klassen"} & set(chosen):
        e0, et, ref0, reft = _align_periods(inputs, start, end, notes)
        if "shift_share" in chosen:
            ss = methods.shift_share(e0, et, ref0, reft)
            rows = {s: r.as_dict() for s, r in ss.items()}
            results["shift_share"] = {"rows": rows, "totals": _column_totals(rows)}
        if "klassen" in chosen:
            kl = methods.klassen(e0, et, ref0, reft)
            results["klassen"] = {"rows": {s: r.as_dict() for s, r in kl.items()}}
    results["table"] = _sector_table(results, labels)
    return results


def _column_totals(rows: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    keys = ("national_share", "proportional", "differential", "total", "change")
    return {k: float(sum(Fraction(r[k]) for r in rows.values())) for k in keys}


def _sector_table(results: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per sector joining every method's figures, for pages and reports."""
    order: list[str] = []
    for block in ("lq", "shift_share", "klassen"):
        for sector in results.get(block, {}).get("rows", {}):
            if sector not in order:
                order.append(sector)
    table = []
    # Sorted, not in input order: PostgreSQL's jsonb does not keep key order, and a
    # reproduced run must list its sectors exactly as the saved one did.
    for sector in sorted(order):
        row: dict[str, Any] = {"sector": sector, "label": labels.get(sector, sector)}
        if "lq" in results and sector in results["lq"]["rows"]:
            lq = results["lq"]["rows"][sector]
            row.update(lq=lq["lq"], regional=lq["regional"], reference=lq["reference"], basis=lq["lq"] > 1)
            start_rows = results["lq"].get("start_rows", {})
            if sector in start_rows:
                row["lq_start"] = start_rows[sector]["lq"]
        if "shift_share" in results and sector in results["shift_share"]["rows"]:
            row["shift_share"] = results["shift_share"]["rows"][sector]
        if "klassen" in results and sector in results["klassen"]["rows"]:
            row["klassen"] = results["klassen"]["rows"][sector]
        table.append(row)
    return table


# ---------------------------------------------------------------------------
# AHP and kajian produk unggulan (pure)
# ---------------------------------------------------------------------------


def compute_ahp(parameters: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Priorities, λmax, CI and CR of one pairwise matrix."""
    result = methods.ahp(criteria.numeric_matrix(inputs["matrix"]), list(inputs["labels"]))
    return result.as_dict()


def _direct_weights(raw: Mapping[str, Any], selected: list[str], scoring: str) -> dict[str, Fraction]:
    weights = {c: Fraction(_num(raw.get(c, 0))) for c in selected}
    if any(w <= 0 for w in weights.values()):
        raise MethodError(_("Setiap bobot kriteria harus lebih besar dari nol."))
    if scoring == "bayes":
        # Bayes reads weights as probabilities: scale them to sum to 1, exactly.
        total = sum(weights.values(), Fraction(0))
        weights = {c: w / total for c, w in weights.items()}
    return weights


def compute_kajian(parameters: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Criterion weights (AHP hierarchy or direct) and the ranking of candidates by MPE or Bayes."""
    selected = list(inputs["criteria"])
    scoring = parameters["scoring"]
    if scoring not in SCORING_FORMULAS:
        raise MethodError(_("Metode penilaian harus MPE atau Bayes."))
    results: dict[str, Any] = {"scoring": scoring, "weighting": parameters["weighting"]}
    if parameters["weighting"] == "ahp":
        hierarchy = criteria.hierarchical_weights(
            selected, inputs.get("aspect_matrix"), inputs.get("matrices", {})
        )
        results["ahp"] = hierarchy.as_dict()
        weights: Mapping[str, Any] = hierarchy.weights
    else:
        weights = _direct_weights(inputs.get("weights", {}), selected, scoring)
    scores = {
        alt: {c: _num(row.get(c, "")) if row.get(c, "") != "" else None for c in selected}
        for alt, row in inputs["scores"].items()
    }
    for alt, row in scores.items():
        for crit, value in row.items():
            if value is None:
                raise MethodError(
                    _("Nilai '%(alt)s' untuk kriteria '%(crit)s' belum diisi.")
                    % {"alt": alt, "crit": criteria.CRITERIA.get(crit, crit)}
                )
    run = methods.mpe if scoring == "mpe" else methods.bayes
    ranked = run(scores, weights)
    results["weights"] = {c: float(w) for c, w in weights.items()}
    results["totals"] = ranked.totals
    results["ranking"] = [e.as_dict() for e in ranked.ranking]
    return results


# ---------------------------------------------------------------------------
# Dispatch, save, reproduce, compare
# ---------------------------------------------------------------------------


def compute(method: str, parameters: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Results of a run from its parameters and snapshot only (raises MethodError)."""
    if method == AnalysisRun.Method.SECTOR:
        return compute_sector(parameters, inputs)
    if method == AnalysisRun.Method.AHP:
        return compute_ahp(parameters, inputs)
    if method == AnalysisRun.Method.KAJIAN:
        return compute_kajian(parameters, inputs)
    raise MethodError(_("Metode analisis tidak dikenal: %(m)s.") % {"m": method})


@transaction.atomic
def save_run(
    method: str,
    title: str,
    parameters: dict[str, Any],
    inputs: dict[str, Any],
    results: dict[str, Any],
    user,
    notes: str = "",
    table_ids: Iterable[int] = (),
) -> AnalysisRun:
    """Store a computed run with the tables it read."""
    run = AnalysisRun.objects.create(
        method=method,
        title=title,
        notes=notes,
        parameters=parameters,
        inputs=inputs,
        results=results,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    ids = list(table_ids)
    if ids:
        run.tables.set(ids)
    return run


@dataclass
class Reproduction:
    """Outcome of re-running a saved run."""

    identical: bool
    results: dict[str, Any]
    data_changed: bool | None = None
    error: str = ""
    differences: list[str] = field(default_factory=list)


def reproduce(run: AnalysisRun) -> Reproduction:
    """Recompute a run from its snapshot; also tell whether its tables changed since."""
    try:
        again = compute(run.method, run.parameters, run.inputs)
    except MethodError as exc:
        return Reproduction(identical=False, results={}, error=str(exc))
    differences = [key for key in set(again) | set(run.results) if again.get(key) != run.results.get(key)]
    outcome = Reproduction(identical=not differences, results=again, differences=sorted(differences))
    if run.method == AnalysisRun.Method.SECTOR:
        tables = {t.pk: t for t in IndicatorTable.objects.filter(pk__in=_table_ids(run.parameters))}
        try:
            fresh = sector_inputs(run.parameters, tables)
        except (MethodError, KeyError):
            outcome.data_changed = True
        else:
            outcome.data_changed = any(fresh.get(s) != run.inputs.get(s) for s in ("regional", "reference"))
    return outcome


def _table_ids(parameters: Mapping[str, Any]) -> set[int]:
    return {int(parameters[s]["table"]) for s in ("regional", "reference") if s in parameters}


def headline(run: AnalysisRun) -> tuple[str, dict[str, tuple[str, Any]]]:
    """The run's main figure per item, for comparing runs: (what it is, item -> (label, value))."""
    results = run.results
    if run.method == AnalysisRun.Method.SECTOR:
        for block, what, key in (("lq", "LQ", "lq"), ("shift_share", _("Shift-Share (total)"), "total")):
            if block in results:
                labels = run.inputs.get("labels", {})
                return what, {s: (labels.get(s, s), r[key]) for s, r in results[block]["rows"].items()}
        labels = run.inputs.get("labels", {})
        return _("Kuadran Klassen"), {
            s: (labels.get(s, s), r["quadrant"])
            for s, r in results.get("klassen", {}).get("rows", {}).items()
        }
    if run.method == AnalysisRun.Method.AHP:
        return _("Prioritas"), {k: (k, v) for k, v in results.get("priorities", {}).items()}
    return _("Nilai total"), {k: (k, v) for k, v in results.get("totals", {}).items()}


def compare(a: AnalysisRun, b: AnalysisRun) -> tuple[str, list[dict[str, Any]]]:
    """Rows item -> value in run a and run b (items of either run)."""
    what_a, rows_a = headline(a)
    what_b, rows_b = headline(b)
    what = what_a if what_a == what_b else f"{what_a} / {what_b}"
    keys = list(rows_a) + [k for k in rows_b if k not in rows_a]
    rows = []
    for key in keys:
        label = (rows_a.get(key) or rows_b.get(key))[0]
        va = rows_a.get(key, (None, None))[1]
        vb = rows_b.get(key, (None, None))[1]
        delta = vb - va if isinstance(va, int | float) and isinstance(vb, int | float) else None
        rows.append({"key": key, "label": label, "a": va, "b": vb, "delta": delta})
    return what, rows
