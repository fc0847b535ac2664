"""A crawler of the public site for the leak tests: every page, file and API answer a visitor can reach.

It starts from a few entry points (the catalog, sitemap.xml, robots.txt, the
public API) and follows every link, form action, sitemap <loc> and API URL
that stays on the public part of the site, reading each body as a visitor
would — PDF streams are inflated so their text can be searched too.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections import deque
from urllib.parse import urljoin, urlsplit

PUBLIC_PREFIXES = ("/katalog/", "/sitemap", "/robots.txt", "/api/katalog/")
#: Query strings worth following are pages, filters and searches; exports are seeds of their own.
ENTRY_POINTS = (
    "/katalog/",
    "/katalog/?q=keripik",
    "/katalog/?q=batik&sertifikat=halal",
    "/katalog/ekspor.csv",
    "/katalog/ekspor.csv?q=keripik",
    "/sitemap.xml",
    "/robots.txt",
    "/api/katalog/produk/",
    "/api/katalog/produk/?q=keripik",
    "/api/katalog/usaha/",
    "/api/katalog/permintaan/",
)
_LINK = re.compile(rb"""(?:href|src|action)="([^"#]+)""")
_LOC = re.compile(rb"<loc>([^<]+)</loc>")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def pdf_text(data: bytes) -> bytes:
    """The PDF with its streams decoded (ASCII85, then Flate), so text inside can be searched."""
    parts = [data]
    for match in _STREAM.finditer(data):
        stream = match.group(1).strip()
        try:
            if stream.endswith(b"~>"):
                stream = base64.a85decode(stream.removeprefix(b"<~").removesuffix(b"~>"))
            parts.append(zlib.decompress(stream))
        except (ValueError, zlib.error):
            continue
    return b"\n".join(parts)


def _body(response) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(content)
    return content


def _json_urls(value) -> list[str]:
    if isinstance(value, dict):
        return [u for v in value.values() for u in _json_urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _json_urls(v)]
    if isinstance(value, str) and value.startswith("http"):
        return [value]
    return []


def _local(url: str, base: str) -> str | None:
    parts = urlsplit(urljoin(base, url))
    if parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if parts.path.startswith(PUBLIC_PREFIXES) else None


def crawl(client, *, limit: int = 1500, extra: tuple[str, ...] = ()) -> dict[str, tuple[int, bytes]]:
    """Every public URL reachable from the entry points: {path: (status, body)}."""
    queue = deque([*ENTRY_POINTS, *extra])
    seen: dict[str, tuple[int, bytes]] = {}
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path, follow=False)
        body = _body(response) if response.status_code == 200 else b""
        seen[path] = (response.status_code, body)
        if response.status_code in (301, 302):
            target = _local(response["Location"], path)
            if target:
                queue.append(target)
            continue
        links = [m.decode() for m in _LINK.findall(body)] + [m.decode() for m in _LOC.findall(body)]
        if response.get("Content-Type", "").startswith("application/json"):
            links += _json_urls(json.loads(body))
        for link in links:
            target = _local(link.replace("&amp;", "&"), path)
            if target and target not in seen:
                queue.append(target)
    return seen


def leaks(pages: dict[str, tuple[int, bytes]], secrets: list[str]) -> list[tuple[str, str]]:
    """(path, secret) for every page whose body contains a secret."""
    found = []
    for path, (_status, body) in pages.items():
        for secret in secrets:
            if secret and secret.encode() in body:
                found.append((path, secret))
    return found
