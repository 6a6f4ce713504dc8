"""sitemap.xml: every public page (fixed pages, clinics, conditions, live articles)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from clinic.models import Clinic

from .selectors import conditions_with_pages, live_articles


class StaticPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "clinic:home", "clinic:list", "content:conditions", "content:articles",
            "content:resources", "content:stories", "clinic:privacy",
            "clinic:terms", "clinic:accessibility",
        ]  # fmt: skip

    def location(self, item):
        return reverse(item)


class ClinicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Clinic.objects.filter(is_active=True).order_by("slug").only("slug", "updated_at")

    def location(self, item):
        return reverse("clinic:detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class ConditionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return conditions_with_pages().order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return live_articles().order_by("slug")

    def lastmod(self, item):
        return item.live_revision.published_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "clinics": ClinicSitemap,
    "conditions": ConditionSitemap,
    "articles": ArticleSitemap,
}
