"""Counselors see a shared case's evidence in the admin and download it through the app's view."""

import pytest
from django.urls import reverse

from requests_app.services.evidence import evidence_upload
from tests import evidence_samples as samples
from tests.factories import SharedCaseFactory
from tests.wording import said_plural

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


def test_the_case_page_in_the_admin_lists_the_files_with_their_download(reviewer_client):
    case = SharedCaseFactory()
    photo = evidence_upload(case=case, item="id_card", data=samples.jpeg(), raw_name=None, by=case.owner)
    statement = evidence_upload(
        case=case, item="bank_statements", data=samples.pdf(3), raw_name=None, by=case.owner
    )

    page = reviewer_client.get(reverse("admin:requests_app_case_change", args=[case.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    for evidence in (photo, statement):
        url = reverse("requests_app:evidence_download", args=[case.public_id, evidence.public_id])
        assert url in html
        download = reviewer_client.get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
    assert said_plural("%(count)s page", "%(count)s pages", 3) in html
    # The inline is read-only: no way to add, change or delete a proof from the admin.
    assert 'name="evidence_files-0-DELETE"' not in html
    assert 'name="evidence_files-0-item"' not in html
