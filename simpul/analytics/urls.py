from django.urls import path

from simpul.analytics import views

app_name = "analytics"

urlpatterns = [
    path("dasbor/", views.dashboard_view, name="dashboard"),
    path("dasbor/laporan/", views.dashboard_report, name="dashboard_report"),
    path("analisis/", views.home, name="home"),
    path("analisis/indikator/", views.indicator_list, name="indicator_list"),
    path("analisis/indikator/dari-basis-data/", views.indicator_build, name="indicator_build"),
    path("analisis/indikator/impor/", views.indicator_import, name="indicator_import"),
    path("analisis/indikator/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("analisis/indikator/<int:pk>/arsip/", views.indicator_archive, name="indicator_archive"),
    path("analisis/run/", views.run_list, name="run_list"),
    path("analisis/run/sektor/", views.run_sector, name="run_sector"),
    path("analisis/run/ahp/", views.run_ahp, name="run_ahp"),
    path("analisis/run/kajian/", views.run_kajian, name="run_kajian"),
    path("analisis/run/bandingkan/", views.run_compare, name="run_compare"),
    path("analisis/run/<int:pk>/", views.run_detail, name="run_detail"),
    path("analisis/run/<int:pk>/ulang/", views.run_reproduce, name="run_reproduce"),
    path("analisis/run/<int:pk>/arsip/", views.run_archive, name="run_archive"),
    path("analisis/run/<int:pk>/laporan/", views.run_report, name="run_report"),
    path("analisis/run/<int:pk>/unggulan/", views.run_feature, name="run_feature"),
    path("analisis/produk-unggulan/", views.featured_list, name="featured_list"),
    path("analisis/produk-unggulan/<int:pk>/arsip/", views.featured_archive, name="featured_archive"),
    path("analisis/laporan/<int:pk>/", views.report, name="report"),
    path("analisis/laporan/<int:pk>/unduh/", views.report_download, name="report_download"),
]
