"""Demo data: each app registers a seeder, and `seed_demo` runs them in order.

A seeder receives a `DemoContext` (region, sizes, a seeded Faker and random
generator) so the whole demo is reproducible from one seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker


@dataclass
class DemoContext:
    region: str
    ikm: int
    seed: int
    faker: Faker = field(init=False)
    rng: random.Random = field(init=False)
    log: Callable[[str], None] = print
    shared: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.faker = Faker("id_ID")
        self.faker.seed_instance(self.seed)
        self.rng = random.Random(self.seed)


_SEEDERS: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def seeder(order: int, name: str) -> Callable:
    """Register a demo seeder; lower `order` runs first."""

    def register(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        if all(existing[1] != name for existing in _SEEDERS):
            _SEEDERS.append((order, name, func))
        return func

    return register


def run_seeders(context: DemoContext) -> None:
    for _order, name, func in sorted(_SEEDERS, key=lambda s: (s[0], s[1])):
        context.log(f"· {name}")
        func(context)
