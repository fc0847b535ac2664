"""An officer's decision about a pair of businesses proposed as duplicates.

Kept in its own module so the duplicate feature stays in its own files; it
is imported at the bottom of `registry/models.py` so Django registers it in
the registry app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet

_EDITORS = frozenset({Role.ADMIN, Role.PETUGAS})


class DuplicateDecision(models.Model):
    """What an officer decided about a candidate pair: merged, or "bukan duplikat".

    A pair is stored once, with the lower id first, so the detector can look a
    pair up without caring in which order it found the two businesses.
    """

    class Verdict(models.TextChoices):
        NOT_DUPLICATE = "bukan_duplikat", _("Bukan duplikat")
        MERGED = "digabung", _("Digabung")

    first = models.ForeignKey(
        "registry.Usaha", on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha pertama")
    )
    second = models.ForeignKey(
        "registry.Usaha", on_delete=models.CASCADE, related_name="+", verbose_name=_("usaha kedua")
    )
    verdict = models.CharField(_("keputusan"), max_length=16, choices=Verdict.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), default=timezone.now)
    #: For a merge: what moved and what stayed (the figures of a clashing yearly
    #: report among them), longer than a history change reason may be.
    note = models.TextField(_("catatan"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    access = Access(
        view=_EDITORS,
        add=_EDITORS,
        change=_EDITORS,
        archive=_EDITORS,
        export=_EDITORS,
        region="first__kecamatan",
    )

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("keputusan duplikat")
        verbose_name_plural = _("keputusan duplikat")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_decision_pair_unique"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="duplicate_decision_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.first_id} – #{self.second_id}: {self.get_verdict_display()}"

    @staticmethod
    def ordered(a_id: int, b_id: int) -> tuple[int, int]:
        """The pair's key: lower id first."""
        return (a_id, b_id) if a_id < b_id else (b_id, a_id)

    @classmethod
    def record(cls, a_id: int, b_id: int, verdict: str, user=None, note: str = "") -> DuplicateDecision:
        """Store (or replace) the decision about the pair a–b."""
        first, second = cls.ordered(a_id, b_id)
        decision, _created = cls.objects.update_or_create(
            first_id=first,
            second_id=second,
            defaults={"verdict": verdict, "decided_by": user, "decided_at": timezone.now(), "note": note},
        )
        return decision
