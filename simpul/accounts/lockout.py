"""The username django-axes records for a failed login, cut to the length of its column.

Django's login form and DRF's token serializer accept a username of any
length, and axes stores it in a 255-character column: PostgreSQL refuses a
longer value, so a pasted essay in the username box answered 500 instead of
"wrong username or password". No account has such a name (150 at most), so
cutting it changes no lock-out that matters.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest

COLUMN_LENGTH = AccessAttempt._meta.get_field("username").max_length


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """What axes would read (the credentials, else the POST), no longer than its column."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else getattr(request, "data", request.POST)
    value = source.get(field)
    return value[:COLUMN_LENGTH] if isinstance(value, str) else value
