"""Each letter type as a real PDF, in both languages: the text is extracted with pypdf, the contacts are
named in date order, and the rendering asked for nothing but the app's own static files."""

import pytest

from requests_app.services import letters
from requests_app.services.pdf import StaticOnlyFetcher, static_url_prefix
from tests.pdf.conftest import pdf_text, squeeze

pytestmark = pytest.mark.django_db

TIMELINE = {"zh-hans": "联系时间线", "en": "Timelineofcontacts"}
TITLES = {
    ("hold_action", "zh-hans"): "暂缓催收",
    ("hold_action", "en"): "hold collection",
    ("offer", "zh-hans"): "还款方案",
    ("offer", "en"): "Repayment offer",
    ("reconsideration", "zh-hans"): "重新考虑",
    ("reconsideration", "en"): "reconsider",
    ("complaint", "zh-hans"): "投诉",
    ("complaint", "en"): "Complaint to the lender",
    ("regulator", "zh-hans"): "12378",
    ("regulator", "en"): "12378",
    ("credit_dispute", "zh-hans"): "征信异议",
    ("credit_dispute", "en"): "Credit report dispute",
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("letter_type", letters.DOCUMENT_TYPES)
def test_each_letter_renders_in_both_languages_from_static_files_only(refused_case, letter_type, language):
    document = letters.letter_document(case=refused_case, letter_type=letter_type, language=language)
    fetcher = StaticOnlyFetcher()
    text = pdf_text(letters.render_letter_pdf(document=document, fetcher=fetcher))

    assert squeeze(TITLES[(letter_type, language)]) in text
    assert squeeze(document.lender_name) in text
    assert "8812" in text  # the account hint the borrower entered
    assert fetcher.refused == []
    assert all(
        url.startswith("https://deferral-desk.invalid" + static_url_prefix()) for url in fetcher.requested
    )
    if letter_type in letters.WITH_TIMELINE:
        # Every contact in effect, oldest first: agent ids and tickets in the order they happened.
        timeline = text[text.index(TIMELINE[language]) :]
        assert (
            timeline.index("A1024")
            < timeline.index("T-0001")
            < timeline.index("C3301")
            < timeline.index("T-0002")
        )
