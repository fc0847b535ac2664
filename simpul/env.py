"""Typed readers for settings that come from the environment.

Each reader rejects a bad value with a message that names the variable, so a
typo in a deployment's environment stops the server at start-up instead of
surfacing later as odd behaviour.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "ya"}
_FALSE = {"0", "false", "no", "off", "tidak", ""}
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def env_str(name: str, default: str = "") -> str:
    """A string setting; surrounding whitespace is dropped."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean setting: 1/0, true/false, yes/no, on/off (ya/tidak too)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    """An integer setting, optionally with a lower bound."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list setting."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_region_code(name: str, default: str) -> str:
    """A Kemendagri region code in dotted form, e.g. 35.23 (kabupaten) or 35 (provinsi)."""
    value = env_str(name, default)
    if not _REGION_CODE.match(value):
        raise ImproperlyConfigured(
            f"{name} must be a Kemendagri region code in dotted form such as 35.23, got {value!r}."
        )
    return value


def env_secret_key(debug: bool) -> str:
    """SECRET_KEY: required and strong in production, a fixed dev key otherwise."""
    value = os.environ.get("SECRET_KEY", "").strip()
    if value:
        if not debug and len(value) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")
        return value
    if not debug:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    return "django-insecure-simpul-development-key-never-use-this-in-production-0123456789"
