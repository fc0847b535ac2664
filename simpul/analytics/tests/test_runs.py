"""Analysis runs on worked examples; saving and re-running gives identical results.

The sector example (computed by hand, in the unit of the table):

| sector | Tuban 2019 | Tuban 2023 | Jatim 2019 | Jatim 2023 |
|---|---|---|---|---|
| Pertanian | 100 | 110 | 1000 | 1100 |
| Industri | 300 | 390 | 2000 | 2200 |
| Jasa | 100 | 100 | 2000 | 2700 |
| total | 500 | 600 | 5000 | 6000 |

LQ 2023: Pertanian (110/600)/(1100/6000) = 1; Industri 0.65/0.3667 = 1.7727; Jasa 0.1667/0.45 = 0.3704.
Shift-share (E_t/E_0 = 1.2): Industri NS = 300·0.2 = 60, P = 300·(1.1−1.2) = −30,
D = 300·(1.3−1.1) = 60, total 90 = 390−300. Jasa: NS 20, P 15, D −35, total 0.
Klassen: Industri grows 30% vs 10% with share 65% vs 36.7% → I; Jasa 0% vs 35%, 16.7% vs 45% → IV.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from simpul.analytics import indicators, runs
from simpul.analytics.imports import read_indicator_file
from simpul.analytics.methods import MethodError
from simpul.analytics.models import AnalysisRun, FeaturedProduct, IndicatorTable, IndicatorValue
from simpul.analytics.runs import SeriesRef

pytestmark = pytest.mark.django_db

PDRB_LONG = """Wilayah,Lapangan Usaha,Tahun,Nilai
Tuban,Pertanian,2019,100
Tuban,Industri,2019,300
Tuban,Jasa,2019,100
Tuban,Pertanian,2023,110
Tuban,Industri,2023,390
Tuban,Jasa,2023,100
Jawa Timur,Pertanian,2019,1000
Jawa Timur,Industri,2019,2000
Jawa Timur,Jasa,2019,2000
Jawa Timur,Pertanian,2023,1100
Jawa Timur,Industri,2023,2200
Jawa Timur,Jasa,2023,2700
"""


@pytest.fixture
def pdrb(roles) -> IndicatorTable:
    outcome = read_indicator_file(io.BytesIO(PDRB_LONG.encode()), filename="pdrb.csv")
    assert outcome.ok, outcome.errors
    table = IndicatorTable.objects.create(
        name="PDRB ADHK",
        source="impor",
        measure="pdrb",
        unit="miliar Rp",
        sector_kind="label",
        region_level=0,
        citation="Contoh hitungan tangan",
        created_by=roles.pimpinan,
    )
    indicators.save_values(
        table,
        [
            indicators.Cell(v.region, v.region, v.sector, v.sector_label, v.year, v.value)
            for v in outcome.values
        ],
    )
    return table


def sector_run(table: IndicatorTable, formulas=("lq", "shift_share", "klassen"), start=2019, end=2023):
    params = runs.sector_parameters(
        formulas, SeriesRef(table.pk, "Tuban"), SeriesRef(table.pk, "Jawa Timur"), end, start
    )
    inputs = runs.sector_inputs(params, {table.pk: table})
    return params, inputs, runs.compute(AnalysisRun.Method.SECTOR, params, inputs)


def test_lq_shift_share_and_klassen_match_the_hand_computation(pdrb):
    _params, inputs, results = sector_run(pdrb)
    assert inputs["regional"]["2019"] == {"Industri": "300", "Jasa": "100", "Pertanian": "100"}
    lq = results["lq"]["rows"]
    assert lq["Pertanian"]["lq"] == pytest.approx(1.0)
    assert lq["Industri"]["lq"] == pytest.approx(0.65 / (2200 / 6000))
    assert lq["Jasa"]["lq"] == pytest.approx((100 / 600) / 0.45)
    assert results["lq"]["start_rows"]["Industri"]["lq"] == pytest.approx(1.5)
    ss = results["shift_share"]["rows"]
    assert ss["Industri"] == {
        "national_share": 60.0,
        "proportional": -30.0,
        "differential": 60.0,
        "total": 90.0,
        "change": 90.0,
    }
    assert ss["Jasa"] == {
        "national_share": 20.0,
        "proportional": 15.0,
        "differential": -35.0,
        "total": 0.0,
        "change": 0.0,
    }
    assert results["shift_share"]["totals"]["total"] == 100.0  # 600 − 500
    kl = results["klassen"]["rows"]
    assert (kl["Industri"]["quadrant"], kl["Pertanian"]["quadrant"], kl["Jasa"]["quadrant"]) == (
        "I",
        "I",
        "IV",
    )
    basis = [row["label"] for row in results["table"] if row.get("basis")]
    assert basis == ["Industri"]


def test_saving_and_rerunning_gives_identical_results(pdrb, roles):
    params, inputs, results = sector_run(pdrb)
    run = runs.save_run(
        AnalysisRun.Method.SECTOR,
        "PDRB Tuban vs Jatim",
        params,
        inputs,
        results,
        roles.pimpinan,
        table_ids=[pdrb.pk],
    )
    run = AnalysisRun.objects.get(pk=run.pk)  # read back through JSON
    again = runs.reproduce(run)
    assert again.identical, again.differences
    assert again.results == run.results
    assert again.data_changed is False
    assert list(run.tables.all()) == [pdrb]


def test_rerunning_after_the_data_changed_still_reproduces_and_says_so(pdrb, roles):
    params, inputs, results = sector_run(pdrb)
    run = runs.save_run(AnalysisRun.Method.SECTOR, "x", params, inputs, results, roles.pimpinan)
    IndicatorValue.objects.filter(table=pdrb, region="Tuban", sector="Jasa", year=2023).update(value=150)
    again = runs.reproduce(AnalysisRun.objects.get(pk=run.pk))
    assert again.identical
    assert again.data_changed is True


def test_the_sum_of_all_regions_can_be_the_reference(pdrb):
    params = runs.sector_parameters(["lq"], SeriesRef(pdrb.pk, "Tuban"), SeriesRef(pdrb.pk, "*"), 2023, None)
    inputs = runs.sector_inputs(params, {pdrb.pk: pdrb})
    assert inputs["reference"]["2023"]["Industri"] == "2590"
    results = runs.compute("sektor", params, inputs)
    assert results["lq"]["rows"]["Industri"]["lq"] == pytest.approx((390 / 600) / (2590 / 6600))


def test_sectors_missing_on_one_side_are_explained_not_fatal(pdrb):
    IndicatorValue.objects.filter(region="Tuban", sector="Jasa").delete()
    IndicatorValue.objects.create(table=pdrb, region="Tuban", sector="Tambang", year=2023, value=5)
    _params, _inputs, results = sector_run(pdrb, ("lq", "shift_share"))
    assert results["lq"]["rows"]["Jasa"]["lq"] == 0.0  # absent in the region: LQ 0
    assert "Tambang" not in results["lq"]["rows"]
    assert any("Tambang" in n and "referensi" in n for n in results["notes"])
    assert "Jasa" not in results["shift_share"]["rows"]
    assert any("Jasa" in n and "nilai awal" in n for n in results["notes"])


def test_bad_choices_raise_clear_errors(pdrb):
    with pytest.raises(MethodError, match="tahun awal"):
        runs.sector_parameters(
            ["shift_share"], SeriesRef(pdrb.pk, "Tuban"), SeriesRef(pdrb.pk, "*"), 2023, None
        )
    with pytest.raises(MethodError, match="sebelum tahun akhir"):
        runs.sector_parameters(["lq"], SeriesRef(pdrb.pk, "Tuban"), SeriesRef(pdrb.pk, "*"), 2019, 2023)
    params = runs.sector_parameters(["lq"], SeriesRef(pdrb.pk, "Tuban"), SeriesRef(pdrb.pk, "*"), 2021, None)
    with pytest.raises(MethodError, match="tidak punya data Tuban untuk tahun 2021"):
        runs.sector_inputs(params, {pdrb.pk: pdrb})


# ---------------------------------------------------------------------------
# Kajian and AHP
# ---------------------------------------------------------------------------

SCORES = {
    "Keripik": {"tenaga_kerja": "4", "pasar": "5", "bahan_baku": "3"},
    "Batik": {"tenaga_kerja": "5", "pasar": "3", "bahan_baku": "4"},
    "Gerabah": {"tenaga_kerja": "3", "pasar": "4", "bahan_baku": "5"},
}
CRITS = ["tenaga_kerja", "pasar", "bahan_baku"]


def kajian(scoring: str, weighting: str = "langsung", **inputs):
    params = {"methods": [scoring], "weighting": weighting, "scoring": scoring, "criteria": CRITS}
    data = {
        "criteria": CRITS,
        "scores": SCORES,
        "weights": {"tenaga_kerja": "3", "pasar": "2", "bahan_baku": "1"},
        **inputs,
    }
    return runs.compute("kajian", params, data)


def test_kajian_with_mpe_ranks_by_hand():
    # Keripik 4^3 + 5^2 + 3^1 = 92; Batik 125 + 9 + 4 = 138; Gerabah 27 + 16 + 5 = 48.
    results = kajian("mpe")
    assert results["totals"] == {"Keripik": 92.0, "Batik": 138.0, "Gerabah": 48.0}
    assert [(e["rank"], e["alternative"]) for e in results["ranking"]] == [
        (1, "Batik"),
        (2, "Keripik"),
        (3, "Gerabah"),
    ]


def test_kajian_with_bayes_normalises_direct_weights_and_ties_exactly():
    # Weights 3:2:1 become 1/2, 1/3, 1/6. Keripik 2 + 5/3 + 1/2 = 25/6 = Batik 5/2 + 1 + 2/3.
    results = kajian("bayes")
    assert results["weights"] == pytest.approx({"tenaga_kerja": 0.5, "pasar": 1 / 3, "bahan_baku": 1 / 6})
    assert results["totals"]["Keripik"] == results["totals"]["Batik"] == pytest.approx(25 / 6)
    assert [(e["rank"], e["alternative"]) for e in results["ranking"]] == [
        (1, "Batik"),
        (1, "Keripik"),
        (3, "Gerabah"),
    ]


def test_kajian_with_ahp_weights_over_two_levels():
    # Aspects ekonomi (tenaga_kerja), pasar (pasar) and sumber_daya (bahan_baku) each keep one
    # criterion; the aspect matrix says ekonomi is 2× pasar and 4× sumber daya, pasar 2× sumber daya:
    # consistent, priorities 4/7, 2/7, 1/7.
    matrix = [
        ["1", "4", "2"],
        ["1/4", "1", "1/2"],
        ["1/2", "2", "1"],
    ]  # ASPECTS order: ekonomi, sumber_daya, pasar
    results = kajian("bayes", "ahp", aspect_matrix=matrix, matrices={})
    assert results["weights"] == pytest.approx({"tenaga_kerja": 4 / 7, "pasar": 2 / 7, "bahan_baku": 1 / 7})
    assert results["ahp"]["consistent"] is True
    assert results["ahp"]["aspect_ahp"]["cr"] == pytest.approx(0, abs=1e-9)


def test_ahp_run_of_a_consistent_matrix():
    params = {"methods": ["ahp"]}
    inputs = {
        "labels": ["Pasar", "Bahan baku", "Tenaga kerja"],
        "matrix": [["1", "2", "4"], ["1/2", "1", "2"], ["1/4", "1/2", "1"]],
    }
    results = runs.compute("ahp", params, inputs)
    assert results["priorities"] == pytest.approx(
        {"Pasar": 4 / 7, "Bahan baku": 2 / 7, "Tenaga kerja": 1 / 7}
    )
    assert results["consistent"] is True


def test_missing_scores_are_refused():
    broken = {**SCORES, "Tenun": {"tenaga_kerja": "2", "pasar": "", "bahan_baku": "3"}}
    with pytest.raises(MethodError, match="Tenun"):
        runs.compute(
            "kajian",
            {"weighting": "langsung", "scoring": "mpe"},
            {"criteria": CRITS, "scores": broken, "weights": {c: "1" for c in CRITS}},
        )


def test_compare_two_runs(pdrb, roles):
    params, inputs, results = sector_run(pdrb, ("lq",), start=None)
    a = runs.save_run("sektor", "a", params, inputs, results, roles.pimpinan)
    IndicatorValue.objects.filter(region="Tuban", sector="Jasa", year=2023).update(value=200)
    params, inputs, results = sector_run(pdrb, ("lq",), start=None)
    b = runs.save_run("sektor", "b", params, inputs, results, roles.pimpinan)
    what, rows = runs.compare(a, b)
    assert what == "LQ"
    jasa = next(r for r in rows if r["key"] == "Jasa")
    assert jasa["delta"] == pytest.approx(jasa["b"] - jasa["a"]) and jasa["delta"] > 0


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def test_the_sector_page_previews_then_saves(client, roles, pdrb):
    client.force_login(roles.pimpinan)
    form = {
        "title": "LQ PDRB Tuban",
        "methods": ["lq", "shift_share"],
        "regional": f"{pdrb.pk}|Tuban",
        "reference": f"{pdrb.pk}|Jawa Timur",
        "year_start": "2019",
        "year_end": "2023",
    }
    preview = client.post(reverse("analytics:run_sector"), {**form, "action": "preview"})
    assert preview.status_code == 200
    assert "1,773" in preview.content.decode()  # LQ Industri, Indonesian decimals
    assert not AnalysisRun.objects.exists()
    saved = client.post(reverse("analytics:run_sector"), {**form, "action": "save"})
    run = AnalysisRun.objects.get()
    assert saved.status_code == 302 and saved.url == run.get_absolute_url()
    assert run.parameters["methods"] == ["lq", "shift_share"]
    assert run.formula_names == ["Location Quotient (LQ)", "Shift-Share"]
    detail = client.get(run.get_absolute_url())
    assert detail.status_code == 200 and "Cara mengutip" in detail.content.decode()
    client.post(reverse("analytics:run_reproduce", args=[run.pk]))
    again = client.get(run.get_absolute_url()).content.decode()
    assert "hasilnya identik" in again


def test_the_sector_page_shows_method_errors(client, roles, pdrb):
    client.force_login(roles.pimpinan)
    response = client.post(
        reverse("analytics:run_sector"),
        {
            "title": "x",
            "methods": ["klassen"],
            "regional": f"{pdrb.pk}|Tuban",
            "reference": f"{pdrb.pk}|*",
            "year_end": "2023",
        },
    )
    assert response.status_code == 200
    assert "memerlukan tahun awal" in response.content.decode()


def kajian_post(**extra) -> dict:
    data = {
        "title": "Kajian PUD 2025",
        "selected": CRITS,
        "weighting": "langsung",
        "scoring": "mpe",
        "kandidat": "3",
    }
    data.update({f"w_{c}": w for c, w in zip(CRITS, ("3", "2", "1"), strict=True)})
    for n, (name, row) in enumerate(SCORES.items()):
        data[f"c{n}_name"] = name
        data.update({f"c{n}_{c}": v for c, v in row.items()})
    data.update(extra)
    return data


def test_the_kajian_page_saves_and_products_can_be_featured(client, roles):
    client.force_login(roles.pimpinan)
    response = client.post(reverse("analytics:run_kajian"), kajian_post(action="save"))
    run = AnalysisRun.objects.get()
    assert response.status_code == 302
    assert run.results["ranking"][0]["alternative"] == "Batik"
    assert run.parameters["methods"] == ["mpe"]
    feature = client.post(
        reverse("analytics:run_feature", args=[run.pk]), {"year": 2025, "products": ["Batik", "Keripik"]}
    )
    assert feature.status_code == 302
    assert sorted(FeaturedProduct.objects.values_list("name", "rank")) == [("Batik", 1), ("Keripik", 2)]
    assert "Batik" in client.get(reverse("analytics:featured_list")).content.decode()


def test_the_kajian_page_with_ahp_pairs(client, roles):
    client.force_login(roles.pimpinan)
    pairs = {"pa_ekonomi__sumber_daya": "4", "pa_ekonomi__pasar": "2", "pa_sumber_daya__pasar": "1/2"}
    response = client.post(
        reverse("analytics:run_kajian"), kajian_post(weighting="ahp", scoring="bayes", action="save", **pairs)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run = AnalysisRun.objects.get()
    assert run.parameters["methods"] == ["ahp", "bayes"]
    assert run.inputs["aspect_matrix"] == [["1", "4", "2"], ["1/4", "1", "1/2"], ["1/2", "2", "1"]]
    assert run.results["weights"]["tenaga_kerja"] == pytest.approx(4 / 7)


def test_the_kajian_page_refuses_incomplete_rows(client, roles):
    client.force_login(roles.pimpinan)
    response = client.post(reverse("analytics:run_kajian"), kajian_post(c1_pasar="", action="save"))
    assert response.status_code == 200
    assert "Nilai &#x27;Batik&#x27; belum diisi" in response.content.decode()
    assert not AnalysisRun.objects.exists()


def test_the_ahp_page(client, roles):
    client.force_login(roles.petugas)
    response = client.post(
        reverse("analytics:run_ahp"),
        {"title": "Bobot", "labels": "A\nB\nC", "matrix": "1 2 4\n1/2 1 2\n0,25 0.5 1", "action": "save"},
    )
    run = AnalysisRun.objects.get()
    assert response.status_code == 302
    assert run.inputs["matrix"][2] == ["1/4", "1/2", "1"]
    assert run.results["priorities"]["A"] == pytest.approx(4 / 7)


def test_a_petugas_may_run_but_not_feature(client, roles):
    client.force_login(roles.petugas)
    client.post(reverse("analytics:run_kajian"), kajian_post(action="save"))
    run = AnalysisRun.objects.get()
    response = client.post(
        reverse("analytics:run_feature", args=[run.pk]), {"year": 2025, "products": ["Batik"]}
    )
    assert response.status_code == 403
    assert not FeaturedProduct.objects.exists()


def test_more_candidate_rows_keep_what_was_typed(client, roles):
    client.force_login(roles.pimpinan)
    response = client.post(reverse("analytics:run_kajian"), kajian_post(action="rows"))
    form = response.context["form"]
    assert form.candidate_count == 7
    assert not form.is_bound
    html = response.content.decode()
    assert 'value="Keripik"' in html and 'name="c6_name"' in html
    assert not AnalysisRun.objects.exists()
