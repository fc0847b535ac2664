"""Who may reach the analysis pages and API: office roles yes; pelaku, mitra, asosiasi and the public no."""

from __future__ import annotations

import pytest
from django.urls import reverse

from simpul.analytics import runs
from simpul.analytics.models import AnalysisRun, FeaturedProduct, IndicatorTable

pytestmark = pytest.mark.django_db

OUTSIDERS = ("pelaku", "mitra", "asosiasi")


@pytest.fixture
def objects(roles):
    table = IndicatorTable.objects.create(
        name="T", source="impor", measure="pdrb", unit="Rp", sector_kind="label", region_level=2
    )
    params = {"methods": ["ahp"]}
    inputs = {"labels": ["a", "b"], "matrix": [["1", "2"], ["1/2", "1"]]}
    run = runs.save_run("ahp", "R", params, inputs, runs.compute("ahp", params, inputs), roles.pimpinan)
    featured = FeaturedProduct.objects.create(name="Batik", year=2025)
    return {"table": table, "run": run, "featured": featured}


def page_urls(objects) -> list[str]:
    return [
        reverse("analytics:dashboard"),
        reverse("analytics:home"),
        reverse("analytics:indicator_list"),
        reverse("analytics:indicator_detail", args=[objects["table"].pk]),
        reverse("analytics:indicator_import"),
        reverse("analytics:indicator_build"),
        reverse("analytics:run_list"),
        reverse("analytics:run_sector"),
        reverse("analytics:run_ahp"),
        reverse("analytics:run_kajian"),
        reverse("analytics:run_detail", args=[objects["run"].pk]),
        reverse("analytics:featured_list"),
    ]


API_URLS = [
    "/api/analisis/indikator/",
    "/api/analisis/run/",
    "/api/analisis/produk-unggulan/",
    "/api/analisis/dasbor/",
]


@pytest.mark.parametrize("role", ["admin", "petugas", "pimpinan"])
def test_office_roles_open_every_page(client, roles, objects, role):
    client.force_login(getattr(roles, role))
    for url in page_urls(objects):
        assert client.get(url).status_code == 200, url
    for url in API_URLS:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", OUTSIDERS)
def test_other_roles_are_refused_everywhere(client, roles, objects, role):
    client.force_login(getattr(roles, role))
    for url in page_urls(objects):
        assert client.get(url).status_code == 403, url
    for url in API_URLS:
        assert client.get(url).status_code == 403, url
    posts = [
        reverse("analytics:dashboard_report"),
        reverse("analytics:run_report", args=[objects["run"].pk]),
        reverse("analytics:run_feature", args=[objects["run"].pk]),
        reverse("analytics:run_archive", args=[objects["run"].pk]),
        reverse("analytics:indicator_archive", args=[objects["table"].pk]),
    ]
    for url in posts:
        assert client.post(url, {"format": "xlsx"}).status_code == 403, url
    assert client.post("/api/analisis/run/", {}, content_type="application/json").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, objects):
    for url in page_urls(objects):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/" in response.url, url
    for url in API_URLS:
        assert client.get(url).status_code in (401, 403), url


def test_only_admin_and_pimpinan_archive_or_feature(client, roles, objects):
    client.force_login(roles.petugas)
    assert client.post(reverse("analytics:run_archive", args=[objects["run"].pk])).status_code == 403
    assert (
        client.post(reverse("analytics:featured_archive", args=[objects["featured"].pk])).status_code == 403
    )
    assert client.delete(f"/api/analisis/run/{objects['run'].pk}/").status_code == 403
    client.force_login(roles.pimpinan)
    assert client.post(reverse("analytics:run_archive", args=[objects["run"].pk])).status_code == 302
    assert AnalysisRun.objects.get().is_archived


def test_report_pages_belong_to_whoever_asked(client, roles, objects):
    client.force_login(roles.pimpinan)
    client.post(reverse("analytics:run_report", args=[objects["run"].pk]), {"format": "xlsx"})
    from simpul.core.models import Job

    job = Job.objects.get()
    client.force_login(roles.petugas)
    assert client.get(reverse("analytics:report", args=[job.pk])).status_code == 404
    client.force_login(roles.admin)
    assert client.get(reverse("analytics:report", args=[job.pk])).status_code == 200
