"""The "name on letters": the borrower types it on the "Your data" page; every letter prints it as the
applicant, or leaves a line to sign by hand; never the username. Kept with the account, exported, deleted."""

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from requests_app.models import AccountProfile, LetterType
from requests_app.services import pdf
from requests_app.services.letter_name import LETTER_NAME_MAX_LENGTH
from tests.factories import UserFactory
from tests.pdf.conftest import pdf_text
from tests.views.conftest import make_ready_case

pytestmark = pytest.mark.django_db
USERNAME = "lucky-panda-4471"
DATA = reverse("requests_app:account_data")


@pytest.fixture
def owner():
    return UserFactory(username=USERNAME)


@pytest.fixture
def client_in(client, owner):
    client.force_login(owner)
    return client


def letter_articles(client, case) -> dict[str, str]:
    """The printed part (the <article>) of the plan letter and of every other letter, by letter type."""
    pages = {
        LetterType.DEFERRAL: client.get(reverse("requests_app:case_plan_preview", args=[case.public_id]))
    }
    for letter_type in LetterType.values:
        if letter_type != LetterType.DEFERRAL:
            pages[letter_type] = client.get(
                reverse("requests_app:letter_preview", args=[case.public_id, letter_type])
            )
    articles = {}
    for letter_type, response in pages.items():
        assert response.status_code == 200, letter_type
        page = response.content.decode()
        start = page.index('<article class="plan-doc')
        articles[letter_type] = page[start : page.index("</article>", start)]
    return articles


def field_errors(page: str) -> str:
    """The form's letter_name field and what follows it up to the button: where the message must be."""
    start = page.index('name="letter_name"')
    return page[start : page.index('data-testid="letter-name-save"', start)]


def test_the_name_typed_on_the_data_page_is_the_applicant_on_every_letter(client_in, owner):
    response = client_in.post(DATA, {"letter_name": "  王小明 "})
    assert response.status_code == 302
    assert AccountProfile.objects.get(user=owner).letter_name == "王小明"
    assert 'value="王小明"' in client_in.get(DATA).content.decode()
    case = make_ready_case(owner=owner)
    for letter_type, article in letter_articles(client_in, case).items():
        assert 'data-testid="letter-applicant">王小明<' in article, letter_type
        assert USERNAME not in article, letter_type


def test_without_a_name_every_letter_leaves_a_line_to_sign_and_never_prints_the_username(client_in, owner):
    case = make_ready_case(owner=owner)
    for letter_type, article in letter_articles(client_in, case).items():
        assert 'data-testid="letter-applicant-blank"' in article, letter_type
        assert USERNAME not in article, letter_type
    data = pdf.render_plan_pdf(case=case, language="en")
    assert USERNAME not in pdf_text(data)


def test_clearing_the_name_brings_back_the_line_to_sign(client_in, owner):
    client_in.post(DATA, {"letter_name": "王小明"})
    client_in.post(DATA, {"letter_name": ""})
    assert AccountProfile.objects.get(user=owner).letter_name == ""
    case = make_ready_case(owner=owner)
    assert 'data-testid="letter-applicant-blank"' in letter_articles(client_in, case)[LetterType.DEFERRAL]


def test_the_export_holds_the_name_and_deleting_the_account_deletes_it(client_in, owner):
    client_in.post(DATA, {"letter_name": "Wang Xiaoming"})
    export = json.loads(client_in.get(reverse("requests_app:account_export")).content)
    assert export["account"]["name_on_letters"] == "Wang Xiaoming"
    response = client_in.post(
        reverse("requests_app:account_delete"), {"password": "correct-horse-battery-staple", "confirm": "on"}
    )
    assert response.status_code == 302
    assert not AccountProfile.objects.filter(letter_name="Wang Xiaoming").exists()
    assert not AccountProfile.objects.exists()


@pytest.mark.parametrize(
    "typed, code",
    [
        ("王" * (LETTER_NAME_MAX_LENGTH + 1), "too_long"),
        ("王\t小明", "control_characters"),
        ("王\n小明", "control_characters"),
        ("王\u200b小明", "control_characters"),
        ("王\x00小明", "null_characters_not_allowed"),
    ],
)
def test_bad_names_get_a_message_next_to_the_field_and_are_kept_in_it(client_in, owner, typed, code):
    response = client_in.post(DATA, {"letter_name": typed})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("letter_name", code)
    field = field_errors(response.content.decode())
    assert "is-invalid" in field and f'value="{escape(typed)}"' in field  # the input is kept
    for message in form.errors["letter_name"]:
        assert escape(message) in field
    assert not AccountProfile.objects.filter(user=owner).exists()


def test_direction_controls_are_removed_and_shown_back_to_check_before_saving(client_in, owner):
    response = client_in.post(DATA, {"letter_name": "王\u202e明小"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "改变文字方向" in field_errors(page)
    assert 'value="王明小"' in page and "\u202e" not in page
    assert not AccountProfile.objects.filter(user=owner).exists()
    client_in.post(DATA, {"letter_name": "王明小"})
    assert AccountProfile.objects.get(user=owner).letter_name == "王明小"


def test_the_page_and_the_form_need_a_log_in(client):
    response = client.post(DATA, {"letter_name": "王小明"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not AccountProfile.objects.exists()
