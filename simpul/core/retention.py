"""Retention rules of the apps, run together by `python manage.py apply_retention`.

Each app that keeps personal data for a limited time registers a rule here
(from its AppConfig.ready), so the command in the registry needs to know no
app above it. A rule receives the current time and whether this is a dry run,
and returns how many records it cleared (or would clear).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Rule:
    #: What the rule clears, as a sentence fragment in Indonesian ("berkas impor lebih dari 90 hari").
    label: str
    apply: Callable[[datetime, bool], int]


_RULES: dict[str, Rule] = {}


def register(name: str, label: str, apply: Callable[[datetime, bool], int]) -> None:
    _RULES[name] = Rule(label, apply)


def run_rules(now: datetime, *, dry_run: bool) -> list[tuple[Rule, int]]:
    """Apply every registered rule, in name order; (rule, count) for each."""
    return [(rule, rule.apply(now, dry_run)) for _name, rule in sorted(_RULES.items())]
