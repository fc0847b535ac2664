import pytest

from simpul.core.models import AuditEntry


@pytest.mark.django_db
def test_the_admin_searches_the_audit_log_and_nobody_can_change_it(client, roles):
    entry = AuditEntry.objects.create(
        username="t.petugas", action=AuditEntry.Action.EXPORT, model="registry.Usaha"
    )
    client.force_login(roles.admin)
    page = client.get("/audit/", {"q": "t.petugas"})
    assert page.status_code == 200 and "registry.Usaha" in page.content.decode()
    for role in (roles.petugas, roles.pimpinan, roles.pelaku):
        client.force_login(role)
        assert client.get("/audit/").status_code == 403
    entry.reason = "diubah"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
