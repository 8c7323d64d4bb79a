"""PDF letter and plan: render time (beside plain WeasyPrint on the same HTML), size and stored download.

Builds its own demo case (Huabei, six payments, two contacts) inside a transaction that is rolled back,
so it runs on a fresh clone after `migrate` and leaves the database as it was. Targets (issue 5): render
median ≤ 150 ms, PDF ≤ 150 KB, cached download ≤ 10 ms of server time.
"""

import datetime as dt
import io
import statistics
import time
from decimal import Decimal

import weasyprint
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from requests_app.lender_profiles import load_lender_profiles
from requests_app.models import Budget, Case, Commitment, ContactAttempt, Lender, LenderChannel
from requests_app.services import pdf
from requests_app.services.versions import latest_plan_version, plan_version_record

RENDERS = 20
DOWNLOADS = 50

NARRATIVE = (
    "我在一家电商公司做客服，九月底公司业务收缩，整个客服部门被裁掉了，十月起就没有工资收入。"
    "这段时间我一直在找工作，已经拿到一家物流公司的录用通知，十二月中旬入职，第一份工资明年一月十日发。"
    "目前家里主要靠爱人的工资和一点积蓄维持，房租和孩子的学费每个月都要按时交，所以这期花呗账单没办法在还款日前一次还清。"
)


def demo_case() -> Case:
    """A ready Huabei case with a household budget, six payments, a plan version and two contacts (also
    the case page benchmark's)."""
    if not Lender.objects.filter(slug="huabei").exists():
        load_lender_profiles(lender_model=Lender, channel_model=LenderChannel)
    owner = get_user_model().objects.create_user(
        username="bench-pdf-demo", password=None, first_name="晓燕", last_name="李"
    )
    today = timezone.localdate()
    case = Case.objects.create(
        owner=owner,
        lender=Lender.objects.get(slug="huabei"),
        account_hint="6218",
        amount_due=Decimal("6930.00"),
        due_date=today + dt.timedelta(days=9),
        repayment_mode=Case.RepaymentMode.FULL,
        hardship_category=Case.HardshipCategory.JOB_LOSS,
        hardship_since=today - dt.timedelta(days=55),
        hardship_expected_end=today + dt.timedelta(days=50),
        hardship_narrative=NARRATIVE,
        evidence=["id_card", "termination_letter", "bank_statements"],
        requested_deferral_days=30,
    )
    # The household budget (issue 10): ¥4,800 coming in, ¥3,200 of essentials, ¥300 to another lender.
    budget = Budget.objects.create(
        owner=owner,
        household_size=2,
        income_salary=Decimal("4800.00"),
        income_notes="爱人工资、新工作工资（一月起）",
        spend_housing=Decimal("1400.00"),
        spend_food=Decimal("1200.00"),
        spend_transport=Decimal("300.00"),
        spend_other=Decimal("300.00"),
    )
    Commitment.objects.create(
        budget=budget, kind=Commitment.Kind.OTHER_DEBT, monthly_payment=Decimal("300.00")
    )
    start = case.due_date + dt.timedelta(days=30)
    amounts = [Decimal("1180.00")] * 5 + [Decimal("1133.95")]
    for index, amount in enumerate(amounts):
        case.payments.create(due_on=start + dt.timedelta(days=31 * index), amount=amount)
    plan_version_record(case=case, by=owner)
    version = latest_plan_version(case)
    now = timezone.now()
    ContactAttempt.objects.create(
        case=case,
        channel=ContactAttempt.Channel.CHAT,
        occurred_at=now - dt.timedelta(days=3),
        agent_id="HB7315",
        ticket_number="20261122-0471",
        outcome=ContactAttempt.Outcome.DOCUMENTS_REQUESTED,
        plan_version=version,
    )
    ContactAttempt.objects.create(
        case=case,
        channel=ContactAttempt.Channel.PHONE,
        occurred_at=now - dt.timedelta(days=1),
        agent_id="A1024",
        ticket_number="20261124-1109",
        outcome=ContactAttempt.Outcome.PENDING,
        plan_version=version,
    )
    return (
        Case.objects.select_related("lender", "owner")
        .prefetch_related("lender__channels", "payments", "contacts", "plan_versions")
        .get(pk=case.pk)
    )


def _median_ms(timings: list[float]) -> str:
    return f"{statistics.median(timings) * 1000:.1f} ms (min {min(timings) * 1000:.1f}, max {max(timings) * 1000:.1f})"


def run() -> list[tuple[str, str]]:
    results = [("HarfBuzz subsetting", "yes" if pdf.harfbuzz_subsetting_available() else "NO (fontTools)")]
    with transaction.atomic():
        case = demo_case()

        started = time.perf_counter()
        data = pdf.render_plan_pdf(case=case, language="zh-hans")
        results.append(
            (
                "first render in this process (fonts loaded)",
                f"{(time.perf_counter() - started) * 1000:.1f} ms",
            )
        )

        timings = []
        for _ in range(RENDERS):
            started = time.perf_counter()
            data = pdf.render_plan_pdf(case=case, language="zh-hans")
            timings.append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        results.append(
            (f"render median of {RENDERS}, zh-hans, {pages} pages (target ≤ 150 ms)", _median_ms(timings))
        )
        # Plain WeasyPrint on the very same HTML and stylesheet, without the app's fetcher cache, font
        # configuration reuse or CJK font finisher: how much of the render time is the engine's own.
        html = pdf.render_plan_html(case=case, language="zh-hans")
        stylesheet = pdf.static_file_for_url(pdf.DOCUMENT_ORIGIN + pdf.static_url_prefix() + pdf.STYLESHEET)
        plain = []
        for _ in range(RENDERS):
            started = time.perf_counter()
            weasyprint.HTML(string=html, base_url=str(stylesheet.parent)).write_pdf(
                stylesheets=[weasyprint.CSS(filename=str(stylesheet))]
            )
            plain.append(time.perf_counter() - started)
        results.append((f"plain WeasyPrint, same HTML, median of {RENDERS} (same run)", _median_ms(plain)))
        results.append(
            ("app render / plain WeasyPrint", f"{statistics.median(timings) / statistics.median(plain):.2f}×")
        )
        results.append(("PDF size, zh-hans (target ≤ 150 KB)", f"{len(data) / 1024:.1f} KB"))
        english = pdf.render_plan_pdf(case=case, language="en")
        results.append(("PDF size, en", f"{len(english) / 1024:.1f} KB"))

        client = Client(HTTP_HOST="localhost")
        client.force_login(case.owner)
        url = reverse("requests_app:case_plan_pdf", kwargs={"public_id": case.public_id})
        first = client.get(url)
        if first.status_code != 200:
            raise RuntimeError(f"The download answered {first.status_code}")
        downloads = []
        for _ in range(DOWNLOADS):
            started = time.perf_counter()
            response = client.get(url)
            downloads.append(time.perf_counter() - started)
            if response.content != first.content:
                raise RuntimeError("A cached download differs from the first one")
        results.append(
            (
                f"stored download median of {DOWNLOADS}, test Client (target ≤ 10 ms; issue 15: the "
                "inputs digest, no document built)",
                _median_ms(downloads),
            )
        )
        transaction.set_rollback(True)
    return results
