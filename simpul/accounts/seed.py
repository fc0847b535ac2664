"""Demo accounts: one per role; the kecamatan petugas gets the first kecamatan."""

from simpul.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from simpul.core.demo import DemoContext, seeder


@seeder(10, "akun demo")
def seed_accounts(context: DemoContext) -> None:
    first_kecamatan = (
        context.focus_regions().kecamatan().order_by("code").values_list("code", flat=True).first()
    )
    names = create_demo_accounts(first_kecamatan)
    context.log(f"  akun: {', '.join(names)} · kata sandi: {DEMO_PASSWORD}")
