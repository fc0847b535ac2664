"""People who log in, with their role and, for a petugas, the kecamatan they serve."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import Role
from simpul.core.scoping import Access, ScopedQuerySet

_ADMIN = frozenset({Role.ADMIN})


class UserQuerySet(ScopedQuerySet):
    pass


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.PETUGAS)
    kecamatan = models.ManyToManyField(
        "regions.Region",
        blank=True,
        verbose_name=_("kecamatan tugas"),
        help_text=_("Kosongkan bila petugas melayani seluruh wilayah."),
        limit_choices_to={"level": 3},
        related_name="+",
    )
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    organisation = models.CharField(_("instansi"), max_length=150, blank=True)

    objects = ScopedUserManager()
    access = Access(view=_ADMIN, add=_ADMIN, change=_ADMIN, archive=_ADMIN, export=_ADMIN)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def scope_codes(self) -> list[str]:
        """Kecamatan codes a petugas is limited to; empty means the whole region."""
        if self.role != Role.PETUGAS:
            return []
        cached = getattr(self, "_scope_codes", None)
        if cached is None:
            cached = list(self.kecamatan.values_list("code", flat=True))
            self._scope_codes = cached
        return cached

    @property
    def is_archived(self) -> bool:
        return not self.is_active

    def archive(self) -> None:
        self.is_active = False
        self.save(update_fields=["is_active"])

    def restore(self) -> None:
        self.is_active = True
        self.save(update_fields=["is_active"])
