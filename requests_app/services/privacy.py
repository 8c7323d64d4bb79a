"""Personal-data rights (PIPL): a person can take all their data with them, and delete all of it."""

import json
import tempfile
import zipfile
from collections.abc import Collection
from typing import IO, Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from ..models import (
    AccountProfile,
    Budget,
    Case,
    ContactAttempt,
    EvidenceFile,
    Payment,
    PlanVersion,
    ReviewNote,
    StatusChange,
)
from .budget import household_plan
from .evidence import evidence_download_name, evidence_read
from .letter_name import letter_name
from .pdf.store import stored_pdfs_delete

EXPORT_FORMAT = "deferral-desk-export/2"

CASE_FIELDS = [
    field.name
    for field in Case._meta.concrete_fields
    # The last contact, follow-up and queue rank are copies of what the contacts and status already say.
    if field.name
    not in {
        "id",
        "owner",
        "assigned_reviewer",
        "latest_contact_at",
        "latest_contact_outcome",
        "follow_up_at",
        "queue_rank",
    }
]


def _row(instance, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    data = model_to_dict(instance, fields=[f.name for f in instance._meta.concrete_fields])
    for name in ("id", "case", *exclude):
        data.pop(name, None)
    return data


def account_data_export(*, user) -> dict[str, Any]:
    """Everything the product holds about `user`: account, cases, schedules, plan versions, contacts, notes.

    Values are JSON-ready through DjangoJSONEncoder (Decimals and dates as strings). Unlike the pages, the
    PDF, the counselors' CSV and the calendar, which write dates for people in their language, this export
    is for moving the data elsewhere (PIPL art. 45): dates and moments stay ISO 8601 ("2026-12-03",
    "2026-12-03T02:00:00Z"), amounts plain decimals, and nothing depends on the language.
    """
    cases = (
        Case.objects.filter(owner=user)
        .select_related("lender")
        .prefetch_related(
            "payments", "plan_versions", "contacts", "review_notes", "status_changes", "evidence_files"
        )
        .order_by("created_at")
    )
    plan = household_plan(user.pk)
    exported = []
    for number, case in enumerate(cases, start=1):
        row = {name: getattr(case, name) for name in CASE_FIELDS}
        row["lender"] = case.lender.slug if case.lender_id else None
        row["payments"] = [_row(p) for p in case.payments.all()]
        row["plan_versions"] = [_row(v, exclude=("created_by",)) for v in case.plan_versions.all()]
        row["contacts"] = [
            {**_row(c, exclude=("recorded_by", "idempotency_key")), "plan_version": c.plan_version_id}
            for c in case.contacts.all()
        ]
        # Decided (issue 15): counselors' review notes and status-change notes are personal information
        # about the borrower, so PIPL's right of access (art. 45) covers them; they are exported. The
        # privacy notice says so, and the admin tells counselors when they write one.
        row["review_notes"] = [
            {"body": note.body, "created_at": note.created_at} for note in case.review_notes.all()
        ]
        row["status_changes"] = [
            {"from": s.from_status, "to": s.to_status, "at": s.changed_at, "note": s.note}
            for s in case.status_changes.all()
        ]
        share = plan.share_for(case)
        row["monthly_offer"] = (
            {"amount": share.offer, "fair_share": share.fair_share, "basis": share.basis} if share else None
        )
        row["evidence_files"] = [
            {
                "file": evidence_zip_path(number=number, evidence=evidence),
                "document": evidence.item,
                "kept_as": evidence.kind,
                "uploaded_as": evidence.uploaded_as,
                "size": evidence.size,
                "sha256": evidence.sha256,
                "width": evidence.width,
                "height": evidence.height,
                "pages": evidence.pages,
                "uploaded_at": evidence.uploaded_at,
            }
            for evidence in case.evidence_files.all()
        ]
        exported.append(row)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "name_on_letters": letter_name(user),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "budget": _budget_export(plan),
        "cases": exported,
    }


def case_residue_delete(
    *, case_ids: Collection[int] = (), public_ids: Collection[str] = (), owner_id: int | None = None
) -> int:
    """Delete what outlives deleted case rows: their history rows (amounts, dates, status, owner id) and
    their stored PDFs (`public_ids`, as hex).

    Call it after the cases themselves are gone (deleting a case writes one more history row) with the
    ids of the deleted cases, and/or `owner_id` to also catch history of that person's cases deleted
    earlier. Returns how many history rows went. The one place for case residue: extend it when more is
    kept beside a case (stored files, cached documents).
    """
    history = Case.history.none()
    if case_ids:
        history = Case.history.filter(id__in=list(case_ids))
    if owner_id is not None:
        history = history | Case.history.filter(owner_id=owner_id)
    deleted, _ = history.delete()
    for public_hex in public_ids:
        stored_pdfs_delete(case_hex=public_hex)
    return deleted


def _budget_export(plan) -> dict[str, Any] | None:
    budget = plan.budget
    if budget is None:
        return None
    row = _row(budget, exclude=("owner",))
    row["commitments"] = [_row(c, exclude=("budget",)) for c in budget.commitments.all()]
    totals = plan.totals
    row["totals"] = {
        "income": totals.income,
        "essentials": totals.essentials,
        "paid_first": totals.priority,
        "available": totals.available,
        "offers": plan.total_offers,
    }
    return row


def evidence_zip_path(*, number: int, evidence: EvidenceFile) -> str:
    """Where an evidence file sits in the export zip: files/case-<n>/<generated name>."""
    return f"files/case-{number}/{evidence_download_name(evidence)}"


def account_data_json(*, user) -> str:
    """`account_data_export` as the JSON document the person downloads."""
    return json.dumps(account_data_export(user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def account_data_zip(*, user) -> IO[bytes]:
    """A zip of the JSON export (my-data.json) and every uploaded evidence file, at the paths the JSON names,
    as a file rewound to its start (spooled to disk past 16 MB)."""
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    cases = Case.objects.filter(owner=user).prefetch_related("evidence_files").order_by("created_at")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", account_data_json(user=user))
        for number, case in enumerate(cases, start=1):
            for evidence in case.evidence_files.all():
                # Photos and PDFs are compressed already.
                archive.writestr(
                    evidence_zip_path(number=number, evidence=evidence),
                    evidence_read(evidence=evidence),
                    compress_type=zipfile.ZIP_STORED,
                )
    out.seek(0)
    return out


def account_delete(*, user) -> dict[str, int]:
    """Delete `user` and everything in their account, history rows and log-in records included.

    Returns how many rows of each kind went. Counselors' own accounts are not touched; their notes on
    this person's cases go with the cases. Other sessions of the user stop working with the account.
    """
    with transaction.atomic():
        cases = list(Case.objects.filter(owner=user).values_list("id", "public_id"))
        case_ids = [case_id for case_id, _public_id in cases]
        counts = {
            "cases": len(case_ids),
            "payments": Payment.objects.filter(case_id__in=case_ids).count(),
            "plan_versions": PlanVersion.objects.filter(case_id__in=case_ids).count(),
            "contacts": ContactAttempt.objects.filter(case_id__in=case_ids).count(),
            "review_notes": ReviewNote.objects.filter(case_id__in=case_ids).count(),
            "status_changes": StatusChange.objects.filter(case_id__in=case_ids).count(),
            "budgets": Budget.objects.filter(owner=user).count(),
            "account_profiles": AccountProfile.objects.filter(user=user).count(),
            # Their files leave storage when this transaction commits (services.evidence).
            "evidence_files": EvidenceFile.objects.filter(case_id__in=case_ids).count(),
        }
        username = user.get_username()
        user_id = user.pk
        get_user_model().objects.filter(pk=user_id).delete()
        # After the cases: deleting a case writes one more history row, which must go too, as must the
        # history of cases a counselor deleted before.
        case_residue_delete(
            case_ids=case_ids, public_ids=[public_id.hex for _id, public_id in cases], owner_id=user_id
        )
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username=username).delete()
    return counts
