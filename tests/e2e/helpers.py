"""What every journey does: check a page with axe-core, take a screenshot, sign in as staff.

Plain functions rather than fixtures (they take the page a journey is on); kept out of
conftest.py because pytest advises against importing conftest modules.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from clinic.demo_data import DEMO_PASSWORD

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = BASE_DIR / "var" / "screenshots"

# WCAG 2.0 and 2.1, levels A and AA: what the accessibility statement promises.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
TARGETS_SHOWN = 3

# Addresses axe-core has checked during the running test. The conftest compares them with the
# addresses the browsers showed, so that a journey cannot pass a page by without checking it.
checked_addresses: set[str] = set()


def address(url: str) -> str:
    """A page's address as the ledger of checked pages keeps it: without the query and the
    fragment. One view is one page: the booking picker pushes ?month=&date= as the person
    moves through it, a search adds ?q=, the skip link adds #main."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page as it is now, every impact."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging channel: our Content-Security-Policy (no
        # inline scripts) rightly refuses a <script> tag with the code in it.
        page.evaluate("() => { " + AXE_SCRIPT.read_text() + "\n}")
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
        AXE_TAGS,
    )
    checked_addresses.add(address(page.url))
    return results["violations"]


def assert_accessible(page: Page, name: str) -> None:
    """Fail on every serious or critical axe-core violation on the page, naming where it is."""
    problems = []
    for violation in axe_violations(page):
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        nodes = violation["nodes"]
        targets = ", ".join(" ".join(node["target"]) for node in nodes[:TARGETS_SHOWN])
        more = f" (+{len(nodes) - TARGETS_SHOWN} more)" if len(nodes) > TARGETS_SHOWN else ""
        problems.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']}"
            f"\n    at {targets}{more}"
        )
    assert not problems, f"axe-core found accessibility problems on {name}:\n" + "\n".join(problems)


def emails_in(outbox: Path) -> list[EmailMessage]:
    """The .eml files the demo mail backend wrote, parsed, oldest first."""
    paths = sorted(outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    parser = BytesParser(policy=policy.default)
    messages = []
    for path in paths:
        with path.open("rb") as eml:
            messages.append(parser.parse(eml))
    return messages


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG at var/screenshots/<name>.png, for people reviewing the journeys."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in_to_admin(page: Page, email: str) -> None:
    """Sign in as staff the way a person does: /admin/ sends them to the site's sign-in page
    (allauth), which brings them back to the admin."""
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_accessible(page, "the sign-in page")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # Staff sign in with two factors: the code of their authenticator app comes next.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page, "the two-factor code page")
    page.locator("main").get_by_role("textbox", name="Code").fill(current_code(email))
    page.locator("main").get_by_role("button").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert_accessible(page, "the admin index")


def current_code(email: str) -> str:
    """What the demo staff member's authenticator app shows now."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from clinic.demo_data import demo_totp_secret

    return format_hotp_value(hotp_value(demo_totp_secret(email), int(time.time()) // 30))


def tab_to(page: Page, target: Locator, *, presses: int = 40) -> None:
    """Press Tab until the target has the focus: it must be reachable by keyboard."""
    target.wait_for()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached in {presses} presses of Tab")
