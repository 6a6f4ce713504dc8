"""An article's way to the public site, in the browser: the demo marketer writes it in the admin
(the claims check flags a risky phrase), sends it for medical review, cannot approve it herself;
a physician refuses to approve it until the flagged phrase has a reason, then approves; the
marketer schedules it, the scheduler puts it live, and an anonymous visitor finds it in the
listing, the search, the feed and the sitemap, with the reviewer's name on the page.

Unpublished articles, and the staff preview, stay off the public site.

Every page is checked with axe-core and photographed on the way (var/screenshots/content-*.png);
the admin's article form is excused one fault of Django's own widget, see
_assert_accessible_admin_form.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from clinic.demo_data import DEMO_DOMAIN
from clinic.localtime import local_time, zone_label
from content.models import Article, ArticleRevision
from content.services import articles_publish_due
from tests.e2e.helpers import (
    FAILING_IMPACTS,
    assert_accessible,
    axe_violations,
    screenshot,
    sign_in_to_admin,
)

MARKETER = f"marketer@{DEMO_DOMAIN}"
# A network article (no clinic): any demo physician may review it.
PHYSICIAN = f"physician.pasadena@{DEMO_DOMAIN}"
PHYSICIAN_NAME = "Dr. Elias Moreau, MD"

TITLE = "Migraine infusions: a logbook for your first month"
SLUG = "migraine-infusions-a-logbook-for-your-first-month"  # what the admin makes of the title
SEARCH_WORD = "logbook"
SUMMARY = "What to write down between infusions, so your physician can tell what is working."
RISKY_SENTENCE = "Infusions are a miracle for migraine."
FLAGGED = "miracle"
BODY = f"""## Before your first infusion

{RISKY_SENTENCE}

Most people need **several sessions** before they notice a change. Keep a short log:

- how many migraine days you had each week
- which medicines you took, and when

Bring the log to every visit.
"""
REASON = "Quoted as a patient's own words; the article goes on to say results vary."
# The marketer works at no clinic: a network article's times are on the network's clock.
NETWORK_ZONE = ZoneInfo(settings.PORTAL_NETWORK_TIME_ZONE)

ARTICLE_CHANGE = re.compile(r"/admin/content/article/(\d+)/change/$")
DEMO_DRAFT = "summer-special-start-your-series"
DEMO_IN_REVIEW = "ptsd-therapy-alongside-infusions"
DEMO_SCHEDULED = "questions-to-ask-at-your-consultation"


def test_an_article_is_written_reviewed_scheduled_and_published(page: Page, demo, new_context):
    # --- The marketer writes the article ----------------------------------------------------
    sign_in_to_admin(page, MARKETER)
    _expect_content_only(page)
    article_id = _write_article(page)
    change_url = f"/admin/content/article/{article_id}/change/"
    review_url = f"/admin/content/article/{article_id}/review/"

    _preview(page)
    page.goto(change_url)

    page.get_by_role("button", name="Send for medical review").click()
    expect(page).to_have_url(re.compile(rf"{change_url}$"))
    expect(page.locator(".messagelist .success")).to_have_text("Sent for medical review.")
    expect(_status(page)).to_have_text("In medical review")
    # She cannot approve her own article: no way to the review page, and typing it fails.
    expect(page.get_by_role("link", name="Review this article")).to_have_count(0)
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    assert page.request.get(review_url).status == 403
    _assert_accessible_admin_form(page, "an article in medical review, as its writer sees it")
    screenshot(page, "content-03-sent-for-review")

    # --- A physician reviews it, in another browser ----------------------------------------
    physician = new_context().new_page()
    sign_in_to_admin(physician, PHYSICIAN)
    physician.locator("#content-main").get_by_role("link", name="Articles", exact=True).click()
    physician.get_by_role("link", name=TITLE, exact=True).click()
    expect(physician).to_have_url(re.compile(rf"{change_url}$"))
    physician.get_by_role("link", name="Review this article").click()
    expect(physician).to_have_url(re.compile(rf"{review_url}$"))
    _review(physician, article_id)
    expect(physician).to_have_url(re.compile(rf"{change_url}$"))
    expect(physician.locator(".messagelist .success")).to_have_text(
        "Approved. A marketer can now publish it."
    )
    expect(_status(physician)).to_have_text("Approved")
    expect(_claims_panel(physician)).to_contain_text(REASON)
    # Publishing is the marketer's job, not the reviewer's.
    expect(physician.get_by_role("button", name="Publish now")).to_have_count(0)
    screenshot(physician, "content-06-approved-physician")

    # --- The marketer schedules it ------------------------------------------------------------
    go_live = _schedule(page, change_url)

    visitor = new_context().new_page()
    response = visitor.goto(f"/articles/{SLUG}/")
    assert response.status == 404, "a scheduled article is not public before its time"

    # The beat task's sweep, run as the scheduler would run it a second after the time.
    assert articles_publish_due(now=go_live + dt.timedelta(seconds=1)) == 1
    article = Article.objects.select_related("live_revision").get(pk=article_id)
    assert article.status == Article.Status.PUBLISHED
    assert article.first_published_at == go_live

    # --- An anonymous visitor finds and reads it ---------------------------------------------
    _find_it_everywhere(visitor)
    _read_it(visitor)

    visitor.goto("/conditions/crps/")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("CRPS")
    assert_accessible(visitor, "a condition page")
    screenshot(visitor, "content-12-condition-crps")

    page.goto(change_url)
    expect(_status(page)).to_have_text("Published")
    expect(page.get_by_role("link", name="revision 1 is live")).to_have_attribute(
        "href", f"/articles/{SLUG}/"
    )

    # The flagged excerpt is the sentence the phrase stands in, not the Markdown heading before
    # it too (the admin's textarea sends CRLF line ends; demo articles, with LF, are fine).
    expect(_claims_panel(page).get_by_role("listitem")).to_have_text(
        re.compile(rf"^Miracle language: {re.escape(RISKY_SENTENCE)}\s+Accepted by ")
    )


def test_unpublished_articles_and_the_preview_stay_off_the_public_site(page: Page, demo):
    draft = Article.objects.get(slug=DEMO_DRAFT)
    assert draft.status == Article.Status.DRAFT

    # The staff preview sends a visitor to the sign-in page.
    preview = f"/admin/content/article/{draft.pk}/preview/"
    direct = page.request.get(preview, max_redirects=0)
    assert direct.status == 302
    page.goto(preview)
    expect(page).to_have_url(
        re.compile(
            rf"/accounts/login/\?next=%2Fadmin%2Fcontent%2Farticle%2F{draft.pk}%2Fpreview%2F$"
        )
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    expect(page.get_by_text(draft.title)).to_have_count(0)
    assert_accessible(page, "the sign-in page")

    # A draft, an article in review and a scheduled one have no public page yet.
    for slug in (DEMO_DRAFT, DEMO_IN_REVIEW, DEMO_SCHEDULED):
        response = page.goto(f"/articles/{slug}/")
        assert response.status == 404, slug
        expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")
        title = Article.objects.get(slug=slug).title
        expect(page.get_by_text(title)).to_have_count(0)
        assert_accessible(page, f"the page-not-found page of {slug}")
    screenshot(page, "content-13-draft-not-found")

    page.goto("/articles/")
    assert_accessible(page, "the article listing")
    for slug in (DEMO_DRAFT, DEMO_IN_REVIEW, DEMO_SCHEDULED):
        title = Article.objects.get(slug=slug).title
        expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)


def test_saving_an_article_unchanged_keeps_its_place_in_the_workflow(page: Page, demo):
    """Opening a scheduled article and pressing Save without touching it changes nothing: it
    stays scheduled for the same time, with no new revision to review."""
    article = Article.objects.get(slug=DEMO_SCHEDULED)
    publish_at = article.publish_at
    assert (article.status, article.revisions.count()) == (Article.Status.SCHEDULED, 1)

    sign_in_to_admin(page, MARKETER)
    page.goto(f"/admin/content/article/{article.pk}/change/")
    expect(_status(page)).to_have_text("Scheduled")
    _assert_accessible_admin_form(page, "a scheduled article's change page")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    expect(_status(page)).to_have_text("Scheduled")
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Article.Status.SCHEDULED, publish_at)
    assert article.revisions.count() == 1, article.revisions.latest("number").changed_fields


# --- Steps of the journey -------------------------------------------------------------------


def _expect_content_only(page: Page) -> None:
    """The marketer's admin: the content section, nothing of patients, visits or clinics."""
    main = page.locator("#content-main")
    expect(main.get_by_role("table", name="Content")).to_be_visible()
    for section in ("Patients and accounts", "Scheduling", "Clinic network"):
        expect(main.get_by_role("table", name=section)).to_have_count(0)
    for model in ("Patient profiles", "Intakes", "Appointments", "Users"):
        expect(main.get_by_role("link", name=model, exact=True)).to_have_count(0)
    assert_accessible(page, "the admin index of a marketer")
    screenshot(page, "content-01-marketer-index")

    response = page.goto("/admin/patients/patientprofile/")
    assert response.status == 403
    assert_accessible(page, "the admin's refusal of a patient list to a marketer")
    assert page.request.get("/admin/scheduling/appointment/").status == 403
    page.goto("/admin/")


def _write_article(page: Page) -> int:
    page.locator("#content-main").get_by_role("link", name="Articles", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/content/article/$"))
    assert_accessible(page, "the list of articles")
    page.get_by_role("link", name="Add article").click()
    expect(page).to_have_url(re.compile(r"/admin/content/article/add/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add article")

    page.get_by_label("Title:", exact=True).fill(TITLE)
    page.get_by_label("Summary:", exact=True).fill(SUMMARY)
    # The address is made from the title as it is typed.
    expect(page.get_by_label("Slug:", exact=True)).to_have_value(SLUG)
    page.get_by_label("Body:", exact=True).fill(BODY)
    page.locator("#id_conditions_from").select_option(label="Migraine")
    page.get_by_role("button", name="Choose selected conditions").click()
    expect(page.locator("#id_conditions_to option")).to_have_text(["Migraine"])
    _assert_accessible_admin_form(page, "the add-article form")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page).to_have_url(ARTICLE_CHANGE)
    article_id = int(ARTICLE_CHANGE.search(page.url).group(1))
    expect(page.locator(".messagelist .warning")).to_contain_text(
        "The claims check flagged 1 phrase(s); they are highlighted below."
    )
    expect(_status(page)).to_have_text("Draft")
    panel = _claims_panel(page)
    expect(panel).to_contain_text("Miracle language")
    expect(panel).to_contain_text(RISKY_SENTENCE)
    expect(panel.locator("mark")).to_have_text([FLAGGED])
    expect(page.locator("#id_conditions_to option")).to_have_text(["Migraine"])
    _assert_accessible_admin_form(page, "an article's change page with a flagged claim")
    screenshot(page, "content-02-draft-flagged")

    article = Article.objects.get(pk=article_id)
    assert (article.slug, article.status, article.clinic_id) == (SLUG, Article.Status.DRAFT, None)
    assert [c.phrase for c in article.revisions.get().claims.all()] == [FLAGGED]
    return article_id


def _preview(page: Page) -> None:
    """Staff see the working copy as the public page will show it, flagged phrases marked."""
    page.locator(".object-tools").get_by_role("link", name="Preview").click()
    expect(page).to_have_url(re.compile(r"/admin/content/article/\d+/preview/$"))
    expect(page.get_by_role("status")).to_contain_text("Preview of the working copy")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".prose mark")).to_have_text([FLAGGED])
    expect(page.get_by_text("Not yet medically reviewed.")).to_be_visible()
    assert_accessible(page, "the staff preview of an article")
    screenshot(page, "content-02b-preview")


def _review(physician: Page, article_id: int) -> None:
    expect(physician.get_by_role("heading", level=1)).to_have_text(f"Medical review: {TITLE}")
    expect(physician.get_by_role("heading", name="1 flagged claim")).to_be_visible()
    expect(physician.locator(".claims-panel mark")).to_have_text([FLAGGED])
    expect(physician.locator(".review-body mark")).to_have_text([FLAGGED])
    expect(physician.locator(".review-body h2")).to_have_text("Before your first infusion")
    reason = physician.get_by_label(
        f"Why \N{LEFT DOUBLE QUOTATION MARK}{FLAGGED}\N{RIGHT DOUBLE QUOTATION MARK} may stay"
    )
    expect(reason).to_have_value("")
    assert_accessible(physician, "the medical review page")
    screenshot(physician, "content-04-review")

    # Approving without a word on the flagged phrase is refused, naming the phrase.
    physician.get_by_label("Approve", exact=True).check()
    physician.get_by_role("button", name="Record my decision").click()
    expect(physician).to_have_url(re.compile(rf"/admin/content/article/{article_id}/review/$"))
    error = physician.locator(".errornote")
    expect(error).to_contain_text("1 flagged claim(s) still need your decision")
    expect(error).to_contain_text(
        f"\N{LEFT DOUBLE QUOTATION MARK}{FLAGGED}\N{RIGHT DOUBLE QUOTATION MARK}"
    )
    article = Article.objects.get(pk=article_id)
    assert article.status == Article.Status.IN_REVIEW
    revision = article.revisions.get()
    assert revision.state == ArticleRevision.State.IN_REVIEW
    assert not revision.claims.filter(accepted_by__isnull=False).exists()
    assert_accessible(physician, "the medical review page with an error")
    screenshot(physician, "content-05-review-refused")

    reason.fill(REASON)
    expect(physician.get_by_label("Approve", exact=True)).to_be_checked()
    physician.get_by_role("button", name="Record my decision").click()


def _schedule(page: Page, change_url: str) -> dt.datetime:
    """The marketer schedules the approved article a little ahead; returns the time."""
    page.goto(change_url)
    expect(_status(page)).to_have_text("Approved")
    expect(page.locator(".content-workflow")).to_contain_text("Medically reviewed by")
    expect(page.get_by_role("link", name="Review this article")).to_have_count(0)
    go_live = (timezone.now().astimezone(NETWORK_ZONE) + dt.timedelta(minutes=3)).replace(
        second=0, microsecond=0
    )
    field = page.get_by_label("Go live at")
    expect(page.locator(".schedule-form")).to_contain_text(f"In {zone_label(NETWORK_ZONE)}.")
    field.fill(go_live.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()

    expect(page).to_have_url(re.compile(rf"{change_url}$"))
    when = local_time(go_live, NETWORK_ZONE)  # e.g. Tue Nov 10 2026, 9:00 AM PST
    expect(page.locator(".messagelist .success")).to_have_text(
        f"Scheduled: it goes live by itself on {when}."
    )
    expect(_status(page)).to_have_text("Scheduled")
    expect(page.locator(".content-workflow")).to_contain_text(f"goes live {when}")
    expect(page.get_by_role("button", name="Cancel the schedule")).to_be_visible()
    _assert_accessible_admin_form(page, "a scheduled article's change page")
    screenshot(page, "content-07-scheduled")
    assert Article.objects.get(slug=SLUG).publish_at == go_live
    return go_live


def _find_it_everywhere(visitor: Page) -> None:
    visitor.goto("/articles/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Articles")
    card = visitor.locator(".article-card").filter(
        has=visitor.get_by_role("link", name=TITLE, exact=True)
    )
    expect(card).to_contain_text(SUMMARY)
    expect(card).to_contain_text("Migraine")
    # Feed readers find the feeds from the listing.
    for kind, href in (("rss", "/articles/feed/"), ("atom", "/articles/feed/atom/")):
        feed_link = visitor.locator(f'link[rel="alternate"][type="application/{kind}+xml"]')
        expect(feed_link).to_have_attribute("href", href)
    assert_accessible(visitor, "the article listing")
    screenshot(visitor, "content-08-listing")

    visitor.get_by_label("Condition").select_option(label="Migraine")
    visitor.get_by_role("button", name="Filter").click()
    expect(visitor).to_have_url(re.compile(r"/articles/\?condition=migraine"))
    expect(visitor.get_by_role("link", name=TITLE, exact=True)).to_be_visible()

    visitor.goto(f"/search/?q={SEARCH_WORD}")
    expect(visitor.get_by_role("main").get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    assert_accessible(visitor, "the search results")
    screenshot(visitor, "content-09-search")

    rss = visitor.request.get("/articles/feed/")
    assert rss.ok
    assert rss.headers["content-type"].startswith("application/rss+xml")
    assert f"<title>{TITLE}</title>" in rss.text()
    assert f"/articles/{SLUG}/</link>" in rss.text()
    atom = visitor.request.get("/articles/feed/atom/")
    assert atom.ok
    assert atom.headers["content-type"].startswith("application/atom+xml")
    assert f"<title>{TITLE}</title>" in atom.text()
    assert re.search(rf'<link [^>]*href="[^"]*/articles/{SLUG}/"', atom.text()), atom.text()[:600]

    sitemap = visitor.request.get("/sitemap.xml")
    assert sitemap.ok
    assert f"/articles/{SLUG}/</loc>" in sitemap.text()

    visitor.goto("/conditions/migraine/")
    expect(visitor.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    assert_accessible(visitor, "the condition page that lists the article")


def _read_it(visitor: Page) -> None:
    visitor.get_by_role("link", name=TITLE, exact=True).click()
    expect(visitor).to_have_url(re.compile(rf"/articles/{SLUG}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".reviewed-by")).to_contain_text(
        f"Medically reviewed by {PHYSICIAN_NAME} on"
    )
    prose = visitor.locator(".prose")
    expect(prose.get_by_role("heading", level=2)).to_have_text("Before your first infusion")
    expect(prose.locator("strong")).to_have_text("several sessions")
    expect(prose.get_by_role("listitem")).to_have_count(2)
    expect(prose).to_contain_text(RISKY_SENTENCE)
    for markdown in ("##", "**", "- how many"):
        expect(prose).not_to_contain_text(markdown)
    # The highlighting is for staff; the public page has none.
    expect(visitor.locator("mark")).to_have_count(0)
    expect(visitor.get_by_role("link", name="Migraine", exact=True)).to_be_visible()
    assert_accessible(visitor, "the published article")
    screenshot(visitor, "content-10-article")

    # Search engines are told this is the article's own address.
    assert (
        visitor.locator('link[rel="canonical"]')
        .get_attribute("href")
        .endswith(f"/articles/{SLUG}/")
    )


# --- Small helpers -----------------------------------------------------------------------------


def _assert_accessible_admin_form(page: Page, name: str) -> None:
    """assert_accessible, less one known fault of Django's own filter_horizontal widget (the
    article's conditions): SelectFilter2.js puts aria-label on a plain <span> (the magnifier
    icon), which axe reports as aria-prohibited-attr. Every other problem still fails."""
    problems = []
    for violation in axe_violations(page):
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        nodes = [
            node
            for node in violation["nodes"]
            if not (
                violation["id"] == "aria-prohibited-attr"
                and any("search-label-icon" in target for target in node["target"])
            )
        ]
        if nodes:
            targets = ", ".join(" ".join(node["target"]) for node in nodes[:3])
            problems.append(
                f"- {violation['id']} [{violation['impact']}]: {violation['help']}"
                f"\n    at {targets}"
            )
    assert not problems, f"axe-core found accessibility problems on {name}:\n" + "\n".join(problems)


def _status(page: Page):
    return page.locator(".content-workflow .workflow-status")


def _claims_panel(page: Page):
    return page.get_by_role("region", name="Flagged claims")
