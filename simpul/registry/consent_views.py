"""Consent pages: the owner's own choices, and an officer recording a paper consent form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.core import audit
from simpul.core.models import AuditEntry
from simpul.core.roles import PERSONAL_DATA_ROLES, Role, role_of
from simpul.registry.models import Pelaku
from simpul.registry.models_consent import CONSENT_TEXT_VERSION, ConsentRecord, Purpose, set_consent

TEXTS = {  # lazy: the module loads before a language is chosen
    Purpose.CATALOG: gettext_lazy(
        "Saya setuju nama usaha, produk, foto, harga, alamat usaha dan nomor WhatsApp usaha saya ditampilkan di "
        "katalog publik dinas. NIK, nomor HP pribadi dan angka keuangan usaha tidak pernah ditampilkan."
    ),
    Purpose.PARTNER_CONTACT: gettext_lazy(
        "Saya setuju dinas meneruskan kontak usaha saya kepada mitra (bank, BUMN, pembeli, asosiasi) yang "
        "menangani kendala atau permintaan yang berkaitan dengan usaha saya."
    ),
}


def _choices(pelaku: Pelaku) -> list[dict]:
    return [
        {
            "purpose": purpose,
            "label": purpose.label,
            "text": TEXTS[purpose],
            "granted": getattr(
                pelaku, "consent_catalog" if purpose == Purpose.CATALOG else "consent_partner_contact"
            ),
        }
        for purpose in Purpose
    ]


def my_consent(request: HttpRequest) -> HttpResponse:
    """The owner's consent page: current choices, the texts, and every change made."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if role_of(request.user) != Role.PELAKU:
        raise PermissionDenied(_("Halaman ini untuk pelaku IKM."))
    pelaku = get_object_or_404(Pelaku, account=request.user)
    if request.method == "POST":
        purpose = request.POST.get("purpose", "")
        if purpose not in Purpose.values:
            messages.error(request, _("Pilihan persetujuan tidak dikenal."))
        else:
            granted = request.POST.get("granted") == "1"
            set_consent(pelaku, purpose, granted, user=request.user, channel="layanan mandiri")
            audit.log(request, AuditEntry.Action.CONSENT, pelaku, purpose=purpose, granted=granted)
            messages.success(request, _("Pilihan Anda tersimpan dan langsung berlaku."))
        return HttpResponseRedirect(reverse("registry:my_consent"))
    return render(
        request,
        "registry/consent.html",
        {
            "pelaku": pelaku,
            "choices": _choices(pelaku),
            "records": ConsentRecord.objects.filter(pelaku=pelaku)[:50],
            "version": CONSENT_TEXT_VERSION,
            "action_url": reverse("registry:my_consent"),
        },
    )


@require_POST
def record_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer records a consent given or withdrawn on paper or in person."""
    if role_of(request.user) not in PERSONAL_DATA_ROLES:
        raise PermissionDenied(_("Anda tidak boleh mencatat persetujuan."))
    pelaku = get_object_or_404(Pelaku.objects.restrict(request.user, "change"), pk=pk)
    purpose = request.POST.get("purpose", "")
    if purpose not in Purpose.values:
        messages.error(request, _("Pilihan persetujuan tidak dikenal."))
    else:
        granted = request.POST.get("granted") == "1"
        channel = request.POST.get("channel", "").strip()[:30] or _("dicatat petugas")
        set_consent(pelaku, purpose, granted, user=request.user, channel=channel)
        audit.log(
            request, AuditEntry.Action.CONSENT, pelaku, purpose=purpose, granted=granted, channel=channel
        )
        messages.success(request, _("Persetujuan dicatat dan langsung berlaku."))
    return HttpResponseRedirect(pelaku.get_absolute_url())
