"""The bench's urlconf (config.settings.bench): the site's own URLs plus the floor view, so that
production URLs stay as they are."""

from django.urls import include, path

from .views import floor

urlpatterns = [
    path("bench/floor", floor, name="bench_floor"),
    path("", include("config.urls")),
]
