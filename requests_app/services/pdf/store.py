"""Where rendered PDFs are kept so that a download never waits for WeasyPrint: the shared cache (Redis)
when there is one, else the file storage (settings.DOCUMENT_STORE). Keyed by `plan_pdf_cache_key`, so a
changed plan, contact history, letter date or layout never finds an old file. A case's stored files are
deleted with the case (services.privacy.case_residue_delete)."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

#: How long a stored PDF is kept (the letter date in it changes daily anyway).
STORE_TIMEOUT = 60 * 60 * 24 * 2
_INDEX = "plan-pdf-index:{case}"
_READY = "plan-pdf-ready:{case}:{language}"


def _case_folder(case_hex: str) -> str:
    return f"documents/{case_hex}"


def _file_name(key: str) -> str:
    case_hex = key.split(":")[1]
    return f"{_case_folder(case_hex)}/{hashlib.sha256(key.encode()).hexdigest()[:40]}.pdf"


def stored_pdf_get(*, key: str) -> bytes | None:
    """The PDF stored under `key`, or None when none is ready."""
    if settings.DOCUMENT_STORE == "cache":
        return cache.get(key)
    name = _file_name(key)
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def stored_pdf_put(*, key: str, pdf: bytes) -> None:
    """Keep `pdf` under `key` (replacing what was there)."""
    if settings.DOCUMENT_STORE == "cache":
        case_hex = key.split(":")[1]
        index_key = _INDEX.format(case=case_hex)
        cache.set(key, pdf, STORE_TIMEOUT)
        cache.set(index_key, sorted({*cache.get(index_key, []), key}), STORE_TIMEOUT)
        return
    name = _file_name(key)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(pdf))


def ready_get(*, case_hex: str, language: str) -> dict | None:
    """What `ready_put` last noted for the case's PDF in `language`, or None."""
    if settings.DOCUMENT_STORE == "cache":
        return cache.get(_READY.format(case=case_hex, language=language))
    try:
        with default_storage.open(_ready_file(case_hex, language), "rb") as stored:
            return json.loads(stored.read())
    except (FileNotFoundError, ValueError):
        return None


def ready_put(*, case_hex: str, language: str, note: dict) -> None:
    """Note (a small JSON-able dict: which stored PDF the current inputs give) for the case's PDF in
    `language`, replacing the last note. Deleted with the case's stored PDFs."""
    if settings.DOCUMENT_STORE == "cache":
        key = _READY.format(case=case_hex, language=language)
        index_key = _INDEX.format(case=case_hex)
        cache.set(key, note, STORE_TIMEOUT)
        cache.set(index_key, sorted({*cache.get(index_key, []), key}), STORE_TIMEOUT)
        return
    name = _ready_file(case_hex, language)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps(note).encode()))


def _ready_file(case_hex: str, language: str) -> str:
    return f"{_case_folder(case_hex)}/ready-{language}.json"


def stored_pdfs_delete(*, case_hex: str) -> int:
    """Delete every PDF stored for the case whose public id is `case_hex`; return how many went."""
    if settings.DOCUMENT_STORE == "cache":
        index_key = _INDEX.format(case=case_hex)
        keys = cache.get(index_key, [])
        cache.delete_many([*keys, index_key])
        return len(keys)
    folder = _case_folder(case_hex)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    return len(files)
