"""The letter lists the case's evidence and appends it: images drawn from storage through the fetcher,
the pages of uploaded PDFs inserted after their caption (checked in the real PDF)."""

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from requests_app.models import Case
from requests_app.services import pdf
from requests_app.services.evidence import evidence_upload
from requests_app.services.pdf import document as pdf_document
from requests_app.services.pdf import render as pdf_render
from tests import evidence_samples as samples
from tests.factories import CaseFactory
from tests.pdf.conftest import pdf_text, squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def evidence_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def fresh(case):
    return (
        Case.objects.select_related("lender", "owner")
        .prefetch_related("payments", "contacts", "plan_versions", "evidence_files")
        .get(pk=case.pk)
    )


def image_pages(reader) -> list[int]:
    """The pages that draw an image (WeasyPrint shares one resource dictionary between pages, so look at
    what each page's content stream paints)."""
    found = []
    for index, page in enumerate(reader.pages):
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        images = [name for name in xobjects if xobjects[name].get_object().get("/Subtype") == "/Image"]
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        if any(f"{name} Do".encode() in data for name in images):
            found.append(index)
    return found


@pytest.fixture
def with_evidence(plan_case):
    owner = plan_case.owner
    evidence_upload(
        case=plan_case,
        item="termination_letter",
        data=samples.jpeg(size=(1200, 1600)),
        raw_name=None,
        by=owner,
    )
    statement = samples.text_pdf("STATEMENT-PAGE-ONE", "STATEMENT-PAGE-TWO", link="https://example.com/")
    evidence_upload(case=plan_case, item="bank_statements", data=statement, raw_name=None, by=owner)
    return fresh(plan_case)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_letter_lists_the_evidence_and_appends_the_photo_and_the_pdf_pages(
    plan_case, with_evidence, language
):
    document = pdf.plan_document(case=with_evidence, language=language)
    fetcher = pdf.StaticOnlyFetcher(
        attachments=pdf_render._attachments(
            document, {f.public_id.hex: f for f in with_evidence.evidence_files.all()}
        )
    )

    data = pdf.render_plan_pdf(case=with_evidence, document=document, fetcher=fetcher)

    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    assert len(document.evidence) == 2
    for entry in document.evidence:
        assert squeeze(entry.label) in text
    # In checklist order: the bank statements (a PDF), then the termination letter (a photo).
    statement, photo = document.evidence
    assert (statement.is_image, photo.is_image) == (False, True)
    # The photo is drawn from storage, through the fetcher, and from nowhere else: one image in the PDF.
    assert fetcher.requested == [photo.url] and fetcher.refused == []
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    # The statement's caption page: "Attachment 1: …" (the evidence list before it names both files).
    with translation.override(language):
        heading = squeeze(
            gettext("Attachment %(number)s: %(label)s") % {"number": 1, "label": statement.label}
        )
    caption = next(i for i, page in enumerate(pages) if heading in page)
    assert image_pages(reader) == [len(pages) - 1]
    assert squeeze(photo.label) in pages[-1]
    # The uploaded PDF's two pages follow its caption page, in order.
    assert [page.rstrip("*") for page in pages[caption + 1 : caption + 3]] == [
        "STATEMENT-PAGE-ONE",
        "STATEMENT-PAGE-TWO",
    ]
    # After the letter: the PDF's caption page, its two pages, then the photo's page.
    assert len(pages) == caption + 4
    # Nothing interactive comes along with the appended pages.
    assert all(
        "/Annots" not in page and "/AA" not in page for page in reader.pages[caption + 1 : caption + 3]
    )


def test_the_attachment_urls_of_another_case_are_refused(with_evidence):
    other = CaseFactory()
    foreign = evidence_upload(case=other, item="id_card", data=samples.jpeg(), raw_name=None, by=other.owner)
    document = pdf.plan_document(case=with_evidence)
    files = {f.public_id.hex: f for f in with_evidence.evidence_files.all()}
    fetcher = pdf.StaticOnlyFetcher(attachments=pdf_render._attachments(document, files))
    for url in (
        f"{pdf.ATTACHMENT_PREFIX}{foreign.public_id.hex}.jpg",
        document.evidence[0].url + "?x=1",
        document.evidence[0].url.replace("/evidence/", "/evidence/../evidence/"),
        "file://" + foreign.stored_name,
    ):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


def test_a_url_typed_into_the_narrative_is_printed_not_fetched(plan_case):
    other = CaseFactory()
    foreign = evidence_upload(case=other, item="id_card", data=samples.jpeg(), raw_name=None, by=other.owner)
    url = f"{pdf.ATTACHMENT_PREFIX}{foreign.public_id.hex}.jpg"
    Case.objects.filter(pk=plan_case.pk).update(hardship_narrative=f'见附件 <img src="{url}">')
    fetcher = pdf.StaticOnlyFetcher()
    text = pdf_text(pdf.render_plan_pdf(case=fresh(plan_case), fetcher=fetcher))
    assert fetcher.requested == []
    assert squeeze(url) in text


def test_a_letter_with_evidence_is_never_cached(with_evidence, monkeypatch):
    calls = []
    real = pdf_render.render_plan_pdf
    monkeypatch.setattr(pdf_render, "render_plan_pdf", lambda **kw: calls.append(1) or real(**kw))
    pdf.cached_plan_pdf(case=with_evidence)
    pdf.cached_plan_pdf(case=with_evidence)
    assert len(calls) == 2


def test_the_preview_lists_the_evidence_without_loading_it(with_evidence):
    html = pdf.render_plan_html(case=with_evidence, language="en")
    assert pdf.ATTACHMENT_PREFIX not in html.split("<body", 1)[0]
    assert "Bank statements" in html


def test_appended_pdf_pages_stop_at_the_limit(plan_case, monkeypatch):
    monkeypatch.setattr(pdf_document, "MAX_APPENDED_PDF_PAGES", 3)
    owner = plan_case.owner
    for item in ("bank_statements", "payslips"):
        evidence_upload(case=plan_case, item=item, data=samples.text_pdf("A", "B"), raw_name=None, by=owner)
    document = pdf.plan_document(case=fresh(plan_case))
    assert [entry.appended_pages for entry in document.evidence] == [2, 1]
