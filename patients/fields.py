"""Model fields that keep the most sensitive free text encrypted at rest (Fernet: AES-128-CBC
with HMAC-SHA256), with keys from the environment.

PORTAL_ENCRYPTION_KEYS is a comma-separated list: the first key encrypts, every key decrypts, so a
new key is added in front, `manage.py rotate_encryption` re-encrypts every row with it, and the
old key is then removed (docs/deploy.md). Values written before encryption (no prefix) are read
as they are and encrypted the next time they are saved."""

from __future__ import annotations

import functools
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

PREFIX = "enc1:"


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.PORTAL_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption
    try:
        return fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt: is PORTAL_ENCRYPTION_KEYS missing a key?") from None


class EncryptedTextField(models.TextField):
    """Text, encrypted in the database. Not searchable or sortable there, by design."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


class EncryptedJSONField(models.TextField):
    """A JSON document (dict or list), encrypted in the database."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return json.loads(decrypt(value))

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(decrypt(value))
        return value

    def get_prep_value(self, value):
        if value is None:
            return value
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder)
