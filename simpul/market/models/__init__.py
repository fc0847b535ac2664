"""Models of the market app, split by topic (catalog, demand, contact, showcase)."""

from simpul.market.models.catalog import CatalogEntry, CatalogTerm, CatalogWord
from simpul.market.models.contact import PesanKatalog
from simpul.market.models.demand import Penawaran, Penerusan, Permintaan
from simpul.market.models.showcase import Showcase, ShowcaseItem

__all__ = [
    "CatalogEntry",
    "CatalogTerm",
    "CatalogWord",
    "Penawaran",
    "Penerusan",
    "Permintaan",
    "PesanKatalog",
    "Showcase",
    "ShowcaseItem",
]
