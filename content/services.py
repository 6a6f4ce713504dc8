"""The editorial workflow: every write to articles and condition pages goes through here.

draft → in medical review → approved → published (now, or scheduled) → archived. Each step checks
who may take it (`content.review_content` to approve, `content.publish_article` to publish), works
on a locked row inside one transaction, and refuses with a ValidationError saying why.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from clinic.text import written
from patients.outbox import outbox_add, queue_staff_alert

from .claims import find_claims
from .markdown import plain_text, reading_minutes, render_markdown
from .models import (
    Article,
    ArticleRevision,
    ClaimFlag,
    Condition,
    ContactMessage,
    SuccessStory,
)
from .permissions import content_may

#: the working-copy fields a revision snapshots (conditions, a many-to-many, are added)
SNAPSHOT_FIELDS = (
    "title", "summary", "body", "hero_image", "hero_alt", "hero_width", "hero_height", "tags",
    "seo_title", "seo_description", "canonical_url",
)  # fmt: skip
_OPEN_STATES = (
    ArticleRevision.State.DRAFT,
    ArticleRevision.State.IN_REVIEW,
    ArticleRevision.State.CHANGES_REQUESTED,
    ArticleRevision.State.APPROVED,
)
SEARCH_CONFIG = "english"


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _require(user, perm: str, obj, message: str) -> None:
    if not content_may(user, perm, obj):
        raise PermissionDenied(message)


def _content_of(obj: Article | ArticleRevision) -> dict:
    """The reviewable content of the working copy or of a revision, comparable between them."""
    data = {field: getattr(obj, field) for field in SNAPSHOT_FIELDS}
    data["body"] = normalize_newlines(data["body"])
    data["hero_image"] = obj.hero_image.name or ""
    data["conditions"] = sorted(obj.conditions.values_list("pk", flat=True))
    return data


def _set_status(article: Article, status: str) -> None:
    """Move the article to `status`; any schedule it had no longer applies."""
    article.status = status
    article.publish_at = None
    article.save(update_fields=["status", "publish_at", "updated_at"])


def latest_revision(article: Article) -> ArticleRevision | None:
    return article.revisions.order_by("-number").first()


@transaction.atomic
def article_revision_record(*, article: Article, by) -> ArticleRevision | None:
    """Snapshot the working copy after an edit. A content change starts a new draft revision
    (whatever was in review or approved is superseded; the live revision stays live) and runs
    the claims check on it. Returns None when no content changed."""
    article = _locked(article)
    previous = latest_revision(article)
    snapshot = _content_of(article)
    if previous is not None:
        before = _content_of(previous)
        changed = [field for field, value in snapshot.items() if before.get(field) != value]
        if not changed:
            return None
    else:
        changed = list(snapshot)
    conditions = snapshot.pop("conditions")
    revision = ArticleRevision.objects.create(
        article=article,
        number=previous.number + 1 if previous else 1,
        body_html=render_markdown(article.body),
        reading_minutes=reading_minutes(article.body),
        changed_fields=changed,
        created_by=by,
        **snapshot,
    )
    revision.conditions.set(conditions)
    ClaimFlag.objects.bulk_create(
        ClaimFlag(
            revision=revision,
            code=claim.code,
            label=claim.label,
            phrase=claim.phrase[:200],
            excerpt=claim.excerpt,
        )
        for claim in find_claims(article.title, article.summary, article.body)
    )
    article.revisions.filter(state__in=_OPEN_STATES).exclude(pk=revision.pk).update(
        state=ArticleRevision.State.SUPERSEDED
    )
    if article.status in (
        Article.Status.IN_REVIEW,
        Article.Status.APPROVED,
        Article.Status.SCHEDULED,
        Article.Status.PUBLISHED,
    ):
        _set_status(article, Article.Status.DRAFT)
    return revision


def _working_revision(article: Article, *states: str) -> ArticleRevision:
    revision = latest_revision(article)
    if revision is None or revision.state not in states:
        raise ValidationError(_("This article has no revision at that stage. Reload the page."))
    return revision


@transaction.atomic
def article_submit_for_review(*, article: Article, by) -> ArticleRevision:
    _require(by, "content.change_article", article, _("You cannot edit this article."))
    article = _locked(article)
    if article.status != Article.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be sent for review; this article is %(status)s.")
            % {"status": article.get_status_display().lower()}
        )
    revision = _working_revision(
        article, ArticleRevision.State.DRAFT, ArticleRevision.State.CHANGES_REQUESTED
    )
    revision.state = ArticleRevision.State.IN_REVIEW
    revision.submitted_by = by
    revision.submitted_at = timezone.now()
    revision.save(update_fields=["state", "submitted_by", "submitted_at"])
    article.status = Article.Status.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    return revision


@transaction.atomic
def article_approve(
    *, article: Article, by, accepted_claims: dict[int, str] | None = None, note: str = ""
) -> ArticleRevision:
    """A medical reviewer approves the revision in review. Every flagged claim must be accepted
    with a reason (or the text reworded first); a reviewer never approves their own writing."""
    _require(
        by,
        "content.review_content",
        article,
        _("Only a clinician with the medical reviewer permission can approve articles."),
    )
    article = _locked(article)
    if article.status != Article.Status.IN_REVIEW:
        raise ValidationError(_("This article is not waiting for medical review."))
    revision = _working_revision(article, ArticleRevision.State.IN_REVIEW)
    if revision.created_by_id == by.pk:
        raise ValidationError(_("You wrote this revision; another clinician has to review it."))
    accepted_claims = accepted_claims or {}
    now = timezone.now()
    unresolved = []
    for claim in revision.claims.all():
        if claim.is_accepted:
            continue
        reason = (accepted_claims.get(claim.pk) or "").strip()
        if not reason:
            unresolved.append(claim)
            continue
        claim.accepted_by = by
        claim.accepted_at = now
        claim.acceptance_note = reason[:300]
        claim.save(update_fields=["accepted_by", "accepted_at", "acceptance_note"])
    if unresolved:
        raise ValidationError(
            _(
                "%(count)s flagged claim(s) still need your decision: accept each with a reason, "
                "or request changes so the writer rewords them (%(phrases)s)."
            )
            % {
                "count": len(unresolved),
                "phrases": ", ".join(f"“{claim.phrase}”" for claim in unresolved),
            }
        )
    revision.state = ArticleRevision.State.APPROVED
    revision.reviewed_by = by
    revision.reviewed_at = now
    revision.review_note = note
    revision.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    article.status = Article.Status.APPROVED
    article.save(update_fields=["status", "updated_at"])
    return revision


@transaction.atomic
def article_request_changes(*, article: Article, by, note: str) -> ArticleRevision:
    _require(
        by,
        "content.review_content",
        article,
        _("Only a clinician with the medical reviewer permission can review articles."),
    )
    note = written(note)
    if not note:
        raise ValidationError({"note": _("Say what should change, so the writer can act on it.")})
    article = _locked(article)
    if article.status != Article.Status.IN_REVIEW:
        raise ValidationError(_("This article is not waiting for medical review."))
    revision = _working_revision(article, ArticleRevision.State.IN_REVIEW)
    revision.state = ArticleRevision.State.CHANGES_REQUESTED
    revision.reviewed_by = by
    revision.reviewed_at = timezone.now()
    revision.review_note = note.strip()
    revision.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return revision


@transaction.atomic
def article_publish(*, article: Article, by, at: dt.datetime | None = None) -> Article:
    """Publish the approved revision now, or schedule it for `at` (it then goes live by itself,
    see `articles_publish_due`)."""
    _require(by, "content.publish_article", article, _("You cannot publish articles."))
    article = _locked(article)
    if article.status not in (Article.Status.APPROVED, Article.Status.SCHEDULED):
        raise ValidationError(
            _(
                "Only an article a medical reviewer has approved can be published; "
                "this one is %(s)s."
            )
            % {"s": article.get_status_display().lower()}
        )
    revision = _working_revision(article, ArticleRevision.State.APPROVED)
    now = timezone.now()
    revision.published_by = by
    if at is None:
        revision.save(update_fields=["published_by"])
        _go_live(article, revision, now)
        return article
    if at <= now:
        raise ValidationError(
            {
                "publish_at": _(
                    "That time has already passed. Choose a time in the future, or publish now."
                )
            }
        )
    revision.save(update_fields=["published_by"])
    article.status = Article.Status.SCHEDULED
    article.publish_at = at
    article.save(update_fields=["status", "publish_at", "updated_at"])
    return article


@transaction.atomic
def article_unschedule(*, article: Article, by) -> Article:
    _require(by, "content.publish_article", article, _("You cannot publish articles."))
    article = _locked(article)
    if article.status != Article.Status.SCHEDULED:
        raise ValidationError(_("This article is not scheduled."))
    _set_status(article, Article.Status.APPROVED)
    return article


@transaction.atomic
def article_archive(*, article: Article, by) -> Article:
    _require(by, "content.publish_article", article, _("You cannot archive articles."))
    article = _locked(article)
    if article.status == Article.Status.ARCHIVED:
        raise ValidationError(_("This article is already archived."))
    _set_status(article, Article.Status.ARCHIVED)
    return article


@transaction.atomic
def article_restore(*, article: Article, by) -> Article:
    """Bring an archived article back: live again if it had been published, else a draft."""
    _require(by, "content.publish_article", article, _("You cannot restore articles."))
    article = _locked(article)
    if article.status != Article.Status.ARCHIVED:
        raise ValidationError(_("This article is not archived."))
    revision = latest_revision(article)
    live = article.live_revision_id is not None and revision.pk == article.live_revision_id
    article.status = Article.Status.PUBLISHED if live else Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return article


def articles_publish_due(*, now: dt.datetime | None = None) -> int:
    """Put live every scheduled article whose time has come; safe to run twice or in parallel
    (rows are locked, a published article is no longer scheduled)."""
    now = now or timezone.now()
    published = 0
    while True:
        with transaction.atomic():
            article = (
                Article.objects.select_for_update(skip_locked=True)
                .filter(status=Article.Status.SCHEDULED, publish_at__lte=now)
                .order_by("publish_at")
                .first()
            )
            if article is None:
                return published
            revision = latest_revision(article)
            if revision is None or revision.state != ArticleRevision.State.APPROVED:
                _set_status(article, Article.Status.DRAFT)
                continue
            _go_live(article, revision, article.publish_at)
            published += 1


def _go_live(article: Article, revision: ArticleRevision, when: dt.datetime) -> None:
    ArticleRevision.objects.filter(article=article, state=ArticleRevision.State.PUBLISHED).update(
        state=ArticleRevision.State.SUPERSEDED
    )
    revision.state = ArticleRevision.State.PUBLISHED
    revision.published_at = when
    revision.save(update_fields=["state", "published_at"])
    _index_revision(revision)
    article.live_revision = revision
    article.first_published_at = article.first_published_at or when
    article.status = Article.Status.PUBLISHED
    article.publish_at = None
    article.save(
        update_fields=["live_revision", "first_published_at", "status", "publish_at", "updated_at"]
    )


def _index_revision(revision: ArticleRevision) -> None:
    ArticleRevision.objects.filter(pk=revision.pk).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(Value(" ".join(revision.tags)), weight="B", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(Value(plain_text(revision.body)), weight="C", config=SEARCH_CONFIG)
    )


def condition_index(*, condition: Condition) -> None:
    """Refresh a condition's search vector after its text changed."""
    body = " ".join(
        plain_text(text) for text in (condition.symptoms, condition.causes, condition.treatment)
    )
    Condition.objects.filter(pk=condition.pk).update(
        search_vector=SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(Value(body), weight="C", config=SEARCH_CONFIG)
    )


@transaction.atomic
def condition_mark_reviewed(*, condition: Condition, by, accept_claims: bool = False) -> Condition:
    """A clinician records that they reviewed the condition page today. Flagged phrases must be
    accepted explicitly (or reworded first)."""
    _require(
        by,
        "content.review_content",
        condition,
        _("Only a clinician with the medical reviewer permission can review condition pages."),
    )
    condition = Condition.objects.select_for_update().get(pk=condition.pk)
    claims = condition_claims(condition)
    if claims and not accept_claims:
        raise ValidationError(
            _(
                "The page has %(count)s flagged phrase(s) (%(phrases)s): "
                "reword them, or accept them."
            )
            % {"count": len(claims), "phrases": ", ".join(f"“{c.phrase}”" for c in claims)}
        )
    condition.reviewed_by = by
    condition.last_reviewed = timezone.localdate()
    condition.save(update_fields=["reviewed_by", "last_reviewed", "updated_at"])
    return condition


def condition_claims(condition: Condition):
    return find_claims(
        condition.summary,
        condition.symptoms,
        condition.causes,
        condition.treatment,
        condition.evidence_note,
    )


@transaction.atomic
def contact_message_receive(
    *, clinic, name: str, email: str, phone: str, message: str
) -> ContactMessage:
    """Store a website question for the clinic, tell the clinic's inbox one arrived, and
    acknowledge the sender by email; both go out through the outbox (Celery), after commit."""
    contact = ContactMessage.objects.create(
        clinic=clinic, name=name, email=email, phone=phone, message=message
    )
    queue_staff_alert(clinic=clinic, kind="contact_message", key=f"contact:{contact.uuid}:clinic")
    if email:
        outbox_add(
            key=f"contact:{contact.uuid}:ack",
            kind="contact_ack",
            channel="email",
            due_at=timezone.now(),
            clinic=clinic,
            to_address=email,
        )
    return contact


STORY_NEEDS_CONSENT = _(
    "A story can be published only with the patient's recorded consent: add the consent record "
    "first (who gave it, when, and how)."
)
STORY_CONSENT_WITHDRAWN = _(
    "The patient withdrew their consent, so this story cannot be published. Keep it unpublished."
)


def success_story_check(story: SuccessStory, *, now: dt.datetime | None = None) -> None:
    """Refuse, in words, what the database's `published_story_has_consent` would refuse, and a
    consent dated after today (a consent not given yet is no consent)."""
    if story.consent_given_at is not None and story.consent_given_at > (now or timezone.now()):
        raise ValidationError(
            {"consent_given_at": "A consent cannot be dated in the future: record it once given."}
        )
    if not story.is_published:
        return
    if story.consent_withdrawn_at is not None:
        raise ValidationError({"is_published": STORY_CONSENT_WITHDRAWN})
    recorded = (
        story.consent_given_at is not None
        and (story.consent_method or "").strip()
        and (story.consent_given_by or "").strip()
    )
    if not recorded:
        raise ValidationError({"is_published": STORY_NEEDS_CONSENT})


@transaction.atomic
def success_story_save(*, story: SuccessStory, by, consent_changed: bool) -> SuccessStory:
    """Save a story from the admin: who recorded a consent is kept, and a story without the
    patient's recorded consent is refused before the database would refuse it."""
    success_story_check(story)
    if consent_changed:
        story.consent_recorded_by = by
    story.save()
    return story
