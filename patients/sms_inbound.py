"""Replies to our texts, posted by the SMS provider: STOP (and its synonyms) records an opt-out,
START a new opt-in, both as the patient's consent history says ("SMS reply").

The provider signs each post: X-Portal-Signature is the hex HMAC-SHA256 of the raw body with
SMS_WEBHOOK_SECRET. Unsigned or wrongly signed posts are refused and change nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import phonenumbers
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import CommunicationConsent, PatientProfile
from .services import consent_record

logger = logging.getLogger(__name__)

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
START_WORDS = {"START", "UNSTOP", "YES"}


def _signed(request) -> bool:
    secret = settings.SMS_WEBHOOK_SECRET
    if not secret:
        return False
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers.get("X-Portal-Signature", ""))


@csrf_exempt  # a provider's server posts here; the HMAC signature stands in for the token
@require_POST
def sms_inbound(request):
    if not _signed(request):
        return HttpResponse(status=403)
    try:
        payload = json.loads(request.body)
        number = phonenumbers.parse(payload["from"], "US")
        word = str(payload.get("body", "")).strip().split()[0].upper()
    except (ValueError, KeyError, IndexError, phonenumbers.NumberParseException):
        return JsonResponse({"error": "expected {from, body}"}, status=400)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    granted = False if word in STOP_WORDS else True if word in START_WORDS else None
    if granted is None:
        return JsonResponse({"recorded": 0})
    recorded = 0
    for patient in PatientProfile.objects.filter(phone=e164):
        if consent_record(
            patient=patient,
            channel=CommunicationConsent.Channel.SMS,
            granted=granted,
            method=CommunicationConsent.Method.SMS_REPLY,
        ):
            recorded += 1
    logger.info(
        "sms inbound: %s recorded for %d profile(s)", "stop" if not granted else "start", recorded
    )
    return JsonResponse({"recorded": recorded})
