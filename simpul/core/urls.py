from django.urls import path
from django.views.generic import TemplateView

from simpul.core import views
from simpul.core.audit_views import AuditListView

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pekerjaan/<int:pk>/", views.job_status, name="job"),
    path("privasi/", TemplateView.as_view(template_name="core/privacy.html"), name="privacy"),
    path("audit/", AuditListView.as_view(url_base="core:audit"), name="audit_list"),
]
