"""Public health content: condition pages and medically reviewed articles.

An article has a *working copy* (the Article row the admin edits) and *revisions*: a snapshot is
taken at every save, and the public only ever sees the revision a clinician approved and a
marketer published (`live_revision`). Editing a live article therefore never changes the live page
until the new revision has passed review again.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import Clinic, TimeStampedModel

#: a medical review older than this is due again
REVIEW_VALID_FOR = dt.timedelta(days=365)


def _all_clinic_ids(obj) -> list[int]:
    """Every active clinic, read once per object (one page asks several permissions of it)."""
    if not hasattr(obj, "_all_clinic_ids"):
        obj._all_clinic_ids = list(
            Clinic.objects.filter(is_active=True).values_list("pk", flat=True)
        )
    return obj._all_clinic_ids


class EvidenceLevel(models.TextChoices):
    STRONG = "strong", _("Strong")
    MODERATE = "moderate", _("Moderate")
    LIMITED = "limited", _("Limited")
    WEAK = "weak", _("Weak")


class Condition(TimeStampedModel):
    """A condition the network's clinics treat: the intake's vocabulary and a public page.

    The medical sections are the reviewer's: a clinician edits them and records the review."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    clinics = models.ManyToManyField(Clinic, related_name="conditions", blank=True)
    is_mental_health = models.BooleanField(
        default=False, help_text="Depression, anxiety, PTSD, OCD: the intake adds their measures."
    )
    display_order = models.PositiveSmallIntegerField(default=0)
    symptoms = models.TextField(_("symptoms"), blank=True, help_text=_("Markdown."))
    causes = models.TextField(_("causes and risk factors"), blank=True, help_text=_("Markdown."))
    treatment = models.TextField(_("how treatment may help"), blank=True, help_text=_("Markdown."))
    evidence_level = models.CharField(max_length=10, choices=EvidenceLevel.choices, blank=True)
    evidence_note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("One line on what the research shows, in plain words."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_conditions",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["display_order", "name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="condition_search"),
            GinIndex(fields=["name"], name="condition_name_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True, last_reviewed__isnull=True)
                | models.Q(reviewed_by__isnull=False, last_reviewed__isnull=False),
                name="condition_review_has_reviewer_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:condition", args=[self.slug])

    def permission_clinic_ids(self) -> list[int]:
        """Network-wide: a reviewer at any clinic may review it."""
        return _all_clinic_ids(self)

    @property
    def has_page(self) -> bool:
        return bool(self.summary)

    def review_due(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_reviewed is None or today - self.last_reviewed > REVIEW_VALID_FOR


class Article(TimeStampedModel):
    """The working copy of an article, and where it stands in the editorial workflow."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In medical review")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_(
            "The end of the article's address (/articles/…/). It cannot change once published."
        ),
    )
    summary = models.CharField(max_length=300, help_text=_("One or two sentences for listings."))
    body = models.TextField(help_text=_("Markdown: ## headings, lists, links, **bold**."))
    hero_image = models.ImageField(upload_to="articles/", blank=True)
    hero_alt = models.CharField(
        _("hero image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    conditions = models.ManyToManyField(Condition, related_name="articles", blank=True)
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Leave empty for an article of the whole network."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles_written"
    )
    seo_title = models.CharField(
        _("SEO title"), max_length=70, blank=True, help_text=_("Defaults to the title.")
    )
    seo_description = models.CharField(
        _("SEO description"), max_length=160, blank=True, help_text=_("Defaults to the summary.")
    )
    canonical_url = models.URLField(
        _("canonical URL"),
        blank=True,
        help_text=_("Only when the article first appeared elsewhere."),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a scheduled article goes live.")
    )
    live_revision = models.OneToOneField(
        "ArticleRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_for",
        editable=False,
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-first_published_at", "-created_at"]
        permissions = [
            ("review_content", _("Approve articles and condition pages as medical reviewer")),
            ("publish_article", _("Publish, schedule and archive approved articles")),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="article_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="scheduled") | models.Q(publish_at__isnull=False),
                name="scheduled_article_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(live_revision__isnull=False),
                name="published_article_has_live_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:article", args=[self.slug])

    def permission_clinic_ids(self) -> list[int]:
        """A clinic's article is reviewed at that clinic; a network article at any."""
        return [self.clinic_id] if self.clinic_id else _all_clinic_ids(self)

    @property
    def is_live(self) -> bool:
        return self.live_revision_id is not None and self.status != self.Status.ARCHIVED


class ArticleRevision(models.Model):
    """A snapshot of an article's content, the unit that is reviewed, approved and published."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In medical review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    hero_image = models.ImageField(upload_to="articles/", blank=True)
    hero_alt = models.CharField(max_length=250, blank=True)
    hero_width = models.PositiveIntegerField(null=True, blank=True)
    hero_height = models.PositiveIntegerField(null=True, blank=True)
    conditions = models.ManyToManyField(Condition, related_name="article_revisions", blank=True)
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=160, blank=True)
    canonical_url = models.URLField(blank=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1)
    changed_fields = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["article", "-number"]
        indexes = [
            GinIndex(fields=["search_vector"], name="revision_search"),
            GinIndex(fields=["title"], name="revision_title_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["tags"], name="revision_tags"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_revision_number"),
            models.CheckConstraint(
                condition=~models.Q(state__in=["approved", "published"])
                | models.Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="approved_revision_has_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (revision {self.number})"

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title

    @property
    def meta_description(self) -> str:
        return self.seo_description or self.summary

    def review_due(self, today: dt.date | None = None) -> bool:
        if self.reviewed_at is None:
            return True
        today = today or timezone.localdate()
        return today - timezone.localdate(self.reviewed_at) > REVIEW_VALID_FOR


class ClaimFlag(models.Model):
    """A risky phrase the claims check found in a revision, and what the reviewer made of it."""

    revision = models.ForeignKey(ArticleRevision, on_delete=models.CASCADE, related_name="claims")
    code = models.CharField(max_length=30)
    label = models.CharField(max_length=120)
    phrase = models.CharField(max_length=200)
    excerpt = models.TextField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    acceptance_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_by__isnull=True) | ~models.Q(acceptance_note=""),
                name="accepted_claim_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.phrase}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_by_id is not None


class Resource(TimeStampedModel):
    """An outside organisation worth knowing: a crisis line, a patient association, a public
    health institute. Curated in the admin; shown on condition pages and /resources/."""

    class Kind(models.TextChoices):
        CRISIS = "crisis", _("Crisis line")
        ASSOCIATION = "association", _("Patient association")
        PUBLIC_HEALTH = "public_health", _("Public health institute")

    name = models.CharField(max_length=160, unique=True)
    url = models.URLField(_("website"))
    description = models.CharField(max_length=240)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    phone = models.CharField(max_length=40, blank=True, help_text=_("As people dial it: 988."))
    conditions = models.ManyToManyField(Condition, related_name="resources", blank=True)
    for_every_condition = models.BooleanField(
        default=False,
        help_text=_("Crisis lines and general bodies: shown on every condition page."),
    )
    is_active = models.BooleanField(default=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class SuccessStory(TimeStampedModel):
    """A patient's own account, published only with their recorded consent and always with
    "individual results vary"."""

    class ConsentMethod(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed form")
        EMAIL = "email", _("By email")
        PORTAL = "portal", _("In the patient portal")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(
        max_length=40,
        help_text=_("First name and initial, or initials only (“Maria T.”, “J. R.”)."),
    )
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="stories")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="stories")
    story = models.TextField()
    consent_given_by = models.CharField(
        _("consent given by"),
        max_length=120,
        blank=True,
        help_text=_("The patient's full name as on the consent (never shown publicly)."),
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("success stories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_published=False)
                | models.Q(
                    consent_given_at__isnull=False,
                    consent_withdrawn_at__isnull=True,
                    consent_method__gt="",
                    consent_given_by__gt="",
                ),
                name="published_story_has_consent",
                violation_error_message=_(
                    "A story can be published only with the patient's recorded consent: add the "
                    "consent record first (who gave it, when, and how)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.condition})"

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


class ContactMessage(TimeStampedModel):
    """A question sent through a clinic's contact form, kept for the clinic's staff. The form asks
    for no health details; the clinic's inbox is told a message arrived, never what it says."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        SPAM = "spam", _("Spam")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="contact_messages")
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    message = models.TextField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    staff_note = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="contact_has_a_way_to_reply"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.clinic}"


class NewsletterSubscriber(TimeStampedModel):
    """One address on the network's or a clinic's list, with its consent trail: asked when,
    confirmed (double opt-in) when, left when."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField()
    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscribers",
        help_text=_("Empty: the network's newsletter."),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text=_("The page it was asked on."))

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "clinic"], nulls_distinct=False, name="one_subscription_per_list"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="confirmed_subscriber_has_confirmation_time",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class NewsletterIssue(TimeStampedModel):
    """One issue of a newsletter, written in the admin and sent in batches through Celery."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(max_length=150)
    body = models.TextField(help_text=_("Markdown."))
    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newsletter_issues",
        help_text=_("Empty: every confirmed subscriber of the network and its clinics."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    send_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    send_finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients_total = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("send_newsletterissue", _("Send a newsletter issue to subscribers"))]

    def __str__(self) -> str:
        return self.subject


class NewsletterDelivery(models.Model):
    """That an issue went to an address: the unique key makes a second send a no-op."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField()
    subscriber = models.ForeignKey(
        NewsletterSubscriber, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="one_delivery_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.email}"
