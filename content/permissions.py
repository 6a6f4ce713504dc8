"""Who may act on content. Marketers and network reviewers hold content permissions through
network-wide groups; a physician holds the reviewer permission at their own clinics only, so a
clinic's article is approved by that clinic's physicians and a network article by any."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

_network_backend = ModelBackend()


def content_may(user, perm: str, obj=None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if _network_backend.has_perm(user, perm):
        return True
    return user.has_perm(perm, obj) if obj is not None else user.has_perm(perm)
