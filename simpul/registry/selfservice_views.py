"""Screens of owner self-service: invitations, the owner's /saya/ pages, and the officer's review.

Plain function views; the rules are in selfservice.py. Every object is
fetched through `restrict()`: an owner asking for another owner's product by
changing the number in the address gets a 404, like a record that does not
exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.accounts.models import User
from simpul.core.ids import parse_id
from simpul.core.roles import Role, role_of
from simpul.core.scoping import can
from simpul.registry import selfservice, validators
from simpul.registry.models import Pelaku, Usaha
from simpul.registry.models_selfservice import ChangeRequest, OwnerInvite

Target = ChangeRequest.Target
#: Session key holding the invitation whose code the visitor has just entered.
SESSION_INVITE = "simpul_undangan"
#: Session key holding a fresh invitation's code and link until the officer has seen them once.
SESSION_ISSUED = "simpul_undangan_baru"

View = Callable[..., HttpResponse]


def _deny_or_login(request: HttpRequest, message: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message)


def owner_required(view: View) -> View:
    """Only owners (role pelaku) reach the /saya/ pages; visitors are sent to log in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if role_of(request.user) != Role.PELAKU:
            return _deny_or_login(request, _("Halaman ini khusus untuk pelaku IKM."))
        return view(request, *args, **kwargs)

    return wrapper


def reviewer_required(view: View) -> View:
    """Admins and petugas; each sees only the requests of the kecamatan they serve."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, "change", ChangeRequest):
            return _deny_or_login(request, _("Anda tidak memiliki akses ke halaman ini."))
        return view(request, *args, **kwargs)

    return wrapper


# ---------------------------------------------------------------------------
# Forms of these screens (the record forms come from registry.forms)
# ---------------------------------------------------------------------------


class InviteForm(forms.Form):
    """The officer picks the owner and where the invitation goes."""

    pelaku = forms.ModelChoiceField(
        queryset=Pelaku.objects.none(), label=gettext_lazy("Pemilik yang diundang")
    )
    channel = forms.ChoiceField(choices=OwnerInvite.Channel.choices, label=gettext_lazy("Kirim lewat"))
    sent_to = forms.CharField(
        label=gettext_lazy("Nomor WhatsApp atau alamat surel"),
        max_length=254,
        help_text=gettext_lazy("Nomor HP untuk WhatsApp, atau alamat surel bila dikirim lewat surel."),
    )

    def __init__(self, *args: Any, usaha: Usaha, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = selfservice.invitable_owners(usaha)
        self.fields["pelaku"].queryset = owners
        only = owners.first() if owners.count() == 1 else None
        if only is not None and not self.is_bound:
            self.initial.setdefault("pelaku", only.pk)
            self.initial.setdefault(
                "channel", OwnerInvite.Channel.WHATSAPP if only.phone else OwnerInvite.Channel.EMAIL
            )
            self.initial.setdefault("sent_to", only.phone or only.email)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        address = (data.get("sent_to") or "").strip()
        if not address:
            return data
        try:
            if data.get("channel") == OwnerInvite.Channel.EMAIL:
                validate_email(address)
                data["sent_to"] = address.lower()
            else:
                data["sent_to"] = validators.clean_phone(address)
        except ValidationError as exc:
            self.add_error("sent_to", exc)
        return data


class InviteCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode undangan"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=gettext_lazy("8 angka yang Anda terima dari petugas dinas."),
    )


class OwnerAccountForm(UserCreationForm):
    """Django's own account form: its username check and the password validators of settings."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args: Any, pelaku: Pelaku, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same words as the login form, which the owner sees next.
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password2"].label = _("Ulangi kata sandi")
        # The similarity check compares the password with these, so an owner
        # cannot use their own name as a password.
        self.instance.first_name = pelaku.name[:150]
        self.instance.email = pelaku.email


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("Pelaku akan membaca alasan ini."),
    )


# ---------------------------------------------------------------------------
# Officer: invite an owner
# ---------------------------------------------------------------------------


def _officer_usaha(request: HttpRequest, pk: int) -> Usaha:
    if not can(request.user, "add", OwnerInvite) or not can(request.user, "change", Usaha):
        raise PermissionDenied(_("Anda tidak boleh mengundang pelaku."))
    return get_object_or_404(Usaha.objects.restrict(request.user, "change"), pk=pk)


def invite_create(request: HttpRequest, pk: int) -> HttpResponse:
    """From a business page: invite one of its owners to self-service."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    usaha = _officer_usaha(request, pk)
    form = InviteForm(request.POST or None, usaha=usaha)
    if request.method == "POST" and form.is_valid():
        try:
            issued = selfservice.issue_invite(
                usaha=usaha,
                pelaku=form.cleaned_data["pelaku"],
                channel=form.cleaned_data["channel"],
                sent_to=form.cleaned_data["sent_to"],
                officer=request.user,
            )
        except selfservice.InviteError as exc:
            form.add_error(None, str(exc))
        else:
            link = request.build_absolute_uri(issued.path)
            delivery = selfservice.deliver_invite(issued, link)
            # Shown once on the next page, then gone: only hashes are stored.
            request.session[SESSION_ISSUED] = {
                "id": issued.invite.pk,
                "code": issued.code_display,
                "link": link,
                "whatsapp_url": delivery.whatsapp_url,
                "emailed": delivery.emailed,
                "failed": delivery.failed,
            }
            return redirect("registry:invite_sent", pk=issued.invite.pk)
    invites = OwnerInvite.objects.restrict(request.user, "view").filter(usaha=usaha).select_related("pelaku")
    return render(
        request,
        "registry/self/invite_create.html",
        {
            "usaha": usaha,
            "form": form,
            "invites": invites[:20],
            "has_owners": form.fields["pelaku"].queryset.exists(),
        },
    )


def invite_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """The code, the link and the WhatsApp button, shown to the inviting officer once."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, "view", OwnerInvite):
        raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))
    invite = get_object_or_404(
        OwnerInvite.objects.restrict(request.user, "view").select_related("pelaku", "usaha"), pk=pk
    )
    issued = request.session.get(SESSION_ISSUED)
    if not issued or issued.get("id") != invite.pk:
        issued = None
    else:
        del request.session[SESSION_ISSUED]
    return render(request, "registry/self/invite_sent.html", {"invite": invite, "issued": issued})


# ---------------------------------------------------------------------------
# Owner: redeem an invitation
# ---------------------------------------------------------------------------


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "?"


def invite_code(request: HttpRequest) -> HttpResponse:
    """/undangan/: the owner types the code from the message."""
    form = InviteCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = _client(request)
        if selfservice.code_attempts_exhausted(client):
            form.add_error("code", _("Terlalu banyak kode salah. Coba lagi satu jam lagi."))
        else:
            invite = selfservice.find_by_code(form.cleaned_data["code"])
            if invite is None:
                selfservice.record_code_failure(client)
                form.add_error("code", _("Kode tidak dikenal, sudah dipakai, atau sudah kedaluwarsa."))
            else:
                request.session[SESSION_INVITE] = invite.pk
                return redirect("registry:invite_accept_code")
    return render(request, "registry/self/invite_code.html", {"form": form})


def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    """/undangan/<token>/: the link from the message."""
    return _accept(request, selfservice.find_by_token(token))


def invite_accept_code(request: HttpRequest) -> HttpResponse:
    """After a correct code: the same account form as the link."""
    pk = request.session.get(SESSION_INVITE)
    invite = selfservice.open_invites().filter(pk=pk).first() if pk else None
    return _accept(request, invite)


def _accept(request: HttpRequest, invite: OwnerInvite | None) -> HttpResponse:
    if invite is None:
        return render(request, "registry/self/invite_invalid.html", status=404)
    if request.user.is_authenticated:
        # Creating an account while logged in as someone else would confuse both.
        return render(request, "registry/self/invite_logged_in.html", {"invite": invite}, status=409)
    form = OwnerAccountForm(request.POST or None, pelaku=invite.pelaku)
    if request.method == "POST" and form.is_valid():
        try:
            user = selfservice.redeem_invite(invite, form)
        except selfservice.InviteError as exc:
            form.add_error(None, str(exc))
        else:
            request.session.pop(SESSION_INVITE, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Akun Anda sudah dibuat. Selamat datang!"))
            return redirect("registry:self_home")
    return render(request, "registry/self/invite_accept.html", {"invite": invite, "form": form})


# ---------------------------------------------------------------------------
# Owner: their businesses and proposals
# ---------------------------------------------------------------------------


def _own_requests(user) -> models.QuerySet[ChangeRequest]:
    return ChangeRequest.objects.restrict(user, "view").select_related(
        "usaha", "produk", "laporan", "decided_by"
    )


@owner_required
def self_home(request: HttpRequest) -> HttpResponse:
    """/saya/: the owner's businesses and what became of their proposals."""
    return render(
        request,
        "registry/self/home.html",
        {
            "businesses": selfservice.owned_businesses(request.user),
            "requests": _own_requests(request.user)[:20],
        },
    )


@owner_required
def self_usaha(request: HttpRequest, pk: int) -> HttpResponse:
    usaha = get_object_or_404(selfservice.owned_businesses(request.user), pk=pk)
    waiting = usaha.change_requests.filter(status=ChangeRequest.Status.PENDING)
    return render(
        request,
        "registry/self/usaha.html",
        {
            "usaha": usaha,
            "products": usaha.produk.filter(archived_at=None).order_by("name"),
            "reports": usaha.laporan.filter(archived_at=None).order_by("-year"),
            "requests": _own_requests(request.user).filter(usaha=usaha)[:20],
            "pending_products": set(waiting.exclude(produk=None).values_list("produk_id", flat=True)),
            "pending_reports": set(waiting.exclude(laporan=None).values_list("laporan_id", flat=True)),
        },
    )


@owner_required
def self_profile(request: HttpRequest, pk: int) -> HttpResponse:
    usaha = get_object_or_404(selfservice.owned_businesses(request.user), pk=pk)
    return _propose(request, Target.USAHA, usaha, usaha)


@owner_required
def self_produk_add(request: HttpRequest, pk: int) -> HttpResponse:
    usaha = get_object_or_404(selfservice.owned_businesses(request.user), pk=pk)
    return _propose(request, Target.PRODUK, usaha, None)


@owner_required
def self_produk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    produk = get_object_or_404(selfservice.owned_products(request.user).select_related("usaha"), pk=pk)
    return _propose(request, Target.PRODUK, produk.usaha, produk)


@owner_required
def self_laporan_add(request: HttpRequest, pk: int) -> HttpResponse:
    usaha = get_object_or_404(selfservice.owned_businesses(request.user), pk=pk)
    return _propose(request, Target.LAPORAN, usaha, None)


@owner_required
def self_laporan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    laporan = get_object_or_404(selfservice.owned_reports(request.user).select_related("usaha"), pk=pk)
    return _propose(request, Target.LAPORAN, laporan.usaha, laporan)


_TITLES = {
    (Target.USAHA, True): gettext_lazy("Usulkan perubahan profil usaha"),
    (Target.PRODUK, True): gettext_lazy("Usulkan perubahan produk"),
    (Target.PRODUK, False): gettext_lazy("Usulkan produk baru"),
    (Target.LAPORAN, True): gettext_lazy("Usulkan perubahan laporan tahunan"),
    (Target.LAPORAN, False): gettext_lazy("Usulkan laporan tahunan baru"),
}


def _propose(request: HttpRequest, target: str, usaha: Usaha, instance: models.Model | None) -> HttpResponse:
    """Show the owner form (with a waiting proposal filled in) and store a valid one as a request."""
    pending = selfservice.pending_update(target, usaha, instance)
    if request.method == "POST":
        form = selfservice.owner_form(
            target, usaha, instance=instance, data=request.POST, files=request.FILES
        )
        if form.is_valid():
            try:
                change = selfservice.submit_change(
                    owner=request.user, usaha=usaha, target=target, form=form, instance=instance
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Usulan #%(id)s terkirim. Data berubah setelah petugas menyetujuinya.")
                    % {"id": change.pk},
                )
                return redirect("registry:self_usaha", pk=usaha.pk)
    else:
        form = selfservice.owner_form(
            target, usaha, instance=instance, initial=pending.changes if pending else None
        )
    return render(
        request,
        "registry/self/propose.html",
        {
            "usaha": usaha,
            "object": instance,
            "form": form,
            "pending": pending,
            "title": _TITLES[(target, instance is not None)],
        },
    )


@owner_required
def self_request(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_own_requests(request.user), pk=pk)
    return render(
        request,
        "registry/self/request.html",
        {
            "change": change,
            "rows": selfservice.change_rows(change),
            "old_photo": getattr(selfservice.current_record(change), "photo", None),
        },
    )


@owner_required
@require_POST
def self_request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_own_requests(request.user), pk=pk)
    try:
        selfservice.withdraw(change, request.user)
    except selfservice.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Usulan dibatalkan."))
    return redirect("registry:self_usaha", pk=change.usaha_id)


# ---------------------------------------------------------------------------
# Officer: review
# ---------------------------------------------------------------------------


def _reviewable(user) -> models.QuerySet[ChangeRequest]:
    return ChangeRequest.objects.restrict(user, "change").select_related(
        "usaha", "usaha__kecamatan", "produk", "laporan", "submitted_by", "decided_by"
    )


_LIST_STATUSES = {
    "pending": ChangeRequest.Status.PENDING,
    "approved": ChangeRequest.Status.APPROVED,
    "rejected": ChangeRequest.Status.REJECTED,
    "withdrawn": ChangeRequest.Status.WITHDRAWN,
}


@reviewer_required
def changerequest_list(request: HttpRequest) -> HttpResponse:
    """/usaha/perubahan/: waiting requests of the officer's area, oldest first so none is forgotten."""
    status = request.GET.get("status", "pending")
    requests = _reviewable(request.user)
    if status in _LIST_STATUSES:
        requests = requests.filter(status=_LIST_STATUSES[status])
    usaha_id = parse_id(request.GET.get("usaha"))
    if usaha_id:
        requests = requests.filter(usaha_id=usaha_id)
    if status == "pending":
        requests = requests.order_by("created_at", "pk")
    elif status in _LIST_STATUSES:
        requests = requests.order_by("-decided_at", "-pk")
    else:
        requests = requests.order_by("-created_at", "-pk")
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/self/review_list.html",
        {"page": page, "status": status, "statuses": ChangeRequest.Status.choices, "usaha_id": usaha_id},
    )


@reviewer_required
def changerequest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_reviewable(request.user), pk=pk)
    return _review_page(request, selfservice.prepare(change), RejectForm())


def _review_page(request: HttpRequest, review: selfservice.Review, reject_form: RejectForm) -> HttpResponse:
    change = review.request
    record = selfservice.current_record(change)
    return render(
        request,
        "registry/self/review_detail.html",
        {
            "change": change,
            "review": review,
            "record": record,
            "old_photo": getattr(record, "photo", None),
            "reject_form": reject_form,
        },
    )


@reviewer_required
@require_POST
def changerequest_approve(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_reviewable(request.user), pk=pk)
    try:
        review = selfservice.approve(change, request.user)
    except selfservice.DecisionError as exc:
        messages.error(request, str(exc))
        return redirect("registry:changerequest_detail", pk=change.pk)
    if review.errors:
        messages.error(request, _("Permintaan tidak dapat disetujui: datanya tidak lolos pemeriksaan."))
        return _review_page(request, review, RejectForm())
    messages.success(request, _("Permintaan #%(id)s disetujui dan diterapkan.") % {"id": change.pk})
    return HttpResponseRedirect(reverse("registry:changerequest_list"))


@reviewer_required
@require_POST
def changerequest_reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(_reviewable(request.user), pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            selfservice.reject(change, request.user, form.cleaned_data["reason"])
        except selfservice.DecisionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Permintaan #%(id)s ditolak.") % {"id": change.pk})
            return HttpResponseRedirect(reverse("registry:changerequest_list"))
    return _review_page(request, selfservice.prepare(change), form)


def changerequest_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A waiting photo, for the owner who sent it and the officers who review it; never a public URL."""
    if not can(request.user, "view", ChangeRequest):
        return _deny_or_login(request, _("Anda tidak memiliki akses ke halaman ini."))
    change = get_object_or_404(ChangeRequest.objects.restrict(request.user, "view").exclude(photo=""), pk=pk)
    try:
        handle = change.photo.open("rb")
    except OSError as exc:
        raise Http404(_("Foto tidak ditemukan.")) from exc
    return FileResponse(handle)
