from django.conf import settings

from simpul.core.navigation import grouped_menu, menu_for
from simpul.core.roles import role_of


def simpul(request) -> dict:
    """What every page needs: the office, the role and the menu for it."""
    menu = menu_for(request.user)
    return {
        "office_name": settings.SIMPUL_OFFICE_NAME,
        "demo_mode": settings.SIMPUL_DEMO,
        "user_role": role_of(request.user),
        "menu": menu,
        "menu_groups": grouped_menu(menu),
        "tile_url": settings.SIMPUL_TILE_URL,
        "map_center": settings.SIMPUL_MAP_CENTER,
    }
