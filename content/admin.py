"""The content section of the admin: marketers write, clinicians review, nobody else's data.

An article's change page is the working copy plus a workflow panel (status, flagged claims, the
actions the user's permissions allow); the review page is where a clinician decides; the preview
shows the working copy exactly as the public page will, to staff only.
"""

from __future__ import annotations

import difflib
from contextlib import contextmanager

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from clinic.admin_scoping import ClinicScopedAdmin
from clinic.admin_time import LocalTimeAdminMixin
from clinic.localtime import local_time, zone_label

from .claims import highlight, highlight_html
from .forms import (
    ArticleAdminForm,
    ClaimDecisionForm,
    ConditionAdminForm,
    ScheduleForm,
    SuccessStoryForm,
)
from .markdown import reading_minutes, render_markdown
from .models import (
    Article,
    Condition,
    ContactMessage,
    NewsletterIssue,
    NewsletterSubscriber,
    Resource,
    SuccessStory,
)
from .newsletter import newsletter_issue_send, newsletter_progress
from .permissions import content_may
from .selectors import articles_review_due, conditions_review_due, revisions_of
from .services import (
    article_approve,
    article_archive,
    article_publish,
    article_request_changes,
    article_restore,
    article_revision_record,
    article_submit_for_review,
    article_unschedule,
    condition_claims,
    condition_index,
    condition_mark_reviewed,
    latest_revision,
    success_story_save,
)

REVIEW_PERM = "content.review_content"
PUBLISH_PERM = "content.publish_article"


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Review due (over 12 months)"))]

    def queryset(self, request, queryset):
        if self.value() != "due":
            return queryset
        due = articles_review_due() if queryset.model is Article else conditions_review_due()
        return queryset.filter(pk__in=due.values("pk"))


@contextmanager
def _refusals_as_messages(request):
    """Run a workflow step; a refusal (no permission, wrong stage) becomes an error message."""
    try:
        yield
    except PermissionDenied as denied:
        messages.error(request, str(denied) or _("You may not do that."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)


@admin.register(Article)
class ArticleAdmin(LocalTimeAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_form_template = "admin/content/article/change_form.html"
    list_display = [
        "title",
        "status",
        "live_column",
        "publish_at",
        "clinic",
        "author",
        "updated_at",
    ]
    list_filter = ["status", ReviewDueFilter, ("clinic", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["conditions"]
    list_select_related = ["clinic", "author", "live_revision"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_alt"]}),
        (_("Where it belongs"), {"fields": ["conditions", "tags", "clinic"]}),
        (
            _("Search engines and sharing"),
            {"fields": ["seo_title", "seo_description", "canonical_url"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description=_("Live"), ordering="first_published_at")
    def live_column(self, obj: Article) -> str:
        if not obj.is_live:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("revision %(n)s") % {"n": obj.live_revision.number},
        )

    def has_delete_permission(self, request, obj=None):
        # Published articles are archived, never deleted: their URLs and review trail stay.
        if obj is not None and obj.first_published_at:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        revision = article_revision_record(article=form.instance, by=request.user)
        if revision is None:
            return
        if revision.claims.exists():
            messages.warning(
                request,
                _(
                    "The claims check flagged %(n)s phrase(s); they are highlighted below. "
                    "Reword them, or a medical reviewer must accept each one."
                )
                % {"n": revision.claims.count()},
            )
        if form.instance.live_revision_id:
            messages.info(
                request,
                _(
                    "Your edit is saved as revision %(n)s. The published version stays live until "
                    "this one is reviewed and published."
                )
                % {"n": revision.number},
            )

    def response_add(self, request, obj, post_url_continue=None):
        # After saving, the writer's next step (review, preview) is on the article's page.
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_save" in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_change(request, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("review-due/", wrap(self.review_due_view), name="content_review_due"),
            path("<int:pk>/workflow/", wrap(self.workflow_view), name="content_article_workflow"),
            path("<int:pk>/review/", wrap(self.review_view), name="content_article_review"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="content_article_preview"),
            path(
                "<int:pk>/revisions/", wrap(self.revisions_view), name="content_article_revisions"
            ),
            *super().get_urls(),
        ]

    def _article(self, request, pk: int) -> Article:
        article = get_object_or_404(
            Article.objects.select_related("clinic", "live_revision"), pk=pk
        )
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context.update(self._workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request, article: Article) -> dict:
        user = request.user
        revision = latest_revision(article)
        claims = list(revision.claims.select_related("accepted_by")) if revision else []
        status = article.status
        zone = self.row_zone(article)
        return {
            "article": article,
            "revision": revision,
            "zone": zone,
            "zone_label": zone_label(zone),
            "claims": [
                {"claim": claim, "excerpt": highlight(claim.excerpt, [claim.phrase])}
                for claim in claims
            ],
            "schedule_form": ScheduleForm(zone=zone),
            "may_submit": status == Article.Status.DRAFT
            and revision is not None
            and content_may(user, "content.change_article", article),
            "may_review": status == Article.Status.IN_REVIEW
            and content_may(user, REVIEW_PERM, article),
            "may_publish": status in (Article.Status.APPROVED, Article.Status.SCHEDULED)
            and content_may(user, PUBLISH_PERM, article),
            "may_archive": status != Article.Status.ARCHIVED
            and content_may(user, PUBLISH_PERM, article),
            "may_restore": status == Article.Status.ARCHIVED
            and content_may(user, PUBLISH_PERM, article),
        }

    def workflow_view(self, request, pk: int):
        """One POST endpoint for the workflow buttons; each calls one service."""
        if request.method != "POST":
            return redirect("admin:content_article_change", pk)
        article = self._article(request, pk)
        action = request.POST.get("action")
        user = request.user
        with _refusals_as_messages(request):
            if action == "submit":
                article_submit_for_review(article=article, by=user)
                messages.success(request, _("Sent for medical review."))
            elif action == "publish_now":
                article_publish(article=article, by=user)
                messages.success(
                    request,
                    _("Published. It is live at %(url)s.") % {"url": article.get_absolute_url()},
                )
            elif action == "schedule":
                form = ScheduleForm(request.POST, zone=self.row_zone(article))
                if not form.is_valid():
                    raise ValidationError(
                        [message for errors in form.errors.values() for message in errors]
                    )
                at = form.cleaned_data["publish_at"]
                article_publish(article=article, by=user, at=at)
                messages.success(
                    request,
                    _("Scheduled: it goes live by itself on %(when)s.")
                    % {"when": local_time(at, self.row_zone(article))},
                )
            elif action == "unschedule":
                article_unschedule(article=article, by=user)
                messages.success(request, _("No longer scheduled; it stays approved."))
            elif action == "archive":
                article_archive(article=article, by=user)
                messages.success(request, _("Archived: it is off the public site."))
            elif action == "restore":
                article_restore(article=article, by=user)
                messages.success(request, _("Restored."))
            else:
                messages.error(request, _("Unknown action."))
        return redirect("admin:content_article_change", pk)

    def review_view(self, request, pk: int):
        """The reviewer's page: the revision as it will read, flagged phrases marked, a reason
        field for each claim they accept, and approve / request changes."""
        article = self._article(request, pk)
        if not content_may(request.user, REVIEW_PERM, article):
            raise PermissionDenied
        revision = latest_revision(article)
        if article.status != Article.Status.IN_REVIEW or revision is None:
            messages.info(request, _("This article is not waiting for medical review."))
            return redirect("admin:content_article_change", pk)
        claims = list(revision.claims.all())
        form = ClaimDecisionForm(request.POST or None, claims=claims)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    if form.cleaned_data["decision"] == "approve":
                        article_approve(
                            article=article,
                            by=request.user,
                            accepted_claims=form.accepted_claims(),
                            note=form.cleaned_data["note"],
                        )
                        messages.success(request, _("Approved. A marketer can now publish it."))
                    else:
                        article_request_changes(
                            article=article, by=request.user, note=form.cleaned_data["note"]
                        )
                        messages.success(request, _("Sent back to the writer with your note."))
                return redirect("admin:content_article_change", pk)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
        previous = article.live_revision
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Medical review: %(title)s") % {"title": revision.title},
            "article": article,
            "zone": self.row_zone(article),
            "revision": revision,
            "body_html": highlight_html(revision.body_html, claims),
            "claims": [
                {
                    "claim": claim,
                    "excerpt": highlight(claim.excerpt, [claim.phrase]),
                    "field": form[f"claim_{claim.pk}"]
                    if f"claim_{claim.pk}" in form.fields
                    else None,
                }
                for claim in claims
            ],
            "form": form,
            "diff": _body_diff(previous.body if previous else "", revision.body)
            if previous
            else None,
        }
        return TemplateResponse(request, "admin/content/article/review.html", context)

    def preview_view(self, request, pk: int):
        """The working copy rendered with the public template; staff only (it is under /admin/)."""
        article = self._article(request, pk)
        revision = latest_revision(article)
        context = {
            "article": article,
            "page": {
                "title": article.title,
                "summary": article.summary,
                "body_html": highlight_html(
                    render_markdown(article.body), list(revision.claims.all()) if revision else []
                ),
                "hero_image": article.hero_image,
                "hero_alt": article.hero_alt,
                "hero_width": article.hero_width,
                "hero_height": article.hero_height,
                "reading_minutes": reading_minutes(article.body),
                "tags": article.tags,
                "reviewed_by": revision.reviewed_by if revision else None,
                "reviewed_at": revision.reviewed_at if revision else None,
            },
            "conditions": list(article.conditions.all()),
            "is_preview": True,
        }
        response = TemplateResponse(request, "content/article_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def revisions_view(self, request, pk: int):
        article = self._article(request, pk)
        revisions = list(revisions_of(article=article))
        rows = []
        for index, revision in enumerate(revisions):
            older = revisions[index + 1] if index + 1 < len(revisions) else None
            rows.append(
                {
                    "revision": revision,
                    "diff": _body_diff(older.body, revision.body)
                    if older and "body" in revision.changed_fields
                    else None,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Revisions of “%(title)s”") % {"title": article.title},
            "article": article,
            "zone": self.row_zone(article),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/content/article/revisions.html", context)

    def review_due_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Medical reviews due"),
            "conditions": conditions_review_due(),
            "articles": articles_review_due(),
        }
        return TemplateResponse(request, "admin/content/review_due.html", context)


def _body_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Line changes between two bodies, as (kind, line) with kind '+', '-' or ' '."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return [
        (line[0], line[1:])
        for line in lines
        if line[:3] not in ("---", "+++") and not line.startswith("@@")
    ]


@admin.register(Condition)
class ConditionAdmin(LocalTimeAdminMixin, admin.ModelAdmin):
    """Network-wide condition pages. The medical sections are edited by clinicians with the
    reviewer permission; for others they are read-only, so a reviewed page only changes under a
    reviewer's eye."""

    form = ConditionAdminForm
    change_form_template = "admin/content/condition/change_form.html"
    list_display = ["name", "evidence_level", "reviewed_by", "last_reviewed", "is_mental_health"]
    list_filter = ["evidence_level", ReviewDueFilter, "is_mental_health"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["clinics"]
    search_fields = ["name"]
    readonly_fields = ["reviewed_by", "last_reviewed"]
    list_select_related = ["reviewed_by"]
    MEDICAL_FIELDS = ("symptoms", "causes", "treatment", "evidence_level", "evidence_note")
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "summary", "is_mental_health", "display_order", "clinics"]},
        ),
        (_("Medical content (clinician-reviewed)"), {"fields": [*MEDICAL_FIELDS]}),
        (_("Medical review"), {"fields": ["reviewed_by", "last_reviewed"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not content_may(request.user, REVIEW_PERM, obj):
            readonly += self.MEDICAL_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        condition_index(condition=obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/mark-reviewed/",
                wrap(self.mark_reviewed_view),
                name="content_condition_mark_reviewed",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        condition = self.get_object(request, object_id)
        if condition is not None:
            claims = condition_claims(condition)
            extra_context.update(
                {
                    "condition": condition,
                    "claims": [
                        {"claim": c, "excerpt": highlight(c.excerpt, [c.phrase])} for c in claims
                    ],
                    "may_mark_reviewed": content_may(request.user, REVIEW_PERM, condition),
                    "review_due": condition.review_due(),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def mark_reviewed_view(self, request, pk: int):
        if request.method != "POST":
            return redirect("admin:content_condition_change", pk)
        condition = get_object_or_404(Condition, pk=pk)
        with _refusals_as_messages(request):
            condition_mark_reviewed(
                condition=condition,
                by=request.user,
                accept_claims=request.POST.get("accept_claims") == "on",
            )
            messages.success(request, _("Recorded: you reviewed this page today."))
        return redirect("admin:content_condition_change", pk)


@admin.register(Resource)
class ResourceAdmin(LocalTimeAdminMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "phone", "for_every_condition", "is_active"]
    list_filter = ["kind", "is_active", "conditions"]
    search_fields = ["name", "description"]
    filter_horizontal = ["conditions"]


@admin.register(SuccessStory)
class SuccessStoryAdmin(LocalTimeAdminMixin, admin.ModelAdmin):
    form = SuccessStoryForm
    list_display = ["display_name", "condition", "clinic", "consent_column", "is_published"]
    list_filter = ["is_published", "condition", "clinic"]
    readonly_fields = ["consent_recorded_by"]
    list_select_related = ["condition", "clinic"]
    fieldsets = [
        (None, {"fields": ["display_name", "condition", "clinic", "story", "is_published"]}),
        (
            _("Consent (required before publishing)"),
            {
                "fields": [
                    "consent_given_by",
                    "consent_given_at",
                    "consent_method",
                    "consent_withdrawn_at",
                    "consent_recorded_by",
                ]
            },
        ),
    ]

    @admin.display(description=_("Consent"), boolean=True)
    def consent_column(self, obj: SuccessStory) -> bool:
        return obj.has_consent

    def save_model(self, request, obj, form, change):
        success_story_save(
            story=obj,
            by=request.user,
            consent_changed=bool({"consent_given_at", "consent_given_by"} & set(form.changed_data)),
        )


@admin.register(ContactMessage)
class ContactMessageAdmin(ClinicScopedAdmin):
    """Questions from the website, for the clinic's front desk and manager only."""

    list_display = ["name", "clinic", "status", "created_at", "handled_by"]
    list_filter = ["status", ("clinic", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "email"]
    readonly_fields = ["clinic", "name", "email", "phone", "message", "created_at", "handled_by"]
    fields = [*readonly_fields, "status", "staff_note"]
    list_select_related = ["clinic", "handled_by"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NewsletterSubscriber)
class NewsletterSubscriberAdmin(LocalTimeAdminMixin, admin.ModelAdmin):
    """The consent trail of each address. Nobody adds an address by hand: people opt in twice."""

    list_display = ["email", "clinic", "status", "requested_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "clinic"]
    search_fields = ["email"]
    readonly_fields = [
        "email", "clinic", "status", "requested_at", "confirmed_at", "unsubscribed_at", "source",
    ]  # fmt: skip
    list_select_related = ["clinic"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(LocalTimeAdminMixin, admin.ModelAdmin):
    change_form_template = "admin/content/newsletterissue/change_form.html"
    list_display = [
        "subject",
        "clinic",
        "status",
        "progress",
        "send_started_at",
        "send_finished_at",
    ]
    list_filter = ["status", "clinic"]
    list_select_related = ["clinic"]
    fields = ["subject", "body", "clinic"]
    formfield_overrides = {
        models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 18})}
    }

    @admin.display(description=_("Sent"))
    def progress(self, obj: NewsletterIssue) -> str:
        if obj.status == NewsletterIssue.Status.DRAFT:
            return "—"
        sent, total = newsletter_progress(obj)
        return f"{sent} / {total}"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != NewsletterIssue.Status.DRAFT:
            return self.fields  # what went out stays as it went out
        return []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/send/", wrap(self.send_view), name="content_newsletterissue_send"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        issue = self.get_object(request, object_id)
        if issue is not None:
            sent, total = newsletter_progress(issue)
            extra_context.update(
                {
                    "issue": issue,
                    "zone": self.row_zone(issue),
                    "sent": sent,
                    "total": total,
                    "may_send": issue.status == NewsletterIssue.Status.DRAFT
                    and content_may(request.user, "content.send_newsletterissue", issue),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def send_view(self, request, pk: int):
        if request.method != "POST":
            return redirect("admin:content_newsletterissue_change", pk)
        issue = get_object_or_404(NewsletterIssue, pk=pk)
        with _refusals_as_messages(request):
            issue = newsletter_issue_send(issue=issue, by=request.user)
            messages.success(
                request,
                _("Sending to %(n)s confirmed subscriber(s), in batches. Reload to see progress.")
                % {"n": issue.recipients_total},
            )
        return redirect("admin:content_newsletterissue_change", pk)
