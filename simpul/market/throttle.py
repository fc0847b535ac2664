"""A small per-visitor limit for the public forms (contact, demand), kept in the cache."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """The visitor's address (REMOTE_ADDR: the proxy in front sets it; X-Forwarded-For can be forged)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request: HttpRequest, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one use of `scope` by this visitor; False once `limit` uses fall within the window."""
    key = f"market:throttle:{scope}:{client_key(request)}"
    if cache.add(key, 1, window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window_seconds)
        return True
    return count <= limit
