"""The contact log: recording what happened on each call or chat, and reading the follow-ups from it.

Entries are append-only. A correction is a new entry that refers to the old one; the old one stays, marked
as corrected, and no longer counts for follow-ups.
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Case, ContactAttempt, CounterOffer
from .background import plan_changed_send
from .contact_history import (
    FollowUp,
    TimelineEntry,
    case_follow_up,
    contact_timeline,
    contacts_in_effect,
    latest_contact_in_effect,
)
from .negotiation.outcomes import CounterOfferTerms, counter_offer_terms_check
from .refusals import CaseClosed, field_refusal
from .scripts import CHANNELS, SCRIPT_READS, build_script
from .text_limits import (
    AGENT_ID_MAX_LENGTH,
    CONTACT_TEXT_MAX_LENGTH,
    RATE_NOTE_MAX_LENGTH,
    TICKET_MAX_LENGTH,
    length_refusals,
)
from .versions import latest_plan_version, plan_version_record
from .workflow import allowed_transitions, case_status_change

__all__ = [  # the reads live in contact_history (scripts reads them too); re-exported for callers
    "FollowUp",
    "TimelineEntry",
    "case_follow_up",
    "contact_timeline",
    "contacts_in_effect",
    "contact_attempt_record",
    "contact_form_initial",
]

Status = Case.Status
Outcome = ContactAttempt.Outcome


# A few minutes of slack for a phone clock that runs ahead of the server.
FUTURE_SLACK = dt.timedelta(minutes=10)
OLDEST_CONTACT = dt.timedelta(days=3 * 366)
FURTHEST_FOLLOW_UP = dt.timedelta(days=2 * 366)

#: Outcomes that decide the request, and the case status each one leads to.
DECISIONS: dict[str, str] = {
    Outcome.APPROVED: Status.APPROVED,
    Outcome.PARTLY_APPROVED: Status.PARTLY_APPROVED,
    Outcome.REFUSED: Status.REFUSED,
}


def _status_after_contact(*, case: Case, outcome: str, by) -> None:
    """READY → CONTACTED on any contact; a decision moves on to its status when the workflow allows it
    (through CONTACTED when needed, e.g. refused then approved after an escalation)."""
    if case.status == Status.READY:
        case_status_change(case=case, to_status=Status.CONTACTED, by=by)
    decided = DECISIONS.get(outcome)
    if decided is None or decided == case.status:
        return
    if decided in allowed_transitions(case.status):
        case_status_change(case=case, to_status=decided, by=by)
    elif Status.CONTACTED in allowed_transitions(case.status) and decided in allowed_transitions(
        Status.CONTACTED
    ):
        case_status_change(case=case, to_status=Status.CONTACTED, by=by)
        case_status_change(case=case, to_status=decided, by=by)


def _check(
    *,
    case: Case,
    occurred_at: dt.datetime,
    next_follow_up: dt.datetime | None,
    corrects: ContactAttempt | None,
    texts: dict[str, str],
    now: dt.datetime,
) -> None:
    errors: dict[str, str] = {}
    if occurred_at > now + FUTURE_SLACK:
        errors["occurred_at"] = field_refusal(
            _("This is in the future. Record a contact after it happened."), "date_in_future"
        )
    elif occurred_at < now - OLDEST_CONTACT:
        errors["occurred_at"] = field_refusal(_("This is too long ago. Check the year."), "date_out_of_range")
    kept_from_corrected = corrects is not None and next_follow_up == corrects.next_follow_up
    if next_follow_up is not None and not kept_from_corrected:
        if next_follow_up < now:
            errors["next_follow_up"] = field_refusal(
                _("This time has passed. Choose a time from now on."), "date_passed"
            )
        elif next_follow_up > now + FURTHEST_FOLLOW_UP:
            errors["next_follow_up"] = field_refusal(
                _("This is too far away. Check the year."), "date_out_of_range"
            )
    if corrects is not None and corrects.case_id != case.pk:
        errors["corrects"] = field_refusal(
            _("The entry to correct is not one of this case's contacts."), "not_this_case"
        )
    limits = {name: CONTACT_TEXT_MAX_LENGTH for name in texts}
    limits |= {"agent_id": AGENT_ID_MAX_LENGTH, "ticket_number": TICKET_MAX_LENGTH}
    errors.update(length_refusals(texts, limits))
    if errors:
        raise ValidationError(errors)


def contact_attempt_record(
    *,
    case: Case,
    by,
    idempotency_key: uuid.UUID,
    channel: str,
    occurred_at: dt.datetime,
    outcome: str,
    agent_id: str = "",
    ticket_number: str = "",
    call_recorded: bool | None = None,
    offer_made: str = "",
    promised: str = "",
    next_follow_up: dt.datetime | None = None,
    notes: str = "",
    corrects: ContactAttempt | None = None,
    script_snapshot: str = "",
    refusal_reason: str = "",
    counter_offer: CounterOfferTerms | None = None,
    now: dt.datetime | None = None,
) -> ContactAttempt:
    """Record one contact with the lender and move the case's status on (see `_status_after_contact`).

    The plan version presented is the case's current plan (recorded as a version first when it changed),
    and for a scripted channel the script's text is copied with it.
    Idempotent on `idempotency_key`: the same key returns the entry already recorded, whatever else is
    passed. Raises ValidationError (by field) for times in the wrong place or a correction of another
    case's entry, and for counter-offer terms that cannot be right (fields prefixed "offer_"); refuses
    CaseClosed on a closed case. A counter-offer outcome records its terms (CounterOffer) with the entry.
    """
    existing = ContactAttempt.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_case_or_refuse(existing, case)
    if case.status == Status.CLOSED:
        raise CaseClosed()
    now = now or timezone.now()
    if outcome == Outcome.COUNTER_OFFER:
        if counter_offer is None:
            raise ValidationError({"offer_periods": _("Enter the terms they offered.")})
        try:
            counter_offer_terms_check(case=case, terms=counter_offer, today=timezone.localdate(now))
        except ValidationError as error:
            raise ValidationError(
                {f"offer_{name}": messages for name, messages in error.message_dict.items()}
            ) from error
    texts = {
        "agent_id": (agent_id or "").strip(),
        "ticket_number": (ticket_number or "").strip(),
        "offer_made": (offer_made or "").strip(),
        "promised": (promised or "").strip(),
        "notes": (notes or "").strip(),
        "refusal_reason": (refusal_reason or "").strip() if outcome == Outcome.REFUSED else "",
    }
    _check(
        case=case,
        occurred_at=occurred_at,
        next_follow_up=next_follow_up,
        corrects=corrects,
        texts=texts,
        now=now,
    )
    if not script_snapshot and channel in CHANNELS:
        # What the person had in front of them: the same words they will be held to next time. Worded
        # before the case is locked (about 8 ms of work that need not hold other writers back).
        # Read afresh with what the script reads, once (the caller's `case` keeps its own caches).
        scripted = Case.objects.select_related("lender").prefetch_related(*SCRIPT_READS).get(pk=case.pk)
        script_snapshot = build_script(
            case=scripted, channel=channel, today=timezone.localdate(now)
        ).as_text()
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update(of=("self",)).select_related("lender").get(pk=case.pk)
            plan_version_record(case=locked, by=by)
            contact = ContactAttempt(
                case=locked,
                channel=channel,
                occurred_at=occurred_at,
                outcome=outcome,
                call_recorded=call_recorded,
                next_follow_up=next_follow_up,
                plan_version=latest_plan_version(locked),
                script_snapshot=script_snapshot,
                corrects=corrects,
                recorded_by=by,
                idempotency_key=idempotency_key,
                **texts,
            )
            contact.full_clean(exclude=["recorded_by", "plan_version", "corrects", "idempotency_key"])
            contact.save()
            if outcome == Outcome.COUNTER_OFFER:
                CounterOffer.objects.create(
                    contact=contact,
                    case=locked,
                    periods=counter_offer.periods,
                    monthly_amount=counter_offer.monthly_amount,
                    fees=counter_offer.fees,
                    rate_note=counter_offer.rate_note.strip()[:RATE_NOTE_MAX_LENGTH],
                    first_payment_on=counter_offer.first_payment_on,
                    conditions=counter_offer.conditions.strip(),
                    covers=sorted(set(counter_offer.covers)),
                )
            _status_after_contact(case=locked, outcome=outcome, by=by)
            case_contact_summary_refresh(case_ids=[locked.pk])
            plan_changed_send(case_id=locked.pk)  # the letter lists the contacts: render it ahead
    except IntegrityError:
        # A second submit of the same form won the race: the entry it made is the one to show.
        existing = ContactAttempt.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _same_case_or_refuse(existing, case)
    case.status = locked.status
    return contact


def _same_case_or_refuse(existing: ContactAttempt, case: Case) -> ContactAttempt:
    if existing.case_id != case.pk:
        raise ValidationError(
            {
                "idempotency_key": field_refusal(
                    _("This form was already used for another case."), "form_reused"
                )
            }
        )
    return existing


def contact_form_initial(*, corrects: ContactAttempt | None, now: dt.datetime | None = None) -> dict:
    """What the contact form starts with: a fresh idempotency key, now, and for a correction the values of
    the entry being corrected."""
    now = timezone.localtime(now or timezone.now()).replace(second=0, microsecond=0)
    initial = {"idempotency_key": uuid.uuid4(), "occurred_at": now}
    if corrects is not None:
        for name in (
            "channel",
            "occurred_at",
            "outcome",
            "agent_id",
            "ticket_number",
            "offer_made",
            "promised",
            "next_follow_up",
            "notes",
        ):
            initial[name] = getattr(corrects, name)
        initial["call_recorded"] = {True: "yes", False: "no"}.get(corrects.call_recorded, "")
        initial["corrects"] = corrects.pk
    return initial


def case_contact_summary_refresh(*, case_ids: Iterable[int]) -> int:
    """Copy onto each case in `case_ids` its latest contact in effect: when (`latest_contact_at`), how it
    ended (`latest_contact_outcome`) and the follow-up it set (`follow_up_at`), for the review queue.
    One UPDATE however many cases; returns how many were updated."""
    return Case.objects.filter(pk__in=list(case_ids)).update(
        latest_contact_at=latest_contact_in_effect("occurred_at"),
        latest_contact_outcome=Coalesce(latest_contact_in_effect("outcome"), Value("")),
        follow_up_at=latest_contact_in_effect("next_follow_up"),
    )
