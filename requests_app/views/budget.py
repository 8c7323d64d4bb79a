"""The borrower's household budget and My debts: parse, call services.household, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ..forms.budget import BudgetForm, CommitmentFormSet
from ..models.budget import INCOME_FIELDS
from ..services.budget import REFERENCE_GROUPS, reference_checks, reference_figures
from ..services.household import BudgetRefused, StaleBudget, budget_save, household_page_data


def _commitment_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        if not data.get("monthly_payment") and data.get("balance") is None and not data.get("creditor"):
            continue  # an empty row
        rows.append(data)
    return rows


def _apply_refusal(form, formset, errors: dict) -> None:
    for key, message in errors.items():
        if key.startswith("commitments-"):
            _prefix, index, field = key.split("-", 2)
            forms = [f for f in formset.forms if getattr(f, "cleaned_data", None)]
            if int(index) < len(forms):
                forms[int(index)].add_error(field, message)
            continue
        form.add_error(key if key in form.fields else None, message)


def _groups(form, data: dict) -> list[dict]:
    """The spending fields by reference group, with the group's reference check."""
    figures = reference_figures()
    values = {}
    for group in REFERENCE_GROUPS:
        for name in group.categories:
            values[name] = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
    if not any(v is not None for v in values.values()) and data.get("budget") is not None:
        values = {name: getattr(data["budget"], name) for g in REFERENCE_GROUPS for name in g.categories}
    size = (getattr(form, "cleaned_data", {}) or {}).get("household_size") or (
        data["budget"].household_size if data.get("budget") else 1
    )
    checks = {
        c.key: c
        for c in reference_checks(values=values, household_size=size, explanations={}, figures=figures)
    }
    return [
        {
            "group": group,
            "fields": [form[name] for name in group.categories],
            "check": checks[group.key],
            "explain": form[f"explain_{group.key}"],
        }
        for group in REFERENCE_GROUPS
    ]


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request):
    """The household budget: one for all the person's cases; saving re-splits the offers."""
    data = household_page_data(owner_id=request.user.pk)
    budget = data["budget"]
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = ""
    if request.method == "POST":
        form = BudgetForm(request.POST)
        formset = CommitmentFormSet(request.POST, prefix="commitments")
        if form.is_valid() and formset.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                _budget, versions = budget_save(
                    owner=request.user,
                    values=values,
                    commitments=_commitment_rows(formset),
                    expected_version=form.cleaned_data.get("version"),
                    by=request.user,
                )
            except BudgetRefused as refused:
                _apply_refusal(form, formset, refused.errors)
            except StaleBudget as stale:
                form.add_error(None, stale.message)
            else:
                saved = _("Your budget is saved.")
                if versions:
                    saved += " " + ngettext(
                        "The offer in %(count)s plan was updated: check it before you next call.",
                        "The offers in %(count)s plans were updated: check them before you next call.",
                        len(versions),
                    ) % {"count": len(versions)}
                messages.success(request, saved)
                return redirect(next_url or "requests_app:my_debts")
    else:
        form = BudgetForm(initial=BudgetForm.initial_for(budget))
        rows = [
            {
                "kind": c.kind,
                "creditor": c.creditor,
                "balance": c.balance,
                "monthly_payment": c.monthly_payment,
            }
            for c in (budget.commitments.all() if budget else [])
        ]
        formset = CommitmentFormSet(initial=rows, prefix="commitments")
    context = {
        **data,
        "form": form,
        "formset": formset,
        "income_fields": [form[name] for name in INCOME_FIELDS],
        "groups": _groups(form, data),
        "next_url": next_url,
    }
    return render(request, "requests_app/budget/budget_form.html", context)


@login_required
def my_debts(request):
    """Every creditor the person owes: the cases and the debts paid as they are, ranked by what a day of
    waiting costs, with the monthly budget as a chart."""
    return render(request, "requests_app/budget/my_debts.html", household_page_data(owner_id=request.user.pk))
