from django.urls import path

from .views import (
    accounts,
    budget,
    calendar,
    cases,
    contacts,
    documents,
    evidence,
    letters,
    negotiation,
    pages,
    privacy,
    step_preview,
    wizard,
)

app_name = "requests_app"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("privacy/", accounts.PrivacyView.as_view(), name="privacy"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", wizard.case_create_view, name="case_create"),
    path("cases/<uuid:public_id>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:public_id>/sharing/", cases.case_sharing, name="case_sharing"),
    path("cases/<uuid:public_id>/edit/<slug:step>/", wizard.case_step, name="case_step"),
    path("cases/<uuid:public_id>/options/use/", negotiation.case_option_use, name="case_option_use"),
    path("cases/<uuid:public_id>/payments/record/", negotiation.payment_record_create, name="payment_record"),
    path(
        "cases/<uuid:public_id>/counter-offers/<int:offer_id>/",
        negotiation.counter_offer_decide,
        name="counter_offer_decide",
    ),
    path(
        "cases/<uuid:public_id>/edit/<slug:step>/preview/",
        step_preview.case_step_preview,
        name="case_step_preview",
    ),
    path("cases/<uuid:public_id>/contacts/new/", contacts.contact_create, name="contact_create"),
    path("cases/<uuid:public_id>/calendar.ics", calendar.case_calendar_download, name="case_calendar"),
    path(
        "cases/<uuid:public_id>/script/<slug:channel>/",
        documents.CaseScriptView.as_view(),
        name="case_script",
    ),
    path("cases/<uuid:public_id>/plan/", documents.CasePlanPreviewView.as_view(), name="case_plan_preview"),
    path("cases/<uuid:public_id>/plan.pdf", documents.CasePlanPdfView.as_view(), name="case_plan_pdf"),
    path("cases/<uuid:public_id>/letters/<slug:letter_type>/", letters.letter_preview, name="letter_preview"),
    path("cases/<uuid:public_id>/letters/<slug:letter_type>.pdf", letters.letter_pdf, name="letter_pdf"),
    path("cases/<uuid:public_id>/escalation/new/", letters.escalation_create, name="escalation_create"),
    path("budget/", budget.budget_edit, name="budget"),
    path("debts/", budget.my_debts, name="my_debts"),
    path("cases/<uuid:public_id>/evidence/", evidence.case_evidence, name="case_evidence"),
    path(
        "cases/<uuid:public_id>/evidence/<uuid:file_id>/",
        evidence.evidence_download,
        name="evidence_download",
    ),
    path(
        "cases/<uuid:public_id>/evidence/<uuid:file_id>/delete/",
        evidence.evidence_remove,
        name="evidence_delete",
    ),
    path("account/data/", privacy.AccountDataView.as_view(), name="account_data"),
    path("account/data/export.json", privacy.AccountExportView.as_view(), name="account_export"),
    path("account/data/export.zip", privacy.AccountExportZipView.as_view(), name="account_export_zip"),
    path("account/delete/", privacy.AccountDeleteView.as_view(), name="account_delete"),
    path("account/reminders/", privacy.ReminderSettingView.as_view(), name="reminder_setting"),
    path(
        "reminders/unsubscribe/<uuid:token>/",
        privacy.ReminderUnsubscribeView.as_view(),
        name="reminders_unsubscribe",
    ),
]
