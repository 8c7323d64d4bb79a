"""The step-by-step wizard: the first step (which creates the draft), each later step of the person's own
case, "work it out for me" and "finish"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms.wizard import STEP_FORMS, STEP_LABELS, LenderCreateForm, PaymentFormSet
from ..models import Case
from ..services.access import cases_editable_by
from ..services.assessment import plan_assessment
from ..services.case_list import counselor_request
from ..services.cases import (
    WIZARD_STEPS,
    CaseClosed,
    InvalidSchedule,
    StaleCase,
    case_accepts_changes,
    case_create,
    case_mark_ready,
    case_schedule_replace,
    case_step_save,
    next_step,
    previous_step,
)
from ..services.evidence import evidence_section
from ..services.finances import case_monthly_offer
from ..services.findings import has_errors
from ..services.formatting import clause_separator, long_date
from ..services.household import case_household
from ..services.lenders import lender_facts
from ..services.scams import CASE_FIELDS, case_notices, field_notices
from ..services.schedule import (
    NoScheduleFits,
    ScheduledPayment,
    case_schedule,
    default_deferral_days,
    payments_out_of_order,
    suggest_schedule_for_case,
)
from ..services.step_preview import schedule_preview
from ..services.validation import validate
from .evidence import evidence_context
from .finding_links import finding_items
from .form_errors import apply_errors


def _progress(current: str) -> list[dict]:
    index = WIZARD_STEPS.index(current)
    return [
        {
            "step": step,
            "label": STEP_LABELS[step],
            "number": number,
            "state": "current" if step == current else ("done" if number - 1 < index else "todo"),
        }
        for number, step in enumerate(WIZARD_STEPS, start=1)
    ]


def _lender_sheets(form) -> list[dict]:
    """The facts of every lender offered in the form; all but the chosen one hidden (the page script shows the
    one picked in the list, and without script the one last saved or sent stays shown)."""
    chosen = str(form["lender"].value() or "")
    return [
        {"lender": lender, "facts": lender_facts(lender), "hidden": str(lender.pk) != chosen}
        for lender in form.fields["lender"].queryset
    ]


def _wizard_context(*, case: Case | None, step: str, form, formset=None, request=None, **extra) -> dict:
    context = {
        "case": case,
        "step": step,
        "step_label": STEP_LABELS[step],
        "step_number": WIZARD_STEPS.index(step) + 1,
        "step_count": len(WIZARD_STEPS),
        "progress": _progress(step),
        "form": form,
        "formset": formset,
        "previous_step": previous_step(step),
        "next_step": next_step(step),
    }
    if step == "lender":
        context["lender_sheets"] = _lender_sheets(form)
    if case is not None and case.pk and case.status == Case.Status.NEEDS_CHANGES:
        # Inside the step being fixed: the counselor's note and the items they named here.
        request_ = counselor_request(case)
        context.update(counselor_request=request_, step_items=request_.items_in(step) if request_ else ())
    checked = [name for name in CASE_FIELDS if name in form.fields]
    if checked:
        # What the person typed (this submit) or saved (earlier), checked for the scam agencies' phrases.
        if form.is_bound:
            texts = {name: form.data.get(form.add_prefix(name), "") for name in checked}
        else:
            texts = {name: getattr(case, name, "") or "" for name in checked} if case is not None else {}
        context["scam_fields"] = field_notices(texts=texts)
    if case is not None and case.pk and step == "finances":
        context["capacity"] = case_monthly_offer(case)  # this case's share of the household budget
        context.update(case_household(case))
    elif case is not None and case.pk and step in ("schedule", "review"):
        # once per page, every figure of the plan from it (the follow-up is not shown: no contacts read)
        assessment = plan_assessment(case, contacts=())
        context.update(
            capacity=assessment.monthly_offer,
            amount_to_repay=assessment.amount_to_repay,
            deferral_charges=assessment.charges,
            deferral_end=assessment.deferral_end,
        )
        if step == "finances":
            context.update(case_household(case))
        if step == "review":
            findings = validate(case, assessment=assessment)
            context.update(
                findings=findings,
                finding_items=finding_items(case, findings),
                has_errors=has_errors(findings),
                schedule=assessment.schedule,
            )
        if step == "schedule":
            context["preview"] = schedule_preview(
                case=case,
                deferral_days=case.requested_deferral_days,
                rows=list(enumerate(assessment.schedule.payments)),
            )
    if case is not None and case.pk and step == "hardship" and request is not None:
        context.update(evidence_context(request, case, section=evidence_section(case), next_page="hardship"))
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def case_create_view(request):
    """The first step, before the case exists: saving it creates the draft."""
    if request.method == "POST":
        form = LenderCreateForm(request.POST)
        if form.is_valid():
            try:
                case = case_create(owner=request.user, cleaned_data=form.step_data())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if request.POST.get("action") == "save":
                    messages.success(request, _("Saved. You can continue any time from “My cases”."))
                    return redirect("requests_app:case_list")
                return redirect("requests_app:case_step", public_id=case.public_id, step="mode")
    else:
        form = LenderCreateForm()
    return render(
        request, "requests_app/wizard/step.html", _wizard_context(case=None, step="lender", form=form)
    )


def _target_after(action: str, step: str) -> str | None:
    """The step to show after a save: the next, the previous, or one chosen in the progress bar."""
    if action.startswith("goto:") and action[5:] in WIZARD_STEPS:
        return action[5:]
    if action == "back":
        return previous_step(step) or step
    if action in ("next", ""):
        return next_step(step) or step
    return step


def _moved_notice(moved) -> str:
    """Payments typed out of date order are saved sorted; say which rows moved (and a likely wrong year)."""
    parts = []
    for item in moved:
        if item.meant is not None:
            parts.append(
                _("row %(row)s (%(date)s: did you mean %(meant)s?)")
                % {"row": item.row, "date": long_date(item.due_on), "meant": long_date(item.meant)}
            )
        else:
            parts.append(_("row %(row)s (%(date)s)") % {"row": item.row, "date": long_date(item.due_on)})
    return _(
        "Your payments were not in date order, so we sorted them. Moved: %(rows)s. Check these dates, "
        "especially the year."
    ) % {"rows": clause_separator().join(parts)}


def _payment_rows(formset) -> tuple[list[ScheduledPayment], list[int]]:
    rows, indexes = [], []
    for index, data in formset.payments():
        rows.append(ScheduledPayment(due_on=data["due_on"], amount=data["amount"]))
        indexes.append(index)
    return rows, indexes


def _keep_input_with_version(form, formset, version: int) -> None:
    """After a refused save, show what was typed, but on the current version so saving again works."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data
    if formset is not None:
        formset.data = data


@login_required
@require_http_methods(["GET", "POST"])
def case_step(request, public_id, step):
    """One wizard step of the person's own case: show it, or save it as a draft and move on."""
    if step not in WIZARD_STEPS:
        raise Http404
    case = get_object_or_404(cases_editable_by(request.user).select_related("lender"), public_id=public_id)
    if not case_accepts_changes(case):
        messages.info(request, CaseClosed().message)
        return redirect(case)
    form_class = STEP_FORMS[step]
    formset = None
    if request.method == "GET":
        form = form_class(case=case)
        if step == "schedule":
            formset = _schedule_formset(case, extra=request.GET.get("rows") == "more")
        return render(
            request,
            "requests_app/wizard/step.html",
            _wizard_context(case=case, step=step, form=form, formset=formset, request=request),
        )

    action = request.POST.get("action", "next")
    posted, assumed_days = request.POST, None
    if step == "schedule" and action == "suggest" and not posted.get("requested_deferral_days", "").strip():
        # "Work it out for me" with the deferral left empty plans with the lender's longest known one.
        assumed_days = default_deferral_days(case, None)
        if assumed_days is not None:
            posted = posted.copy()
            posted["requested_deferral_days"] = str(assumed_days)
    form = form_class(posted, case=case)
    form.assumed_deferral_days = assumed_days
    if step == "schedule":
        formset = PaymentFormSet(posted, prefix="payments")
    form_ok = form.is_valid()
    rows_ok = formset is None or action == "suggest" or formset.is_valid()
    if form_ok and rows_ok:
        response = _save_step(request, case=case, step=step, action=action, form=form, formset=formset)
        if response is not None:
            return response
    elif formset is not None and not formset.is_valid() and formset.non_form_errors():
        form.add_error(None, formset.non_form_errors())
    return render(
        request,
        "requests_app/wizard/step.html",
        _wizard_context(case=case, step=step, form=form, formset=formset, request=request),
    )


def _schedule_formset(case: Case, *, extra: bool = False):
    initial = [{"due_on": p.due_on, "amount": p.amount} for p in case_schedule(case).payments]
    if not initial or extra:
        initial.append({})
    return PaymentFormSet(initial=initial, prefix="payments")


def _save_step(request, *, case, step, action, form, formset):
    """Save the step; return the redirect, or None to show the form again with the refusal on it."""
    data = form.step_data()
    row_indexes: list[int] = []
    assumed_days = getattr(form, "assumed_deferral_days", None)
    if formset is not None and action != "suggest":
        data["payments"], row_indexes = _payment_rows(formset)
    target = _target_after(action, step)
    try:
        saved = case_step_save(
            case=case,
            step=step,
            cleaned_data=data,
            expected_version=form.cleaned_data["version"],
            by=request.user,
            resume_at=target,
        )
    except StaleCase as stale:
        form.add_error(None, ValidationError(stale.message, code=stale.code))
        current = Case.objects.filter(pk=case.pk).values_list("version", flat=True).first()
        _keep_input_with_version(form, formset, current)
        return None
    except CaseClosed as closed:  # closed by a counselor while the page was open
        messages.info(request, closed.message)
        return redirect(case)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    except InvalidSchedule as invalid:
        for row, errors in invalid.row_errors.items():
            if row >= len(row_indexes):
                for message in errors.values():
                    form.add_error(None, message)
                continue
            row_form = formset.forms[row_indexes[row]]
            for field, message in errors.items():
                row_form.add_error(
                    field, ValidationError(message, code=invalid.row_codes.get(row, {}).get(field))
                )
        form.add_error(
            None,
            ValidationError(_("Some payments need fixing: see the rows marked below."), code=invalid.code),
        )
        return None
    case = saved.case
    moved = payments_out_of_order(data["payments"]) if "payments" in data else ()
    if moved:
        messages.warning(request, _moved_notice(moved))
    for notice in case_notices(case).values():
        # Saved as typed; the warning only informs (scam phrases never block a save).
        messages.warning(request, notice)
    if saved.back_to_draft:
        messages.warning(
            request,
            _(
                "This change leaves your plan with problems, so the case is back to draft. Fix them on the last step."
            ),
        )
    if action == "suggest":
        if assumed_days is not None:
            messages.info(
                request,
                _(
                    "You left the deferral empty, so we planned with %(lender)s's longest known deferral: "
                    "%(days)s days. Check it with your lender, or change it below."
                )
                % {"lender": case.lender.name, "days": assumed_days},
            )
        return _suggest(request, case=case, form=form, formset=formset)
    if action == "add_row":
        return redirect(
            reverse("requests_app:case_step", args=[case.public_id, step]) + "?rows=more#schedule-rows"
        )
    if action == "save":
        messages.success(request, _("Saved. You can continue any time from “My cases”."))
        return redirect("requests_app:case_list")
    if step == "review" and action == "finish":
        findings = case_mark_ready(case=case, by=request.user)
        if has_errors(findings):
            messages.error(
                request,
                _("Your plan is saved, but it still has problems. Fix the ones marked “must fix” below."),
            )
            return redirect("requests_app:case_step", public_id=case.public_id, step="review")
        messages.success(
            request, _("Your plan is ready. Use the scripts and the letter to contact your lender.")
        )
        return redirect(case)
    return redirect("requests_app:case_step", public_id=case.public_id, step=target)


def _suggest(request, *, case, form, formset):
    """Fill the schedule from the service. When nothing fits, keep the typed rows and say why."""
    try:
        schedule = suggest_schedule_for_case(case)
    except NoScheduleFits as no_fit:
        form.add_error(None, no_fit.message)
        _keep_input_with_version(form, formset, case.version)
        return None
    try:
        case_schedule_replace(
            case=case, payments=schedule.payments, expected_version=case.version, by=request.user
        )
    except StaleCase as stale:
        form.add_error(None, ValidationError(stale.message, code=stale.code))
        current = Case.objects.filter(pk=case.pk).values_list("version", flat=True).first()
        _keep_input_with_version(form, formset, current)
        return None
    except CaseClosed as closed:
        messages.info(request, closed.message)
        return redirect(case)
    messages.success(
        request,
        _(
            "We filled in a schedule that repays everything within what you can pay each month. Check it, change it if you need to, then continue."
        ),
    )
    return redirect(reverse("requests_app:case_step", args=[case.public_id, "schedule"]) + "#schedule-rows")
