"""URLs of data-subject rights (UU PDP), inside the "registry" namespace.

Owners: `my_data` (menu "Data saya"). Officers: `subject_list` (menu
"Permintaan subjek data").
"""

from django.urls import path

from simpul.registry import subject_views as views

urlpatterns = [
    # Owners
    path("saya/data/", views.my_data, name="my_data"),
    path("saya/data/unduh/", views.my_data_download, name="my_data_download"),
    # Officers
    path("subjek-data/", views.subject_list, name="subject_list"),
    path("subjek-data/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("subjek-data/<int:pk>/putuskan/", views.subject_decide, name="subject_decide"),
]
