import pytest

from simpul.core.ids import parse_id


@pytest.mark.parametrize("text", ["", None, "abc", "³", "-3", "0", "1.5", "9" * 30, "١٢"])
def test_anything_but_a_plain_positive_id_reads_as_none(text):
    assert parse_id(text) is None


def test_a_plain_id_is_read():
    assert parse_id(" 42 ") == 42


@pytest.mark.django_db
def test_odd_ids_in_the_query_do_not_break_pages(client, roles):
    client.force_login(roles.admin)
    for url in ("/kendala/tambah/?usaha=³", "/usaha/perubahan/?usaha=99999999999999999999999"):
        assert client.get(url).status_code == 200, url
