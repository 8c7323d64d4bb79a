"""The seeded lender profiles: what the product tells people about lenders."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import translation

from requests_app.lender_profiles import LENDERS
from requests_app.models import Confidence, Lender

pytestmark = pytest.mark.django_db

REQUIRED = {"huabei", "jiebei", "credit-card", "weilidai", "jd-baitiao", "duxiaoman", "mybank"}


def test_the_required_lenders_are_seeded_by_migrate():
    assert REQUIRED <= set(Lender.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("slug", [lender["slug"] for lender in LENDERS])
def test_every_profile_has_a_channel_with_a_check_date_and_sources_or_an_unverified_flag(slug):
    lender = Lender.objects.get(slug=slug)
    channels = list(lender.channels.all())
    assert channels, f"{slug} has no contact channel"
    assert lender.name_zh and lender.name_en
    for channel in channels:
        assert channel.last_verified is not None
        assert channel.steps_zh and channel.steps_en
        # A fact without a source is flagged as unverified, never presented as checked.
        assert channel.source or channel.confidence == Confidence.UNVERIFIED
    for fact in ("overdue_rate", "grace", "limits"):
        source = getattr(lender, f"{fact}_source")
        confidence = getattr(lender, f"{fact}_confidence")
        assert source or confidence in (Confidence.UNVERIFIED, Confidence.CONFLICTING)
        # A fact's date is its source's own: none without a source.
        assert source or getattr(lender, f"{fact}_checked") is None


#: Each seeded fact's checked date is the newest full date its sources give (research/domain_facts.md).
SOURCE_DATES = {
    ("huabei", "overdue_rate"): dt.date(2025, 10, 6),
    ("huabei", "grace"): dt.date(2022, 3, 25),
    ("huabei", "limits"): dt.date(2024, 2, 21),
    ("huabei", "consequences"): None,
    ("jiebei", "overdue_rate"): dt.date(2025, 9, 6),
    ("jiebei", "grace"): None,
    ("credit-card", "overdue_rate"): dt.date(2021, 2, 1),
    ("credit-card", "grace"): dt.date(2023, 7, 5),
    ("credit-card", "limits"): dt.date(2011, 1, 13),
    ("weilidai", "overdue_rate"): dt.date(2023, 4, 7),
    ("weilidai", "limits"): dt.date(2026, 1, 21),
    ("hebei-bank", "grace"): dt.date(2013, 2, 28),
    ("mybank", "overdue_rate"): None,
}


@pytest.mark.parametrize("slug, fact", list(SOURCE_DATES))
def test_each_seeded_fact_carries_the_date_its_source_gives(slug, fact):
    lender = Lender.objects.get(slug=slug)
    checked = getattr(lender, f"{fact}_checked")
    assert checked == SOURCE_DATES[slug, fact]
    source = getattr(lender, f"{fact}_source")
    if (slug, fact) == ("credit-card", "limits"):
        assert "第七十条" in source  # the Measures' own date, 2011-01-13
    elif checked is not None:
        assert checked.isoformat() in source  # the page's own date, never a later one


def test_huabei_matches_the_researched_facts():
    huabei = Lender.objects.get(slug="huabei")
    assert str(huabei.daily_overdue_rate) == "0.000500"
    assert huabei.grace_confidence == Confidence.CONFLICTING
    kinds = set(huabei.channels.values_list("kind", flat=True))
    assert kinds == {"phone", "chat", "social"}
    phone = huabei.channels.get(kind="phone")
    assert phone.contact == "95188"
    chat = huabei.channels.get(kind="chat")
    with translation.override("zh-hans"):
        assert any("客服中心" in step for step in chat.steps)
        assert huabei.name == "花呗"
    with translation.override("en"):
        assert huabei.name == "Huabei"
        assert chat.steps[0] == "Open Alipay"


def test_load_lenders_keeps_what_an_administrator_corrected():
    huabei = Lender.objects.get(slug="huabei")
    huabei.grace_days = 0
    huabei.save()
    Lender.objects.filter(slug="mybank").delete()
    call_command("load_lenders", stdout=None)
    huabei.refresh_from_db()
    assert huabei.grace_days == 0
    assert Lender.objects.filter(slug="mybank").exists()
