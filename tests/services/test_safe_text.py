import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from requests_app.services.safe_text import BIDI_CONTROLS, printable_text, shortened


def test_bidirectional_overrides_and_isolates_are_removed():
    assert printable_text("还款\u202e001\u202c计划\u2066x\u2069") == "还款001计划x"


def test_control_characters_become_spaces_and_line_breaks_stay():
    assert printable_text("a\x00b\tc\r\nd\x1be") == "a b c\nd e"


@given(st.text())
def test_nothing_that_reorders_or_controls_the_page_survives(text):
    out = printable_text(text)
    assert not set(out) & BIDI_CONTROLS
    controls = [c for c in out if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\u200d"]
    assert controls == []
    assert len(out) <= len(text)


def test_a_long_text_is_cut_at_a_boundary_and_says_so():
    text = "第一句话。" * 100
    cut, was_cut = shortened(text, limit=50)
    assert was_cut and len(cut) <= 50 and cut.endswith("。")
    assert shortened("短", limit=50) == ("短", False)
