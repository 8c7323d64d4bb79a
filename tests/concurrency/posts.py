"""What a browser posts for each wizard step and for the contact form, from a case's current values
(the hidden version included), so a test can change one field and post it like a person would."""

import datetime as dt
import uuid

from django.utils import timezone

from requests_app.models import Case


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def step_post(case: Case, step: str, *, action: str = "next", payments=None, **overrides) -> dict:
    """The form of `step` as the page shows it for `case`, with `overrides` typed over it."""
    fields = {
        "lender": {
            "lender": case.lender_id,
            "account_hint": case.account_hint,
            "amount_due": case.amount_due,
            "due_date": case.due_date,
        },
        "mode": {
            "repayment_mode": case.repayment_mode,
            "installments_total": case.installments_total,
            "installments_remaining": case.installments_remaining,
            "installment_amount": case.installment_amount,
        },
        "hardship": {
            "hardship_category": case.hardship_category,
            "hardship_since": case.hardship_since,
            "hardship_expected_end": case.hardship_expected_end,
            "hardship_narrative": case.hardship_narrative,
            "evidence_notes": case.evidence_notes,
        },
        "finances": {
            "offer_override": case.offer_override,
            "offer_override_reason": case.offer_override_reason or "先还小额",
        },
        "schedule": {"requested_deferral_days": case.requested_deferral_days},
        "review": {"letter_language": case.letter_language},
    }[step]
    data = {name: _text(value) for name, value in fields.items()}
    data["version"] = str(case.version)
    data["action"] = action
    if step == "hardship":
        data["evidence"] = list(case.evidence)
    if step == "schedule":
        rows = list(case.payments.all()) if payments is None else payments
        data.update(schedule_rows(rows))
    data.update(overrides)
    return data


def schedule_rows(rows) -> dict:
    """The payments formset's fields for `rows` (objects or dicts with due_on and amount)."""
    data = {
        "payments-TOTAL_FORMS": str(len(rows)),
        "payments-INITIAL_FORMS": str(len(rows)),
        "payments-MIN_NUM_FORMS": "0",
        "payments-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        due_on = row["due_on"] if isinstance(row, dict) else row.due_on
        amount = row["amount"] if isinstance(row, dict) else row.amount
        data[f"payments-{index}-due_on"] = _text(due_on)
        data[f"payments-{index}-amount"] = _text(amount)
    return data


def contact_post(*, key: uuid.UUID | str | None = None, notes: str = "", **overrides) -> dict:
    """A complete contact-form submission; one `key` per form shown (the idempotency token)."""
    data = {
        "idempotency_key": str(key or uuid.uuid4()),
        "channel": "phone",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "outcome": "call_back",
        "agent_id": "A1024",
        "ticket_number": "T-77",
        "call_recorded": "",
        "offer_made": "",
        "promised": "",
        "next_follow_up": "",
        "notes": notes,
    }
    data.update(overrides)
    return data
