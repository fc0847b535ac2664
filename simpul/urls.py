from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from simpul.accounts.api_token import ObtainTokenView
from simpul.core.media import public_media

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("simpul.accounts.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/", include("simpul.api_urls")),
    path("", include("simpul.registry.urls")),
    path("", include("simpul.regions.urls")),
    path("", include("simpul.classifications.urls")),
    path("", include("simpul.clusters.urls")),
    path("", include("simpul.analytics.urls")),
    path("", include("simpul.ingest.urls")),
    path("", include("simpul.programs.urls")),
    path("", include("simpul.market.urls")),
    path("", include("simpul.core.urls")),
]

if settings.DEBUG:
    # The demo serves uploads itself; production leaves that to the reverse proxy (docs/deploy.md).
    urlpatterns += [path("media/<path:path>", public_media, name="media")]
