"""Keep the public catalog current when the registry (or an OVOP rating) changes.

Bulk loads skip signals; they call `catalog.refresh_businesses()` or
`catalog.rebuild()` once at the end (the demo seeder does).
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from simpul.market import catalog
from simpul.market.models import Penawaran, Penerusan, PesanKatalog
from simpul.registry.merge import usaha_merged
from simpul.registry.models import Kepemilikan, Legalitas, Pelaku, Produk, Usaha
from simpul.registry.models_consent import ConsentRecord


@receiver(post_save, sender=Produk)
def _product_saved(sender, instance: Produk, raw: bool = False, **kwargs) -> None:
    if not raw:
        catalog.refresh_products([instance.pk])


@receiver(post_save, sender=Usaha)
def _business_saved(sender, instance: Usaha, raw: bool = False, **kwargs) -> None:
    # Status, name, place and archiving of the business all show in its products' entries.
    if not raw:
        catalog.refresh_businesses([instance.pk])


@receiver(post_save, sender=Legalitas)
@receiver(post_delete, sender=Legalitas)
def _certificate_changed(sender, instance: Legalitas, raw: bool = False, **kwargs) -> None:
    if not raw:
        catalog.refresh_businesses([instance.usaha_id])


@receiver(m2m_changed, sender=Legalitas.products.through)
def _certificate_scope_changed(sender, instance, action: str, **kwargs) -> None:
    # `instance` is the certificate or, from the product's side, the product: both have usaha_id.
    if action.startswith("post_"):
        catalog.refresh_businesses([instance.usaha_id])


@receiver(post_save, sender=Kepemilikan)
@receiver(post_delete, sender=Kepemilikan)
def _owners_changed(sender, instance: Kepemilikan, raw: bool = False, **kwargs) -> None:
    # Publication depends on the owners' consent: a new or removed owner can change it.
    if not raw:
        catalog.refresh_businesses([instance.usaha_id])


@receiver(post_save, sender=Pelaku)
def _person_saved(sender, instance: Pelaku, raw: bool = False, **kwargs) -> None:
    if not raw:
        catalog.refresh_businesses(instance.usaha.values_list("pk", flat=True))


@receiver(post_save, sender=ConsentRecord)
def _consent_recorded(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """A consent granted or withdrawn: refresh the person's businesses once it is stored.

    `set_consent` writes the record first and the person's current answer
    right after, in one transaction; on commit both are there.
    """
    if raw or not created:
        return
    pelaku_id = instance.pelaku_id

    def refresh() -> None:
        catalog.refresh_businesses(Usaha.objects.filter(owners__pk=pelaku_id).values_list("pk", flat=True))

    transaction.on_commit(refresh)


def _ovop_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        catalog.refresh_products([instance.produk_id])


if apps.is_installed("simpul.clusters"):
    _ovop = apps.get_model("clusters", "OvopAssessment")
    post_save.connect(_ovop_changed, sender=_ovop, dispatch_uid="market_ovop_saved")
    post_delete.connect(_ovop_changed, sender=_ovop, dispatch_uid="market_ovop_deleted")


@receiver(usaha_merged)
def _business_merged(sender, survivor: Usaha, duplicate: Usaha, **kwargs) -> None:
    """A duplicate merged into its survivor: demands sent, offers and messages follow the survivor.

    Where both businesses got the same demand, the survivor's forward and
    offer stand and the duplicate's stay with the archived duplicate.
    """
    for model in (Penerusan, Penawaran):
        taken = model.objects.filter(usaha=survivor).values("permintaan_id")
        model.objects.filter(usaha=duplicate).exclude(permintaan_id__in=taken).update(usaha=survivor)
    PesanKatalog.objects.filter(usaha=duplicate).update(usaha=survivor)
    catalog.refresh_businesses([survivor.pk, duplicate.pk])
