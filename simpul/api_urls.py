"""One API router for every app; each app contributes its viewsets here."""

from rest_framework.routers import DefaultRouter

from simpul.analytics import api as analytics_api
from simpul.classifications.api import CommodityGroupViewSet, KbliViewSet
from simpul.clusters.api import KawasanViewSet, OvopAspectViewSet, OvopAssessmentViewSet, SentraViewSet
from simpul.market import api as market_api
from simpul.programs import api as programs_api
from simpul.regions.api import RegionViewSet
from simpul.registry.api import (
    LaporanTahunanViewSet,
    LegalitasViewSet,
    PelakuViewSet,
    ProdukViewSet,
    UsahaViewSet,
)

# No `/api/usaha.json` twins: clients choose JSON with `?format=json` or the Accept header, and
# every route has one URL to scope and test (the twins' custom actions used to fail on `format=`).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("wilayah", RegionViewSet, basename="region")
router.register("kbli", KbliViewSet, basename="kbli")
router.register("kelompok-komoditas", CommodityGroupViewSet, basename="commoditygroup")
router.register("usaha", UsahaViewSet, basename="usaha")
router.register("pelaku", PelakuViewSet, basename="pelaku")
router.register("produk", ProdukViewSet, basename="produk")
router.register("laporan-tahunan", LaporanTahunanViewSet, basename="laporantahunan")
router.register("legalitas", LegalitasViewSet, basename="legalitas")
router.register("sentra", SentraViewSet, basename="sentra")
router.register("kawasan", KawasanViewSet, basename="kawasan")
router.register("ovop", OvopAssessmentViewSet, basename="ovopassessment")
router.register("ovop-aspek", OvopAspectViewSet, basename="ovopaspect")
router.register("analisis/indikator", analytics_api.IndicatorTableViewSet, basename="indicatortable")
router.register("analisis/run", analytics_api.AnalysisRunViewSet, basename="analysisrun")
router.register("analisis/produk-unggulan", analytics_api.FeaturedProductViewSet, basename="featuredproduct")
router.register("analisis/dasbor", analytics_api.DashboardViewSet, basename="dashboard")
router.register("program", programs_api.ProgramViewSet, basename="program")
router.register("kegiatan", programs_api.KegiatanViewSet, basename="kegiatan")
router.register("partisipasi", programs_api.PartisipasiViewSet, basename="partisipasi")
router.register("kendala", programs_api.KendalaViewSet, basename="kendala")
router.register("mitra", programs_api.MitraViewSet, basename="mitra")
router.register("jangkauan", programs_api.ReachViewSet, basename="jangkauan")
router.register("katalog/produk", market_api.CatalogProductViewSet, basename="katalog-produk")
router.register("katalog/usaha", market_api.PublicBusinessViewSet, basename="katalog-usaha")
router.register("katalog/permintaan", market_api.PublicDemandViewSet, basename="katalog-permintaan")
router.register("permintaan", market_api.PermintaanViewSet, basename="permintaan")
router.register("penawaran", market_api.PenawaranViewSet, basename="penawaran")

urlpatterns = router.urls
