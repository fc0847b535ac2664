import pytest
from django.core.management import call_command

from simpul.regions.loader import load_regions
from simpul.regions.lookup import EXACT, lookup_in_address, lookup_region
from simpul.regions.models import Region


@pytest.mark.django_db
def test_load_regions_leaves_the_kemendagri_2025_counts_and_can_run_twice():
    call_command("load_regions", verbosity=0)
    first = load_regions()
    second = load_regions()
    assert first == second
    levels = Region.Level
    assert Region.objects.filter(level=levels.PROVINSI).count() == 38
    assert Region.objects.filter(level=levels.KABKOTA).count() == 514
    assert Region.objects.filter(level=levels.KECAMATAN).count() == 7285
    assert Region.objects.filter(level=levels.DESA).count() == 83762


@pytest.mark.django_db
def test_regions_keep_the_hierarchy_kind_and_postal_code():
    tuban = Region.objects.get(code="35.23")
    assert tuban.name == "Kabupaten Tuban" and tuban.kind == "kabupaten" and tuban.parent_id == "35"
    desa = Region.objects.filter(parent_id="35.23.01").first()
    assert desa.level == Region.Level.DESA
    assert len(desa.postal_code) == 5
    assert [r.code for r in desa.ancestors()] == ["35", "35.23", "35.23.01"]
    assert Region.objects.get(code="64.72").kind == "kota"


@pytest.mark.parametrize(
    ("text", "within", "code"),
    [
        ("Kec. Tuban", "35.23", "35.23.16"),
        ("LOA JANAN", "", "64.02.03"),
        ("Samarinda Seberang", "", "64.72.02"),
        ("kecamatan   tambakboyo", "35.23", "35.23.06"),
    ],
)
def test_lookup_turns_names_as_people_write_them_into_official_regions(text, within, code):
    match = lookup_region(text, within=within)
    assert match is not None and match.code == code and match.confidence == EXACT


def test_lookup_reports_a_fuzzy_match_with_less_than_full_confidence():
    match = lookup_region("Tambak boyo", within="35.23")
    assert match.code == "35.23.06"
    assert match.confidence != EXACT


def test_lookup_returns_nothing_for_a_name_that_is_not_a_region():
    assert lookup_region("Qwertyuiop", within="35.23") is None
    assert lookup_region("", within="35.23") is None


def test_lookup_finds_the_kecamatan_at_the_end_of_an_address():
    match = lookup_in_address("Jl. Merdeka RT.23, Harapan Baru, Loa Janan", within="64.02")
    assert match.code == "64.02.03"


def test_lookup_uses_the_office_aliases():
    match = lookup_region("LJN", within="64.02", aliases={"ljn": "64.02.03"})
    assert match.code == "64.02.03" and match.confidence == EXACT


@pytest.mark.django_db
def test_regions_can_be_browsed_and_searched(client, roles):
    client.force_login(roles.petugas)
    response = client.get("/wilayah/", {"q": "Kenduruan"})
    assert response.status_code == 200
    assert b"35.23.01" in response.content
    detail = client.get("/wilayah/35.23.01/")
    assert detail.status_code == 200
    assert "Kenduruan" in detail.content.decode()
    assert detail.context["children"].count() > 5


@pytest.mark.django_db
def test_desa_options_list_only_the_desa_of_a_home_kecamatan(client):
    response = client.get("/wilayah/pilihan-desa/", {"kecamatan": "35.23.01"})
    options = response.content.decode()
    assert "35.23.01.2001" in options
    assert "64.02" not in client.get("/wilayah/pilihan-desa/", {"kecamatan": "64.02.03"}).content.decode()


@pytest.mark.django_db
def test_the_desa_field_accepts_only_home_region_desa():
    from django import forms

    from simpul.regions.forms import DesaField

    class F(forms.Form):
        desa = DesaField()

    assert F({"desa": "35.23.01.2001"}).is_valid()
    bad = F({"desa": "64.02.03.1001"})
    assert not bad.is_valid()
    assert "wilayah kerja dinas" in bad.errors["desa"][0]


@pytest.mark.django_db
def test_the_regions_api_lists_a_region_and_what_lies_below(client):
    response = client.get("/api/wilayah/", {"within": "35.23.01", "level": 4})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] > 5
    assert all(r["code"].startswith("35.23.01.") for r in data["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "35", "35.23", "35.23.01", "35.23.01.2001", "64.72"])
@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_at_level_within_finds_through_parents_what_within_finds_by_code(code, level):
    found = set(Region.objects.at_level_within(code, level).values_list("code", flat=True))
    everything = Region.objects.within(code) if code else Region.objects.all()
    assert found == set(everything.filter(level=level).values_list("code", flat=True))
