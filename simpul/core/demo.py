"""Demo data: each app registers a seeder, and `seed_demo` runs them in order.

A seeder receives a `DemoContext` (region, sizes, a seeded Faker and random
generator) so the whole demo is reproducible from one seed.

Sizes: a kabupaten (tens of thousands of businesses), a province (a million)
or the nation (4.4 million). The registry's seeder streams businesses in
batches; the other seeders add hand-made pieces (sentra, programs, demands)
around one kabupaten, the `focus`, so their work does not grow with the
registry.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

#: Region code meaning "the whole country" (an empty code means the same).
NATIONAL = "nasional"

#: Size presets of `seed_demo --size`: number of businesses and the level of the region they spread over.
SIZES = {
    "kabupaten": (50_000, 2),
    "provinsi": (1_000_000, 1),
    "nasional": (4_400_000, 0),
}


@dataclass
class DemoContext:
    region: str
    ikm: int
    seed: int
    faker: Faker = field(init=False)
    rng: random.Random = field(init=False)
    log: Callable[[str], None] = print
    shared: dict = field(default_factory=dict)
    #: Businesses generated and written together by the registry's seeder (bounds its memory).
    batch: int = 5000
    #: Apps whose seeders are skipped (e.g. {"market"}: no catalog rebuild when only the registry is wanted).
    skip: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.region == NATIONAL:
            self.region = ""
        self.faker = Faker("id_ID")
        self.faker.seed_instance(self.seed)
        self.rng = random.Random(self.seed)

    @property
    def national(self) -> bool:
        return not self.region

    def regions(self):
        """Every region of the demo's area (the whole country when national)."""
        from simpul.regions.models import Region

        return Region.objects.all() if self.national else Region.objects.within(self.region)

    @property
    def focus(self) -> str:
        """The kabupaten (or smaller area) where the hand-made demo pieces go.

        The region itself when it is a kabupaten or smaller; otherwise the home
        kabupaten when it lies inside, else the region's first kabupaten.
        """
        if "focus" not in self.shared:
            self.shared["focus"] = self._find_focus()
        return self.shared["focus"]

    def _find_focus(self) -> str:
        from django.conf import settings

        from simpul.regions.models import Region

        if self.region.count(".") >= 1:
            return self.region
        home = ".".join(settings.SIMPUL_HOME_REGION.split(".")[:2])
        inside = self.national or home.startswith(f"{self.region}.")
        if inside and Region.objects.filter(code=home).exists():
            return home
        first = self.regions().filter(level=Region.Level.KABKOTA).values_list("code", flat=True).first()
        return first or self.region

    def focus_regions(self):
        from simpul.regions.models import Region

        return Region.objects.within(self.focus)


def default_region(size: str, home: str) -> str:
    """The area a size preset spreads over, from the home region (e.g. 35.23 → 35 for a province)."""
    _count, level = SIZES[size]
    return ".".join(home.split(".")[:level]) if level else ""


_SEEDERS: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def seeder(order: int, name: str) -> Callable:
    """Register a demo seeder; lower `order` runs first."""

    def register(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        if all(existing[1] != name for existing in _SEEDERS):
            _SEEDERS.append((order, name, func))
        return func

    return register


def app_of(func: Callable) -> str:
    """The app a seeder belongs to: simpul.market.seed → market."""
    parts = func.__module__.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "simpul" else parts[0]


def apps() -> list[str]:
    """Apps that registered a seeder, for `seed_demo --skip`."""
    return sorted({app_of(func) for _order, _name, func in _SEEDERS})


def run_seeders(context: DemoContext) -> None:
    """Run every seeder in order, recording each one's seconds in `context.shared["seconds"]`."""
    seconds = context.shared.setdefault("seconds", {})
    for _order, name, func in sorted(_SEEDERS, key=lambda s: (s[0], s[1])):
        if app_of(func) in context.skip:
            context.log(f"· {name}: dilewati")
            continue
        context.log(f"· {name}")
        started = time.monotonic()
        func(context)
        seconds[name] = round(time.monotonic() - started, 2)
        if seconds[name] >= 5:
            context.log(f"  ({seconds[name]:.0f} detik)")
