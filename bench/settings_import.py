"""Settings of the import bench's django-import-export child: the product's settings, unchanged.

django-import-export is a dev dependency used only by bench/import_bench.py.  Its Resource API
(``Resource.import_data``) works without the app being installed: INSTALLED_APPS only matters for
its admin integration (templates, static files, translations), which the bench does not use.  This
module exists so that, should a later version need the app, it is added here and never to the
product's settings.
"""

from simpul.settings import *  # noqa: F403
