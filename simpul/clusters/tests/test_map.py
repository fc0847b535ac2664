"""The map page and its JSON: only what the user may see, never personal data, a fixed number of queries."""

from decimal import Decimal

import pytest

from simpul.clusters.models import Keanggotaan, Sentra
from simpul.clusters.tests.conftest import DESA_A
from simpul.registry.models import Usaha

PERSONAL = (
    "Siti Aminah",
    "Bambang Sutejo",
    "3523014508900001",
    "+6281234567001",
    "+6281299990001",
    "6281299990001",
)


@pytest.fixture
def placed(clusters):
    """Give every business a point (the kawasan and sentra then get one too)."""
    for n, usaha in enumerate([*clusters.a, clusters.b]):
        Usaha.objects.filter(pk=usaha.pk).update(
            latitude=Decimal("-6.9") + Decimal(n) / 1000, longitude=Decimal("112.05") + Decimal(n) / 1000
        )
    return clusters


def _json(client, kind: str, **params):
    response = client.get(f"/peta/{kind}.json", params)
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_the_map_page_is_for_the_office(client, roles, placed):
    for role, status in [
        ("admin", 200),
        ("petugas", 200),
        ("pimpinan", 200),
        ("pelaku", 403),
        ("mitra", 403),
    ]:
        client.force_login(getattr(roles, role))
        assert client.get("/peta/").status_code == status
    client.logout()
    assert client.get("/peta/").status_code == 302
    for kind in ("usaha", "sentra", "kawasan"):
        assert client.get(f"/peta/{kind}.json").status_code == 403
        client.force_login(roles.pelaku)
        assert client.get(f"/peta/{kind}.json").status_code == 403
        client.logout()


@pytest.mark.django_db
def test_the_map_page_loads_without_a_basemap_and_offers_kawasan_from_desa(client, roles, placed, settings):
    settings.SIMPUL_TILE_URL = ""
    client.force_login(roles.petugas)
    body = client.get("/peta/").content.decode()
    assert 'data-tiles=""' in body
    assert "leaflet.markercluster.js" in body and "clusters/map.js" in body
    assert 'name="desa" value="35.23.01.2001"' in body
    assert "<script>" not in body  # data goes through data- attributes and a JSON block only
    client.force_login(roles.pimpinan)
    body = client.get("/peta/").content.decode()
    assert 'name="desa" value="35.23.01.2001"' not in body  # the analyst cannot create a kawasan


@pytest.mark.django_db
def test_the_map_json_keeps_to_the_users_kecamatan(client, roles, placed):
    client.force_login(roles.petugas_kec)
    usaha = _json(client, "usaha")["usaha"]
    assert {u["id"] for u in usaha} == {u.pk for u in placed.a}
    assert [s["name"] for s in _json(client, "sentra")["sentra"]] == ["Sentra Tahu Jlodro"]
    assert [k["name"] for k in _json(client, "kawasan")["kawasan"]] == ["Kawasan Pangan Kenduruan"]
    client.force_login(roles.petugas_other)
    assert [u["name"] for u in _json(client, "usaha")["usaha"]] == ["Gerabah Tanah Liat"]
    assert [s["name"] for s in _json(client, "sentra")["sentra"]] == ["Sentra Gerabah Tuban"]
    client.force_login(roles.petugas)
    assert _json(client, "usaha")["count"] == 7


@pytest.mark.django_db
def test_the_map_json_holds_no_personal_data(client, roles, placed):
    client.force_login(roles.admin)
    for kind in ("usaha", "sentra", "kawasan"):
        body = client.get(f"/peta/{kind}.json").content.decode()
        for value in PERSONAL:
            assert value not in body, (kind, value)
    row = _json(client, "usaha")["usaha"][0]
    assert set(row) == {
        "id",
        "name",
        "lat",
        "lng",
        "desa",
        "desa_name",
        "kecamatan",
        "kbli",
        "group",
        "status",
        "url",
    }


@pytest.mark.django_db
def test_the_map_filters_by_group_kbli_and_kecamatan(client, roles, placed):
    client.force_login(roles.petugas)
    assert _json(client, "usaha", kbli="23")["count"] == 1
    assert _json(client, "usaha", kecamatan="35.23.01")["count"] == 6
    pangan = placed.a[0].group_id
    assert _json(client, "usaha", group=pangan)["count"] == 6
    assert [s["name"] for s in _json(client, "sentra", kbli="10")["sentra"]] == ["Sentra Tahu Jlodro"]
    assert [k["name"] for k in _json(client, "kawasan", kecamatan="35.23.16")["kawasan"]] == [
        "Kawasan Gerabah Tuban"
    ]


@pytest.mark.django_db
def test_sentra_and_kawasan_without_a_point_sit_at_their_members(client, roles, placed):
    client.force_login(roles.petugas)
    sentra = next(s for s in _json(client, "sentra")["sentra"] if s["name"] == "Sentra Tahu Jlodro")
    assert sentra["lat"] == pytest.approx(-6.898) and sentra["active"] == 5 and sentra["rule_met"]
    kawasan = next(k for k in _json(client, "kawasan")["kawasan"] if k["name"] == "Kawasan Pangan Kenduruan")
    assert kawasan["desa"] == ["35.23.01.2001", "35.23.01.2002"] and kawasan["radius"] >= 800


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "limit"), [("usaha", 4), ("sentra", 5), ("kawasan", 6)])
def test_the_map_json_costs_a_fixed_number_of_queries(
    client, roles, placed, kind, limit, django_assert_max_num_queries
):
    for n in range(80):
        usaha = Usaha.objects.create(
            name=f"Usaha {n}",
            desa_id=DESA_A,
            kbli_id="10",
            latitude=Decimal("-6.9"),
            longitude=Decimal("112.1"),
        )
        if n % 8 == 0:
            sentra = Sentra.objects.create(name=f"Sentra {n}", desa_id=DESA_A, kbli_id="10")
            Keanggotaan.objects.create(sentra=sentra, usaha=usaha)
    client.force_login(roles.petugas_kec)
    # Session, user and the petugas's kecamatan, then the data itself.
    with django_assert_max_num_queries(limit):
        data = _json(client, kind)
    assert data["count"] > 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sentra/", "/kawasan/", "/ovop/"])
def test_the_lists_make_no_query_per_row(client, roles, clusters, url, django_assert_max_num_queries):
    from simpul.clusters.models import Kawasan, OvopAssessment
    from simpul.registry.models import Produk

    for n in range(60):
        usaha = Usaha.objects.create(name=f"Usaha Uji {n}", desa_id=DESA_A, kbli_id="10")
        sentra = Sentra.objects.create(name=f"Sentra Uji {n}", desa_id=DESA_A, kbli_id="10")
        Keanggotaan.objects.create(sentra=sentra, usaha=usaha)
        kawasan = Kawasan.objects.create(name=f"Kawasan Uji {n}", theme="uji")
        kawasan.desa.set([DESA_A])
        produk = Produk.objects.create(usaha=usaha, name=f"Produk {n}")
        OvopAssessment.objects.create(
            usaha=usaha, produk=produk, year=2024, rater_level="kabkota", rater_name="x", rater_agency="y"
        )
    client.force_login(roles.petugas_kec)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 50
