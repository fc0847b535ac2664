"""Static files storage for production: WhiteNoise's compressed, hashed files.

Django also rewrites `sourceMappingURL` comments in JavaScript; the packaged
Leaflet.markercluster names a .map file its package does not ship, which
stops `collectstatic`. Only CSS references are rewritten here (url() and
@import), which is what cache-busting needs.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (ext, rules) for ext, rules in CompressedManifestStaticFilesStorage.patterns if ext != "*.js"
    )
