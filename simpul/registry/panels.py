"""Extra tabs and panels on the business page, contributed by feature apps.

The registry must not know the apps built on it, so programs, clusters and
others register their template snippets here from AppConfig.ready(); the
business page renders whatever is registered.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    label: str
    template: str
    order: int = 100
    #: "tab" for a tab next to the registry's own, "panel" for a block below the tabs.
    place: str = "tab"


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def tabs() -> list[Panel]:
    return sorted((p for p in _PANELS.values() if p.place == "tab"), key=lambda p: p.order)


def panels() -> list[Panel]:
    return sorted((p for p in _PANELS.values() if p.place == "panel"), key=lambda p: p.order)
