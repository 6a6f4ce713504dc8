"""The key pages at 200 % zoom and on a phone (issue #8): nothing scrolls sideways or sticks out
of the page, the main heading and the page's main actions can be scrolled to and seen whole, the
folded menu opens, and axe-core still passes.

200 % zoom is shown honestly, as a browser does it: a 1280 x 800 window zoomed to 200 % lays the
page out in 640 x 400 CSS pixels, each drawn with two device pixels. That is what WCAG 1.4.4
(resize text) and 1.4.10 (reflow) ask pages to survive: the content fits 640 CSS pixels without
scrolling in two directions and without anything cut off. The phone is 375 x 667 CSS pixels, a
small current phone, with touch and the mobile viewport.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from clinic.demo_data import DEMO_DOMAIN, DEMO_PASSWORD
from patients.models import Intake
from tests.e2e.booking import CONSULTATION_SLUG, PASADENA
from tests.e2e.helpers import assert_accessible, screenshot

PATIENT = f"patient@{DEMO_DOMAIN}"  # Jordan Avery: an intake saved up to step 3
ARTICLE = "what-to-expect-on-infusion-day"


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int
    phone: bool


ZOOM_200 = Screen("zoom-200", 640, 400, phone=False)
PHONE = Screen("phone", 375, 667, phone=True)


@pytest.fixture(params=[ZOOM_200, PHONE], ids=lambda screen: screen.name)
def screen(request) -> Screen:
    return request.param


@pytest.fixture
def small_page(new_context, screen: Screen) -> Page:
    context = new_context(
        viewport={"width": screen.width, "height": screen.height},
        device_scale_factor=2,
        is_mobile=screen.phone,
        has_touch=screen.phone,
    )
    return context.new_page()


def test_key_pages_reflow_at_200_percent_zoom_and_on_a_phone(
    small_page: Page, screen: Screen, demo
):
    page = small_page

    page.goto(f"/accounts/login/?next={quote('/portal/')}")
    _expect_fits(page, screen, "sign-in", "Sign In", [_button(page, "Sign In")])

    page.goto("/")
    _expect_fits(
        page,
        screen,
        "home",
        "Care for pain that has lasted too long",
        [
            _main(page).get_by_role("link", name="Find a clinic and book a consultation"),
            _button(page, "Find clinics"),
        ],
    )
    _expect_menu_opens(page, screen)

    page.goto(f"/clinics/{PASADENA.slug}/")
    _expect_fits(
        page,
        screen,
        "clinic",
        PASADENA.name,
        [
            _main(page).get_by_role("link", name="Book a consultation online"),
            _main(page).get_by_role("link", name=f"Call {PASADENA.phone}"),
        ],
    )

    page.goto("/conditions/crps/")
    _expect_fits(
        page,
        screen,
        "condition",
        re.compile("CRPS"),
        [_main(page).get_by_role("link", name="Book a consultation")],
    )

    page.goto(f"/articles/{ARTICLE}/")
    _expect_fits(
        page,
        screen,
        "article",
        re.compile(r"\S"),
        [_main(page).get_by_role("link", name="Book a consultation")],
    )

    page.goto(f"/book/{PASADENA.slug}/{CONSULTATION_SLUG}/")
    calendar = _main(page).get_by_role("table")
    _expect_fits(
        page,
        screen,
        "booking",
        "Choose a day and time",
        [
            _main(page).get_by_role("link", name=re.compile(r"^Next month")),
            calendar.locator("a[aria-current=date]"),
            _main(page)
            .get_by_role("list", name=re.compile(r"^Times on "))
            .get_by_role("link")
            # The last time of the day: the far end of the list.
            .last,
        ],
    )

    # Signed in: the portal, and the next step of the intake.
    page.goto(f"/accounts/login/?next={quote('/portal/')}")
    _main(page).get_by_label("Email").fill(PATIENT)
    _main(page).get_by_label("Password").fill(DEMO_PASSWORD)
    _button(page, "Sign In").click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    _expect_fits(
        page,
        screen,
        "portal",
        "Hello, Jordan",
        [_main(page).get_by_role("link", name="Carry on with your intake")],
    )

    intake = Intake.objects.get(patient__user__email=PATIENT)
    page.goto(f"/portal/intake/{intake.pk}/health/")
    _expect_fits(
        page,
        screen,
        "intake-step-4",
        "Your health history",
        [_button(page, "Save and continue"), _button(page, "Save and finish later")],
    )
    _expect_menu_opens(page, screen)


# --- What every page must do -----------------------------------------------------------------


def _expect_fits(
    page: Page,
    screen: Screen,
    name: str,
    heading: str | re.Pattern,
    actions: list[Locator],
) -> None:
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(heading)
    _expect_no_sideways_scrolling(page, name)

    title.scroll_into_view_if_needed()
    _expect_seen_whole(title)
    for action in actions:
        action.scroll_into_view_if_needed()
        expect(action).to_be_visible()
        _expect_seen_whole(action)
        _expect_not_clipped(action)
        _expect_big_enough_to_tap(action)

    # Folded away behind a button: the site's own links are one tap further.
    toggle = page.get_by_role("button", name="Show menu")
    expect(toggle).to_be_visible()
    expect(page.locator("#site-nav")).to_be_hidden()
    _expect_off_the_edges(
        page.get_by_role("banner").get_by_role("link", name=settings.SITE_NAME), screen
    )
    _expect_off_the_edges(toggle, screen)

    assert_accessible(page, f"the {name} page ({screen.name})")
    screenshot(page, f"{screen.name}-{name}")


def _expect_seen_whole(target: Locator) -> None:
    """Inside the window on every side. Half a CSS pixel of slack: at 200 % zoom a box edge can
    fall on a fraction of a pixel (a ratio of 0.9988 is rounding, not a cut-off button)."""
    expect(target).to_be_in_viewport(ratio=0.9)
    edges = target.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {top: r.top, left: r.left, bottom: r.bottom, right: r.right,"
        " width: window.innerWidth, height: window.innerHeight}; }"
    )
    slack = 0.5
    assert edges["top"] >= -slack and edges["left"] >= -slack, f"{target} is cut off: {edges}"
    assert edges["bottom"] <= edges["height"] + slack, f"{target} is cut off: {edges}"
    assert edges["right"] <= edges["width"] + slack, f"{target} is cut off: {edges}"


def _expect_no_sideways_scrolling(page: Page, name: str) -> None:
    width = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert width["scroll"] <= width["client"], (
        f"the {name} page scrolls sideways: {width['scroll']} CSS px wide in a "
        f"{width['client']} px window; beyond the edge: {_beyond_the_edge(page)}"
    )
    beyond = _beyond_the_edge(page)
    assert not beyond, f"on the {name} page, these stick out of the window: {beyond}"


def _beyond_the_edge(page: Page) -> list[str]:
    """Visible elements that reach past the window's right or left edge (cut off by the body,
    or making the page scroll sideways), outside a box that scrolls them on purpose (a wide
    table in a scrolling wrapper, which WCAG 1.4.10 allows)."""
    return page.evaluate(
        """() => {
        const edge = document.documentElement.clientWidth;
        const described = el => el.tagName.toLowerCase()
            + (el.id ? '#' + el.id : '')
            + (el.classList.length ? '.' + [...el.classList].join('.') : '');
        const scrolledOnPurpose = el => {
            for (let box = el.parentElement; box && box !== document.body;
                 box = box.parentElement) {
                const overflow = getComputedStyle(box).overflowX;
                if (overflow === 'auto' || overflow === 'scroll') return true;
            }
            return false;
        };
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
            if (el.closest('.visually-hidden, .visually-hidden-focusable, .contact-hp')) continue;
            const rect = el.getBoundingClientRect();
            if (rect.width === 0 || rect.height === 0) continue;
            if (rect.right <= edge + 1 && rect.left >= -1) continue;
            if (scrolledOnPurpose(el)) continue;
            out.push(`${described(el)} (${Math.round(rect.left)}..${Math.round(rect.right)})`);
        }
        return out.slice(0, 8);
    }"""
    )


def _expect_not_clipped(target: Locator) -> None:
    """The control's own text fits inside it (not cut off by a fixed width)."""
    clipped = target.evaluate(
        "el => el.scrollWidth > el.clientWidth + 1 "
        "&& ['hidden', 'clip'].includes(getComputedStyle(el).overflowX)"
    )
    assert not clipped, f"the text of {target} is cut off"


def _expect_big_enough_to_tap(target: Locator) -> None:
    """At least 24 x 24 CSS px, WCAG 2.2's minimum target size (2.5.8)."""
    box = target.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, f"{target} is {box}: too small"


def _expect_off_the_edges(target: Locator, screen: Screen) -> None:
    """Not touching the screen's sides (a gutter of at least 8 CSS px)."""
    box = target.bounding_box()
    assert box, f"{target} has no box"
    assert box["x"] >= 8 and box["x"] + box["width"] <= screen.width - 8, (
        f"{target} touches the edge of a {screen.width}px screen: {box}"
    )


def _expect_menu_opens(page: Page, screen: Screen) -> None:
    toggle = page.get_by_role("button", name="Show menu")
    toggle.scroll_into_view_if_needed()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    menu = page.get_by_role("navigation", name="Main")
    for link in ("Find a clinic", "Conditions", "Articles", "Book a visit"):
        expect(menu.get_by_role("link", name=link, exact=True)).to_be_visible()
        _expect_off_the_edges(menu.get_by_role("link", name=link, exact=True), screen)
    last = menu.get_by_role("link", name="Book a visit", exact=True)
    last.scroll_into_view_if_needed()
    _expect_seen_whole(last)
    _expect_no_sideways_scrolling(page, "open menu")
    assert_accessible(page, f"the open menu ({screen.name})")
    screenshot(page, f"{screen.name}-menu-open")
    toggle.scroll_into_view_if_needed()
    toggle.click()
    expect(page.locator("#site-nav")).to_be_hidden()


def _main(page: Page) -> Locator:
    return page.get_by_role("main")


def _button(page: Page, name: str) -> Locator:
    # The header's search form has its own button: the page's buttons are in `main`.
    return _main(page).get_by_role("button", name=name, exact=True)
