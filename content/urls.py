from django.urls import path

from . import views
from .feeds import LatestArticlesAtomFeed, LatestArticlesFeed

app_name = "content"

urlpatterns = [
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("articles/", views.article_list, name="articles"),
    path("articles/feed/", LatestArticlesFeed(), name="feed_rss"),
    path("articles/feed/atom/", LatestArticlesAtomFeed(), name="feed_atom"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("search/", views.search, name="search"),
    path("resources/", views.resource_list, name="resources"),
    path("stories/", views.story_list, name="stories"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("newsletter/", views.newsletter_signup, name="newsletter"),
    path(
        "newsletter/check-your-inbox/", views.newsletter_check_inbox, name="newsletter_check_inbox"
    ),
    path(
        "newsletter/confirm/<str:token>/", views.newsletter_confirm_view, name="newsletter_confirm"
    ),
    path(
        "newsletter/unsubscribe/<str:token>/",
        views.newsletter_unsubscribe_view,
        name="newsletter_unsubscribe",
    ),
]
