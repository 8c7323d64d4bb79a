"""The borrower's pages on a phone, in both languages, in real Chromium: no sideways scrolling, every
control at least 44 px tall, no text under 12 px, a one-row top bar, the case page's next step in the
first screen, the sticky log bar on script pages, and axe-core finding nothing serious or critical.

One browser for the module (the session's), one context per language and width, one shared case."""

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
