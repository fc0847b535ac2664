"""One API router for every app; each app contributes its viewsets here."""

from rest_framework.routers import DefaultRouter

from simpul.classifications.api import CommodityGroupViewSet, KbliViewSet
from simpul.regions.api import RegionViewSet

router = DefaultRouter()
router.register("wilayah", RegionViewSet, basename="region")
router.register("kbli", KbliViewSet, basename="kbli")
router.register("kelompok-komoditas", CommodityGroupViewSet, basename="commoditygroup")

urlpatterns = router.urls
