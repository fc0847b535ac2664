import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from simpul.classifications.models import CommodityGroup, Kbli


@pytest.mark.django_db
def test_the_shipped_kbli_holds_manufacturing_divisions_10_to_33_with_groups():
    divisions = Kbli.objects.filter(level=Kbli.Level.GOLONGAN_POKOK)
    assert sorted(divisions.values_list("code", flat=True)) == [str(n) for n in range(10, 34)]
    assert Kbli.objects.get(code="10").title == "Industri Makanan"
    assert Kbli.objects.get(code="10").group.slug == "pangan"
    assert Kbli.objects.get(code="31").group.name == "Kerajinan"
    assert set(CommodityGroup.objects.values_list("name", flat=True)) >= {
        "Pangan",
        "Sandang & Kulit",
        "Kimia & Bahan Bangunan",
        "Logam & Elektronika",
        "Kerajinan",
    }


@pytest.mark.django_db
def test_import_kbli_loads_the_full_table_from_csv_keeping_manufacturing(tmp_path):
    path = tmp_path / "kbli.csv"
    path.write_text(
        "Kode,Judul\n01111,Pertanian Jagung\n101,Pengolahan dan Pengawetan Daging\n1010,Pengolahan Daging\n"
        "10101,Kegiatan Rumah Potong Hewan\n",
        encoding="utf-8",
    )
    call_command("import_kbli", str(path), verbosity=0)
    leaf = Kbli.objects.get(code="10101")
    assert leaf.level == Kbli.Level.KELOMPOK
    assert leaf.parent.code == "1010" and leaf.parent.parent.code == "101"
    assert leaf.parent.parent.parent.code == "10"
    assert not Kbli.objects.filter(code="01111").exists()


@pytest.mark.django_db
def test_import_kbli_reads_xlsx_with_codes_stored_as_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["KODE", "JUDUL"])
    sheet.append([1071, "Industri Produk Roti dan Kue"])
    sheet.append([10710, "Industri Produk Roti dan Kue"])
    path = tmp_path / "kbli.xlsx"
    book.save(path)
    call_command("import_kbli", str(path), verbosity=0)
    assert Kbli.objects.get(code="10710").parent_id == "1071"


@pytest.mark.django_db
def test_import_kbli_explains_a_file_without_codes(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_text("nama,alamat\nBudi,Tuban\n", encoding="utf-8")
    with pytest.raises(CommandError, match="kolom kode"):
        call_command("import_kbli", str(path), verbosity=0)


@pytest.mark.django_db
def test_the_admin_edits_commodity_groups_and_a_petugas_may_not(client, roles):
    client.force_login(roles.admin)
    response = client.post("/kelompok-komoditas/tambah/", {"name": "Batik", "slug": "batik", "order": 6})
    assert response.status_code == 302
    group = CommodityGroup.objects.get(slug="batik")
    client.post(f"/kelompok-komoditas/{group.pk}/arsip/")
    group.refresh_from_db()
    assert group.is_archived
    client.force_login(roles.petugas)
    assert client.get("/kelompok-komoditas/tambah/").status_code == 403
    assert client.get("/kelompok-komoditas/").status_code == 200


@pytest.mark.django_db
def test_a_duplicate_group_name_gets_a_message_next_to_the_field(client, roles):
    client.force_login(roles.admin)
    response = client.post("/kelompok-komoditas/tambah/", {"name": "Pangan", "slug": "pangan-2", "order": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
