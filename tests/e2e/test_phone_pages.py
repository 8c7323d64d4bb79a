"""The borrower's pages on a phone, in both languages, in real Chromium: no sideways scrolling, every
control at least 44 px tall, no text under 12 px, a one-row top bar, the case page's next step in the
first screen, the sticky log bar on script pages, and axe-core finding nothing serious or critical.

One browser for the module (the session's), one context per language and width, one shared case."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.test import Client

from requests_app.models import Lender
from requests_app.services.wizard import WIZARD_STEPS
from tests.factories import LenderChannelFactory
from tests.views.conftest import make_ready_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MIN_TARGET = 44
MIN_TEXT = 12
PHONES = {360: 780, 390: 844}
SERIOUS = {"serious", "critical"}

#: What a person can tap or type into, measured as they tap it: a radio or checkbox by its whole row (the
#: label is part of the target), a visually hidden toggle by its label, everything else by itself.
TARGETS_JS = """() => {
  const small = [];
  const seen = new Set();
  const visible = (el) => {
    const r = el.getBoundingClientRect(); const st = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && st.visibility !== 'hidden' && st.display !== 'none';
  };
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    let target = el;
    if (el.classList.contains('btn-check')) target = document.querySelector(`label[for="${el.id}"]`);
    else if (el.matches('.form-check-input')) target = el.closest('.form-check');
    if (!target || seen.has(target) || !visible(target)) continue;
    if (target.closest('.visually-hidden, .visually-hidden-focusable')) continue;
    seen.add(target);
    const h = target.getBoundingClientRect().height;
    if (h < MIN_TARGET) small.push(`${target.tagName} "${(target.innerText || target.name || '').trim().slice(0, 40)}" ${Math.round(h)}px`);
  }
  return small;
}""".replace("MIN_TARGET", str(MIN_TARGET))

SMALL_TEXT_JS = """() => {
  const small = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode; const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('.visually-hidden, .visually-hidden-focusable, script, style, template')) continue;
    const r = el.getBoundingClientRect(); if (!r.width || !r.height) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < MIN_TEXT) small.add(`${el.tagName}.${el.className} ${size}px "${node.textContent.trim().slice(0, 30)}"`);
  }
  return [...small];
}""".replace("MIN_TEXT", str(MIN_TEXT))


@pytest.fixture
def world(live_server, lenders):
    """A borrower with a ready, shared plan on Huabei (hotline known, one contact logged), signed in."""
    user = get_user_model().objects.create_user("phone-user", password="a-very-good-pass-77")
    huabei = Lender.objects.get(slug="huabei")
    if not huabei.channels.filter(kind="phone").exists():
        LenderChannelFactory(lender=huabei, contact="95188")
    case = make_ready_case(owner=user, lender=huabei)
    client = Client()
    client.force_login(user)
    return {"case": case, "session": client.cookies["sessionid"].value, "base": live_server.url}


def pages(case) -> dict[str, str]:
    base = f"/cases/{case.public_id}/"
    found = {
        "my cases": "/cases/",
        "case": base,
        "script": base + "script/phone/",
        "contact": base + "contacts/new/",
    }
    for step in WIZARD_STEPS:
        found[f"wizard {step}"] = f"{base}edit/{step}/"
    return found


def open_phone(browser, world, *, width: int, language: str, signed_in: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": PHONES[width]}, locale="zh-CN", base_url=world["base"]
    )
    host = world["base"].split("//", 1)[1].split(":")[0]
    cookies = [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    if signed_in:
        cookies.append({"name": "sessionid", "value": world["session"], "domain": host, "path": "/"})
    context.add_cookies(cookies)
    context.set_default_timeout(15_000)
    return context


def layout_problems(page, name: str) -> list[str]:
    problems = []
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll > client:
        problems.append(f"{name}: scrolls sideways ({scroll} > {client})")
    problems += [f"{name}: target under {MIN_TARGET}px: {item}" for item in page.evaluate(TARGETS_JS)]
    problems += [f"{name}: text under {MIN_TEXT}px: {item}" for item in page.evaluate(SMALL_TEXT_JS)]
    nav = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
    if nav > 70:
        problems.append(f"{name}: the top bar takes two rows ({nav}px)")
    return problems


def serious_axe_violations(page, name: str) -> list[str]:
    results = Axe().run(page)
    return [
        f"{name}: {violation['id']} ({violation['impact']}): "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_borrowers_pages_work_on_a_360_and_a_390_px_phone(browser, world, language, tmp_path):
    problems = []
    for width in PHONES:
        context = open_phone(browser, world, width=width, language=language)
        page = context.new_page()
        for name, url in pages(world["case"]).items():
            response = page.goto(url)
            assert response.status == 200, f"{name}: {response.status}"
            assert page.evaluate("document.documentElement.lang") == language
            problems += layout_problems(page, f"{width}px {name}")
            if width == 390:
                problems += serious_axe_violations(page, f"{width}px {name}")
            if name == "case":
                primary = page.locator("[data-testid=next-action-primary]").first
                box = primary.bounding_box()
                assert box and box["y"] + box["height"] <= PHONES[width], (
                    f"{width}px: next step below the fold"
                )
            if name == "script":
                bar = page.locator("[data-testid=log-bar]")
                box = bar.bounding_box()
                assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
                assert box and box["y"] + box["height"] <= PHONES[width] + 1, (
                    f"{width}px: log bar not in view"
                )
                assert bar.locator("a[data-outcome]").count() == 4
            if width == 390 and name in ("case", "script"):
                page.screenshot(path=str(tmp_path / f"{language}-{name}.png"))
        context.close()
    assert not problems, "\n".join(problems)


def test_the_log_in_page_is_clean_in_both_languages(browser, world):
    problems = []
    for language in ("zh-hans", "en"):
        context = open_phone(browser, world, width=390, language=language, signed_in=False)
        page = context.new_page()
        page.goto("/accounts/login/")
        problems += layout_problems(page, f"log-in {language}")
        problems += serious_axe_violations(page, f"log-in {language}")
        context.close()
    assert not problems, "\n".join(problems)


def test_a_quick_outcome_in_the_log_bar_opens_the_form_with_it_chosen(browser, world):
    context = open_phone(browser, world, width=390, language="zh-hans")
    page = context.new_page()
    page.goto(pages(world["case"])["script"])
    with page.expect_navigation():
        page.click("[data-testid=log-bar] a[data-outcome=no_answer]")
    assert "¥" not in page.url and "promised" not in page.url
    assert page.is_checked("input[name=outcome][value=no_answer]")
    assert page.is_checked("input[name=channel][value=phone]")
    assert "¥" in page.input_value("#id_promised")
    context.close()


def test_what_was_typed_survives_an_expired_form_and_is_dropped_once_saved(browser, world):
    context = open_phone(browser, world, width=390, language="zh-hans")
    page = context.new_page()
    form_url = pages(world["case"])["contact"]
    page.goto(form_url)
    page.check("input[name=channel][value=phone]")
    page.check("input[name=outcome][value=call_back]")
    page.fill("#id_notes", "客服说三天内回电，工号 A-77。")

    # The form expires (its CSRF cookie is gone): the refusal page says nothing was lost…
    context.clear_cookies(name="csrftoken")
    with page.expect_navigation():
        page.click("[data-testid=save-contact]")
    assert page.locator("[data-form-refused]").count() == 1
    # …and the form, shown again, has everything back.
    page.goto(form_url)
    assert page.input_value("#id_notes") == "客服说三天内回电，工号 A-77。"
    assert page.is_checked("input[name=outcome][value=call_back]")
    assert page.locator("[data-draft-restored]").is_visible()

    with page.expect_navigation():
        page.click("[data-testid=save-contact]")
    assert world["case"].contacts.filter(notes="客服说三天内回电，工号 A-77。").count() == 1
    page.goto(form_url)
    assert page.input_value("#id_notes") == ""  # saved, so the draft is gone
    assert not page.locator("[data-draft-restored]").is_visible()
    context.close()


def draft_in_storage(page, key: str):
    return page.evaluate("(key) => window.localStorage.getItem(key)", f"dd-draft:{key}")


def test_the_wizard_keeps_what_was_typed_until_it_is_saved(browser, world):
    case = world["case"]
    context = open_phone(browser, world, width=390, language="zh-hans")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    hardship = pages(case)["wizard hardship"]
    story = "三月起公司停发工资，我在找新工作，五月能入职。"
    page.goto(hardship)
    page.fill("#id_hardship_narrative", story)

    # The form expires (its CSRF cookie is gone): the refusal page, then the step again, filled in.
    context.clear_cookies(name="csrftoken")
    with page.expect_navigation():
        page.click("[data-testid=next]")
    assert page.locator("[data-form-refused]").count() == 1
    page.goto(hardship)
    assert page.input_value("#id_hardship_narrative") == story
    assert page.locator("[data-draft-restored]").is_visible()
    case.refresh_from_db()
    assert case.hardship_narrative != story  # nothing reached the server yet

    # A figure on the next step, typed and then lost to a reload without sending: back on reload too.
    with page.expect_navigation():
        page.click("[data-testid=next]")
    case.refresh_from_db()
    assert case.hardship_narrative == story
    assert draft_in_storage(page, f"wizard:{case.public_id}:hardship") is None  # saved, so dropped
    assert page.url.endswith("/edit/finances/")
    page.fill("#id_offer_override", "321")
    page.fill("#id_offer_override_reason", "先还清小额的那笔。")
    page.reload()
    assert page.input_value("#id_offer_override").replace(",", "").startswith("321")
    assert page.input_value("#id_offer_override_reason") == "先还清小额的那笔。"
    assert page.locator("[data-draft-restored]").is_visible()

    with page.expect_navigation():
        page.click("button[name=action][value=save]")
    case.refresh_from_db()
    assert case.offer_override == 321
    assert draft_in_storage(page, f"wizard:{case.public_id}:finances") is None
    page.goto(hardship)
    assert page.input_value("#id_hardship_narrative") == story
    assert not page.locator("[data-draft-restored]").is_visible()

    # The session expires while typing: the log-in page, then the step again with the text back.
    later = "四月找到了兼职，收入比以前少一半。"
    page.fill("#id_hardship_narrative", later)
    context.clear_cookies(name="sessionid")
    with page.expect_navigation():
        page.click("[data-testid=next]")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "phone-user")
    page.fill("#id_password", "a-very-good-pass-77")
    with page.expect_navigation():
        page.click("[data-testid=login-form] button[type=submit]")
    assert page.url.endswith("/edit/hardship/")
    assert page.input_value("#id_hardship_narrative") == later
    assert page.locator("[data-draft-restored]").is_visible()
    assert not errors
    context.close()


@pytest.mark.parametrize(("width", "folded"), [(360, True), (390, True), (1280, False)])
def test_the_hardship_as_written_is_folded_on_phones_and_open_on_wide_screens(
    browser, world, width, folded, tmp_path
):
    world["case"].__class__.objects.filter(pk=world["case"].pk).update(
        hardship_narrative="公司裁员，我上个月失业了。\n正在找工作，下个月入职。"
    )
    context = open_phone(browser, world, width=360, language="zh-hans")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(pages(world["case"])["case"])
    story = page.locator("[data-testid=hardship-story]")
    assert story.evaluate("el => el.open") is not folded
    assert page.get_by_text("正在找工作，下个月入职。").is_visible() is not folded
    story.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"hardship-{width}.png"))
    if folded:  # one tap opens it
        story.locator("summary").click()
        assert story.evaluate("el => el.open")
    context.close()


def test_work_it_out_shows_the_new_plan_not_the_rows_typed_before_it(browser, world):
    """A send the server took and answered with the same step again (work it out, add a row): the draft
    of the rows typed before is done with, not put back over what the server saved."""
    case = world["case"]
    context = open_phone(browser, world, width=390, language="zh-hans")
    page = context.new_page()
    page.goto(pages(case)["wizard schedule"])
    page.fill("#id_requested_deferral_days", "45")
    page.fill("[data-row-amount] >> nth=0", "7.77")
    with page.expect_navigation():
        page.click("[data-testid=suggest]")
    case.refresh_from_db()
    assert case.requested_deferral_days == 45
    first = case.payments.order_by("due_on").first()
    assert first.amount != Decimal("7.77")
    assert page.input_value("[data-row-amount] >> nth=0").replace(",", "") == f"{first.amount}"
    assert not page.locator("[data-draft-restored]").is_visible()
    assert draft_in_storage(page, f"wizard:{case.public_id}:schedule") is None
    context.close()
