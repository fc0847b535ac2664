from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from simpul.core.views import ObjectDetailView, ObjectListView
from simpul.regions.filters import RegionFilterSet
from simpul.regions.models import Region
from simpul.regions.tables import RegionTable


class RegionListView(ObjectListView):
    queryset = Region.objects.all()
    table_class = RegionTable
    filterset_class = RegionFilterSet
    template_name = "regions/region_list.html"


class RegionDetailView(ObjectDetailView):
    queryset = Region.objects.all()
    template_name = "regions/region_detail.html"
    detail_fields = ["code", "name", "level", "kind", "postal_code"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ancestors"] = self.object.ancestors()
        context["children"] = self.object.children.order_by("code")
        return context


def desa_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the desa select for a kecamatan of the home region (htmx)."""
    # The widget's select is named "<field>_kecamatan"; accept that or plain "kecamatan".
    code = request.GET.get("kecamatan") or next(
        (value for key, value in request.GET.items() if key.endswith("_kecamatan")), ""
    )
    desa = Region.objects.home().desa().filter(parent_id=code) if code else Region.objects.none()
    return render(request, "regions/widgets/desa_options.html", {"desa": desa})
