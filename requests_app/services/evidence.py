"""Hardship evidence: keep the clean copy of an upload in the `evidence` storage, read it back, delete it.

Storage goes through Django's storage API (`STORAGES["evidence"]`): a private folder under var/ by default,
an S3-compatible bucket when `EVIDENCE_S3_BUCKET` is set (see settings). Names are generated
(`cases/<case id>/<random id>.<ext>`), never the uploader's. Files are removed from storage when their row
goes, whatever removes it (this service, the case's or the account's deletion, the admin): a `post_delete`
handler schedules the removal for when the transaction commits, so a rolled-back deletion keeps its file.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from ..models import Case, EvidenceFile
from .evidence_content import MAX_FILE_BYTES, EvidenceRefused, evidence_content_check, evidence_name_check

logger = logging.getLogger(__name__)

MAX_FILES_PER_CASE = 20
STORAGE_ALIAS = "evidence"

__all__ = [
    "MAX_FILES_PER_CASE",
    "MAX_FILE_BYTES",
    "EvidenceRefused",
    "evidence_delete",
    "evidence_read",
    "evidence_section",
    "evidence_storage",
    "evidence_upload",
]


def evidence_storage() -> Storage:
    """The configured evidence storage (re-read when STORAGES changes, as in tests)."""
    return storages[STORAGE_ALIAS]


@dataclass(frozen=True)
class EvidenceGroup:
    """The files of one checklist item, for pages and the letter."""

    item: str
    label: str
    held: bool
    files: tuple[EvidenceFile, ...]


def evidence_groups(case: Case, files: list[EvidenceFile] | None = None) -> tuple[EvidenceGroup, ...]:
    """The case's files grouped by checklist item: ticked items first (in checklist order), then any other
    item that has files. Reads `case.evidence_files` unless given `files` (prefetch it)."""
    files = list(case.evidence_files.all()) if files is None else files
    held = [value for value in Case.Evidence.values if value in (case.evidence or [])]
    with_files = [
        value for value in Case.Evidence.values if value not in held and any(f.item == value for f in files)
    ]
    labels = dict(Case.Evidence.choices)
    return tuple(
        EvidenceGroup(
            item=value,
            label=str(labels[value]),
            held=value in held,
            files=tuple(f for f in files if f.item == value),
        )
        for value in (*held, *with_files)
    )


@dataclass(frozen=True)
class EvidenceSection:
    """What the documents section of a page shows: the files by checklist item and the limits."""

    groups: tuple[EvidenceGroup, ...]
    count: int
    too_large_message: str
    limit: int = MAX_FILES_PER_CASE
    max_bytes: int = MAX_FILE_BYTES

    @property
    def full(self) -> bool:
        return self.count >= self.limit


def evidence_section(case: Case) -> EvidenceSection:
    """The documents section of `case` (reads `case.evidence_files`: prefetch it)."""
    files = list(case.evidence_files.all())
    return EvidenceSection(
        groups=evidence_groups(case, files),
        count=len(files),
        too_large_message=EvidenceRefused("evidence_too_large").message,
    )


def evidence_upload(*, case: Case, item: str, data: bytes, raw_name: str | None, by) -> EvidenceFile:
    """Check `data` (see services.evidence_content), store its clean copy for checklist `item` of `case`, and
    return the new row. Refuses (EvidenceRefused) a closed case, an unknown item, a bad name or content,
    and a 21st file; nothing is stored then."""
    if item not in Case.Evidence.values:
        raise EvidenceRefused("evidence_item_unknown")
    evidence_name_check(raw_name=raw_name)
    cleaned = evidence_content_check(data=data)
    storage = evidence_storage()
    stored = None
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if locked.status == Case.Status.CLOSED:
                raise EvidenceRefused("evidence_case_closed")
            if EvidenceFile.objects.filter(case=locked).count() >= MAX_FILES_PER_CASE:
                raise EvidenceRefused("evidence_too_many", limit=MAX_FILES_PER_CASE)
            file_id = uuid.uuid4()
            extension = {"jpeg": "jpg", "png": "png", "pdf": "pdf"}[cleaned.kind]
            stored = storage.save(
                f"cases/{case.public_id.hex}/{file_id.hex}.{extension}", ContentFile(cleaned.content)
            )
            evidence = EvidenceFile(
                public_id=file_id,
                case=locked,
                item=item,
                kind=cleaned.kind,
                uploaded_as=cleaned.uploaded_as,
                stored_name=stored,
                size=len(cleaned.content),
                sha256=cleaned.sha256,
                width=cleaned.width,
                height=cleaned.height,
                pages=cleaned.pages,
                uploaded_by=by,
            )
            evidence.full_clean()
            evidence.save()
    except BaseException:
        # Nothing is kept of a refused or failed upload, the stored copy included.
        if stored is not None:
            _remove_from_storage(stored)
        raise
    return evidence


def evidence_read(*, evidence: EvidenceFile) -> bytes:
    """The stored bytes of `evidence` (the clean copy)."""
    with evidence_storage().open(evidence.stored_name, "rb") as handle:
        return handle.read()


def evidence_delete(*, evidence: EvidenceFile) -> None:
    """Delete the row; the file leaves storage when the transaction commits."""
    with transaction.atomic():
        evidence.delete()


def evidence_files_delete(*, files: Iterable[EvidenceFile]) -> int:
    """Delete several rows (and so their files); returns how many."""
    count = 0
    with transaction.atomic():
        for evidence in files:
            evidence.delete()
            count += 1
    return count


def _remove_from_storage(name: str) -> None:
    try:
        evidence_storage().delete(name)
    except Exception:  # the row is gone already; say so in the log (no personal data: a generated name)
        logger.exception("Could not remove evidence file %s from storage", name)


@receiver(post_delete, sender=EvidenceFile, dispatch_uid="evidence_file_leaves_storage")
def _file_leaves_storage(sender, instance: EvidenceFile, **kwargs):
    name = instance.stored_name
    transaction.on_commit(lambda: _remove_from_storage(name))


def evidence_download_name(evidence: EvidenceFile) -> str:
    """A generated ASCII file name, e.g. "termination_letter-3f2a9c1d.jpg"; never the uploader's."""
    return f"{evidence.item}-{evidence.public_id.hex[:8]}.{evidence.extension}"
