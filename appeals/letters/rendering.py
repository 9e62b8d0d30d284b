"""HTML to PDF with WeasyPrint, reading nothing but the letter assets.

WeasyPrint's default URL fetcher opens any ``file:`` URL and any network address named in the
HTML or CSS, so a letter could embed ``/etc/passwd`` or make the worker call another server.
``LetterAssetFetcher`` allows only ``data:`` URLs and files inside ``ASSETS_DIR`` (after
resolving symbolic links and ``..``); everything else is refused and left out of the PDF.
Fonts come from the system through fontconfig (DejaVu), never from the network.

This module knows nothing about cases or users: it turns a string of HTML into PDF bytes.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
FETCH_TIMEOUT_SECONDS = 3
_MAX_ASSET_BYTES = 2 * 1024 * 1024


class RefusedURLError(ValueError):
    """The letter named a resource outside the letter assets."""


class LetterAssetFetcher(URLFetcher):
    """Fetch ``data:`` URLs and files under ``assets_dir``; refuse everything else.

    No redirects are followed and the timeout is short; a refused URL raises, which WeasyPrint
    logs and skips (the image or stylesheet is simply missing from the PDF).
    """

    def __init__(self, assets_dir: Path = ASSETS_DIR) -> None:
        super().__init__(
            timeout=FETCH_TIMEOUT_SECONDS,
            allowed_protocols=("data", "file"),
            allow_redirects=False,
        )
        self.assets_dir = assets_dir.resolve()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._fetch_asset(url)
        raise RefusedURLError(f"Letters may not fetch {scheme or 'relative'} URLs")

    def _fetch_asset(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURLError("Letters may not fetch files from other hosts")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.assets_dir) or not path.is_file():
            raise RefusedURLError("Letters may only use files in the letter assets folder")
        if path.stat().st_size > _MAX_ASSET_BYTES:
            raise RefusedURLError("Letter asset too large")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path2url(path), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def render_pdf(html: str, *, assets_dir: Path = ASSETS_DIR) -> RenderedPdf:
    """Lay out ``html`` and return the PDF with its page count.

    The same HTML always gives the same bytes: the PDF identifier is derived from the HTML,
    and the creation date comes from the document's ``dcterms.created`` meta (the letter
    date), never from the clock.
    """
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(
        string=html,
        base_url=path2url(str(assets_dir) + "/"),
        url_fetcher=LetterAssetFetcher(assets_dir),
    ).render()
    data = document.write_pdf(pdf_identifier=identifier)
    return RenderedPdf(data=data, page_count=len(document.pages))
