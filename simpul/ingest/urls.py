from django.urls import path

from simpul.ingest import views

app_name = "ingest"

urlpatterns = [
    path("impor/", views.upload, name="upload"),
    path("impor/<int:pk>/kolom/", views.mapping, name="mapping"),
    path("impor/<int:pk>/pratinjau/", views.preview, name="preview"),
    path("impor/<int:pk>/jalankan/", views.start, name="start"),
    path("impor/<int:pk>/lanjutkan/", views.resume, name="resume"),
    path("impor/<int:pk>/", views.result, name="result"),
    path("impor/<int:pk>/kemajuan/", views.progress, name="progress"),
    path("impor/<int:pk>/laporan.xlsx", views.report, name="report"),
    path("impor/templat/<int:pk>/hapus/", views.delete_template, name="template_delete"),
]
