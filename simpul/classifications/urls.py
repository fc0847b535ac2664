from simpul.classifications import views
from simpul.core.routing import entity_urls

app_name = "classifications"

urlpatterns = [
    *entity_urls(
        "kbli",
        "classifications:kbli",
        list_view=views.KbliListView,
        detail_view=views.KbliDetailView,
        pk="str:pk",
    ),
    *entity_urls(
        "kelompok-komoditas",
        "classifications:group",
        list_view=views.GroupListView,
        detail_view=views.GroupDetailView,
        edit_view=views.GroupEditView,
        archive_view=views.GroupArchiveView,
    ),
]
