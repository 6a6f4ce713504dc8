"""Content test helpers: people of the editorial workflow and articles at each stage, made
through the same services the admin uses."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.text import slugify

from clinic.models import ClinicMembership
from clinic.roles import MARKETER
from content.models import Article, Condition
from content.services import (
    article_approve,
    article_publish,
    article_revision_record,
    article_submit_for_review,
    condition_index,
)
from tests.factories import ClinicFactory, network_user, staff_member

Role = ClinicMembership.Role


@pytest.fixture
def clinic():
    return ClinicFactory(name="Arroyo Test Clinic", slug="arroyo-test")


@pytest.fixture
def marketer():
    return network_user(MARKETER, first_name="Maya", last_name="Writer")


@pytest.fixture
def reviewer(clinic):
    return staff_member(clinic, Role.PHYSICIAN, first_name="Elias", last_name="Reviewer")


@pytest.fixture
def condition(clinic):
    crps = Condition.objects.create(
        name="Complex regional pain syndrome",
        slug="crps",
        summary="A long-lasting pain, usually in an arm or leg, after an injury.",
        symptoms="- Burning pain\n- Swelling",
        treatment="Infusions may ease pain for some people.",
        evidence_level="moderate",
        evidence_note="Several small trials found less pain for weeks after a series.",
    )
    crps.clinics.add(clinic)
    condition_index(condition=crps)
    return crps


def draft_article(author, *, title="What an infusion day looks like", body=None, **fields):
    article = Article.objects.create(
        title=title,
        slug=fields.pop("slug", None) or slugify(title)[:100],
        summary=fields.pop("summary", f"A short summary of {title.lower()}."),
        body=body if body is not None else "You arrive, a nurse checks your blood pressure.",
        author=author,
        **fields,
    )
    article_revision_record(article=article, by=author)
    return article


def approved_article(author, reviewer, **fields):
    conditions = fields.pop("conditions", [])
    article = draft_article(author, **fields)
    if conditions:
        article.conditions.set(conditions)
        article_revision_record(article=article, by=author)
    article_submit_for_review(article=article, by=author)
    accepted = {c.pk: "Accurate in context." for c in article.revisions.first().claims.all()}
    article_approve(article=article, by=reviewer, accepted_claims=accepted)
    return article


def published_article(author, reviewer, *, at: dt.datetime | None = None, **fields):
    article = approved_article(author, reviewer, **fields)
    if at is None:
        article_publish(article=article, by=author)
    else:
        article_publish(article=article, by=author, at=at)
    article.refresh_from_db()
    return article


def in_a_while(**delta) -> dt.datetime:
    return timezone.now() + dt.timedelta(**delta)
