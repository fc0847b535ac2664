"""Screens of data-subject rights: the owner's /saya/data/ and the officer's request queue.

Plain function views; the rules are in subject.py. Owners reach only their
own person record (through their account); officers reach requests through
`restrict()`, so a petugas sees those of persons with a business in their
kecamatan and gets a 404 for any other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.core.scoping import can
from simpul.registry import subject
from simpul.registry.models import Pelaku, Usaha
from simpul.registry.models_subject import SubjectRequest
from simpul.registry.selfservice_views import owner_required

Kind = SubjectRequest.Kind
Status = SubjectRequest.Status

View = Callable[..., HttpResponse]


def officer_required(view: View) -> View:
    """Admins and petugas answer requests; visitors are sent to log in, other roles refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, "change", SubjectRequest):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))
        return view(request, *args, **kwargs)

    return wrapper


# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------


class SubjectRequestForm(forms.Form):
    """What an owner asks for: a correction (with what is wrong) or deletion."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Saya meminta"),
        choices=[
            (Kind.CORRECTION, gettext_lazy("Perbaikan data yang keliru")),
            (Kind.DELETION, gettext_lazy("Penghapusan data pribadi saya")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("Keterangan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Untuk perbaikan: data mana yang keliru dan bagaimana yang benar. Jangan tulis NIK di sini."
        ),
    )


class DecisionForm(forms.Form):
    """The officer's answer: done (correction), refused, or carry out the deletion."""

    ACTIONS = {
        "close": gettext_lazy("Selesai — data sudah diperbaiki"),
        "reject": gettext_lazy("Tolak"),
        "erase": gettext_lazy("Hapus data pribadi (tidak dapat dibatalkan)"),
    }

    action = forms.ChoiceField(label=gettext_lazy("Tindakan"), choices=list(ACTIONS.items()))
    note = forms.CharField(
        label=gettext_lazy("Jawaban untuk pelaku"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Pelaku akan membaca jawaban ini."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Saya mengerti penghapusan tidak dapat dibatalkan."), required=False
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ["erase", "reject"] if kind == Kind.DELETION else ["close", "reject"]
        self.fields["action"].choices = [(key, self.ACTIONS[key]) for key in allowed]
        if kind != Kind.DELETION:
            del self.fields["confirm"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            self.add_error("confirm", _("Centang kotak ini untuk menjalankan penghapusan."))
        return data


# ---------------------------------------------------------------------------
# Owner
# ---------------------------------------------------------------------------


def _own_pelaku(request: HttpRequest) -> Pelaku:
    pelaku = subject.pelaku_of(request.user)
    if pelaku is None:
        raise Http404(_("Akun Anda belum terhubung dengan data pelaku. Hubungi petugas dinas."))
    return pelaku


@owner_required
def my_data(request: HttpRequest) -> HttpResponse:
    """/saya/data/: download everything held about me, ask for a correction or deletion, follow my requests."""
    pelaku = _own_pelaku(request)
    form = SubjectRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filed = subject.file_request(
                pelaku, form.cleaned_data["kind"], form.cleaned_data["text"], request.user, request
            )
        except subject.SubjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Permintaan #%(id)s terkirim. Petugas dinas akan menanganinya.") % {"id": filed.pk},
            )
            return redirect("registry:my_data")
    return render(
        request,
        "registry/subject/my_data.html",
        {
            "pelaku": pelaku,
            "form": form,
            "requests": SubjectRequest.objects.restrict(request.user, "view").select_related("handled_by")[
                :50
            ],
            "business_count": subject.businesses_of(pelaku).count(),
        },
        status=400 if form.errors else 200,
    )


@owner_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    """The ZIP of my data. POST only: a download of personal data is an act, logged, never a prefetch."""
    if request.method != "POST":
        return redirect("registry:my_data")
    pelaku = _own_pelaku(request)
    data = subject.collect(pelaku)
    archive = subject.build_archive(data)
    subject.record_access(pelaku, request.user, request)
    filename = f"data-saya-{timezone.localdate():%Y%m%d}.zip"
    return FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")


# ---------------------------------------------------------------------------
# Officer
# ---------------------------------------------------------------------------


def _answerable(user) -> models.QuerySet[SubjectRequest]:
    return SubjectRequest.objects.restrict(user, "change").select_related(
        "pelaku", "handled_by", "submitted_by"
    )


_LIST_STATUSES = {value for value, _label in Status.choices}


@officer_required
def subject_list(request: HttpRequest) -> HttpResponse:
    """Requests of the officer's area; open ones oldest first so none waits past its time."""
    status = request.GET.get("status", Status.OPEN)
    kind = request.GET.get("jenis", "")
    requests = _answerable(request.user)
    # Downloads are answered at once; they are listed only when asked for.
    requests = requests.filter(kind=kind) if kind in Kind.values else requests.exclude(kind=Kind.ACCESS)
    if status in _LIST_STATUSES:
        requests = requests.filter(status=status)
    requests = requests.order_by("created_at", "pk") if status == Status.OPEN else requests.order_by("-pk")
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/subject/list.html",
        {"page": page, "status": status, "statuses": Status.choices, "kind": kind, "kinds": Kind.choices},
    )


def _detail_page(
    request: HttpRequest, subject_request: SubjectRequest, form: DecisionForm, status: int = 200
) -> HttpResponse:
    pelaku = subject_request.pelaku
    businesses = Usaha.objects.restrict(request.user, "change").filter(kepemilikan__pelaku=pelaku)
    return render(
        request,
        "registry/subject/detail.html",
        {
            "item": subject_request,
            "pelaku": pelaku,
            "anonymised": subject.is_anonymised(pelaku),
            "businesses": businesses.order_by("name"),
            "can_edit_person": Pelaku.objects.restrict(request.user, "change").filter(pk=pelaku.pk).exists(),
            "form": form,
        },
        status=status,
    )


@officer_required
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_answerable(request.user), pk=pk)
    return _detail_page(request, item, DecisionForm(kind=item.kind))


@officer_required
def subject_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Close, refuse or carry out a request; an invalid answer shows the page again with the reason."""
    item = get_object_or_404(_answerable(request.user), pk=pk)
    if request.method != "POST":
        return redirect("registry:subject_detail", pk=item.pk)
    form = DecisionForm(request.POST, kind=item.kind)
    if not form.is_valid():
        return _detail_page(request, item, form, status=400)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "erase":
            result = subject.erase(item, request.user, note, request)
            messages.success(
                request,
                _("Data pribadi dihapus; %(n)s usaha tanpa pemilik lain diarsipkan.")
                % {"n": len(result.archived_usaha)},
            )
        elif action == "reject":
            subject.reject(item, request.user, note, request)
            messages.success(request, _("Permintaan #%(id)s ditolak.") % {"id": item.pk})
        else:
            subject.close(item, request.user, note, request)
            messages.success(request, _("Permintaan #%(id)s selesai.") % {"id": item.pk})
    except subject.SubjectError as exc:
        form.add_error(None, str(exc))
        return _detail_page(request, item, form, status=400)
    return redirect("registry:subject_list")
