"""Eligibility rules and the double-aid check."""

from __future__ import annotations

import pytest

from simpul.classifications.models import CommodityGroup
from simpul.programs import eligibility, lifecycle
from simpul.programs.models import Partisipasi, Program
from simpul.programs.tests.conftest import make_program
from simpul.registry.models import Usaha

pytestmark = pytest.mark.django_db


def _names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


def test_the_eligible_list_holds_active_businesses_meeting_the_kbli_rule(world):
    found = eligibility.eligible(world.halal, Usaha.objects.all())
    assert _names(found) == {"Keripik Sari Rasa", "Tempe Murni"}  # B is KBLI 23, D is closed


def test_a_program_without_rules_admits_every_active_business(world):
    program, _k = make_program(Program.Kind.BIMTEK, 2025, no_repeat_years=None)
    assert _names(eligibility.eligible(program, Usaha.objects.all())) == {
        "Keripik Sari Rasa",
        "Gerabah Tanah Liat",
        "Tempe Murni",
    }


def test_kecamatan_group_and_scale_rules_narrow_the_list(world):
    program, _k = make_program(Program.Kind.BIMTEK, 2025)
    program.eligible_kecamatan.set(["35.23.16"])
    assert _names(eligibility.eligible(program, Usaha.objects.all())) == {"Gerabah Tanah Liat"}

    program.eligible_kecamatan.clear()
    program.eligible_groups.set(CommodityGroup.objects.filter(slug="pangan"))
    assert _names(eligibility.eligible(program, Usaha.objects.all())) == {"Keripik Sari Rasa", "Tempe Murni"}

    Usaha.objects.filter(pk=world.a.pk).update(scale=Usaha.Scale.KECIL)
    program.eligible_scales = [Usaha.Scale.KECIL]
    program.save()
    assert _names(eligibility.eligible(program, Usaha.objects.all())) == {"Keripik Sari Rasa"}
    world.c.refresh_from_db()
    assert eligibility.unmet_rules(program, world.c) == ["skala usaha belum diketahui"]


def test_the_list_is_limited_to_what_the_user_may_see(world):
    scoped = Usaha.objects.restrict(world.roles.petugas_other, "view")
    assert _names(eligibility.eligible(world.halal, scoped)) == set()


def test_a_business_already_in_the_program_is_not_listed_again(world):
    lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    assert _names(eligibility.eligible(world.halal, Usaha.objects.all())) == {"Tempe Murni"}


def test_unmet_rules_explain_why_a_business_cannot_join(world):
    assert eligibility.unmet_rules(world.halal, world.a) == []
    reasons = eligibility.unmet_rules(world.halal, world.b)
    assert reasons == ["KBLI usaha tidak termasuk syarat program"]
    assert "usaha tidak aktif" in eligibility.unmet_rules(world.halal, world.d)


def _received_halal_in(world, year: int, status=Partisipasi.Status.SELESAI) -> Program:
    program, kegiatan = make_program(Program.Kind.SERTIFIKASI, year, name=f"Halal {year}")
    Partisipasi.objects.create(kegiatan=kegiatan, usaha=world.a, status=status)
    return program


def test_a_recent_recipient_of_the_same_aid_is_hidden_but_can_be_shown_with_a_warning(world):
    _received_halal_in(world, 2023)
    assert _names(eligibility.eligible(world.halal, Usaha.objects.all())) == {"Tempe Murni"}
    shown = eligibility.eligible(world.halal, Usaha.objects.all(), include_recent=True)
    assert _names(shown) == {"Keripik Sari Rasa", "Tempe Murni"}
    warnings = eligibility.double_aid(world.halal, [world.a.pk, world.c.pk])
    assert list(warnings) == [world.a.pk]
    assert eligibility.double_aid_message(warnings[world.a.pk]) == (
        "Sudah menerima bantuan sejenis: Halal 2023 (2023)."
    )


def test_aid_older_than_the_window_does_not_count(world):
    _received_halal_in(world, 2021)  # 2025 − 3 = 2022 is the first year that counts
    assert eligibility.double_aid(world.halal, [world.a.pk]) == {}
    assert "Keripik Sari Rasa" in _names(eligibility.eligible(world.halal, Usaha.objects.all()))


def test_another_certificate_or_kind_is_not_the_same_aid(world):
    program, kegiatan = make_program(Program.Kind.SERTIFIKASI, 2024, certificate_kind="pirt")
    Partisipasi.objects.create(kegiatan=kegiatan, usaha=world.a, status=Partisipasi.Status.SELESAI)
    program, kegiatan = make_program(Program.Kind.BANTUAN_ALAT, 2024)
    Partisipasi.objects.create(kegiatan=kegiatan, usaha=world.a, status=Partisipasi.Status.SELESAI)
    assert eligibility.double_aid(world.halal, [world.a.pk]) == {}


def test_only_a_selection_or_more_counts_as_having_received_aid(world):
    _received_halal_in(world, 2024, status=Partisipasi.Status.DIUSULKAN)
    _received_halal_in(world, 2023, status=Partisipasi.Status.DITOLAK)
    assert eligibility.double_aid(world.halal, [world.a.pk]) == {}
    _received_halal_in(world, 2022, status=Partisipasi.Status.TERPILIH)
    assert list(eligibility.double_aid(world.halal, [world.a.pk])) == [world.a.pk]


def test_without_a_window_there_is_no_double_aid_check(world):
    _received_halal_in(world, 2024)
    world.halal.no_repeat_years = None
    world.halal.save()
    assert eligibility.double_aid(world.halal, [world.a.pk]) == {}
    assert "Keripik Sari Rasa" in _names(eligibility.eligible(world.halal, Usaha.objects.all()))


def test_proposing_a_recent_recipient_warns_but_does_not_block(world):
    _received_halal_in(world, 2024)
    participation, warnings = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    assert participation.pk and participation.status == Partisipasi.Status.DIUSULKAN
    assert warnings == ["Keripik Sari Rasa: Sudah menerima bantuan sejenis: Halal 2024 (2024)."]


def test_proposing_a_business_that_fails_the_rules_is_refused(world):
    with pytest.raises(lifecycle.ParticipationError, match="tidak memenuhi syarat"):
        lifecycle.propose(world.halal_day, world.b, world.roles.petugas)
    assert not Partisipasi.objects.exists()


def test_the_sentra_rule_applies_when_the_clusters_app_is_installed(world):
    if not eligibility.sentra_available():
        pytest.skip("modul sentra tidak terpasang")
    from simpul.clusters.models import Keanggotaan, Sentra

    sentra = Sentra.objects.create(name="Sentra Keripik", desa_id="35.23.01.2001")
    Keanggotaan.objects.create(sentra=sentra, usaha=world.c)
    world.halal.eligible_sentra = [sentra.pk]
    world.halal.save()
    assert _names(eligibility.eligible(world.halal, Usaha.objects.all())) == {"Tempe Murni"}
    assert eligibility.unmet_rules(world.halal, world.a) == ["bukan anggota sentra sasaran"]
