"""Every public service, driven by hypothesis: cases with any values their fields can hold (amounts from
0 to ten billion, any date from year 1 to 9999, any deferral, installments, Unicode stories with RTL
overrides and emoji, 100 000 characters), any schedule, any contacts, any lender. A service answers or
refuses with its documented exception; it never fails with anything else."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.models import Case, ContactAttempt, Lender, Payment
from requests_app.services import pdf
from requests_app.services.assessment import plan_assessment
from requests_app.services.calendar import case_calendar
from requests_app.services.cases import account_hint_mask, case_overview
from requests_app.services.charts import schedule_chart
from requests_app.services.contacts import case_follow_up, contacts_in_effect
from requests_app.services.costs import case_cost_comparison, cost_of_waiting
from requests_app.services.export import csv_row, csv_safe
from requests_app.services.finances import (
    amount_to_repay,
    case_monthly_offer,
    daily_interest,
    estimated_deferral_charges,
    monthly_capacity,
)
from requests_app.services.findings import Severity
from requests_app.services.formatting import (
    BIDI_CONTROLS,
    day_count,
    long_date,
    money,
    month_count,
    month_year,
    percent,
)
from requests_app.services.privacy import account_data_export
from requests_app.services.review import case_search, finding_counts
from requests_app.services.schedule import (
    NoScheduleFits,
    deferral_end,
    suggest_schedule,
    suggest_schedule_for_case,
)
from requests_app.services.scripts import CHANNELS, build_script, letter_text
from requests_app.services.validation import validate
from requests_app.services.versions import (
    changes_since_last_contact,
    plan_changes,
    plan_snapshot,
    plan_version_record,
)
from requests_app.services.wizard import NARRATIVE_MAX_LENGTH
from tests.factories import CaseFactory, UserFactory
from tests.fuzz.strategies import FUZZ, LONG, NASTY_TEXT, near_dates, typed_text
from tests.pdf.conftest import pdf_text

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")
STEPS = {"lender", "mode", "hardship", "finances", "schedule", "review"}

# --- Values a case's fields can hold -----------------------------------------------------------------

# What reaches the database has passed a form, and the forms refuse NUL bytes (see test_forms).
SAFE_TEXT = [t for t in NASTY_TEXT if "\x00" not in t]


def text():
    return st.one_of(
        st.sampled_from(SAFE_TEXT), st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"))
    )


def money_values(max_value="9999999999.99"):
    return st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=Decimal(max_value), places=2),
        st.sampled_from([Decimal("0.00"), Decimal("0.01"), Decimal("3000.00"), Decimal(max_value)]),
    )


def dates():
    return st.one_of(st.none(), near_dates(), st.dates(), st.sampled_from([dt.date.min, dt.date.max]))


def small_ints():
    return st.one_of(st.none(), st.integers(0, 32767), st.sampled_from([0, 1, 2, 12, 30, 90, 365, 32767]))


def aware_times():
    return st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.just(timezone.get_current_timezone()),
    )


@st.composite
def case_fields(draw):
    total = draw(st.one_of(st.none(), st.integers(1, 32767)))
    remaining = draw(st.one_of(st.none(), st.integers(0, 32767)))
    if total is not None and remaining is not None:
        remaining = min(remaining, total)
    return {
        "account_hint": draw(st.one_of(st.just(""), st.text(max_size=4).filter(lambda t: "\x00" not in t))),
        "amount_due": draw(money_values()),
        "due_date": draw(dates()),
        "repayment_mode": draw(st.sampled_from(["", *Case.RepaymentMode.values])),
        "installments_total": total,
        "installments_remaining": remaining,
        "installment_amount": draw(money_values()),
        "hardship_category": draw(st.sampled_from(["", *Case.HardshipCategory.values])),
        "hardship_since": draw(dates()),
        "hardship_expected_end": draw(dates()),
        "hardship_narrative": draw(text()),
        "evidence": draw(st.lists(st.sampled_from(Case.Evidence.values), unique=True)),
        "evidence_notes": draw(text()),
        "monthly_income": draw(money_values()),
        "income_sources": draw(text()),
        "essential_expenses": draw(money_values()),
        "other_debt_payments": draw(money_values()),
        "requested_deferral_days": draw(small_ints()),
        "letter_language": draw(st.sampled_from(Case.Language.values)),
        "status": draw(st.sampled_from(Case.Status.values)),
    }


payments = st.lists(
    st.tuples(
        st.one_of(near_dates(), st.dates()),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2),
    ),
    max_size=8,
    unique_by=lambda row: row[0],
)

contacts = st.lists(
    st.fixed_dictionaries(
        {
            "channel": st.sampled_from(ContactAttempt.Channel.values),
            "occurred_at": aware_times(),
            "outcome": st.sampled_from(ContactAttempt.Outcome.values),
            "agent_id": st.text(max_size=50).filter(lambda t: "\x00" not in t),
            "ticket_number": st.text(max_size=80).filter(lambda t: "\x00" not in t),
            "offer_made": text(),
            "promised": text(),
            "notes": text(),
            "next_follow_up": st.one_of(st.none(), aware_times()),
            "call_recorded": st.sampled_from([None, True, False]),
        }
    ),
    max_size=3,
)

lender_profiles = st.fixed_dictionaries(
    {
        "use": st.sampled_from(["seeded", "fuzzed", "none"]),
        "index": st.integers(0, 100),
        "daily_overdue_rate": st.one_of(
            st.none(), st.decimals(min_value=0, max_value=Decimal("0.999999"), places=6)
        ),
        "max_deferral_days": small_ints(),
        "max_installment_months": small_ints(),
    }
)


def build_case(owner, fields, rows, contact_rows, profile) -> Case:
    """Save a case with these values (what a form or the admin could have stored), its schedule, a plan
    version and its contacts."""
    seeded = list(Lender.objects.order_by("pk"))
    if profile["use"] == "seeded" and seeded:
        lender = seeded[profile["index"] % len(seeded)]
    elif profile["use"] == "fuzzed":
        lender = Lender.objects.create(
            slug=f"fuzz-{uuid.uuid4().hex[:10]}",
            name_zh="测试贷款\u202e",
            name_en="Fuzz lender 😀",
            kind=Lender.Kind.CONSUMER_LOAN,
            daily_overdue_rate=profile["daily_overdue_rate"],
            max_deferral_days=profile["max_deferral_days"],
            max_installment_months=profile["max_installment_months"],
        )
    else:
        lender = None
    case = CaseFactory(owner=owner, lender=lender, **fields)
    Payment.objects.bulk_create([Payment(case=case, due_on=d, amount=a) for d, a in rows])
    version = plan_version_record(case=case, by=owner)
    for values in contact_rows:
        ContactAttempt.objects.create(case=case, plan_version=version, recorded_by=owner, **values)
    return (
        Case.objects.select_related("lender", "owner", "assigned_reviewer")
        .prefetch_related("payments", "contacts", "plan_versions", "lender__channels")
        .get(pk=case.pk)
    )


def check_findings(findings):
    for finding in findings:
        assert finding.code and finding.code == finding.code.upper()
        assert finding.severity in set(Severity)
        assert finding.message.strip()
        assert finding.step in STEPS


@pytest.fixture
def owner(db):
    return UserFactory(username="fuzz-owner")


@FUZZ
@given(
    fields=case_fields(),
    rows=payments,
    contact_rows=contacts,
    profile=lender_profiles,
    today=near_dates(),
    language=st.sampled_from(LANGUAGES),
)
def test_every_case_service_answers_for_any_case_it_could_be_given(
    owner, fields, rows, contact_rows, profile, today, language
):
    with transaction.atomic():
        case = build_case(owner, fields, rows, contact_rows, profile)
        now = timezone.now()

        findings = validate(case, today=today)
        check_findings(findings)
        assert finding_counts(findings)
        case_monthly_offer(case)
        amount_to_repay(case)
        estimated_deferral_charges(case)
        deferral_end(case)
        try:
            schedule = suggest_schedule_for_case(case, today=today)
            assert schedule.payments
        except NoScheduleFits as no_fit:
            assert no_fit.message.strip()
        case_cost_comparison(case, today=today)
        assessment = plan_assessment(case, today=today, now=now)
        schedule_chart(months=assessment.months, offer=assessment.monthly_offer)
        case_overview(case, today=today, now=now)
        case_follow_up(list(case.contacts.all()), now=now)
        contacts_in_effect(case.contacts.all())

        snapshot = plan_snapshot(case)
        json.dumps(snapshot)
        empty = plan_snapshot(Case())
        for change in plan_changes(old=empty, new=snapshot) + plan_changes(old=snapshot, new=empty):
            assert change.field and change.label
        changes_since_last_contact(case)

        for channel in CHANNELS:
            script = build_script(case=case, channel=channel, language=language, today=today)
            assert script.as_text().strip()
        letter = letter_text(case=case, language=language, today=today)
        assert letter.salutation
        document = pdf.plan_document(case=case, language=language, today=today)
        assert pdf.render_plan_html(case=case, language=language, document=document)
        pdf.plan_pdf_filename(case=case, language=language)

        assert case_calendar(case=case, contacts=list(case.contacts.all()), case_url="https://x/c/", now=now)
        assert len(csv_row(case, today=today)) > 5
        json.dumps(account_data_export(user=owner), cls=DjangoJSONEncoder)
        transaction.set_rollback(True)


# --- The letter: its HTML fuzzed hard, a handful of real PDFs ------------------------------------------------
#
# What can go wrong with what a case holds happens in the HTML: escaping, bidirectional controls, a missing
# value. So the HTML (template rendering, no PDF engine: ~20 ms a case) takes many examples, and the PDF
# engine, which turns that HTML into pages (~1 s a case), renders only a few chosen cases.

#: Markup a person might paste into their story: the letter must show it as text.
MARKUP = '<i data-fuzz="1">x&y</i>'


@settings(FUZZ, max_examples=120)
@given(
    fields=case_fields(),
    rows=payments,
    contact_rows=contacts,
    profile=lender_profiles,
    language=st.sampled_from(LANGUAGES),
)
def test_the_letters_html_shows_anything_a_case_holds_as_text(
    owner, fields, rows, contact_rows, profile, language
):
    fields = {**fields, "hardship_narrative": MARKUP + fields["hardship_narrative"]}
    with transaction.atomic():
        case = build_case(owner, fields, rows, contact_rows, profile)
        document = pdf.plan_document(case=case, language=language)
        html = pdf.render_plan_html(case=case, language=language, document=document)
        transaction.set_rollback(True)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "<i data-fuzz" not in html and escape(MARKUP) in html  # the story quoted, escaped
    assert "<script" not in html.lower() and "<img src=x" not in html  # no typed markup comes alive
    assert not set(BIDI_CONTROLS) & set(html)
    assert html.count("<html") == 1 and html.rstrip().endswith("</html>")


#: Chosen cases for the PDF engine: (fields, payments, lender profile, letter language, text readable back).
#: Emoji and Arabic have no glyph in the embedded fonts, and WeasyPrint then warns that text selection
#: suffers: for that case only the file itself is checked.
REAL_PDF_CASES = {
    # The nastiest typed text everywhere, a seeded lender, a Chinese letter.
    "zh-nasty-text": (
        {
            "hardship_narrative": "".join(t for t in SAFE_TEXT if t is not LONG),
            "income_sources": "<b>打零工</b>\u202e",
            "account_hint": "12\u202e3",
        },
        [(dt.date(2027, 1, 10), Decimal("1000.00")), (dt.date(2027, 2, 10), Decimal("2045.50"))],
        {"use": "seeded", "index": 0},
        "zh-hans",
        False,
    ),
    # A lender typed with a right-to-left override, an English letter, the largest amounts, eight payments.
    "en-odd-lender": (
        {"hardship_narrative": "I lost my job \u202eredro\u202c", "amount_due": Decimal("9999999999.99")},
        [(dt.date(2027, month, 1), Decimal("1249999999.99")) for month in range(1, 9)],
        {"use": "fuzzed", "daily_overdue_rate": Decimal("0.000500"), "max_deferral_days": 90},
        "en",
        True,
    ),
    # Nothing filled in: no lender, no payments, no dates.
    "zh-empty": (
        {"hardship_narrative": "", "due_date": None, "amount_due": None},
        [],
        {"use": "none"},
        "zh-hans",
        True,
    ),
    # The longest story the form takes, an English letter about a Chinese lender.
    "en-long-story": (
        {"hardship_narrative": "长" * NARRATIVE_MAX_LENGTH},
        [(dt.date(2027, 3, 1), Decimal("3000.00"))],
        {"use": "seeded", "index": 3},
        "en",
        True,
    ),
}


@pytest.mark.parametrize("name", REAL_PDF_CASES)
def test_a_handful_of_chosen_cases_render_to_real_pdfs(owner, name):
    fields, rows, profile, language, readable = REAL_PDF_CASES[name]
    with transaction.atomic():
        case = build_case(owner, fields, rows, [], {**lender_profiles_default(), **profile})
        body = pdf.render_plan_pdf(case=case, language=language)
        transaction.set_rollback(True)
    assert body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")
    text = pdf_text(body)
    assert not set(BIDI_CONTROLS) & set(text)
    if readable:
        assert all(money(amount) in text for _due_on, amount in rows[:1])


def lender_profiles_default() -> dict:
    return {"index": 0, "daily_overdue_rate": None, "max_deferral_days": None, "max_installment_months": None}


@FUZZ
@given(
    amount=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15),
    capacity=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15),
    start=st.one_of(st.dates(), near_dates()),
    max_months=st.integers(-5, 1000),
)
def test_a_suggested_schedule_repays_the_amount_within_capacity_or_says_why_not(
    amount, capacity, start, max_months
):
    try:
        schedule = suggest_schedule(amount=amount, capacity=capacity, start=start, max_months=max_months)
    except NoScheduleFits as no_fit:
        assert no_fit.message.strip() and no_fit.reason
        return
    except ValueError:
        assert max_months < 1  # the one documented refusal
        return
    assert schedule.total == Decimal(amount).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert len(schedule) <= max_months
    assert all(
        p.amount <= Decimal(capacity).quantize(Decimal("0.01"), rounding="ROUND_DOWN") for p in schedule
    )
    assert [p.due_on for p in schedule] == sorted({p.due_on for p in schedule})


@FUZZ
@given(
    unpaid=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
    rate=st.decimals(allow_nan=False, allow_infinity=False, min_value=-1, max_value=10),
    days=st.integers(-(10**6), 10**6),
)
def test_the_cost_of_waiting_is_a_cent_amount_or_a_documented_refusal(unpaid, rate, days):
    try:
        cost = cost_of_waiting(unpaid=unpaid, daily_rate=rate, days=days)
    except ValueError:
        assert days < 0 or rate < 0
        return
    assert cost >= 0 and cost == cost.quantize(Decimal("0.01"))
    assert daily_interest(principal=unpaid, daily_rate=rate, days=days) == cost


money_or_none = st.one_of(
    st.none(), st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12)
)


@FUZZ
@given(income=money_or_none, expenses=money_or_none, other=money_or_none)
def test_monthly_capacity_is_in_cents_or_unknown(income, expenses, other):
    capacity = monthly_capacity(income=income, expenses=expenses, other_debt=other)
    if income is None or expenses is None:
        assert capacity is None
    else:
        assert capacity == capacity.quantize(Decimal("0.01"))


@FUZZ
@given(
    amount=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
    day=st.dates(),
    count=st.integers(-(10**6), 10**6),
    fraction=st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=1),
    language=st.sampled_from([*LANGUAGES, None, "xx", ""]),
)
def test_formatting_never_fails(amount, day, count, fraction, language):
    assert "¥" in money(amount, language=language)
    assert str(day.year) in long_date(day, language=language)
    assert str(day.year) in month_year(day, language=language)
    assert str(count) in day_count(count, language=language)
    assert str(count) in month_count(count, language=language)
    assert percent(fraction, language=language).endswith("%")


@FUZZ
@given(raw=st.one_of(typed_text(), st.text()))
def test_an_account_hint_keeps_at_most_four_letters_or_digits(raw):
    hint = account_hint_mask(raw)
    assert len(hint) <= 4 and all(c.isalnum() for c in hint)


@FUZZ
@given(value=st.one_of(typed_text(), st.integers(), st.decimals(allow_nan=False), st.dates(), st.none()))
def test_a_csv_cell_never_starts_a_formula(value):
    cell = csv_safe(value)
    if isinstance(cell, str):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or isinstance(value, int | Decimal)


@FUZZ
@given(text=st.one_of(typed_text(), st.text(), st.sampled_from([LONG, "\x00", "a\x00b 1234"])))
def test_the_review_search_answers_for_any_text(owner, text):
    CaseFactory(owner=owner)
    with transaction.atomic():
        list(case_search(Case.objects.all(), text))
        transaction.set_rollback(True)
