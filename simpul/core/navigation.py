"""The main menu, declared by each app and filtered by the user's role."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from simpul.core.roles import role_of


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100


_MENU: list[MenuItem] = []


def register(*items: MenuItem) -> None:
    """Called from an app's AppConfig.ready() to add its entries."""
    for item in items:
        if item not in _MENU:
            _MENU.append(item)


def menu_for(user) -> list[dict]:
    role = role_of(user)
    entries = []
    for item in sorted(_MENU, key=lambda i: (i.order, str(i.label))):
        if role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "name": item.url_name})
    return entries


_HOME: dict[str, str] = {}


def set_home(role: str, url_name: str) -> None:
    """The page a role lands on after login instead of the generic home page."""
    _HOME[role] = url_name


def home_for(user) -> str | None:
    name = _HOME.get(role_of(user))
    if not name:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
