"""The one rule of who sees what, exercised on the models of the foundation."""

import pytest
from django.db.models import Q

from simpul.accounts.models import User
from simpul.classifications.models import CommodityGroup
from simpul.core.roles import Role
from simpul.core.scoping import Access, can, scope_q


@pytest.mark.django_db
def test_users_are_visible_to_the_admin_only(roles):
    assert User.objects.restrict(roles.admin).count() >= 9
    for user in (roles.petugas, roles.pimpinan, roles.pelaku, roles.mitra, roles.asosiasi):
        assert User.objects.restrict(user).count() == 0


@pytest.mark.django_db
def test_everyone_reads_commodity_groups_but_only_the_admin_changes_them(roles):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert CommodityGroup.objects.restrict(anonymous).count() == 5
    assert can(roles.admin, "change", CommodityGroup)
    assert not can(roles.petugas, "change", CommodityGroup)
    assert CommodityGroup.objects.restrict(roles.petugas, "change").count() == 0


class _Row:
    """A stand-in model class carrying an Access, to test the rule itself."""

    access = Access(region="kecamatan", owner="owners__account", public=Q(published=True))


@pytest.mark.django_db
def test_a_petugas_with_kecamatan_is_limited_to_them_by_code_prefix(roles):
    condition = scope_q(roles.petugas_kec, "view", _Row)
    assert condition == Q(kecamatan__in=["35.23.01"])
    assert scope_q(roles.petugas, "view", _Row) == Q()


@pytest.mark.django_db
def test_owners_see_their_own_rows_and_the_public_only_published_ones(roles):
    from django.contrib.auth.models import AnonymousUser

    assert scope_q(roles.pelaku, "view", _Row) is None  # pelaku lacks "view" by default
    owner_access = type("R", (), {"access": Access(view=frozenset({Role.PELAKU}), owner="owners__account")})
    assert scope_q(roles.pelaku, "view", owner_access) == Q(owners__account=roles.pelaku)
    assert scope_q(AnonymousUser(), "view", _Row) is None
    public_access = type("P", (), {"access": Access(view=frozenset({"anonim"}), public=Q(published=True))})
    assert scope_q(AnonymousUser(), "view", public_access) == Q(published=True)


@pytest.mark.django_db
def test_a_role_with_permission_but_no_tie_sees_nothing_rather_than_everything(roles):
    loose = type("L", (), {"access": Access(view=frozenset({Role.MITRA}))})
    assert scope_q(roles.mitra, "view", loose) is None
