from __future__ import annotations

import copy
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

from clinic.localtime import zone_label
from clinic.models import Clinic

from .images import MAX_UPLOAD_BYTES, hero_image_prepare
from .models import Article, Condition, SuccessStory
from .services import success_story_check

_TAG_MAX = 40


class ArticleAdminForm(forms.ModelForm):
    """The working copy as a marketer edits it. Checks shape only; the workflow is services'."""

    canonical_url = forms.URLField(
        label=_("Canonical URL"),
        required=False,
        assume_scheme="https",
        help_text=Article._meta.get_field("canonical_url").help_text,
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "hero_image", "hero_alt", "conditions", "tags",
            "clinic", "seo_title", "seo_description", "canonical_url",
        ]  # fmt: skip
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"})}
        error_messages = {
            "slug": {"unique": _("Another article already uses this address. Choose another slug.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "clinic" in self.fields:
            # Clinic names are public; any active clinic may own an article.
            self.fields["clinic"].queryset = Clinic.objects.filter(is_active=True)
        if "tags" in self.fields:
            self.fields["tags"].help_text = _("Comma-separated, lower case: sleep, first visit.")
        if "hero_image" in self.fields:
            self.fields["hero_image"].help_text = _(
                "JPEG, PNG or WebP, at least 600 pixels wide, up to %(mb)s MB. "
                "It is resized to 1600 pixels and its hidden data (camera, location) removed."
            ) % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        self.hero_size: tuple[int, int] | None = None

    def clean_body(self):
        # Browsers send a textarea's line breaks as CRLF; stored text uses LF, so that saving an
        # unchanged article is recognised as unchanged (and keeps its place in the workflow).
        return normalize_newlines(self.cleaned_data["body"])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.instance.pk and self.instance.first_published_at and slug != self.instance.slug:
            raise ValidationError(
                _("This article has been published at /articles/%(slug)s/; its address stays.")
                % {"slug": self.instance.slug}
            )
        return slug

    def clean_tags(self):
        tags = []
        for tag in self.cleaned_data.get("tags") or []:
            tag = " ".join(tag.lower().split())
            if len(tag) > _TAG_MAX:
                raise ValidationError(_("Keep each tag under %(n)s characters.") % {"n": _TAG_MAX})
            if tag and tag not in tags:
                tags.append(tag)
        return tags

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            prepared, width, height = hero_image_prepare(image)
            self.hero_size = (width, height)
            return prepared
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hero_image") and not (cleaned.get("hero_alt") or "").strip():
            self.add_error(
                "hero_alt",
                _("Describe the image for people who cannot see it (alt text is required)."),
            )
        return cleaned

    def save(self, commit=True):
        article = super().save(commit=False)
        if self.hero_size:
            article.hero_width, article.hero_height = self.hero_size
        elif not article.hero_image:
            article.hero_width = article.hero_height = None
        if commit:
            article.save()
            self.save_m2m()
        return article


class ClaimDecisionForm(forms.Form):
    """The reviewer's decision on a revision in review, with a reason for each claim accepted."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("request_changes", _("Request changes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the writer (required when requesting changes)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, claims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = [claim for claim in claims if not claim.is_accepted]
        for claim in self.claims:
            self.fields[f"claim_{claim.pk}"] = forms.CharField(
                label=_("Why “%(phrase)s” may stay") % {"phrase": claim.phrase},
                required=False,
                max_length=300,
                help_text=_("Leave empty to have it reworded."),
            )

    def accepted_claims(self) -> dict[int, str]:
        return {claim.pk: self.cleaned_data.get(f"claim_{claim.pk}", "") for claim in self.claims}


class ScheduleForm(forms.Form):
    """When an article goes live, typed on the wall clock of `zone`: the article's clinic's, or
    the reader's for a network-wide article (never the server's UTC)."""

    publish_at = forms.DateTimeField(
        label=_("Go live at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, zone: ZoneInfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["publish_at"].help_text = _("In %(zone)s.") % {"zone": zone_label(zone)}

    def full_clean(self) -> None:
        # Django reads a typed date and time in the active zone; here, the article's. A time
        # the clocks skip or repeat in that zone is refused with a clear error.
        with timezone.override(self.zone):
            super().full_clean()


class ConditionAdminForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = [
            "name",
            "slug",
            "summary",
            "is_mental_health",
            "display_order",
            "clinics",
            "symptoms",
            "causes",
            "treatment",
            "evidence_level",
            "evidence_note",
        ]
        widgets = {
            field: forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"})
            for field in ("symptoms", "causes", "treatment")
        }

    def clean(self):
        cleaned = super().clean()
        for field in ("symptoms", "causes", "treatment"):
            if cleaned.get(field):
                cleaned[field] = normalize_newlines(cleaned[field])
        return cleaned


class ContactForm(forms.Form):
    """A question for a clinic. No health details: the form says so, and asks for none."""

    clinic = forms.ModelChoiceField(
        label=_("Which clinic?"),
        queryset=Clinic.objects.filter(is_active=True).order_by("state", "city"),
        to_field_name="slug",
        empty_label=_("Choose a clinic"),
    )
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Please do not include health details here; a clinician asks about them in "
            "private at your consultation."
        ),
    )
    # A field people never see or fill in; bots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, clinic: Clinic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if clinic is not None:  # on a clinic's page the clinic is already chosen
            self.initial["clinic"] = clinic.slug
            self.fields["clinic"].widget = forms.HiddenInput()
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and len([c for c in phone if c.isdigit()]) < 10:
            raise ValidationError(_("Enter the full phone number with area code."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("email"):
            self.add_error("email", _("Give an email address or a phone number so we can reply."))
        return cleaned


class NewsletterForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    clinic = forms.ModelChoiceField(
        label=_("News from"),
        queryset=Clinic.objects.filter(is_active=True).order_by("state", "city"),
        to_field_name="slug",
        required=False,
        empty_label=_("The whole network"),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


class SuccessStoryForm(forms.ModelForm):
    class Meta:
        model = SuccessStory
        fields = [
            "display_name",
            "condition",
            "clinic",
            "story",
            "is_published",
            "consent_given_by",
            "consent_given_at",
            "consent_method",
            "consent_withdrawn_at",
        ]

    def clean(self):
        cleaned = super().clean()
        probe = copy.copy(self.instance)
        for name, value in cleaned.items():
            setattr(probe, name, value)
        try:
            success_story_check(probe)
        except ValidationError as error:
            self.add_error(None, error)  # its field, is_published, with the plain words
        return cleaned
