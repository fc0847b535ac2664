"""KBLI 2020 and the office's commodity groups."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.core.models import SimpulModel
from simpul.core.roles import ANONYMOUS, Role
from simpul.core.scoping import Access, ScopedQuerySet

_EVERYONE = frozenset({*Role.values, ANONYMOUS})
_ADMIN = frozenset({Role.ADMIN})


class CommodityGroup(SimpulModel):
    """A commodity group of the office (Pangan, Kerajinan, ...); editable by the admin."""

    slug = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    access = Access(view=_EVERYONE, add=_ADMIN, change=_ADMIN, archive=_ADMIN, public=Q(archived_at=None))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("kelompok komoditas")
        verbose_name_plural = _("kelompok komoditas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classifications:group_detail", args=[self.pk])


class Kbli(models.Model):
    """A KBLI 2020 code: kategori (C), golongan pokok (2 digits) down to kelompok (5 digits)."""

    class Level(models.IntegerChoices):
        KATEGORI = 1, _("Kategori")
        GOLONGAN_POKOK = 2, _("Golongan pokok")
        GOLONGAN = 3, _("Golongan")
        SUBGOLONGAN = 4, _("Subgolongan")
        KELOMPOK = 5, _("Kelompok")

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    title = models.CharField(_("judul"), max_length=300)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("induk"),
    )
    group = models.ForeignKey(
        CommodityGroup, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("kelompok komoditas")
    )

    objects = ScopedQuerySet.as_manager()
    access = Access(
        view=_EVERYONE, add=frozenset(), change=frozenset(), archive=frozenset(), export=_EVERYONE, public=Q()
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("KBLI")
        verbose_name_plural = _("KBLI")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("classifications:kbli_detail", args=[self.code])

    @property
    def division(self) -> str:
        """The 2-digit golongan pokok, the unit of most analyses."""
        return self.code[:2]

    @staticmethod
    def level_of(code: str) -> int:
        return 1 if code.isalpha() else len(code)

    @staticmethod
    def parent_of(code: str) -> str | None:
        if code.isalpha():
            return None
        if len(code) == 2:
            return "C" if 10 <= int(code) <= 33 else None
        return code[:-1]
