"""Where demo businesses are: a believable spread over desa, and map points near their kabupaten.

The spread follows the number of desa (a kabupaten with more desa gets more
businesses), weighted by a rough industrial density of its province (Java
and Bali hold most of Indonesia's small industry) and by a random factor per
kabupaten and per desa, so some places stand out as they do in real data
(sentra, villages known for a craft). Each kabupaten also leans towards some
KBLI divisions, which gives location quotients something to find.

Map points: regions carry no coordinates, so a business is placed near its
kabupaten, which is put near its province's approximate centre. Good enough
for a demo map; not a gazetteer. The home kabupaten 35.23 (Tuban) keeps the
box the small demo always used.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass

from simpul.core.demo import DemoContext

#: Province code → (latitude, longitude of an approximate centre, relative density of small industry).
PROVINCES = {
    "11": (4.4, 96.9, 0.5),
    "12": (2.2, 99.2, 0.7),
    "13": (-0.7, 100.6, 1.0),
    "14": (0.5, 101.7, 0.6),
    "15": (-1.6, 103.0, 0.6),
    "16": (-3.3, 104.0, 0.6),
    "17": (-3.6, 102.3, 0.5),
    "18": (-5.0, 105.2, 0.8),
    "19": (-2.4, 106.6, 0.7),
    "21": (1.0, 104.4, 0.7),
    "31": (-6.2, 106.85, 3.0),
    "32": (-6.9, 107.6, 2.2),
    "33": (-7.2, 110.2, 2.5),
    "34": (-7.85, 110.4, 3.0),
    "35": (-7.6, 112.6, 2.2),
    "36": (-6.4, 106.1, 1.6),
    "51": (-8.4, 115.2, 2.5),
    "52": (-8.6, 117.4, 1.5),
    "53": (-9.0, 121.0, 0.6),
    "61": (0.0, 110.5, 0.5),
    "62": (-1.7, 113.4, 0.4),
    "63": (-3.1, 115.3, 0.7),
    "64": (0.5, 116.4, 0.5),
    "65": (3.0, 116.5, 0.4),
    "71": (1.2, 124.8, 0.6),
    "72": (-1.4, 121.4, 0.5),
    "73": (-4.0, 120.0, 0.9),
    "74": (-4.1, 122.3, 0.5),
    "75": (0.6, 122.5, 0.6),
    "76": (-2.5, 119.3, 0.5),
    "81": (-3.2, 129.0, 0.4),
    "82": (1.0, 127.8, 0.4),
    "91": (-2.6, 139.5, 0.3),
    "92": (-1.3, 133.2, 0.3),
    "93": (-7.0, 139.5, 0.3),
    "94": (-3.9, 136.5, 0.2),
    "95": (-4.1, 138.9, 0.2),
    "96": (-1.0, 131.8, 0.3),
}
#: The box the small demo has always used for the home kabupaten: (lat, lng, lat span, lng span).
HOME_BOXES = {"35.23": (-6.95, 112.025, 0.20, 0.325)}
#: Spread of a kabupaten's centre around its province's, and of businesses around their kabupaten's, in degrees.
KABUPATEN_SPREAD = 0.7
BUSINESS_SPREAD = 0.15


@dataclass
class Places:
    """Desa with cumulative weights (to draw from), and per-kabupaten leanings and map boxes."""

    desa: list[str]
    cumulative: list[float]
    divisions: dict[str, list[float]]
    boxes: dict[str, tuple[float, float, float, float]]

    def pick_desa(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.desa[bisect.bisect_right(self.cumulative, point)]

    def point(self, rng: random.Random, desa: str) -> tuple[float, float]:
        lat, lng, lat_span, lng_span = self.boxes[desa[:5]]
        return round(lat + rng.uniform(-lat_span, lat_span), 6), round(
            lng + rng.uniform(-lng_span, lng_span), 6
        )


def load(context: DemoContext, division_weights: list[int]) -> Places | None:
    """The places of the demo's area; None when it holds no desa.

    Drawn from their own generators (seeded from the demo's seed and the
    kabupaten code), so adding a province does not change another's figures.
    """
    from simpul.regions.models import Region

    codes = list(
        context.regions().filter(level=Region.Level.DESA).order_by("code").values_list("code", flat=True)
    )
    if not codes:
        return None
    weights, divisions, boxes = [], {}, {}
    for kabupaten, members in itertools.groupby(codes, key=lambda code: code[:5]):
        local = random.Random(f"{context.seed}:{kabupaten}")
        province = PROVINCES.get(kabupaten[:2], (-2.5, 118.0, 0.5))
        factor = province[2] * local.lognormvariate(0, 0.4)
        weights.extend(factor * local.lognormvariate(0, 0.7) for _ in members)
        divisions[kabupaten] = list(
            itertools.accumulate(w * local.lognormvariate(0, 0.6) for w in division_weights)
        )
        boxes[kabupaten] = HOME_BOXES.get(kabupaten) or (
            province[0] + local.uniform(-KABUPATEN_SPREAD, KABUPATEN_SPREAD),
            province[1] + local.uniform(-KABUPATEN_SPREAD, KABUPATEN_SPREAD),
            BUSINESS_SPREAD,
            BUSINESS_SPREAD,
        )
    return Places(codes, list(itertools.accumulate(weights)), divisions, boxes)
