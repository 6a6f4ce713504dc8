"""A reply of STOP to one of our texts is recorded as an opt-out; only signed posts count."""

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from patients.selectors import patient_consents
from patients.services import consent_record
from tests.factories import patient

pytestmark = pytest.mark.django_db

SECRET = "webhook-secret-for-tests"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.SMS_WEBHOOK_SECRET = SECRET


def post(client, body: dict, secret: str = SECRET):
    raw = json.dumps(body).encode()
    signature = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(
        reverse("sms_inbound"),
        raw,
        content_type="application/json",
        headers={"x-portal-signature": signature},
    )


@pytest.fixture
def texter():
    person = patient(phone="+16265550177")
    consent_record(patient=person, channel="sms", granted=True, method="portal")
    return person


@pytest.mark.parametrize("body", ["STOP", "stop", " Unsubscribe please", "QUIT"])
def test_stop_is_recorded_as_an_opt_out_by_sms_reply(client, texter, body):
    response = post(client, {"from": "(626) 555-0177", "body": body})

    assert response.json() == {"recorded": 1}
    current = patient_consents(patient=texter)["sms"]
    assert current.granted is False and current.method == "sms_reply"


def test_start_opts_back_in_and_other_words_change_nothing(client, texter):
    post(client, {"from": "+16265550177", "body": "STOP"})

    assert post(client, {"from": "+16265550177", "body": "Thanks!"}).json() == {"recorded": 0}
    post(client, {"from": "+16265550177", "body": "START"})

    assert patient_consents(patient=texter)["sms"].granted is True


@pytest.mark.parametrize("secret", ["wrong-secret", ""])
def test_unsigned_or_forged_posts_are_refused(client, texter, secret):
    response = post(client, {"from": "+16265550177", "body": "STOP"}, secret=secret or "x")
    if not secret:
        response = client.post(reverse("sms_inbound"), b"{}", content_type="application/json")

    assert response.status_code == 403
    assert patient_consents(patient=texter)["sms"].granted is True


def test_a_malformed_post_is_a_clear_400(client):
    assert post(client, {"body": "STOP"}).status_code == 400
    assert post(client, {"from": "not a number", "body": "STOP"}).status_code == 400
