from django.urls import path

from simpul.core import views
from simpul.core.audit_views import AuditListView

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pekerjaan/<int:pk>/", views.job_status, name="job"),
    path("audit/", AuditListView.as_view(url_base="core:audit"), name="audit_list"),
]
