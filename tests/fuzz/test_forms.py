"""Every form of the project, driven by hypothesis with arbitrary text, numbers, dates and Unicode (RTL
overrides, emoji, NUL bytes, 100 000-character strings): it never raises, it is either valid or says why
on a field (or above the form), it renders what was typed back, and whatever it accepts the service and
the database accept too — or refuse with a field message (PostgreSQL refuses NUL bytes in text, so a
NUL must be stopped by the form).

`test_every_form_of_the_project_is_fuzzed` finds the form classes in `requests_app`: a new form without
an entry here fails the suite."""

import datetime as dt
import importlib
import inspect
import pkgutil
import sys
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.models import inlineformset_factory
from django.utils import timezone
from hypothesis import event, given
from hypothesis import strategies as st

import requests_app
from requests_app.admin.case_saves import CORRECTABLE, ScheduleAdminFormSet, ScheduleRowAdminForm
from requests_app.admin.forms import CaseAdminForm, StatusActionForm
from requests_app.forms.accounts import SignupForm
from requests_app.forms.budget import BudgetForm, CommitmentForm, CommitmentFormSet
from requests_app.forms.contacts import ContactForm
from requests_app.forms.escalation import EscalationStepForm
from requests_app.forms.evidence import EvidenceUploadForm
from requests_app.forms.privacy import AccountDeleteForm, LetterNameForm
from requests_app.forms.wizard import (
    STEP_FORMS,
    BasePaymentFormSet,
    CaseStepForm,
    FinancesStepForm,
    HardshipStepForm,
    LenderCreateForm,
    LenderStepForm,
    ModeStepForm,
    PaymentFormSet,
    PaymentRowForm,
    ReviewStepForm,
    ScheduleStepForm,
    kept_schedule_rows,
)
from requests_app.models import Case, Lender, Payment
from requests_app.services.cases import (
    InvalidSchedule,
    StaleCase,
    case_admin_correct,
    case_create,
    case_step_save,
)
from requests_app.services.contacts import contact_attempt_record
from requests_app.services.escalation import escalation_step_record
from requests_app.services.evidence import EvidenceRefused, evidence_upload
from requests_app.services.household import BudgetRefused, budget_save
from requests_app.services.signup import signup_request
from tests import evidence_samples
from tests.concurrency.posts import contact_post, schedule_rows, step_post
from tests.factories import CaseFactory, UserFactory
from tests.fuzz.strategies import FUZZ, form_data

pytestmark = pytest.mark.django_db


# --- Finding the forms -----------------------------------------------------------------------------


def project_forms() -> set[type]:
    """Form and formset classes defined in requests_app (formset_factory ones included)."""
    found = set()
    skip = ("requests_app.migrations", "requests_app.management.commands")
    for info in pkgutil.walk_packages(requests_app.__path__, "requests_app."):
        if info.name.startswith(skip):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if not inspect.isclass(obj) or not issubclass(obj, forms.BaseForm | forms.BaseFormSet):
                continue
            made_here = obj.__module__ == module.__name__
            made_by_factory = getattr(sys.modules.get(obj.__module__), obj.__name__, None) is not obj
            if made_here or (made_by_factory and obj.__module__.startswith("django.forms")):
                found.add(obj)
    return found


# --- What each form gets and what is done with what it accepts ----------------------------------------


@dataclass
class World:
    owner: Any
    case: Case
    lender: Lender


@pytest.fixture
def world(db):
    owner = UserFactory(username="fuzzed", password="the-right-password-123")
    case = CaseFactory(owner=owner)
    return World(owner=owner, case=case, lender=case.lender)


def fresh(world) -> Case:
    return Case.objects.select_related("lender").get(pk=world.case.pk)


def accepted_by_service(call) -> None:
    """Run the service on what the form accepted: it saves, or refuses by field (a message to show)."""
    try:
        call()
        event("saved by the service")
    except ValidationError as refused:
        event("refused by the service")
        assert refused.messages and all(str(m) for m in refused.messages)
    except InvalidSchedule as refused:
        event("schedule refused by the service")
        assert refused.row_errors
    except StaleCase as refused:
        event("stale")
        assert refused.message
    except BudgetRefused as refused:
        event("budget refused by the service")
        assert refused.errors and all(str(m).strip() for m in refused.errors.values())


def step_then(step):
    def then(world, form):
        case = fresh(world)
        accepted_by_service(
            lambda: case_step_save(
                case=case,
                step=step,
                cleaned_data=form.step_data(),
                expected_version=form.cleaned_data["version"],
                by=world.owner,
            )
        )

    return then


def nothing(world, form):
    pass


@dataclass
class Entry:
    build: Any  # (world, data) -> form
    valid: Any  # world -> a valid POST dict
    then: Any = nothing  # (world, valid form) -> None


def _step_entry(form_class):
    step = form_class.step
    return Entry(
        build=lambda world, data: form_class(data, case=fresh(world)),
        valid=lambda world: step_post(fresh(world), step),
        then=step_then(step),
    )


def _contact_then(world, form):
    case = fresh(world)
    accepted_by_service(lambda: contact_attempt_record(case=case, by=world.owner, **form.record_data()))


def _signup_valid(world):
    return {
        "username": "new-person",
        "email": "new@example.com",
        "password1": "a-long-enough-secret-42",
        "password2": "a-long-enough-secret-42",
        "consent": "on",
    }


def _signup_then(world, form):
    data = form.cleaned_data
    signup_request(
        username=data["username"],
        email=data["email"],
        password=data["password1"],
        next_url="",
        site_url="http://testserver",
    )


def _admin_valid(world):
    case = fresh(world)
    data = step_post(case, "lender") | step_post(case, "mode") | step_post(case, "hardship")
    data |= step_post(case, "finances") | step_post(case, "schedule") | step_post(case, "review")
    data |= {"owner": str(case.owner_id), "seen_version": str(case.version), "new_status": ""}
    data |= {"correction_note": "借款人来电更正了数字"}
    return {k: v for k, v in data.items() if k not in ("action", "version")}


def _admin_then(world, form):
    # What the admin's form accepted goes to the correction service (as admin.case_saves sends it): it is
    # saved, or refused by field with a message to show.
    values = {name: form.cleaned_data[name] for name in form.changed_data if name in CORRECTABLE}
    if values:
        accepted_by_service(
            lambda: case_admin_correct(
                case=fresh(world),
                values=values,
                payments=None,
                expected_version=form.cleaned_data.get("seen_version"),
                by=world.owner,
                note=form.cleaned_data.get("correction_note") or "",
            )
        )


def _admin_schedule_form(world, data):
    inline = inlineformset_factory(
        Case, Payment, form=ScheduleRowAdminForm, formset=ScheduleAdminFormSet, fields=["due_on", "amount"]
    )
    return inline(data, instance=fresh(world), prefix="payments")


def _admin_schedule_then(world, formset):
    # The rows the admin's schedule inline accepted go to the correction service, as admin.case_saves sends
    # them: saved, or refused by row with a message to show.
    rows = [payment for _index, payment in kept_schedule_rows(formset)]
    case = fresh(world)
    accepted_by_service(
        lambda: case_admin_correct(
            case=case,
            values={},
            payments=rows,
            expected_version=case.version,
            by=world.owner,
            note="借款人来电更正了还款计划",
        )
    )


def _evidence_form(world, data):
    photo = SimpleUploadedFile("IMG_0001.JPG", evidence_samples.jpeg(size=(8, 8)), "image/jpeg")
    return EvidenceUploadForm(data, {"photo": photo}, case=fresh(world))


def _evidence_then(world, form):
    try:
        evidence_upload(
            case=fresh(world),
            item=form.cleaned_data["item"],
            data=form.cleaned_data["upload"].read(),
            raw_name=None,
            by=world.owner,
        )
        event("saved by the service")
    except EvidenceRefused as refused:
        event("refused by the service")
        assert refused.message


def _formset_valid(world):
    today = timezone.localdate()
    return schedule_rows([{"due_on": today + dt.timedelta(days=40), "amount": "3000.00"}])


def _budget_valid(world):
    return {
        "household_size": "2",
        "income_salary": "5000.00",
        "income_notes": "工资",
        "spend_food": "900.00",
        "spend_housing": "300.00",
    }


def _budget_then(world, form):
    values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    accepted_by_service(
        lambda: budget_save(
            owner=world.owner, values=values, commitments=[], expected_version=None, by=world.owner
        )
    )


FORMS: dict[type, Entry] = {
    BudgetForm: Entry(build=lambda world, data: BudgetForm(data), valid=_budget_valid, then=_budget_then),
    CommitmentFormSet: Entry(
        build=lambda world, data: CommitmentFormSet(data, prefix="commitments"),
        valid=lambda world: {
            "commitments-TOTAL_FORMS": "1",
            "commitments-INITIAL_FORMS": "0",
            "commitments-0-kind": "car_loan",
            "commitments-0-monthly_payment": "1200.00",
        },
    ),
    CommitmentForm: Entry(
        build=lambda world, data: CommitmentForm(data),
        valid=lambda world: {"kind": "rent", "creditor": "房东", "balance": "", "monthly_payment": "1500.00"},
    ),
    LenderStepForm: _step_entry(LenderStepForm),
    ModeStepForm: _step_entry(ModeStepForm),
    HardshipStepForm: _step_entry(HardshipStepForm),
    FinancesStepForm: _step_entry(FinancesStepForm),
    ScheduleStepForm: _step_entry(ScheduleStepForm),
    ReviewStepForm: _step_entry(ReviewStepForm),
    LenderCreateForm: Entry(
        build=lambda world, data: LenderCreateForm(data),
        valid=lambda world: {k: v for k, v in step_post(fresh(world), "lender").items() if k != "version"},
        then=lambda world, form: accepted_by_service(
            lambda: case_create(owner=world.owner, cleaned_data=form.step_data())
        ),
    ),
    PaymentRowForm: Entry(
        build=lambda world, data: PaymentRowForm(data),
        valid=lambda world: {"due_on": "2030-01-10", "amount": "100.00"},
    ),
    ScheduleAdminFormSet: Entry(
        build=_admin_schedule_form,
        valid=lambda world: (
            _formset_valid(world) | {"payments-INITIAL_FORMS": "0"}
        ),  # a row added on the page
        then=_admin_schedule_then,
    ),
    PaymentFormSet: Entry(
        build=lambda world, data: PaymentFormSet(data, prefix="payments"),
        valid=_formset_valid,
    ),
    ContactForm: Entry(
        build=lambda world, data: ContactForm(data, case=fresh(world)),
        valid=lambda world: contact_post(notes="打过电话"),
        then=_contact_then,
    ),
    SignupForm: Entry(
        build=lambda world, data: SignupForm(data),
        valid=_signup_valid,
        then=_signup_then,
    ),
    AccountDeleteForm: Entry(
        build=lambda world, data: AccountDeleteForm(data, user=world.owner),
        valid=lambda world: {"password": "the-right-password-123", "confirm": "on"},
    ),
    LetterNameForm: Entry(
        build=lambda world, data: LetterNameForm(data),
        valid=lambda world: {"letter_name": "王小明"},
    ),
    CaseAdminForm: Entry(
        build=lambda world, data: CaseAdminForm(data, instance=fresh(world)),
        valid=_admin_valid,
        then=_admin_then,
    ),
    EscalationStepForm: Entry(
        build=lambda world, data: EscalationStepForm(data),
        valid=lambda world: {
            "kind": "complaint_sent",
            "occurred_on": timezone.localdate().isoformat(),
            "reference": "TS-2026-1",
            "notes": "寄了挂号信",
        },
        then=lambda world, form: accepted_by_service(
            lambda: escalation_step_record(case=fresh(world), by=world.owner, **form.cleaned_data)
        ),
    ),
    StatusActionForm: Entry(
        build=lambda world, data: StatusActionForm(data),
        valid=lambda world: {"to_status": "ready", "note": "材料齐全"},
    ),
    EvidenceUploadForm: Entry(
        build=_evidence_form, valid=lambda world: {"item": "id_card", "next": "case"}, then=_evidence_then
    ),
}


# Bases that are never shown on their own; their subclasses are fuzzed.
BASES = {CaseStepForm, BasePaymentFormSet, ScheduleRowAdminForm}


def test_every_form_of_the_project_is_fuzzed():
    assert project_forms() - set(FORMS) - BASES == set(), "forms without a fuzz entry: add them to FORMS"
    assert set(STEP_FORMS.values()) <= set(FORMS)


def test_every_valid_example_is_really_valid(world):
    # The fuzz below starts from these; if they were invalid, most examples would stop at the first field.
    for form_class, entry in FORMS.items():
        form = entry.build(world, entry.valid(world))
        assert form.is_valid(), (form_class.__name__, form.errors)


def errors_of(form) -> dict:
    if isinstance(form, forms.BaseFormSet):
        errors = {f"row {i}.{k}": v for i, row in enumerate(form.errors) for k, v in row.items()}
        if form.non_form_errors():
            errors[NON_FIELD_ERRORS] = form.non_form_errors()
        return errors
    return form.errors


def fields_of(form) -> set[str]:
    if isinstance(form, forms.BaseFormSet):
        return set()
    return set(form.fields)


def check_form(world, form_class, data):
    entry = FORMS[form_class]
    with transaction.atomic():
        form = entry.build(world, data)
        valid = form.is_valid()
        event("valid" if valid else "refused")
        if valid:
            entry.then(world, form)
        else:
            errors = errors_of(form)
            assert errors, "invalid without a message"
            for name, messages in errors.items():
                assert name == NON_FIELD_ERRORS or name in fields_of(form) or name.startswith("row ")
                assert all(isinstance(m, str) and m.strip() for m in messages)
        html = str(form)  # shown again with what was typed, never a crash
        assert html
        transaction.set_rollback(True)


def fuzz_test(form_class, extra_fields=()):
    @FUZZ
    @given(data=st.data())
    def test(world, data):
        valid = FORMS[form_class].valid(world)
        typed = data.draw(form_data({k: v for k, v in valid.items() if isinstance(v, str)}, extra_fields))
        # Multi-value fields (checkboxes) keep their valid list unless fuzzed as one value.
        for name, value in valid.items():
            if not isinstance(value, str) and name not in typed:
                typed[name] = value
        check_form(world, form_class, typed)

    test.__name__ = f"test_{form_class.__name__}_never_crashes_and_explains_every_refusal"
    return test


test_lender_step_fuzz = fuzz_test(LenderStepForm)
test_lender_create_fuzz = fuzz_test(LenderCreateForm)
test_mode_step_fuzz = fuzz_test(ModeStepForm)
test_hardship_step_fuzz = fuzz_test(HardshipStepForm, extra_fields=("evidence",))
test_finances_step_fuzz = fuzz_test(FinancesStepForm)
test_schedule_step_fuzz = fuzz_test(ScheduleStepForm)
test_review_step_fuzz = fuzz_test(ReviewStepForm)
test_payment_row_fuzz = fuzz_test(PaymentRowForm)
test_admin_schedule_fuzz = fuzz_test(
    ScheduleAdminFormSet, extra_fields=("payments-1-due_on", "payments-1-amount")
)
test_payment_formset_fuzz = fuzz_test(
    PaymentFormSet, extra_fields=("payments-1-due_on", "payments-1-amount", "payments-0-DELETE")
)
test_contact_fuzz = fuzz_test(ContactForm, extra_fields=("corrects",))
test_signup_fuzz = fuzz_test(SignupForm)
test_account_delete_fuzz = fuzz_test(AccountDeleteForm)
test_case_admin_fuzz = fuzz_test(CaseAdminForm, extra_fields=("assigned_reviewer", "status_note"))
test_status_action_fuzz = fuzz_test(StatusActionForm)
test_escalation_step_fuzz = fuzz_test(EscalationStepForm)
test_budget_fuzz = fuzz_test(BudgetForm)
test_commitment_fuzz = fuzz_test(CommitmentForm)
test_commitment_formset_fuzz = fuzz_test(CommitmentFormSet)
test_evidence_upload_fuzz = fuzz_test(EvidenceUploadForm)
