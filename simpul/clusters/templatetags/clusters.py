"""The business page's panel of sentra, kawasan and OVOP (included by the registry's template)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from simpul.clusters.forms import sentra_choices_for
from simpul.clusters.models import Kawasan, Keanggotaan, OvopAssessment, Sentra
from simpul.core.scoping import can

register = template.Library()

#: How many sentra the "join a sentra" select offers on the business page.
JOIN_CHOICES = 50


@register.simple_tag(takes_context=True)
def usaha_clusters(context: template.Context, usaha) -> dict[str, Any]:
    """What the panel shows for one business: its sentra, the kawasan it lies in, its OVOP ratings.

    The business page is already scoped, so whoever sees it sees the names
    here (an owner sees which sentra their business belongs to); links and
    actions appear only for users whose role may open or change them.
    """
    user = context["request"].user
    memberships = list(
        Keanggotaan.objects.filter(usaha=usaha, sentra__archived_at=None).select_related("sentra")
    )
    kawasan = (
        Kawasan.objects.filter(archived_at=None)
        .filter(Q(desa=usaha.desa_id) | Q(sentra__keanggotaan__usaha=usaha))
        .distinct()
        .order_by("name")
    )
    may_join = can(user, "change", Sentra) and not usaha.is_archived
    return {
        "memberships": memberships,
        "kawasan": list(kawasan),
        "ovop": list(
            OvopAssessment.objects.filter(usaha=usaha, archived_at=None)
            .select_related("produk")
            .order_by("-year")
        ),
        "links": can(user, "view", Sentra),
        "may_join": may_join,
        "join_choices": list(sentra_choices_for(usaha, user)[:JOIN_CHOICES]) if may_join else [],
        "may_rate": can(user, "add", OvopAssessment) and not usaha.is_archived,
    }
