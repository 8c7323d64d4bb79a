"""The seeded lender profiles: what the product tells people about lenders."""

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
def test_every_profile_has_a_channel_a_check_date_and_sources_or_an_unverified_flag(slug):
    lender = Lender.objects.get(slug=slug)
    channels = list(lender.channels.all())
    assert channels, f"{slug} has no contact channel"
    assert lender.last_verified is not None
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
