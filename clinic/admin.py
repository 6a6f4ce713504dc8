from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .admin_scoping import ClinicScopedAdmin, ClinicScopedInline
from .geo import zip_centre
from .models import (
    Brand,
    Clinic,
    ClinicMembership,
    Package,
    Service,
    StaffProfile,
)
from .services import clinic_save, membership_grant


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    """Brands span clinics: only network admins (global permissions) manage them."""

    list_display = ["name", "tagline"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ClinicAdminForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = [
            "brand", "name", "slug", "is_active", "street", "city", "state", "zip_code",
            "phone", "email", "time_zone", "short_description", "long_description",
            "cancel_notice_hours", "reschedule_notice_hours", "reminder_hours",
            "infusion_check_in_days", "series_check_in_days", "check_in_time",
            "infusion_gap_hours",
        ]  # fmt: skip

    def clean_zip_code(self):
        zip_code = self.cleaned_data["zip_code"]
        if zip_centre(zip_code) is None:
            raise ValidationError(
                _("%(zip)s is not a known US ZIP code."), params={"zip": zip_code}
            )
        return zip_code


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    clinic_path = ""
    form = ClinicAdminForm
    list_display = ["name", "brand", "city", "state", "time_zone", "is_active"]
    list_filter = [
        ("brand", admin.RelatedOnlyFieldListFilter),
        ("state", admin.AllValuesFieldListFilter),  # only states that have (your) clinics
        "is_active",
    ]
    search_fields = ["name", "city", "zip_code"]
    prepopulated_fields = {"slug": ["name"]}
    # Opening hours and closures have pages of their own: a change must not strand visits.
    fieldsets = (
        (None, {"fields": ("brand", "name", "slug", "is_active")}),
        (_("Address"), {"fields": ("street", "city", "state", "zip_code")}),
        (_("Contact"), {"fields": ("phone", "email", "time_zone")}),
        (_("Descriptions"), {"fields": ("short_description", "long_description")}),
        (
            _("Patient messages and policies"),
            {
                "fields": (
                    ("cancel_notice_hours", "reschedule_notice_hours"),
                    "reminder_hours",
                    "infusion_check_in_days",
                    "series_check_in_days",
                    "check_in_time",
                    "infusion_gap_hours",
                ),
                "description": _(
                    "Every time here is the clinic's own time. Messages name the clinic, date "
                    "and time only, never a treatment."
                ),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        clinic_save(clinic=obj)


class PackageInline(ClinicScopedInline):
    model = Package
    extra = 0
    fields = ["name", "sessions", "price", "is_active"]


@admin.register(Service)
class ServiceAdmin(ClinicScopedAdmin):
    list_display = ["name", "clinic", "kind", "delivery", "duration_minutes", "price", "is_active"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "kind", "delivery", "is_active"]
    search_fields = ["name"]
    list_select_related = ["clinic"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PackageInline]


@admin.register(Package)
class PackageAdmin(ClinicScopedAdmin):
    clinic_path = "service__clinic"
    list_display = ["name", "service", "sessions", "price", "savings", "is_active"]
    list_filter = [("service__clinic", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["service__clinic"]

    @admin.display(description=_("Saving"))
    def savings(self, obj: Package) -> str:
        return f"{obj.savings_percent} %"


@admin.register(StaffProfile)
class StaffProfileAdmin(ClinicScopedAdmin):
    clinic_path = "user__clinic_memberships__clinic"
    list_display = ["display_name", "credentials", "title", "show_on_public_site"]
    search_fields = ["display_name"]
    list_filter = ["credentials", "show_on_public_site"]


@admin.register(ClinicMembership)
class ClinicMembershipAdmin(ClinicScopedAdmin):
    list_display = ["user", "clinic", "role", "is_active"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter), "role", "is_active"]
    search_fields = ["user__email", "user__staff_profile__display_name"]
    list_select_related = ["user", "clinic"]

    def save_model(self, request, obj, form, change):
        membership = membership_grant(user=obj.user, clinic=obj.clinic, role=obj.role)
        if not obj.is_active:
            membership.is_active = False
            membership.save(update_fields=["is_active", "updated_at"])
