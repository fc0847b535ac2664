"""Writing to the audit log: one call per view or export of personal data."""

from __future__ import annotations

from typing import Any

from django.db import models

from simpul.core.models import AuditEntry
from simpul.core.roles import role_of


def client_ip(request) -> str | None:
    """The client's address; behind the office's proxy, the first X-Forwarded-For hop."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
    return address or None


def log(
    request,
    action: str,
    obj: models.Model | None = None,
    *,
    model: type[models.Model] | None = None,
    reason: str = "",
    **detail: Any,
) -> AuditEntry:
    """Record who did `action` on `obj` (or on rows of `model`), from where, and why."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    target = type(obj) if obj is not None else model
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        role=role_of(user) if user is not None else "",
        ip=client_ip(request),
        action=action,
        model=target._meta.label if target is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        reason=reason[:300],
        detail=detail,
    )
