"""The download's fast path: a PDF stored for unchanged inputs is served without building the document, and
any change to what the document is made from (services.pdf.inputs) makes the download build it again."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import (
    AccountProfile,
    Budget,
    Case,
    Commitment,
    LenderProgramme,
    LetterDownload,
    Payment,
    PlanVersion,
    ReferenceFigure,
)
from requests_app.services import pdf
from requests_app.services.pdf import inputs as pdf_inputs
from requests_app.services.pdf import render as pdf_render
from requests_app.services.versions import latest_plan_version, plan_snapshot, plan_version_record
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, budget_for
from tests.pdf.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def household_case(plan_case):
    """The Huabei plan case in a household: a budget with a commitment, and a second, agreed case with a
    bank card whose payments fix its share."""
    budget_for(
        plan_case.owner,
        monthly_income=Decimal("6000.00"),
        essential_expenses=Decimal("3000.00"),
        other_debt_payments=Decimal("400.00"),
    )
    other = CaseFactory(
        owner=plan_case.owner,
        lender=plan_case.lender.__class__.objects.get(slug="credit-card"),
        amount_due=Decimal("12000.00"),
        status=Case.Status.APPROVED,
    )
    PaymentFactory(case=other, due_on=other.due_date + dt.timedelta(days=30), amount=Decimal("500.00"))
    plan_version_record(case=plan_case)
    return Case.objects.get(pk=plan_case.pk)


def tables_read(queries) -> set[str]:
    return {table for query in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}


def test_building_the_document_reads_no_table_the_digest_leaves_out(household_case):
    """The guard of the fast path: were the letter to read a table the digest does not, a change there
    would serve an old PDF. Building it for a household with a budget, commitments, another (agreed) case,
    contacts, plan versions and lender programmes reads only `INPUT_TABLES`."""
    with CaptureQueriesContext(connection) as queries:
        case = pdf.document_case(household_case.pk)
        for language in ("zh-hans", "en"):
            document = pdf.plan_document(case=case, language=language)
            pdf.render_plan_html(case=case, document=document)
            pdf.plan_pdf_filename(case=case, language=language)
        plan_snapshot(case)
    read = tables_read(queries.captured_queries)
    assert {
        "requests_app_payment",
        "requests_app_contactattempt",
        "requests_app_planversion",
        "requests_app_budget",
        "requests_app_commitment",
        "requests_app_lenderprogramme",
        "requests_app_accountprofile",
    } <= read
    assert read <= pdf_inputs.INPUT_TABLES


def digest(case: Case, today: dt.date | None = None) -> str:
    return pdf_inputs.document_inputs(
        case_id=case.pk, owner_id=case.owner_id, language="zh-hans", today=today or timezone.localdate()
    ).digest


def _other_case(case):
    return Case.objects.filter(owner_id=case.owner_id).exclude(pk=case.pk)


#: One change to each thing the letter is made from, made as directly as code could (queryset updates,
#: which no signal sees): the digest must change with each.
CHANGES = {
    "a contact logged": lambda case: ContactAttemptFactory(
        case=case, occurred_at=timezone.now(), ticket_number="T-NEW-77"
    ),
    "a payment's amount": lambda case: Payment.objects.filter(case=case).update(amount=Decimal("999.00")),
    "the other case's amount due": lambda case: _other_case(case).update(amount_due=Decimal("1.00")),
    "the other case's payments": lambda case: Payment.objects.filter(case__in=_other_case(case)).delete(),
    "the budget's income": lambda case: Budget.objects.filter(owner_id=case.owner_id).update(
        income_salary=Decimal("7000.00")
    ),
    "a commitment": lambda case: Commitment.objects.filter(budget__owner_id=case.owner_id).update(
        monthly_payment=Decimal("10.00")
    ),
    "the name on letters": lambda case: AccountProfile.objects.filter(user_id=case.owner_id).update(
        letter_name="王大明"
    ),
    "the lender's name": lambda case: case.lender.__class__.objects.filter(pk=case.lender_id).update(
        name_zh="花呗（新）"
    ),
    "a programme's fee": lambda case: LenderProgramme.objects.filter(lender_id=case.lender_id).update(
        total_fee_rate=Decimal("0.0123")
    ),
    "a reference figure": lambda case: ReferenceFigure.objects.update(yearly_per_capita=Decimal("1.00")),
    "the hardship story": lambda case: Case.objects.filter(pk=case.pk).update(
        hardship_narrative="新的情况说明。"
    ),
    "a new plan version": lambda case: PlanVersion.objects.create(
        case=case, number=case.plan_versions.count() + 1, content_hash="0" * 64, data={}
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_input_of_the_letter_changes_the_digest(household_case, change):
    before = digest(household_case)
    CHANGES[change](household_case)
    assert digest(household_case) != before


def test_a_save_that_changes_nothing_shown_keeps_the_digest(household_case):
    """Save counters and "changed at" stamps move on every save; the letter shows none of them."""
    before = digest(household_case)
    Case.objects.get(pk=household_case.pk).save()
    Budget.objects.get(owner_id=household_case.owner_id).save()
    assert digest(household_case) == before


def test_the_next_day_changes_the_digest(household_case):
    """The letter is dated: tomorrow's download is tomorrow's letter."""
    today = timezone.localdate()
    assert digest(household_case, today=today) != digest(household_case, today=today + dt.timedelta(days=1))


@pytest.fixture
def documents_built(monkeypatch):
    """How many times a document was built."""
    built = []
    original = pdf_render.plan_document

    def counting(**kwargs):
        built.append(kwargs.get("language"))
        return original(**kwargs)

    monkeypatch.setattr(pdf_render, "plan_document", counting)
    return built


def test_a_download_of_a_pdf_stored_ahead_builds_nothing_and_records_the_version(
    client, household_case, documents_built, django_assert_max_num_queries
):
    assert pdf.plan_pdf_store_ahead(case=household_case)
    documents_built.clear()
    client.force_login(household_case.owner)
    url = reverse("requests_app:case_plan_pdf", args=[household_case.public_id])
    with django_assert_max_num_queries(24):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Server-Timing"] == 'pdf;desc="stored"'
    assert documents_built == []
    download = LetterDownload.objects.get(case=household_case)
    assert download.plan_version == latest_plan_version(household_case)


@pytest.mark.parametrize(
    ("change", "shown"),
    [("a payment's amount", "999.00"), ("a contact logged", "T-NEW-77"), ("the name on letters", "王大明")],
)
def test_after_a_change_the_download_is_the_new_letter(
    client, household_case, documents_built, change, shown
):
    pdf.plan_pdf_store_ahead(case=household_case)
    stored = pdf.cached_plan_pdf(case=household_case)
    CHANGES[change](household_case)
    documents_built.clear()
    client.force_login(household_case.owner)
    response = client.get(reverse("requests_app:case_plan_pdf", args=[household_case.public_id]))
    assert documents_built == ["zh-hans"]
    assert shown not in pdf_text(stored)
    assert shown in pdf_text(response.content)


def test_a_changed_plan_is_recorded_as_a_version_at_the_download(client, household_case):
    pdf.plan_pdf_store_ahead(case=household_case)
    Payment.objects.filter(case=household_case).update(amount=Decimal("999.00"))
    versions = household_case.plan_versions.count()
    client.force_login(household_case.owner)
    client.get(reverse("requests_app:case_plan_pdf", args=[household_case.public_id]))
    assert household_case.plan_versions.count() == versions + 1
    assert LetterDownload.objects.get().plan_version == latest_plan_version(household_case)


def test_a_pdf_whose_inputs_changed_while_it_rendered_is_not_noted_as_current(household_case, monkeypatch):
    """The inputs are read before and after the render; when they differ the PDF may be of either state,
    so nothing says it is current and the next download builds the document again."""
    reads = iter(["before", "after", "later", "later"])
    monkeypatch.setattr(
        pdf_render, "document_inputs", lambda **kwargs: pdf_inputs.DocumentInputs(next(reads), "w")
    )
    assert pdf.plan_pdf_store_ahead(case=household_case)
    assert pdf.store.ready_get(case_hex=household_case.public_id.hex, language="zh-hans") is None


def test_an_edit_undone_while_the_pdf_rendered_leaves_no_note(
    client, household_case, documents_built, monkeypatch
):
    """The story changes just after the inputs are read and changes back before they are read again: the
    inputs read the same, but the PDF shows the passing edit. The save counters tell, and no note is kept."""
    original = pdf_render.plan_document
    story = household_case.hardship_narrative

    def edited_meanwhile(**kwargs):
        Case.objects.filter(pk=household_case.pk).update(
            hardship_narrative="临时改动的说明。", version=F("version") + 1
        )
        kwargs["case"] = pdf.document_case(household_case.pk)
        document = original(**kwargs)
        Case.objects.filter(pk=household_case.pk).update(hardship_narrative=story, version=F("version") + 1)
        return document

    monkeypatch.setattr(pdf_render, "plan_document", edited_meanwhile)
    assert pdf.plan_pdf_store_ahead(case=household_case)
    assert pdf.store.ready_get(case_hex=household_case.public_id.hex, language="zh-hans") is None

    monkeypatch.setattr(pdf_render, "plan_document", original)
    client.force_login(household_case.owner)
    response = client.get(reverse("requests_app:case_plan_pdf", args=[household_case.public_id]))
    assert "临时改动的说明" not in pdf_text(response.content)


def test_a_case_deleted_before_its_render_is_skipped_and_its_download_is_a_404(client, household_case):
    client.force_login(household_case.owner)
    url = reverse("requests_app:case_plan_pdf", args=[household_case.public_id])
    Case.objects.filter(pk=household_case.pk).delete()
    assert pdf.plan_pdf_store_ahead(case=household_case) is False
    assert client.get(url).status_code == 404


def test_a_new_release_never_finds_the_old_releases_pdf(household_case, monkeypatch):
    """The PDF's own key holds the code digest: a template's or catalogue's new wording is a new PDF."""
    case = pdf.document_case(household_case.pk)
    document = pdf.plan_document(case=case)
    key = pdf.plan_pdf_cache_key(case=case, document=document)
    monkeypatch.setattr(pdf_render, "code_digest", lambda: "a-new-release")
    assert pdf.plan_pdf_cache_key(case=case, document=document) != key


def test_a_case_deleted_while_its_pdf_rendered_keeps_no_copy(household_case, monkeypatch):
    """The account is deleted while the worker renders the letter: the PDF is not stored after it."""
    original = pdf_render.render_plan_pdf
    public_hex = household_case.public_id.hex

    def deleted_meanwhile(**kwargs):
        rendered = original(**kwargs)
        Case.objects.filter(pk=household_case.pk).delete()
        return rendered

    monkeypatch.setattr(pdf_render, "render_plan_pdf", deleted_meanwhile)
    assert pdf.plan_pdf_store_ahead(case=household_case) is False
    assert pdf.store.stored_pdfs_delete(case_hex=public_hex) == 0
