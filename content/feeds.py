"""RSS 2.0 and Atom feeds of the newest live articles."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .selectors import live_articles

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    title = f"{settings.SITE_NAME}: articles"
    link = reverse_lazy("content:articles")
    description = "Medically reviewed articles on chronic pain, mood and ketamine treatment."
    feed_url = reverse_lazy("content:feed_rss")

    def items(self):
        return live_articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.live_revision.title

    def item_description(self, item):
        return item.live_revision.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.live_revision.published_at

    def item_author_name(self, item):
        profile = getattr(item.author, "staff_profile", None)
        return profile.display_name if profile else settings.SITE_NAME

    def item_categories(self, item):
        return [c.name for c in item.live_revision.conditions.all()] + item.live_revision.tags

    def item_guid(self, item):
        return f"urn:stillwater:article:{item.pk}"

    item_guid_is_permalink = False


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
    feed_url = reverse_lazy("content:feed_atom")
