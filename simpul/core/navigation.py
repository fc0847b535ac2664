"""The main menu, declared by each app and filtered by the user's role."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from simpul.core.roles import role_of


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    #: Heading the entry sits under; by default the one of its app (GROUPS).
    group: str = ""


#: Menu headings by URL namespace, in the order an office works: data, development, analysis, market.
GROUPS = {
    "registry": (1, _("Data IKM")),
    "ingest": (1, _("Data IKM")),
    "clusters": (2, _("Sentra & kawasan")),
    "programs": (3, _("Program & mitra")),
    "analytics": (4, _("Analisis")),
    "market": (5, _("Pemasaran")),
    "regions": (8, _("Referensi")),
    "classifications": (8, _("Referensi")),
    "accounts": (9, _("Pengaturan")),
    "core": (9, _("Pengaturan")),
}


_MENU: list[MenuItem] = []


def register(*items: MenuItem) -> None:
    """Called from an app's AppConfig.ready() to add its entries."""
    for item in items:
        if item not in _MENU:
            _MENU.append(item)


def menu_for(user) -> list[dict]:
    """The user's menu entries, in order, each with the heading it belongs under."""
    role = role_of(user)
    entries = []
    for item in sorted(_MENU, key=lambda i: (_group_of(i)[0], i.order, str(i.label))):
        if role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "name": item.url_name, "group": _group_of(item)[1]})
    return entries


def grouped_menu(entries: list[dict]) -> list[dict]:
    """Entries under their headings, for the sidebar."""
    groups: list[dict] = []
    for entry in entries:
        if not groups or groups[-1]["label"] != entry["group"]:
            groups.append({"label": entry["group"], "items": []})
        groups[-1]["items"].append(entry)
    return groups


def _group_of(item: MenuItem) -> tuple[int, str]:
    if item.group:
        return (7, item.group)
    return GROUPS.get(item.url_name.split(":")[0], (7, _("Lainnya")))


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
