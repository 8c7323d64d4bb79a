"""Real Chromium, driven by Playwright for Python against pytest-django's live server."""

import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def lenders(transactional_db):
    """Transactional tests flush the tables, the migration's lender profiles included: load them again."""
    call_command("load_lenders", verbosity=0)
    from requests_app.models import ReferenceFigure
    from requests_app.reference_figures import load_reference_figures

    load_reference_figures(model=ReferenceFigure)


@pytest.fixture
def phone(browser, live_server, lenders):
    """A fresh browser context at a phone's width, Chinese, pointed at the live server."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()
