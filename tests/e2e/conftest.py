"""Browser journeys: headless Chromium (Debian's) against pytest-django's live server.

Every test in this folder is marked `e2e`. Pages are reached through `base_url` (the live server),
so a journey writes `page.goto("/clinics/")`. The live server is transactional: the database is
flushed after each test and the demo network is seeded again by the `demo` fixture.

Every page any browser of a journey shows must be checked with axe-core before the test ends
(`new_context` below): a journey that passes a page by without `assert_accessible` fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Frame, Page

from tests.e2e import helpers

# Playwright's sync API runs an asyncio loop in this thread; without this Django refuses the ORM
# calls of fixtures (seeding the demo) because it sees a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
E2E_DIR = Path(__file__).resolve().parent
CALL_PASSED = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config, items):
    no_browser = pytest.mark.skip(
        reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if E2E_DIR not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if not CHROMIUM.exists():
            item.add_marker(no_browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember whether the test itself passed: the check of `new_context` below only speaks
    after a pass (a failed journey stops half way, leaving pages unchecked for a reason its
    failure already gives)."""
    report = yield
    if report.when == "call":
        item.stash[CALL_PASSED] = report.passed
    return report


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Reduced motion, as many people with vestibular disorders set it: Bootstrap then draws no
    colour transitions, so axe-core judges the colours a person settles on, not a frame halfway
    through a hover or focus fade."""
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Relative URLs in `page.goto()` and `expect(page).to_have_url()` go to the live server."""
    return live_server.url


@pytest.fixture
def new_context(new_context, request):
    """pytest-playwright's browsers (and so `page`), each page watched: every address its main
    frame shows (a link followed, a form sent, a redirect, an htmx push) must have been checked
    with axe-core by the end of the test, and nothing may have been blocked by our
    Content-Security-Policy (an inline script, a foreign origin) on any of them."""
    shown: dict[str, None] = {}  # in the order shown
    blocked: list[str] = []

    def note(frame: Frame) -> None:
        if frame.parent_frame is None and frame.url.startswith("http"):
            shown.setdefault(helpers.address(frame.url))

    def note_blocked(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    def watch(page: Page) -> None:
        page.on("framenavigated", note)
        page.on("console", note_blocked)

    def watched_context(**kwargs) -> BrowserContext:
        context = new_context(**kwargs)
        context.on("page", watch)
        return context

    helpers.checked_addresses.clear()
    yield watched_context
    assert not blocked, "CSP blocked something:\n" + "\n".join(blocked[:5])
    if request.node.stash.get(CALL_PASSED, False):
        unchecked = [url for url in shown if url not in helpers.checked_addresses]
        assert not unchecked, "pages shown but never checked with assert_accessible:\n" + "\n".join(
            unchecked
        )


@pytest.fixture
def outbox(settings, tmp_path) -> Path:
    """The live server writes every email as an .eml file, as the demo does in var/mail/ (and
    the admin's Demo mail page lists them); read them with helpers.emails_in."""
    settings.EMAIL_BACKEND = "config.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return settings.EMAIL_FILE_PATH


@pytest.fixture
def demo(live_server):
    """The whole demo, as `make run` loads it: clinics, staff, conditions and demo patients.

    Returns the demo logins (clinic.demo.DemoLogin: role, email, where).
    """
    from django.contrib.auth.models import Group

    from clinic import roles
    from clinic.demo import seed_demo
    from clinic.demo_data import DEMO_DOMAIN, DEMO_PASSWORD
    from content.demo import seed_conditions, seed_content
    from patients.demo import seed_demo_patients
    from scheduling.demo import seed_schedules

    # post_migrate creates the role groups, and fires again after each flush of the transactional
    # database; make sure of them anyway, since seed_demo puts people into them.
    wanted = {*roles.ROLE_PERMISSIONS}
    if Group.objects.filter(name__in=wanted).count() < len(wanted):
        roles.roles_sync()
    logins = seed_demo()
    seed_conditions()
    seed_schedules()
    seed_demo_patients(domain=DEMO_DOMAIN, password=DEMO_PASSWORD)
    seed_content()
    return logins
