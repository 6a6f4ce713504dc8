from django.contrib import admin

from .models import Condition


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    """Network-wide vocabulary: network admins (and, with the content issue, marketers)."""

    list_display = ["name", "is_mental_health", "display_order"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["clinics"]
    search_fields = ["name"]
