"""The life of a participation: proposing, moving through its statuses, completing with an outcome.

Screens, the API and the attendance import all go through these functions,
so the rules (eligibility, allowed moves, the certificate that becomes a
registry Legalitas) are written once. Problems an officer can fix raise
`ParticipationError` with an Indonesian sentence; things worth a second look
(double aid, quota) come back as warnings and never block.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.programs import eligibility
from simpul.programs.models import Asosiasi, Kegiatan, Partisipasi, Program
from simpul.registry.models import Legalitas, Usaha

Status = Partisipasi.Status


class ParticipationError(ValueError):
    """A proposal or a move that is not allowed; `str()` is the message for the user."""


def propose(
    kegiatan: Kegiatan,
    usaha: Usaha,
    user,
    *,
    via_asosiasi: Asosiasi | None = None,
    note: str = "",
    check_rules: bool = True,
) -> tuple[Partisipasi, list[str]]:
    """Propose a business for an activity; returns the participation and any warnings.

    The caller has already checked that `usaha` is within the user's reach
    (their area, or their association's members).
    """
    program = kegiatan.program
    if program.status == Program.Status.SELESAI or program.is_archived or kegiatan.is_archived:
        raise ParticipationError(_("Program ini sudah selesai; usulan tidak dapat ditambahkan."))
    if check_rules:
        unmet = eligibility.unmet_rules(program, usaha)
        if unmet:
            raise ParticipationError(
                _("%(usaha)s tidak memenuhi syarat: %(reasons)s.")
                % {"usaha": usaha.name, "reasons": ", ".join(unmet)}
            )
    try:
        with transaction.atomic():
            participation = Partisipasi.objects.create(
                program=program,
                kegiatan=kegiatan,
                usaha=usaha,
                proposed_by=user,
                via_asosiasi=via_asosiasi,
                note=note,
                status_changed_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise ParticipationError(
            _("%(usaha)s sudah terdaftar di kegiatan ini.") % {"usaha": usaha.name}
        ) from exc
    return participation, warnings_for(participation)


def warnings_for(participation: Partisipasi) -> list[str]:
    """Double aid and quota: what the officer should see before deciding."""
    warnings: list[str] = []
    records = eligibility.double_aid(participation.program, [participation.usaha_id]).get(
        participation.usaha_id
    )
    if records:
        warnings.append(f"{participation.usaha.name}: {eligibility.double_aid_message(records)}")
    quota_warning = _quota_warning(participation.program)
    if quota_warning:
        warnings.append(quota_warning)
    return warnings


def _quota_warning(program: Program) -> str:
    if not program.quota:
        return ""
    taken = (
        Partisipasi.objects.filter(program=program, status__in=Partisipasi.RECEIVED, archived_at=None)
        .values("usaha")
        .distinct()
        .count()
    )
    if taken > program.quota:
        return _("Peserta terpilih (%(taken)s) melebihi kuota program (%(quota)s).") % {
            "taken": taken,
            "quota": program.quota,
        }
    return ""


def move(participation: Partisipasi, status: str, user=None) -> list[str]:
    """Move to another status if the lifecycle allows it; completing records the certificate."""
    if status == participation.status:
        return []
    if not participation.can_move_to(status):
        raise ParticipationError(
            _("Status tidak dapat diubah dari %(old)s ke %(new)s.")
            % {"old": participation.get_status_display(), "new": Status(status).label}
        )
    with transaction.atomic():
        participation.status = status
        participation.status_changed_at = timezone.now()
        if status == Status.SELESAI:
            participation.completed_at = participation.status_changed_at
        participation.save(update_fields=["status", "status_changed_at", "completed_at", "updated_at"])
        if status == Status.SELESAI:
            sync_certificate(participation)
    quota_warning = _quota_warning(participation.program) if status == Status.TERPILIH else ""
    return [quota_warning] if quota_warning else []


def mark_attended(participation: Partisipasi, user=None) -> bool:
    """Attendance proves selection: walk proposed → selected → attended. False when nothing changed."""
    if participation.status in (Status.HADIR, Status.SELESAI):
        return False
    if participation.status == Status.DITOLAK:
        raise ParticipationError(
            _("%(usaha)s sudah ditolak; status tidak diubah.") % {"usaha": participation.usaha.name}
        )
    if participation.status == Status.DIUSULKAN:
        move(participation, Status.TERPILIH, user)
    move(participation, Status.HADIR, user)
    return True


def save_outcome(participation: Partisipasi, user=None, *, complete: bool = False) -> Legalitas | None:
    """Save the outcome fields already set on the instance; optionally complete the participation.

    The outcome belongs to someone who took part: it is refused before attendance.
    """
    if participation.status not in (Status.HADIR, Status.SELESAI):
        raise ParticipationError(_("Hasil hanya dapat dicatat untuk peserta yang sudah hadir."))
    with transaction.atomic():
        participation.save()
        if complete and participation.status == Status.HADIR:
            move(participation, Status.SELESAI, user)
        elif participation.status == Status.SELESAI:
            sync_certificate(participation)
    return participation.legalitas


def sync_certificate(participation: Partisipasi) -> Legalitas | None:
    """Make the certificate of a completed participation a legality record of the business.

    An existing record with the same kind and number is linked rather than
    duplicated. A certificate removed from the outcome later leaves the
    registry record alone: it is the business's data now, not the program's.
    """
    if participation.status != Status.SELESAI or not participation.has_certificate:
        return participation.legalitas
    program = participation.program
    values = {
        "kind": participation.certificate_kind,
        "number": participation.certificate_number.strip(),
        "issuer": participation.certificate_issuer or program.organiser_name,
        "issued_on": participation.certificate_issued_on or timezone.localdate(),
        "expires_on": participation.certificate_expires_on,
    }
    legal = participation.legalitas
    if legal is None:
        legal = (
            Legalitas.objects.filter(
                usaha_id=participation.usaha_id,
                kind=values["kind"],
                number=values["number"],
                archived_at=None,
            )
            .order_by("pk")
            .first()
        )
    if legal is None:
        legal = Legalitas.objects.create(usaha_id=participation.usaha_id, **values)
    else:
        changed = [name for name, value in values.items() if getattr(legal, name) != value and value]
        for name in changed:
            setattr(legal, name, values[name])
        if changed:
            legal.save(update_fields=[*changed, "updated_at"])
    if participation.legalitas_id != legal.pk:
        participation.legalitas = legal
        Partisipasi.objects.filter(pk=participation.pk).update(legalitas=legal)
    return legal
