"""Kemendagri regions: provinsi → kabupaten/kota → kecamatan → desa/kelurahan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import ANONYMOUS, Role
from simpul.core.scoping import Access, ScopedQuerySet

_EVERYONE = frozenset({*Role.values, ANONYMOUS})


class RegionQuerySet(ScopedQuerySet):
    def within(self, code: str) -> RegionQuerySet:
        """The region and everything below it."""
        return self.filter(Q(code=code) | Q(code__startswith=f"{code}."))

    def home(self) -> RegionQuerySet:
        return self.within(settings.SIMPUL_HOME_REGION)

    def at_level_within(self, code: str, level: int) -> RegionQuerySet:
        """The regions of `level` inside region `code` (or `code` itself, if it is of that level).

        The same rows as ``within(code).filter(level=level)``, found through the parent
        index: `within()` matches codes with LIKE, which reads all 91,599 regions of the
        country (SQLite cannot use an index for it). "" means the whole country.
        """
        depth = code.count(".") + 1 if code else 0
        if level < depth:
            return self.none()
        if level == depth:
            return self.filter(code=code, level=level)
        if not code:
            return self.filter(level=level)
        return self.filter(level=level, **{"__".join(["parent"] * (level - depth)) + "_id": code})

    def kecamatan(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.KECAMATAN)

    def desa(self) -> RegionQuerySet:
        return self.filter(level=Region.Level.DESA)


class Region(models.Model):
    """One Kemendagri region; the dotted code is the key (Kepmendagri 300.2.2-2138/2025).

    Using the code as primary key lets any record be limited to an area with
    a prefix match on its desa code, without a join.
    """

    class Level(models.IntegerChoices):
        PROVINSI = 1, _("Provinsi")
        KABKOTA = 2, _("Kabupaten/Kota")
        KECAMATAN = 3, _("Kecamatan")
        DESA = 4, _("Desa/Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100, db_index=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("jenis"), max_length=20)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("induk"),
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    objects = RegionQuerySet.as_manager()
    # Regions are public reference data; only the loader changes them.
    access = Access(
        view=_EVERYONE, add=frozenset(), change=frozenset(), archive=frozenset(), export=_EVERYONE, public=Q()
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.kind_label} {self.name}" if self.level in (3, 4) else self.name

    @property
    def kind_label(self) -> str:
        return {"kecamatan": "Kec.", "desa": "Desa", "kelurahan": "Kel."}.get(self.kind, "")

    def get_absolute_url(self) -> str:
        return reverse("regions:region_detail", args=[self.code])

    def ancestors(self) -> list[Region]:
        """Provinsi first; read by code prefix so it costs one query."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        return list(Region.objects.filter(code__in=codes).order_by("level"))
