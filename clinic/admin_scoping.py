"""The pattern every admin page follows: a staff member sees and changes only their clinics' rows.

A ModelAdmin names the path from its model to the clinic (`clinic_path`); the mixin then
- lists only rows of the user's clinics (so a change URL of another clinic's row is a 404),
- asks permissions with the object, so the role held at *that* clinic decides,
- offers only the user's clinics, and rows of them, in every foreign-key and many-to-many choice,
  so a tampered form cannot point a row at another clinic.
Network admins (clinic.access_all_clinics) and superusers see every clinic. Every date and time
is shown on the row's clinic's wall clock with its label (clinic.admin_time).
"""

from __future__ import annotations

from django.contrib import admin

from .admin_time import LocalTimeAdminMixin
from .models import Clinic, Service
from .permissions import scope_to_clinics, user_clinic_ids

# How to reach the clinic from the rows offered in foreign-key choices.
_CHOICE_CLINIC_PATHS = {
    Clinic: "",
    Service: "clinic",
}


def _user_choices(queryset, user):
    """Accounts a clinic's admin may pick: staff of the user's own clinics, never patients."""
    clinic_ids = user_clinic_ids(user)
    if clinic_ids is None:
        return queryset.filter(is_staff=True)
    return queryset.filter(
        clinic_memberships__clinic_id__in=clinic_ids, clinic_memberships__is_active=True
    ).distinct()


class ClinicScopedPermissionsMixin:
    def _has(self, request, action: str, obj=None) -> bool:
        opts = self.opts
        perm = f"{opts.app_label}.{action}_{opts.model_name}"
        if obj is None or user_clinic_ids(request.user) is None:
            return request.user.has_perm(perm)
        return request.user.has_perm(perm, obj)

    def has_view_permission(self, request, obj=None):
        return self._has(request, "view", obj) or self._has(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        return self._has(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._has(request, "delete", obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        self._scope_choices(field, db_field.related_model, request)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        self._scope_choices(field, db_field.related_model, request)
        return field

    def _scope_choices(self, field, related_model, request) -> None:
        if field is None or not hasattr(field, "queryset"):
            return
        from django.contrib.auth import get_user_model

        if related_model in _CHOICE_CLINIC_PATHS:
            field.queryset = scope_to_clinics(
                field.queryset, request.user, _CHOICE_CLINIC_PATHS[related_model]
            )
        elif related_model is get_user_model():
            field.queryset = _user_choices(field.queryset, request.user)


class ClinicScopedAdmin(LocalTimeAdminMixin, ClinicScopedPermissionsMixin, admin.ModelAdmin):
    #: lookup path from the model to its Clinic ("" when the model is Clinic), or a tuple of
    #: paths when a row belongs to every clinic it reaches along any of them
    clinic_path: str | tuple[str, ...] = "clinic"

    def get_queryset(self, request):
        return scope_to_clinics(super().get_queryset(request), request.user, self.clinic_path)

    def has_add_permission(self, request):
        return self._has(request, "add")


class ClinicScopedInline(LocalTimeAdminMixin, ClinicScopedPermissionsMixin, admin.StackedInline):
    """An inline on a clinic-scoped page: permissions are asked at the parent's clinic.

    Stacked, not tabular: Django's tabular inline leaves its inputs without labels, which
    screen-reader users cannot fill in.
    """

    def has_add_permission(self, request, obj=None):
        return self._has(request, "add", obj)

    def has_change_permission(self, request, obj=None):
        return self._has(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._has(request, "delete", obj)

    def has_view_permission(self, request, obj=None):
        return self._has(request, "view", obj) or self._has(request, "change", obj)
