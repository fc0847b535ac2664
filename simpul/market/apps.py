from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "simpul.market"
    label = "market"
    verbose_name = _("Pemasaran: katalog, permintaan, pameran")

    def ready(self) -> None:
        from simpul.core import retention
        from simpul.core.navigation import MenuItem, register
        from simpul.core.roles import Role
        from simpul.market import seed, signals  # noqa: F401  registers the seeder and signal handlers
        from simpul.market.retention import erase_buyer_contacts

        retention.register(
            "market.contacts",
            _("kontak pembeli yang lebih tua dari SIMPUL_CONTACT_RETENTION_DAYS hari"),
            erase_buyer_contacts,
        )

        office = frozenset({Role.ADMIN, Role.PETUGAS, Role.PIMPINAN})
        editors = frozenset({Role.ADMIN, Role.PETUGAS})
        everyone = frozenset(Role.values)
        register(
            MenuItem(_("Katalog publik"), "market:catalog", everyone, order=49),
            MenuItem(_("Permintaan pembeli"), "market:demand_list", office, order=50),
            MenuItem(_("Kesiapan e-katalog"), "market:readiness", office, order=51),
            MenuItem(_("Pameran"), "market:showcase_list_manage", editors, order=52),
            MenuItem(_("Pesan katalog"), "market:inbox", editors, order=53),
            MenuItem(_("Permintaan pembeli"), "market:owner_demands", frozenset({Role.PELAKU}), order=50),
            MenuItem(_("Pesan pembeli"), "market:owner_inbox", frozenset({Role.PELAKU}), order=51),
        )
