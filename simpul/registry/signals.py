"""Keep a business's derived fields (scale, completeness) current when its parts change.

Bulk imports bypass signals and call `completeness.refresh_many` and
`update_scale` themselves.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from simpul.registry import completeness
from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Produk, Usaha


def update_scale(usaha_id: int) -> None:
    """Scale follows the latest yearly report (Permenperin 64/2016 thresholds)."""
    usaha = Usaha.objects.filter(pk=usaha_id).first()
    if usaha is None:
        return
    usaha.apply_scale(usaha.latest_report())
    Usaha.objects.filter(pk=usaha_id).update(scale=usaha.scale, scale_reason=usaha.scale_reason)


@receiver(post_save, sender=LaporanTahunan)
@receiver(post_delete, sender=LaporanTahunan)
def _report_changed(sender, instance: LaporanTahunan, **kwargs) -> None:
    update_scale(instance.usaha_id)
    _refresh(instance.usaha_id)


@receiver(post_save, sender=Produk)
@receiver(post_delete, sender=Produk)
@receiver(post_save, sender=Legalitas)
@receiver(post_delete, sender=Legalitas)
@receiver(post_save, sender=Kepemilikan)
@receiver(post_delete, sender=Kepemilikan)
def _part_changed(sender, instance, **kwargs) -> None:
    _refresh(instance.usaha_id)


@receiver(post_save, sender=Usaha)
def _usaha_saved(sender, instance: Usaha, raw: bool = False, **kwargs) -> None:
    if not raw:
        completeness.refresh(instance)


def _refresh(usaha_id: int) -> None:
    usaha = Usaha.objects.filter(pk=usaha_id).first()
    if usaha is not None:
        completeness.refresh(usaha)
