"""Success stories are published only with the patient's recorded consent, and the admin says so
in plain words (never the database's constraint text)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from content.models import SuccessStory
from content.services import success_story_save

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/content/successstory/add/"
CONSENT_FIRST = (
    "A story can be published only with the patient&#x27;s recorded consent: add the consent "
    "record first"
)


def story_form(clinic, condition, **overrides) -> dict:
    return {
        "display_name": "Maria T.",
        "condition": condition.pk,
        "clinic": clinic.pk,
        "story": "After the third infusion I walked to the mailbox again.",
        "is_published": "on",
        "consent_given_by": "",
        "consent_given_at_0": "",
        "consent_given_at_1": "",
        "consent_method": "",
        "consent_withdrawn_at_0": "",
        "consent_withdrawn_at_1": "",
        **overrides,
    }


def test_publishing_without_consent_says_so_plainly_and_keeps_the_story(
    client, marketer, clinic, condition
):
    client.force_login(marketer)

    response = client.post(ADD_URL, story_form(clinic, condition))

    html = response.content.decode()
    assert response.status_code == 200
    assert CONSENT_FIRST in html
    assert "published_story_has_consent" not in html and "is violated" not in html
    assert "After the third infusion I walked to the mailbox again." in html
    assert not SuccessStory.objects.exists()


def test_with_the_consent_recorded_the_story_is_published_and_who_recorded_it_kept(
    client, marketer, clinic, condition
):
    client.force_login(marketer)

    response = client.post(
        ADD_URL,
        story_form(
            clinic,
            condition,
            consent_given_by="Maria Torres",
            consent_given_at_0="2026-10-01",
            consent_given_at_1="10:00",
            consent_method="signed_form",
        ),
    )

    assert response.status_code == 302
    story = SuccessStory.objects.get()
    assert story.is_published and story.consent_recorded_by == marketer


def test_the_service_refuses_a_story_whose_consent_was_withdrawn(clinic, condition, marketer):
    story = SuccessStory(
        display_name="J. R.",
        condition=condition,
        clinic=clinic,
        story="Text",
        is_published=True,
        consent_given_by="J R",
        consent_given_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
        consent_method="email",
        consent_withdrawn_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
    )

    with pytest.raises(ValidationError, match="withdrew their consent"):
        success_story_save(story=story, by=marketer, consent_changed=True)
    assert not SuccessStory.objects.exists()
