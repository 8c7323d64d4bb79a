"""Where rendered PDFs are kept so that a download never waits for WeasyPrint: the shared cache (Redis)
when there is one, else the file storage (settings.DOCUMENT_STORE). Looked up by `plan_pdf_cache_key`, so a
changed plan, contact history, letter date or layout never finds an old file. A case's stored files are
deleted with the case (services.privacy.case_residue_delete).

In the cache, each case keeps one PDF per letter language, in a slot whose name is known from the case
alone (with the key it was made for): deleting a case deletes its slots by name, so no list of keys can
lose an entry to two writers at once and leave a copy behind. In the file storage, each case has a folder,
deleted whole."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ...models import Case

#: How long a stored PDF is kept (the letter date in it changes daily anyway).
STORE_TIMEOUT = 60 * 60 * 24 * 2
_SLOT = "plan-pdf-slot:{case}:{language}"
_READY = "plan-pdf-ready:{case}:{language}"
#: Where the cache listed a case's PDFs before the slots (still deleted, for PDFs stored by then).
_LEGACY_INDEX = "plan-pdf-index:{case}"


def _slot(key: str) -> str:
    """The cache slot of `key` ("plan-pdf:<case>:<language>:…")."""
    _kind, case_hex, language, *_rest = key.split(":")
    return _SLOT.format(case=case_hex, language=language)


def _case_folder(case_hex: str) -> str:
    return f"documents/{case_hex}"


def _file_name(key: str) -> str:
    case_hex = key.split(":")[1]
    return f"{_case_folder(case_hex)}/{hashlib.sha256(key.encode()).hexdigest()[:40]}.pdf"


def stored_pdf_get(*, key: str) -> bytes | None:
    """The PDF stored under `key`, or None when none is ready."""
    if settings.DOCUMENT_STORE == "cache":
        slot = cache.get(_slot(key))
        return slot[1] if slot is not None and slot[0] == key else None
    name = _file_name(key)
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def stored_pdf_put(*, key: str, pdf: bytes) -> None:
    """Keep `pdf` under `key` (replacing what was there)."""
    if settings.DOCUMENT_STORE == "cache":
        cache.set(_slot(key), (key, pdf), STORE_TIMEOUT)
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
        cache.set(_READY.format(case=case_hex, language=language), note, STORE_TIMEOUT)
        return
    name = _ready_file(case_hex, language)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps(note).encode()))


def _ready_file(case_hex: str, language: str) -> str:
    return f"{_case_folder(case_hex)}/ready-{language}.json"


def stored_pdfs_delete(*, case_hex: str) -> int:
    """Delete every PDF stored for the case whose public id is `case_hex` (and what was noted of them);
    return how many PDFs went."""
    if settings.DOCUMENT_STORE == "cache":
        slots = [_SLOT.format(case=case_hex, language=language) for language in Case.Language.values]
        notes = [_READY.format(case=case_hex, language=language) for language in Case.Language.values]
        legacy_index = _LEGACY_INDEX.format(case=case_hex)
        legacy = cache.get(legacy_index, [])
        found = cache.get_many([*slots, *(key for key in legacy if key.startswith("plan-pdf:"))])
        cache.delete_many([*slots, *notes, *legacy, legacy_index])
        return len(found)
    folder = _case_folder(case_hex)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    return sum(1 for name in files if name.endswith(".pdf"))
