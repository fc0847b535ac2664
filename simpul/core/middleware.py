"""Language: Bahasa Indonesia unless the user chose another language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    Officers often use browsers set to English; the office works in Bahasa
    Indonesia, so only an explicit choice (the language cookie) switches.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    Scripts only from this site (no inline scripts: the templates keep their
    JavaScript in static files). Inline style attributes are allowed because
    progress bars and htmx set widths and indicator styles. Map tiles may
    come from the configured tile server.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        tile_host = _origin(settings.SIMPUL_TILE_URL)
        images = " ".join(filter(None, ["'self'", "data:", "blob:", tile_host]))
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                f"img-src {images}",
                "font-src 'self' data:",
                "connect-src 'self'",
                "frame-ancestors 'none'",
                "form-action 'self' https://wa.me https://api.whatsapp.com",
                "base-uri 'self'",
                "object-src 'none'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


def _origin(url_template: str) -> str:
    """scheme://host of a tile URL template such as https://tile.example/{z}/{x}/{y}.png."""
    from urllib.parse import urlsplit

    if not url_template:
        return ""
    parts = urlsplit(url_template.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url_template else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""
