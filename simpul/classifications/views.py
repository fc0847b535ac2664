from simpul.classifications.filters import CommodityGroupFilterSet, KbliFilterSet
from simpul.classifications.forms import CommodityGroupForm
from simpul.classifications.models import CommodityGroup, Kbli
from simpul.classifications.tables import CommodityGroupTable, KbliTable
from simpul.core.views import ObjectArchiveView, ObjectDetailView, ObjectEditView, ObjectListView


class KbliListView(ObjectListView):
    queryset = Kbli.objects.select_related("group")
    table_class = KbliTable
    filterset_class = KbliFilterSet


class KbliDetailView(ObjectDetailView):
    queryset = Kbli.objects.select_related("group", "parent")
    detail_fields = ["code", "title", "level", "parent", "group"]


class GroupListView(ObjectListView):
    queryset = CommodityGroup.objects.all()
    table_class = CommodityGroupTable
    filterset_class = CommodityGroupFilterSet


class GroupDetailView(ObjectDetailView):
    queryset = CommodityGroup.objects.all()
    detail_fields = ["name", "slug", "description", "order"]


class GroupEditView(ObjectEditView):
    queryset = CommodityGroup.objects.all()
    form_class = CommodityGroupForm


class GroupArchiveView(ObjectArchiveView):
    queryset = CommodityGroup.objects.all()
