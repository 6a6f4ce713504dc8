"""The editorial workflow: who may move an article from draft to live, and what the public sees
at every step."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from clinic.models import ClinicMembership
from clinic.roles import MARKETER
from content.models import Article, ArticleRevision
from content.services import (
    article_approve,
    article_archive,
    article_publish,
    article_request_changes,
    article_restore,
    article_revision_record,
    article_submit_for_review,
    articles_publish_due,
)
from content.tasks import publish_due_articles
from tests.content.conftest import (
    approved_article,
    draft_article,
    in_a_while,
    published_article,
)
from tests.factories import ClinicFactory, staff_member

pytestmark = pytest.mark.django_db
Role = ClinicMembership.Role


def public_status(client, article) -> int:
    return client.get(f"/articles/{article.slug}/").status_code


def test_an_article_goes_from_draft_to_live_through_review(client, marketer, reviewer):
    article = draft_article(marketer, title="What an infusion day looks like")
    assert public_status(client, article) == 404

    article_submit_for_review(article=article, by=marketer)
    assert public_status(client, article) == 404

    article_approve(article=article, by=reviewer, note="Clear and accurate.")
    assert public_status(client, article) == 404  # approved is not yet published

    article_publish(article=article, by=marketer)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    page = client.get("/articles/what-an-infusion-day-looks-like/")
    assert page.status_code == 200
    assert "Medically reviewed by" in page.content.decode()


def test_a_marketer_cannot_approve(marketer):
    article = draft_article(marketer)
    article_submit_for_review(article=article, by=marketer)

    with pytest.raises(PermissionDenied, match="medical reviewer"):
        article_approve(article=article, by=marketer)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


@pytest.mark.parametrize("role", [Role.NURSE, Role.FRONT_DESK, Role.CLINIC_MANAGER])
def test_only_a_physician_role_reviews(clinic, marketer, role):
    article = draft_article(marketer)
    article_submit_for_review(article=article, by=marketer)

    with pytest.raises(PermissionDenied):
        article_approve(article=article, by=staff_member(clinic, role))


def test_a_clinics_article_is_reviewed_by_that_clinics_physician(clinic, marketer, reviewer):
    other_physician = staff_member(ClinicFactory(), Role.PHYSICIAN)
    article = draft_article(marketer, clinic=clinic)
    article_submit_for_review(article=article, by=marketer)

    with pytest.raises(PermissionDenied):
        article_approve(article=article, by=other_physician)
    article_approve(article=article, by=reviewer)


def test_a_reviewer_cannot_approve_their_own_writing(clinic, reviewer):
    reviewer.groups.add(Group.objects.get(name=MARKETER))  # a physician who also writes
    article = draft_article(reviewer)
    article_submit_for_review(article=article, by=reviewer)

    with pytest.raises(ValidationError, match="another clinician"):
        article_approve(article=article, by=reviewer)


def test_only_an_approved_article_publishes(marketer):
    article = draft_article(marketer)

    with pytest.raises(ValidationError, match="approved"):
        article_publish(article=article, by=marketer)
    article_submit_for_review(article=article, by=marketer)
    with pytest.raises(ValidationError, match="approved"):
        article_publish(article=article, by=marketer)
    assert Article.objects.get(pk=article.pk).live_revision is None


def test_every_flagged_claim_needs_the_reviewers_decision(marketer, reviewer):
    article = draft_article(
        marketer, body="Our infusions are a miracle. Results are guaranteed for everyone."
    )
    article_submit_for_review(article=article, by=marketer)
    miracle, guarantee = article.revisions.get().claims.order_by("pk")

    with pytest.raises(ValidationError, match="“guaranteed”") as refused:
        article_approve(
            article=article, by=reviewer, accepted_claims={miracle.pk: "A quoted patient's word."}
        )
    assert "miracle" not in str(refused.value)
    # The refusal saved nothing: the first acceptance is rolled back with it.
    miracle.refresh_from_db()
    assert not miracle.is_accepted
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    article_approve(
        article=article,
        by=reviewer,
        accepted_claims={miracle.pk: "Quoted from a patient.", guarantee.pk: "Checked."},
    )
    miracle.refresh_from_db()
    assert miracle.accepted_by == reviewer
    assert miracle.acceptance_note == "Quoted from a patient."


def test_rewording_resolves_a_claim(marketer, reviewer):
    article = draft_article(marketer, body="Ketamine is a miracle.")
    article.body = "Ketamine helps some people."
    article.save()
    article_revision_record(article=article, by=marketer)
    article_submit_for_review(article=article, by=marketer)

    article_approve(article=article, by=reviewer)  # nothing left to decide

    assert article.revisions.first().claims.count() == 0


def test_requesting_changes_sends_it_back_with_the_note(marketer, reviewer):
    article = draft_article(marketer)
    article_submit_for_review(article=article, by=marketer)

    with pytest.raises(ValidationError):
        article_request_changes(article=article, by=reviewer, note="  ")
    article_request_changes(article=article, by=reviewer, note="Add the blood pressure risk.")

    article.refresh_from_db()
    revision = article.revisions.first()
    assert article.status == Article.Status.DRAFT
    assert revision.state == ArticleRevision.State.CHANGES_REQUESTED
    assert revision.review_note == "Add the blood pressure risk."
    article_submit_for_review(article=article, by=marketer)  # it can go back as is or edited


def test_editing_a_live_article_keeps_the_approved_text_live(client, marketer, reviewer):
    article = published_article(marketer, reviewer, body="The approved words.")

    article.body = "Brand new words that no clinician has read."
    article.save()
    revision = article_revision_record(article=article, by=marketer)

    article.refresh_from_db()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "The approved words." in page
    assert "Brand new words" not in page
    assert article.status == Article.Status.DRAFT
    assert revision.number == 2
    assert revision.changed_fields == ["body"]

    article_submit_for_review(article=article, by=marketer)
    article_approve(article=article, by=reviewer)
    article_publish(article=article, by=marketer)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Brand new words" in page
    states = dict(article.revisions.values_list("number", "state"))
    assert states == {1: "superseded", 2: "published"}


def test_saving_without_a_content_change_makes_no_revision(marketer):
    article = draft_article(marketer)

    assert article_revision_record(article=article, by=marketer) is None
    assert article.revisions.count() == 1


def test_a_publish_time_in_the_past_is_refused(marketer, reviewer):
    article = approved_article(marketer, reviewer)

    with pytest.raises(ValidationError, match="already passed"):
        article_publish(article=article, by=marketer, at=in_a_while(minutes=-5))

    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED
    assert article.publish_at is None


def test_a_scheduled_article_goes_live_by_itself_at_its_time(client, marketer, reviewer):
    go_live = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC), tick=False):
        article = published_article(marketer, reviewer, at=go_live)
    assert article.status == Article.Status.SCHEDULED

    with time_machine.travel(go_live - dt.timedelta(minutes=1), tick=False):
        assert publish_due_articles() == 0
        assert public_status(client, article) == 404
    with time_machine.travel(go_live + dt.timedelta(seconds=30), tick=False):
        assert publish_due_articles() == 1
        assert publish_due_articles() == 0  # a second beat does nothing
        assert public_status(client, article) == 200

    article.refresh_from_db()
    assert article.first_published_at == go_live


def test_an_edit_after_scheduling_cancels_the_schedule(marketer, reviewer):
    article = published_article(marketer, reviewer, at=in_a_while(days=2))

    article.title = "A new title nobody reviewed"
    article.save()
    article_revision_record(article=article, by=marketer)

    assert articles_publish_due(now=in_a_while(days=3)) == 0
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.live_revision is None


def test_archiving_takes_it_off_the_site_and_restoring_brings_it_back(client, marketer, reviewer):
    article = published_article(marketer, reviewer)

    article_archive(article=article, by=marketer)
    assert public_status(client, article) == 404

    article_restore(article=article, by=marketer)
    assert public_status(client, article) == 200


def test_the_database_refuses_a_published_article_without_a_live_revision(marketer):
    article = draft_article(marketer)

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="published")
