"""Template pieces other apps include: the programs and cases of a business."""

from __future__ import annotations

from django import template

from simpul.core.roles import Role, role_of
from simpul.core.scoping import can
from simpul.programs.models import Kendala, Partisipasi

register = template.Library()


@register.inclusion_tag("programs/_usaha_tab_body.html", takes_context=True)
def usaha_programs(context, usaha) -> dict:
    """Participations and constraint cases of one business, as the viewer may see them (two queries)."""
    user = context["request"].user
    participations = (
        Partisipasi.objects.restrict(user, "view")
        .filter(usaha=usaha, archived_at=None)
        .select_related("program", "kegiatan")
        .order_by("-program__year", "program__name")
    )
    cases = (
        Kendala.objects.restrict(user, "view")
        .filter(usaha=usaha, archived_at=None)
        .select_related("mitra")
        .order_by("-created_at")
    )
    return {
        "usaha": usaha,
        "participations": list(participations),
        "cases": list(cases),
        "can_add_case": can(user, "add", Kendala)
        and role_of(user) in (Role.ADMIN, Role.PETUGAS, Role.PELAKU),
        "link_programs": role_of(user) in (Role.ADMIN, Role.PETUGAS, Role.PIMPINAN),
    }


_STATUS_CLASS = {
    # participation
    "diusulkan": "secondary",
    "terpilih": "primary",
    "hadir": "info",
    # both
    "selesai": "success",
    "ditolak": "danger",
    # case
    "terbuka": "warning",
    "diproses": "primary",
    # program
    "rencana": "secondary",
    "berjalan": "primary",
}


@register.filter
def status_class(status: str) -> str:
    """The Bootstrap colour of a status badge."""
    return _STATUS_CLASS.get(status, "light")


@register.filter
def rupiah(value) -> str:
    """1500000 → "1.500.000" (the Indonesian thousands separator); empty stays "—"."""
    if value in (None, ""):
        return "—"
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)
