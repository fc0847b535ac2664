"""Two officers editing the same record: the second is told, not silently overwritten."""

import pytest

from simpul.registry.models import Usaha


def form_data(usaha: Usaha, **changes) -> dict:
    data = {
        "name": usaha.name,
        "legal_form": usaha.legal_form,
        "desa": usaha.desa_id,
        "status": usaha.status,
        "source": usaha.source,
        "confirm_duplicate": "1",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_second_editor_is_told_and_their_input_is_kept(client, roles):
    usaha = Usaha.objects.create(name="Tenun Ikat Rahayu", desa_id="35.23.01.2001")
    client.force_login(roles.petugas)
    opened = client.get(f"/usaha/{usaha.pk}/ubah/").context["edit_version"]

    other = Usaha.objects.get(pk=usaha.pk)
    other._history_user = roles.admin
    other.name = "Tenun Ikat Rahayu Abadi"
    other.save()

    response = client.post(
        f"/usaha/{usaha.pk}/ubah/", {**form_data(usaha, name="Tenun Rahayu"), "_versi": opened}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "sudah diubah oleh" in page and "belum disimpan" in page
    assert 'value="Tenun Rahayu"' in page
    assert Usaha.objects.get(pk=usaha.pk).name == "Tenun Ikat Rahayu Abadi"

    # Having seen the warning, the officer saves knowingly.
    again = client.post(
        f"/usaha/{usaha.pk}/ubah/",
        {**form_data(usaha, name="Tenun Rahayu"), "_versi": response.context["edit_version"]},
    )
    assert again.status_code == 302
    assert Usaha.objects.get(pk=usaha.pk).name == "Tenun Rahayu"


@pytest.mark.django_db
def test_an_edit_without_a_concurrent_change_saves_at_once(client, roles):
    usaha = Usaha.objects.create(name="Tenun Ikat Rahayu", desa_id="35.23.01.2001")
    client.force_login(roles.petugas)
    opened = client.get(f"/usaha/{usaha.pk}/ubah/").context["edit_version"]
    response = client.post(
        f"/usaha/{usaha.pk}/ubah/", {**form_data(usaha, name="Tenun Baru"), "_versi": opened}
    )
    assert response.status_code == 302
