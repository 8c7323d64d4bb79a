"""What each letter says: one builder per letter type, and `letter_document`, the one entry point."""

import datetime as dt
from dataclasses import replace

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ...models import Case, LetterType
from ..budget import case_plan
from ..contact_history import contacts_in_effect
from ..escalation import escalation_clocks
from ..formatting import day_count, long_date, money
from ..pdf import applicant_name
from ..safe_text import printable_text
from ..schedule import case_schedule
from ..versions import latest_plan_version
from .base import (
    DOCUMENT_TYPES,
    HOLD_DAYS,
    LetterDocument,
    LetterSection,
    UnknownLetterType,
    join_sentences,
    printable_document,
    resolve_language,
)
from .sentences import (
    bill_sentence,
    budget_figures,
    capacity_sentence,
    cause_sentence,
    commitment_sentence,
    complaint_status,
    complaint_steps,
    contact_reference,
    contact_timeline_rows,
    contacts_summary,
    intro_sentence,
    offer_terms,
    plan_sentence,
    reason_sentence,
    refusals_in_effect,
    request_and_plan,
    story_sentence,
)

# --- The letters ---------------------------------------------------------------------------------------------


def _hold_action(case, *, lender, today, language, **_context) -> tuple:
    until = today + dt.timedelta(days=HOLD_DAYS)
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                join_sentences(
                    [
                        intro_sentence(
                            case,
                            lender,
                            _(
                                "I am having difficulty repaying my account and I am writing before it gets worse."
                            ),
                        ),
                        bill_sentence(case),
                    ],
                    language=language,
                ),
                join_sentences(
                    [cause_sentence(case), story_sentence(case)],
                    language=language,
                ),
                _(
                    "I am preparing a full statement of my income and spending, so that I can make you an offer "
                    "I can keep to. I ask you to hold collection action, and to stop adding interest and charges, "
                    "for %(days)s, until %(date)s."
                )
                % {"days": day_count(HOLD_DAYS), "date": long_date(until)},
                _(
                    "I will send you my statement and my offer by %(date)s. Please confirm in writing whether you "
                    "agree, and contact me only, not my family, friends or employer."
                )
                % {"date": long_date(until)},
                _("Thank you for your understanding. I look forward to your reply."),
            ),
        ),
    )
    return sections, {}


def _offer(case, *, lender, today, language, **_context) -> tuple:
    terms = offer_terms(case)
    schedule = case_schedule(case)
    figures = []
    plan = case_plan(case)
    totals = plan.totals if plan else None
    if totals is not None:
        figures.append(
            _(
                "Each month my income is %(income)s and my essential living costs are %(essentials)s; my other debt "
                "payments are %(other)s."
            )
            % {
                "income": money(totals.income),
                "essentials": money(totals.essentials),
                "other": money(totals.priority),
            }
        )
    if terms.other_debt_payments:
        if terms.creditors:
            figures.append(
                _(
                    "I owe %(count)s other creditors. Each of them is offered a share of what I can pay in "
                    "proportion to what I owe them, so all my creditors are treated fairly."
                )
                % {"count": terms.creditors}
            )
        else:
            figures.append(
                _("I also repay other debts (%(amount)s a month), which are included in the figures above.")
                % {"amount": money(terms.other_debt_payments)}
            )
    if terms.token:
        title = _("Token payment offer")
        offer = (
            _(
                "After essential living costs and my other debts, nothing is left each month to repay this debt. "
                "I ask you to accept a token payment, of an amount we agree, until my situation improves."
            ),
            _("I expect things to get better by about %(date)s, and I will contact you again then.")
            % {"date": long_date(case.hardship_expected_end)}
            if case.hardship_expected_end
            else _("I will review my situation with you in three months, or sooner if it improves."),
        )
    else:
        title = _("Repayment offer")
        sentences = [plan_sentence(case)] if schedule.payments else []
        if not sentences and terms.monthly is not None:
            sentences.append(_("I can offer %(amount)s a month.") % {"amount": money(terms.monthly)})
        offer = tuple(sentences) or (
            _("I will make you an offer as soon as my statement of income and spending is complete."),
        )
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                intro_sentence(
                    case, lender, _("I am writing to offer an arrangement to repay that I can afford.")
                ),
                join_sentences([cause_sentence(case), story_sentence(case)], language=language),
                join_sentences(figures, language=language),
                join_sentences(offer, language=language),
                _(
                    "Please freeze interest and charges while I keep to this arrangement, and confirm in writing "
                    "that you accept it."
                ),
                commitment_sentence(),
            ),
        ),
    )
    return sections, {"title": title, "figures": budget_figures(case)}


def _reconsideration(case, *, lender, today, language, contacts, **_context) -> tuple:
    refusals = refusals_in_effect(contacts)
    if refusals:
        latest = refusals[-1]
        refused = join_sentences(
            [
                _("My request for help with my repayments was refused %(reference)s.")
                % {"reference": contact_reference(latest)},
                reason_sentence(latest),
            ],
            language=language,
        )
        if len(refusals) > 1:
            earlier = (
                "; ".join(contact_reference(c) for c in refusals[:-1])
                if language == Case.Language.EN
                else "；".join(contact_reference(c) for c in refusals[:-1])
            )
            refused = join_sentences(
                [refused, _("It had also been refused %(references)s.") % {"references": earlier}],
                language=language,
            )
    else:
        refused = _("I asked you for help with my repayments and have not been able to agree an arrangement.")
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                intro_sentence(case, lender, _("I am writing to ask you to reconsider your decision.")),
                refused,
                _("Every contact I have had with you about this is listed below, in date order."),
                join_sentences(
                    [cause_sentence(case), story_sentence(case), capacity_sentence(case)], language=language
                ),
                request_and_plan(case, language),
                _(
                    "Please reconsider my request in the light of my situation and reply in writing. If you still "
                    "refuse, please give me your reasons and tell me how to make a complaint."
                ),
                commitment_sentence(),
            ),
        ),
    )
    return sections, {}


def _complaint(case, *, lender, today, language, contacts, **_context) -> tuple:
    sections = (
        LetterSection(
            heading="",
            paragraphs=(
                intro_sentence(
                    case,
                    lender,
                    _(
                        "I am making a formal complaint about how my request for help with my repayments has been handled."
                    ),
                ),
                join_sentences(
                    [contacts_summary(contacts), _("The dated timeline below lists every contact.")],
                    language=language,
                ),
                join_sentences([cause_sentence(case), story_sentence(case)], language=language),
                request_and_plan(case, language),
                _(
                    "I ask you to review my request fairly, to give me the reasons in writing for any refusal, and "
                    "to give me a complaint number."
                ),
                _(
                    "Under the Measures on handling banking and insurance consumer complaints, please answer within "
                    "15 days (30 days for a complex complaint), and tell me how to ask for a review, mediation, "
                    "arbitration or court if I am not satisfied."
                ),
                _("Thank you. I look forward to your answer."),
            ),
        ),
    )
    return sections, {}


def _regulator(case, *, lender, today, language, contacts, steps, clocks, **_context) -> tuple:
    provider = case.lender.provider if case.lender else ""
    institution = f"{lender} ({provider})" if provider else lender
    regulator = LetterSection(
        heading=_(
            "For the 12378 hotline or the complaint form of the financial consumer protection platform"
        ),
        paragraphs=(
            _("Institution complained about: %(institution)s.") % {"institution": institution},
            join_sentences([_("What I asked for:"), request_and_plan(case, language)], language=language),
            join_sentences(
                [cause_sentence(case), contacts_summary(contacts, to_regulator=True)], language=language
            ),
            complaint_status(clocks, steps, today),
            _(
                "I ask the regulator to have the institution handle my complaint, reconsider my request for help "
                "with my repayments, and answer me in writing."
            ),
        ),
    )
    sections = [regulator]
    if clocks.complaint_answered:
        window = clocks.complaint_answered + dt.timedelta(days=30)
        sections.append(
            LetterSection(
                heading=_("Request for review (to the institution's higher-level office)"),
                paragraphs=(
                    _(
                        "On %(date)s I received the answer to my complaint. I am not satisfied with it and ask its "
                        "higher-level office to review it, within 30 days of the answer (by %(window)s)."
                    )
                    % {"date": long_date(clocks.complaint_answered), "window": long_date(window)},
                    _("My reasons are in the timeline below and in my complaint."),
                ),
            )
        )
    return tuple(sections), {
        "salutation": _("To the financial regulator (12378):"),
        "how_to_use": (
            _(
                "Call 12378, or use the complaint form of the financial consumer protection platform mini-program."
            ),
            _("Read or paste the text above; keep the complaint number they give you."),
            _("Record it on the case page as “complaint made to the regulator”."),
        ),
    }


def _credit_dispute(case, *, lender, today, language, contacts, **_context) -> tuple:
    account = (
        _("my account with %(lender)s ending %(hint)s")
        % {"lender": lender, "hint": printable_text(case.account_hint)}
        if case.account_hint
        else _("my account with %(lender)s") % {"lender": lender}
    )
    dispute = LetterSection(
        heading=_("Credit report dispute"),
        paragraphs=(
            _("I dispute an entry in my credit report about %(account)s.") % {"account": account},
            _(
                "I ask that the entry be marked as disputed, checked and corrected if it is wrong, and that I "
                "receive a written answer within 20 days, as article 25 of the Regulations on the credit reporting "
                "industry provides."
            ),
        ),
        blanks=(_("The entry I dispute (date, amount, status)"), _("Why it is wrong"), _("Copies attached")),
    )
    in_effect = list(reversed(contacts_in_effect(contacts)))
    statement_sentences = [
        _("I ask that this statement be added to my credit report."),
        _("My repayments on %(account)s fell behind for this reason:") % {"account": account},
        cause_sentence(case),
    ]
    if in_effect:
        statement_sentences.append(
            _("I contacted the lender %(count)s times from %(date)s to arrange repayment.")
            % {"count": len(in_effect), "date": long_date(timezone.localdate(in_effect[0].occurred_at))}
        )
    statement_sentences.append(plan_sentence(case))
    statement = LetterSection(
        heading=_("Personal statement"),
        paragraphs=(join_sentences(statement_sentences, language=language),),
    )
    return (dispute, statement), {
        "salutation": _("To the credit reference centre and %(lender)s:") % {"lender": lender},
        "how_to_use": (
            _(
                "Use the dispute if an entry is wrong; use the personal statement if it is right but you want to explain it."
            ),
            _("Fill in the lines by hand from your credit report. Deferral Desk never drafts evidence."),
            _("Record it on the case page as “credit report dispute sent”: the 20-day clock starts then."),
        ),
    }


_BUILDERS = {
    LetterType.HOLD_ACTION: _hold_action,
    LetterType.OFFER: _offer,
    LetterType.RECONSIDERATION: _reconsideration,
    LetterType.COMPLAINT: _complaint,
    LetterType.REGULATOR: _regulator,
    LetterType.CREDIT_DISPUTE: _credit_dispute,
}
#: Letters that list the contact log, oldest first.
WITH_TIMELINE = (LetterType.RECONSIDERATION, LetterType.COMPLAINT, LetterType.REGULATOR)


def letter_document(
    *,
    case: Case,
    letter_type: str,
    language: str | None = None,
    today: dt.date | None = None,
) -> LetterDocument:
    """What `letter_type` (not the deferral request: see services.pdf.plan_document) shows for `case` in
    `language` (default: the case's letter language). Reads the lender, payments, contacts, plan versions
    and escalation steps (prefetch them). Raises UnknownLetterType."""
    if letter_type not in DOCUMENT_TYPES:
        raise UnknownLetterType(letter_type)
    language = resolve_language(case, language)
    today = today or timezone.localdate()
    contacts = list(case.contacts.all()) if case.pk else []
    steps = complaint_steps(case)
    with translation.override(language):
        lender = case.lender.name if case.lender else _("your lender")
        clocks = escalation_clocks(steps=steps, today=today)
        sections, extra = _BUILDERS[letter_type](
            case, lender=lender, today=today, language=language, contacts=contacts, steps=steps, clocks=clocks
        )
        version = latest_plan_version(case)
        document = LetterDocument(
            letter_type=letter_type,
            language=language,
            title=extra.get("title", str(LetterType(letter_type).label)),
            letter_date=long_date(today),
            lender_name=lender,
            lender_provider=case.lender.provider if case.lender else "",
            applicant=applicant_name(case=case, language=language),
            account_hint=case.account_hint,
            salutation=extra.get("salutation", _("Dear %(lender)s customer service,") % {"lender": lender}),
            sections=tuple(replace(s, paragraphs=tuple(p for p in s.paragraphs if p)) for s in sections),
            figures=extra.get("figures", ()),
            timeline=contact_timeline_rows(contacts) if letter_type in WITH_TIMELINE else None,
            timeline_empty=_("No contacts recorded yet.") if letter_type in WITH_TIMELINE else "",
            plan_version=_("Plan version %(number)s") % {"number": version.number} if version else "",
            how_to_use=extra.get("how_to_use", ()),
        )
    return printable_document(document)
