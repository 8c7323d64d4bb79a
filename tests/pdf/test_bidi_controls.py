"""A right-to-left override pasted into a borrower's text cannot reorder the app's own sentences."""

import pytest

from requests_app.services import pdf, scripts
from requests_app.services.formatting import BIDI_CONTROLS, neutralise_bidi, neutralise_bidi_in

from .conftest import pdf_text

RLO = "\u202e"


def test_neutralise_bidi_removes_every_control_and_nothing_else():
    assert neutralise_bidi(f"a{BIDI_CONTROLS}b 中文 ¥1,00") == "ab 中文 ¥1,00"
    assert neutralise_bidi("") == ""


def test_neutralise_bidi_in_reaches_nested_dataclasses_and_tuples():
    section = scripts.ScriptSection(key="k", title=f"t{RLO}", lines=(f"x{RLO}y",))
    assert neutralise_bidi_in((section,)) == (scripts.ScriptSection(key="k", title="t", lines=("xy",)),)


@pytest.fixture
def overriding_case(plan_case):
    plan_case.hardship_narrative = f"公司裁员{RLO}我在找工作"
    plan_case.income_sources = f"打零工{RLO}"
    plan_case.account_hint = "1" + RLO + "23"  # four characters, as the column allows
    plan_case.save()
    return plan_case


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_letter_html_holds_no_bidi_control(overriding_case, language):
    html = pdf.render_plan_html(case=overriding_case, language=language)
    assert not set(BIDI_CONTROLS) & set(html)
    assert "公司裁员我在找工作" in html


@pytest.mark.parametrize("channel", scripts.CHANNELS)
def test_no_script_holds_a_bidi_control(overriding_case, channel):
    script = scripts.build_script(case=overriding_case, channel=channel, language="zh-hans")
    assert not set(BIDI_CONTROLS) & set(script.as_text())
    assert not set(BIDI_CONTROLS) & set("".join(value for _, value in script.record_fields))


def test_the_printed_letter_keeps_the_next_sentence_in_reading_order(overriding_case):
    text = pdf_text(pdf.render_plan_pdf(case=overriding_case, language="zh-hans"))
    assert "我在找工作" in text
    assert "作工找在我" not in text  # what the override did: the following text printed backwards
