"""What a visitor reads: condition pages, the article listing and pages, search, the feeds, the
sitemap and robots.txt, each at a fixed number of queries."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from clinic.models import ClinicMembership
from content.models import Resource, SuccessStory
from tests.content.conftest import draft_article, published_article
from tests.factories import ClinicFactory, staff_member

pytestmark = pytest.mark.django_db
Role = ClinicMembership.Role

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(response) -> dict:
    html = response.content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_condition_page_shows_evidence_clinics_review_and_json_ld(
    client, condition, clinic, reviewer
):
    condition.reviewed_by = reviewer
    condition.last_reviewed = dt.date(2026, 9, 2)
    condition.save()

    response = client.get("/conditions/crps/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Moderate" in page
    assert "Several small trials found less pain" in page
    assert f'href="/clinics/{clinic.slug}/"' in page
    assert "<li>Burning pain</li>" in page  # Markdown rendered
    name = reviewer.staff_profile.name_with_credentials
    assert f"Medically reviewed by {name} on September 2, 2026." in page
    data = json_ld(response)
    assert data["@type"] == "MedicalWebPage"
    assert data["about"] == {"@type": "MedicalCondition", "name": condition.name}
    assert data["lastReviewed"] == "2026-09-02"
    assert data["reviewedBy"]["name"] == name


def test_an_old_review_shows_its_real_date_and_says_it_is_due(client, condition, reviewer):
    condition.reviewed_by = reviewer
    condition.last_reviewed = timezone.localdate() - dt.timedelta(days=400)
    condition.save()

    page = client.get("/conditions/crps/").content.decode()

    assert condition.last_reviewed.strftime("%B %-d, %Y") in page
    assert "more than a year old" in page


def test_condition_page_lists_resources_and_only_consented_stories(client, condition, clinic):
    Resource.objects.create(
        name="988 Lifeline", url="https://988lifeline.org/", description="Crisis line.",
        kind="crisis", phone="988", for_every_condition=True,
    )  # fmt: skip
    SuccessStory.objects.create(
        display_name="Rosa L.", condition=condition, clinic=clinic, story="Never consented.",
    )  # fmt: skip
    SuccessStory.objects.create(
        display_name="Denise R.", condition=condition, clinic=clinic, story="It helped a bit.",
        consent_given_by="Denise Rivera", consent_given_at=timezone.now(),
        consent_method="signed_form", is_published=True,
    )  # fmt: skip

    page = client.get("/conditions/crps/").content.decode()

    assert "988 Lifeline" in page
    assert "It helped a bit." in page
    assert "Individual results vary" in page
    assert "Never consented." not in page
    assert "Denise Rivera" not in page  # the consent record stays in the admin


def test_article_page_has_review_line_seo_and_open_graph(client, marketer, reviewer, condition):
    article = published_article(
        marketer, reviewer, title="Ketamine for CRPS", conditions=[condition],
        body="## What trials found\n\nSome people had less pain.", tags=["evidence"],
        seo_title="CRPS and ketamine: the evidence", seo_description="What trials found.",
    )  # fmt: skip

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert "<title>CRPS and ketamine: the evidence" in page
    assert '<meta name="description" content="What trials found.">' in page
    assert '<meta property="og:title" content="CRPS and ketamine: the evidence">' in page
    assert f'<link rel="canonical" href="http://testserver/articles/{article.slug}/">' in page
    assert "<h2>What trials found</h2>" in page
    name = reviewer.staff_profile.name_with_credentials
    assert f"Medically reviewed by {name} on" in page
    assert "1 min read" in page
    data = json_ld(response)
    assert data["reviewedBy"]["name"] == name
    assert data["about"][0]["name"] == condition.name


def test_listing_filters_by_condition_and_clinic(client, marketer, reviewer, condition, clinic):
    other_clinic = ClinicFactory(slug="elsewhere")
    published_article(marketer, reviewer, title="About CRPS", conditions=[condition])
    published_article(marketer, reviewer, title="Network wide note")
    published_article(
        marketer, staff_member(other_clinic, Role.PHYSICIAN), title="Only elsewhere",
        clinic=other_clinic,
    )  # fmt: skip
    draft_article(marketer, title="Unpublished draft")

    def titles(query=""):
        page = client.get(f"/articles/{query}").context["page"]
        return {article.live_revision.title for article in page.object_list}

    assert titles() == {"About CRPS", "Network wide note", "Only elsewhere"}
    assert titles("?condition=crps") == {"About CRPS"}
    assert titles(f"?clinic={clinic.slug}") == {"About CRPS", "Network wide note"}
    assert titles("?condition=no-such-thing") == titles()  # an unknown filter is ignored


def test_listing_paginates_twelve_a_page(client, marketer, reviewer):
    for n in range(14):
        published_article(marketer, reviewer, title=f"Article number {n}")

    first = client.get("/articles/")
    second = client.get("/articles/?page=2")

    assert len(first.context["page"].object_list) == 12
    assert len(second.context["page"].object_list) == 2
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(
    "url", ["/articles/", "/articles/?condition=crps", "/conditions/crps/", "/search/?q=pain"]
)
def test_pages_take_the_same_queries_for_3_or_30_articles(
    client, django_assert_num_queries, marketer, reviewer, condition, url
):
    def make(count):
        for _ in range(count):
            published_article(
                marketer, reviewer, title=f"Pain note {make.n}", conditions=[condition]
            )
            make.n += 1

    make.n = 0
    make(3)
    client.get(url)  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(27)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_article_page_query_count_is_fixed(client, django_assert_max_num_queries, marketer,
                                           reviewer, condition):  # fmt: skip
    article = published_article(marketer, reviewer, conditions=[condition])
    for n in range(5):
        published_article(marketer, reviewer, title=f"Related {n}", conditions=[condition])

    with django_assert_max_num_queries(6):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_search_ranks_title_matches_above_body_mentions(client, marketer, reviewer):
    published_article(
        marketer, reviewer, title="Sleep and pacing",
        body="A note on fibromyalgia in passing, among many other words about sleep.",
    )  # fmt: skip
    published_article(
        marketer, reviewer, title="Living with fibromyalgia",
        body="Fibromyalgia brings widespread pain and tiredness.",
    )  # fmt: skip
    published_article(marketer, reviewer, title="Unrelated", body="Nothing to see.")

    page = client.get("/search/?q=fibromyalgia").context["page"]

    assert [a.live_revision.title for a in page.object_list] == [
        "Living with fibromyalgia",
        "Sleep and pacing",
    ]


def test_search_understands_word_forms_and_ignores_drafts(client, marketer, reviewer):
    published_article(marketer, reviewer, title="How infusions work", body="A nurse stays.")
    draft_article(marketer, title="Infusion secrets", body="Not yet reviewed.")

    page = client.get("/search/?q=infusion").context["page"]

    assert [a.live_revision.title for a in page.object_list] == ["How infusions work"]


def test_search_offers_near_matches_for_a_typo(client, marketer, reviewer, condition):
    published_article(marketer, reviewer, title="Fibromyalgia and sleep")

    response = client.get("/search/?q=fibromyalga")

    results = response.context["results"]
    assert results.near_matches
    assert [a.live_revision.title for a in results.articles] == ["Fibromyalgia and sleep"]
    assert "Did you mean" in response.content.decode()


def test_search_survives_hostile_queries(client):
    for query in ["'; DROP TABLE content_article; --", "a & | ! ( :*", "\u0000", "x" * 5000]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200


def test_rss_and_atom_feeds_are_valid_and_list_live_articles_only(client, marketer, reviewer):
    live = published_article(marketer, reviewer, title="Live & well <ok>")
    draft_article(marketer, title="Draft only")

    rss = client.get("/articles/feed/")
    atom = client.get("/articles/feed/atom/")

    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Live & well <ok>"]
    assert items[0].findtext("link") == f"http://testserver{live.get_absolute_url()}"
    assert items[0].findtext("pubDate")
    feed = ET.fromstring(atom.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Live & well <ok>"]
    assert entries[0].findtext(f"{ATOM}id") and entries[0].findtext(f"{ATOM}updated")


def test_sitemap_lists_every_public_page_and_no_draft(client, marketer, reviewer, condition,
                                                      clinic):  # fmt: skip
    live = published_article(marketer, reviewer, title="In the sitemap")
    draft = draft_article(marketer, title="Not in the sitemap")

    response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    base = "http://testserver"
    assert {
        f"{base}/", f"{base}/clinics/", f"{base}/conditions/", f"{base}/articles/",
        f"{base}/resources/", f"{base}{live.get_absolute_url()}", f"{base}/conditions/crps/",
        f"{base}/clinics/{clinic.slug}/",
    } <= locations  # fmt: skip
    assert f"{base}{draft.get_absolute_url()}" not in locations
    assert not [loc for loc in locations if "/admin/" in loc or "/portal/" in loc]


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for path in ("/admin/", "/portal/", "/accounts/"):
        assert f"Disallow: {path}" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_unknown_pages_get_the_friendly_404(client, settings):
    settings.DEBUG = False

    response = client.get("/articles/no-such-article/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert 'href="/conditions/"' in page


def test_the_preview_is_for_staff_only(client, marketer):
    article = draft_article(marketer, body="A miracle, says the draft.")

    anonymous = client.get(f"/admin/content/article/{article.pk}/preview/")
    client.force_login(marketer)
    staff = client.get(f"/admin/content/article/{article.pk}/preview/")

    assert anonymous.status_code == 302
    assert staff.status_code == 200
    assert "<mark>miracle</mark>" in staff.content.decode()
    assert staff["X-Robots-Tag"] == "noindex, nofollow"


def test_a_scheduled_article_is_not_public_before_its_time(client, marketer, reviewer):
    with time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC), tick=False):
        article = published_article(
            marketer, reviewer, at=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
        )
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
