import pytest
from django.core import mail

from simpul.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from simpul.core.navigation import menu_for

OFFICE_MENU = {"regions:region_list", "classifications:kbli_list"}


@pytest.mark.django_db
def test_the_login_page_shows_demo_accounts_only_in_demo_mode(client, settings):
    settings.SIMPUL_DEMO = True
    page = client.get("/akun/masuk/").content.decode()
    assert "Akun demo" in page and DEMO_PASSWORD in page
    settings.SIMPUL_DEMO = False
    page = client.get("/akun/masuk/").content.decode()
    assert "Akun demo" not in page and DEMO_PASSWORD not in page


@pytest.mark.django_db
def test_each_demo_account_logs_in_with_the_demo_password(client):
    create_demo_accounts("35.23.01")
    for username in ("admin", "petugas", "petugas.kec", "pimpinan", "asosiasi", "mitra", "pelaku"):
        response = client.post("/akun/masuk/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post("/akun/keluar/")


@pytest.mark.django_db
def test_a_wrong_password_gets_a_clear_indonesian_message(client, roles):
    response = client.post("/akun/masuk/", {"username": "t.admin", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


@pytest.mark.django_db
def test_the_menu_follows_the_role(roles):
    names = lambda user: {item["name"] for item in menu_for(user)}  # noqa: E731
    assert names(roles.admin) >= OFFICE_MENU
    assert "accounts:user_list" in names(roles.admin)
    assert names(roles.petugas) >= OFFICE_MENU
    assert "accounts:user_list" not in names(roles.petugas)
    assert names(roles.pimpinan) >= OFFICE_MENU
    for outsider in (roles.pelaku, roles.mitra, roles.asosiasi):
        assert not OFFICE_MENU & names(outsider)


@pytest.mark.django_db
def test_office_pages_send_visitors_to_login_and_refuse_other_roles(client, roles):
    response = client.get("/akun/pengguna/")
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    client.force_login(roles.pelaku)
    assert client.get("/akun/pengguna/").status_code == 403


@pytest.mark.django_db
def test_a_user_changes_their_password(client, roles):
    client.force_login(roles.petugas)
    response = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": "uji-sandi-2026",
            "new_password1": "Tuban-baru-2026!",
            "new_password2": "Tuban-baru-2026!",
        },
    )
    assert response.status_code == 302
    roles.petugas.refresh_from_db()
    assert roles.petugas.check_password("Tuban-baru-2026!")


@pytest.mark.django_db
def test_a_weak_new_password_is_refused(client, roles):
    client.force_login(roles.petugas)
    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": "uji-sandi-2026", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


@pytest.mark.django_db
def test_a_password_reset_mail_carries_a_working_link(client, roles):
    roles.petugas.email = "petugas@example.org"
    roles.petugas.save()
    client.post("/akun/lupa-sandi/", {"email": "petugas@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/atur-sandi/" in line)
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_adds_a_petugas_limited_to_a_kecamatan(client, roles):
    client.force_login(roles.admin)
    response = client.post(
        "/akun/pengguna/tambah/",
        {"username": "budi", "first_name": "Budi", "role": "petugas", "kecamatan": ["35.23.02"]},
    )
    assert response.status_code == 302
    from simpul.accounts.models import User

    budi = User.objects.get(username="budi")
    assert budi.scope_codes() == ["35.23.02"]
    assert not budi.has_usable_password()


@pytest.mark.django_db
def test_the_interface_switches_to_english(client, roles):
    client.force_login(roles.admin)
    assert "Keluar" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Log out" in page


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_login_for_a_while(client, roles, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/akun/masuk/", {"username": "t.admin", "password": "salah"})
    locked = client.post("/akun/masuk/", {"username": "t.admin", "password": "uji-sandi-2026"})
    assert locked.status_code == 429
    assert "dikunci sementara" in locked.content.decode()
    client.post("/akun/masuk/", {"username": "t.petugas", "password": "uji-sandi-2026"})
    assert "_auth_user_id" in client.session  # another account is not affected
