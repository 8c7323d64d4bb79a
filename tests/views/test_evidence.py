"""Uploading, downloading and deleting hardship evidence through the pages, bad input included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, EvidenceFile
from requests_app.services.evidence import MAX_FILES_PER_CASE, evidence_upload
from requests_app.views.evidence import UPLOAD_REQUEST_MAX_BYTES
from tests import evidence_samples as samples
from tests.evidence_storage import stored_names
from tests.factories import CaseFactory, counselor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def owner_client(client, case):
    client.force_login(case.owner)
    return client


def upload_url(case):
    return reverse("requests_app:case_evidence", args=[case.public_id])


def post_file(
    client, case, data: bytes, name="photo.jpg", *, item="termination_letter", field="file", next="case"
):
    return client.post(
        upload_url(case), {"item": item, "next": next, field: SimpleUploadedFile(name, data, "image/jpeg")}
    )


def multipart(fields: dict[str, str], *, filename: str, data: bytes) -> tuple[bytes, str]:
    """A multipart body with a raw file name, as a hand-made request could send it."""
    boundary = "----evidence-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def field_error_codes(response, field="file") -> list[str]:
    form = response.context["evidence_form"]
    return [error.code for error in form.errors.as_data().get(field, [])]


def assert_nothing_stored(case):
    assert EvidenceFile.objects.filter(case=case).count() == 0
    assert stored_names() == []


def test_a_photo_from_the_camera_is_kept_and_listed_on_the_case_page(owner_client, case):
    response = post_file(owner_client, case, samples.jpeg(gps=True), field="photo")
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url() + "#evidence"
    evidence = EvidenceFile.objects.get(case=case)
    assert (evidence.item, evidence.kind, evidence.uploaded_as) == ("termination_letter", "jpeg", "jpeg")
    assert stored_names() == [evidence.stored_name]
    assert "photo" not in evidence.stored_name  # the name is generated
    page = owner_client.get(case.get_absolute_url())
    assert reverse("requests_app:evidence_download", args=[case.public_id, evidence.public_id]) in page.text


def test_the_upload_form_offers_the_camera_and_files_to_a_phone(owner_client, case):
    page = owner_client.get(case.get_absolute_url()).text
    assert 'capture="environment"' in page
    assert 'accept="image/jpeg,image/png,image/heic,image/heif,.heic,.heif,application/pdf,.pdf"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'data-testid="evidence-warning"' in page  # forged certificates are a crime


def test_the_hardship_step_has_the_upload_and_returns_to_it(owner_client, case):
    step = reverse("requests_app:case_step", args=[case.public_id, "hardship"])
    assert 'data-testid="evidence-upload"' in owner_client.get(step).text
    response = post_file(owner_client, case, samples.pdf(), name="statement.pdf", next="hardship")
    assert response["Location"] == step + "#evidence"
    assert EvidenceFile.objects.get(case=case).pages == 2


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.RENAMED_EXECUTABLE, "evidence_unsupported"),
        (samples.SVG, "evidence_unsupported"),
        (samples.HTML, "evidence_unsupported"),
        (samples.JPEG_HEADER_THEN_HTML, "evidence_markup"),
        (samples.real_jpeg_then_html(), "evidence_markup"),
        (b"", "evidence_empty"),
        (samples.CORRUPT_PDF, "evidence_pdf_unreadable"),
    ],
    ids=["exe", "svg", "html", "jpeg-header-html", "jpeg-html-polyglot", "empty", "corrupt-pdf"],
)
def test_bad_files_get_a_message_next_to_the_field_and_nothing_is_stored(owner_client, case, data, code):
    response = post_file(owner_client, case, data)
    assert response.status_code == 200
    assert field_error_codes(response) == [code]
    assert 'class="invalid-feedback' in response.text
    assert response.context["evidence_form"]["item"].value() == "termination_letter"  # the choice is kept
    assert_nothing_stored(case)


def test_a_decompression_bomb_is_refused_without_a_500(owner_client, case):
    response = post_file(owner_client, case, samples.png_bomb(), name="small.png")
    assert response.status_code == 200
    assert field_error_codes(response) == ["evidence_image_too_big"]
    assert_nothing_stored(case)


def test_a_50_mb_file_is_refused_and_not_kept_in_memory(owner_client, case):
    response = post_file(owner_client, case, b"\xff\xd8\xff" + b"\x00" * (50 * 1024 * 1024))
    assert response.status_code == 200
    assert field_error_codes(response) == ["evidence_too_large"]
    assert_nothing_stored(case)


def test_a_body_over_the_upload_limit_is_answered_before_it_is_read(owner_client, case):
    body, content_type = multipart({"item": "id_card"}, filename="x.jpg", data=samples.jpeg())
    response = owner_client.generic(
        "POST", upload_url(case), body, content_type, CONTENT_LENGTH=str(UPLOAD_REQUEST_MAX_BYTES + 1)
    )
    assert response.status_code == 413
    assert field_error_codes(response) == ["evidence_too_large"]
    assert_nothing_stored(case)


@pytest.mark.parametrize(
    ("filename", "code"),
    [
        ("../../../etc/cron.d/evil.jpg", "evidence_name_invalid"),
        ("..\\..\\windows\\photo.jpg", "evidence_name_invalid"),
        ("..&#47;..&#47;photo.jpg", "evidence_name_invalid"),
        ("a" * 496 + ".jpg", "evidence_name_too_long"),
    ],
)
def test_names_with_folders_or_500_characters_are_refused(owner_client, case, filename, code):
    token = owner_client.get(upload_url(case)).context["csrf_token"]
    body, content_type = multipart(
        {"csrfmiddlewaretoken": str(token), "item": "id_card"}, filename=filename, data=samples.jpeg()
    )
    response = owner_client.generic("POST", upload_url(case), body, content_type)
    assert response.status_code == 200
    assert field_error_codes(response) == [code]
    assert_nothing_stored(case)


def test_no_file_or_no_item_gets_a_message(owner_client, case):
    response = owner_client.post(upload_url(case), {"item": "id_card"})
    assert response.status_code == 200
    assert response.context["evidence_form"].has_error("file")
    response = post_file(owner_client, case, samples.jpeg(), item="")
    assert response.context["evidence_form"].has_error("item")
    assert_nothing_stored(case)


def test_the_21st_file_is_refused(owner_client, case):
    for _ in range(MAX_FILES_PER_CASE):
        evidence_upload(
            case=case, item="id_card", data=samples.jpeg(size=(8, 8)), raw_name=None, by=case.owner
        )
    response = post_file(owner_client, case, samples.jpeg())
    assert field_error_codes(response) == ["evidence_too_many"]
    assert EvidenceFile.objects.filter(case=case).count() == MAX_FILES_PER_CASE
    assert len(stored_names()) == MAX_FILES_PER_CASE


def test_the_upload_is_protected_against_cross_site_posts(case):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(case.owner)
    response = post_file(client, case, samples.jpeg())
    assert response.status_code == 403
    assert_nothing_stored(case)


def test_the_download_is_an_attachment_that_is_never_sniffed_or_cached(owner_client, case):
    evidence = evidence_upload(case=case, item="id_card", data=samples.pdf(1), raw_name=None, by=case.owner)
    response = owner_client.get(
        reverse("requests_app:evidence_download", args=[case.public_id, evidence.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="id_card-{evidence.public_id.hex[:8]}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response.content == samples.pdf(1) or response.content.startswith(b"%PDF-")


def test_a_counselor_downloads_from_a_shared_case_but_cannot_upload_or_delete(client, case):
    evidence = evidence_upload(case=case, item="id_card", data=samples.jpeg(), raw_name=None, by=case.owner)
    client.force_login(counselor())
    download = reverse("requests_app:evidence_download", args=[case.public_id, evidence.public_id])
    assert client.get(download).status_code == 404  # not shared with the counselors
    Case.objects.filter(pk=case.pk).update(shared_at=timezone.now())
    assert client.get(download).status_code == 200
    assert post_file(client, case, samples.jpeg()).status_code == 404
    delete = reverse("requests_app:evidence_delete", args=[case.public_id, evidence.public_id])
    assert client.post(delete).status_code == 404
    assert EvidenceFile.objects.filter(case=case).count() == 1


def test_another_borrower_gets_404_everywhere(client, case):
    evidence = evidence_upload(case=case, item="id_card", data=samples.jpeg(), raw_name=None, by=case.owner)
    client.force_login(CaseFactory().owner)
    download = reverse("requests_app:evidence_download", args=[case.public_id, evidence.public_id])
    delete = reverse("requests_app:evidence_delete", args=[case.public_id, evidence.public_id])
    assert client.get(download).status_code == 404
    assert client.get(upload_url(case)).status_code == 404
    assert post_file(client, case, samples.jpeg()).status_code == 404
    assert client.post(delete).status_code == 404
    assert len(stored_names()) == 1


def test_a_file_of_another_case_is_not_reachable_through_mine(owner_client, case):
    other = CaseFactory()
    evidence = evidence_upload(case=other, item="id_card", data=samples.jpeg(), raw_name=None, by=other.owner)
    url = reverse("requests_app:evidence_download", args=[case.public_id, evidence.public_id])
    assert owner_client.get(url).status_code == 404


def test_the_owner_deletes_a_file_and_it_leaves_storage(
    owner_client, case, django_capture_on_commit_callbacks
):
    evidence = evidence_upload(case=case, item="id_card", data=samples.jpeg(), raw_name=None, by=case.owner)
    delete = reverse("requests_app:evidence_delete", args=[case.public_id, evidence.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(delete, {"next": "case"})
    assert response.status_code == 302
    assert_nothing_stored(case)
