"""Evidence on both storage backends: the private folder and an S3-compatible bucket (moto's server,
started by the suite on loopback). Upload, read back, export, and deletion with the case or the account."""

import json
import zipfile

import boto3
import pytest
from django.contrib.auth import get_user_model
from moto.server import ThreadedMotoServer

from requests_app.models import Case, EvidenceFile
from requests_app.services.evidence import evidence_delete, evidence_read, evidence_storage, evidence_upload
from requests_app.services.privacy import account_data_export, account_data_zip, account_delete
from tests import evidence_samples as samples
from tests.evidence_storage import stored_names
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db
BUCKET = "deferral-evidence-test"


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(params=["filesystem", "s3"])
def backend(request, settings, tmp_path):
    if request.param == "filesystem":
        evidence = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    else:
        endpoint = request.getfixturevalue("s3_server")
        credentials = {
            "aws_access_key_id": "test",
            "aws_secret_access_key": "test",
            "region_name": "us-east-1",
        }
        client = boto3.client("s3", endpoint_url=endpoint, **credentials)
        bucket = f"{BUCKET}-{tmp_path.name.lower().replace('_', '-')[-20:]}"
        client.create_bucket(Bucket=bucket)
        evidence = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "location": "evidence",
                "default_acl": "private",
                "file_overwrite": False,
            },
        }
    settings.STORAGES = {**settings.STORAGES, "evidence": evidence}
    return request.param


def upload(case, data=None, item="id_card"):
    return evidence_upload(
        case=case, item=item, data=data or samples.jpeg(), raw_name="IMG_0001.JPG", by=case.owner
    )


def test_the_clean_copy_is_stored_and_read_back(backend):
    case = CaseFactory()
    photo = upload(case, samples.jpeg(gps=True))
    document = upload(case, samples.pdf(3), item="bank_statements")
    assert sorted(stored_names()) == sorted([photo.stored_name, document.stored_name])
    assert evidence_read(evidence=document) == samples.pdf(3)
    assert b"PhoneMaker" not in evidence_read(evidence=photo)
    expected = "storages.backends.s3.S3Storage" if backend == "s3" else "FileSystemStorage"
    assert type(evidence_storage()).__name__ == expected.rsplit(".", 1)[-1]


def test_a_refused_upload_leaves_nothing_in_storage(backend):
    case = CaseFactory(status=Case.Status.CLOSED)
    with pytest.raises(Exception) as refused:
        upload(case)
    assert refused.value.code == "evidence_case_closed"
    assert stored_names() == []
    assert EvidenceFile.objects.count() == 0


def test_deleting_one_file_removes_it_from_storage(backend, django_capture_on_commit_callbacks):
    case = CaseFactory()
    kept, gone = upload(case), upload(case)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=gone)
    assert stored_names() == [kept.stored_name]


def test_deleting_a_case_removes_its_files(backend, django_capture_on_commit_callbacks):
    case, other = CaseFactory(), CaseFactory()
    upload(case), upload(case, samples.pdf(1))
    survivor = upload(other)
    with django_capture_on_commit_callbacks(execute=True):
        Case.objects.filter(pk=case.pk).delete()  # as the admin's delete does
    assert stored_names() == [survivor.stored_name]


def test_deleting_the_account_empties_its_storage_and_keeps_no_history(
    backend, django_capture_on_commit_callbacks
):
    user = UserFactory(username="leaving")
    case = CaseFactory(owner=user)
    upload(case), upload(case, samples.heic()), upload(case, samples.pdf(2))
    with django_capture_on_commit_callbacks(execute=True):
        counts = account_delete(user=user)
    assert counts["evidence_files"] == 3
    assert stored_names() == []
    assert EvidenceFile.objects.count() == 0
    assert not get_user_model().objects.filter(username="leaving").exists()
    assert not hasattr(EvidenceFile, "history")  # no historical copy of evidence rows exists at all


def test_a_rolled_back_deletion_keeps_the_file(backend, django_capture_on_commit_callbacks):
    from django.db import transaction

    case = CaseFactory()
    evidence = upload(case)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            evidence.delete()
            raise RuntimeError("the deletion fails later in the same transaction")
    assert stored_names() == [evidence.stored_name]


def test_the_export_zip_holds_the_json_and_every_file(backend):
    user = UserFactory(username="exporting")
    case = CaseFactory(owner=user)
    photo = upload(case)
    document = upload(case, samples.pdf(2), item="bank_statements")
    with zipfile.ZipFile(account_data_zip(user=user)) as archive:
        data = json.loads(archive.read("my-data.json"))
        listed = data["cases"][0]["evidence_files"]
        assert [entry["document"] for entry in listed] == ["id_card", "bank_statements"]
        assert archive.read(listed[1]["file"]) == samples.pdf(2)
        assert archive.read(listed[0]["file"]) == evidence_read(evidence=photo)
        assert listed[1]["pages"] == 2 and listed[1]["sha256"] == document.sha256
    assert account_data_export(user=user)["cases"][0]["evidence_files"][0]["file"] == listed[0]["file"]


def test_the_export_zip_of_someone_else_holds_none_of_my_files(backend):
    mine = CaseFactory()
    upload(mine)
    stranger = UserFactory(username="stranger")
    with zipfile.ZipFile(account_data_zip(user=stranger)) as archive:
        assert archive.namelist() == ["my-data.json"]
