"""The borrower sees what we know about the lender — on the case page and in the wizard's first step — with
each fact's source or "unverified", the date we last checked, and always "check with your lender"."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from requests_app.models import Lender
from requests_app.models.lenders import Confidence
from requests_app.services.formatting import long_date
from tests.factories import CaseFactory, LenderFactory
from tests.views.conftest import make_ready_case
from tests.wording import said

pytestmark = pytest.mark.django_db
CHECK = 'data-testid="check-with-lender"'


def facts_block(page: str, lender) -> str:
    start = page.index(f'data-lender-facts="{lender.pk}"')
    start = page.rindex("<section", 0, start)
    return page[start : page.index("</section>", start)]


def fact_block(block: str, kind: str) -> str:
    start = block.index(f'data-fact="{kind}"')
    end = block.find("data-fact=", start + 10)
    return block[start : end if end != -1 else len(block)]


def test_the_case_page_tells_what_we_know_about_the_lender_with_sources(logged_in, borrower):
    huabei = Lender.objects.get(slug="huabei")
    case = make_ready_case(owner=borrower, lender=huabei)
    block = facts_block(logged_in.get(case.get_absolute_url()).content.decode(), huabei)
    assert said("About %(lender)s", lender=huabei.name) in block and CHECK in block
    rate = fact_block(block, "overdue_rate")
    assert "0.05%" in rate and 'data-verified="yes"' in rate
    assert (
        "gu12345.com; m.51credit.com; chawanghei.com 2025-10-06 （二手来源，多家一致）" in rate
    )  # note translated
    assert 'data-testid="ask-lender"' not in block
    grace = fact_block(block, "grace")
    assert 'data-verified="no"' in grace and 'data-confidence="conflicting"' in grace  # the sources disagree
    consequences = fact_block(block, "consequences")
    assert 'data-verified="no"' in consequences
    # Each fact carries its own date; a fact never checked says so, and no date stands over them all.
    dated = said(
        "Checked against a source dated %(date)s.", date=long_date(dt.date(2025, 10, 6), language="zh-hans")
    )
    assert dated in rate and 'data-checked="yes"' in rate
    assert 'data-checked="no"' in consequences and said("Not checked — ask your lender.") in consequences
    assert 'data-testid="lender-last-verified"' not in block
    assert long_date(dt.date(2026, 11, 25), language="zh-hans") not in block


def test_a_lender_we_know_nothing_about_still_says_to_check_with_them(logged_in, borrower):
    bare = LenderFactory(
        daily_overdue_rate=None, overdue_rate_source="", max_deferral_days=None, max_installment_months=None
    )
    case = CaseFactory(owner=borrower, lender=bare)
    block = facts_block(logged_in.get(case.get_absolute_url()).content.decode(), bare)
    assert "data-fact=" not in block
    assert CHECK in block and 'data-testid="ask-lender"' in block
    assert 'data-testid="lender-last-verified"' not in block


def test_a_fact_without_a_source_reads_unverified(logged_in, borrower):
    lender = LenderFactory(
        overdue_rate_source="",
        overdue_rate_confidence=Confidence.REPORTED,
        overdue_rate_checked=dt.date(2026, 1, 2),
    )
    case = CaseFactory(owner=borrower, lender=lender)
    block = facts_block(logged_in.get(case.get_absolute_url()).content.decode(), lender)
    rate = fact_block(block, "overdue_rate")
    assert 'data-verified="no"' in rate and 'data-confidence="no_source"' in rate
    assert 'data-testid="fact-source"' not in rate
    assert long_date(dt.date(2026, 1, 2), language="zh-hans") in rate  # its own date, shown with the fact


def test_text_an_administrator_typed_is_escaped(logged_in, borrower):
    lender = LenderFactory(grace_days=None, grace_note_zh="<b>三天</b>", grace_source="<i>blog</i>")
    case = CaseFactory(owner=borrower, lender=lender)
    block = facts_block(logged_in.get(case.get_absolute_url()).content.decode(), lender)
    assert "<b>" not in block and "&lt;b&gt;三天&lt;/b&gt;" in block and "&lt;i&gt;blog" in block


def test_the_facts_are_in_english_on_the_english_page(client, borrower):
    client.force_login(borrower)
    client.cookies["django_language"] = "en"
    huabei = Lender.objects.get(slug="huabei")
    case = CaseFactory(owner=borrower, lender=huabei)
    block = facts_block(
        client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode(), huabei
    )
    assert "About Huabei" in block and "0.05% a day" in block and "Always check them with Huabei" in block


def test_the_first_step_shows_the_chosen_lenders_facts_and_keeps_the_others_hidden(logged_in, borrower):
    huabei, jiebei = Lender.objects.get(slug="huabei"), Lender.objects.get(slug="jiebei")
    case = CaseFactory(owner=borrower, lender=huabei)
    page = logged_in.get(reverse("requests_app:case_step", args=[case.public_id, "lender"])).content.decode()
    assert " hidden>" not in facts_block(page, huabei)[:400]
    assert " hidden>" in facts_block(page, jiebei)[:400]
    assert page.count('data-testid="lender-facts"') == Lender.objects.filter(is_active=True).count()


def test_a_new_request_shows_no_lender_until_one_is_chosen_and_keeps_it_after_a_refusal(logged_in):
    huabei = Lender.objects.get(slug="huabei")
    page = logged_in.get(reverse("requests_app:case_create")).content.decode()
    assert all(
        " hidden>" in facts_block(page, lender)[:400] for lender in Lender.objects.filter(is_active=True)
    )
    refused = logged_in.post(
        reverse("requests_app:case_create"), {"lender": huabei.pk, "amount_due": "abc", "due_date": ""}
    ).content.decode()
    assert " hidden>" not in facts_block(refused, huabei)[:400]


@pytest.mark.parametrize("lenders", [1, 12])
def test_the_first_step_needs_the_same_few_queries_however_many_lenders(
    logged_in, borrower, lenders, django_assert_max_num_queries
):
    for _ in range(lenders):
        LenderFactory(daily_overdue_rate=Decimal("0.0005"))
    case = CaseFactory(owner=borrower)
    with django_assert_max_num_queries(6 + 3):  # + the household plan (budget, payments made first, cases)
        response = logged_in.get(reverse("requests_app:case_step", args=[case.public_id, "lender"]))
    assert response.status_code == 200


def test_a_lender_whose_facts_are_all_unverified_gets_the_questions_to_ask(logged_in, borrower):
    hebei = Lender.objects.get(slug="hebei-bank")
    case = CaseFactory(owner=borrower, lender=hebei)
    block = facts_block(logged_in.get(case.get_absolute_url()).content.decode(), hebei)
    assert 'data-testid="ask-lender"' in block and 'data-verified="yes"' not in block
