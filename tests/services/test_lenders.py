"""What a borrower is told about a lender: which facts, in what order, and when they read as unverified."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from requests_app.models import Lender
from requests_app.models.lenders import Confidence
from requests_app.services.lenders import FactKind, lender_facts
from tests.wording import said


def lender(**fields):
    values = {
        "name_zh": "测试贷",
        "name_en": "Test loan",
        "daily_overdue_rate": Decimal("0.000500"),
        "overdue_rate_note_zh": "逾期部分每天万分之五。",
        "overdue_rate_note_en": "0.05% a day on the overdue part.",
        "overdue_rate_source": "lender terms 2026",
        "overdue_rate_confidence": Confidence.OFFICIAL,
        "grace_days": 3,
        "grace_note_zh": "有3天宽限期。",
        "grace_note_en": "3 days of grace.",
        "grace_source": "reports 2025",
        "grace_confidence": Confidence.REPORTED,
        "max_deferral_days": 30,
        "max_installment_months": 12,
        "limits_note_zh": "最长延期30天。",
        "limits_note_en": "Up to 30 days.",
        "limits_source": "help page",
        "limits_confidence": Confidence.REPORTED,
        "consequences_zh": "影响征信。",
        "consequences_en": "Hurts the credit record.",
        "overdue_rate_checked": dt.date(2026, 1, 5),
        "grace_checked": dt.date(2025, 6, 1),
        "limits_checked": dt.date(2025, 3, 1),
    }
    values.update(fields)
    return Lender(**values)


def by_kind(facts):
    return {fact.kind: fact for fact in facts}


def test_no_lender_has_no_facts():
    assert lender_facts(None) == []


def test_the_four_facts_come_in_a_fixed_order():
    assert [fact.kind for fact in lender_facts(lender())] == [
        FactKind.OVERDUE_RATE,
        FactKind.GRACE,
        FactKind.LIMITS,
        FactKind.CONSEQUENCES,
    ]


def test_the_daily_rate_is_shown_as_a_percentage_a_day_with_its_note_and_source():
    rate = by_kind(lender_facts(lender()))[FactKind.OVERDUE_RATE]
    assert "0.05%" in rate.value
    assert rate.source == "lender terms 2026" and rate.verified


@pytest.mark.parametrize(
    "source, confidence, verified",
    [
        ("lender terms", Confidence.OFFICIAL, True),
        ("blog-a.com 2025; blog-b.com 2026", Confidence.REPORTED, True),
        ("two blogs", Confidence.CONFLICTING, False),
        ("a forum", Confidence.UNVERIFIED, False),
        ("", Confidence.OFFICIAL, False),
        ("   ", Confidence.REPORTED, False),
    ],
)
def test_a_fact_is_unverified_without_a_source_or_when_unverified_or_conflicting(
    source, confidence, verified
):
    fact = by_kind(lender_facts(lender(grace_source=source, grace_confidence=confidence)))[FactKind.GRACE]
    assert fact.verified is verified
    assert fact.source == source.strip()  # a conflicting source is still named, next to "unverified"


def test_each_confidence_has_its_own_label_and_code():
    facts = [
        by_kind(lender_facts(lender(grace_confidence=confidence)))[FactKind.GRACE]
        for confidence in Confidence
    ]
    facts.append(by_kind(lender_facts(lender(grace_source="")))[FactKind.GRACE])
    assert (
        len({fact.confidence_label for fact in facts}) == len({fact.confidence_code for fact in facts}) == 5
    )
    assert facts[-1].confidence_code == "no_source"


def test_consequences_without_a_source_read_unverified_and_not_checked():
    fact = by_kind(lender_facts(lender()))[FactKind.CONSEQUENCES]
    assert fact.text and not fact.verified and fact.source == "" and fact.checked is None


def test_consequences_carry_their_own_source_confidence_and_date():
    fact = by_kind(
        lender_facts(
            lender(
                consequences_source="lender terms 2026",
                consequences_confidence=Confidence.OFFICIAL,
                consequences_checked=dt.date(2026, 2, 3),
            )
        )
    )[FactKind.CONSEQUENCES]
    assert fact.verified and fact.source == "lender terms 2026" and fact.checked == dt.date(2026, 2, 3)


def test_each_fact_carries_its_own_checked_date():
    with translation.override("en"):
        facts = by_kind(lender_facts(lender()))
    assert facts[FactKind.OVERDUE_RATE].checked == dt.date(2026, 1, 5)
    assert facts[FactKind.GRACE].checked == dt.date(2025, 6, 1)
    assert facts[FactKind.LIMITS].checked == dt.date(2025, 3, 1)
    assert facts[FactKind.OVERDUE_RATE].checked_label == "Checked against a source dated 5 Jan 2026."
    assert facts[FactKind.CONSEQUENCES].checked_label == "Not checked — ask your lender."


def test_a_sourced_fact_never_checked_against_a_dated_source_reads_unverified():
    with translation.override("en"):
        fact = by_kind(lender_facts(lender(overdue_rate_checked=None)))[FactKind.OVERDUE_RATE]
    assert not fact.verified and fact.checked is None
    assert fact.confidence_code == "not_checked"
    assert fact.checked_label == "Not checked — ask your lender."


def test_an_unknown_rate_falls_back_to_its_note():
    fact = by_kind(lender_facts(lender(daily_overdue_rate=None)))[FactKind.OVERDUE_RATE]
    assert fact.value == "" and fact.text == "逾期部分每天万分之五。"


def test_a_fact_the_profile_says_nothing_about_is_left_out():
    facts = by_kind(
        lender_facts(
            lender(
                daily_overdue_rate=None,
                overdue_rate_note_zh="",
                overdue_rate_note_en="",
                grace_days=None,
                grace_note_zh=" ",
                grace_note_en="",
            )
        )
    )
    assert set(facts) == {FactKind.LIMITS, FactKind.CONSEQUENCES}


def test_an_empty_profile_has_no_facts():
    empty = Lender(name_zh="空", name_en="Empty")
    assert lender_facts(empty) == []


def test_no_grace_is_said_as_such_and_not_left_out():
    fact = by_kind(lender_facts(lender(grace_days=0, grace_note_zh="", grace_note_en="")))[FactKind.GRACE]
    assert fact.value and fact.text == ""


def test_the_known_limits_are_given_in_days_and_months():
    with translation.override("en"):
        fact = by_kind(lender_facts(lender()))[FactKind.LIMITS]
    assert "30 days" in fact.value and "12 months" in fact.value
    with translation.override("en"):
        only_days = by_kind(lender_facts(lender(max_installment_months=None)))[FactKind.LIMITS]
    assert "30 days" in only_days.value and "month" not in only_days.value


def test_notes_follow_the_language_in_use():
    with translation.override("en"):
        english = by_kind(lender_facts(lender()))
    with translation.override("zh-hans"):
        chinese = by_kind(lender_facts(lender()))
    assert (
        english[FactKind.GRACE].text == "3 days of grace." and chinese[FactKind.GRACE].text == "有3天宽限期。"
    )
    assert english[FactKind.GRACE].label != chinese[FactKind.GRACE].label


@pytest.mark.django_db
def test_reported_facts_claim_no_more_than_their_sources():
    """The issue's overstatements: a source that names nothing, a single old news page, several named sites."""
    from requests_app.services.lenders import facts_checked

    with translation.override("en"):
        jiebei = by_kind(lender_facts(Lender.objects.get(slug="jiebei")))
        huabei = by_kind(lender_facts(Lender.objects.get(slug="huabei")))
        hebei = by_kind(lender_facts(Lender.objects.get(slug="hebei-bank")))
    unnamed = by_kind(
        lender_facts(
            lender(
                overdue_rate_source="secondary sources 2022 and 2025",
                overdue_rate_confidence=Confidence.REPORTED,
            )
        )
    )
    assert not unnamed[FactKind.OVERDUE_RATE].verified
    assert unnamed[FactKind.OVERDUE_RATE].confidence_code == "sources_not_named"
    # Jiebei's seed now names the pages research read, with the newest one's own date.
    assert jiebei[FactKind.OVERDUE_RATE].verified
    assert jiebei[FactKind.OVERDUE_RATE].confidence_code == "several_sources"
    assert jiebei[FactKind.OVERDUE_RATE].checked == dt.date(2025, 9, 6)
    assert not jiebei[FactKind.GRACE].verified and jiebei[FactKind.GRACE].checked is None
    assert huabei[FactKind.OVERDUE_RATE].verified
    assert huabei[FactKind.OVERDUE_RATE].confidence_code == "several_sources"
    # The count of sources is part of what the label claims.
    assert huabei[FactKind.OVERDUE_RATE].confidence_label == said(
        "Reported by %(count)s named sources", language="en", count=3
    )
    assert not any(fact.verified for fact in hebei.values())
    assert not facts_checked(hebei.values())  # the generic "if overdue" text is no checked fact


@pytest.mark.django_db
def test_source_notes_are_translated():
    with translation.override("zh-hans"):
        rate = by_kind(lender_facts(Lender.objects.get(slug="huabei")))[FactKind.OVERDUE_RATE]
    assert "(secondary, several agree)" not in rate.source and "gu12345.com" in rate.source
