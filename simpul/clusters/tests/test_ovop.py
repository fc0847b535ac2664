"""OVOP scoring: the sheet in force decides the stars, and the level of government must fit them."""

from decimal import Decimal

import pytest

from simpul.clusters import ovop
from simpul.clusters.models import OvopAspect, OvopAssessment, OvopStarRule


def test_stars_follow_the_default_thresholds():
    assert [ovop.stars_for(Decimal(p)) for p in (0, 39.99, 40, 55, 69, 70, 84.99, 85, 100)] == [
        1,
        1,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]


def test_the_percentage_weighs_each_aspect():
    lines = [
        ovop.ScoreLine(Decimal(10), Decimal(10), Decimal(2)),
        ovop.ScoreLine(Decimal(0), Decimal(10), Decimal(1)),
    ]
    assert ovop.weighted_percent(lines) == Decimal("66.67")
    assert ovop.weighted_percent([]) == Decimal(0)


def test_each_level_of_government_rates_its_own_stars():
    assert [ovop.level_for(n) for n in range(1, 6)] == [
        "kabkota",
        "kabkota",
        "provinsi",
        "kementerian",
        "kementerian",
    ]
    assert ovop.level_fits("provinsi", 3) and not ovop.level_fits("kabkota", 3)


def _post(aspects, points, level="kabkota", year=2025, **extra):
    data = {
        "produk": extra.pop("produk"),
        "year": year,
        "rater_level": level,
        "rater_name": "Ir. Sutrisno",
        "rater_agency": "Disperindag",
        **{f"aspect_{a.pk}": points.get(a.pk, 0) for a in aspects},
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_default_sheet_totals_one_hundred_points(clusters):
    aspects = OvopAspect.objects.filter(active=True)
    assert sum(a.max_points for a in aspects) == 100
    assert {a.group for a in aspects} == {"produksi", "pengembangan_produk", "pengembangan_masyarakat"}
    assert OvopStarRule.table() == ovop.DEFAULT_THRESHOLDS


@pytest.mark.django_db
def test_an_officer_rates_a_product_and_the_stars_come_from_the_scores(client, roles, clusters):
    aspects = list(OvopAspect.objects.filter(active=True))
    # 45 of 100 points: two stars, which the kabupaten may set.
    points = {a.pk: a.max_points for a in aspects if a.group == "produksi"}
    points[aspects[0].pk] = 5  # 55 - 10 = 45
    client.force_login(roles.petugas)
    usaha = clusters.a[0]
    response = client.post(
        f"/usaha/{usaha.pk}/ovop/tambah/", _post(aspects, points, produk=clusters.product_a.pk, year=2024)
    )
    assert response.status_code == 302, response.context["form"].errors
    assessment = OvopAssessment.objects.get(produk=clusters.product_a, year=2024)
    assert (assessment.percent, assessment.stars) == (Decimal(45), 2)
    assert assessment.desa_id == usaha.desa_id and assessment.kecamatan_id == "35.23.01"
    assert assessment.scores.count() == len(aspects)
    body = client.get(assessment.get_absolute_url()).content.decode()
    assert "★★☆☆☆" in body and "Ir. Sutrisno" in body


@pytest.mark.django_db
def test_editing_an_aspects_points_changes_the_stars(client, roles, clusters):
    """The same scores earn other stars once the office edits the sheet (and the product is re-rated)."""
    aspects = list(OvopAspect.objects.filter(active=True))
    design = next(a for a in aspects if a.name == "Desain produk")
    points = {a.pk: a.max_points for a in aspects if a.group == "produksi"}  # 55 of 100 → 3 stars
    client.force_login(roles.admin)
    data = _post(aspects, points, level="provinsi", produk=clusters.product_a.pk, year=2024)
    assert client.post(f"/usaha/{clusters.a[0].pk}/ovop/tambah/", data).status_code == 302
    assessment = OvopAssessment.objects.get(produk=clusters.product_a, year=2024)
    assert assessment.stars == 3

    # The office halves the weight of design: 55 of 92.5 points, still 3 stars (59.46%).
    response = client.post(
        f"/ovop/aspek/{design.pk}/ubah/",
        {
            "group": design.group,
            "name": design.name,
            "max_points": 15,
            "weight": "0.5",
            "active": "on",
            "order": 60,
        },
    )
    assert response.status_code == 302
    # …then design counts 30 points: 55 of 115 is 47.83%, two stars; the province may no longer set it.
    client.post(
        f"/ovop/aspek/{design.pk}/ubah/",
        {
            "group": design.group,
            "name": design.name,
            "max_points": 30,
            "weight": "1",
            "active": "on",
            "order": 60,
        },
    )
    # Past ratings keep the sheet they were given under until re-rated.
    assessment.refresh_from_db()
    assert assessment.stars == 3
    aspects = list(OvopAspect.objects.filter(active=True))
    edit = client.post(
        f"/ovop/{assessment.pk}/ubah/",
        _post(aspects, points, level="provinsi", produk=clusters.product_a.pk, year=2024),
    )
    assert edit.status_code == 200
    assert "setara bintang 2" in edit.content.decode()
    edit = client.post(
        f"/ovop/{assessment.pk}/ubah/",
        _post(aspects, points, level="kabkota", produk=clusters.product_a.pk, year=2024),
    )
    assert edit.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.percent, assessment.stars) == (Decimal("47.83"), 2)
    assert assessment.scores.get(aspect=design).max_points == 30


@pytest.mark.django_db
def test_editing_the_thresholds_changes_the_stars(client, roles, clusters):
    client.force_login(roles.admin)
    response = client.post("/ovop/lembar/", {"stars_2": 20, "stars_3": 30, "stars_4": 40, "stars_5": 50})
    assert response.status_code == 302
    assert OvopStarRule.table()[5] == Decimal(50)
    clusters.ovop_a.scores.create(aspect=OvopAspect.objects.first(), points=10, max_points=20, weight=1)
    clusters.ovop_a.rate()
    assert clusters.ovop_a.stars == 5


@pytest.mark.django_db
def test_thresholds_must_rise_and_only_the_admin_sets_them(client, roles, clusters):
    client.force_login(roles.admin)
    response = client.post("/ovop/lembar/", {"stars_2": 50, "stars_3": 40, "stars_4": 60, "stars_5": 70})
    assert response.status_code == 200 and "Ambang harus naik" in response.content.decode()
    client.force_login(roles.petugas)
    assert client.get("/ovop/lembar/").status_code == 200
    assert (
        client.post("/ovop/lembar/", {"stars_2": 1, "stars_3": 2, "stars_4": 3, "stars_5": 4}).status_code
        == 403
    )
    assert client.get(f"/ovop/aspek/{OvopAspect.objects.first().pk}/ubah/").status_code == 403


@pytest.mark.django_db
def test_the_level_must_fit_the_stars(client, roles, clusters):
    aspects = list(OvopAspect.objects.filter(active=True))
    full = {a.pk: a.max_points for a in aspects}  # 100% → 5 stars
    client.force_login(roles.petugas)
    url = f"/usaha/{clusters.a[0].pk}/ovop/tambah/"
    response = client.post(
        url, _post(aspects, full, level="kabkota", produk=clusters.product_a.pk, year=2023)
    )
    assert response.status_code == 200
    assert "Kementerian Perindustrian" in response.content.decode()
    response = client.post(
        url, _post(aspects, full, level="kementerian", produk=clusters.product_a.pk, year=2023)
    )
    assert response.status_code == 302
    assert OvopAssessment.objects.get(produk=clusters.product_a, year=2023).stars == 5


@pytest.mark.django_db
def test_points_above_an_aspects_maximum_and_foreign_products_are_refused(client, roles, clusters):
    aspects = list(OvopAspect.objects.filter(active=True))
    client.force_login(roles.petugas)
    url = f"/usaha/{clusters.a[0].pk}/ovop/tambah/"
    too_much = {aspects[0].pk: aspects[0].max_points + 1}
    response = client.post(url, _post(aspects, too_much, produk=clusters.product_a.pk))
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, _post(aspects, {}, produk=clusters.product_b.pk, year=2022))
    assert response.status_code == 200 and "produk" in response.context["form"].errors
    # One designation per product and year.
    response = client.post(url, _post(aspects, {}, produk=clusters.product_a.pk, year=2025))
    assert response.status_code == 200 and "year" in response.context["form"].errors
