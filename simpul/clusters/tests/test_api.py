"""Writing through the API keeps the screens' rules: scope, members the user sees, stars from scores."""

import pytest

from simpul.clusters.models import Kawasan, OvopAspect, OvopAssessment, Sentra
from simpul.clusters.tests.conftest import DESA_A, DESA_B


@pytest.mark.django_db
def test_an_officer_creates_a_sentra_with_members_through_the_api(client, roles, clusters):
    client.force_login(roles.petugas_kec)
    members = [u.pk for u in clusters.a[:5]]
    response = client.post(
        "/api/sentra/",
        {"name": "Sentra API", "desa": DESA_A, "kbli": "10", "members": members},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["active_member_count"], data["rule_met"], data["kecamatan"]) == (5, True, "35.23.01")
    assert set(Sentra.objects.get(name="Sentra API").members.values_list("pk", flat=True)) == set(members)


@pytest.mark.django_db
def test_the_api_refuses_rows_outside_the_users_scope(client, roles, clusters):
    client.force_login(roles.petugas_other)
    response = client.post(
        "/api/sentra/", {"name": "Seberang", "desa": DESA_A}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Sentra.objects.filter(name="Seberang").exists()
    # Members must be businesses the user sees.
    response = client.post(
        "/api/sentra/",
        {"name": "Tuban Baru", "desa": DESA_B, "members": [clusters.a[0].pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = client.post(
        "/api/kawasan/", {"name": "K", "theme": "t", "desa": [DESA_A]}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Kawasan.objects.filter(name="K").exists()


@pytest.mark.django_db
def test_an_ovop_assessment_through_the_api_derives_its_stars(client, roles, clusters):
    client.force_login(roles.petugas)
    scores = [{"aspect": a.pk, "points": a.max_points} for a in OvopAspect.objects.filter(active=True)]
    payload = {
        "usaha": clusters.a[0].pk,
        "produk": clusters.product_a.pk,
        "year": 2022,
        "rater_level": "kabkota",
        "rater_name": "Tim",
        "rater_agency": "Kemenperin",
        "scores": scores,
    }
    response = client.post("/api/ovop/", payload, content_type="application/json")
    assert response.status_code == 400 and "rater_level" in response.json()
    payload["rater_level"] = "kementerian"
    response = client.post("/api/ovop/", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert (response.json()["stars"], response.json()["percent"]) == (5, "100.00")
    assert OvopAssessment.objects.get(pk=response.json()["id"]).scores.count() == len(scores)


@pytest.mark.django_db
def test_the_api_schema_documents_the_endpoints(client, roles):
    client.force_login(roles.admin)
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/sentra/", "/api/kawasan/", "/api/ovop/", "/api/ovop-aspek/"):
        assert path in schema


@pytest.mark.django_db
def test_the_demo_seeder_creates_sentra_kawasan_and_ovop(roles):
    # Only the registry's seeder and ours: other apps' demo data is not this test's business.
    from simpul.clusters.seed import seed_clusters
    from simpul.core.demo import DemoContext
    from simpul.registry.seed import seed_registry

    context = DemoContext(region="35.23", ikm=1000, seed=3, log=lambda _line: None)
    seed_registry(context)
    seed_clusters(context)
    assert Sentra.objects.count() >= 3
    unmet = [s for s in Sentra.objects.with_counts() if not Sentra.meets_rule(s.n_active)]
    assert len(unmet) == 1
    kawasan = list(Kawasan.objects.all())
    assert len(kawasan) == 2 and all(k.attractions and k.directions and k.opening_hours for k in kawasan)
    years = set(OvopAssessment.objects.values_list("year", flat=True))
    assert len(years) == 3
    for assessment in OvopAssessment.objects.all():
        assert assessment.scores.exists()
        assert assessment.rater_level == {1: "kabkota", 2: "kabkota", 3: "provinsi"}.get(
            assessment.stars, "kementerian"
        )
