from django.urls import path

from simpul.core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pekerjaan/<int:pk>/", views.job_status, name="job"),
]
