"""The PDF's URL sandbox: `StaticOnlyFetcher` serves the app's own static files (found through the
staticfiles finders, else in STATIC_ROOT) for URLs under STATIC_URL on the document's private origin, and
refuses everything else — other hosts, http(s) anywhere, file:, and data: too (the document never needs
them; refusing them keeps a user-supplied URL from embedding anything at all). Every URL asked for is kept
in `.requested`, so tests can check what a rendering tried to load.

The one exception is the case's own evidence: a render may hand the fetcher `attachments`, a mapping of
exact URLs under `ATTACHMENT_PREFIX` (made by the app from the case's evidence rows, never taken from
text) to functions that read the file from the evidence storage. Any other URL under that prefix — another
case's file, a guessed id, a URL typed into a narrative — is refused like everything else."""

import mimetypes
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcherResponse

#: The document's own origin: `.invalid` never resolves, so nothing can be fetched from it by accident.
DOCUMENT_ORIGIN = "https://deferral-desk.invalid"
#: Where a document's attachments (the case's evidence) live on the document's origin.
ATTACHMENT_PREFIX = DOCUMENT_ORIGIN + "/evidence/"


class RefusedURL(ValueError):
    """A URL the document may not load."""

    code = "refused_url"


class StaticOnlyFetcher(weasyprint.URLFetcher):
    """Serves `DOCUMENT_ORIGIN + STATIC_URL + path` from the app's static files, and exactly the URLs of
    `attachments` (url -> reader of (bytes, content type)); refuses everything else. `requested` lists every
    URL asked for, in order; `refused` those it would not serve."""

    def __init__(self, attachments: Mapping[str, Callable[[], tuple[bytes, str]]] | None = None):
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)
        self.requested: list[str] = []
        self.refused: list[str] = []
        self.attachments = dict(attachments or {})
        if any(not url.startswith(ATTACHMENT_PREFIX) for url in self.attachments):
            raise ValueError("attachments live under ATTACHMENT_PREFIX")

    def fetch(self, url, headers=None):
        self.requested.append(url)
        if url in self.attachments:
            content, content_type = self.attachments[url]()
            return URLFetcherResponse(url, content, {"Content-Type": content_type})
        try:
            path = static_file_for_url(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_url_prefix() -> str:
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    return prefix


def static_file_for_url(url: str) -> Path:
    """The static file `url` names, or RefusedURL: only https on DOCUMENT_ORIGIN, only under STATIC_URL,
    no traversal (`..`, encoded or not), no query, only files the staticfiles finders or STATIC_ROOT hold."""
    parts = urlsplit(url)
    origin = urlsplit(DOCUMENT_ORIGIN)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or parts.query or parts.username:
        raise RefusedURL(url)
    path = unquote(parts.path)
    prefix = static_url_prefix()
    if not path.startswith(prefix) or "\\" in path or "\x00" in path:
        raise RefusedURL(url)
    relative = path[len(prefix) :]
    segments = relative.split("/")
    if not relative or any(segment in ("", ".", "..") for segment in segments):
        raise RefusedURL(url)
    relative = posixpath.normpath(relative)
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise RefusedURL(url) from exc
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise RefusedURL(url)
