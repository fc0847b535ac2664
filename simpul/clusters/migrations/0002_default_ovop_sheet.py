"""The default OVOP assessment sheet and star thresholds (see simpul/clusters/ovop.py)."""

from django.db import migrations

from simpul.clusters.ovop import DEFAULT_ASPECTS, DEFAULT_THRESHOLDS


def create_defaults(apps, schema_editor):
    OvopAspect = apps.get_model("clusters", "OvopAspect")
    OvopStarRule = apps.get_model("clusters", "OvopStarRule")
    if not OvopAspect.objects.exists():
        OvopAspect.objects.bulk_create(
            OvopAspect(group=group, name=name, max_points=points, order=order)
            for group, name, points, order in DEFAULT_ASPECTS
        )
    if not OvopStarRule.objects.exists():
        OvopStarRule.objects.bulk_create(
            OvopStarRule(stars=stars, min_percent=minimum) for stars, minimum in DEFAULT_THRESHOLDS.items()
        )


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
