"""schema.org for condition and article pages: a MedicalWebPage about a MedicalCondition, with who
reviewed it and when, so search engines can show the medical review."""

from __future__ import annotations

from .models import Article, Condition


def _person(user) -> dict | None:
    if user is None:
        return None
    profile = getattr(user, "staff_profile", None)
    name = profile.name_with_credentials if profile else user.get_full_name()
    return {"@type": "Person", "name": name}


def condition_json_ld(condition: Condition, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "name": condition.name,
        "description": condition.summary,
        "about": {"@type": "MedicalCondition", "name": condition.name},
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    if condition.last_reviewed:
        data["lastReviewed"] = condition.last_reviewed.isoformat()
        data["reviewedBy"] = _person(condition.reviewed_by)
    return data


def article_json_ld(article: Article, url: str, image_url: str | None) -> dict:
    revision = article.live_revision
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "headline": revision.title,
        "name": revision.title,
        "description": revision.meta_description,
        "datePublished": article.first_published_at.isoformat(),
        "dateModified": revision.published_at.isoformat(),
        "author": _person(article.author),
        "about": [
            {"@type": "MedicalCondition", "name": condition.name}
            for condition in revision.conditions.all()
        ],
        "keywords": ", ".join(revision.tags),
    }
    if revision.reviewed_at:
        data["lastReviewed"] = revision.reviewed_at.date().isoformat()
        data["reviewedBy"] = _person(revision.reviewed_by)
    if image_url:
        data["image"] = image_url
    return data
