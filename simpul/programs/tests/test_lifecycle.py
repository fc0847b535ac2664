"""A participation from proposal to outcome, and the legality record its certificate becomes."""

from __future__ import annotations

from datetime import date

import pytest

from simpul.programs import lifecycle
from simpul.programs.models import Partisipasi, Program
from simpul.programs.tests.conftest import make_program
from simpul.registry.models import Legalitas

pytestmark = pytest.mark.django_db
S = Partisipasi.Status


def _attended(world) -> Partisipasi:
    participation, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    lifecycle.move(participation, S.TERPILIH)
    lifecycle.move(participation, S.HADIR)
    return participation


def test_a_participation_moves_proposed_selected_attended_completed(world):
    participation, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    assert participation.program == world.halal  # taken from the activity
    for status in (S.TERPILIH, S.HADIR, S.SELESAI):
        lifecycle.move(participation, status)
        participation.refresh_from_db()
        assert participation.status == status
    assert participation.completed_at is not None


def test_moves_the_lifecycle_does_not_allow_are_refused(world):
    participation, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    with pytest.raises(lifecycle.ParticipationError, match="dari Diusulkan ke Selesai"):
        lifecycle.move(participation, S.SELESAI)
    with pytest.raises(lifecycle.ParticipationError):
        lifecycle.move(participation, S.HADIR)
    lifecycle.move(participation, S.DITOLAK)
    lifecycle.move(participation, S.DIUSULKAN)  # a rejected proposal may be reconsidered
    participation.refresh_from_db()
    assert participation.status == S.DIUSULKAN


def test_a_completed_participation_is_final(world):
    participation = _attended(world)
    lifecycle.move(participation, S.SELESAI)
    with pytest.raises(lifecycle.ParticipationError):
        lifecycle.move(participation, S.HADIR)


def test_the_same_business_cannot_be_proposed_twice_for_one_activity(world):
    lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    with pytest.raises(lifecycle.ParticipationError, match="sudah terdaftar"):
        lifecycle.propose(world.halal_day, world.a, world.roles.petugas)


def test_a_finished_program_takes_no_proposals(world):
    world.halal.status = Program.Status.SELESAI
    world.halal.save()
    with pytest.raises(lifecycle.ParticipationError, match="sudah selesai"):
        lifecycle.propose(world.halal_day, world.a, world.roles.petugas)


def test_completing_with_a_certificate_creates_a_legality_record_linked_back(world):
    participation = _attended(world)
    participation.certificate_kind = "halal"
    participation.certificate_number = "ID35110000123"
    participation.certificate_issuer = "BPJPH"
    participation.certificate_issued_on = date(2025, 8, 1)
    legal = lifecycle.save_outcome(participation, world.roles.petugas, complete=True)
    participation.refresh_from_db()
    assert participation.status == S.SELESAI
    assert legal is not None and participation.legalitas == legal
    assert (legal.usaha, legal.kind, legal.number, legal.issuer) == (
        world.a,
        "halal",
        "ID35110000123",
        "BPJPH",
    )
    assert legal.issued_on == date(2025, 8, 1)
    assert list(legal.partisipasi.all()) == [participation]


def test_correcting_the_certificate_after_completion_updates_the_same_record(world):
    participation = _attended(world)
    participation.certificate_kind, participation.certificate_number = "halal", "SALAH-1"
    lifecycle.save_outcome(participation, complete=True)
    participation.certificate_number = "BENAR-1"
    lifecycle.save_outcome(participation)
    assert list(Legalitas.objects.filter(usaha=world.a).values_list("number", flat=True)) == ["BENAR-1"]


def test_an_existing_identical_certificate_is_linked_not_duplicated(world):
    existing = Legalitas.objects.create(usaha=world.a, kind="halal", number="ID-1")
    participation = _attended(world)
    participation.certificate_kind, participation.certificate_number = "halal", "ID-1"
    assert lifecycle.save_outcome(participation, complete=True) == existing
    assert Legalitas.objects.filter(usaha=world.a).count() == 1


def test_completing_without_a_certificate_creates_no_legality_record(world):
    participation = _attended(world)
    participation.followup_on = date(2025, 12, 1)
    assert lifecycle.save_outcome(participation, complete=True) is None
    assert not Legalitas.objects.exists()


def test_an_outcome_needs_attendance_first(world):
    participation, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    participation.certificate_kind, participation.certificate_number = "halal", "X"
    with pytest.raises(lifecycle.ParticipationError, match="sudah hadir"):
        lifecycle.save_outcome(participation, complete=True)
    assert not Legalitas.objects.exists()


def test_outcomes_of_other_kinds_are_kept_and_summarised(world):
    program, kegiatan = make_program(Program.Kind.BANTUAN_ALAT, 2025)
    participation, _w = lifecycle.propose(kegiatan, world.a, world.roles.petugas)
    lifecycle.mark_attended(participation)
    participation.equipment, participation.equipment_value = "Mesin pengemas vakum", 12_500_000
    lifecycle.save_outcome(participation, complete=True)
    participation.refresh_from_db()
    assert participation.outcome_summary == "alat: Mesin pengemas vakum Rp12.500.000"


def test_selecting_beyond_the_quota_warns(world):
    world.halal.quota = 1
    world.halal.save()
    first, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    second, _w = lifecycle.propose(world.halal_day, world.c, world.roles.petugas)
    assert lifecycle.move(first, S.TERPILIH) == []
    assert lifecycle.move(second, S.TERPILIH) == ["Peserta terpilih (2) melebihi kuota program (1)."]


def test_attendance_walks_a_proposal_through_selection(world):
    participation, _w = lifecycle.propose(world.halal_day, world.a, world.roles.petugas)
    assert lifecycle.mark_attended(participation) is True
    assert participation.status == S.HADIR
    assert lifecycle.mark_attended(participation) is False
