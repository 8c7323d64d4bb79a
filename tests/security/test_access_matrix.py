"""Who may open what: every URL of the project × every role, with the answer each one must get.

Roles: anonymous, the owner of the case, another borrower, a reviewer (staff in the Reviewer group) and a
superuser. Another person's case is 404 — never 403, never 200 — for borrowers; reviewers read a case
(page, scripts, letter, calendar) but never edit it or log a contact as if they were the borrower. The
admin is for staff only, and each staff member gets exactly the pages their permissions allow.

`test_every_url_of_the_project_is_in_the_matrix` walks the URL resolver: a URL added without a row here
fails the suite until someone decides who may open it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from requests_app.models import (
    Budget,
    Case,
    ContactAttempt,
    CounterOffer,
    EvidenceFile,
    ExportJob,
    Lender,
    LenderChannel,
    LenderProgramme,
    Payment,
    PlanVersion,
    ReferenceFigure,
    ReminderSubscription,
    ReviewNote,
    StatusChange,
    TaskFailure,
)
from requests_app.services.evidence import evidence_upload
from requests_app.services.review import REVIEWER_GROUP
from requests_app.services.versions import plan_version_record
from tests import evidence_samples
from tests.factories import (
    CaseFactory,
    ContactAttemptFactory,
    LenderChannelFactory,
    PaymentFactory,
    ReviewNoteFactory,
    UserFactory,
    admin_login,
)

pytestmark = pytest.mark.django_db

ANON, OWNER, OTHER, REVIEWER, SUPERUSER = "anonymous", "owner", "other borrower", "reviewer", "superuser"
ROLES = (ANON, OWNER, OTHER, REVIEWER, SUPERUSER)
BORROWERS = (OWNER, OTHER)

# Expected answers besides plain status codes.
LOGIN = "302 → log-in page"
ADMIN_LOGIN = "302 → admin log-in page"
REDIRECT = "302 anywhere"


def answer(response) -> str | int:
    """What a response amounts to, in the terms of the matrix."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
        return REDIRECT
    return response.status_code


def expected_matches(expected, got) -> bool:
    return got == expected or (expected == REDIRECT and got in (REDIRECT, LOGIN, ADMIN_LOGIN))


def everyone(expected) -> dict:
    return dict.fromkeys(ROLES, expected)


PUBLIC = everyone(200)
SIGNED_IN = {ANON: LOGIN, OWNER: 200, OTHER: 200, REVIEWER: 200, SUPERUSER: 200}
SIGNED_OUT_ONLY = {ANON: 200, OWNER: REDIRECT, OTHER: REDIRECT, REVIEWER: REDIRECT, SUPERUSER: REDIRECT}
# The borrower's own pages for changing a case: nobody else, whatever their rights in the admin.
OWNER_ONLY = {ANON: LOGIN, OWNER: 200, OTHER: 404, REVIEWER: 404, SUPERUSER: 404}
# Reading a case: the owner, and counselors (read-only).
OWNER_OR_STAFF = {ANON: LOGIN, OWNER: 200, OTHER: 404, REVIEWER: 200, SUPERUSER: 200}
STAFF_ONLY = {ANON: ADMIN_LOGIN, OWNER: ADMIN_LOGIN, OTHER: ADMIN_LOGIN, REVIEWER: 200, SUPERUSER: 200}


@dataclass
class Row:
    """How to reach one URL pattern and what each role must get. `post` lists the roles whose POST is
    checked too; a POST that must be refused must also leave every table as it was."""

    url: Callable[[SimpleNamespace], str]
    get: dict
    post: dict = field(default_factory=dict)
    post_data: Callable[[SimpleNamespace], dict] = lambda world: {}


# --- The world the matrix runs in ----------------------------------------------------------------


@pytest.fixture
def world(db):
    owner = UserFactory(username="owner")
    other = UserFactory(username="other-borrower")
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    # Shared with the counselors ("Ask a counselor"): what counselors may read is decided on this case;
    # `unshared` is the same person's other case, which counselors must not see at all.
    case = CaseFactory(
        owner=owner, shared=True, hardship_narrative="工厂停工，三个月没有工资，正在找新工作。"
    )
    unshared = CaseFactory(owner=owner, hardship_narrative="没有分享给顾问的案子。")
    PaymentFactory(case=unshared, due_on=today_plus(40), amount=Decimal("777.00"))
    unshared_version = plan_version_record(case=unshared, by=owner)
    unshared_contact = ContactAttemptFactory(
        case=unshared,
        plan_version=unshared_version,
        recorded_by=owner,
        agent_id="UNSHARED7",
        ticket_number="T-UNSHARED",
    )
    channel = LenderChannelFactory(lender=case.lender)
    today = timezone.localdate()
    payment = PaymentFactory(case=case, due_on=today + dt.timedelta(days=40), amount=Decimal("1500.00"))
    PaymentFactory(case=case, due_on=today + dt.timedelta(days=71), amount=Decimal("1500.00"))
    version = plan_version_record(case=case, by=owner)
    contact = ContactAttemptFactory(case=case, plan_version=version, recorded_by=owner)
    note = ReviewNoteFactory(case=case, author=reviewer)
    status_change = StatusChange.objects.create(case=case, from_status="draft", to_status="ready")
    evidence = evidence_upload(
        case=case, item="id_card", data=evidence_samples.jpeg(size=(8, 8)), raw_name=None, by=owner
    )
    return SimpleNamespace(
        evidence=evidence,
        users={ANON: None, OWNER: owner, OTHER: other, REVIEWER: reviewer, SUPERUSER: superuser},
        clients={},
        owner=owner,
        case=case,
        unshared=unshared,
        unshared_records={
            PlanVersion: unshared_version,
            ContactAttempt: unshared_contact,
            Payment: unshared.payments.get(),
        },
        lender=case.lender,
        channel=channel,
        programme=LenderProgramme.objects.filter(lender__slug="huabei").first(),
        counter_offer=CounterOffer.objects.create(
            contact=contact,
            case=case,
            periods=6,
            monthly_amount=Decimal("520.00"),
            first_payment_on=today + dt.timedelta(days=40),
        ),
        payment=payment,
        version=version,
        contact=contact,
        note=note,
        status_change=status_change,
        history_id=case.history.latest().history_id,
        group=Group.objects.get(name=REVIEWER_GROUP),
        attempt=AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1),
        access_log=AccessLog.objects.create(username="x", ip_address="127.0.0.1"),
        failure_log=AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1"),
        task_failure=TaskFailure.objects.create(task_name="x", arguments={}, error="E", attempts=3),
        export=_export_of(reviewer, case),
        reminders=ReminderSubscription.objects.create(user=owner, active=True),
        reference_figure=ReferenceFigure.objects.get(line="food"),
    )


def _export_of(user, case) -> ExportJob:
    """A finished export the reviewer asked for (its file in the test storage)."""
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CSV, requested_by=user, case_ids=[case.pk], total=1, done=1, status="done"
    )
    job.file.save(f"{job.public_id.hex}/cases.csv", ContentFile(b"\xef\xbb\xbfid\n"), save=True)
    return job


def today_plus(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def case_url(name, *args):
    return lambda w: reverse(f"requests_app:{name}", args=[w.case.public_id, *args])


def wizard_post(w) -> dict:
    return {
        "version": str(w.case.version),
        "offer_override": "9999.00",
        "offer_override_reason": "matrix-reason",
        "action": "next",
    }


EMPTY_COMMITMENTS = {
    "commitments-TOTAL_FORMS": "0",
    "commitments-INITIAL_FORMS": "0",
    "commitments-MIN_NUM_FORMS": "0",
    "commitments-MAX_NUM_FORMS": "20",
}


def contact_post(w) -> dict:
    return {
        "idempotency_key": "5f0c5b7e-2d1c-4a4b-9a53-4a0b1d7e9c11",
        "channel": "phone",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "outcome": "pending",
        "notes": "matrix-contact",
    }


def _reset_link(w) -> str:
    return reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"})


# The site's own URLs, by route pattern.
SITE: dict[str, Row] = {
    "i18n/setlang/": Row(
        lambda w: reverse("set_language"),
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
        post_data=lambda w: {"language": "en", "next": "/"},
    ),
    "accounts/signup/": Row(lambda w: reverse("signup"), get=SIGNED_OUT_ONLY),
    # An unknown (or used, or expired) confirmation link: 410 "this link no longer works".
    "accounts/signup/confirm/<str:token>/": Row(
        lambda w: reverse("signup_confirm", args=["no-such-token"]), get={**SIGNED_OUT_ONLY, ANON: 410}
    ),
    "accounts/login/": Row(lambda w: reverse("login"), get=PUBLIC),
    "accounts/logout/": Row(lambda w: reverse("logout"), get=everyone(405), post=everyone(REDIRECT)),
    "accounts/password_change/": Row(lambda w: reverse("password_change"), get=SIGNED_IN),
    "accounts/password_change/done/": Row(lambda w: reverse("password_change_done"), get=SIGNED_IN),
    "accounts/password_reset/": Row(lambda w: reverse("password_reset"), get=PUBLIC),
    "accounts/password_reset/done/": Row(lambda w: reverse("password_reset_done"), get=PUBLIC),
    "accounts/reset/<uidb64>/<token>/": Row(_reset_link, get=PUBLIC),
    "accounts/reset/done/": Row(lambda w: reverse("password_reset_complete"), get=PUBLIC),
    "": Row(lambda w: reverse("requests_app:home"), get=PUBLIC),
    "privacy/": Row(lambda w: reverse("requests_app:privacy"), get=PUBLIC),
    "cases/": Row(lambda w: reverse("requests_app:case_list"), get=SIGNED_IN),
    "cases/new/": Row(
        lambda w: reverse("requests_app:case_create"),
        get=SIGNED_IN,
        post={ANON: LOGIN},
        post_data=lambda w: {"lender": str(w.lender.pk), "amount_due": "100", "due_date": "2030-01-01"},
    ),
    "cases/<uuid:public_id>/": Row(case_url("case_detail"), get=OWNER_OR_STAFF),
    # The owner's consent to show the case to counselors: theirs alone to give or withdraw.
    "cases/<uuid:public_id>/sharing/": Row(
        case_url("case_sharing"),
        get={ANON: LOGIN, OWNER: 405, OTHER: 405, REVIEWER: 405, SUPERUSER: 405},
        post={ANON: LOGIN, OWNER: REDIRECT, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {"shared": "1"},
    ),
    "cases/<uuid:public_id>/edit/<slug:step>/": Row(
        case_url("case_step", "finances"),
        get=OWNER_ONLY,
        post={ANON: LOGIN, OWNER: REDIRECT, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=wizard_post,
    ),
    # The wizard's live figures: computed for the owner only, nothing saved (GET is not allowed).
    "cases/<uuid:public_id>/edit/<slug:step>/preview/": Row(
        case_url("case_step_preview", "schedule"),
        get={ANON: LOGIN, OWNER: 405, OTHER: 405, REVIEWER: 405, SUPERUSER: 405},
        post={ANON: LOGIN, OWNER: 200, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {
            "requested_deferral_days": "30",
            "payments-TOTAL_FORMS": "0",
            "payments-INITIAL_FORMS": "0",
        },
    ),
    "cases/<uuid:public_id>/contacts/new/": Row(
        case_url("contact_create"),
        get=OWNER_ONLY,
        post={ANON: LOGIN, OWNER: REDIRECT, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=contact_post,
    ),
    "cases/<uuid:public_id>/options/use/": Row(
        case_url("case_option_use"),
        get={ANON: LOGIN, OWNER: 405, OTHER: 405, REVIEWER: 405, SUPERUSER: 405},
        post={ANON: LOGIN, OWNER: REDIRECT, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {"option": "custom", "version": str(w.case.version)},
    ),
    "cases/<uuid:public_id>/payments/record/": Row(
        case_url("payment_record"),
        get={ANON: LOGIN, OWNER: 405, OTHER: 405, REVIEWER: 405, SUPERUSER: 405},
        post={ANON: LOGIN, OWNER: REDIRECT, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {
            "page_key": "5f0c5b7e-2d1c-4a4b-9a53-4a0b1d7e9c12",
            "due_on": w.payment.due_on.isoformat(),
            "result": "paid",
        },
    ),
    "cases/<uuid:public_id>/counter-offers/<int:offer_id>/": Row(
        lambda w: reverse("requests_app:counter_offer_decide", args=[w.case.public_id, w.counter_offer.pk]),
        get={ANON: LOGIN, OWNER: 405, OTHER: 405, REVIEWER: 405, SUPERUSER: 405},
        post={ANON: LOGIN, OWNER: REDIRECT, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {"action": "decline", "version": str(w.case.version)},
    ),
    "cases/<uuid:public_id>/calendar.ics": Row(case_url("case_calendar"), get=OWNER_OR_STAFF),
    "cases/<uuid:public_id>/script/<slug:channel>/": Row(
        case_url("case_script", "phone"), get=OWNER_OR_STAFF
    ),
    "cases/<uuid:public_id>/plan/": Row(case_url("case_plan_preview"), get=OWNER_OR_STAFF),
    "cases/<uuid:public_id>/plan.pdf": Row(case_url("case_plan_pdf"), get=OWNER_OR_STAFF),
    "cases/<uuid:public_id>/letters/<slug:letter_type>/": Row(
        case_url("letter_preview", "complaint"), get=OWNER_OR_STAFF
    ),
    "cases/<uuid:public_id>/letters/<slug:letter_type>.pdf": Row(
        case_url("letter_pdf", "complaint"), get=OWNER_OR_STAFF
    ),
    "cases/<uuid:public_id>/escalation/new/": Row(
        case_url("escalation_create"),
        get=OWNER_ONLY,
        post={ANON: LOGIN, OWNER: REDIRECT, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {
            "kind": "complaint_sent",
            "occurred_on": (timezone.localdate() - dt.timedelta(days=10)).isoformat(),
            "reference": "TS-1",
        },
    ),
    # The budget and My debts are always the signed-in person's own: nobody reaches another's.
    "budget/": Row(
        lambda w: reverse("requests_app:budget"),
        get=SIGNED_IN,
        post={ANON: LOGIN, OWNER: REDIRECT},
        post_data=lambda w: {"household_size": "2", "income_salary": "5000", **EMPTY_COMMITMENTS},
    ),
    "debts/": Row(lambda w: reverse("requests_app:my_debts"), get=SIGNED_IN),
    "cases/<uuid:public_id>/evidence/": Row(
        case_url("case_evidence"),
        get=OWNER_OR_STAFF,
        # The owner's POST without a file is shown the form again with the message (200).
        post={ANON: LOGIN, OWNER: 200, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {"item": "id_card", "next": "case"},
    ),
    "cases/<uuid:public_id>/evidence/<uuid:file_id>/": Row(
        lambda w: reverse("requests_app:evidence_download", args=[w.case.public_id, w.evidence.public_id]),
        get=OWNER_OR_STAFF,
    ),
    "cases/<uuid:public_id>/evidence/<uuid:file_id>/delete/": Row(
        lambda w: reverse("requests_app:evidence_delete", args=[w.case.public_id, w.evidence.public_id]),
        get={ANON: LOGIN, OWNER: 405, OTHER: 405, REVIEWER: 405, SUPERUSER: 405},
        post={ANON: LOGIN, OTHER: 404, REVIEWER: 404, SUPERUSER: 404},
        post_data=lambda w: {"next": "case"},
    ),
    "account/data/": Row(lambda w: reverse("requests_app:account_data"), get=SIGNED_IN),
    # Reminders: the setting is a POST of the signed-in person; the unsubscribe link needs no log-in and
    # answers only for a real token (a button; only its POST changes anything).
    "account/reminders/": Row(
        lambda w: reverse("requests_app:reminder_setting"),
        get={ANON: LOGIN, OWNER: 405, OTHER: 405, REVIEWER: 405, SUPERUSER: 405},
    ),
    "reminders/unsubscribe/<uuid:token>/": Row(
        lambda w: reverse("requests_app:reminders_unsubscribe", args=[w.reminders.token]), get=everyone(200)
    ),
    "account/data/export.json": Row(lambda w: reverse("requests_app:account_export"), get=SIGNED_IN),
    "account/data/export.zip": Row(lambda w: reverse("requests_app:account_export_zip"), get=SIGNED_IN),
    "account/delete/": Row(
        lambda w: reverse("requests_app:account_delete"),
        get=SIGNED_IN,
        post={ANON: LOGIN},
        post_data=lambda w: {"password": "correct-horse-battery-staple", "confirm": "on"},
    ),
}


# --- The admin ------------------------------------------------------------------------------------

NON_STAFF_ADMIN = {ANON: ADMIN_LOGIN, OWNER: ADMIN_LOGIN, OTHER: ADMIN_LOGIN}

# What each staff role may open for each registered model: the pages answering 200 (the others 403).
# The reviewer's rights come from the Reviewer group (view the case and its records, change a case's
# status and assignment, add review notes); history rows are never added or deleted by anyone here.
EVERYTHING = {"changelist", "add", "change", "delete", "history"}
READ = {"changelist", "change", "history"}
ADMIN_PAGES: dict[type, dict[str, set[str]]] = {
    Case: {REVIEWER: READ, SUPERUSER: EVERYTHING},
    # Schedule lines change only on the case page, which records a plan version.
    Payment: {REVIEWER: READ, SUPERUSER: READ},
    PlanVersion: {REVIEWER: READ, SUPERUSER: READ},
    ContactAttempt: {REVIEWER: READ, SUPERUSER: READ},
    StatusChange: {REVIEWER: READ, SUPERUSER: READ},
    ReviewNote: {REVIEWER: READ | {"add"}, SUPERUSER: EVERYTHING},
    Lender: {REVIEWER: READ, SUPERUSER: EVERYTHING},
    LenderChannel: {REVIEWER: READ, SUPERUSER: EVERYTHING},
    LenderProgramme: {REVIEWER: READ, SUPERUSER: EVERYTHING},
    get_user_model(): {REVIEWER: set(), SUPERUSER: EVERYTHING},
    Group: {REVIEWER: set(), SUPERUSER: EVERYTHING},
    AccessAttempt: {REVIEWER: set(), SUPERUSER: EVERYTHING - {"add"}},
    AccessLog: {REVIEWER: set(), SUPERUSER: EVERYTHING - {"add"}},
    AccessFailureLog: {REVIEWER: set(), SUPERUSER: EVERYTHING - {"add"}},
    # Failed background jobs: reported to administrators, written only by the worker.
    TaskFailure: {REVIEWER: set(), SUPERUSER: EVERYTHING - {"add"}},
    # National reference figures: administrators keep them true; counselors see them on each household.
    ReferenceFigure: {REVIEWER: set(), SUPERUSER: EVERYTHING},
}

INSTANCE = {
    Case: "case",
    Payment: "payment",
    PlanVersion: "version",
    ContactAttempt: "contact",
    StatusChange: "status_change",
    ReviewNote: "note",
    Lender: "lender",
    LenderChannel: "channel",
    LenderProgramme: "programme",
    get_user_model(): "owner",
    Group: "group",
    AccessAttempt: "attempt",
    AccessLog: "access_log",
    AccessFailureLog: "failure_log",
    TaskFailure: "task_failure",
    ReferenceFigure: "reference_figure",
}


def _admin_page(model, page, expected_staff) -> Row:
    info = (model._meta.app_label, model._meta.model_name)

    def url(w):
        if page in ("changelist", "add"):
            return reverse(f"admin:{info[0]}_{info[1]}_{page}")
        pk = getattr(w, INSTANCE[model]).pk
        if page == "redirect":
            return reverse(f"admin:{info[0]}_{info[1]}_change", args=[pk]).removesuffix("change/")
        return reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[pk])

    row = Row(url, get={**NON_STAFF_ADMIN, **expected_staff})
    if page == "delete":
        # Nobody but a superuser deletes anything; a refused POST deletes nothing.
        row.post = {**NON_STAFF_ADMIN, REVIEWER: expected_staff[REVIEWER]}
        row.post_data = lambda w: {"post": "yes"}
    return row


def admin_rows() -> dict[str, Row]:
    rows = {}
    for model in admin.site._registry:
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        rights = ADMIN_PAGES[model]
        for page, route in [
            ("changelist", ""),
            ("add", "add/"),
            ("history", "<path:object_id>/history/"),
            ("delete", "<path:object_id>/delete/"),
            ("change", "<path:object_id>/change/"),
        ]:
            staff = {role: 200 if page in rights[role] else 403 for role in (REVIEWER, SUPERUSER)}
            rows[prefix + route] = _admin_page(model, page, staff)
        # <id>/ sends staff on to <id>/change/ (whether or not they may open it).
        rows[prefix + "<path:object_id>/"] = _admin_page(
            model, "redirect", {REVIEWER: REDIRECT, SUPERUSER: REDIRECT}
        )
    return rows


def _case_history_version(w) -> str:
    return reverse("admin:requests_app_case_simple_history", args=[w.case.pk, w.history_id])


def _view_on_site(w) -> str:
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Case).pk, w.case.pk])


ADMIN_SITE: dict[str, Row] = {
    "admin/": Row(lambda w: reverse("admin:index"), get=STAFF_ONLY),
    # Anyone may see the admin's log-in form; signed-in borrowers are told it is for staff.
    "admin/login/": Row(
        lambda w: reverse("admin:login"), get={**PUBLIC, REVIEWER: REDIRECT, SUPERUSER: REDIRECT}
    ),
    # Log-out is a POST; a GET from staff is refused, anyone else is sent back to the admin's front door.
    "admin/logout/": Row(
        lambda w: reverse("admin:logout"),
        get={ANON: REDIRECT, OWNER: REDIRECT, OTHER: REDIRECT, REVIEWER: 405, SUPERUSER: 405},
    ),
    "admin/password_change/": Row(lambda w: reverse("admin:password_change"), get=STAFF_ONLY),
    "admin/password_change/done/": Row(lambda w: reverse("admin:password_change_done"), get=STAFF_ONLY),
    "admin/autocomplete/": Row(
        lambda w: reverse("admin:autocomplete"), get={**NON_STAFF_ADMIN, REVIEWER: 403, SUPERUSER: 403}
    ),
    "admin/jsi18n/": Row(lambda w: reverse("admin:jsi18n"), get=STAFF_ONLY),
    # The "view on site" shortcut would map a case's number to its unguessable address: off for cases.
    "admin/r/<path:content_type_id>/<path:object_id>/": Row(
        _view_on_site, get={**NON_STAFF_ADMIN, REVIEWER: 404, SUPERUSER: 404}
    ),
    # A counselor's exports: their own list; the download only of their own file (404 for anyone else).
    "admin/requests_app/case/exports/": Row(
        lambda w: reverse("admin:requests_app_case_exports"), get=STAFF_ONLY
    ),
    "admin/requests_app/case/exports/<uuid:public_id>/download/": Row(
        lambda w: reverse("admin:requests_app_case_export_download", args=[w.export.public_id]),
        get={**NON_STAFF_ADMIN, REVIEWER: 200, SUPERUSER: 404},
    ),
    "admin/auth/user/<id>/password/": Row(
        lambda w: reverse("admin:auth_user_password_change", args=[w.owner.pk]),
        get={**NON_STAFF_ADMIN, REVIEWER: 403, SUPERUSER: 200},
    ),
    "admin/requests_app/case/^([^/]+)/history/([^/]+)/$": Row(_case_history_version, get=STAFF_ONLY),
    "admin/^(?P<app_label>auth|axes|requests_app)/$": Row(
        lambda w: reverse("admin:app_list", args=["requests_app"]), get=STAFF_ONLY
    ),
    "admin/(?P<url>.*)$": Row(
        lambda w: reverse("admin:index") + "no-such-page/",
        get={**NON_STAFF_ADMIN, REVIEWER: 404, SUPERUSER: 404},
    ),
}


def matrix() -> dict[str, Row]:
    return {**SITE, **ADMIN_SITE, **admin_rows()}


# --- The checks -------------------------------------------------------------------------------------


def url_patterns(patterns=None, prefix=""):
    """Every URL pattern of the project as its full route (the resolver's own text, prefixes joined)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_url_of_the_project_is_in_the_matrix():
    routes = set(url_patterns())
    rows = set(matrix())
    assert sorted(routes - rows) == [], "URLs nobody has decided access for: add them to the matrix"
    assert sorted(rows - routes) == [], "rows for URLs that no longer exist"


def client_for(world, role) -> Client:
    """The role's browser, signed in afresh (an earlier request may have logged it out)."""
    client = world.clients.setdefault(role, Client())
    if world.users[role] is None:
        client.logout()
    elif role in (REVIEWER, SUPERUSER):
        admin_login(client, world.users[role])
    else:
        client.force_login(world.users[role])
    return client


def database_state(world) -> dict:
    """Everything a refused request must leave as it was."""
    case = Case.objects.get(pk=world.case.pk)
    models = (
        Case,
        Payment,
        PlanVersion,
        ContactAttempt,
        ReviewNote,
        StatusChange,
        Lender,
        LenderChannel,
        EvidenceFile,
    )
    return {
        "case": (
            case.version,
            case.offer_override,
            case.status,
            case.updated_at,
            case.wizard_step,
            case.shared_at,
        ),
        "budgets": list(Budget.objects.values_list("owner_id", "version", "income_salary")),
        "counts": {model.__name__: model.objects.count() for model in models},
        "users": get_user_model().objects.count(),
        "payments": list(Payment.objects.filter(case=case).values_list("due_on", "amount")),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_answer_the_matrix_gives_for_every_url(world, role):
    wrong = []
    for route, row in matrix().items():
        url = row.url(world)
        got = answer(client_for(world, role).get(url))
        if not expected_matches(row.get[role], got):
            wrong.append(f"GET {url} ({route}): expected {row.get[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_a_refused_post_changes_nothing(world, role):
    wrong = []
    for route, row in matrix().items():
        expected = row.post.get(role)
        if expected is None or expected in (REDIRECT, 200):
            continue  # an accepted POST: its effect is tested with its view
        url = row.url(world)
        before = database_state(world)
        got = answer(client_for(world, role).post(url, row.post_data(world)))
        if not expected_matches(expected, got):
            wrong.append(f"POST {url} ({route}): expected {expected}, got {got}")
        if database_state(world) != before:
            wrong.append(f"POST {url} ({route}) as {role} changed the database")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_an_accepted_post_answers_as_the_matrix_says(world, role):
    wrong = []
    for route, row in matrix().items():
        expected = row.post.get(role)
        if expected not in (REDIRECT, 200):
            continue
        url = row.url(world)
        world.case.refresh_from_db()
        got = answer(client_for(world, role).post(url, row.post_data(world)))
        if not expected_matches(expected, got):
            wrong.append(f"POST {url} ({route}): expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [OTHER, REVIEWER, SUPERUSER])
@pytest.mark.parametrize("step", ["lender", "mode", "hardship", "finances", "schedule", "review"])
def test_nobody_but_the_owner_can_save_any_wizard_step(world, role, step):
    before = database_state(world)
    response = client_for(world, role).post(
        reverse("requests_app:case_step", args=[world.case.public_id, step]), wizard_post(world)
    )
    assert response.status_code == 404
    assert database_state(world) == before


def test_the_owner_saving_a_step_and_logging_a_contact_really_changes_the_case(world):
    client = client_for(world, OWNER)
    client.post(case_url("case_step", "finances")(world), wizard_post(world))
    client.post(case_url("contact_create")(world), contact_post(world))
    world.case.refresh_from_db()
    assert world.case.offer_override == Decimal("9999.00")
    assert world.case.contacts.filter(notes="matrix-contact").count() == 1


@pytest.mark.parametrize("role", [OWNER, OTHER, REVIEWER, SUPERUSER])
def test_a_case_that_does_not_exist_is_404_for_everyone(world, role):
    missing = "00000000-0000-4000-8000-000000000000"
    for name in ("case_detail", "case_calendar", "contact_create", "case_plan_preview", "case_plan_pdf"):
        url = reverse(f"requests_app:{name}", args=[missing])
        assert client_for(world, role).get(url).status_code == 404, url


@pytest.mark.parametrize("channel", ["phone", "chat", "social"])
def test_every_script_channel_is_the_owners_and_staffs_only(world, channel):
    url = case_url("case_script", channel)(world)
    answers = {role: answer(client_for(world, role).get(url)) for role in ROLES}
    assert answers == OWNER_OR_STAFF


def test_an_unknown_script_channel_is_404_even_for_the_owner(world):
    assert client_for(world, OWNER).get(case_url("case_script", "fax")(world)).status_code == 404


def test_another_borrowers_404_says_nothing_about_the_case(world):
    response = client_for(world, OTHER).get(case_url("case_detail")(world))
    body = response.content.decode()
    assert response.status_code == 404
    for secret in (world.case.hardship_narrative, "1500.00", world.lender.name_zh, world.owner.username):
        assert secret not in body


# --- A case its owner does not share ------------------------------------------------------------------

# Every page of a case a counselor could otherwise open, by name.
CASE_PAGES = [
    ("case_detail", []),
    ("case_calendar", []),
    ("case_script", ["phone"]),
    ("case_script", ["chat"]),
    ("case_script", ["social"]),
    ("case_plan_preview", []),
    ("case_plan_pdf", []),
]


@pytest.mark.parametrize("role", [REVIEWER, SUPERUSER])
def test_an_unshared_case_is_404_for_counselors_on_every_page(world, role):
    client = client_for(world, role)
    for name, args in CASE_PAGES:
        shared = reverse(f"requests_app:{name}", args=[world.case.public_id, *args])
        unshared = reverse(f"requests_app:{name}", args=[world.unshared.public_id, *args])
        assert client.get(shared).status_code == 200, shared
        response = client.get(unshared)
        assert response.status_code == 404, unshared
        assert "没有分享给顾问的案子" not in response.content.decode()


@pytest.mark.parametrize("role", [REVIEWER, SUPERUSER])
def test_an_unshared_case_and_its_records_are_absent_from_the_admin(world, role):
    client = client_for(world, role)
    changelist = reverse("admin:requests_app_case_changelist")
    shared_row = reverse("admin:requests_app_case_change", args=[world.case.pk])
    unshared_row = reverse("admin:requests_app_case_change", args=[world.unshared.pk])
    page = client.get(changelist).content.decode()
    assert shared_row in page and unshared_row not in page
    # Search finds it neither by number, nor by its owner, nor by a contact's agent id or ticket.
    for term in (world.unshared.public_id.hex, world.owner.username, "UNSHARED7", "T-UNSHARED"):
        assert unshared_row not in client.get(changelist, {"q": term}).content.decode(), term
    assert shared_row in client.get(changelist, {"q": world.owner.username}).content.decode()
    change = client.get(reverse("admin:requests_app_case_change", args=[world.unshared.pk]))
    assert answer(change) == REDIRECT and "没有分享给顾问的案子" not in change.content.decode()
    history = client.get(reverse("admin:requests_app_case_history", args=[world.unshared.pk]))
    assert history.status_code == 404
    version = world.unshared.history.latest().history_id
    past = reverse("admin:requests_app_case_simple_history", args=[world.unshared.pk, version])
    assert client.get(past).status_code == 404
    for model, record in world.unshared_records.items():
        info = (model._meta.app_label, model._meta.model_name)
        listing = client.get(reverse(f"admin:{info[0]}_{info[1]}_changelist")).content.decode()
        assert f"/{record.pk}/change/" not in listing, model.__name__
        assert answer(client.get(reverse(f"admin:{info[0]}_{info[1]}_change", args=[record.pk]))) == REDIRECT


def test_withdrawing_the_share_hides_the_case_again(world):
    owner = client_for(world, OWNER)
    sharing = reverse("requests_app:case_sharing", args=[world.unshared.public_id])
    url = reverse("requests_app:case_detail", args=[world.unshared.public_id])
    assert owner.post(sharing, {"shared": "1"}).status_code == 302
    assert client_for(world, REVIEWER).get(url).status_code == 200
    assert owner.post(sharing, {"shared": "0"}).status_code == 302
    assert client_for(world, REVIEWER).get(url).status_code == 404
