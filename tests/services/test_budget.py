"""The fair split (services.budget.pro_rata_offers) and the household plan built on it."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_app.services.budget import pro_rata_offers, pro_rata_split

CENT = Decimal("0.01")
TOKEN = Decimal("50.00")

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500000"), places=2)
debts = st.dictionaries(st.sampled_from(list("abcdefghijklmnopqrst")), amounts, min_size=1, max_size=20)
available_amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2)


def test_the_standard_financial_statement_example_splits_to_the_cent():
    offers = pro_rata_offers(
        Decimal("100"),
        {"a": Decimal("500"), "b": Decimal("1000"), "c": Decimal("233"), "d": Decimal("200")},
        CENT,
    )
    assert offers == {
        "a": Decimal("25.87"),
        "b": Decimal("51.73"),
        "c": Decimal("12.05"),
        "d": Decimal("10.35"),
    }
    assert sum(offers.values()) == Decimal("100.00")


def test_empty_input_gives_an_empty_dict():
    assert pro_rata_offers(Decimal("800"), {}, TOKEN) == {}


@pytest.mark.parametrize(
    ("available", "owed"),
    [
        (Decimal("-1"), {"a": Decimal("10")}),
        (None, {"a": Decimal("10")}),
        (Decimal("100"), {"a": Decimal("-0.01")}),
        (Decimal("100"), {"a": None}),
        (Decimal("100"), {"a": "lots"}),
    ],
)
def test_negative_or_missing_amounts_are_refused_with_a_message(available, owed):
    with pytest.raises(ValueError, match=r"\w+"):
        pro_rata_offers(available, owed, TOKEN)


def test_a_share_below_the_token_becomes_the_token_and_the_rest_is_split_again():
    offers, tokens = pro_rata_split(
        Decimal("800"), {"big": Decimal("30000"), "small": Decimal("1000")}, TOKEN
    )
    assert tokens == {"small"}
    assert offers == {"big": Decimal("750.00"), "small": Decimal("50.00")}


def test_nothing_available_offers_every_creditor_the_token():
    assert pro_rata_offers(Decimal("0"), {"a": Decimal("3000"), "b": Decimal("9000")}, TOKEN) == {
        "a": TOKEN,
        "b": TOKEN,
    }


def test_a_one_cent_debt_is_offered_one_cent_not_the_token():
    assert pro_rata_offers(Decimal("0"), {"a": Decimal("0.01")}, TOKEN) == {"a": Decimal("0.01")}


@settings(max_examples=300, deadline=None)
@given(available=available_amounts, owed=debts)
def test_offers_sum_exactly_to_what_is_available_when_no_token_applies(available, owed):
    offers, tokens = pro_rata_split(available, owed, TOKEN)
    if not tokens:
        assert sum(offers.values()) == min(available, sum(owed.values()))


@settings(max_examples=300, deadline=None)
@given(available=available_amounts, owed=debts, token=st.sampled_from([CENT, Decimal("1"), TOKEN]))
def test_offers_are_never_negative_never_above_the_debt_and_in_cents(available, owed, token):
    offers = pro_rata_offers(available, owed, token)
    assert set(offers) == set(owed)
    for key, offer in offers.items():
        assert Decimal("0") <= offer <= owed[key]
        assert offer == offer.quantize(CENT)


@settings(max_examples=300, deadline=None)
@given(available=available_amounts, owed=debts, token=st.sampled_from([CENT, TOKEN]))
def test_a_larger_debt_never_gets_a_smaller_share(available, owed, token):
    offers = pro_rata_offers(available, owed, token)
    for a in owed:
        for b in owed:
            if owed[a] > owed[b]:
                assert offers[a] >= offers[b]


@settings(max_examples=300, deadline=None)
@given(available=available_amounts, owed=debts)
def test_token_rules_hold(available, owed):
    offers, tokens = pro_rata_split(available, owed, TOKEN)
    for key in tokens:
        assert offers[key] == min(TOKEN, owed[key])
    for key in set(owed) - tokens:
        # Everyone else gets at least the token (or the whole debt when it is smaller).
        assert offers[key] >= min(TOKEN, owed[key])
    # What goes beyond the tokens never exceeds what is available: only tokens can take the total past it.
    assert sum(offers[k] for k in set(owed) - tokens) <= available


@settings(max_examples=300, deadline=None)
@given(available=available_amounts, owed=debts.filter(lambda d: len(d) >= 2), data=st.data())
def test_settling_a_debt_redistributes_its_share_to_the_others(available, owed, data):
    settled = data.draw(st.sampled_from(sorted(owed)))
    before, tokens_before = pro_rata_split(available, owed, CENT)
    rest = {k: v for k, v in owed.items() if k != settled}
    after, tokens_after = pro_rata_split(available, rest, CENT)
    if not tokens_after:
        assert sum(after.values()) == min(available, sum(rest.values()))
    if not tokens_before and not tokens_after:
        for key in rest:
            assert after[key] >= before[key] - CENT  # each keeps its share or gains (a cent of rounding)
