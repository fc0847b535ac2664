from django.urls import path

from simpul.core.routing import entity_urls
from simpul.regions import views

app_name = "regions"

urlpatterns = [
    path("wilayah/pilihan-desa/", views.desa_options, name="desa_options"),
    *entity_urls(
        "wilayah",
        "regions:region",
        list_view=views.RegionListView,
        detail_view=views.RegionDetailView,
        pk="str:pk",
    ),
]
