"""Demo content: condition pages, articles at every stage of review, stories and resources.

Articles go through the same workflow services the admin uses (a marketer writes, a physician
reviews), then their dates are moved back so the demo has a history. Safe to run again: an
article that exists is left as it is.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clinic.demo_data import CONDITIONS, DEMO_DOMAIN
from clinic.models import Clinic

from . import demo_data
from .models import (
    Article,
    ArticleRevision,
    Condition,
    NewsletterIssue,
    NewsletterSubscriber,
    Resource,
    SuccessStory,
)
from .services import (
    article_approve,
    article_publish,
    article_revision_record,
    article_submit_for_review,
    condition_index,
)


def _staff(local_part: str):
    return get_user_model().objects.get(email=f"{local_part}@{DEMO_DOMAIN}")


@transaction.atomic
def seed_conditions() -> None:
    clinics = {clinic.slug: clinic for clinic in Clinic.objects.all()}
    today = timezone.localdate()
    for order, (slug, name, mental_health, treated_at) in enumerate(CONDITIONS):
        page = demo_data.CONDITION_PAGES.get(slug, {})
        reviewer = page.get("reviewer")
        condition, _ = Condition.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "is_mental_health": mental_health,
                "display_order": order,
                "summary": page.get("summary", ""),
                "symptoms": page.get("symptoms", ""),
                "causes": page.get("causes", ""),
                "treatment": page.get("treatment", ""),
                "evidence_level": page.get("evidence_level", ""),
                "evidence_note": page.get("evidence_note", ""),
                "reviewed_by": _staff(reviewer) if reviewer else None,
                "last_reviewed": today - dt.timedelta(days=page["reviewed_days_ago"])
                if reviewer
                else None,
            },
        )
        slugs = clinics.keys() if treated_at == "*" else treated_at
        condition.clinics.set([clinics[s] for s in slugs if s in clinics])
        condition_index(condition=condition)


@transaction.atomic
def seed_content() -> None:
    """Articles, resources and stories (after seed_conditions and the clinic staff)."""
    _seed_resources()
    _seed_stories()
    _seed_newsletter()
    for spec in demo_data.ARTICLES:
        if not Article.objects.filter(slug=spec["slug"]).exists():
            _seed_article(spec)


def _seed_article(spec: dict) -> None:
    marketer = _staff(spec["author"])
    clinic = Clinic.objects.get(slug=spec["clinic"]) if spec.get("clinic") else None
    article = Article.objects.create(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        body=spec["body"],
        tags=spec["tags"],
        clinic=clinic,
        author=marketer,
        seo_description=spec.get("seo_description", ""),
    )
    article.conditions.set(Condition.objects.filter(slug__in=spec["conditions"]))
    article_revision_record(article=article, by=marketer)
    state = spec["state"]
    if state == "draft":
        return
    article_submit_for_review(article=article, by=marketer)
    if state == "in_review":
        return
    reviewer = _staff(spec["reviewer"])
    revision = article.revisions.get()
    article_approve(
        article=article,
        by=reviewer,
        accepted_claims={claim.pk: "Accurate in context." for claim in revision.claims.all()},
    )
    now = timezone.now()
    if state == "scheduled":
        local = timezone.localtime(now + dt.timedelta(days=spec["publish_in_days"]))
        article_publish(
            article=article,
            by=marketer,
            at=local.replace(hour=9, minute=0, second=0, microsecond=0),
        )
        return
    article_publish(article=article, by=marketer)
    published = now - dt.timedelta(days=spec["days_ago"])
    ArticleRevision.objects.filter(pk=revision.pk).update(
        created_at=published - dt.timedelta(days=3),
        submitted_at=published - dt.timedelta(days=2),
        reviewed_at=published - dt.timedelta(days=1),
        published_at=published,
    )
    Article.objects.filter(pk=article.pk).update(first_published_at=published)


def _seed_resources() -> None:
    conditions = {c.slug: c for c in Condition.objects.all()}
    for order, spec in enumerate(demo_data.RESOURCES):
        every = spec["conditions"] == "*"
        resource, _ = Resource.objects.update_or_create(
            name=spec["name"],
            defaults={
                "url": spec["url"],
                "description": spec["description"],
                "kind": spec["kind"],
                "phone": spec.get("phone", ""),
                "for_every_condition": every,
                "display_order": order,
            },
        )
        if not every:
            resource.conditions.set([conditions[s] for s in spec["conditions"] if s in conditions])


def _seed_stories() -> None:
    marketer = _staff("marketer")
    now = timezone.now()
    for spec in demo_data.STORIES:
        consented = spec["consent"]
        method = {
            "signed form": SuccessStory.ConsentMethod.SIGNED_FORM,
            "email": SuccessStory.ConsentMethod.EMAIL,
            "in the portal": SuccessStory.ConsentMethod.PORTAL,
        }[spec["consent_method"]]
        SuccessStory.objects.update_or_create(
            display_name=spec["display_name"],
            clinic=Clinic.objects.get(slug=spec["clinic"]),
            defaults={
                "condition": Condition.objects.get(slug=spec["condition"]),
                "story": spec["story"],
                "consent_given_by": f"{spec['display_name']} (full name on the signed form)"
                if consented
                else "",
                "consent_given_at": now - dt.timedelta(days=spec["consented_days_ago"])
                if consented
                else None,
                "consent_method": method if consented else "",
                "consent_recorded_by": marketer if consented else None,
                "is_published": consented,
            },
        )


def _seed_newsletter() -> None:
    """Two issues in draft and a few confirmed readers (reserved .example addresses)."""
    marketer = _staff("marketer")
    for spec in demo_data.NEWSLETTER_ISSUES:
        clinic = Clinic.objects.get(slug=spec["clinic"]) if spec.get("clinic") else None
        NewsletterIssue.objects.get_or_create(
            subject=spec["subject"],
            defaults={"body": spec["body"], "clinic": clinic, "created_by": marketer},
        )
    now = timezone.now()
    readers = [("reader1", None), ("reader2", None), ("reader3", "desert-bloom-scottsdale")]
    for local_part, clinic_slug in readers:
        NewsletterSubscriber.objects.get_or_create(
            email=f"{local_part}@newsletter.example",
            clinic=Clinic.objects.filter(slug=clinic_slug).first() if clinic_slug else None,
            defaults={
                "status": NewsletterSubscriber.Status.CONFIRMED,
                "requested_at": now - dt.timedelta(days=40),
                "confirmed_at": now - dt.timedelta(days=40),
                "source": "/",
            },
        )
