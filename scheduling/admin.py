from django.contrib import admin

from clinic.admin_scoping import ClinicScopedAdmin

from .models import Chair


@admin.register(Chair)
class ChairAdmin(ClinicScopedAdmin):
    list_display = ["name", "clinic", "is_active"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["clinic"]
