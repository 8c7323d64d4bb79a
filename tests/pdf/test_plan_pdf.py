import datetime as dt
import io
import logging
import re
import subprocess
from decimal import Decimal
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from fontTools.cffLib import CFFFontSet
from pypdf import PdfReader

from requests_app.models import AccountProfile, Case
from requests_app.services import pdf
from requests_app.services.formatting import long_date, money
from requests_app.services.pdf import fonts
from requests_app.services.pdf import render as pdf_render
from tests.factories import CaseFactory, ContactAttemptFactory, UserFactory
from tests.wording import words

from .conftest import pdf_text, squeeze

A4 = (595.28, 841.89)


def render(case, language, fetcher=None):
    return pdf.render_plan_pdf(case=case, language=language, fetcher=fetcher)


def pdffonts(data: bytes, tmp_path) -> list[dict]:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    lines = output.splitlines()[2:]
    fonts = []
    for line in lines:
        name, rest = line.split(None, 1)
        parts = rest.rsplit(None, 6)  # type… encoding emb sub uni object id
        fonts.append(
            {
                "name": name,
                "type": parts[0],
                "encoding": parts[1],
                "emb": parts[2],
                "sub": parts[3],
                "uni": parts[4],
            }
        )
    return fonts


# --- What the PDF says --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pdf_names_the_lender_the_amounts_the_dates_and_the_payoff_date(plan_case, language):
    text = pdf_text(render(plan_case, language))

    payments = list(plan_case.payments.order_by("due_on"))
    lender = plan_case.lender.name_zh if language == "zh-hans" else plan_case.lender.name_en
    assert lender in text
    assert money(plan_case.amount_due) in text
    assert squeeze(long_date(plan_case.due_date, language=language)) in text
    for payment in payments:
        assert money(payment.amount) in text
        assert squeeze(long_date(payment.due_on, language=language)) in text
    payoff = squeeze(long_date(payments[-1].due_on, language=language))
    assert money(sum(p.amount for p in payments)) in text  # ¥7,053.95
    if language == "zh-hans":
        assert squeeze(words("Dear %(lender)s customer service,", lender=lender)) in text
        assert "1234" in text
        assert squeeze(words("Applicant")) + "王小明" in text
        total = money(sum(p.amount for p in payments))
        assert squeeze(words("Paid off by %(date)s: %(total)s in total.", date=payoff, total=total)) in text
        assert "T-88-2026" in text
    else:
        assert "DearHuabeicustomerservice" in text
        assert "ending1234" in text
        assert f"Paidoffby{payoff}" in text
        assert squeeze(long_date(timezone.localdate(), language="en")) in text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_pdf_is_two_a4_pages(plan_case, language):
    reader = PdfReader(io.BytesIO(render(plan_case, language)))

    assert len(reader.pages) == 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4


def test_a_long_schedule_flows_onto_more_pages_without_losing_a_row(huabei):
    case = CaseFactory(lender=huabei, amount_due=Decimal("12000.00"))
    start = case.due_date + dt.timedelta(days=30)
    for index in range(24):
        case.payments.create(due_on=start + dt.timedelta(days=31 * index), amount=Decimal("500.00"))

    text = pdf_text(render(case, "zh-hans"))

    assert text.count("¥500.00") >= 24
    assert squeeze(long_date(start + dt.timedelta(days=31 * 23), language="zh-hans")) in text


# --- Fonts --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_fonts_are_embedded_subset_noto_sans_cjk_and_never_type_3(plan_case, language, tmp_path):
    fonts = pdffonts(render(plan_case, language), tmp_path)

    assert fonts
    assert any("Noto-Sans-CJK-SC" in font["name"] for font in fonts)
    for font in fonts:
        assert font["emb"] == "yes" and font["sub"] == "yes" and font["uni"] == "yes", font
        assert re.match(r"^[A-Z]{6}\+", font["name"]), font
        assert "Type 3" not in font["type"], font


def test_harfbuzz_does_the_subsetting_not_fonttools(plan_case, caplog):
    assert pdf.harfbuzz_subsetting_available()

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render(plan_case, "zh-hans")

    assert not [record for record in caplog.records if "fontTools" in record.getMessage()]


def test_the_compact_fonts_hold_every_glyph_the_text_uses_and_keep_the_pdf_small(plan_case):
    data = render(plan_case, "zh-hans")
    reader = PdfReader(io.BytesIO(data))

    checked = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            stream = descendant["/FontDescriptor"]["/FontFile3"].get_object()
            assert stream["/Subtype"] == "/CIDFontType0C"
            assert "/CIDToGIDMap" not in descendant
            widths, used = list(descendant["/W"]), set()
            for first, run in zip(widths[::2], widths[1::2], strict=True):
                used.update(range(first, first + len(run)))
            font_set = CFFFontSet()
            font_set.decompile(io.BytesIO(stream.get_data()), None)
            top = font_set.topDictIndex[0]
            held = {0 if name == ".notdef" else int(name[3:]) for name in top.charset}
            assert hasattr(top, "ROS")
            assert used <= held
            assert len(held) < 2 * len(used) + 10  # only what is used, not the 65,535 glyphs
            checked += 1
    assert checked
    assert len(data) < 150 * 1024


def test_a_font_that_is_not_cid_keyed_cff_is_left_as_weasyprint_made_it():
    assert fonts._cff_subset(b"not a font at all", {1, 2, 3}) is None


def weasyprint_subset_calls(monkeypatch) -> list:
    """Record each font WeasyPrint's own subsetting is asked to cut (it still does it)."""
    calls, weasyprint_subset = [], fonts._weasyprint_subset
    monkeypatch.setattr(
        fonts,
        "_weasyprint_subset",
        lambda font, *args: calls.append(font.family) or weasyprint_subset(font, *args),
    )
    return calls


def rendered_by_weasyprints_subsetting(case, language) -> bytes:
    """The same document with WeasyPrint's own two-pass subsetting (outside `compact_fonts`), then the
    finisher, as every PDF was made before."""
    html = pdf_render.render_plan_html(case=case, language=language)
    return pdf_render._render(html=html, fetcher=pdf.StaticOnlyFetcher()).write_pdf(
        finisher=fonts.compact_cjk_fonts
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_cjk_fonts_are_cut_in_one_pass_to_the_very_bytes_weasyprints_subsetting_gives(
    plan_case, language, monkeypatch
):
    calls = weasyprint_subset_calls(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False):
        data = render(plan_case, language)
        assert calls == []  # every font was cut in the one pass
        before = rendered_by_weasyprints_subsetting(plan_case, language)

    assert calls  # the yardstick did go through WeasyPrint's subsetting
    assert data == before


def test_a_text_with_characters_no_font_has_prints_the_same_as_before(plan_case, monkeypatch):
    # Emoji, Arabic, a private-use character and rare hanzi: the regular weight then has glyphs missing
    # (WeasyPrint draws .notdef boxes for them) and goes through WeasyPrint's subsetting, as does the
    # fallback font drawing the Arabic and the tick (DejaVu Sans here: TrueType); the bold weight is cut in
    # one pass.
    Case.objects.filter(pk=plan_case.pk).update(hardship_narrative="公司裁员 😀 مرحبا \ue000 𠀀𪚥 ✓")
    case = Case.objects.get(pk=plan_case.pk)
    calls = weasyprint_subset_calls(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False):
        data = render(case, "zh-hans")
        assert calls.count("Noto Sans CJK SC") == 1  # the regular weight only
        assert data == rendered_by_weasyprints_subsetting(case, "zh-hans")


def test_a_font_whose_cids_are_not_its_glyph_ids_goes_through_weasyprints_subsetting(plan_case, monkeypatch):
    class NoFontQualifies(dict):
        def __contains__(self, key):
            return True

        def __getitem__(self, key):
            return False

    monkeypatch.setattr(fonts, "_cids_are_glyph_ids", NoFontQualifies())
    calls = weasyprint_subset_calls(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False):
        data = render(plan_case, "zh-hans")
        assert sorted(calls) == ["Noto Sans CJK SC", "Noto Sans CJK SC"]  # regular and bold
        assert data == rendered_by_weasyprints_subsetting(plan_case, "zh-hans")


# --- Fetching and escaping ----------------------------------------------------------------------------------

HOSTILE_NARRATIVE = (
    '公司裁员。<img src="http://127.0.0.1:9/x"> 请看 file:///etc/passwd '
    '<link rel="stylesheet" href="file:///etc/passwd"><style>@import url("http://127.0.0.1:9/y");</style>'
    '<iframe src="https://example.com/"></iframe><object data="data:image/png;base64,AAAA"></object>'
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_html_in_user_text_prints_as_text_and_fetches_nothing(huabei, language):
    owner = UserFactory(username="evil")
    AccountProfile.objects.create(user=owner, letter_name='<img src="http://127.0.0.1:9/n">')
    case = CaseFactory(
        owner=owner,
        lender=huabei,
        account_hint="<b>1",
        hardship_narrative=HOSTILE_NARRATIVE,
        income_sources='<img src="file:///etc/passwd">',
        evidence_notes='<svg><image href="http://127.0.0.1:9/z"/></svg>',
    )
    case.payments.create(due_on=case.due_date + dt.timedelta(days=30), amount=Decimal("3045.00"))
    ContactAttemptFactory(case=case, agent_id='<img src="http://127.0.0.1:9/a">', ticket_number="<i>T</i>")
    case = Case.objects.get(pk=case.pk)
    fetcher = pdf.StaticOnlyFetcher()

    text = pdf_text(render(case, language, fetcher=fetcher))

    assert fetcher.requested == []
    assert squeeze('<img src="http://127.0.0.1:9/x">') in text
    assert "file:///etc/passwd" in text
    assert squeeze('@import url("http://127.0.0.1:9/y")') in text
    assert squeeze('<img src="file:///etc/passwd">') in text
    assert squeeze('<img src="http://127.0.0.1:9/a">') in text
    assert "<b>1" in text


def test_the_html_sent_to_weasyprint_has_the_user_text_escaped(huabei):
    case = CaseFactory(lender=huabei, hardship_narrative=HOSTILE_NARRATIVE)

    html = pdf.render_plan_html(case=case, language="zh-hans")

    assert "<img" not in html and "<iframe" not in html and "<object" not in html and "<link" not in html
    assert "&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt;" in html


def test_the_stylesheet_is_served_from_the_app_static_files():
    fetcher = pdf.StaticOnlyFetcher()
    url = pdf.DOCUMENT_ORIGIN + "/static/css/pdf.css"

    response = fetcher.fetch(url)

    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert fetcher.requested == [url] and fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://127.0.0.1:9/x",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,body{}",
        "ftp://example.com/a.css",
        "https://example.com/static/css/pdf.css",
        "http://deferral-desk.invalid/static/css/pdf.css",
        pdf.DOCUMENT_ORIGIN + "/static/../deferral_site/settings.py",
        pdf.DOCUMENT_ORIGIN + "/static/%2e%2e/deferral_site/settings.py",
        pdf.DOCUMENT_ORIGIN + "/static/css/..%2f..%2f..%2fdeferral_site%2fsettings.py",
        pdf.DOCUMENT_ORIGIN + "/static//etc/passwd",
        pdf.DOCUMENT_ORIGIN + "/static/css/pdf.css?x=1",
        pdf.DOCUMENT_ORIGIN + "/static/css/no-such-file.css",
        pdf.DOCUMENT_ORIGIN + "/media/anything.png",
        pdf.DOCUMENT_ORIGIN + "/etc/passwd",
        "https://user@deferral-desk.invalid/static/css/pdf.css",
    ],
)
def test_the_fetcher_refuses_everything_but_the_app_static_files(url):
    fetcher = pdf.StaticOnlyFetcher()

    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url)

    assert fetcher.requested == [url] and fetcher.refused == [url]


# --- Cache --------------------------------------------------------------------------------------------------


@pytest.fixture
def render_calls(monkeypatch):
    calls = []
    real_render = pdf.render_plan_pdf

    def counting_render(**kwargs):
        calls.append(kwargs["document"].language)
        return real_render(**kwargs)

    monkeypatch.setattr(pdf_render, "render_plan_pdf", counting_render)  # where cached_plan_pdf calls it
    return calls


def test_an_unchanged_plan_is_rendered_once_per_language(plan_case, render_calls):
    first = pdf.cached_plan_pdf(case=plan_case, language="zh-hans")
    again = pdf.cached_plan_pdf(case=plan_case, language="zh-hans")
    pdf.cached_plan_pdf(case=plan_case, language="en")

    assert render_calls == ["zh-hans", "en"]
    assert first == again


def test_a_new_contact_or_a_new_day_renders_again(plan_case, render_calls):
    pdf.cached_plan_pdf(case=plan_case, language="zh-hans")
    ContactAttemptFactory(case=plan_case, ticket_number="T-NEW")
    plan_case = Case.objects.get(pk=plan_case.pk)
    pdf.cached_plan_pdf(case=plan_case, language="zh-hans")
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        pdf.cached_plan_pdf(case=plan_case, language="zh-hans")

    assert render_calls == ["zh-hans"] * 3


def test_the_cache_key_carries_the_plan_hash_and_the_language(plan_case):
    document = pdf.plan_document(case=plan_case, language="en")

    key = pdf.plan_pdf_cache_key(case=plan_case, document=document)

    assert key.startswith(f"plan-pdf:{plan_case.public_id.hex}:en:")
    assert plan_case.plan_versions.get().content_hash[:24] in key


# --- Download -----------------------------------------------------------------------------------------------


def test_the_file_name_is_ascii_with_an_rfc_5987_chinese_name(plan_case):
    day = plan_case.due_date.isoformat()

    ascii_name, name = pdf.plan_pdf_filename(case=plan_case, language="zh-hans")
    header = pdf.content_disposition(ascii_name=ascii_name, name=name)

    assert ascii_name == f"deferral-plan-huabei-{day}.pdf"
    assert name == f"{words('deferral-plan')}-花呗-{day}.pdf"
    assert header.isascii()
    assert header.startswith(f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''")
    assert unquote(header.split("''", 1)[1]) == name


def test_a_case_without_lender_or_due_date_still_gets_a_file_name(db):
    case = Case(lender=None, due_date=None, letter_language="en")

    ascii_name, name = pdf.plan_pdf_filename(case=case, language="en")

    assert ascii_name == name == f"deferral-plan-{timezone.localdate().isoformat()}.pdf"


def test_the_download_is_served_from_the_cache_the_second_time(client, plan_case, render_calls):
    client.force_login(plan_case.owner)
    url = reverse("requests_app:case_plan_pdf", kwargs={"public_id": plan_case.public_id})

    first = client.get(url)
    second = client.get(url)

    assert render_calls == ["zh-hans"]
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first["Content-Disposition"].startswith('attachment; filename="deferral-plan-huabei-')


def test_another_persons_pdf_is_not_found(client, plan_case, render_calls):
    client.force_login(UserFactory(username="stranger"))
    url = reverse("requests_app:case_plan_pdf", kwargs={"public_id": plan_case.public_id})

    assert client.get(url).status_code == 404
    assert render_calls == []
