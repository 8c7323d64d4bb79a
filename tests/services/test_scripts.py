import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from django.utils import timezone, translation

from requests_app.models import AccountProfile, Budget, Case, ContactAttempt, Lender
from requests_app.services import scripts
from requests_app.services.finances import case_monthly_offer
from requests_app.services.formatting import long_date, money
from requests_app.services.versions import latest_plan_version, plan_version_record
from tests.factories import CaseFactory, ContactAttemptFactory, LenderFactory, PaymentFactory, UserFactory
from tests.wording import words

LANGUAGES = ("zh-hans", "en")


def today():
    return timezone.localdate()


def add_payments(case, amounts, *, start=None):
    start = start or case.due_date + dt.timedelta(days=case.requested_deferral_days or 30)
    for index, amount in enumerate(amounts):
        PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * index), amount=Decimal(amount))


@pytest.fixture
def huabei(db):
    return Lender.objects.get(slug="huabei")


@pytest.fixture
def planned_case(huabei):
    case = CaseFactory(lender=huabei, amount_due=Decimal("3000.00"))
    add_payments(case, ["1000.00", "1000.00", "1045.00"])
    return case


# --- Structure, per channel and language -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", scripts.CHANNELS)
def test_every_channel_has_its_sections_in_conversation_order(planned_case, channel, language):
    script = scripts.build_script(case=planned_case, channel=channel, language=language)

    keys = [section.key for section in script.sections]
    assert keys == sorted(keys, key=scripts.SECTION_KEYS.index)
    assert keys[:2] == [scripts.PREPARE, scripts.HOW_TO_REACH] and keys[-1] == scripts.RECORD
    expected = {
        "phone": {
            "opening",
            "situation",
            "request",
            "plan",
            "commitment",
            "questions",
            "if_refused",
            "closing",
        },
        "chat": {
            "opening",
            "situation",
            "request",
            "plan",
            "commitment",
            "questions",
            "if_refused",
            "closing",
        },
        "social": {"opening", "request", "commitment", "if_refused", "closing"},
    }[channel]
    assert expected <= set(keys)
    assert script.channel == channel and script.language == language
    assert all(section.title for section in script.sections)


@pytest.mark.parametrize("channel", ["phone", "chat"])
def test_the_chinese_script_is_spoken_chinese_and_the_english_one_english(planned_case, channel):
    zh = scripts.build_script(case=planned_case, channel=channel, language="zh-hans")
    en = scripts.build_script(case=planned_case, channel=channel, language="en")

    # Wording kept on purpose: the point is the register, spoken Chinese as a caller would say it.
    assert "您好，我是花呗用户，账号尾号1234。" in zh.section("opening").lines[0]  # wording kept: register
    assert "我这个月遇到了困难，想跟您商量一下延期还款的事。" in " ".join(
        zh.section("opening").lines
    )  # register
    assert "Hello, I am a Huabei customer; my account ends in 1234." in en.section("opening").lines[0]
    title = {"phone": "Phone script for %(lender)s", "chat": "Chat messages for %(lender)s"}[channel]
    assert zh.title == words(title, lender=planned_case.lender.name_zh)
    assert not re.search(r"[\u4e00-\u9fff]", " ".join(en.section("request").lines))


def test_the_language_defaults_to_the_letter_language_of_the_case(planned_case):
    planned_case.letter_language = Case.Language.EN
    planned_case.save()

    script = scripts.build_script(case=planned_case, channel="phone")

    assert script.language == "en"
    assert script.section("plan").lines[0].startswith("On ")


def test_building_a_script_leaves_the_active_language_alone(planned_case):
    with translation.override("en"):
        scripts.build_script(case=planned_case, channel="phone", language="zh-hans")
        assert translation.get_language() == "en"


def test_an_unknown_channel_is_refused(planned_case):
    with pytest.raises(scripts.UnknownChannel):
        scripts.build_script(case=planned_case, channel="fax")


def test_phone_lines_are_short_spoken_sentences(planned_case):
    for language, limit in (("zh-hans", 60), ("en", 150)):
        script = scripts.build_script(case=planned_case, channel="phone", language=language)
        own_words = planned_case.hardship_narrative
        for section in script.sections:
            for line in section.lines:
                if line == own_words:
                    continue
                assert len(line) <= limit, line


def test_chat_sends_one_message_per_step_and_the_questions_one_by_one(planned_case):
    script = scripts.build_script(case=planned_case, channel="chat", language="zh-hans")

    for key in ("opening", "situation", "request", "plan", "commitment"):
        assert len(script.section(key).lines) == 1, key
    assert len(script.section("questions").lines) == 6
    assert words("If a bot answers, type 转人工 to ask for a person, then send the messages below.") in (
        script.section("how_to_reach").notes
    )


# --- What is said -------------------------------------------------------------------------------------------


def test_the_situation_says_the_mode_the_cause_since_when_and_the_proof(planned_case):
    script = scripts.build_script(case=planned_case, channel="phone", language="zh-hans")
    said = " ".join(script.section("situation").lines)

    assert "¥3,000.00" in said
    assert words("This time I cannot clear it all by the due date.") in said
    since = words("Since %(date)s", date=long_date(planned_case.hardship_since, language="zh-hans"))
    assert words("%(since)s, I have been out of work, so my income has stopped.", since=since) in said
    assert planned_case.hardship_narrative in said
    assert "新工作工资" in said
    assert "¥1,200.00" in said  # 4000 − 2500 − 300 a month
    assert words("ID card") in said and words("Termination letter or unemployment registration") in said


def test_installments_say_how_many_periods_are_left_and_why_each_cannot_be_met(huabei):
    case = CaseFactory(
        lender=huabei,
        repayment_mode=Case.RepaymentMode.INSTALLMENTS,
        installments_total=12,
        installments_remaining=7,
        installment_amount=Decimal("420.00"),
    )

    said = " ".join(
        scripts.build_script(case=case, channel="phone", language="zh-hans").section("situation").lines
    )

    assert (
        words(
            "I am repaying in installments: %(remaining)s of %(total)s periods are left, %(amount)s each.",
            remaining=7,
            total=12,
            amount="¥420.00",
        )
        in said
    )
    assert words("Right now I cannot keep up with each installment.") in said


def test_the_request_and_the_plan_give_length_dates_amounts_and_total(planned_case):
    script = scripts.build_script(case=planned_case, channel="phone", language="en")
    end = planned_case.due_date + dt.timedelta(days=30)
    payments = list(planned_case.payments.order_by("due_on"))

    assert script.section("request").lines == (
        f"So I would like to ask for a deferral of 30 days, until {long_date(end, language='en')}.",
        "Could you also waive the penalty interest and late fees?",
        "Or at least stop charging them during the deferral?",
    )
    plan = " ".join(script.section("plan").lines)
    assert (
        f"On {long_date(payments[0].due_on, language='en')} I will make the first payment, ¥1,000.00." in plan
    )
    assert "After that, ¥1,000.00 a month." in plan
    assert f"The last payment, ¥1,045.00, is on {long_date(payments[-1].due_on, language='en')}." in plan
    assert (
        f"By {long_date(payments[-1].due_on, language='en')} everything is paid off: ¥3,045.00 in total."
        in plan
    )
    assert "Every payment is within what I can afford each month." in plan


def test_equal_payments_are_said_as_one_monthly_amount(huabei):
    case = CaseFactory(lender=huabei)
    add_payments(case, ["500.00"] * 4)

    plan = scripts.build_script(case=case, channel="phone", language="zh-hans").section("plan").lines

    first, *_, last = case.payments.order_by("due_on")
    assert plan[0] == words(
        "Starting on %(date)s, I will pay %(amount)s a month, %(count)s payments in all.",
        date=long_date(first.due_on, language="zh-hans"),
        amount="¥500.00",
        count=4,
    )
    assert plan[1] == words(
        "By %(date)s everything is paid off: %(total)s in total.",
        date=long_date(last.due_on, language="zh-hans"),
        total="¥2,000.00",
    )


def test_without_a_plan_the_script_says_to_make_one_first(huabei):
    case = CaseFactory(lender=huabei)

    script = scripts.build_script(case=case, channel="phone", language="en")

    assert script.section("plan").lines == ()
    assert "You have no repayment plan yet" in script.section("plan").notes[0]
    assert script.record_initial["promised"] == ""


def test_an_incomplete_case_without_lender_still_gives_a_script():
    case = Case(letter_language="en")

    script = scripts.build_script(case=case, channel="chat")

    assert "your lender" in script.section("opening").lines[0]
    assert any("We have no" in note for note in script.section("how_to_reach").notes)


def test_if_they_say_no_offers_installments_a_smaller_first_payment_escalation_and_complaints(planned_case):
    section = scripts.build_script(case=planned_case, channel="phone", language="zh-hans").section(
        "if_refused"
    )
    said = " ".join(section.lines)

    installments = (
        "If a deferral is not possible, could I split this bill into installments, up to %(count)s periods?"
    )
    assert words(installments, count=12) in said  # Huabei's longest known term
    smaller = "Or could I pay a smaller amount first, %(amount)s, and the rest on the plan?"
    assert words(smaller, amount="¥500.00") in said  # half the first payment
    assert (
        words(
            "I understand you have rules to follow. Could you pass my request to a supervisor, or to the team "
            "that handles repayment arrangements?"
        )
        in said
    )
    assert any("12378" in note for note in section.notes)
    assert words("Stay calm and polite, even if the answer is no; do not argue.") in section.notes


def test_the_questions_cover_fees_credit_record_confirmation_ticket_and_agent(planned_case):
    asked = " ".join(
        scripts.build_script(case=planned_case, channel="phone", language="en").section("questions").lines
    )

    for phrase in (
        "fee or interest",
        "credit record",
        "written confirmation",
        "ticket number",
        "agent number",
    ):
        assert phrase in asked


# --- Before you contact: what to have ready, lender facts ---------------------------------------------------


def test_before_you_contact_lists_the_ready_items_and_proof_that_fits_the_cause(planned_case):
    notes = " ".join(
        scripts.build_script(case=planned_case, channel="phone", language="en").section("prepare").notes
    )

    assert "ID card and the phone number registered on the account" in notes
    assert "Proof you already have: ID card, Termination letter or unemployment registration." in notes
    assert "Worth getting, if you can: Bank statements (3–6 months), Hardship certificate" in notes
    assert "repayment plan in front of you" in notes


def test_illness_asks_for_medical_records_when_they_are_missing(huabei):
    case = CaseFactory(lender=huabei, hardship_category=Case.HardshipCategory.ILLNESS, evidence=["id_card"])

    notes = " ".join(scripts.build_script(case=case, channel="phone", language="en").section("prepare").notes)

    assert "Diagnosis, hospital records or bills" in notes


def test_the_channel_steps_come_from_the_lender_profile_as_facts_to_check(planned_case):
    chat = scripts.build_script(case=planned_case, channel="chat", language="zh-hans").section("how_to_reach")
    phone = scripts.build_script(case=planned_case, channel="phone", language="en").section("how_to_reach")

    assert chat.steps[1] == "点底部的“我的”"
    assert "客服中心" in chat.steps[2]
    assert "延期还款" in chat.steps[3]
    assert phone.steps[0].startswith("Call 95188")
    assert "Hours: 8:00–24:00 daily (some sources say 24/7)" in phone.notes
    assert any("check with your lender" in note for note in phone.notes)


def test_a_channel_without_a_source_is_flagged_as_not_verified(db):
    lender = LenderFactory()
    lender.channels.create(
        kind="chat", name_zh="App客服", name_en="App chat", steps_en="Open the app", source=""
    )
    case = CaseFactory(lender=lender)

    notes = scripts.build_script(case=case, channel="chat", language="en").section("how_to_reach").notes

    assert "These details are not verified yet: check them with your lender." in notes


def test_a_due_date_in_the_past_says_to_contact_them_today(huabei):
    case = CaseFactory(lender=huabei, due_date=today() - dt.timedelta(days=2))

    script = scripts.build_script(case=case, channel="phone", language="en")

    assert "has passed: contact them today" in script.section("prepare").notes[0]
    assert "I know it is overdue" in " ".join(script.section("opening").lines)


def test_the_cost_of_waiting_is_shown_when_the_lender_rate_is_known(planned_case):
    notes = scripts.build_script(case=planned_case, channel="phone", language="en").section("prepare").notes

    # ¥3,000 at Huabei's 0.05% a day: ¥1.50 a day, ¥45.00 in 30 days.
    assert any("about ¥1.50 a day, ¥45.00 in 30 days" in note for note in notes)


# --- Last contact -------------------------------------------------------------------------------------------


def test_a_second_contact_reminds_what_was_said_and_what_changed(planned_case):
    plan_version_record(case=planned_case)
    version = latest_plan_version(planned_case)
    when = timezone.now() - dt.timedelta(days=5)
    ContactAttemptFactory(
        case=planned_case,
        occurred_at=when,
        agent_id="A7788",
        ticket_number="T-20261120-9",
        offer_made="只能分期6期",
        plan_version=version,
    )
    old_payoff = planned_case.payments.order_by("due_on").last().due_on
    first = planned_case.payments.order_by("due_on").first()
    first.amount = Decimal("800.00")
    first.save()
    new_payoff = first.due_on + dt.timedelta(days=200)
    PaymentFactory(case=planned_case, due_on=new_payoff, amount=Decimal("200.00"))
    planned_case = Case.objects.get(pk=planned_case.pk)

    script = scripts.build_script(case=planned_case, channel="phone", language="zh-hans")

    notes = " ".join(script.section("last_contact").notes)
    assert long_date(timezone.localdate(when), language="zh-hans") in notes
    assert "A7788" in notes and "T-20261120-9" in notes and "只能分期6期" in notes
    assert words("You presented plan version %(number)s.", number=1) in notes
    zh = {"language": "zh-hans"}
    payoff = words(
        "%(label)s: %(old)s → %(new)s",
        label=words("Paid off by"),
        old=long_date(old_payoff, **zh),
        new=long_date(new_payoff, **zh),
    )
    assert payoff in notes
    opening = " ".join(script.section("opening").lines)
    contacted = "I contacted you about this on %(date)s; the ticket number was %(ticket)s."
    assert words(contacted, date=long_date(timezone.localdate(when), **zh), ticket="T-20261120-9") in opening
    assert words("Since then my plan has changed a little: %(changes)s.").split("%(changes)s")[0] in opening


def test_an_unchanged_plan_is_told_the_same_way(planned_case):
    plan_version_record(case=planned_case)
    ContactAttemptFactory(case=planned_case, plan_version=latest_plan_version(planned_case))

    script = scripts.build_script(case=planned_case, channel="chat", language="en")

    assert "Your plan is the same as then: tell it the same way." in script.section("last_contact").notes
    assert "changed" not in script.section("opening").lines[0]


def test_a_corrected_contact_gives_way_to_its_correction(planned_case):
    wrong = ContactAttemptFactory(case=planned_case, ticket_number="WRONG-1", occurred_at=timezone.now())
    ContactAttemptFactory(
        case=planned_case,
        ticket_number="RIGHT-2",
        corrects=wrong,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
    )

    notes = " ".join(
        scripts.build_script(case=planned_case, channel="phone", language="en").section("last_contact").notes
    )

    assert "RIGHT-2" in notes and "WRONG-1" not in notes


# --- What to record -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", scripts.CHANNELS)
def test_what_to_record_prefills_the_contact_log(planned_case, channel):
    script = scripts.build_script(case=planned_case, channel=channel, language="en")

    initial = script.record_initial
    assert list(initial) == list(scripts.RECORD_FIELDS)
    assert initial["channel"] == channel
    assert initial["agent_id"] == initial["ticket_number"] == initial["offer_made"] == ""
    follow_up = dt.datetime.fromisoformat(initial["next_follow_up"])
    assert follow_up.date() == today() + dt.timedelta(days=3)
    query = parse_qs(script.record_query)
    assert query == {"channel": [channel], "lang": ["en"]}  # no figures in the link
    if channel == "social":
        assert initial["promised"] == ""
    else:
        assert "¥3,045.00" in initial["promised"]
    prefill = scripts.contact_prefill(case=planned_case, channel=channel, language="en")
    assert prefill == {name: value for name, value in initial.items() if value}
    assert script.section("record").notes


def test_the_record_channel_is_a_contact_log_channel():
    assert set(scripts.CHANNELS) <= set(ContactAttempt.Channel.values)


# --- Social media: public-safe ------------------------------------------------------------------------------

#: Case fields that hold nothing personal (workflow, keys, choices of the product) — every other field is
#: checked below. A new Case field fails this test until it is classified.
NOT_PERSONAL = {
    "id",
    "public_id",
    "lender",
    "letter_language",
    "status",
    "wizard_step",
    "version",
    "assigned_reviewer",
    "reviewed_at",
    "created_at",
    "updated_at",
}


def _forms_of(value, field_name):
    """Every way a value may be written in a script."""
    if value in (None, "", []):
        return set()
    if isinstance(value, Decimal):
        forms = {str(value), f"{value:,.2f}", money(value), f"{value:,.0f}"}
        return forms | {str(int(value))}
    if isinstance(value, dt.date):
        return {
            value.isoformat(),
            long_date(value, language="zh-hans"),
            long_date(value, language="en"),
            f"{value.month}月{value.day}日",
            f"{value.month}/{value.day}",
        }
    if isinstance(value, int):
        return {str(value)}
    if isinstance(value, list):
        with translation.override("zh-hans"):
            zh = {str(Case.Evidence(code).label) for code in value}
        with translation.override("en"):
            en = {str(Case.Evidence(code).label) for code in value}
        return zh | en
    if field_name in ("repayment_mode", "hardship_category"):
        choices = Case.RepaymentMode if field_name == "repayment_mode" else Case.HardshipCategory
        forms = set()  # the stored code ("full", "illness") is the product's word, not the person's
        for language in LANGUAGES:
            with translation.override(language):
                forms.add(str(choices(value).label))
        return forms
    text = str(value)
    pieces = {piece.strip() for piece in re.split(r"[，。,.；;！!？?\s]+", text) if len(piece.strip()) >= 3}
    return {text} | pieces


@pytest.fixture
def personal_case(huabei):
    owner = UserFactory(
        username="wangxiaoming88", email="wxm88@example.org", first_name="小明", last_name="王"
    )
    AccountProfile.objects.create(user=owner, letter_name="王小明")
    case = CaseFactory(
        owner=owner,
        lender=huabei,
        account_hint="7391",
        amount_due=Decimal("4567.89"),
        due_date=today() + dt.timedelta(days=17),
        repayment_mode=Case.RepaymentMode.INSTALLMENTS,
        installments_total=47,
        installments_remaining=29,
        installment_amount=Decimal("388.66"),
        hardship_category=Case.HardshipCategory.ILLNESS,
        hardship_since=today() - dt.timedelta(days=83),
        hardship_expected_end=today() + dt.timedelta(days=121),
        hardship_narrative="去年冬天做了阑尾炎手术，住院十一天，单位停发了绩效工资。",
        evidence=["medical_records", "payslips"],
        evidence_notes="协和医院出院小结",
        monthly_income=Decimal("6123.45"),
        income_sources="快递站兼职和房租补贴",
        essential_expenses=Decimal("3321.07"),
        other_debt_payments=Decimal("555.55"),
        requested_deferral_days=53,
    )
    add_payments(case, ["1111.11", "1222.22", "2234.56"])
    plan_version_record(case=case)
    ContactAttemptFactory(
        case=case, agent_id="K90210", ticket_number="GD88442211", plan_version=latest_plan_version(case)
    )
    return Case.objects.get(pk=case.pk)


def personal_forms(case) -> dict[str, set[str]]:
    """Each personal field of `case` (every concrete field not in NOT_PERSONAL, the owner's account, the
    schedule and the contact log) with every way it may be written."""
    forms = {}
    for field in Case._meta.concrete_fields:
        if field.name in NOT_PERSONAL:
            continue
        if field.name == "owner":
            owner = case.owner
            forms["owner"] = {
                owner.username,
                owner.email,
                owner.first_name,
                owner.last_name,
                "王小明",
                "小明王",
            }
        else:
            forms[field.name] = _forms_of(getattr(case, field.name), field.name)
    forms["payments"] = set()
    for payment in case.payments.all():
        forms["payments"] |= _forms_of(payment.amount, "amount") | _forms_of(payment.due_on, "due_on")
    forms["contacts"] = {value for c in case.contacts.all() for value in (c.agent_id, c.ticket_number)}
    budget = Budget.objects.get(owner=case.owner)
    forms["income_notes"] = {budget.income_notes}
    forms["monthly_offer"] = _forms_of(case_monthly_offer(case), "amount")
    forms["public_id"] = {str(case.public_id), case.public_id.hex}
    return forms


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_social_media_script_holds_no_personal_field_of_the_case(personal_case, language):
    text = scripts.build_script(case=personal_case, channel="social", language=language).as_text()

    forms = personal_forms(personal_case)
    assert {"account_hint", "amount_due", "hardship_narrative", "income_notes", "evidence_notes"} <= set(
        forms
    )
    for field, values in forms.items():
        for value in values:
            assert value not in text, (field, value)
    lender_name = {"zh-hans": personal_case.lender.name_zh, "en": personal_case.lender.name_en}[language]
    assert lender_name in text


def test_the_personal_data_check_does_find_the_data_in_the_phone_script(personal_case):
    text = scripts.build_script(case=personal_case, channel="phone", language="zh-hans").as_text()

    found = {
        field for field, values in personal_forms(personal_case).items() if any(v in text for v in values)
    }

    assert {
        "account_hint",
        "amount_due",
        "hardship_narrative",
        "income_notes",
        "monthly_offer",
        "payments",
        "contacts",
    } <= found


def test_the_social_media_script_is_short_and_polite(personal_case):
    script = scripts.build_script(case=personal_case, channel="social", language="zh-hans")

    assert len(script.messages) <= 4
    assert all(len(message) <= 120 for message in script.messages)
    assert script.section("opening").title == words("Public post")
    assert script.section("request").title == words("Private message")
    assert script.section("opening").lines[0] == words(
        "Hello %(lender)s, I am a customer and I am having difficulty repaying. I would like to ask about "
        "deferring my repayment, and I have a repayment plan ready. Could you contact me by private message? "
        "Thank you!",
        lender=personal_case.lender.name_zh,
    )
    never = (
        "Never post your name, account, amounts, ID number or phone number in public, and keep the details of "
        "your story for a private channel."
    )
    assert words(never) in script.section("prepare").notes
