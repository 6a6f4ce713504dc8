"""The content section of the admin as marketers and clinicians use it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from content.models import Article, ArticleRevision, Condition
from tests.content.conftest import draft_article, published_article

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/content/article/add/"


def image_file(width=1200, height=800, fmt="PNG", name="hero.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 160)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def article_form(**overrides) -> dict:
    data = {
        "title": "Getting home after an infusion",
        "slug": "getting-home",
        "summary": "Why someone drives you home, and what the evening looks like.",
        "body": "## The ride\n\nSomeone you trust drives you home.",
        "hero_alt": "",
        "tags": "aftercare, first visit",
        "clinic": "",
        "seo_title": "",
        "seo_description": "",
        "canonical_url": "",
    }
    data.update(overrides)
    return data


def test_a_marketer_writes_an_article_and_sees_risky_claims_flagged(client, marketer):
    client.force_login(marketer)

    response = client.post(
        ADD_URL,
        article_form(body="Infusions are a miracle. You will be pain-free after six."),
        follow=True,
    )

    article = Article.objects.get(slug="getting-home")
    revision = article.revisions.get()
    assert article.author == marketer
    assert article.status == Article.Status.DRAFT
    assert article.tags == ["aftercare", "first visit"]
    assert [c.code for c in revision.claims.all()] == ["miracle", "outcome_promise"]
    page = response.content.decode()
    assert "The claims check flagged 2 phrase(s)" in page
    assert "<mark>miracle</mark>" in page
    assert "<mark>You will be pain-free</mark>" in page


def test_a_marketer_sends_it_for_review_but_cannot_open_the_review(client, marketer):
    article = draft_article(marketer)
    client.force_login(marketer)

    client.post(f"/admin/content/article/{article.pk}/workflow/", {"action": "submit"})
    review = client.get(f"/admin/content/article/{article.pk}/review/")

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert review.status_code == 403


def test_a_physician_approves_with_a_reason_for_each_claim(client, marketer, reviewer):
    article = draft_article(marketer, body="A miracle for some.")
    client.force_login(marketer)
    client.post(f"/admin/content/article/{article.pk}/workflow/", {"action": "submit"})
    claim = article.revisions.get().claims.get()
    client.force_login(reviewer)
    url = f"/admin/content/article/{article.pk}/review/"

    refused = client.post(url, {"decision": "approve", "note": ""})
    approved = client.post(
        url, {"decision": "approve", "note": "", f"claim_{claim.pk}": "A patient's own word."}
    )

    assert refused.status_code == 200
    assert "still need your decision" in refused.content.decode()
    assert "“miracle”" in refused.content.decode()
    assert approved.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED
    assert article.revisions.get().reviewed_by == reviewer


def test_the_workflow_buttons_refuse_clearly(client, marketer, reviewer):
    article = draft_article(marketer)
    client.force_login(marketer)

    response = client.post(
        f"/admin/content/article/{article.pk}/workflow/", {"action": "publish_now"}, follow=True
    )

    assert "Only an article a medical reviewer has approved can be published" in (
        response.content.decode()
    )
    client.force_login(reviewer)
    response = client.post(
        f"/admin/content/article/{article.pk}/workflow/", {"action": "archive"}, follow=True
    )
    assert "You cannot archive articles." in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_scheduling_in_the_past_is_refused_in_the_admin(client, marketer, reviewer):
    from tests.content.conftest import approved_article

    article = approved_article(marketer, reviewer)
    client.force_login(marketer)

    response = client.post(
        f"/admin/content/article/{article.pk}/workflow/",
        {"action": "schedule", "publish_at": "2020-01-01T09:00"},
        follow=True,
    )

    assert "That time has already passed" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.APPROVED


def test_a_hero_image_is_resized_re_encoded_and_needs_alt_text(client, marketer):
    client.force_login(marketer)

    missing_alt = client.post(ADD_URL, {**article_form(), "hero_image": image_file(2400, 1600)})
    assert "alt text is required" in missing_alt.content.decode()
    assert not Article.objects.exists()  # nothing half-saved

    client.post(
        ADD_URL,
        {
            **article_form(hero_alt="A reclining chair by a window"),
            "hero_image": image_file(2400, 1600),
        },
    )

    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (1600, 1067)
    assert article.hero_image.name.endswith(".jpg")
    with Image.open(article.hero_image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (1600, 1067)
    assert article.revisions.get().hero_image.name == article.hero_image.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("hero.png", b"not an image at all", "image/png"), "valid image"),
        (image_file(300, 200), "at least 600"),
        (image_file(1200, 800, "GIF", "hero.gif"), "GIF images are not accepted"),
    ],
    ids=["not-an-image", "too-small", "gif"],
)
def test_bad_hero_uploads_are_refused_and_the_text_is_kept(client, marketer, upload, message):
    client.force_login(marketer)

    response = client.post(ADD_URL, {**article_form(hero_alt="Chair"), "hero_image": upload})

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Someone you trust drives you home." in page  # what was typed stays
    assert not Article.objects.exists()


def test_a_huge_upload_is_refused(client, marketer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    client.force_login(marketer)
    big = SimpleUploadedFile("hero.jpg", b"\xff\xd8" + b"0" * (9 * 1024 * 1024), "image/jpeg")

    response = client.post(ADD_URL, {**article_form(hero_alt="Chair"), "hero_image": big})

    assert response.status_code == 200
    assert not Article.objects.exists()


def test_a_clashing_slug_is_refused_clearly(client, marketer):
    draft_article(marketer, title="Getting home", slug="getting-home")
    client.force_login(marketer)

    response = client.post(ADD_URL, article_form())

    assert "Another article already uses this address" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_published_articles_slug_stays(client, marketer, reviewer):
    article = published_article(marketer, reviewer, title="Getting home", slug="getting-home")
    client.force_login(marketer)

    response = client.post(
        f"/admin/content/article/{article.pk}/change/", article_form(slug="new-address")
    )

    assert "its address stays" in response.content.decode()
    assert Article.objects.get(pk=article.pk).slug == "getting-home"


def test_editing_a_live_article_in_the_admin_says_the_live_version_stays(
    client, marketer, reviewer
):
    article = published_article(marketer, reviewer, title="Getting home", slug="getting-home")
    client.force_login(marketer)

    response = client.post(
        f"/admin/content/article/{article.pk}/change/",
        article_form(body="Brand new words."),
        follow=True,
    )

    assert "The published version stays live" in response.content.decode()
    assert article.revisions.filter(state=ArticleRevision.State.PUBLISHED).count() == 1
    assert client.get("/articles/getting-home/").content.decode().count("Brand new words") == 0


def test_revision_history_shows_who_changed_what(client, marketer, reviewer):
    article = published_article(marketer, reviewer, title="Getting home", slug="getting-home")
    client.force_login(marketer)
    client.post(f"/admin/content/article/{article.pk}/change/", article_form(body="New words."))

    page = client.get(f"/admin/content/article/{article.pk}/revisions/").content.decode()

    assert "body" in page
    assert "<ins>+ New words.</ins>" in page
    assert str(marketer) in page and str(reviewer) in page


def test_marketers_reach_no_patient_or_appointment_page(client, marketer):
    client.force_login(marketer)

    for url in [
        "/admin/patients/patientprofile/",
        "/admin/patients/intake/",
        "/admin/scheduling/appointment/",
        "/admin/patients/auditevent/",
        "/admin/clinic/clinic/",
    ]:
        assert client.get(url).status_code == 403, url


def test_only_reviewers_edit_a_conditions_medical_text(client, marketer, reviewer, condition):
    url = f"/admin/content/condition/{condition.pk}/change/"
    client.force_login(marketer)
    as_marketer = client.get(url)
    client.force_login(reviewer)
    as_reviewer = client.get(url)

    assert "symptoms" not in as_marketer.context["adminform"].form.fields
    assert "symptoms" in as_reviewer.context["adminform"].form.fields


def test_a_reviewer_records_a_condition_review(client, marketer, reviewer, condition):
    url = f"/admin/content/condition/{condition.pk}/mark-reviewed/"
    client.force_login(marketer)
    client.post(url)
    condition.refresh_from_db()
    assert condition.last_reviewed is None

    client.force_login(reviewer)
    client.post(url)

    condition.refresh_from_db()
    assert condition.reviewed_by == reviewer
    assert condition.last_reviewed is not None


def test_a_condition_with_a_flagged_phrase_needs_it_accepted(client, reviewer, condition):
    Condition.objects.filter(pk=condition.pk).update(treatment="A proven treatment.")
    client.force_login(reviewer)
    url = f"/admin/content/condition/{condition.pk}/mark-reviewed/"

    refused = client.post(url, follow=True)
    condition.refresh_from_db()
    assert condition.last_reviewed is None
    assert "flagged phrase" in refused.content.decode()

    client.post(url, {"accept_claims": "on"})
    condition.refresh_from_db()
    assert condition.last_reviewed is not None


def test_the_review_due_page_lists_old_reviews(client, marketer, reviewer, condition):
    import datetime as dt

    from django.utils import timezone

    Condition.objects.filter(pk=condition.pk).update(
        reviewed_by=reviewer, last_reviewed=timezone.localdate() - dt.timedelta(days=500)
    )
    client.force_login(marketer)

    page = client.get("/admin/content/article/review-due/").content.decode()

    assert condition.name in page
