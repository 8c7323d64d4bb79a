"""On a phone (390 px): a borrower uploads a photo from the camera and a PDF from files, sees both on the
case page and in the letter's appendix (checked in the downloaded PDF), then deletes the account and the
evidence storage is empty."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from requests_app.models import Case, EvidenceFile, Lender
from tests import evidence_samples as samples
from tests.e2e.test_borrower_journey import sign_up
from tests.views.conftest import make_ready_case
from tests.wording import words

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-very-good-pass-77"


def go(page, selector):
    with page.expect_navigation():
        page.click(selector)


def no_horizontal_scrolling(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def files_in(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def draws_an_image(page) -> bool:
    """Whether the page's content paints an image XObject (pages may share one resource dictionary)."""
    xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
    images = [name for name in xobjects if xobjects[name].get_object().get("/Subtype") == "/Image"]
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    return any(f"{name} Do".encode() in data for name in images)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def evidence_folder(settings, tmp_path):
    folder = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


def test_a_borrower_attaches_a_photo_and_a_pdf_to_the_letter_then_deletes_everything(phone, evidence_folder):
    page = phone
    sign_up(page, "mei")
    owner = get_user_model().objects.get(username="mei")
    case = make_ready_case(owner=owner, lender=Lender.objects.get(slug="huabei"))

    # On the case page: a photo from the camera (an iPhone's HEIC) …
    page.goto(case.get_absolute_url())
    section = page.locator("#evidence")
    expect(section.locator("[data-testid=evidence-warning]")).to_be_visible()
    assert page.get_attribute("#id_photo", "capture") == "environment"
    page.select_option("#id_item", "termination_letter")
    page.set_input_files(
        "#id_photo",
        files=[{"name": "IMG_2041.HEIC", "mimeType": "image/heic", "buffer": samples.heic(size=(900, 1200))}],
    )
    page.click("[data-testid=evidence-upload]")
    expect(page.locator("[data-testid=evidence-file]")).to_have_count(1)
    # … and a bank statement PDF from files.
    page.select_option("#id_item", "bank_statements")
    statement = samples.text_pdf("STATEMENT-7731-P1", "STATEMENT-7731-P2")
    page.set_input_files(
        "#id_file", files=[{"name": "statement.pdf", "mimeType": "application/pdf", "buffer": statement}]
    )
    page.click("[data-testid=evidence-upload]")
    expect(page.locator("[data-testid=evidence-file]")).to_have_count(2)
    assert page.js_errors == []

    # Still there after a reload, each under its checklist item; the page fits the phone.
    page.reload()
    files = page.locator("[data-testid=evidence-file]")
    expect(files).to_have_count(2)
    assert [files.nth(i).get_attribute("data-kind") for i in range(2)] == ["jpeg", "pdf"]
    assert [files.nth(i).get_attribute("data-item") for i in range(2)] == [
        "termination_letter",
        "bank_statements",
    ]
    no_horizontal_scrolling(page)
    assert len(files_in(evidence_folder)) == 2

    # The letter: the list of attachments, the photo on a page of its own, the statement's pages after it.
    pdf_url = page.get_attribute("[data-testid=plan-pdf]", "href")
    response = page.request.get(pdf_url)
    assert response.status == 200
    reader = PdfReader(io.BytesIO(response.body()))
    texts = [squeeze(p.extract_text()) for p in reader.pages]
    whole = "".join(texts)
    statements = squeeze(words("Bank statements (3–6 months)"))
    termination = squeeze(words("Termination letter or unemployment registration"))
    assert squeeze(words("Attached evidence")) in whole
    assert termination in whole and statements in whole
    # In checklist order: the statement's caption page and its two pages, then the photo's page (last).
    first = texts.index("STATEMENT-7731-P1")
    assert texts[first : first + 2] == ["STATEMENT-7731-P1", "STATEMENT-7731-P2"]
    attachment = "Attachment %(number)s: %(label)s"
    assert texts[first - 1].startswith(squeeze(words(attachment, number=1, label=statements)))
    assert texts[-1].startswith(squeeze(words(attachment, number=2, label=termination)))
    image_pages = [index for index, p in enumerate(reader.pages) if draws_an_image(p)]
    assert image_pages == [len(texts) - 1]

    # Deleting the account deletes the files too.
    page.goto("/account/delete/")
    page.fill("#id_password", PASSWORD)
    page.check("#id_confirm")
    go(page, "form button.btn-danger")
    assert not get_user_model().objects.filter(username="mei").exists()
    assert EvidenceFile.objects.count() == 0 and Case.objects.count() == 0
    assert files_in(evidence_folder) == []
