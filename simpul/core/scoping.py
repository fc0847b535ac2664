"""Who may see and do what: the one place where that rule is written.

Every model that users reach through a screen or the API uses
`ScopedQuerySet` and declares an `Access`: which roles may do each action
and, for the roles that see only part of the data, the lookup that ties a
row to them. Views and API endpoints in core always start from
`Model.objects.restrict(user, action)`, so a view cannot forget the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from simpul.core.roles import ANONYMOUS, Role, role_of

ACTIONS = ("view", "add", "change", "archive", "export")

_OFFICE_VIEW = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
_OFFICE_EDIT = frozenset({Role.ADMIN, Role.PETUGAS})


@dataclass(frozen=True)
class Access:
    """What each role may do with a model, and how rows are tied to users.

    `region` is a lookup to the row's kecamatan (a Region keyed by its dotted
    Kemendagri code, e.g. "kecamatan" or "usaha__kecamatan"), used to limit a
    petugas to the kecamatan they serve. `owner`, `asosiasi` and
    `mitra` are lookups to the user who owns, represents or answers a row.
    `public` is the condition under which anonymous visitors see a row.
    """

    view: frozenset[str] = _OFFICE_VIEW
    add: frozenset[str] = _OFFICE_EDIT
    change: frozenset[str] = _OFFICE_EDIT
    archive: frozenset[str] = _OFFICE_EDIT
    export: frozenset[str] = _OFFICE_VIEW
    region: str | None = None
    owner: str | None = None
    asosiasi: str | None = None
    mitra: str | None = None
    public: Q | None = None
    extra: dict = field(default_factory=dict)

    def roles_for(self, action: str) -> frozenset[str]:
        if action not in ACTIONS:
            raise ValueError(f"Unknown action {action!r}")
        return getattr(self, action)


def access_of(model: type[models.Model]) -> Access:
    """The Access a model declares; models without one are office-only."""
    return getattr(model, "access", None) or Access()


def can(user, action: str, model: type[models.Model]) -> bool:
    """Whether the user's role may do `action` on some rows of `model`."""
    return role_of(user) in access_of(model).roles_for(action)


def _codes_q(lookup: str, codes: Iterable[str]) -> Q:
    # An exact match on the kecamatan key uses its index and needs no join.
    return Q(**{f"{lookup}__in": list(codes)})


def scope_q(user, action: str, model: type[models.Model]) -> Q | None:
    """The condition a row must meet for this user and action; None means no rows."""
    access = access_of(model)
    role = role_of(user)
    if role not in access.roles_for(action):
        return None
    if role == Role.ADMIN or role == Role.PIMPINAN:
        return Q()
    if role == Role.PETUGAS:
        codes = list(user.scope_codes()) if hasattr(user, "scope_codes") else []
        if not codes or access.region is None:
            return Q()
        return _codes_q(access.region, codes)
    lookup = {Role.PELAKU: access.owner, Role.ASOSIASI: access.asosiasi, Role.MITRA: access.mitra}.get(role)
    if role == ANONYMOUS:
        return access.public
    if lookup is None:
        # A role with the permission but no declared tie sees rows only when
        # they are public; never the whole table by accident.
        return access.public
    return Q(**{lookup: user})


class ScopedQuerySet(models.QuerySet):
    """QuerySet with `restrict(user, action)`, the entry point of every view."""

    def restrict(self, user, action: str = "view") -> ScopedQuerySet:
        condition = scope_q(user, action, self.model)
        if condition is None:
            return self.none()
        qs = self.filter(condition)
        # A condition that follows a relation (owners__account, usaha__kecamatan
        # of a person) can match a row several times.
        if any("__" in str(child[0]) for child in condition.children if isinstance(child, tuple)):
            qs = qs.distinct()
        return qs
