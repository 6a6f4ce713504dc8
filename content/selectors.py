"""Reads for the public content pages, each a fixed number of queries whatever the numbers of
articles, conditions or clinics."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.validators import slug_re
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from clinic.models import Clinic

from .models import REVIEW_VALID_FOR, Article, ArticleRevision, Condition, Resource, SuccessStory
from .services import SEARCH_CONFIG

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: below this trigram similarity a title is not offered as a near match for a mistyped word
TYPO_SIMILARITY = 0.45


def live_articles() -> QuerySet[Article]:
    """Articles the public may read, newest first, with what a card or page shows."""
    return (
        Article.objects.filter(live_revision__isnull=False)
        .exclude(status=Article.Status.ARCHIVED)
        .select_related(
            "clinic",
            "live_revision",
            "live_revision__reviewed_by__staff_profile",
            "author__staff_profile",
        )
        .prefetch_related(
            Prefetch("live_revision__conditions", queryset=Condition.objects.only("name", "slug"))
        )
        .order_by("-first_published_at", "-pk")
    )


def articles_for_listing(
    *, condition: Condition | None = None, clinic: Clinic | None = None
) -> QuerySet[Article]:
    articles = live_articles()
    if condition is not None:
        articles = articles.filter(live_revision__conditions=condition)
    if clinic is not None:
        # A clinic's readers see its own articles and the network's.
        articles = articles.filter(Q(clinic=clinic) | Q(clinic__isnull=True))
    return articles


def article_for_public_page(*, slug: str) -> Article:
    return live_articles().get(slug=slug)


def related_articles(*, article: Article, limit: int = 3) -> list[Article]:
    condition_ids = [c.pk for c in article.live_revision.conditions.all()]
    if not condition_ids:
        return []
    return list(
        live_articles()
        .filter(live_revision__conditions__in=condition_ids)
        .exclude(pk=article.pk)
        .distinct()[:limit]
    )


def conditions_with_pages() -> QuerySet[Condition]:
    return Condition.objects.exclude(summary="").select_related("reviewed_by__staff_profile")


def condition_choices() -> QuerySet[Condition]:
    """Names and slugs of the conditions with a page, for filters."""
    return Condition.objects.exclude(summary="").only("name", "slug")


def condition_for_public_page(*, slug: str) -> Condition:
    return (
        conditions_with_pages()
        .prefetch_related(
            Prefetch(
                "clinics",
                queryset=Clinic.objects.filter(is_active=True).order_by("state", "city"),
            ),
        )
        .get(slug=slug)
    )


def articles_about(*, condition: Condition, limit: int = 6) -> list[Article]:
    return list(articles_for_listing(condition=condition)[:limit])


@dataclass
class SearchResults:
    query: str
    conditions: list[Condition]
    articles: QuerySet[Article]
    near_matches: bool  # nothing matched exactly; these are titles close to a mistyped word


def content_search(*, query: str) -> SearchResults:
    """Full-text search over live articles and condition pages, best first (title matches weigh
    most, then tags and summary, then the body). When nothing matches, titles that are close
    to what was typed are offered instead (trigram similarity: 'fibromyalga' finds fibromyalgia).
    """
    # Control characters (a NUL byte above all) are never words; PostgreSQL refuses them.
    text = " ".join(_CONTROL.sub(" ", query).split())[:200]
    search = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    conditions = list(
        conditions_with_pages()
        .filter(search_vector=search)
        .annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "name")[:5]
    )
    articles = (
        live_articles()
        .filter(live_revision__search_vector=search)
        .annotate(rank=SearchRank(F("live_revision__search_vector"), search))
        .order_by("-rank", "-first_published_at")
    )
    if conditions or articles.exists():
        return SearchResults(text, conditions, articles, near_matches=False)
    conditions = list(
        conditions_with_pages()
        .annotate(similarity=TrigramWordSimilarity(text, "name"))
        .filter(similarity__gte=TYPO_SIMILARITY)
        .order_by("-similarity", "name")[:5]
    )
    articles = (
        live_articles()
        .annotate(similarity=TrigramWordSimilarity(text, "live_revision__title"))
        .filter(similarity__gte=TYPO_SIMILARITY)
        .order_by("-similarity", "-first_published_at")
    )
    return SearchResults(text, conditions, articles, near_matches=True)


def _review_cutoff(today: dt.date | None) -> dt.date:
    return (today or timezone.localdate()) - REVIEW_VALID_FOR


def conditions_review_due(*, today: dt.date | None = None) -> QuerySet[Condition]:
    """Condition pages whose last medical review is over a year old (or never happened)."""
    cutoff = _review_cutoff(today)
    return (
        conditions_with_pages()
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
        .order_by(F("last_reviewed").asc(nulls_first=True), "name")
    )


def articles_review_due(*, today: dt.date | None = None) -> QuerySet[Article]:
    """Live articles whose last medical review is over a year old."""
    cutoff = dt.datetime.combine(
        _review_cutoff(today), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return (
        live_articles()
        .filter(live_revision__reviewed_at__lt=cutoff)
        .order_by("live_revision__reviewed_at")
    )


def active_clinic(*, slug: str | None) -> Clinic | None:
    """The clinic a contact or thanks page is about, if the slug names an active one. Only a
    slug is looked up: PostgreSQL refuses some characters of a hand-made one (a NUL byte)."""
    if not slug or not slug_re.match(slug):
        return None
    return Clinic.objects.filter(is_active=True, slug=slug).first()


def clinic_choices() -> QuerySet[Clinic]:
    """Active clinics, for the listing's filter."""
    return Clinic.objects.filter(is_active=True).only("name", "slug", "city", "state")


def revisions_of(*, article: Article) -> QuerySet[ArticleRevision]:
    return article.revisions.select_related(
        "created_by", "submitted_by", "reviewed_by", "published_by"
    ).prefetch_related("claims")


def public_stories():
    """Stories with a recorded, unwithdrawn consent; never one without."""
    return SuccessStory.objects.filter(
        is_published=True,
        consent_given_at__isnull=False,
        consent_withdrawn_at__isnull=True,
    ).select_related("condition", "clinic")


def stories_for_condition(*, condition: Condition, limit: int = 3) -> list[SuccessStory]:
    return list(public_stories().filter(condition=condition)[:limit])


def resources_for_page(*, condition: Condition) -> list[Resource]:
    return list(
        Resource.objects.filter(is_active=True)
        .filter(Q(for_every_condition=True) | Q(conditions=condition))
        .distinct()
        .order_by("kind", "display_order", "name")
    )
