"""Demo of owner self-service: the demo "pelaku" account owns a business and has a proposal waiting.

Runs after the accounts (10) and the registry (20). The business is taken
from the first kecamatan of the region, the one the demo "petugas.kec"
serves, so every demo officer can review the waiting request.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Exists, OuterRef

from simpul.accounts.models import User
from simpul.core.demo import DemoContext, seeder
from simpul.regions.models import Region
from simpul.registry import selfservice
from simpul.registry.models import Pelaku, Produk, Usaha
from simpul.registry.models_selfservice import ChangeRequest

DEMO_OWNER = "pelaku"


def _demo_business(region: str) -> Usaha | None:
    """An active business with a product and an owner without an account, first kecamatan first."""
    with_product = Exists(Produk.objects.filter(usaha=OuterRef("pk"), archived_at=None))
    candidates = (
        Usaha.objects.filter(status=Usaha.Status.AKTIF, archived_at=None, merged_into=None)
        .filter(with_product, owners__account__isnull=True)
        .filter(kecamatan__in=Region.objects.within(region).kecamatan())
        .order_by("pk")
    )
    first_kecamatan = Region.objects.within(region).kecamatan().values_list("code", flat=True).first()
    return candidates.filter(kecamatan_id=first_kecamatan).first() or candidates.first()


def _rupiah(value: Decimal) -> str:
    """Rounded to the thousand, the way shops price."""
    return str((value / 1000).quantize(Decimal(1)) * 1000)


def _propose_price_change(owner: User, produk: Produk) -> ChangeRequest:
    """A believable proposal: prices up a tenth, a new photo, a word to the officer."""
    usaha = produk.usaha
    low = produk.price_min or Decimal(10_000)
    high = max(produk.price_max or low, low)
    data = {**selfservice.record_values(produk, selfservice.OWNER_PRODUK_FIELDS)}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["price_min"] = _rupiah(low * Decimal("1.1"))
    data["price_max"] = _rupiah(high * Decimal("1.1"))
    data[selfservice.NOTE_FIELD] = "Harga bahan baku naik sejak bulan lalu."
    photo = SimpleUploadedFile("foto-baru.png", selfservice.sample_photo(colour="#e49b0f"), "image/png")
    form = selfservice.owner_form(
        ChangeRequest.Target.PRODUK, usaha, instance=produk, data=data, files={"photo": photo}
    )
    if not form.is_valid():
        raise ValueError(f"Usulan demo tidak sah: {form.errors.as_text()}")
    return selfservice.submit_change(
        owner=owner, usaha=usaha, target=ChangeRequest.Target.PRODUK, form=form, instance=produk
    )


@seeder(30, "swalayan pelaku: akun demo pelaku dan usulan perubahan")
def seed_selfservice(context: DemoContext) -> None:
    owner = User.objects.filter(username=DEMO_OWNER).first()
    if owner is None:
        context.log("  akun demo pelaku tidak ada; dilewati")
        return
    if Pelaku.objects.filter(account=owner).exists():
        context.log("  akun demo pelaku sudah terhubung; dilewati")
        return
    usaha = _demo_business(context.focus)
    if usaha is None:
        context.log("  tidak ada usaha aktif berproduk; dilewati")
        return
    pelaku = usaha.owners.filter(account__isnull=True).order_by("pk").first()
    pelaku.account = owner
    pelaku.save(update_fields=["account", "updated_at"])
    produk = usaha.produk.filter(archived_at=None).order_by("pk").first()
    change = _propose_price_change(owner, produk)
    context.log(f"  akun '{DEMO_OWNER}' = {pelaku.name}, pemilik {usaha.name}; usulan #{change.pk} menunggu")
