"""The demo data covers what the issue asks for: every kind over three years, outcomes, cases, partners."""

from __future__ import annotations

import pytest
from django.utils import timezone

from simpul.accounts.seed import seed_accounts
from simpul.core.demo import DemoContext
from simpul.programs import seed
from simpul.programs.models import Asosiasi, Kendala, Mitra, MitraUser, Partisipasi, PengurusAsosiasi, Program
from simpul.registry.models import Legalitas
from simpul.registry.seed import seed_registry

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_programs_outcomes_cases_partners_and_associations():
    context = DemoContext(region="35.23", ikm=120, seed=1, log=lambda _line: None)
    seed_accounts(context)
    seed_registry(context)
    seed.seed_partners(context)
    seed.seed_programs(context)
    seed.seed_kendala(context)

    year = timezone.localdate().year
    kinds_by_year = set(Program.objects.values_list("kind", "year"))
    assert kinds_by_year == {(kind, y) for kind in Program.Kind.values for y in (year - 2, year - 1, year)}
    done = Partisipasi.objects.filter(status=Partisipasi.Status.SELESAI)
    assert done.exclude(legalitas=None).exists() and done.exclude(equipment_value=None).exists()
    assert Legalitas.objects.filter(partisipasi__isnull=False).exists()
    assert Kendala.objects.filter(status__in=Kendala.OPEN_STATUSES).exists()
    assert Kendala.objects.filter(status__in=Kendala.CLOSED_STATUSES).exclude(closed_at=None).exists()
    assert Kendala.objects.exclude(mitra=None).values("mitra").distinct().count() >= 3
    assert Asosiasi.objects.count() == 2 and Mitra.objects.count() == len(seed.PARTNERS)

    bank = MitraUser.objects.get(user__username="mitra").mitra
    assert bank.kendala.filter(status=Kendala.Status.TERBUKA).exists()
    assert PengurusAsosiasi.objects.get(user__username="asosiasi").asosiasi.anggota.exists()


def test_certificates_from_programs_keep_the_completeness_right():
    from simpul.registry import completeness
    from simpul.registry.models import Usaha

    context = DemoContext(region="35.23", ikm=120, seed=1, log=lambda _line: None)
    seed_accounts(context)
    seed_registry(context)
    seed.seed_partners(context)
    seed.seed_programs(context)
    certified = Usaha.objects.filter(legalitas__partisipasi__isnull=False).distinct()
    assert certified.exists()
    for usaha in certified:
        assert usaha.completeness == completeness.assess(usaha).score
